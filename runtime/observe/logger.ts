import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger } from 'pino';

/** Request headers that carry credentials: never written to a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  'res.headers["set-cookie"]',
];

/**
 * pino JSON logs (SPEC 6). `level: 'silent'` in tests; `destination` lets a
 * test capture the lines to prove nothing secret is in them.
 */
export function createLogger(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? process.env.UAC_LOG_LEVEL ?? 'info',
    base: { service: 'uac' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  // Asynchronous writes to stdout: lines written while one write is in flight go out
  // together (one syscall per batch under load); pino flushes what is left on exit.
  return pino(options, opts.destination ?? pino.destination({ dest: 1, sync: false }));
}
