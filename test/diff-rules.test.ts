import { describe, expect, it } from 'vitest';
import type { Bundle } from '../bundle/types.js';
import { diffBundles } from '../compiler/diff/engine.js';
import { RULES } from '../compiler/diff/registry.js';
import { changed, policy, props, routeOf, sample, toolOf } from './fixtures/diff/bundles.js';

interface Case {
  rule: string;
  subject: string;
  change: (b: Bundle) => void;
  /** Applied to the base instead of the sample (rare: rules about something being taken away). */
  base?: (b: Bundle) => void;
}

const CASES: Case[] = [
  { rule: 'tool-removed', subject: 'orders_search', change: (b) => dropTool(b, 'orders_search') },
  { rule: 'tool-renamed', subject: 'orders_find', change: (b) => renameTool(b, 'orders_search', 'orders_find') },
  {
    rule: 'tool-now-destructive',
    subject: 'orders_cancel',
    change: (b) => {
      toolOf(b, 'orders_cancel').annotations = {};
    },
  },
  {
    rule: 'tool-description-changed',
    subject: 'orders_get',
    change: (b) => {
      toolOf(b, 'orders_get').description = 'Fetch any order.';
    },
  },
  {
    rule: 'tool-title-changed',
    subject: 'orders_get',
    change: (b) => {
      toolOf(b, 'orders_get').title = 'Order';
    },
  },
  {
    rule: 'tool-annotations-changed',
    subject: 'orders_cancel',
    change: (b) => {
      toolOf(b, 'orders_cancel').annotations.idempotentHint = false;
    },
  },
  { rule: 'tool-added', subject: 'orders_export', change: (b) => addTool(b, 'orders_export', 'orders.exportOrders') },
  {
    rule: 'prompt-removed',
    subject: 'triage',
    base: (b) => b.prompts.push({ name: 'triage', description: 'd', arguments: [], skill: 'triage', template: 'x', policies: [] }),
    change: (b) => {
      b.prompts = [];
    },
  },
  {
    rule: 'skill-removed',
    subject: 'triage',
    base: (b) => b.skills.push(skill('a')),
    change: (b) => {
      b.skills = [];
    },
  },
  {
    rule: 'skill-changed',
    subject: 'triage',
    base: (b) => b.skills.push(skill('a')),
    change: (b) => {
      b.skills = [skill('b')];
    },
  },
  {
    rule: 'input-required-added',
    subject: 'orders_cancel',
    change: (b) => {
      inputOf(b, 'orders_cancel').required.push('reason');
    },
  },
  {
    rule: 'input-type-changed',
    subject: 'orders_search',
    change: (b) => {
      props(toolOf(b, 'orders_search').inputSchema).limit!.type = 'string';
    },
  },
  {
    rule: 'input-enum-value-removed',
    subject: 'orders_search',
    change: (b) => {
      props(toolOf(b, 'orders_search').inputSchema).status!.enum = ['open', 'shipped'];
    },
  },
  {
    rule: 'input-constraint-narrowed',
    subject: 'orders_cancel',
    change: (b) => {
      props(toolOf(b, 'orders_cancel').inputSchema).reason!.maxLength = 100;
    },
  },
  {
    rule: 'input-property-removed',
    subject: 'orders_cancel',
    change: (b) => {
      delete props(toolOf(b, 'orders_cancel').inputSchema).reason;
    },
  },
  {
    rule: 'input-changed-unclassified',
    subject: 'orders_cancel',
    change: (b) => {
      toolOf(b, 'orders_cancel').inputSchema.not = { required: ['force'] };
    },
  },
  {
    rule: 'input-widened',
    subject: 'orders_search',
    change: (b) => {
      props(toolOf(b, 'orders_search').inputSchema).status!.enum = ['open', 'shipped', 'cancelled', 'returned'];
    },
  },
  {
    rule: 'output-schema-removed',
    subject: 'orders_get',
    change: (b) => {
      delete toolOf(b, 'orders_get').outputSchema;
    },
  },
  {
    rule: 'output-property-removed',
    subject: 'orders_get',
    change: (b) => {
      delete props(toolOf(b, 'orders_get').outputSchema).lines;
    },
  },
  {
    rule: 'output-property-optional',
    subject: 'orders_get',
    change: (b) => {
      toolOf(b, 'orders_get').outputSchema!.required = ['id'];
    },
  },
  {
    rule: 'output-type-changed',
    subject: 'orders_get',
    change: (b) => {
      moneyOf(b).properties.amount = { type: ['number', 'string'] };
    },
  },
  {
    rule: 'output-enum-value-added',
    subject: 'orders_get',
    change: (b) => {
      props(toolOf(b, 'orders_get').outputSchema).status!.enum = ['open', 'shipped', 'cancelled', 'lost'];
    },
  },
  {
    rule: 'output-constraint-relaxed',
    subject: 'orders_get',
    change: (b) => {
      delete lineItemOf(b).properties.qty!.minimum;
    },
  },
  {
    rule: 'output-changed-unclassified',
    subject: 'orders_get',
    change: (b) => {
      toolOf(b, 'orders_get').outputSchema!.if = { properties: { status: { const: 'open' } } };
    },
  },
  {
    rule: 'output-schema-added',
    subject: 'orders_search',
    change: (b) => {
      toolOf(b, 'orders_search').outputSchema = { type: 'object', properties: { items: { type: 'array' } } };
    },
  },
  {
    rule: 'output-narrowed',
    subject: 'orders_get',
    change: (b) => {
      props(toolOf(b, 'orders_get').outputSchema).createdAt = { type: 'string', format: 'date-time' };
    },
  },
  {
    rule: 'schema-docs-changed',
    subject: 'orders_get',
    change: (b) => {
      props(toolOf(b, 'orders_get').inputSchema).id!.description = 'The order number, e.g. A-1001';
    },
  },
  {
    rule: 'route-removed',
    subject: 'orders.exportOrders',
    change: (b) => {
      b.routes = b.routes.filter((r) => r.id !== 'orders.exportOrders');
    },
  },
  {
    rule: 'route-path-changed',
    subject: 'orders.exportOrders',
    change: (b) => {
      routeOf(b, 'orders.exportOrders').path = '/orders/exports';
    },
  },
  {
    rule: 'route-method-changed',
    subject: 'orders.exportOrders',
    change: (b) => {
      routeOf(b, 'orders.exportOrders').method = 'POST';
    },
  },
  {
    rule: 'route-params-moved',
    subject: 'orders.searchOrders',
    base: (b) => {
      routeOf(b, 'orders.searchOrders').params = [{ name: 'limit', in: 'query', arg: 'limit', required: false, type: 'integer' }];
    },
    change: (b) => {
      routeOf(b, 'orders.searchOrders').params = [{ name: 'X-Limit', in: 'header', arg: 'limit', required: false, type: 'integer' }];
    },
  },
  {
    rule: 'llm-route-removed',
    subject: 'chat',
    change: (b) => {
      b.llmRoutes[0]!.providers[0]!.models = ['gpt-4o-mini'];
    },
  },
  {
    rule: 'route-upstream-changed',
    subject: 'orders.getOrder',
    change: (b) => {
      routeOf(b, 'orders.getOrder').upstream.url = 'http://127.0.0.1:4011';
    },
  },
  {
    rule: 'route-policies-changed',
    subject: 'orders.getOrder',
    change: (b) => {
      routeOf(b, 'orders.getOrder').policies.push('strict');
    },
  },
  { rule: 'route-added', subject: 'orders.refund', change: (b) => addRoute(b, 'orders.refund') },
  {
    rule: 'auth-scope-added',
    subject: 'standard',
    change: (b) => {
      b.policies.standard!.auth.scopes.push('orders:admin');
    },
  },
  {
    rule: 'auth-method-changed',
    subject: 'standard',
    change: (b) => {
      b.policies.standard!.auth.methods = ['jwt'];
    },
  },
  {
    rule: 'auth-removed',
    subject: 'standard',
    change: (b) => {
      b.policies.standard!.auth = { methods: ['none'], scopes: [] };
    },
  },
  {
    rule: 'auth-config-changed',
    subject: 'auth',
    change: (b) => {
      b.auth.jwt!.issuer = 'https://login.example';
    },
  },
  {
    rule: 'rate-limit-lowered',
    subject: 'standard',
    change: (b) => {
      b.policies.standard!.rateLimit = [{ limit: 50, windowMs: 60_000, by: 'consumer' }];
    },
  },
  {
    rule: 'token-budget-lowered',
    subject: 'standard',
    change: (b) => {
      b.policies.standard!.tokens = { limit: 1000, windowMs: 60_000, by: 'tenant' };
    },
  },
  {
    rule: 'quota-lowered',
    subject: 'standard',
    change: (b) => {
      b.policies.standard!.quota = { limit: 1000, period: 'day', by: 'tenant' };
    },
  },
  {
    rule: 'body-limit-lowered',
    subject: 'standard',
    change: (b) => {
      b.policies.standard!.maxBodyBytes = 1024;
    },
  },
  {
    rule: 'fail-mode-changed',
    subject: 'strict',
    change: (b) => {
      b.policies.strict!.failMode = 'open';
    },
  },
  {
    rule: 'auth-method-added',
    subject: 'strict',
    change: (b) => {
      b.policies.strict!.auth.methods.push('mtls');
    },
  },
  {
    rule: 'consumer-removed',
    subject: 'reporting',
    change: (b) => {
      b.consumers = b.consumers.filter((c) => c.name !== 'reporting');
    },
  },
  {
    rule: 'consumer-scopes-changed',
    subject: 'support-bot',
    change: (b) => {
      consumerOf(b, 'support-bot').scopes = ['orders:read'];
    },
  },
  {
    rule: 'consumer-tenant-changed',
    subject: 'reporting',
    change: (b) => {
      consumerOf(b, 'reporting').tenant = 'initech';
    },
  },
  {
    rule: 'consumer-limits-lowered',
    subject: 'reporting',
    change: (b) => {
      consumerOf(b, 'reporting').limits = { quota: { limit: 10, period: 'day', by: 'consumer' } };
    },
  },
  {
    rule: 'consumer-credentials-changed',
    subject: 'reporting',
    change: (b) => {
      consumerOf(b, 'reporting').credentials.push({ type: 'jwt', subject: 'reporting-client' });
    },
  },
  {
    rule: 'consumer-added',
    subject: 'new-bot',
    change: (b) => {
      b.consumers.push({ ...consumerOf(b, 'reporting'), name: 'new-bot' });
    },
  },
  {
    rule: 'client-tools-near-limit',
    subject: 'tools/list',
    change: (b) => {
      b.clients.maxTools = 4;
      addTool(b, 'orders_export', 'orders.exportOrders');
    },
  },
  {
    rule: 'tools-list-cost-changed',
    subject: 'tools/list',
    change: (b) => {
      toolOf(b, 'orders_get').description += ' Includes every line item and the totals.';
    },
  },
];

describe('diff rules on hand-built bundles', () => {
  it('has a case for every rule in the registry, and the registry ids are unique', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(CASES.map((c) => c.rule).sort()).toEqual([...ids].sort());
  });

  it('finds nothing between a bundle and itself, or a copy with another id and revision', () => {
    const b = sample();
    expect(diffBundles(b, b).findings).toEqual([]);
    const other = changed((x) => {
      x.source = { revision: 'abc', dirty: true };
    });
    expect(diffBundles(b, other).findings).toEqual([]);
  });

  for (const c of CASES) {
    it(`${c.rule}`, () => {
      const base = c.base ? changed(c.base) : sample();
      const head = changed(c.change, base);
      const rule = RULES.find((r) => r.id === c.rule)!;
      const findings = diffBundles(base, head).findings;
      const hit = findings.find((f) => f.rule === c.rule);
      expect(hit, JSON.stringify(findings, null, 1)).toBeDefined();
      expect(hit).toMatchObject({ rule: c.rule, level: rule.level, category: rule.category, subject: c.subject, acceptedBy: null });
      // The reverse change must not report the same rule for the same subject (rules have a direction),
      // except for rules that are symmetric by nature.
      const symmetric = [
        'tool-description-changed',
        'tool-title-changed',
        'tool-annotations-changed',
        'schema-docs-changed',
        'route-upstream-changed',
        'route-policies-changed',
        'auth-config-changed',
        'fail-mode-changed',
        'consumer-scopes-changed',
        'consumer-tenant-changed',
        'consumer-credentials-changed',
        'tools-list-cost-changed',
        'skill-changed',
        'input-changed-unclassified',
        'output-changed-unclassified',
        'input-type-changed',
        'output-type-changed',
        'route-path-changed',
        'route-method-changed',
        'route-params-moved',
        'tool-renamed',
        'route-upstream-changed',
      ];
      if (!symmetric.includes(c.rule)) {
        const reverse = diffBundles(head, base).findings.filter((f) => f.rule === c.rule && f.subject === c.subject);
        expect(reverse).toEqual([]);
      }
    });
  }
});

describe('diff engine behaviour', () => {
  it('reports a rename, not an add and a remove, when the route id stays', () => {
    const head = changed((b) => renameTool(b, 'orders_get', 'order_fetch'));
    const rules = diffBundles(sample(), head).findings.map((f) => f.rule);
    expect(rules).toContain('tool-renamed');
    expect(rules).not.toContain('tool-removed');
    expect(rules).not.toContain('tool-added');
  });

  it('sorts breaking findings first and is deterministic', () => {
    const head = changed((b) => {
      toolOf(b, 'orders_get').description = 'x';
      dropTool(b, 'orders_search');
      addTool(b, 'orders_export', 'orders.exportOrders');
    });
    const a = diffBundles(sample(), head).findings;
    const levels = a.map((f) => f.level);
    expect(levels).toEqual(
      [...levels].sort((x, y) => ['breaking', 'warning', 'info'].indexOf(x) - ['breaking', 'warning', 'info'].indexOf(y)),
    );
    expect(JSON.stringify(diffBundles(sample(), head).findings)).toBe(JSON.stringify(a));
  });

  it('marks findings accepted by a trailer, by subject or by *', () => {
    const head = changed((b) => {
      dropTool(b, 'orders_search');
      dropTool(b, 'orders_cancel');
    });
    const one = diffBundles(sample(), head, { accepted: [{ rule: 'tool-removed', subject: 'orders_search', commit: 'c1' }] });
    const removed = one.findings.filter((f) => f.rule === 'tool-removed');
    expect(removed.map((f) => [f.subject, f.acceptedBy])).toEqual([
      ['orders_cancel', null],
      ['orders_search', 'c1'],
    ]);
    const all = diffBundles(sample(), head, { accepted: [{ rule: 'tool-removed', subject: '*', commit: 'c2' }] });
    expect(all.findings.filter((f) => f.rule === 'tool-removed').every((f) => f.acceptedBy === 'c2')).toBe(true);
  });

  it('evaluates auth per route when its policy list changes', () => {
    const head = changed((b) => {
      routeOf(b, 'orders.searchOrders').policies = ['standard', 'strict'];
    });
    const f = diffBundles(sample(), head).findings;
    expect(f).toContainEqual(expect.objectContaining({ rule: 'auth-scope-added', subject: 'orders_search', subjectKind: 'tool' }));
    expect(f).toContainEqual(
      expect.objectContaining({
        rule: 'auth-method-changed',
        subject: 'orders_search',
        message: 'auth methods no longer accepted: apiKey',
      }),
    );
  });

  it('reports the tools/list token cost and client limits of the head', () => {
    const d = diffBundles(
      sample(),
      changed((b) => dropTool(b, 'orders_search')),
    );
    expect(d.cost.estimator).toMatch(/gpt-tokenizer o200k_base/);
    expect(d.cost.before).toBeGreaterThan(d.cost.after);
    expect(d.cost.after).toBeGreaterThan(0);
    expect(d.clients).toEqual({ tools: 2, maxTools: 128, maxToolNameLength: 64 });
  });

  it('never puts credential hashes or secret references into findings', () => {
    const head = changed((b) => {
      consumerOf(b, 'reporting').credentials = [{ type: 'apiKey', sha256: 'b'.repeat(64) }];
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a secret reference, as bundles hold them
      routeOf(b, 'orders.getOrder').upstream.headers = { authorization: 'Bearer ${secret:ORDERS_TOKEN}' };
    });
    const text = JSON.stringify(diffBundles(sample(), head).findings);
    expect(text).not.toMatch(/aaaa|bbbb|secret:/);
    expect(text).toContain('consumer-credentials-changed');
  });
});

function dropTool(b: Bundle, name: string): void {
  const t = toolOf(b, name);
  b.tools = b.tools.filter((x) => x !== t);
  b.routes = b.routes.filter((r) => r.id !== t.route);
}

function renameTool(b: Bundle, from: string, to: string): void {
  toolOf(b, from).name = to;
  for (const r of b.routes) if (r.tool === from) r.tool = to;
}

function addTool(b: Bundle, name: string, routeId: string): void {
  const r = routeOf(b, routeId);
  r.expose.mcp = true;
  r.tool = name;
  b.tools.push({ name, description: 'Export orders.', inputSchema: r.validate.input, annotations: { readOnlyHint: true }, route: routeId });
}

function addRoute(b: Bundle, id: string): void {
  b.routes.push({
    ...structuredClone(routeOf(b, 'orders.exportOrders')),
    id,
    operationId: 'refund',
    path: '/orders/{id}/refund',
    method: 'POST',
  });
}

function inputOf(b: Bundle, name: string): { required: string[] } {
  return toolOf(b, name).inputSchema as { required: string[] };
}

function moneyOf(b: Bundle): { properties: Record<string, unknown> } {
  return (toolOf(b, 'orders_get').outputSchema as { $defs: Record<string, unknown> }).$defs.money as {
    properties: Record<string, unknown>;
  };
}

function lineItemOf(b: Bundle): { properties: Record<string, Record<string, unknown>> } {
  return props(toolOf(b, 'orders_get').outputSchema).lines!.items as { properties: Record<string, Record<string, unknown>> };
}

function consumerOf(b: Bundle, name: string) {
  const c = b.consumers.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no consumer ${name}`);
  return c;
}

function skill(version: string) {
  return {
    name: 'triage',
    uri: 'skill://triage/SKILL.md',
    description: 'Triage orders',
    frontmatter: { name: 'triage', description: 'Triage orders' },
    tools: ['orders_get'],
    files: [{ path: 'SKILL.md', sha256: version.repeat(64), size: 10, encoding: 'utf8' as const, content: version }],
    policies: ['standard'],
  };
}

void policy;
