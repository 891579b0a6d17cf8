/**
 * `kubernetes`: a ConfigMap holding the bundle (canonical JSON, the exact
 * bytes `uac build` writes), a Deployment running `uac serve` on it with
 * readiness on /readyz (ready only with a bundle) and liveness on /healthz,
 * resource requests and a locked-down security context, and a Service.
 * Secrets are referenced by name only, from a Secret the operator creates.
 */
import { serializeBundle } from '../build.js';
import { BUNDLE_DIR, GATEWAY_PORT, imageName, loopbackUpstreams, resourceName, secretEnv, serveArgs } from './deploy.js';
import { GenerateError } from './errors.js';
import type { Target } from './target.js';

/** Kubernetes refuses a ConfigMap over 1 MiB; keep room for its metadata. */
export const CONFIGMAP_MAX_BYTES = 1024 * 1024 - 16 * 1024;

export const kubernetes: Target = {
  name: 'kubernetes',
  summary: 'Deployment, Service and bundle ConfigMap manifests',
  files: [{ path: 'kubernetes.yaml', template: 'kubernetes.yaml.hbs', syntax: 'yaml' }],
  view({ bundle, gatewayUrl }) {
    const name = resourceName(bundle.project);
    const bundleJson = serializeBundle(bundle);
    const size = Buffer.byteLength(bundleJson);
    if (size > CONFIGMAP_MAX_BYTES) {
      throw new GenerateError(
        'bundle-too-large',
        `the bundle is ${size} bytes, more than a ConfigMap holds (${CONFIGMAP_MAX_BYTES}); serve it from a volume instead (e.g. override kubernetes.yaml.hbs with --templates)`,
      );
    }
    return {
      project: bundle.project,
      environment: bundle.environment,
      name,
      labels: { 'app.kubernetes.io/name': 'uac', 'app.kubernetes.io/instance': name },
      annotations: { 'uac.dev/bundle-id': bundle.id, 'uac.dev/environment': bundle.environment },
      image: imageName(),
      args: serveArgs(gatewayUrl, [name]),
      port: GATEWAY_PORT,
      bundleDir: BUNDLE_DIR,
      configMap: `${name}-bundle`,
      bundleJson,
      secretName: `${name}-secrets`,
      secrets: secretEnv(bundle),
      loopbackUpstreams: loopbackUpstreams(bundle),
    };
  },
};
