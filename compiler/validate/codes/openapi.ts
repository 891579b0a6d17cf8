import { defineCodes } from './registry.js';

export const OPENAPI_CODES = defineCodes([200, 299], []);
