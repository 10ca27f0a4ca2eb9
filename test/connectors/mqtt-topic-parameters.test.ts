/**
 * Issue 12 item 4, last part: an MQTT document's channel address gets typed parameters, as a
 * Socket.IO dynamic namespace does. The generated typed MQTT client types each topic parameter
 * from its schema (2.x `schema`, 3.x `enum`), converts numeric levels of received topics, and
 * validates parameters both ways: against the real Mosquitto, a publish with a bad parameter is
 * refused before sending, and a received topic whose levels break the schema goes to `onInvalid`.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpecFile } from '../../generator/core/spec-file.js';
import { connectorsKind } from '../../generator/kinds/connectors/index.js';
import { generateInto, typeProbes, type Generated } from '../asyncapi/generate-into.js';
import { mosquitto, mosquittoUrl, requireService } from '../support/services.js';
import { record, waitFor } from './support.js';

const hasMosquitto = await requireService(mosquitto);
const prefix = `p${randomBytes(4).toString('hex')}`;

const spec = `asyncapi: 2.6.0
info: {title: Sensor Grid, version: '1'}
servers:
  broker: {url: 'localhost:1883', protocol: mqtt}
channels:
  ${prefix}/sensors/{sensorId}/{kind}:
    parameters:
      sensorId: {schema: {type: integer, minimum: 1, maximum: 99}}
      kind: {schema: {type: string, enum: [temp, humidity]}}
    subscribe:
      message: {name: reading, payload: {type: object, properties: {value: {type: number}}, required: [value]}}
  ${prefix}/sensors/{sensorId}/command:
    parameters:
      sensorId: {schema: {type: integer, minimum: 1, maximum: 99}}
    publish:
      message: {name: command, payload: {type: object, properties: {on: {type: boolean}}, required: [on]}}
`;

let generated: Generated;
const cleanups: Array<() => Promise<unknown> | unknown> = [];

beforeAll(async () => {
  generated = await generateInto('sensor-grid', spec);
  cleanups.push(() => generated.remove());
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const clientPath = () => join(generated.root, 'generated/connectors/sensor-grid/client.ts');

describe('typed topic parameters of an MQTT document', () => {
  it('generate typed from their schemas; a wrong parameter type does not compile', () => {
    expect(generated.lines.filter((l) => / error /.test(l))).toEqual([]);
    const types = generated.files.get('generated/connectors/sensor-grid/types.ts')!;
    expect(types).toMatch(/export interface \w+SensorIdKindParameters \{\s*sensorId: number;\s*kind: 'temp' \| 'humidity';\s*\}/);
    const { own, probe } = typeProbes(
      { ...generated, folder: join(generated.root, 'generated/connectors/sensor-grid') },
      `import { SensorGridClient } from './client.js';\ndeclare const c: SensorGridClient;`,
    );
    expect(own).toEqual([]);
    const [publish] = /publish\w+SensorIdCommand/.exec(readFileSync(clientPath(), 'utf8'))!;
    const [subscribe] = /on\w+SensorIdKind\b/.exec(readFileSync(clientPath(), 'utf8'))!;
    expect(probe('ok', `void c.${publish}({ sensorId: 3 }, { on: true });\nvoid c.${subscribe}((p, params) => { const n: number = params.sensorId; const k: 'temp' | 'humidity' = params.kind; void n; void k; void p; }, { kind: 'temp' });`)).toEqual([]);
    expect(probe('wrong-type', `void c.${publish}({ sensorId: '3' }, { on: true });`).join('\n')).toMatch(/not assignable/);
    expect(probe('wrong-enum', `void c.${subscribe}(() => {}, { kind: 'pressure' });`).join('\n')).toMatch(/not assignable/);
  });

  it('3.x parameters with an enum are typed as that enum; undeclared ones are strings', async () => {
    const text = `asyncapi: 3.0.0
info: {title: Lights, version: '1'}
servers:
  broker: {host: 'localhost:1883', protocol: mqtt}
channels:
  light:
    address: lights/{room}/{lamp}
    parameters:
      room: {enum: [hall, kitchen]}
    messages:
      state: {payload: {type: boolean}}
operations:
  watch: {action: send, channel: {$ref: '#/channels/light'}}
`;
    const result = await connectorsKind.load([createSpecFile('specs/lights.yml', '/nowhere/specs/lights.yml', text)], { root: '/nowhere', strict: false, exists: () => false, readText: () => '' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const channel = result.ir.mqttApis[0]!.channels[0]!;
    expect(channel.parameterSchema).toEqual({
      type: 'object',
      properties: { room: { type: 'string', enum: ['hall', 'kitchen'] }, lamp: { type: 'string' } },
      required: ['room', 'lamp'],
      additionalProperties: false,
    });
    expect(channel.numericParameters).toEqual([]);
  });

  it.skipIf(!hasMosquitto)('validates parameters both ways over the real Mosquitto; numeric levels arrive as numbers', async () => {
    const { SensorGridClient } = await import(clientPath());
    const mqtt = connect(mosquittoUrl);
    cleanups.push(() => mqtt.endAsync(true));
    await new Promise((resolve) => mqtt.once('connect', resolve));
    const invalid: { topic: string; message: string }[] = [];
    const client = new SensorGridClient(mqtt, { onInvalid: (error: { topic: string; message: string }) => invalid.push(error) });
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(client));
    const subscribe = methods.find((m) => /^on\w+SensorIdKind$/.test(m))!;
    const publish = methods.find((m) => /^publish\w+SensorIdCommand$/.test(m))!;
    const readings: unknown[] = [];
    const stop = await client[subscribe]((payload: { value: number }, params: unknown) => readings.push({ value: payload.value, params }));

    const device = await record(mosquittoUrl, [`${prefix}/sensors/+/command`]);
    cleanups.push(() => device.close());
    await device.client.publishAsync(`${prefix}/sensors/abc/temp`, JSON.stringify({ value: 1 }));
    await device.client.publishAsync(`${prefix}/sensors/7/pressure`, JSON.stringify({ value: 2 }));
    await device.client.publishAsync(`${prefix}/sensors/7/humidity`, JSON.stringify({ value: 3 }));
    await waitFor('a reading', () => readings.length > 0);
    expect(readings).toEqual([{ value: 3, params: { sensorId: 7, kind: 'humidity' } }]);
    expect(invalid.map((e) => e.topic)).toEqual([`${prefix}/sensors/abc/temp`, `${prefix}/sensors/7/pressure`]);
    expect(invalid[0]!.message).toMatch(/topic parameters: .*sensorId must be integer/);

    await expect(client[publish]({ sensorId: 0 }, { on: true })).rejects.toThrow(/invalid topic parameters: .*sensorId must be >= 1/);
    await expect(client[publish]({ sensorId: 'x' }, { on: true })).rejects.toThrow(/invalid topic parameters/);
    await client[publish]({ sensorId: 42 }, { on: true });
    const sent = await waitFor('the command', () => device.on(`${prefix}/sensors/42/command`)[0]);
    expect(sent.json).toEqual({ on: true });
    expect(device.seen.map((s) => s.topic)).toEqual([`${prefix}/sensors/42/command`]);
    await stop();
  });
});
