/**
 * One measuring window of acked Socket.IO emits, shared by the Socket.IO benches: every socket
 * keeps `window` emits in flight, a warm-up is not counted, then acks are counted for `seconds`,
 * and the window drains so the next one starts from an idle server. `around` runs just before and
 * just after the counted span (the server's CPU time is read there).
 */
import type { Socket as ClientSocket } from 'socket.io-client';

export interface AckedEmitWindow {
  readonly event: string;
  readonly payload: unknown;
  readonly window: number;
  readonly seconds: number;
  readonly around?: { start(): Promise<void>; stop(): Promise<void> };
}

/** Acks counted in the window and the seconds it lasted. */
export async function measureAckedEmits(sockets: readonly ClientSocket[], options: AckedEmitWindow): Promise<{ counted: number; elapsed: number }> {
  let done = 0;
  let counting = false;
  let stopped = false;
  let inFlight = 0;
  const pump = (socket: ClientSocket) => {
    if (stopped) return;
    inFlight++;
    socket.emit(options.event, options.payload, () => {
      inFlight--;
      if (counting) done++;
      pump(socket);
    });
  };
  for (const socket of sockets) for (let i = 0; i < options.window; i++) pump(socket);
  await sleep(250); // warm-up, not counted
  await options.around?.start();
  counting = true;
  const started = performance.now();
  await sleep(options.seconds * 1000);
  counting = false;
  const elapsed = (performance.now() - started) / 1000;
  const counted = done;
  await options.around?.stop();
  stopped = true;
  while (inFlight > 0) await sleep(10);
  return { counted, elapsed };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
