/**
 * IR of the connectors kind (../shared/reference/connector.md): TCP device → MQTT connectors
 * from AsyncAPI documents with `x-connector`/a `tcp` server or from an original `.env` file, and
 * typed MQTT APIs from AsyncAPI documents whose servers are all `mqtt`. Plain sorted JSON data;
 * names stay raw.
 */
import type { SourceRef } from './source.js';

export interface ConnectorsIR {
  /** Sorted by name. */
  readonly connectors: readonly ConnectorIR[];
  /** Sorted by name. */
  readonly mqttApis: readonly MqttApiIR[];
}

/** One connector: its settings as the original's variables, and the datapoints its spec declares. */
export interface ConnectorIR {
  /** CONNECTOR_NAME: the topic prefix and the output folder. */
  readonly name: string;
  readonly origin: 'asyncapi' | 'env' | 'compose';
  readonly title?: string;
  readonly description?: string;
  /** `connector_version` on raw messages (info.version; `0.0.0` for `.env` specs). */
  readonly version: string;
  /**
   * The spec's defaults under the variable names the runtime reads (CONNECTOR_NAME, ...,
   * plus sockgen's FRAMING, HEARTBEAT_INTERVAL, LOG_LEVEL), keys sorted.
   */
  readonly variables: Readonly<Record<string, string>>;
  /** Datapoint keys (flattened with `__`) the device message schema declares, sorted by key. */
  readonly sensors: readonly DatapointIR[];
  /** Actuator datapoints from `x-connector.actuators`, sorted by key. */
  readonly actuators: readonly DatapointIR[];
  readonly source: SourceRef;
}

/** One datapoint: its flattened key and the JSON Schema of its value (local $refs inlined). */
export interface DatapointIR {
  readonly key: string;
  readonly schema: unknown;
  readonly source: SourceRef;
}

/** An AsyncAPI document served over MQTT only: a typed client for its channels. */
export interface MqttApiIR {
  readonly name: string;
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  readonly asyncapiVersion: string;
  readonly servers: readonly MqttServerIR[];
  /** Sorted by channel id. */
  readonly channels: readonly MqttChannelIR[];
  readonly source: SourceRef;
}

export interface MqttServerIR {
  readonly name: string;
  readonly protocol: 'mqtt' | 'mqtts';
  readonly host: string;
  readonly port: number;
  readonly source: SourceRef;
}

/** One channel (topic) with what a client of the API may do on it. */
export interface MqttChannelIR {
  readonly id: string;
  /** The topic with `{parameter}` placeholders. */
  readonly address: string;
  /** Parameter names in the order they appear in the address. */
  readonly parameters: readonly string[];
  /**
   * One object schema of every parameter (each required; undeclared ones are strings), typing
   * and validating them; `numericParameters` are converted from topic text before validation.
   */
  readonly parameterSchema?: unknown;
  readonly numericParameters?: readonly string[];
  readonly description?: string;
  /** The client publishes here (the application receives: 2.x `publish`, 3.x `receive`). */
  readonly clientPublishes: boolean;
  /** The client subscribes here (the application sends: 2.x `subscribe`, 3.x `send`). */
  readonly clientSubscribes: boolean;
  /** From the operation's mqtt binding; default 0 / false. */
  readonly qos: 0 | 1 | 2;
  readonly retain: boolean;
  /** Payload schemas of the channel's messages (one or more: a oneOf). */
  readonly messages: readonly { readonly name: string; readonly schema: unknown; readonly source: SourceRef }[];
  readonly source: SourceRef;
}
