import { defineCodes } from './registry.js';

export const TOOL_CODES = defineCodes([350, 399], []);
