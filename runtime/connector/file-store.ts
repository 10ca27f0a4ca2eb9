/**
 * mqtt.js's Store interface (`outgoingStore` / `incomingStore` options) over a JournalFile, so
 * QoS 1/2 packets between the publish and the broker's acknowledgement (and incoming QoS 2
 * packets before PUBREL) survive a restart or a crash: mqtt.js resends the stored packets, with
 * their message ids, on the next connect. mqtt-jsonl-store (the maintained package for this)
 * needs Node 22 in its current version and buffers writes for up to 60 s, which a crash loses.
 */
import { Readable } from 'node:stream';
import type { Packet } from 'mqtt';
import { JournalFile } from './journal-file.js';

type StoredPacket = Packet & { messageId?: number };

/** A durable mqtt.js packet store in one file (the shape of mqtt.js's IStore; its types name readable-stream). */
export class FileStore {
  private readonly journal: JournalFile<StoredPacket>;
  private readonly onDelete: (() => void) | undefined;

  /** `onDelete` runs after a packet left the store (an acknowledgement): a slot is free. */
  constructor(path: string, onDelete?: () => void) {
    this.journal = new JournalFile<StoredPacket>(path);
    this.onDelete = onDelete;
  }

  /** Packets stored (for outgoing: QoS 1/2 messages not yet acknowledged). */
  get size(): number {
    return this.journal.size;
  }

  /** Stores a packet under its message id. */
  put(packet: Packet, cb?: (error?: Error) => void): this {
    this.journal.set(String((packet as StoredPacket).messageId), packet);
    cb?.();
    return this;
  }

  /** Every stored packet, oldest first (mqtt.js resends them on connect). */
  createStream(): Readable {
    return Readable.from(this.journal.values(), { objectMode: true });
  }

  /** Removes a packet and hands it to `cb`; an error when there was none. */
  del(packet: Pick<Packet, 'messageId'>, cb: (error?: Error, packet?: Packet) => void): this {
    const key = String(packet.messageId);
    const stored = this.journal.get(key);
    if (stored === undefined) {
      cb(new Error('missing packet'));
      return this;
    }
    this.journal.delete(key);
    cb(undefined, stored);
    this.onDelete?.();
    return this;
  }

  /** The stored packet with that message id. */
  get(packet: Pick<Packet, 'messageId'>, cb: (error?: Error, packet?: Packet) => void): this {
    const stored = this.journal.get(String(packet.messageId));
    if (stored === undefined) cb(new Error('missing packet'));
    else cb(undefined, stored);
    return this;
  }

  /** Closes the file; the packets stay on disk for the next start. */
  close(cb?: (error?: Error) => void): void {
    this.journal.close();
    cb?.();
  }
}
