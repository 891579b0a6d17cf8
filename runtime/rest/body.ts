import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../pipeline/types.js';

/**
 * Reads a request body up to `limit` bytes. A declared Content-Length over
 * the limit is refused before reading; a body that grows past it while
 * streaming is cut off. Either way: 413 `payload_too_large`.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new GatewayError('payload_too_large', 413, `request body is larger than ${limit} bytes`, { data: { limit } });
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | null) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (err) reject(err);
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        finish(tooLarge());
        // Stop reading; the response closes the connection.
        req.pause();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(null);
    const onError = () => finish(new GatewayError('client_closed', 499, 'the client went away while sending the body'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
