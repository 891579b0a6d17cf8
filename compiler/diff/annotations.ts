import type { ToolAnnotations } from '../../bundle/types.js';

/**
 * Tool hints as a client interprets them, with the MCP defaults applied:
 * readOnlyHint false, destructiveHint true and idempotentHint false (both
 * only meaningful when not read-only), openWorldHint true.
 */
export interface EffectiveHints {
  readOnly: boolean;
  destructive: boolean;
  idempotent: boolean;
  openWorld: boolean;
}

export function effectiveHints(a: ToolAnnotations): EffectiveHints {
  const readOnly = a.readOnlyHint ?? false;
  return {
    readOnly,
    destructive: !readOnly && (a.destructiveHint ?? true),
    idempotent: !readOnly && (a.idempotentHint ?? false),
    openWorld: a.openWorldHint ?? true,
  };
}

export function becameDestructive(before: ToolAnnotations, after: ToolAnnotations): boolean {
  return !effectiveHints(before).destructive && effectiveHints(after).destructive;
}
