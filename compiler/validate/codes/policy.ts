import { defineCodes } from './registry.js';

export const POLICY_CODES = defineCodes([400, 499], []);
