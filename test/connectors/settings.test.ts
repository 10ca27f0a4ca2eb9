/**
 * The original's variables: defaults, bad values, and the round trip of the original's `.env`
 * (and a docker-compose `environment:` block) through a spec and the generated `.env`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { dotEnvValues, parseDotEnv } from '../../runtime/connector/dotenv.js';
import { ConnectorConfigError, readConnectorSettings, resolveConnectorSettings } from '../../runtime/connector/settings.js';
import { generateFixture } from '../support/generate-fixture.js';

const root = join(import.meta.dirname, '..', '..');

describe('connector settings', () => {
  it('applies the documented defaults', () => {
    expect(resolveConnectorSettings({ SERVER_PORT: '5000' })).toEqual({
      name: 'unknown-connector',
      brokerHost: undefined,
      brokerPort: 1883,
      sendRawMessageToDb: false,
      logLevel: 'info',
      deviceHost: '127.0.0.1',
      devicePort: 5000,
      recvBufsize: 4096,
      recvTimeout: 60,
      parseAs: 'json',
      framing: 'read',
      heartbeatInterval: 30,
      rawMessageFormat: 'text',
    });
  });

  it.each([
    ['SERVER_PORT', 'abc', /SERVER_PORT must be a whole number/],
    ['SERVER_PORT', '70000', /between 1 and 65535/],
    ['PARSE_AS', 'XML', /PARSE_AS must be one of JSON, YAML/],
    ['RECV_BUFSIZE', '-1', /RECV_BUFSIZE must be between 1/],
    ['RECV_TIMEOUT', 'soon', /RECV_TIMEOUT must be a number of seconds/],
    // Past Node's timer limit a delay becomes 1 ms: a reconnect loop, a heartbeat flood.
    ['RECV_TIMEOUT', '99999999', /RECV_TIMEOUT must be at most 2147483 seconds/],
    ['HEARTBEAT_INTERVAL', '3000000', /HEARTBEAT_INTERVAL must be at most 2147483 seconds/],
    ['SEND_RAW_MESSAGE_TO_DB', 'yes', /must be TRUE or FALSE/],
    ['CONNECTOR_NAME', 'a/b', /cannot prefix MQTT topics/],
    ['FRAMING', 'csv', /FRAMING must be one of/],
  ])('%s=%s is an error', (variable, value, message) => {
    expect(() => resolveConnectorSettings({ SERVER_PORT: '1', [variable]: value })).toThrow(message);
  });

  it('lists every bad variable at once', () => {
    try {
      resolveConnectorSettings({ SERVER_PORT: 'x', PARSE_AS: 'XML' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConnectorConfigError);
      expect((error as ConnectorConfigError).problems.map((p) => p.variable)).toEqual(['SERVER_PORT', 'PARSE_AS']);
    }
  });

  it('lets later sources win and treats empty variables as unset', () => {
    const settings = resolveConnectorSettings({ SERVER_PORT: '1', DEBUG: 'TRUE' }, { SERVER_PORT: '2', DEBUG: '' });
    expect(settings.devicePort).toBe(2);
    expect(settings.logLevel).toBe('debug');
  });

  it('treats RECV_TIMEOUT 0 and negatives as "wait forever" (0 with a warning)', () => {
    const zero = readConnectorSettings({ SERVER_PORT: '1', RECV_TIMEOUT: '0' });
    expect(zero.settings?.recvTimeout).toBeUndefined();
    expect(zero.problems).toEqual([expect.objectContaining({ variable: 'RECV_TIMEOUT', severity: 'warning' })]);
    expect(resolveConnectorSettings({ SERVER_PORT: '1', RECV_TIMEOUT: '-1' }).recvTimeout).toBeUndefined();
    expect(resolveConnectorSettings({ SERVER_PORT: '1', RECV_TIMEOUT: '0.5' }).recvTimeout).toBe(0.5);
  });
});

describe('.env files', () => {
  it('reads comments, quotes, export and inline comments with positions', () => {
    const { entries, errors } = parseDotEnv('# c\nexport A=1\n  B = "two words" \nC=x # note\nD=\'q#\'\nbad\n');
    expect(entries.map((e) => [e.key, e.value, e.line, e.valueCol])).toEqual([
      ['A', '1', 2, 10],
      ['B', 'two words', 3, 7],
      ['C', 'x', 4, 3],
      ['D', 'q#', 5, 3],
    ]);
    expect(errors).toEqual([{ line: 6, col: 1, message: 'expected KEY=value, found `bad`' }]);
  });

  it('round-trips the original .env through the spec and the generated .env', async () => {
    const original = readFileSync(join(root, 'specs/connectors/original-env/.env'), 'utf8');
    const result = await generateFixture(join(root, 'test/fixtures/connector-socket/input'));
    const emitted = result.files.find((f) => f.path === 'generated/connectors/socket-connector/.env')!.contents;
    const before = resolveConnectorSettings(dotEnvValues(original));
    const after = resolveConnectorSettings(dotEnvValues(emitted));
    expect(after).toEqual(before);
    // Every variable of the original is written, by its original name and value.
    for (const [key, value] of Object.entries(dotEnvValues(original))) expect(dotEnvValues(emitted)[key]).toBe(value);
    // The original read each message with one recv(): that stays the framing of a brought-over .env.
    expect(after.framing).toBe('read');
  });

  it('reads the same settings from a docker-compose environment block', () => {
    const compose = parseYaml(`
services:
  socket-connector:
    image: bemcom/socket-connector
    environment:
      - CONNECTOR_NAME=socket-connector
      - MQTT_BROKER_HOST=broker.domain.de
      - MQTT_BROKER_PORT=1883
      - SEND_RAW_MESSAGE_TO_DB=TRUE
      - DEBUG=FALSE
      - SERVER_IP=192.168.0.10
      - SERVER_PORT=5000
      - RECV_BUFSIZE=4096
      - RECV_TIMEOUT=60
      - PARSE_AS=JSON
`) as { services: Record<string, { environment: string[] }> };
    const environment = Object.fromEntries(compose.services['socket-connector']!.environment.map((line) => line.split(/=(.*)/s).slice(0, 2)));
    const fromEnvFile = resolveConnectorSettings(dotEnvValues(readFileSync(join(root, 'specs/connectors/original-env/.env'), 'utf8')));
    expect(resolveConnectorSettings(environment)).toEqual(fromEnvFile);
  });
});
