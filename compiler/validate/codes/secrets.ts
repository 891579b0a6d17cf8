import { defineCodes } from './registry.js';

export const SECRET_CODES = defineCodes([500, 599], []);
