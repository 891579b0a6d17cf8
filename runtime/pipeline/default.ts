import type { UpstreamClient } from '../upstream/client.js';
import { createPipeline, type Pipeline } from './pipeline.js';
import { authorizeStage } from './stages/authorize.js';
import { identifyCaller, identifyStage } from './stages/identify.js';
import { shapeStage } from './stages/shape.js';
import { upstreamStage } from './stages/upstream.js';
import { validateStage } from './stages/validate.js';

/**
 * The gateway's pipeline: identify → authorize → (limits: added by the policy
 * work) → validate input → call upstream → shape. REST and MCP both call it.
 */
export function defaultPipeline(client: UpstreamClient): Pipeline {
  return createPipeline(identifyCaller, [identifyStage, authorizeStage, validateStage, upstreamStage(client), shapeStage]);
}
