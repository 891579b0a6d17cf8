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
  return pino(options, opts.destination ?? bufferedStdout());
}

/** How long a log line may wait in the buffer. */
const FLUSH_EVERY_MS = 250;

/**
 * stdout, buffered: lines go out in batches of 8 KiB or every 250 ms,
 * whichever comes first, instead of one write per access-log line; pino
 * flushes what is left on exit.
 */
function bufferedStdout(): DestinationStream {
  const dest = pino.destination({ dest: 1, sync: false, minLength: 8 * 1024 });
  const timer = setInterval(() => {
    try {
      dest.flush();
    } catch {
      clearInterval(timer);
    }
  }, FLUSH_EVERY_MS);
  timer.unref();
  return dest;
}
