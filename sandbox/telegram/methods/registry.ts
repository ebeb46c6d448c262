import type { FakeTelegram } from '../fake.ts';
import type { Params } from '../params.ts';

/** Lets a long-running method (getUpdates) stop when the HTTP client goes away. */
export interface CallIO {
  onAbort(fn: () => void): void;
}

/**
 * One Bot API method. Return the `result`; throw ApiError (see errors.ts) for a refusal.
 * Adding a method = writing one of these and listing it in methods/index.ts
 * (or calling fakeTelegram.registerMethod(name, fn) from outside).
 */
export type MethodHandler = (tg: FakeTelegram, p: Params, io?: CallIO) => unknown;

export type MethodTable = Record<string, MethodHandler>;
