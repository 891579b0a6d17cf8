import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Route } from '../../bundle/types.js';

const addFormats = addFormatsModule.default;

/** One invalid argument: JSON Pointer into the arguments ("" for the root). */
export interface ArgError {
  path: string;
  message: string;
}

/**
 * Compiles every route's input schema once per bundle (SPEC 6): a call only
 * runs the compiled function. Schemas are JSON Schema 2020-12 and reach Ajv
 * verbatim; `strict: false` because contract schemas may carry annotations
 * (`example`, `x-*`) Ajv does not know.
 */
export function compileValidators(routes: readonly Route[]): Map<string, ValidateFunction> {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  const out = new Map<string, ValidateFunction>();
  for (const route of routes) {
    try {
      out.set(route.id, ajv.compile(route.validate.input));
    } catch (err) {
      throw new Error(`route ${route.id}: input schema does not compile: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}

/** Ajv errors as field-level messages a caller can act on. */
export function toArgErrors(errors: readonly ErrorObject[] | null | undefined): ArgError[] {
  if (!errors || errors.length === 0) return [{ path: '', message: 'invalid arguments' }];
  return errors.map((e) => {
    let path = e.instancePath;
    // A missing required property is reported on its parent; name the field itself.
    if (e.keyword === 'required' && typeof e.params.missingProperty === 'string') {
      path = `${path}/${escapePointer(e.params.missingProperty)}`;
    } else if (e.keyword === 'additionalProperties' && typeof e.params.additionalProperty === 'string') {
      path = `${path}/${escapePointer(e.params.additionalProperty)}`;
    }
    return { path, message: e.message ?? e.keyword };
  });
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
