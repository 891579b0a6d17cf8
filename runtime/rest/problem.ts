import { GatewayError } from '../pipeline/types.js';

/** An RFC 9457 problem document with the gateway's stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Reserved members a GatewayError's data may not overwrite. */
const RESERVED = new Set(['type', 'title', 'status', 'detail', 'code', 'requestId', 'instance']);

/**
 * A GatewayError as a problem document. `data` members become extension
 * members (e.g. `errors` for invalid input). Anything else is an internal
 * error whose message is not shown (it may hold details of the host).
 */
export function toProblem(err: unknown, requestId: string): { problem: Problem; headers: Record<string, string> } {
  if (err instanceof GatewayError) {
    const problem: Problem = {
      type: `urn:uac:error:${err.code}`,
      title: TITLES[err.status] ?? 'Error',
      status: err.status,
      detail: err.message,
      code: err.code,
      requestId,
    };
    for (const [k, v] of Object.entries(err.extra.data ?? {})) if (!RESERVED.has(k)) problem[k] = v;
    return { problem, headers: err.extra.headers ?? {} };
  }
  return {
    problem: {
      type: 'urn:uac:error:internal_error',
      title: TITLES[500] as string,
      status: 500,
      detail: 'the gateway failed to handle this request; the request id locates it in the logs',
      code: 'internal_error',
      requestId,
    },
    headers: {},
  };
}
