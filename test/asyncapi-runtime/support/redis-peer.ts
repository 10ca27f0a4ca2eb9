/**
 * One server process of the Redis test: a Socket.IO server on a free port with the Redis adapter.
 * argv: <redis-url> <key> <namespace>. Prints `listening <port>`; then each stdin line
 * `<event> <json>` is broadcast to the namespace and answered with `sent <event>`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { Server } from 'socket.io';
import { createRedisAdapter } from 'sockgen/runtime/socketio';

const [url = 'redis://127.0.0.1:6379', key = 'socket.io', namespace = '/'] = process.argv.slice(2);
const redis = await createRedisAdapter(url, { key });
const http = createServer();
const io = new Server(http, { adapter: redis.adapter });
io.of(namespace).on('connection', (socket) => socket.emit('welcome', { pid: process.pid }));
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
process.stdout.write(`listening ${(http.address() as AddressInfo).port}\n`);

createInterface({ input: process.stdin }).on('line', (line) => {
  const space = line.indexOf(' ');
  const event = line.slice(0, space);
  io.of(namespace).emit(event, JSON.parse(line.slice(space + 1)));
  process.stdout.write(`sent ${event}\n`);
});
const stop = async () => {
  io.close();
  await redis.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
