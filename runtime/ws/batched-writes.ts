/**
 * One write per burst: a client with many requests in flight gets the replies to the frames of
 * one socket read in two writes (the first reply, then the rest together), not a write and a
 * system call each. A lone reply is written at once, as without batching, so request/reply
 * latency is unchanged. The rest are held by corking the socket at the turn's second send and
 * uncorking on the next tick, which runs as soon as the frames of that read (and the replies
 * resolved in microtasks) are handled, so no reply waits for I/O.
 */
import type { Duplex } from 'node:stream';

/** Returns `hold`: call it before each send on `socket`; the sends of a turn after its first leave together. */
export function batchWrites(socket: Duplex): () => void {
  let sends = 0;
  const endTurn = () => {
    if (sends > 1) socket.uncork();
    sends = 0;
  };
  return () => {
    sends++;
    if (sends === 1) process.nextTick(endTurn);
    else if (sends === 2) socket.cork();
  };
}
