/**
 * Publishing with flow control. Brokers cap how many QoS 1/2 messages a client may have in
 * flight (Mosquitto's `max_inflight_messages`, 20 by default) and silently drop the rest for
 * MQTT 3.1.1 clients (PUBREC with "quota exceeded", which v3 cannot express). After a broker
 * reconnect mqtt.js replays its whole offline store at once, so without a cap messages vanish.
 * QoS 1/2 messages therefore wait here until fewer than `maxInflight` are unacknowledged.
 */
import type { MqttClient } from 'mqtt';

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
}

/** Creates a publisher over a connected-or-reconnecting mqtt.js client. */
export function createPublisher(client: MqttClient, maxInflight = defaultMaxInflight): Publisher {
  const queue: Array<{ topic: string; text: string; qos: 1 | 2; retain: boolean }> = [];
  let head = 0;
  let inflight = 0;
  const idle: Array<() => void> = [];

  const pump = () => {
    while (inflight < maxInflight && head < queue.length) {
      const next = queue[head]!;
      queue[head++] = undefined as never;
      inflight++;
      client.publish(next.topic, next.text, { qos: next.qos, retain: next.retain }, () => {
        inflight--;
        pump();
      });
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
      queue.push({ topic, text, qos, retain });
      pump();
    },
    get waiting() {
      return queue.length - head;
    },
    get inflight() {
      return inflight;
    },
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
