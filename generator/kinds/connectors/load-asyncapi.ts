/**
 * A connector described in AsyncAPI: the `tcp` server is the device, the `mqtt` server the broker,
 * the tcp channel's message schema declares the datapoints, `x-connector` carries the original's
 * settings. Settings become the original's variables and are checked by the runtime's own rules.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import { kebabCase } from '../../core/naming.js';
import { toPointer, type SpecFile } from '../../core/spec-file.js';
import type { ConnectorIR, DatapointIR } from '../../ir/connectors.js';
import { readConnectorSettings, settingsToVariables } from '../../../runtime/connector/settings.js';
import { channelsOf, openDocument, serverAddresses } from './asyncapi-doc.js';
import { schemaProblem } from './check-schema.js';
import { isObject } from './detect.js';
import { inlineRefs, type RefProblem } from './refs.js';
import { schemaDatapoints } from './schema-datapoints.js';

/** `x-connector` fields: the variable each sets and the JSON type it takes. */
const fields = {
  name: { variable: 'CONNECTOR_NAME', type: 'string' },
  parseAs: { variable: 'PARSE_AS', type: 'string' },
  framing: { variable: 'FRAMING', type: 'string' },
  recvBufsize: { variable: 'RECV_BUFSIZE', type: 'number' },
  recvTimeout: { variable: 'RECV_TIMEOUT', type: 'number' },
  sendRawMessageToDb: { variable: 'SEND_RAW_MESSAGE_TO_DB', type: 'boolean' },
  heartbeatInterval: { variable: 'HEARTBEAT_INTERVAL', type: 'number' },
  logLevel: { variable: 'LOG_LEVEL', type: 'string' },
} as const;
const extraFields = ['actuators', 'description'];

/** Loads one AsyncAPI connector document. */
export function loadAsyncApiConnector(file: SpecFile): { connector?: ConnectorIR; diagnostics: Diagnostic[] } {
  const { data, version, diagnostics, report } = openDocument(file);
  if (!version) return { diagnostics };
  const info = isObject(data.info) ? data.info : {};
  const xConnector = data['x-connector'] ?? {};
  if (!isObject(xConnector)) {
    report('error', 'CONN020', '/x-connector', 'x-connector must be an object of settings');
    return { diagnostics };
  }

  // Variable → where its value came from, so runtime-rule problems point at the spec.
  const variables: Record<string, string> = { FRAMING: 'newline' };
  const origin = new Map<string, string>();
  const title = typeof info.title === 'string' ? info.title : undefined;
  if (title) variables.CONNECTOR_NAME = kebabCase(title);
  origin.set('CONNECTOR_NAME', title ? '/info/title' : '/x-connector');

  for (const [key, value] of Object.entries(xConnector)) {
    const pointer = toPointer('x-connector', key);
    const field = fields[key as keyof typeof fields];
    if (!field) {
      if (!extraFields.includes(key)) report('warning', 'CONN021', pointer, `unknown x-connector setting \`${key}\` is ignored`, `settings are ${[...Object.keys(fields), ...extraFields].join(', ')}`);
      continue;
    }
    if (typeof value !== field.type) {
      report('error', 'CONN020', pointer, `x-connector.${key} must be a ${field.type}, not ${value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`}`);
      continue;
    }
    variables[field.variable] = typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : String(value);
    origin.set(field.variable, pointer);
    if (key === 'logLevel' && String(value).toLowerCase() === 'debug') variables.DEBUG = 'TRUE';
  }

  const servers = serverAddresses(data, version);
  const tcp = servers.filter((s) => s.protocol === 'tcp');
  const mqtt = servers.filter((s) => s.protocol === 'mqtt' || s.protocol === 'mqtts');
  if (tcp.length === 0) report('error', 'CONN010', '/servers', 'a connector needs a server with protocol `tcp`: the device it reads', 'add e.g. `device: {host: "192.168.1.10:5000", protocol: tcp}`');
  if (tcp.length > 1) report('error', 'CONN012', toPointer('servers', tcp[1]!.name), `more than one tcp server (${tcp.map((s) => s.name).join(', ')}); a connector reads one device`, 'describe one connector per device');
  const device = tcp[0];
  if (device) {
    if (device.host !== '') variables.SERVER_IP = device.host;
    if (device.port !== undefined) variables.SERVER_PORT = String(device.port);
    else report('error', 'CONN013', device.pointer, device.badPort !== undefined ? `device port \`${device.badPort}\` is not a number` : 'the device server needs a port (`host:port`)');
    origin.set('SERVER_IP', device.pointer);
    origin.set('SERVER_PORT', device.pointer);
  }
  const broker = mqtt[0];
  if (!broker) report('info', 'CONN011', '/servers', 'no mqtt server: the connector starts an embedded broker unless MQTT_BROKER_HOST is set');
  else {
    variables.MQTT_BROKER_HOST = broker.host;
    if (broker.port !== undefined) variables.MQTT_BROKER_PORT = String(broker.port);
    else if (broker.badPort !== undefined) report('error', 'CONN013', broker.pointer, `broker port \`${broker.badPort}\` is not a number`);
    else variables.MQTT_BROKER_PORT = broker.protocol === 'mqtts' ? '8883' : '1883';
    origin.set('MQTT_BROKER_HOST', broker.pointer);
    origin.set('MQTT_BROKER_PORT', broker.pointer);
    if (broker.protocol === 'mqtts') report('warning', 'CONN014', broker.pointer, 'mqtts (TLS) is not supported by the connector runtime yet; it connects with plain mqtt');
    if (mqtt.length > 1) report('warning', 'CONN015', toPointer('servers', mqtt[1]!.name), `more than one mqtt server; the connector uses \`${broker.name}\``);
  }

  const result = readConnectorSettings(variables);
  for (const problem of result.problems) {
    // SERVER_PORT missing is already CONN013/CONN010 when there is no usable device server.
    if (problem.variable === 'SERVER_PORT' && !variables.SERVER_PORT) continue;
    report(problem.severity, problem.severity === 'error' ? 'CONN002' : 'CONN003', origin.get(problem.variable) ?? '/x-connector', problem.message.replace(problem.variable, describeVariable(problem.variable)), problem.hint);
  }

  const refProblems: RefProblem[] = [];
  const channels = channelsOf(data, version, refProblems);
  const deviceChannels = channels.filter((c) => device && c.servers.includes(device.name));
  const chosen = deviceChannels.length > 0 ? deviceChannels : channels.filter((c) => c.servers.length === 0);
  const sensors = new Map<string, DatapointIR>();
  for (const channel of chosen)
    for (const message of channel.messages)
      for (const point of schemaDatapoints(message.payload))
        if (!sensors.has(point.key)) sensors.set(point.key, { key: point.key, schema: point.schema, source: { file: file.path, pointer: `${message.pointer}/payload` } });
  if (sensors.size === 0) report('info', 'CONN030', '/channels', 'no device message schema with properties: datapoints are found at run time and typed as JSON values', 'give the tcp channel a message whose payload is an object schema');

  const actuators: DatapointIR[] = [];
  const rawActuators = xConnector.actuators;
  if (rawActuators !== undefined && !isObject(rawActuators)) report('error', 'CONN020', '/x-connector/actuators', 'x-connector.actuators must map datapoint keys to JSON Schemas');
  else if (rawActuators)
    for (const key of Object.keys(rawActuators).sort()) {
      const pointer = toPointer('x-connector', 'actuators', key);
      actuators.push({ key, schema: inlineRefs(data, rawActuators[key], pointer, refProblems), source: { file: file.path, pointer } });
    }
  for (const problem of refProblems) report('error', 'CONN031', problem.pointer, problem.message);
  if (refProblems.length === 0)
    for (const point of [...sensors.values(), ...actuators]) {
      const problem = schemaProblem(point.schema);
      if (problem !== undefined) report('error', 'CONN032', point.source.pointer, `schema of datapoint \`${point.key}\` cannot be compiled: ${problem}`, 'fix the JSON Schema: the typed client validates values with it');
    }

  if (!result.settings || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return {
    diagnostics,
    connector: {
      name: result.settings.name,
      origin: 'asyncapi',
      ...(title ? { title } : {}),
      ...(typeof info.description === 'string' ? { description: info.description } : {}),
      version: typeof info.version === 'string' ? info.version : '0.0.0',
      variables: Object.fromEntries(Object.entries(settingsToVariables(result.settings)).sort(([a], [b]) => (a < b ? -1 : 1))),
      sensors: [...sensors.values()],
      actuators,
      source: { file: file.path, pointer: isObject(data['x-connector']) ? '/x-connector' : '' },
    },
  };
}

/** The spec-side name of a variable, for messages about an AsyncAPI document. */
function describeVariable(variable: string): string {
  const field = Object.entries(fields).find(([, f]) => f.variable === variable);
  if (field) return `x-connector.${field[0]}`;
  if (variable.startsWith('SERVER_')) return 'the device server';
  if (variable.startsWith('MQTT_BROKER_')) return 'the mqtt server';
  return variable;
}
