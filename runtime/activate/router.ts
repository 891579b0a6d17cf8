import FindMyWay from 'find-my-way';
import type { Route } from '../../bundle/types.js';

export interface RestMatch {
  route: Route;
  /** Path parameters, percent-decoded by the router. */
  params: Record<string, string | undefined>;
}

export interface RestRouter {
  find(method: string, path: string): RestMatch | null;
  /** Methods that do have a route for this path (for 405 + Allow); empty when none. */
  allowed(path: string): string[];
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Longest accepted path parameter; longer values get no route (404) and never reach an upstream. */
export const MAX_PARAM_LENGTH = 1024;

/** OpenAPI template `{name}` → find-my-way `:name`. */
export function toRouterPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_all, name: string) => `:${name}`);
}

/**
 * The REST route table of one bundle, built once at activation and swapped
 * with it (SPEC 6: no fastify restart). Only routes exposed over REST are in it.
 */
export function buildRestRouter(routes: readonly Route[]): RestRouter {
  const router = FindMyWay({ caseSensitive: true, ignoreTrailingSlash: false, maxParamLength: MAX_PARAM_LENGTH });
  const noop = () => undefined;
  const exposed = routes.filter((r) => r.expose.rest);
  for (const route of exposed) router.on(route.method, toRouterPath(route.path), noop, route);
  // HEAD of a GET route runs the GET (Node sends no body for HEAD), unless the contract has its own HEAD.
  for (const route of exposed) {
    const path = toRouterPath(route.path);
    if (route.method === 'GET' && !router.hasRoute('HEAD', path)) router.on('HEAD', path, noop, route);
  }
  return {
    find(method, path) {
      const found = router.find(method as FindMyWay.HTTPMethod, path);
      if (!found) return null;
      return { route: found.store as Route, params: found.params };
    },
    allowed(path) {
      return METHODS.filter((m) => router.find(m, path) !== null);
    },
  };
}
