/**
 * The baseline of bench/proxy: a bare fastify + @fastify/http-proxy reverse
 * proxy (undici under the hood) in front of the same upstream, no auth, no
 * validation, no logging. Prints its URL on stdout.
 *
 * `node bench/proxy/baseline.mjs UPSTREAM_URL` (plain JavaScript: no loader in the baseline's path)
 */
import proxy from '@fastify/http-proxy';
import Fastify from 'fastify';

const upstream = process.argv[2];
if (!upstream) {
  process.stderr.write('usage: baseline.mjs UPSTREAM_URL\n');
  process.exit(2);
}
const app = Fastify({ logger: false });
await app.register(proxy, { upstream, undici: { connections: 128, pipelining: 1 } });
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
if (addr && typeof addr === 'object') process.stdout.write(`listening on http://127.0.0.1:${addr.port}\n`);
// Exit cleanly on SIGINT/SIGTERM (so `node --cpu-prof` can write its profile).
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void app.close().then(() => process.exit(0)));
