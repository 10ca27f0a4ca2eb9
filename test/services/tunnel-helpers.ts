/** Helpers for the tunnel tests: a websocket client that reports close codes and refusals. */
import { createServer, Socket, type Server } from 'node:net';
import WebSocket from 'ws';

/** Opens a websocket; rejects with the HTTP status when the server refuses the upgrade. */
export function openTunnel(url: string, protocols?: string | string[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_request, response) => {
      reject(Object.assign(new Error(`refused with ${response.statusCode}`), { status: response.statusCode }));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** The status code of a refused upgrade (fails when the upgrade succeeds). */
export async function refusal(url: string, protocols?: string | string[]): Promise<number> {
  try {
    const ws = await openTunnel(url, protocols);
    ws.close();
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
  throw new Error('the upgrade was accepted');
}

/** Resolves with the close code and reason. */
export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) return resolve({ code: -1, reason: 'already closed' });
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

/** Sends `payload` and collects echoed bytes until as many arrived. */
export function echo(ws: WebSocket, payload: Buffer): Promise<Buffer> {
  const echoed = receive(ws, payload.length);
  ws.send(payload, { binary: true });
  return echoed;
}

/** Collects the bytes the tunnel sends until `length` arrived; rejects if it closes first. */
export function receive(ws: WebSocket, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onMessage = (data: Buffer) => {
      chunks.push(data);
      received += data.length;
      if (received >= length) {
        ws.off('message', onMessage);
        resolve(Buffer.concat(chunks));
      }
    };
    ws.on('message', onMessage);
    ws.once('close', (code) => reject(new Error(`closed with ${code} after ${received} bytes`)));
  });
}

/** Waits until `check` returns true (polling; fails after `timeoutMs`). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A port nothing listens on (bound, read, then closed). */
export async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => (socket.destroy(), resolve(false)));
    socket.connect(port, '127.0.0.1');
  });
}
