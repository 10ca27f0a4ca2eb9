/**
 * A typed client for the topics one connector publishes and listens to: values, available
 * datapoints, heartbeat and logs in; the datapoint map and actuator values out. Generated
 * `client.ts` files narrow the datapoint keys from the spec's message schema.
 */
import {
  connectorMessageSchemas as schemas,
  connectorTopics,
  type AvailableDatapointsMessage,
  type ConnectorTopics,
  type DatapointMapMessage,
  type HeartbeatMessage,
  type JsonValue,
  type LogMessage,
  type ValueMessage,
} from './connector-messages.js';
import { validatorFor } from './validator.js';
import { TypedMqttClient, type MqttLike, type TypedClientOptions } from './typed-client.js';

/** Sensor and actuator datapoint keys of one connector, each with its value type. */
export interface DatapointTypes {
  readonly sensor: object;
  readonly actuator: object;
}

type Unsubscribe = () => Promise<void>;

/** The consumer side of a connector's topics. */
export class ConnectorClient<D extends DatapointTypes = { sensor: Record<string, JsonValue>; actuator: Record<string, JsonValue> }> extends TypedMqttClient {
  readonly topics: ConnectorTopics;
  private map: DatapointMapMessage = { sensor: {}, actuator: {} };

  constructor(
    mqtt: MqttLike,
    readonly connectorName: string,
    options: TypedClientOptions = {},
    private readonly valueSchemas: { readonly sensor: Readonly<Record<string, object>>; readonly actuator: Readonly<Record<string, object>> } = { sensor: {}, actuator: {} },
  ) {
    super(mqtt, options);
    this.topics = connectorTopics(connectorName);
  }

  /** Log lines the connector forwards (retained: the last one arrives on subscribe). */
  onLog(handler: (message: LogMessage) => void): Promise<Unsubscribe> {
    return this.subscribeJson(this.topics.logs, 0, schemas.log, handler);
  }

  /** The connector's heartbeat: proof it is alive, and when to expect the next one. */
  onHeartbeat(handler: (message: HeartbeatMessage) => void): Promise<Unsubscribe> {
    return this.subscribeJson(this.topics.heartbeat, 0, schemas.heartbeat, handler);
  }

  /** Every datapoint the connector has seen, with an example value (retained). */
  onAvailableDatapoints(handler: (message: AvailableDatapointsMessage<Extract<keyof D['sensor'], string>, Extract<keyof D['actuator'], string>>) => void): Promise<Unsubscribe> {
    return this.subscribeJson(this.topics.availableDatapoints, 0, schemas.availableDatapoints, handler);
  }

  /**
   * Sensor values on the default topics `<name>/messages/<id>/value`. `key` is the datapoint key
   * when this client published the map that points there (else undefined).
   */
  onValue(handler: (message: ValueMessage<D['sensor'][keyof D['sensor']]>, id: string, key: Extract<keyof D['sensor'], string> | undefined) => void): Promise<Unsubscribe> {
    return this.subscribeJson<ValueMessage<D['sensor'][keyof D['sensor']]>>(this.topics.allValues, 0, schemas.value, (message, topic, [id = '']) => {
      const key = Object.entries(this.map.sensor).find(([, t]) => t === topic)?.[0] as Extract<keyof D['sensor'], string> | undefined;
      const schema = key ? this.valueSchemas.sensor[key] : undefined;
      // The datapoint's own schema from the spec; a mismatch is reported, not delivered.
      const reason = schema ? validatorFor(valueSchema(schema))(message) : undefined;
      if (reason) this.reportInvalid(topic, reason, JSON.stringify(message));
      else handler(message, id, key);
    });
  }

  /** A value of one sensor datapoint on the topic the map names (subscribe after publishing the map). */
  onSensorValue<K extends Extract<keyof D['sensor'], string>>(key: K, handler: (message: ValueMessage<D['sensor'][K]>) => void): Promise<Unsubscribe> {
    const topic = this.map.sensor[key] ?? this.topics.value(key);
    return this.subscribeJson(topic, 0, valueSchema(this.valueSchemas.sensor[key]), handler);
  }

  /** Publishes the datapoint map (retained, QoS 2, as the API does) and remembers it. */
  async publishDatapointMap(map: DatapointMapMessage<Extract<keyof D['sensor'], string>, Extract<keyof D['actuator'], string>>): Promise<void> {
    await this.publishJson(this.topics.datapointMap, map, 2, true, schemas.datapointMap);
    this.map = map;
  }

  /** Sends an actuator value to the topic the map names for it (default `<name>/messages/<key>/value`). */
  async publishActuatorValue<K extends Extract<keyof D['actuator'], string>>(key: K, value: D['actuator'][K & keyof D['actuator']], timestamp = Date.now()): Promise<void> {
    const topic = Object.entries(this.map.actuator).find(([, k]) => k === key)?.[0] ?? this.topics.value(key);
    await this.publishJson(topic, { value, timestamp }, 2, false, valueSchema(this.valueSchemas.actuator[key]));
  }

}

const valueSchemaCache = new WeakMap<object, object>();

/** `{value, timestamp}` whose value follows the datapoint's schema. */
function valueSchema(schema: object | undefined): object {
  if (!schema) return schemas.value;
  let wrapped = valueSchemaCache.get(schema);
  if (!wrapped) {
    wrapped = { ...schemas.value, properties: { ...schemas.value.properties, value: schema } };
    valueSchemaCache.set(schema, wrapped);
  }
  return wrapped;
}
