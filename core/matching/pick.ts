import type { Candidate } from './eligibility.ts';

/** Reputation as a weight: completion ratio scaled by rating, never zero. */
export function reputationWeight(c: Pick<Candidate, 'completed' | 'cancelled' | 'timeouts' | 'ratingSum' | 'ratingCount'>): number {
  const completion = (c.completed + 1) / (c.completed + c.cancelled + c.timeouts + 1);
  const rating = c.ratingCount ? c.ratingSum / c.ratingCount / 5 : 0.8;
  return Math.max(0.05, completion * rating);
}

/**
 * `auto` mode: among the offers at the best price (candidates come best first), a
 * random pick weighted by reputation — as acceptor desks do, so equals share the flow.
 */
export function pickOffer(candidates: Candidate[], random: () => number = Math.random): Candidate | null {
  if (candidates.length === 0) return null;
  const best = candidates[0].priceE4;
  const tied = candidates.filter((c) => c.priceE4 === best);
  const weights = tied.map(reputationWeight);
  let r = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < tied.length; i++) {
    r -= weights[i];
    if (r < 0) return tied[i];
  }
  return tied[tied.length - 1];
}
