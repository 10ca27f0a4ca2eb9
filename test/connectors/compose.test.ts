/**
 * Issue 9 items 9–12 (BEMCom): a connector's `.env` without CONNECTOR_NAME, docker compose files
 * as input (environment list or map, env_file, ${VAR} from the project .env), and an end-to-end
 * run of a two-connector compose file against the real Mosquitto.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { interpolate, readComposeDotEnv } from '../../generator/kinds/connectors/compose-interpolate.js';
import { startConnector } from '../../runtime/connector/connector.js';
import { dotEnvValues, formatDotEnv } from '../../runtime/connector/dotenv.js';
import { resolveConnectorSettings } from '../../runtime/connector/settings.js';
import { mosquitto, requireService } from '../support/services.js';
import { generateFixture } from '../support/generate-fixture.js';
import { record, startFakeDevice, waitFor } from './support.js';

const hasMosquitto = await requireService(mosquitto);
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'sockgen-compose-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const generatedEnv = (result: Awaited<ReturnType<typeof generateFixture>>, name: string) => {
  const file = result.files.find((f) => f.path === `generated/connectors/${name}/.env`);
  if (!file) throw new Error(`no .env for ${name}: ${result.diagnosticsText}`);
  return dotEnvValues(file.contents);
};

describe('compose variable substitution', () => {
  it.each([
    ['${A}', 'a'],
    ['$A-$B', 'a-'],
    ['${B:-dflt}', 'dflt'],
    ['${E:-dflt}', 'dflt'],
    ['${E-dflt}', ''],
    ['${A:+alt}', 'alt'],
    ['$$A', '$A'],
    ['${B:-${A}x}', 'ax'],
    ['price $', 'price $'],
  ])('%s → %j', (text, value) => {
    expect(interpolate(text, { A: 'a', E: '' }).value).toBe(value);
  });

  it('reports missing and required variables', () => {
    expect(interpolate('${X}', {}).missing).toEqual(['X']);
    expect(interpolate('${X:?set X}', {}).errors).toEqual(['X: set X']);
  });
});

describe('regression (issue 9 #9): a connector .env without CONNECTOR_NAME', () => {
  it('is named after its folder with a warning (was silently skipped: SPEC002)', async () => {
    const root = project({ 'specs/Boiler_Room/source/.env': 'USER_ID=1000\nGROUP_ID=1000\nSERVER_IP=10.0.0.5\nSERVER_PORT=5000\nPARSE_AS=YAML\n' });
    const result = await generateFixture(root);
    expect(result.diagnosticsText).toBe(
      'specs/Boiler_Room/source/.env:1:1 warning CONN005 no CONNECTOR_NAME in this .env; the connector is named `boiler-room` after its folder (hint: set CONNECTOR_NAME (BEMCom sets it in docker-compose; sockgen reads a compose file too))\n',
    );
    expect(generatedEnv(result, 'boiler-room')).toMatchObject({ CONNECTOR_NAME: 'boiler-room', SERVER_IP: '10.0.0.5', SERVER_PORT: '5000', PARSE_AS: 'YAML' });
  });

  it('a .env that is not a connector\'s is still a SPEC002 warning, never silent', async () => {
    const root = project({ 'specs/app/.env': 'USER_ID=1000\nGROUP_ID=1000\nMOSQUITTO_TAG=1.5.4\n' });
    const result = await generateFixture(root);
    expect(result.diagnosticsText).toContain('specs/app/.env:1:1 warning SPEC002 not a spec sockgen knows; skipped');
  });
});

describe('regression (issue 9 #10): docker compose files are connector specs', () => {
  it('one connector per socket-connector service; environment list or map; env_file; ${VAR} from .env; others skipped with a warning', async () => {
    const root = project({
      'specs/site/.env': 'USER_ID=1000\nGROUP_ID=1000\nMQTT_BROKER_HOST=broker.example\nMQTT_BROKER_PORT=1884\nDEVICE_A=10.0.0.1\n',
      'specs/site/device-b.env': "SERVER_IP=10.0.0.2\nSERVER_PORT=6000\nRECV_TIMEOUT=-1\nSERVER_NAME_NOTE='a $b # c'\n",
      'specs/site/docker-compose.yml': `version: '3'
services:
  message-broker:
    image: "eclipse-mosquitto:1.5.4"
    user: "\${USER_ID}:\${GROUP_ID}"
  socket-a:
    image: bemcom/socket-connector:0.1.0
    user: "\${USER_ID}:\${GROUP_ID}"
    environment:
      - CONNECTOR_NAME=site-a
      - MQTT_BROKER_HOST=\${MQTT_BROKER_HOST}
      - MQTT_BROKER_PORT=\${MQTT_BROKER_PORT}
      - SERVER_IP=\${DEVICE_A}
      - SERVER_PORT=5000
      - PARSE_AS=\${PARSE_AS:-YAML}
  socket-b:
    build: { context: ./source }
    env_file: device-b.env
    environment:
      MQTT_BROKER_HOST: \${MQTT_BROKER_HOST}
      SERVER_PORT: 6001
      SEND_RAW_MESSAGE_TO_DB: "TRUE"
  keba-p30-connector:
    image: bemcom/keba-p30-connector:0.0.1
    environment:
      - CONNECTOR_NAME=keba
      - KEBA_P30_URL=charger.example
`,
    });
    const result = await generateFixture(root);
    const lines = result.diagnosticsText.split('\n').filter(Boolean);
    expect(lines, result.diagnosticsText).toHaveLength(3);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^specs\/site\/docker-compose\.yml:\d+:\d+ warning CONN070 service `keba-p30-connector` runs a connector \(its image "bemcom\/keba-p30-connector:0.0.1"\) that is not a socket connector/),
        expect.stringMatching(/^specs\/site\/docker-compose\.yml:16:3 warning CONN005 service `socket-b` sets no CONNECTOR_NAME; the connector is named after the service/),
        expect.stringMatching(/^specs\/site\/device-b\.env:4:1 warning CONN004 unknown variable SERVER_NAME_NOTE is ignored/),
      ]),
    );
    expect(result.diagnosticsText).not.toMatch(/error|USER_ID|GROUP_ID/);
    expect(generatedEnv(result, 'site-a')).toMatchObject({ CONNECTOR_NAME: 'site-a', MQTT_BROKER_HOST: 'broker.example', MQTT_BROKER_PORT: '1884', SERVER_IP: '10.0.0.1', SERVER_PORT: '5000', PARSE_AS: 'YAML' });
    // environment: wins over env_file (SERVER_PORT), env_file fills the rest.
    expect(generatedEnv(result, 'socket-b')).toMatchObject({ CONNECTOR_NAME: 'socket-b', MQTT_BROKER_HOST: 'broker.example', SERVER_IP: '10.0.0.2', SERVER_PORT: '6001', RECV_TIMEOUT: '-1', SEND_RAW_MESSAGE_TO_DB: 'TRUE' });
    expect(result.files.filter((f) => f.path.startsWith('generated/connectors/')).map((f) => f.path.split('/')[2])).toEqual(expect.not.arrayContaining(['keba', 'site']));
  });

  it('refuses an env_file outside the project (even through a symlink), at the entry', async () => {
    const outside = project({ 'secret.env': 'SERVER_PORT=1\n' });
    const root = project({
      'specs/x/docker-compose.yml': 'services:\n  c:\n    env_file: [../../../outside.env, link.env]\n    environment: [CONNECTOR_NAME=c, SERVER_PORT=1]\n',
    });
    symlinkSync(join(outside, 'secret.env'), join(root, 'specs/x/link.env'));
    const result = await generateFixture(root);
    expect(result.diagnosticsText).toContain('error CONN071 service `c`: env_file "../../../outside.env" is outside the project; it is not read');
    expect(result.diagnosticsText).toContain('error CONN071 service `c`: env_file "link.env" is outside the project; it is not read');
  });
});

describe.skipIf(!hasMosquitto)('end to end (issue 9): a BEMCom compose file with two connectors against the real Mosquitto', () => {
  it('generates both, and each generated .env runs a connector whose values reach the broker', async () => {
    const devices = [await startFakeDevice(), await startFakeDevice()];
    for (const device of devices) cleanups.push(() => device.close());
    const suffix = Math.random().toString(36).slice(2, 8);
    // BEMCom's socket-connector compose (services/connectors/socket-connector/docker-compose.yml), twice.
    const service = (name: string, port: string) => `    ${name}:
        container_name: ${name}
        build:
            context: ./source
        restart: always
        user: "\${USER_ID}:\${GROUP_ID}"
        environment:
            - CONNECTOR_NAME=${name}
            - MQTT_BROKER_HOST=\${MQTT_BROKER_HOST}
            - MQTT_BROKER_PORT=\${MQTT_BROKER_PORT}
            - SEND_RAW_MESSAGE_TO_DB=\${SEND_RAW_MESSAGE_TO_DB}
            - DEBUG=\${DEBUG}
            - SERVER_IP=\${SERVER_IP}
            - SERVER_PORT=${port}
            - RECV_BUFSIZE=\${RECV_BUFSIZE}
            - PARSE_AS=\${PARSE_AS}
            - FRAMING=newline
`;
    const root = project({
      'specs/bemcom/.env': `USER_ID=1000\nGROUP_ID=1000\nMQTT_BROKER_HOST=${mosquitto.host}\nMQTT_BROKER_PORT=${mosquitto.port}\nSEND_RAW_MESSAGE_TO_DB=TRUE\nDEBUG=FALSE\nSERVER_IP=127.0.0.1\nRECV_BUFSIZE=4096\nPARSE_AS=JSON\n`,
      'specs/bemcom/docker-compose.yml': `version: '3'\n\nservices:\n${service(`socket-a-${suffix}`, String(devices[0]!.port))}${service(`socket-b-${suffix}`, String(devices[1]!.port))}`,
    });
    const result = await generateFixture(root);
    expect(result.diagnosticsText).toBe('');
    const names = [`socket-a-${suffix}`, `socket-b-${suffix}`];
    for (const [index, name] of names.entries()) {
      const settings = resolveConnectorSettings(generatedEnv(result, name));
      expect(settings.devicePort).toBe(devices[index]!.port);
      const connector = await startConnector({ settings, quiet: true, brokerReconnectMs: 100 });
      cleanups.push(() => connector.stop());
    }
    const recorder = await record(`mqtt://${mosquitto.host}:${mosquitto.port}`, names.map((name) => `${name}/#`));
    cleanups.push(() => recorder.close());
    for (const [index, name] of names.entries()) {
      await recorder.client.publishAsync(`${name}/datapoint_map`, JSON.stringify({ sensor: { t: `${name}/messages/1/value` }, actuator: {} }), { qos: 2, retain: true });
      await devices[index]!.connected();
    }
    for (const [index, name] of names.entries()) {
      for (let i = 0; !recorder.on(`${name}/messages/1/value`).length; i++) {
        if (i > 100) throw new Error(`no value from ${name}`);
        await devices[index]!.send(`{"t": ${index + 20}}\n`);
        await new Promise((done) => setTimeout(done, 50));
      }
      expect((recorder.on(`${name}/messages/1/value`)[0]!.json as { value: number }).value).toBe(index + 20);
      const raw = await waitFor('a raw message', () => recorder.on(`${name}/raw_message_to_db`)[0]);
      expect((raw.json as { payload: { raw_message: string } }).payload.raw_message).toBe(`{"t": ${index + 20}}`);
    }
  }, 60_000);
});

describe('regression (issue 9 #12): the generated .env reads back the same through sockgen and docker compose', () => {
  const hostile = ['plain', 'two words', 'a # not a comment', "it's", 'say "hi"', 'cost $5 ${HOME} $$', 'back\\slash \\n', 'tab\there', 'line\nbreak', " lead and trail ", "mix ' and $X", '', '#start', '=eq='];
  it.each(hostile)('%j', (value) => {
    const text = formatDotEnv({ CONNECTOR_NAME: value, SERVER_IP: value });
    expect(dotEnvValues(text)).toEqual({ CONNECTOR_NAME: value, SERVER_IP: value });
    expect({ ...readComposeDotEnv(text, { HOME: '/root', X: 'x' }).values }).toEqual({ CONNECTOR_NAME: value, SERVER_IP: value });
  });
});
