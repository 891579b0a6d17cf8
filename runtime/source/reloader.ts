import type { ActiveBundle } from '../activate/active-bundle.js';
import type { Logger } from '../observe/logger.js';
import type { SwappableRuntime } from '../runtime.js';
import { BundleRejected, type LoadOptions, loadBundle } from './load.js';

export type ReloadOutcome =
  | { kind: 'swapped'; id: string; previous: string | null }
  | { kind: 'unchanged'; id: string }
  | { kind: 'rejected'; code: string; message: string };

/**
 * Turns candidate bundles from any source into swaps: a candidate that loads
 * is swapped in, one that does not is logged and dropped while the active
 * bundle keeps serving (SPEC principle 4).
 */
export function createReloader(runtime: SwappableRuntime, load: LoadOptions, logger: Logger) {
  const listeners = new Set<(o: ReloadOutcome) => void>();
  return {
    onOutcome(listener: (o: ReloadOutcome) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async apply(text: string, signature: string | null, origin: string): Promise<ReloadOutcome> {
      let outcome: ReloadOutcome;
      let next: ActiveBundle | null = null;
      try {
        next = await loadBundle(text, signature, load);
        const prev = runtime.current();
        if (prev && prev.id === next.id) {
          outcome = { kind: 'unchanged', id: next.id };
        } else {
          for (const w of next.warnings) logger.warn({ bundle: next.id, origin }, w);
          runtime.swap(next);
          outcome = { kind: 'swapped', id: next.id, previous: prev?.id ?? null };
          logger.info({ bundle: next.id, previous: prev?.id ?? null, origin }, 'bundle activated');
        }
      } catch (err) {
        const code = err instanceof BundleRejected ? err.code : 'load_failed';
        const message = err instanceof Error ? err.message : String(err);
        outcome = { kind: 'rejected', code, message };
        logger.error({ code, origin, serving: runtime.current()?.id ?? null }, `bundle refused: ${message}`);
      }
      for (const l of [...listeners]) l(outcome);
      return outcome;
    },
  };
}

export type Reloader = ReturnType<typeof createReloader>;
