/**
 * The typed client generated for an MQTT-only AsyncAPI document (specs/connectors/room-climate-api)
 * against the real Mosquitto: parameters from topics, validation both ways, QoS from bindings.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { RoomClimateApiClient } from '../../generated/connectors/room-climate-api/client.js';
import type { InvalidPayloadError } from '../../runtime/mqtt-client/typed-client.js';
import { mosquitto, mosquittoUrl, requireService } from '../support/services.js';
import { record, waitFor } from './support.js';

const hasMosquitto = await requireService(mosquitto);
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(!hasMosquitto)('generated MQTT API client (Room Climate API)', () => {
  it('subscribes with topic parameters and validates payloads both ways', async () => {
    const room = `r${randomBytes(4).toString('hex')}`;
    const mqtt = connect(mosquittoUrl);
    cleanups.push(() => mqtt.endAsync(true));
    await new Promise((resolve) => mqtt.once('connect', resolve));
    const invalid: InvalidPayloadError[] = [];
    const client = new RoomClimateApiClient(mqtt, { onInvalid: (error) => invalid.push(error) });
    const readings: Array<{ celsius: number; room: string }> = [];
    const stop = await client.onRoomTemperature((payload, params) => readings.push({ celsius: payload.celsius, room: params.room }), { room });

    const device = await record(mosquittoUrl, [`rooms/${room}/setpoint`]);
    cleanups.push(() => device.close());
    await device.client.publishAsync(`rooms/${room}/temperature`, JSON.stringify({ celsius: 'warm', timestamp: 1 }));
    await device.client.publishAsync(`rooms/${room}/temperature`, JSON.stringify({ celsius: 20.5, timestamp: 2 }));
    await waitFor('a reading', () => readings.length > 0);
    expect(readings).toEqual([{ celsius: 20.5, room }]);
    expect(invalid.map((e) => e.topic)).toEqual([`rooms/${room}/temperature`]);

    await expect(client.publishRoomSetpoint({ room }, { celsius: 50 })).rejects.toThrow(/must be <= 30/);
    await expect(client.publishRoomSetpoint({ room: 'a/b' }, { celsius: 20 })).rejects.toThrow(/one non-empty topic level/);
    await client.publishRoomSetpoint({ room }, { celsius: 21 });
    const sent = await waitFor('the setpoint', () => device.on(`rooms/${room}/setpoint`)[0]);
    expect(sent.json).toEqual({ celsius: 21 });
    expect(sent.qos).toBe(1);
    await stop();
  });
});
