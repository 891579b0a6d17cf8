import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBundleId } from '../bundle/sign.js';
import type { Bundle } from '../bundle/types.js';
import { fixtureBundle, startTestRuntime, type TestRuntime } from './helpers/runtime.js';

describe('hot swap under load', () => {
  let rt: TestRuntime;
  let a: Bundle;
  let b: Bundle;
  beforeAll(async () => {
    rt = await startTestRuntime();
    a = fixtureBundle(rt.upstream.url, { variant: 'a' });
    b = fixtureBundle(rt.upstream.url, { variant: 'b' });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('20 concurrent clients lose no request over 20 swaps, and a corrupt bundle mid-load changes nothing', async () => {
    expect(a.id).not.toBe(b.id);
    let stop = false;
    const seen = new Map<string, number>();
    const failures: string[] = [];
    let total = 0;
    const client = async () => {
      while (!stop) {
        try {
          const res = await fetch(`${rt.url}/catalog/products?limit=2`);
          const text = await res.text();
          total++;
          if (res.status !== 200) failures.push(`${res.status} ${text}`);
          const id = res.headers.get('uac-bundle') ?? 'none';
          seen.set(id, (seen.get(id) ?? 0) + 1);
        } catch (err) {
          failures.push(String(err));
        }
      }
    };
    const clients = Array.from({ length: 20 }, client);

    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const next = i % 2 === 0 ? b : a;
      const o = await rt.publish(next);
      outcomes.push(o.kind);
      expect(rt.gateway.runtime.current()?.id).toBe(next.id);
      if (i === 10) {
        // Truncated JSON, then a bundle whose id does not match its content.
        const before = rt.gateway.runtime.current()?.id;
        const corrupt = await rt.publish(JSON.stringify(next).slice(0, 500));
        expect(corrupt).toMatchObject({ kind: 'rejected', code: 'bundle_not_json' });
        const tampered = { ...next, project: 'tampered' };
        const mismatch = await rt.publish(tampered);
        expect(mismatch).toMatchObject({ kind: 'rejected', code: 'bundle_id_mismatch' });
        expect(rt.gateway.runtime.current()?.id).toBe(before);
        // Restore the valid file so the next publish is a real change.
        await rt.publish(next).catch(() => undefined);
      }
    }
    stop = true;
    await Promise.all(clients);

    expect(outcomes).toEqual(Array(20).fill('swapped'));
    expect(failures).toEqual([]);
    expect(total).toBeGreaterThan(40);
    expect([...seen.keys()].every((id) => id === a.id || id === b.id)).toBe(true);
  });

  it('in-place writes (not a rename) are picked up too', async () => {
    const c = fixtureBundle(rt.upstream.url, { revision: 'in-place' });
    const done = new Promise<string>((resolve) => {
      const off = rt.gateway.reloader.onOutcome((o) => {
        if (o.kind === 'swapped') {
          off();
          resolve(o.id);
        }
      });
    });
    await writeFile(rt.bundlePath, JSON.stringify(c));
    expect(await done).toBe(c.id);
    const res = await fetch(`${rt.url}/_uac/bundle`);
    expect(((await res.json()) as { id: string }).id).toBe(c.id);
  });

  it('onSwap listeners get the next and previous bundle', async () => {
    const calls: Array<[string, string | null]> = [];
    const off = rt.gateway.runtime.onSwap((next, prev) => calls.push([next.id, prev?.id ?? null]));
    const prevId = rt.gateway.runtime.current()?.id ?? null;
    const d = fixtureBundle(rt.upstream.url, { revision: 'listener' });
    await rt.publish(d);
    off();
    expect(calls).toEqual([[d.id, prevId]]);
  });
});

describe('signed bundles (--verify-key)', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  const sign = (bundle: Bundle, pkcs8: string) => signBundleId(bundle.id, pkcs8);
  const goodPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const badPem = other.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('refuses to start on an unsigned bundle when a verify key is configured', async () => {
    await expect(startTestRuntime({ gateway: { verifyKeyPem: publicPem } })).rejects.toThrow(/signature_missing/);
  });

  it('a wrongly signed bundle is refused and the signed one keeps serving', async () => {
    const { startSampleUpstream } = await import('../sample/upstream.js');
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { startGateway } = await import('../runtime/gateway.js');
    const { createLogger } = await import('../runtime/observe/logger.js');
    const up = await startSampleUpstream();
    const dir = await mkdtemp(join(tmpdir(), 'uac-sig-'));
    const path = join(dir, 'bundle.json');
    const first = fixtureBundle(up.url);
    await writeFile(path, JSON.stringify(first));
    await writeFile(`${path}.sig`, await sign(first, goodPem));
    const gw = await startGateway({ bundlePath: path, port: 0, verifyKeyPem: publicPem, logger: createLogger({ level: 'silent' }), server: { accessLog: false } });
    try {
      expect(gw.runtime.current()?.id).toBe(first.id);
      const outcomes: string[] = [];
      gw.reloader.onOutcome((o) => outcomes.push(o.kind === 'rejected' ? o.code : o.kind));
      const second = fixtureBundle(up.url, { variant: 'b' });
      const wait = (kind?: 'swapped') =>
        new Promise<void>((resolve) => {
          const off = gw.reloader.onOutcome((o) => {
            if (kind && o.kind !== kind) return;
            off();
            resolve();
          });
        });
      // Signed with another key: refused.
      let w = wait();
      await writeFile(`${path}.sig`, await sign(second, badPem));
      await writeFile(path, JSON.stringify(second));
      await w;
      expect(outcomes.every((o) => o === 'bundle_signature')).toBe(true);
      expect(gw.runtime.current()?.id).toBe(first.id);
      expect((await fetch(`${gw.url}/catalog/products`)).status).toBe(200);
      // Correctly signed: swapped.
      w = wait('swapped');
      await writeFile(`${path}.sig`, await sign(second, goodPem));
      await w;
      expect(gw.runtime.current()?.id).toBe(second.id);
      // Nothing but refusals came before the swap.
      expect(outcomes.slice(0, -1).every((o) => o === 'bundle_signature')).toBe(true);
    } finally {
      await gw.close();
      await up.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
