/**
 * List changes end to end on the real gateway: bundles published to the
 * watched file swap in, and a v2 client's `subscriptions/listen` stream sees
 * `notifications/tools/list_changed` for the swap that changes the tools and
 * nothing for swaps that only change the bundle id.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { fixtureBundle, startTestRuntime } from './helpers/runtime.js';

describe('hot reload over MCP', () => {
  it('signals the tool-changing swap only, and the client then lists the new tools', async () => {
    const rt = await startTestRuntime();
    const client = new Client({ name: 'reload', version: '1' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(`${rt.url}/mcp`)));
      expect(client.getServerCapabilities()?.tools?.listChanged).toBe(true);
      const before = (await client.listTools()).tools.map((t) => t.name);
      expect(before).toContain('catalog_get_product');

      const changes: string[] = [];
      let signalled: () => void = () => {};
      const firstChange = new Promise<void>((resolve) => {
        signalled = resolve;
      });
      client.setNotificationHandler('notifications/tools/list_changed', (n) => {
        changes.push(n.method);
        signalled();
      });
      const subscription = await client.listen({ toolsListChanged: true });

      expect((await rt.publish(fixtureBundle(rt.upstream.url, { revision: 'same-tools' }))).kind).toBe('swapped');
      expect((await rt.publish(fixtureBundle(rt.upstream.url, { variant: 'b' }))).kind).toBe('swapped');
      await firstChange;
      const after = (await client.listTools()).tools.map((t) => t.name);
      expect(after).toContain('catalog_product');
      expect(after).not.toContain('catalog_get_product');

      expect((await rt.publish(fixtureBundle(rt.upstream.url, { variant: 'b', revision: 'same-tools-again' }))).kind).toBe('swapped');
      // Ending the gateway ends the stream: every notification it carried has been delivered by then.
      await rt.close();
      await subscription.closed;
      expect(changes).toEqual(['notifications/tools/list_changed']);
    } finally {
      await client.close().catch(() => {});
      await rt.close().catch(() => {});
    }
  });
});
