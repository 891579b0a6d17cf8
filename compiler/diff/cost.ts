/**
 * Estimated context cost of a bundle's tools: the `tools/list` result an MCP
 * client receives and usually puts in the model's context as is.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { Bundle } from '../../bundle/types.js';

export const TOKEN_ESTIMATOR = 'gpt-tokenizer o200k_base over the JSON of the tools/list result';

export function toolsListPayload(bundle: Bundle): string {
  const tools = bundle.tools.map((t) => ({
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: t.inputSchema,
    outputSchema: t.outputSchema,
    annotations: t.annotations,
  }));
  return JSON.stringify({ tools });
}

export function toolsListTokens(bundle: Bundle): number {
  return countTokens(toolsListPayload(bundle));
}
