/**
 * Run-time fuzz of the generated Socket.IO server (issue 8, "The same idea at run time"): raw
 * Engine.IO / Socket.IO frames over a websocket, from garbage to well-formed event packets with
 * hostile event names and argument counts. Properties: the server never falls over (the next
 * typed client is served), and every well-formed event packet that asks for an ack gets one
 * (`43…`) within a bound — an unknown event gets `unknown_event`, extra arguments keep the ack.
 * Fixed seed; FUZZ_RUNS raises the number of cases. Counts are printed.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectLobby } from '../../generated/asyncapi/chat/client.js';
import { createServer, type ApiServer, type Handlers, type SecurityHooks } from '../../generated/asyncapi/chat/server.js';

const runs = Number(process.env.FUZZ_RUNS ?? 300);
const seed = Number(process.env.FUZZ_SEED ?? 20261130);

const handlers: Handlers = {
  '/room': {
    events: {
      join: () => ({ members: [] }),
      say: () => ({ id: '0b6e3c1e-2d44-4a8c-9d3c-0a1f2b3c4d5e', at: '2026-01-02T03:04:05Z' }),
    },
  },
  '/lobby': { events: { ping: (payload) => payload.nonce + 1 } },
};
const security: SecurityHooks = {
  memberToken: (token) => (token === 'good' ? { user: 'ann' } : undefined),
  botKey: (key) => (key === 'bot-key' ? { bot: true } : undefined),
};

let server: ApiServer;
let base: string;

beforeAll(async () => {
  server = await createServer({ handlers, security });
  base = `127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await server?.close();
});

/** A raw Engine.IO v4 websocket to the chat server, connected to /lobby with the bot key. */
async function rawLobby(): Promise<{ socket: WebSocket; frames: string[] }> {
  const socket = new WebSocket(`ws://${base}/chat/socket.io/?EIO=4&transport=websocket&key=bot-key`);
  const frames: string[] = [];
  socket.on('message', (data, binary) => {
    const text = binary ? `<binary ${(data as Buffer).length}>` : data.toString();
    if (text === '2') socket.send('3'); // Engine.IO ping → pong
    frames.push(text);
  });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send('40/lobby,');
  await until(() => frames.some((f) => f.startsWith('40/lobby,') || f.startsWith('44/lobby,')), 3000);
  return { socket, frames };
}

function until(predicate: () => boolean, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const started = Date.now();
    const tick = () => (predicate() ? resolve(true) : Date.now() - started > ms ? resolve(false) : setTimeout(tick, 5));
    tick();
  });
}

async function typedClientStillServed(): Promise<void> {
  const bot = await connectLobby(`http://${base}`, { query: { key: 'bot-key' }, socket: { reconnection: false } }).connected();
  try {
    await expect(bot.emitWithAck('ping', { nonce: 1 })).resolves.toBe(2);
  } finally {
    bot.close();
  }
}

const hostileName = fc.constantFrom('ping', 'announcement', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'unknown_event', 'nope', '', ' ', 'x'.repeat(5000), '💥');
const arg = fc.oneof(fc.json({ maxDepth: 3 }).map((text) => JSON.parse(text) as unknown), fc.constant({ nonce: 1 }), fc.constant(null));

describe('Socket.IO packet fuzz', () => {
  it('every event packet with an id gets an ack, whatever its name and argument count', async () => {
    const { socket, frames } = await rawLobby();
    expect(frames.some((f) => f.startsWith('40/lobby,'))).toBe(true);
    const outcomes: Record<string, number> = {};
    let id = 0;
    try {
      await fc.assert(
        fc.asyncProperty(hostileName, fc.array(arg, { maxLength: 4 }), async (name, args) => {
          const packetId = ++id;
          socket.send(`42/lobby,${packetId}${JSON.stringify([name, ...args])}`);
          const answered = await until(() => frames.some((f) => f.startsWith(`43/lobby,${packetId}[`)), 3000);
          const answer = frames.find((f) => f.startsWith(`43/lobby,${packetId}[`)) ?? '';
          const key = !answered ? 'no ack' : /unknown_event/.test(answer) ? 'unknown_event' : /"error"|validation/.test(answer) ? 'error ack' : 'ack';
          outcomes[key] = (outcomes[key] ?? 0) + 1;
          return answered && socket.readyState === WebSocket.OPEN;
        }),
        { numRuns: runs, seed, endOnFailure: true },
      );
    } finally {
      console.log(`socket.io ack fuzz: ${id} packets ${JSON.stringify(outcomes)}`);
      socket.close();
    }
    await typedClientStillServed();
  });

  it('garbage frames never take the server down', async () => {
    const frame = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constantFrom('4', '42', '42/lobby,', '42/nope,["ping"]', '43/lobby,1[]', '451-/lobby,["ping",{"_placeholder":true,"num":9}]', '40/nope,', '41/lobby,', '6', '5', '1', '0', '2probe', '42/lobby,1["ping"', '4' + '['.repeat(5000)),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
    );
    const counts = { frames: 0, closedByServer: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 5 }), async (batch) => {
        const { socket } = await rawLobby();
        const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
        for (const f of batch) {
          counts.frames++;
          if (socket.readyState === WebSocket.OPEN) socket.send(f);
        }
        const ended = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 50))]);
        if (ended) counts.closedByServer++;
        socket.terminate();
        return true;
      }),
      { numRuns: Math.ceil(runs / 3), seed },
    );
    console.log(`socket.io garbage fuzz: ${counts.frames} frames, ${counts.closedByServer} connections closed by the server`);
    await typedClientStillServed();
  });
});
