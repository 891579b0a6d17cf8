// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings document the ${var:…}/${secret:…} syntax.
import { defineCodes } from './registry.js';

/** 5xx: vars, environments and secrets. */
export const SECRET_CODES = defineCodes(
  [500, 599],
  [
    {
      code: 'UAC501',
      severity: 'error',
      title: 'Var not defined in every environment',
      doc: 'A `${var:NAME}` must be defined in `vars` of every environment of uac.yaml, so every build of every environment resolves it.',
      hint: 'Add the var to each environment listed in the message.',
    },
    {
      code: 'UAC502',
      severity: 'error',
      title: 'Unknown environment',
      doc: '`--env` names an environment that uac.yaml does not define.',
      hint: 'Use one of the environments of uac.yaml (`spec.environments`).',
    },
    {
      code: 'UAC503',
      severity: 'error',
      title: 'Credential literal',
      doc: 'A value looks like a credential (token, key, password). Secrets never belong in Git: reference them with `${secret:NAME}` and let the runtime resolve them.',
      hint: 'Replace the literal with `${secret:NAME}` and set UAC_SECRET_NAME where the gateway runs; rotate the leaked credential.',
    },
    {
      code: 'UAC504',
      severity: 'error',
      title: 'Malformed reference',
      doc: 'A `${…}` is not a well-formed `${var:NAME}` or `${secret:NAME}` (NAME: letters, digits, `_`).',
      hint: 'Write `${var:NAME}` or `${secret:NAME}`.',
    },
    {
      code: 'UAC505',
      severity: 'error',
      title: 'Secret reference where none is resolved',
      doc: 'The runtime resolves `${secret:…}` only in an API’s `upstream.headers` values and an LLM provider’s `apiKey`; anywhere else it would reach clients or upstreams verbatim.',
      hint: 'Move the secret into `upstream.headers` or a provider’s `apiKey`.',
    },
  ],
);
