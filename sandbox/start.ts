// `npm start`: the whole desk on loopback with nothing installed — embedded PostgreSQL,
// the local Telegram with its web chat, local chains, the admin panel, the merchant API
// and the jobs. With BOT_TOKEN set it runs against real Telegram instead.
import { loadConfig } from '../config.ts';
import { logger } from '../logger.ts';
import { stopOnSignals } from '../main.ts';
import { startSandbox } from './index.ts';

const sandbox = await startSandbox(loadConfig());
console.log(sandbox.describe().join('\n'));
logger.info('sandbox ready');
stopOnSignals(sandbox.stop);
