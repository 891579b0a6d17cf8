/**
 * List-change events on a swap (SPEC 6.1): compare what clients can see on
 * the previous and the next bundle, not their ids, and publish one event per
 * list that changed. A swap that changes nothing visible publishes nothing.
 */
import type { ServerEventBus } from '@modelcontextprotocol/server';
import type { ActiveBundle } from './ports.js';
import { surfaceOf } from './surface.js';

export function publishListChanges(bus: ServerEventBus, prev: ActiveBundle | null, next: ActiveBundle): void {
  if (prev === null) return;
  const before = surfaceOf(prev);
  const after = surfaceOf(next);
  if (before.toolsFingerprint !== after.toolsFingerprint) bus.publish({ kind: 'tools_list_changed' });
  if (before.promptsFingerprint !== after.promptsFingerprint) bus.publish({ kind: 'prompts_list_changed' });
  if (before.resourcesFingerprint !== after.resourcesFingerprint) bus.publish({ kind: 'resources_list_changed' });
}
