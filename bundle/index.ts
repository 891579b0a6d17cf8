/** The bundle module: format, canonical id, reading, signing, and the arguments ↔ request mapping. */
export * from './canonical.js';
export * from './load.js';
export * from './request.js';
export * from './sign.js';
export * from './types.js';
