import type { OrderAction, OrderStatus } from './types.ts';

/**
 * The only description of how an order's status may change. Every status change in
 * the desk goes through `transition()` (transition.ts), which reads this table.
 */
export const TRANSITIONS: Record<Exclude<OrderAction, 'create'>, { from: readonly OrderStatus[]; to: OrderStatus }> = {
  claim: { from: ['created'], to: 'claimed' },
  decline: { from: ['claimed'], to: 'created' },
  claim_timeout: { from: ['claimed'], to: 'created' },
  confirm: { from: ['claimed'], to: 'matched' },
  paid: { from: ['matched'], to: 'paid' },
  release: { from: ['matched', 'paid'], to: 'released' },
  cancel: { from: ['created', 'claimed', 'matched'], to: 'cancelled' },
  expire: { from: ['created', 'claimed', 'matched'], to: 'expired' },
  extend: { from: ['matched'], to: 'matched' },
  appeal: { from: ['paid'], to: 'disputed' },
  resolve: { from: ['disputed'], to: 'resolved' },
};

export const TERMINAL: readonly OrderStatus[] = ['released', 'cancelled', 'expired', 'resolved'];
export const OPEN: readonly OrderStatus[] = ['created', 'claimed', 'matched', 'paid', 'disputed'];

export function allowed(action: Exclude<OrderAction, 'create'>, from: OrderStatus): boolean {
  return TRANSITIONS[action].from.includes(from);
}
