import type { ActiveBundle } from './activate/active-bundle.js';
import type { Pipeline } from './pipeline/pipeline.js';

export interface Runtime {
  current(): ActiveBundle | null;
  /** Called after every successful swap. */
  onSwap(listener: (next: ActiveBundle, prev: ActiveBundle | null) => void): () => void;
  readonly pipeline: Pipeline;
}

/** The runtime plus the one operation only bundle sources may use. */
export interface SwappableRuntime extends Runtime {
  /** Makes `next` the bundle new requests see; requests already running keep theirs. */
  swap(next: ActiveBundle): void;
}

/**
 * Holds the active bundle. A swap is one reference assignment: a request
 * reads `current()` once at its start, so it finishes on the bundle it began
 * with and no request ever sees half of two bundles.
 */
export function createRuntime(pipeline: Pipeline, onListenerError?: (err: unknown) => void): SwappableRuntime {
  let active: ActiveBundle | null = null;
  const listeners = new Set<(next: ActiveBundle, prev: ActiveBundle | null) => void>();
  return {
    pipeline,
    current: () => active,
    onSwap(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    swap(next) {
      const prev = active;
      active = next;
      for (const l of [...listeners]) {
        try {
          l(next, prev);
        } catch (err) {
          onListenerError?.(err);
        }
      }
    },
  };
}
