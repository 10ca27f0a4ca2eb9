/**
 * Where each connector's and MQTT API's files go and what their names are: decided once here,
 * read by every connectors target (config, main, types, client).
 */
import { kebabCase, pascalCase, uniqueNames } from '../../core/naming.js';
import type { ConnectorIR, MqttApiIR } from '../../ir/connectors.js';
import type { PlanOptions } from '../types.js';

/** Names and paths of one connector's output. */
export interface ConnectorPlan {
  readonly folder: string;
  /** `SocketConnectorClient`. */
  readonly clientClass: string;
  /** `SocketConnectorConfig`. */
  readonly configType: string;
  readonly specs: readonly string[];
}

/** Plans one connector. */
export function planConnector(connector: ConnectorIR, options: PlanOptions): ConnectorPlan {
  const base = pascalCase(connector.name);
  return {
    folder: `${options.outDir}/connectors/${kebabCase(connector.name)}`,
    clientClass: `${base}Client`,
    configType: `${base}Config`,
    specs: [connector.source.file],
  };
}

/** Names of one channel of an MQTT API. */
export interface ChannelNames {
  /** `RoomTemperature`: the base of its type and method names. */
  readonly pascal: string;
  /** `roomTemperature`: its key in `channels` and `payloadSchemas`. */
  readonly key: string;
}

/** Names and paths of one MQTT API's output. */
export interface MqttApiPlan {
  readonly folder: string;
  readonly clientClass: string;
  readonly channels: ReadonlyMap<string, ChannelNames>;
  readonly specs: readonly string[];
}

/**
 * A PascalCase name json-schema-to-typescript keeps as it is: it capitalizes a letter after
 * digits (`p11a` → `P11A`), so the client would import a type name types.ts does not export.
 */
function typeSafeName(raw: string): string {
  return pascalCase(raw).replace(/(\d)([a-z])/g, (_, digit: string, letter: string) => digit + letter.toUpperCase());
}

/** Plans one MQTT API; channel names are made unique in id order. */
export function planMqttApi(api: MqttApiIR, options: PlanOptions): MqttApiPlan {
  const pascal = uniqueNames(
    api.channels.map((c) => c.id),
    typeSafeName,
    ['Client', 'Channels'],
  );
  const channels = new Map<string, ChannelNames>();
  for (const channel of api.channels) {
    const name = pascal.get(channel.id)!;
    channels.set(channel.id, { pascal: name, key: name.charAt(0).toLowerCase() + name.slice(1) });
  }
  return { folder: `${options.outDir}/connectors/${kebabCase(api.name)}`, clientClass: `${pascalCase(api.name)}Client`, channels, specs: [api.source.file] };
}
