/**
 * Dynamic vs fixed Socket.IO namespaces (issue 12 item 4), `node bin/run-ts.mjs bench/socketio-namespaces.ts`:
 * events/s of acked, validated `say` events through the sockgen runtime when the namespace is
 * `/room` (fixed) and when it is `/rooms/{roomId}` (an `io.of(regex)` namespace whose parameters
 * are validated at connect, and handed to every handler). Same validators, same handler, each
 * server in its own child process, alternating windows, median of the pair ratios. Aim ≥ 0.9×.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { measureAckedEmits } from './_acked-emits.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const seconds = Number(process.env.BENCH_EVENT_SECONDS ?? 1.5);
const rounds = 5;
const clientsCount = 8;
const window = 16;
const payload = { text: 'Hello everyone, the engines are running.', mood: 'happy' };
const ack = { id: '0b6d2c1e-3f4a-4b5c-8d9e-0f1a2b3c4d5e', at: '2026-01-01T00:00:00Z' };

type Kind = 'fixed' | 'dynamic';

/** Child-process mode: one server of `kind`, its port sent to the parent. */
async function serve(kind: Kind): Promise<void> {
  const { createSocketApiServer } = await import('../runtime/socketio/index.js');
  const ajv = new Ajv({ allErrors: true });
  const say = {
    validate: ajv.compile({ type: 'object', properties: { text: { type: 'string', minLength: 1, maxLength: 500 }, mood: { enum: ['happy', 'neutral', 'grumpy'] } }, required: ['text'], additionalProperties: false }),
    ack: ajv.compile({ type: 'object', properties: { id: { type: 'string' }, at: { type: 'string' } }, required: ['id', 'at'] }),
  };
  const name = kind === 'fixed' ? '/room' : '/rooms/{roomId}';
  const parameters =
    kind === 'dynamic'
      ? { pattern: /^\/rooms\/([^/]+)$/, names: ['roomId'], numeric: ['roomId'], validate: ajv.compile({ type: 'object', properties: { roomId: { type: 'integer', minimum: 1 } }, required: ['roomId'] }) }
      : undefined;
  const server = await createSocketApiServer(
    { path: '/socket.io', document: {}, securitySchemes: {}, namespaces: [{ name, receive: { say }, send: {}, security: [], ...(parameters ? { parameters } : {}) }] },
    { [name]: { events: { say: () => ack } } },
    {},
    { docs: false, socketOptions: { serveClient: false } },
  );
  process.on('message', (message) => {
    if (message === 'cpu') process.send!({ cpu: process.cpuUsage() });
  });
  process.send!({ port: await server.listen(0, '127.0.0.1') });
}

async function start(kind: Kind): Promise<{ child: ChildProcess; sockets: ClientSocket[] }> {
  const child = fork(join(root, 'bin/run-ts.mjs'), [fileURLToPath(import.meta.url), '--serve', kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  const sockets: ClientSocket[] = [];
  for (let i = 0; i < clientsCount; i++)
    // Dynamic: each client in a room of its own (one child namespace each), as rooms are used.
    sockets.push(connect(`http://127.0.0.1:${port}${kind === 'fixed' ? '/room' : `/rooms/${i + 1}`}`, { transports: ['websocket'], forceNew: true }));
  await Promise.all(sockets.map((s) => new Promise<void>((resolve, reject) => (s.once('connect', () => resolve()), s.once('connect_error', reject)))));
  return { child, sockets };
}

/** One window of acked emits (bench/_acked-emits.ts); acks/s. */
async function measure(sockets: readonly ClientSocket[]): Promise<number> {
  const { counted, elapsed } = await measureAckedEmits(sockets, { event: 'say', payload, window, seconds });
  return counted / elapsed;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const fixed = await start('fixed');
  const dynamic = await start('dynamic');
  try {
    const fixedRates: number[] = [];
    const dynamicRates: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [fixed, dynamic] : [dynamic, fixed];
      const [a, b] = [await measure(order[0]!.sockets), await measure(order[1]!.sockets)];
      const [f, d] = order[0] === fixed ? [a, b] : [b, a];
      fixedRates.push(f);
      dynamicRates.push(d);
      ratios.push(d / f);
    }
    console.log('| measure | sockgen | peer in the same run | ratio | aim |\n|---|---|---|---|---|');
    console.log(
      `| events/s, acked validated \`say\`, dynamic namespace /rooms/{roomId} | ${Math.round(median(dynamicRates))} | ${Math.round(median(fixedRates))} (fixed /room) | ${median(ratios).toFixed(2)}× | ≥ 0.9× |`,
    );
    console.log(`\n(${clientsCount} clients × ${window} in flight, ${rounds} alternating pairs of ${seconds} s windows, median of pair ratios)`);
  } finally {
    for (const { child, sockets } of [fixed, dynamic]) {
      sockets.forEach((s) => s.close());
      child.kill('SIGTERM');
    }
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3] === 'dynamic' ? 'dynamic' : 'fixed');
else await main();
