/**
 * The connector's MQTT payloads (../shared/reference/connector.md "Topics"), as TypeScript types
 * and JSON Schemas for validation. Browser-safe: consumers in a web page use the same shapes.
 */

/** A JSON value as carried in a payload. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `<name>/logs`: QoS 0, retained. `level` is a Python logging level (10 debug … 50 critical). */
export interface LogMessage {
  timestamp: number;
  msg: string;
  emitter: string | null;
  level: number;
}

/** `<name>/heartbeat`: QoS 0, not retained. */
export interface HeartbeatMessage {
  this_heartbeats_timestamp: number;
  next_heartbeats_timestamp: number;
}

/** `<name>/available_datapoints`: QoS 0, retained; key → an example value. */
export interface AvailableDatapointsMessage<S extends string = string, A extends string = string> {
  sensor: Partial<Record<S, JsonValue>> & Record<string, JsonValue>;
  actuator: Partial<Record<A, JsonValue>> & Record<string, JsonValue>;
}

/** `<name>/datapoint_map`: sensor key → topic, and (inverted) actuator topic → key. */
export interface DatapointMapMessage<S extends string = string, A extends string = string> {
  sensor: Partial<Record<S, string>> & Record<string, string>;
  actuator: Record<string, A>;
}

/** `<name>/messages/<id>/value`: a sensor value (connector →) or an actuator value (→ connector). */
export interface ValueMessage<V = JsonValue> {
  value: V;
  timestamp: number;
}

/** `<name>/raw_message_to_db`: QoS 2. sockgen sends the message text, not Python's `b'...'` form. */
export interface RawMessageToDb {
  payload: { raw_message: string; timestamp: number };
  connector_version: string;
}

const timestamp = { type: 'integer', minimum: 0 } as const;

/** JSON Schemas of the payloads above (draft-07, for ajv). */
export const connectorMessageSchemas = {
  log: {
    type: 'object',
    required: ['timestamp', 'msg', 'emitter', 'level'],
    properties: { timestamp, msg: { type: 'string' }, emitter: { type: ['string', 'null'] }, level: { type: 'integer' } },
  },
  heartbeat: {
    type: 'object',
    required: ['this_heartbeats_timestamp', 'next_heartbeats_timestamp'],
    properties: { this_heartbeats_timestamp: timestamp, next_heartbeats_timestamp: timestamp },
  },
  availableDatapoints: {
    type: 'object',
    required: ['sensor', 'actuator'],
    properties: { sensor: { type: 'object' }, actuator: { type: 'object' } },
  },
  datapointMap: {
    type: 'object',
    required: ['sensor', 'actuator'],
    properties: {
      // Sensor side: key → topic (a topic to publish on: no wildcards).
      sensor: { type: 'object', additionalProperties: { type: 'string', minLength: 1, pattern: '^[^+#]+$' } },
      // Actuator side, inverted: topic → key.
      actuator: { type: 'object', propertyNames: { minLength: 1, pattern: '^[^+#]+$' }, additionalProperties: { type: 'string', minLength: 1 } },
    },
  },
  value: { type: 'object', required: ['value', 'timestamp'], properties: { timestamp } },
  rawMessage: {
    type: 'object',
    required: ['payload', 'connector_version'],
    properties: {
      payload: { type: 'object', required: ['raw_message', 'timestamp'], properties: { raw_message: { type: 'string' }, timestamp } },
      connector_version: { type: 'string' },
    },
  },
} as const;

/** Topic names of one connector. */
export interface ConnectorTopics {
  readonly logs: string;
  readonly heartbeat: string;
  readonly availableDatapoints: string;
  readonly datapointMap: string;
  readonly rawMessageToDb: string;
  /** `<name>/messages/+/value`: every value topic (the default place the map points at). */
  readonly allValues: string;
  /** The default value topic of a datapoint id. */
  value(id: string): string;
}

/** The original's topic layout under a connector name. */
export function connectorTopics(name: string): ConnectorTopics {
  return {
    logs: `${name}/logs`,
    heartbeat: `${name}/heartbeat`,
    availableDatapoints: `${name}/available_datapoints`,
    datapointMap: `${name}/datapoint_map`,
    rawMessageToDb: `${name}/raw_message_to_db`,
    allValues: `${name}/messages/+/value`,
    value: (id) => `${name}/messages/${id}/value`,
  };
}

/** Python logging level numbers. */
export const logLevels = { debug: 10, info: 20, warning: 30, error: 40, critical: 50 } as const;
