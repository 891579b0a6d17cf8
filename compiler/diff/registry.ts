/**
 * Every diff rule, in the order the docs list them (by category, most severe
 * first). Rule ids are stable: trailers, CI configs and docs refer to them.
 */
import { authConfigChanged } from './rules/auth-config-changed.js';
import { authMethodAdded } from './rules/auth-method-added.js';
import { authMethodChanged } from './rules/auth-method-changed.js';
import { authRemoved } from './rules/auth-removed.js';
import { authScopeAdded } from './rules/auth-scope-added.js';
import { bodyLimitLowered } from './rules/body-limit-lowered.js';
import { clientToolsNearLimit } from './rules/client-tools-near-limit.js';
import { consumerAdded } from './rules/consumer-added.js';
import { consumerCredentialsChanged } from './rules/consumer-credentials-changed.js';
import { consumerLimitsLowered } from './rules/consumer-limits-lowered.js';
import { consumerRemoved } from './rules/consumer-removed.js';
import { consumerScopesChanged } from './rules/consumer-scopes-changed.js';
import { consumerTenantChanged } from './rules/consumer-tenant-changed.js';
import { failModeChanged } from './rules/fail-mode-changed.js';
import { inputChangedUnclassified } from './rules/input-changed-unclassified.js';
import { inputConstraintNarrowed } from './rules/input-constraint-narrowed.js';
import { inputEnumValueRemoved } from './rules/input-enum-value-removed.js';
import { inputPropertyRemoved } from './rules/input-property-removed.js';
import { inputRequiredAdded } from './rules/input-required-added.js';
import { inputTypeChanged } from './rules/input-type-changed.js';
import { inputWidened } from './rules/input-widened.js';
import { llmRouteRemoved } from './rules/llm-route-removed.js';
import { outputChangedUnclassified } from './rules/output-changed-unclassified.js';
import { outputConstraintRelaxed } from './rules/output-constraint-relaxed.js';
import { outputEnumValueAdded } from './rules/output-enum-value-added.js';
import { outputNarrowed } from './rules/output-narrowed.js';
import { outputPropertyOptional } from './rules/output-property-optional.js';
import { outputPropertyRemoved } from './rules/output-property-removed.js';
import { outputSchemaAdded } from './rules/output-schema-added.js';
import { outputSchemaRemoved } from './rules/output-schema-removed.js';
import { outputTypeChanged } from './rules/output-type-changed.js';
import { promptRemoved } from './rules/prompt-removed.js';
import { quotaLowered } from './rules/quota-lowered.js';
import { rateLimitLowered } from './rules/rate-limit-lowered.js';
import { routeAdded } from './rules/route-added.js';
import { routeMethodChanged } from './rules/route-method-changed.js';
import { routeParamsMoved } from './rules/route-params-moved.js';
import { routePathChanged } from './rules/route-path-changed.js';
import { routePoliciesChanged } from './rules/route-policies-changed.js';
import { routeRemoved } from './rules/route-removed.js';
import { routeUpstreamChanged } from './rules/route-upstream-changed.js';
import { schemaDocsChanged } from './rules/schema-docs-changed.js';
import { skillChanged } from './rules/skill-changed.js';
import { skillRemoved } from './rules/skill-removed.js';
import { tokenBudgetLowered } from './rules/token-budget-lowered.js';
import { toolAdded } from './rules/tool-added.js';
import { toolAnnotationsChanged } from './rules/tool-annotations-changed.js';
import { toolDescriptionChanged } from './rules/tool-description-changed.js';
import { toolNowDestructive } from './rules/tool-now-destructive.js';
import { toolRemoved } from './rules/tool-removed.js';
import { toolRenamed } from './rules/tool-renamed.js';
import { toolTitleChanged } from './rules/tool-title-changed.js';
import { toolsListCostChanged } from './rules/tools-list-cost-changed.js';
import type { Rule } from './types.js';

export const RULES: readonly Rule[] = [
  toolRemoved,
  toolRenamed,
  toolNowDestructive,
  toolDescriptionChanged,
  toolTitleChanged,
  toolAnnotationsChanged,
  toolAdded,
  promptRemoved,
  skillRemoved,
  skillChanged,
  inputRequiredAdded,
  inputTypeChanged,
  inputEnumValueRemoved,
  inputConstraintNarrowed,
  inputPropertyRemoved,
  inputChangedUnclassified,
  inputWidened,
  outputSchemaRemoved,
  outputPropertyRemoved,
  outputPropertyOptional,
  outputTypeChanged,
  outputEnumValueAdded,
  outputConstraintRelaxed,
  outputChangedUnclassified,
  outputSchemaAdded,
  outputNarrowed,
  schemaDocsChanged,
  routeRemoved,
  routePathChanged,
  routeMethodChanged,
  routeParamsMoved,
  llmRouteRemoved,
  routeUpstreamChanged,
  routePoliciesChanged,
  routeAdded,
  authScopeAdded,
  authMethodChanged,
  authRemoved,
  authConfigChanged,
  rateLimitLowered,
  tokenBudgetLowered,
  quotaLowered,
  bodyLimitLowered,
  failModeChanged,
  authMethodAdded,
  consumerRemoved,
  consumerScopesChanged,
  consumerTenantChanged,
  consumerLimitsLowered,
  consumerCredentialsChanged,
  consumerAdded,
  clientToolsNearLimit,
  toolsListCostChanged,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
