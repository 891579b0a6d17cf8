/**
 * `docker-compose`: the gateway container (the image the repository's
 * Dockerfile builds) serving `bundle.json` from a read-only bind mount, with
 * the health check on /healthz and every secret passed through by name from
 * the host environment. When the bundle's upstreams are on loopback (the
 * sample `dev` environment), the sample upstream runs in the gateway's
 * network namespace so those URLs work unchanged.
 */
import { BUNDLE_DIR, GATEWAY_PORT, healthCommand, imageName, loopbackUpstreams, secretEnv, serveArgs } from './deploy.js';
import type { Target } from './target.js';

/** How the image starts the sample upstream the sample contracts point at (`sample/`). */
export const SAMPLE_UPSTREAM_COMMAND = ['node', 'dist/sample/upstream.js'];

export const dockerCompose: Target = {
  name: 'docker-compose',
  summary: 'a Compose file running the gateway on the built bundle',
  files: [{ path: 'compose.yaml', template: 'compose.yaml.hbs', syntax: 'yaml' }],
  view({ bundle, gatewayUrl }) {
    const loopback = loopbackUpstreams(bundle);
    return {
      project: bundle.project,
      environment: bundle.environment,
      image: imageName(),
      command: serveArgs(gatewayUrl, ['gateway']),
      port: GATEWAY_PORT,
      bundleDir: BUNDLE_DIR,
      healthcheck: healthCommand('/healthz'),
      secrets: secretEnv(bundle),
      sampleUpstream: loopback.length ? { command: SAMPLE_UPSTREAM_COMMAND, origins: loopback } : null,
    };
  },
};
