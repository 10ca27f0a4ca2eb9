/**
 * Publishing with flow control. Brokers cap how many QoS 1/2 messages a client may have in
 * flight (Mosquitto's `max_inflight_messages`, 20 by default) and silently drop the rest for
 * MQTT 3.1.1 clients (PUBREC with "quota exceeded", which v3 cannot express). After a broker
 * reconnect mqtt.js replays its whole offline store at once, so without a cap messages vanish.
 * QoS 1/2 messages therefore wait here until fewer than `maxInflight` are unacknowledged.
 */
import type { MqttClient } from 'mqtt';
import type { JournalFile } from './journal-file.js';

/** A QoS 1/2 message waiting for the in-flight window. */
export interface WaitingMessage {
  readonly topic: string;
  readonly text: string;
  readonly qos: 1 | 2;
  readonly retain: boolean;
}

/** Where waiting messages live on disk (a restart sends them), and how full the client's store is. */
export interface PublisherSpool {
  /** Messages not yet handed to mqtt.js, keyed by a sequence number. */
  readonly waiting: JournalFile<WaitingMessage>;
  /** Packets in mqtt.js's outgoing store (replayed at connect, so they count as in flight). */
  readonly stored: () => number;
}

/** Default cap, below Mosquitto's default of 20. */
export const defaultMaxInflight = 16;

/** Publishes JSON payloads; QoS 0 goes straight out, QoS 1/2 through the in-flight window. */
export interface Publisher {
  publish(topic: string, payload: unknown, qos: 0 | 1 | 2, retain: boolean): void;
  /** QoS 1/2 messages not yet handed to the client (waiting for the window). */
  readonly waiting: number;
  /** QoS 1/2 messages handed to the client and not yet acknowledged. */
  readonly inflight: number;
  /** Resolves when every QoS 1/2 message was acknowledged (or `timeoutMs` passed). */
  drained(timeoutMs: number): Promise<boolean>;
  /** Stops handing messages to the client (before it ends); the waiting ones stay spooled. */
  pause(): void;
  /** Hands waiting messages on again (after the store freed a slot). */
  pump(): void;
}

/** Creates a publisher over a connected-or-reconnecting mqtt.js client. */
export function createPublisher(client: MqttClient, maxInflight = defaultMaxInflight, spool?: PublisherSpool): Publisher {
  // With a spool, the queue holds spool keys; the messages spooled by an earlier run go first.
  const queue: Array<WaitingMessage & { key?: string }> = spool ? spool.waiting.keys().map((key) => ({ ...spool.waiting.get(key)!, key })) : [];
  let sequence = queue.reduce((max, entry) => Math.max(max, Number(entry.key)), 0);
  let head = 0;
  let inflight = 0;
  let paused = false;
  const idle: Array<() => void> = [];
  // Messages mqtt.js holds in its store count as in flight too (replayed ones have no callback here).
  const busy = () => (spool ? Math.max(inflight, spool.stored()) : inflight);

  const pump = () => {
    while (!paused && busy() < maxInflight && head < queue.length) {
      const next = queue[head]!;
      queue[head++] = undefined as never;
      inflight++;
      const key = next.key;
      client.publish(
        next.topic,
        next.text,
        // Off the spool only once mqtt.js has the packet in its (persistent) store.
        { qos: next.qos, retain: next.retain, ...(spool && key !== undefined ? { cbStorePut: (...error: unknown[]) => void (error[0] ? undefined : spool.waiting.delete(key)) } : {}) },
        () => {
          inflight--;
          pump();
        },
      );
    }
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
    if (inflight === 0 && head >= queue.length) for (const resolve of idle.splice(0)) resolve();
  };

  return {
    publish(topic, payload, qos, retain) {
      const text = JSON.stringify(payload);
      if (qos === 0) {
        // No callback: with one, mqtt.js adds a 'drain' listener per message whenever the socket
        // is busy, and thousands of listeners make every publish slower (quadratic).
        client.publish(topic, text, { qos, retain });
        return;
      }
      if (spool) {
        const key = String(++sequence);
        spool.waiting.set(key, { topic, text, qos, retain });
        queue.push({ topic, text, qos, retain, key });
      } else queue.push({ topic, text, qos, retain });
      pump();
    },
    get waiting() {
      return queue.length - head;
    },
    get inflight() {
      return inflight;
    },
    pause() {
      paused = true;
    },
    pump,
    drained(timeoutMs) {
      if (inflight === 0 && head >= queue.length) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        idle.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}
