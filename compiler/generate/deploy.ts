/**
 * What the deployment targets (docker-compose, kubernetes) share: the image,
 * how the container runs `uac serve`, its port and health endpoints, and the
 * secret references it needs as environment variables (names only).
 */
import type { Bundle } from '../../bundle/types.js';
import { UAC_VERSION } from '../version.js';
import { secretEnvName, secretNames } from './secrets.js';

export const GATEWAY_PORT = 8080;
export const BUNDLE_DIR = '/bundle';

/** The image the repository's Dockerfile builds (`docker build -t uac:<version> .`). */
export function imageName(): string {
  return `uac:${UAC_VERSION}`;
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Arguments after the image's `uac` entrypoint. /mcp accepts only the Host
 * names it is told about (DNS-rebinding protection), so the names clients use
 * are allowed: the gateway URL's host and the in-cluster/in-compose service name.
 */
export function serveArgs(gatewayUrl: string, serviceNames: string[] = []): string[] {
  const args = ['serve', '--bundle', `${BUNDLE_DIR}/bundle.json`, '--host', '0.0.0.0', '--port', String(GATEWAY_PORT)];
  const hosts = [new URL(gatewayUrl).hostname, ...serviceNames].filter((h) => !LOOPBACK.includes(h));
  for (const host of [...new Set(hosts)]) args.push('--allowed-host', host);
  return args;
}

/** A health probe that needs nothing but node (the slim image has no curl). */
export function healthCommand(path: '/healthz' | '/readyz'): string[] {
  const url = `http://127.0.0.1:${GATEWAY_PORT}${path}`;
  return ['node', '-e', `fetch('${url}').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))`];
}

export function secretEnv(bundle: Bundle): Array<{ name: string; env: string }> {
  return secretNames(bundle).map((name) => ({ name, env: secretEnvName(name) }));
}

/** DNS-1035 label (Service names, label values): starts with a letter, at most 63 characters. */
export function resourceName(project: string): string {
  const base = /^[a-z]/.test(project) ? project : `uac-${project}`;
  return base.slice(0, 63).replace(/-+$/, '');
}

/** Upstream base URLs on loopback: in a container they only work if the upstream shares the network namespace. */
export function loopbackUpstreams(bundle: Bundle): string[] {
  const urls = [...bundle.routes.map((r) => r.upstream.url), ...bundle.llmRoutes.flatMap((l) => l.providers.map((p) => p.url))];
  const out = new Set<string>();
  for (const u of urls) {
    try {
      const url = new URL(u);
      if (LOOPBACK.includes(url.hostname)) out.add(url.origin);
    } catch {
      // not a URL: nothing a container could reach either
    }
  }
  return [...out].sort();
}
