/**
 * Run-time fuzz of the generated plain WebSocket server (Kraken example): hostile frames on one
 * connection — arbitrary JSON (with `event` set to each message name, to reach the validators,
 * and to prototype names), deep nesting, non-JSON text, binary bytes. Property: every frame
 * is either a valid message (answered or handled) or reported to the error handler; the
 * connection stays; after each batch a `ping` request is answered with its reqid. Fixed seed;
 * FUZZ_RUNS raises the number of batches (default 150).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createServer, type TypedServer } from '../fixtures/ws-examples/expected/generated/asyncapi/kraken/server.js';

const runs = Number(process.env.FUZZ_RUNS ?? 150);
const seed = Number(process.env.FUZZ_SEED ?? 20261130);
let server: TypedServer;
let socket: WebSocket;
let handled = 0;
let refused = 0;

beforeAll(async () => {
  const status = { event: 'subscriptionStatus', channelID: 1, channelName: 'x', status: 'online' } as const;
  server = await createServer({
    handlers: {
      '/': {
        messages: { ping: () => (handled++, { event: 'pong' as const }), subscribe: () => (handled++, status), unsubscribe: () => (handled++, status) },
        error: () => void refused++,
      },
    },
    docs: false,
  });
  const port = await server.listen(0);
  socket = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve) => socket.once('open', resolve));
});
afterAll(async () => {
  socket?.close();
  await server?.close();
});

const messageNames = ['ping', 'subscribe', 'unsubscribe', 'pong', 'heartbeat', '__proto__', 'constructor', 'toString'];
const frame = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.tuple(fc.constantFrom(...messageNames), fc.dictionary(fc.string(), fc.jsonValue())).map(([event, rest]) => JSON.stringify({ ...rest, event })),
  fc.integer({ min: 1, max: 5000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.string(),
  fc.uint8Array({ maxLength: 64 }),
);

let id = 1000;
async function pingAnswered(): Promise<boolean> {
  const reqid = id++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 2000);
    const onMessage = (data: unknown) => {
      const reply = JSON.parse(String(data)) as { event?: string; reqid?: number };
      if (reply.reqid === reqid) {
        clearTimeout(timer);
        socket.off('message', onMessage);
        resolve(reply.event === 'pong');
      }
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ event: 'ping', reqid }));
  });
}

describe('generated ws server under hostile frames', () => {
  it('refuses or handles every frame and keeps answering', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 20 }), async (frames) => {
        const before = handled + refused;
        for (const f of frames) socket.send(f);
        await expect.poll(() => handled + refused - before, { timeout: 2000, interval: 5 }).toBe(frames.length);
        expect(socket.readyState).toBe(WebSocket.OPEN);
        const answered = await pingAnswered();
        // The ping itself was handled too.
        await expect.poll(() => handled + refused - before).toBe(frames.length + 1);
        expect(answered).toBe(true);
      }),
      { numRuns: runs, seed },
    );
    console.log(`ws frames fuzz: ${handled} handled, ${refused} refused`);
    expect(refused).toBeGreaterThan(0);
  }, 120_000);
});
