export * from './types.ts';
export { TRANSITIONS, TERMINAL, OPEN, allowed } from './table.ts';
export { quote, createOrder, createPayin, type Quote, type QuoteRequest, type PayinRequest } from './create.ts';
export { claimOrder, confirmOrder, declineOrder, claimTimeout, markPaid, releaseOrder, cancelOrder, expireOrder, extendOrder, appealOrder, resolveDispute, rateOrder } from './actions.ts';
export { getOrder, orderTimeline, listOrders, userStats, type OrderEvent, type TraderStats } from './queries.ts';
export { runDueTimers, type TimerReport } from './timers.ts';
export { buyerOf, sellerOf } from './row.ts';
