// The local Telegram as its own process (for benchmarks that give the bot and the fake a
// core each, or for trying a bot by hand):
//   npx tsx sandbox/telegram/serve.ts [--port 8090] [--token 123:abc] [--rate-limit]
// Prints one JSON line {apiRoot, token, url, control}; drive users via /_sandbox/control/*.
import { parseArgs } from 'node:util';
import { startFakeTelegram } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    token: { type: 'string' },
    'bot-username': { type: 'string' },
    'rate-limit': { type: 'boolean', default: false },
  },
});
const tg = await startFakeTelegram({
  port: Number(values.port),
  host: values.host,
  token: values.token,
  botUsername: values['bot-username'],
  rateLimit: values['rate-limit'],
});
console.log(JSON.stringify({ apiRoot: tg.apiRoot, token: tg.token, url: tg.url, control: `${tg.url}_sandbox/control/` }));
const stop = () => void tg.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
