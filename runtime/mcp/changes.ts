/**
 * List-change events on a swap (SPEC 6.1): compare what clients can see on
 * the previous and the next bundle, not their ids, and publish one event per
 * list that changed. A swap that changes nothing visible publishes nothing.
 */
import type { ServerEventBus } from '@modelcontextprotocol/server';
import type { ActiveBundle } from './ports.js';
import { surfaceOf } from './surface.js';

export interface ListChanges {
  tools: boolean;
  prompts: boolean;
  /** Skill files are the resources. */
  resources: boolean;
}

export function listChanges(prev: ActiveBundle | null, next: ActiveBundle): ListChanges {
  if (prev === null) return { tools: false, prompts: false, resources: false };
  const before = surfaceOf(prev);
  const after = surfaceOf(next);
  return {
    tools: before.toolsFingerprint !== after.toolsFingerprint,
    prompts: before.promptsFingerprint !== after.promptsFingerprint,
    resources: before.resourcesFingerprint !== after.resourcesFingerprint,
  };
}

export function publishListChanges(bus: ServerEventBus, prev: ActiveBundle | null, next: ActiveBundle): void {
  const changed = listChanges(prev, next);
  if (changed.tools) bus.publish({ kind: 'tools_list_changed' });
  if (changed.prompts) bus.publish({ kind: 'prompts_list_changed' });
  if (changed.resources) bus.publish({ kind: 'resources_list_changed' });
}
