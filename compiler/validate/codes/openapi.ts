import { defineCodes } from './registry.js';

/** 2xx: OpenAPI documents imported by APIs (reported by the compiler's importer). */
export const OPENAPI_CODES = defineCodes(
  [200, 299],
  [
    {
      code: 'UAC201',
      severity: 'error',
      title: 'OpenAPI syntax error',
      doc: 'The OpenAPI document (or a file it references) is not valid YAML or JSON.',
      hint: 'Fix the syntax at the reported position.',
    },
    {
      code: 'UAC202',
      severity: 'error',
      title: 'Not an OpenAPI 3.x document',
      doc: 'Only OpenAPI 3.0.x and 3.1.x documents are imported: the root must be an object with `openapi: 3.0.x|3.1.x` and `paths`.',
      hint: 'Point `spec.openapi.path` at an OpenAPI 3.0 or 3.1 document.',
    },
    {
      code: 'UAC203',
      severity: 'error',
      title: 'Swagger 2.0 is not imported',
      doc: 'Swagger 2.0 documents are rejected rather than converted silently: a conversion changes parameters and bodies, and reviewers should see the 3.x document that is actually compiled.',
      hint: 'Convert it once and commit the result: `npx swagger2openapi --yaml -o openapi.yaml swagger.yaml`.',
    },
    {
      code: 'UAC204',
      severity: 'error',
      title: 'Unresolvable $ref',
      doc: 'A `$ref` points at a file or JSON pointer that does not exist, or at a URL (only files inside the repository are read).',
      hint: 'Fix the reference: `#/components/schemas/Name` or `./other.yaml#/components/schemas/Name`.',
    },
    {
      code: 'UAC205',
      severity: 'error',
      title: 'Circular $ref outside schemas',
      doc: 'A `$ref` chain loops back on itself where no recursion is possible (a reference to itself, or parameters, request bodies, responses or path items that refer to each other). Recursive schemas are fine: they are kept via `$defs`.',
      hint: 'Break the loop: point the reference at the real definition.',
    },
    {
      code: 'UAC206',
      severity: 'error',
      title: 'Duplicate operationId',
      doc: 'Two operations of the OpenAPI document share an operationId; tools and routes are keyed by it.',
      hint: 'Give every operation its own operationId.',
    },
    {
      code: 'UAC207',
      severity: 'error',
      title: 'Invalid OpenAPI operation',
      doc: 'An operation cannot be mapped to a route: a parameter without `name`/`in`, a path template variable without a path parameter (or the reverse), or an unsupported parameter location.',
      hint: 'Declare every `{variable}` of the path as an `in: path` parameter with `required: true`.',
    },
    {
      code: 'UAC208',
      severity: 'error',
      title: 'Operation override matches nothing',
      doc: 'An entry of `operations[]` without `method` and `path` overrides an imported operation by operationId, but the OpenAPI document has no such operation (or it was filtered out by include/exclude).',
      hint: 'Fix the operationId, or add `method` and `path` to make it a hand-written operation.',
    },
    {
      code: 'UAC209',
      severity: 'warning',
      title: 'include/exclude names an unknown operation',
      doc: 'An operationId listed in `openapi.include` or `openapi.exclude` is not in the OpenAPI document.',
      hint: 'Fix or remove the operationId.',
    },
    {
      code: 'UAC211',
      severity: 'error',
      title: 'Schema nested too deeply',
      doc: 'A schema nests more than 200 levels (through properties, items, combinators or a chain of distinct $refs). Recursion through one `$ref` is fine; unbounded depth would exhaust the stack of every tool that reads it.',
      hint: 'Flatten the schema, or make the recursion go through a single named component.',
    },
    {
      code: 'UAC212',
      severity: 'error',
      title: 'OpenAPI structure error',
      doc: 'The OpenAPI document (or a file it references) breaks the OpenAPI specification: a field of the wrong type or in the wrong place, a missing required field, an `enum` value of the wrong type, a path with an empty `{}` template, or a component name with characters the specification forbids. Found by `@redocly/openapi-core` lint; `uac validate` runs it (it takes seconds on very large documents), `uac build` does not.',
      hint: 'Fix the document at the reported position (the rule name is in parentheses).',
    },
    {
      code: 'UAC213',
      severity: 'warning',
      title: 'Reserved header parameter dropped',
      doc: 'A header parameter (of an OpenAPI operation or a hand-written one in `operations[]`) names a header the gateway owns: a credential it consumes (`X-API-Key`, `Cookie`, `Proxy-Authorization`) or a framing/hop-by-hop header (`Host`, `Connection`, `Keep-Alive`, `Transfer-Encoding`, `TE`, `Trailer`, `Upgrade`, `Content-Length`, `Proxy-Connection`). As a parameter it would copy the caller\'s gateway credentials to the upstream, so it is dropped. (`Accept`, `Content-Type` and `Authorization` are dropped silently, as OpenAPI specifies.)',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: documents the ${secret:…} syntax.
      hint: 'Remove the parameter; send an upstream credential as a static header: `upstream.headers: { X-API-Key: "${secret:NAME}" }`.',
    },
    {
      code: 'UAC210',
      severity: 'warning',
      title: 'Operation not imported',
      doc: 'An operation uses something the gateway cannot serve as a tool (a `cookie` parameter, or a parameter name that repeats within one location); it is skipped.',
      hint: 'Exclude the operation explicitly, or describe it as a hand-written operation.',
    },
  ],
);
