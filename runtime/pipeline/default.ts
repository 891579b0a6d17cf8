import type { UpstreamClient } from '../upstream/client.js';
import { createPipeline, type Pipeline, type Stage } from './pipeline.js';
import { authorizeStage } from './stages/authorize.js';
import { identifyCaller, identifyStage } from './stages/identify.js';
import { shapeStage } from './stages/shape.js';
import { upstreamStage } from './stages/upstream.js';
import { validateStage } from './stages/validate.js';

export interface PipelineExtensions {
  /** Stages run after authorize and before input validation (rate limits, quotas, token budgets). */
  limits?: readonly Stage[];
}

/**
 * The gateway's pipeline: identify → authorize → limits → validate input →
 * call upstream → shape. REST and MCP both call it.
 */
export function defaultPipeline(client: UpstreamClient, ext: PipelineExtensions = {}): Pipeline {
  return createPipeline(identifyCaller, [identifyStage, authorizeStage, ...(ext.limits ?? []), validateStage, upstreamStage(client), shapeStage]);
}
