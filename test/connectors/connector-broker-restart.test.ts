/**
 * The broker goes away mid-stream: a private Mosquitto (its own port, started and stopped by this
 * test) is restarted while the device keeps sending. Every QoS 2 raw message must arrive, and the
 * connector must have resubscribed (a datapoint map published after the restart takes effect).
 */
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startConnector } from '../../runtime/connector/connector.js';
import { resolveConnectorSettings } from '../../runtime/connector/settings.js';
import { mosquittoBinary, ownBrokerAndDevice, record, waitFor } from './support.js';

const hasBinary = existsSync(mosquittoBinary);
if (!hasBinary) {
  if (process.env.CI === 'true') throw new Error(`${mosquittoBinary} is missing; CI machines must have it`);
  console.warn(`skipping the broker restart test: ${mosquittoBinary} is missing`);
}

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(!hasBinary)('broker restarted mid-stream', () => {
  it('loses no QoS 2 raw message and resubscribes', async () => {
    const { broker, device } = await ownBrokerAndDevice(cleanups);
    const name = `restart-${randomBytes(4).toString('hex')}`;
    const settings = resolveConnectorSettings({
      CONNECTOR_NAME: name,
      MQTT_BROKER_HOST: '127.0.0.1',
      MQTT_BROKER_PORT: String(broker.port),
      SERVER_PORT: String(device.port),
      FRAMING: 'newline',
      SEND_RAW_MESSAGE_TO_DB: 'TRUE',
    });
    const connector = await startConnector({ settings, quiet: true, brokerReconnectMs: 100 });
    cleanups.push(() => connector.stop());
    // A persistent session (clean: false) so the restarted broker still knows this subscriber.
    const recorder = await record(broker.url, [`${name}/raw_message_to_db`, `${name}/messages/#`], { clientId: `${name}-sub`, clean: false });
    cleanups.push(() => recorder.close());
    await device.connected();

    const total = 300;
    const sender = (async () => {
      for (let i = 0; i < total; i++) {
        await device.send(`{"n": ${i}}\n`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await waitFor('some messages before the restart', () => recorder.on(`${name}/raw_message_to_db`).length > 20);
    await broker.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await broker.start();
    await sender;

    const raw = await waitFor(
      `all ${total} raw messages`,
      () => {
        const seen = new Set(recorder.on(`${name}/raw_message_to_db`).map((m) => (m.json as { payload: { raw_message: string } }).payload.raw_message));
        return seen.size >= total ? seen : undefined;
      },
      20_000,
    ).catch((error) => {
      const seen = new Set(recorder.on(`${name}/raw_message_to_db`).map((m) => (m.json as { payload: { raw_message: string } }).payload.raw_message));
      const missing = [...Array(total).keys()].filter((i) => !seen.has(`{"n": ${i}}`));
      console.error('broker log in', broker.dir, '; missing', missing.length, missing.slice(0, 40), 'seen', recorder.seen.length, connector.stats);
      throw error;
    });
    for (let i = 0; i < total; i++) expect(raw.has(`{"n": ${i}}`)).toBe(true);
    expect(connector.stats.brokerConnects).toBeGreaterThanOrEqual(2);

    // The map is published after the restart and takes effect. This broker kept the connector's
    // session, so this alone does not prove resubscription: the next test does.
    const topic = `${name}/messages/n/value`;
    await recorder.client.publishAsync(`${name}/datapoint_map`, JSON.stringify({ sensor: { n: topic }, actuator: {} }), { qos: 2, retain: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await device.send('{"n": 1000}\n');
    await waitFor('a value after the restart', () => recorder.on(topic).find((m) => (m.json as { value: number }).value === 1000));
  });

  it('resubscribes after a restart that forgot its session', async () => {
    // No persistence: the restarted broker knows no subscription, so only a connector that
    // subscribes again on every connect sees the map published afterwards.
    const { broker, device } = await ownBrokerAndDevice(cleanups, false);
    const name = `forgot-${randomBytes(4).toString('hex')}`;
    const settings = resolveConnectorSettings({ CONNECTOR_NAME: name, MQTT_BROKER_HOST: '127.0.0.1', MQTT_BROKER_PORT: String(broker.port), SERVER_PORT: String(device.port), FRAMING: 'newline' });
    const connector = await startConnector({ settings, quiet: true, brokerReconnectMs: 100 });
    cleanups.push(() => connector.stop());
    await device.connected();
    await broker.stop();
    await broker.start();
    await waitFor('the connector to reconnect', () => connector.stats.brokerConnects >= 2);
    const recorder = await record(broker.url, [`${name}/#`]);
    cleanups.push(() => recorder.close());
    const topic = `${name}/messages/t/value`;
    await recorder.client.publishAsync(`${name}/datapoint_map`, JSON.stringify({ sensor: { t: topic }, actuator: {} }), { qos: 1, retain: true });
    await waitFor('the connector to read the map', () => recorder.on(`${name}/logs`).some((m) => String((m.json as { msg?: string }).msg).startsWith('datapoint map')));
    await device.send('{"t": 7}\n');
    const value = await waitFor('the mapped value', () => recorder.on(topic)[0]);
    expect((value.json as { value: number }).value).toBe(7);
  });
});
