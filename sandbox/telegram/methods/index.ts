import { chatMethods } from './chats.ts';
import { forwardMethods } from './forward.ts';
import { mediaMethods } from './media.ts';
import { messageMethods } from './messages.ts';
import type { MethodTable } from './registry.ts';
import { settingsMethods } from './settings.ts';
import { updateMethods } from './updates.ts';

export type { CallIO, MethodHandler, MethodTable } from './registry.ts';

/** Every Bot API method the sandbox implements. Anything else answers 404 and is logged. */
export const builtinMethods: MethodTable = {
  ...settingsMethods,
  ...updateMethods,
  ...messageMethods,
  ...mediaMethods,
  ...forwardMethods,
  ...chatMethods,
};
