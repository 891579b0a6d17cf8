import type { Stage } from '../pipeline.js';
import { GatewayError } from '../types.js';

/** Validate stage: the arguments against the route's input schema (Ajv, compiled per bundle). */
export const validateStage: Stage = {
  name: 'validate',
  run(ctx) {
    const errors = ctx.active.validateArgs(ctx.req.route.id, ctx.req.args);
    if (!errors) return;
    const first = errors[0];
    const where = first && first.path !== '' ? `${first.path}: ` : '';
    throw new GatewayError('invalid_input', 400, `invalid input: ${where}${first?.message ?? 'invalid'}`, { data: { errors } });
  },
};
