import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../pipeline/types.js';

function tooLarge(limit: number): GatewayError {
  return new GatewayError('payload_too_large', 413, `request body is larger than ${limit} bytes`, { data: { limit } });
}

/**
 * One body being read. Listeners are bound methods rather than closures:
 * under tsx (keepNames) every named closure made per request pays a
 * `defineProperty` for its name, a measurable share of a small call.
 */
/** Called once: a GatewayError (`payload_too_large`, `client_closed`) or the body. */
export type BodyCallback = (err: GatewayError | null, body: Buffer | undefined) => void;

class BodyRead {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private done = false;
  private readonly onData = this.data.bind(this);
  private readonly onEnd = this.end.bind(this);
  private readonly onError = this.error.bind(this);

  constructor(
    private readonly req: IncomingMessage,
    private readonly limit: number,
    private readonly callback: BodyCallback,
  ) {
    req.on('data', this.onData);
    req.on('end', this.onEnd);
    req.on('error', this.onError);
  }

  private finish(err: GatewayError | null): void {
    if (this.done) return;
    this.done = true;
    this.req.off('data', this.onData);
    this.req.off('end', this.onEnd);
    this.req.off('error', this.onError);
    if (err) this.callback(err, undefined);
    else this.callback(null, this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size));
  }

  private data(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.limit) {
      this.finish(tooLarge(this.limit));
      // Stop reading; the response closes the connection.
      this.req.pause();
      return;
    }
    this.chunks.push(chunk);
  }

  private end(): void {
    this.finish(null);
  }

  private error(): void {
    this.finish(new GatewayError('client_closed', 499, 'the client went away while sending the body'));
  }
}

/**
 * Reads a request body up to `limit` bytes. A declared Content-Length over
 * the limit is refused before reading; a body that grows past it while
 * streaming is cut off. Either way: 413 `payload_too_large`.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    readBodyThen(req, limit, (err, body) => {
      if (err !== null) reject(err);
      else resolve(body as Buffer);
    });
  });
}

/** `readBody` with a callback, for hot paths that would otherwise pay a promise per request. */
export function readBodyThen(req: IncomingMessage, limit: number, callback: BodyCallback): void {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) callback(tooLarge(limit), undefined);
  else new BodyRead(req, limit, callback);
}
