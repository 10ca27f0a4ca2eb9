/**
 * An AsyncAPI document served only over MQTT (not a connector): its channels become a typed
 * client. Parameters in addresses become `+` levels when subscribing and arguments when publishing.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import { kebabCase } from '../../core/naming.js';
import type { SpecFile } from '../../core/spec-file.js';
import type { MqttApiIR, MqttChannelIR } from '../../ir/connectors.js';
import { channelsOf, openDocument, serverAddresses } from './asyncapi-doc.js';
import { schemaProblem } from './check-schema.js';
import { isObject } from './detect.js';
import type { RefProblem } from './refs.js';

/** Loads one MQTT-only AsyncAPI document. */
export function loadMqttApi(file: SpecFile): { api?: MqttApiIR; diagnostics: Diagnostic[] } {
  const { data, version, diagnostics, report } = openDocument(file);
  if (!version) return { diagnostics };
  const info = isObject(data.info) ? data.info : {};
  const title = typeof info.title === 'string' ? info.title : file.path.replace(/^.*\//, '').replace(/\.[^.]+$/, '');
  const servers = serverAddresses(data, version).map((server) => {
    if (server.badPort !== undefined) report('error', 'CONN013', server.pointer, `port \`${server.badPort}\` is not a number`);
    return {
      name: server.name,
      protocol: server.protocol as 'mqtt' | 'mqtts',
      host: server.host,
      port: server.port ?? (server.protocol === 'mqtts' ? 8883 : 1883),
      source: { file: file.path, pointer: server.pointer },
    };
  });
  const refProblems: RefProblem[] = [];
  const channels: MqttChannelIR[] = [];
  for (const channel of channelsOf(data, version, refProblems)) {
    const parameters = [...channel.address.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    if (/[+#]/.test(channel.address)) report('error', 'CONN061', channel.pointer, `channel address \`${channel.address}\` contains an MQTT wildcard`, 'use {parameter} placeholders instead');
    if (channel.qos !== undefined && ![0, 1, 2].includes(channel.qos)) report('error', 'CONN062', channel.pointer, `mqtt binding qos ${channel.qos} is not 0, 1 or 2`);
    if (channel.messages.length === 0) report('warning', 'CONN060', channel.pointer, `channel \`${channel.id}\` has no message; its payloads are untyped JSON`);
    if (!channel.clientPublishes && !channel.clientSubscribes) report('warning', 'CONN063', channel.pointer, `channel \`${channel.id}\` has no operation; the client offers both publish and subscribe`);
    const both = !channel.clientPublishes && !channel.clientSubscribes;
    const parameterSchemas = Object.fromEntries(parameters.map((name) => [name, Object.hasOwn(channel.parameters, name) ? channel.parameters[name] : { type: 'string' }]));
    const numeric = parameters.filter((name) => {
      const schema = parameterSchemas[name];
      const type = isObject(schema) ? [schema.type].flat() : [];
      return type.includes('integer') || type.includes('number');
    });
    channels.push({
      id: channel.id,
      address: channel.address,
      parameters,
      ...(parameters.length > 0
        ? { parameterSchema: { type: 'object', properties: parameterSchemas, required: parameters, additionalProperties: false }, numericParameters: numeric }
        : {}),
      ...(channel.description ? { description: channel.description } : {}),
      clientPublishes: channel.clientPublishes || both,
      clientSubscribes: channel.clientSubscribes || both,
      qos: ([0, 1, 2].includes(channel.qos ?? 0) ? (channel.qos ?? 0) : 0) as 0 | 1 | 2,
      retain: channel.retain ?? false,
      messages: channel.messages.map((m) => ({ name: m.name, schema: m.payload, source: { file: file.path, pointer: m.pointer } })),
      source: { file: file.path, pointer: channel.pointer },
    });
  }
  for (const problem of refProblems) report('error', 'CONN031', problem.pointer, problem.message);
  if (refProblems.length === 0)
    for (const channel of channels)
      for (const message of channel.messages) {
        const problem = message.schema === undefined ? undefined : schemaProblem(message.schema);
        if (problem !== undefined) report('error', 'CONN032', message.source.pointer, `payload schema of message \`${message.name}\` cannot be compiled: ${problem}`, 'fix the JSON Schema: the typed client validates payloads with it');
      }
  if (refProblems.length === 0)
    for (const channel of channels) {
      const problem = channel.parameterSchema === undefined ? undefined : schemaProblem(channel.parameterSchema);
      if (problem !== undefined) report('error', 'CONN032', `${channel.source.pointer}/parameters`, `parameter schemas of channel \`${channel.id}\` cannot be compiled: ${problem}`, 'fix the JSON Schema: the typed client validates topic parameters with it');
    }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return {
    diagnostics,
    api: {
      name: kebabCase(title),
      title,
      version: typeof info.version === 'string' ? info.version : '0.0.0',
      ...(typeof info.description === 'string' ? { description: info.description } : {}),
      asyncapiVersion: String(data.asyncapi),
      servers: servers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      channels,
      source: { file: file.path, pointer: '' },
    },
  };
}
