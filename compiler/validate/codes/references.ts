import { defineCodes } from './registry.js';

export const REFERENCE_CODES = defineCodes([100, 199], []);
