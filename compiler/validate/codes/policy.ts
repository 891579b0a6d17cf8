import { defineCodes } from './registry.js';

/** 4xx: policy sanity (limits, windows, sizes, auth). */
export const POLICY_CODES = defineCodes(
  [400, 499],
  [
    {
      code: 'UAC401',
      severity: 'error',
      title: 'Limit must be positive',
      doc: 'A rate limit, token budget or quota of 0 or less would refuse every call.',
      hint: 'Use a positive whole number; to block access use an auth policy instead.',
    },
    {
      code: 'UAC402',
      severity: 'error',
      title: 'Invalid duration',
      doc: 'Windows and timeouts are a positive whole number with a unit: ms, s, m, h or d (e.g. 250ms, 5s, 1m).',
      hint: 'Write the duration like `5s`, `1m` or `1h`.',
    },
    {
      code: 'UAC403',
      severity: 'error',
      title: 'Invalid size',
      doc: 'Sizes are a positive whole number with a unit: b, kb, mb or gb (1024-based).',
      hint: 'Write the size like `512kb` or `1mb`.',
    },
    {
      code: 'UAC404',
      severity: 'error',
      title: 'Unknown auth method',
      doc: 'Auth methods are none, apiKey, jwt and mtls.',
      hint: 'Use one of none, apiKey, jwt, mtls.',
    },
    {
      code: 'UAC405',
      severity: 'error',
      title: 'Invalid quota period',
      doc: 'Quotas count per calendar `day` or `month` (UTC).',
      hint: 'Use `period: day` or `period: month`; for shorter windows use rateLimit.',
    },
    {
      code: 'UAC406',
      severity: 'error',
      title: '`none` mixed with other auth methods',
      doc: 'Auth method `none` lets everyone in, so listing other methods next to it has no effect and hides a mistake.',
      hint: 'Use either `methods: [none]` or a list of real methods.',
    },
    {
      code: 'UAC407',
      severity: 'warning',
      title: 'Per-consumer limit without consumer identity',
      doc: 'A limit `by: consumer` or `by: tenant` under `auth: none` only ever sees anonymous callers, so all of them share one counter.',
      hint: 'Use `by: ip` or `by: global` for anonymous policies.',
    },
    {
      code: 'UAC408',
      severity: 'error',
      title: 'JWT auth without issuer settings',
      doc: 'A policy accepts `jwt`, but uac.yaml has no `spec.auth.jwt` (issuer, jwksUri, audience) to verify tokens with.',
      hint: 'Add `auth.jwt` to the Project in uac.yaml.',
    },
    {
      code: 'UAC409',
      severity: 'error',
      title: 'Window too long',
      doc: 'Rate-limit and token windows are at most one day; longer periods are quotas.',
      hint: 'Use a window up to `1d`, or a quota with `period: day|month`.',
    },
  ],
);
