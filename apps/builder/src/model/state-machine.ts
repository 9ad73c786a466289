import type { JsonSchema } from '../contracts/types.js';

/** An entity status machine, emitted into the generated service's routes.js. */
export interface StateMachineSpec {
  entity: string;
  field: string;
  initial: string;
  transitions: Record<string, string[]>;
  /** The happy path after `initial`, in order. */
  forward: string[];
  terminalCancel: string;
}

/** Seed 001 section 2.5: the order state machine. */
export const ORDER_STATES = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'] as const;

/**
 * The seed's order state machine, when `schema` has a `status` enum holding
 * all five order states; otherwise `null`.
 *
 * @example
 * detectStateMachine('Order', { properties: { status: { enum: ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'] } } })?.initial; // 'pending'
 */
export function detectStateMachine(entity: string, schema: JsonSchema): StateMachineSpec | null {
  const status = (schema.properties as Record<string, JsonSchema> | undefined)?.status;
  const values = Array.isArray(status?.enum) ? (status.enum as unknown[]) : [];
  if (!ORDER_STATES.every((s) => values.includes(s))) return null;
  return {
    entity,
    field: 'status',
    initial: 'pending',
    transitions: {
      pending: ['confirmed', 'cancelled'],
      confirmed: ['shipped', 'cancelled'],
      shipped: ['delivered', 'cancelled'],
      delivered: [],
      cancelled: [],
    },
    forward: ['confirmed', 'shipped', 'delivered'],
    terminalCancel: 'cancelled',
  };
}
