/**
 * One process of the Redis test through the generated chat server: `createServer({ redisUrl })`.
 * argv: <redis-url>. Prints `listening <port>`; each stdin line is a Line payload broadcast as
 * `said` to /room (validated on the way out), answered with `sent`.
 */
import { createInterface } from 'node:readline';
import { createServer } from '../../../generated/asyncapi/chat/server.js';

const [redisUrl = 'redis://127.0.0.1:6379'] = process.argv.slice(2);
const server = await createServer({
  redisUrl,
  handlers: {
    '/lobby': { events: { ping: () => 1 } },
    '/room': { events: { join: () => ({ members: [] }), say: () => ({ id: '0b6d2c1e-3f4a-4b5c-8d9e-0f1a2b3c4d5e', at: '2026-01-01T00:00:00Z' }) } },
  },
  security: { botKey: () => null, memberToken: () => ({ member: 'peer' }) },
});
process.stdout.write(`listening ${await server.listen(0, '127.0.0.1')}\n`);

createInterface({ input: process.stdin }).on('line', (line) => {
  server.namespaces['/room'].emit('said', JSON.parse(line));
  process.stdout.write('sent\n');
});
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
