/**
 * Translates pipeline answers into MCP terms (SPEC 6, 6.1): an upstream
 * outcome or a GatewayError becomes either a `tools/call` result (possibly
 * `isError: true`) or a fault that must travel as an HTTP status plus a
 * JSON-RPC error (auth → 401/403 with WWW-Authenticate, limits → 429 with
 * RateLimit headers), exactly as REST would answer.
 */
import type { Tool } from '../../bundle/types.js';
import { type CallOutcome, GatewayError } from '../pipeline/types.js';
import type { ArgError } from './ports.js';

/** JSON-RPC codes for faults the pipeline raises before a tool runs. */
export const UNAUTHORIZED_CODE = -32001;
export const LIMITED_CODE = -32029;
/** Standard JSON-RPC codes used by the adapter. */
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;

/** A JSON-RPC error that also sets the HTTP status and headers of the answer. */
export interface McpFault {
  status: number;
  headers: Record<string, string>;
  code: number;
  message: string;
  data: Record<string, unknown>;
}

export type ToolResult = Record<string, unknown>;

/** `headers`: what the gateway adds to the HTTP answer (RateLimit, RateLimit-Policy, …), as REST would send them. */
export type CallAnswer = { kind: 'result'; result: ToolResult; headers?: Record<string, string> } | { kind: 'fault'; fault: McpFault };

/** `_meta` key carrying the gateway's stable error code on `isError` results. */
export const ERROR_META_KEY = 'dev.uac/error';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function judgeTextual(contentType: string): boolean {
  const essence = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return (
    essence.startsWith('text/') ||
    essence === 'application/json' ||
    essence.endsWith('+json') ||
    essence === 'application/xml' ||
    essence.endsWith('+xml')
  );
}

/** Verdicts per Content-Type value: an upstream sends the same few on every answer. */
const textualVerdicts = new Map<string, boolean>();
const MAX_TEXTUAL_VERDICTS = 256;

function isTextual(contentType: string | null): boolean {
  if (contentType === null) return true;
  let verdict = textualVerdicts.get(contentType);
  if (verdict === undefined) {
    verdict = judgeTextual(contentType);
    if (textualVerdicts.size >= MAX_TEXTUAL_VERDICTS) textualVerdicts.clear();
    textualVerdicts.set(contentType, verdict);
  }
  return verdict;
}

/**
 * An upstream answer as a tool result. JSON objects also become
 * `structuredContent`; only a success can match the tool's `outputSchema`, so
 * error statuses never carry it.
 */
export function resultFromOutcome(tool: Tool, outcome: CallOutcome): ToolResult {
  const ok = outcome.status >= 200 && outcome.status < 300;
  const text = isTextual(outcome.contentType)
    ? outcome.body.toString('utf8')
    : `(${outcome.body.length} bytes of ${outcome.contentType ?? 'unknown content'}, base64) ${outcome.body.toString('base64')}`;
  if (!ok) {
    return {
      content: [{ type: 'text', text: `upstream answered HTTP ${outcome.status}: ${text}` }],
      isError: true,
      _meta: { [ERROR_META_KEY]: { code: 'upstream_status', status: outcome.status } },
    };
  }
  const result: ToolResult = { content: [{ type: 'text', text }] };
  if (isPlainObject(outcome.json)) {
    result.structuredContent = outcome.json;
  } else if (tool.outputSchema !== undefined) {
    // The tool promises structured output but the upstream broke the promise.
    return {
      content: [{ type: 'text', text: `upstream answer is not the JSON object the tool declares: ${text}` }],
      isError: true,
      _meta: { [ERROR_META_KEY]: { code: 'upstream_invalid_response', status: 502 } },
    };
  }
  return result;
}

function describeArgErrors(errors: ArgError[]): string {
  return errors.map((e) => `${e.path === '' ? '(arguments)' : e.path}: ${e.message}`).join('; ');
}

function argErrorsOf(error: GatewayError): ArgError[] {
  const raw = error.extra.data?.errors;
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (e): e is ArgError => isPlainObject(e) && typeof e.path === 'string' && typeof e.message === 'string',
  );
}

/** Faults that are not tool failures: the caller must fix credentials or slow down. */
function isHttpFault(error: GatewayError): boolean {
  return error.status === 401 || error.status === 403 || error.status === 429;
}

function faultFromGatewayError(error: GatewayError): McpFault {
  return {
    status: error.status,
    headers: error.extra.headers ?? {},
    code: error.status === 429 ? LIMITED_CODE : UNAUTHORIZED_CODE,
    message: error.message,
    data: { code: error.code, ...error.extra.data },
  };
}

/** Where unexpected failures are logged (a request's pino child logger). */
export interface ErrorLog {
  error(obj: object, msg: string): void;
}

/**
 * Any failure of the identify/run stages as an answer. Unknown errors never
 * leak their message to the caller; they are logged as REST logs them.
 */
export function answerFromError(error: unknown, where?: { log?: ErrorLog; requestId: string }): CallAnswer {
  if (!(error instanceof GatewayError)) {
    where?.log?.error({ err: error, reqId: where.requestId }, 'request failed');
    return {
      kind: 'result',
      result: {
        content: [{ type: 'text', text: 'internal gateway error' }],
        isError: true,
        _meta: { [ERROR_META_KEY]: { code: 'internal', status: 500 } },
      },
    };
  }
  if (isHttpFault(error)) return { kind: 'fault', fault: faultFromGatewayError(error) };
  if (error.code === 'invalid_input') {
    const errors = argErrorsOf(error);
    const detail = errors.length > 0 ? describeArgErrors(errors) : error.message;
    return {
      kind: 'result',
      result: {
        content: [{ type: 'text', text: `Invalid arguments: ${detail}` }],
        isError: true,
        _meta: { [ERROR_META_KEY]: { code: error.code, status: error.status, errors } },
      },
    };
  }
  return {
    kind: 'result',
    result: {
      content: [{ type: 'text', text: `${error.code}: ${error.message}` }],
      isError: true,
      _meta: { [ERROR_META_KEY]: { code: error.code, status: error.status } },
    },
  };
}
