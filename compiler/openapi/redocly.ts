/**
 * The parts of @redocly/openapi-core the compiler uses, loaded on demand by
 * bundle.ts. `npm run build` replaces the compiled copy of this module
 * (dist/compiler/openapi/redocly.js) by a single-file bundle of it and its
 * dependencies (scripts/bundle-redocly.mjs): Node 20 spends ~280 ms resolving and
 * linking the package's ~600 ES modules, the single file loads in ~100 ms,
 * which is most of what keeps `uac validate` under a second.
 */
export { BaseResolver, bundle, createConfig, lintDocument, Source } from '@redocly/openapi-core';
