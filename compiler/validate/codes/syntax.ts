import { defineCodes } from './registry.js';

export const SYNTAX_CODES = defineCodes([0, 99], []);
