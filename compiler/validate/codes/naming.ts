import { defineCodes } from './registry.js';

export const NAMING_CODES = defineCodes([300, 349], []);
