/**
 * `sockgen/runtime/mqtt-client`: typed, validated MQTT clients over any mqtt.js-compatible
 * connection. Browser-safe (no Node modules); generated `client.ts` files build on it.
 */
export { TypedMqttClient, InvalidPayloadError, type MqttLike, type QoS, type TopicParameters, type TypedClientOptions } from './typed-client.js';
export { ConnectorClient, type DatapointTypes } from './connector-client.js';
export {
  connectorTopics,
  connectorMessageSchemas,
  logLevels,
  type ConnectorTopics,
  type LogMessage,
  type HeartbeatMessage,
  type AvailableDatapointsMessage,
  type DatapointMapMessage,
  type ValueMessage,
  type RawMessageToDb,
  type JsonValue,
} from './connector-messages.js';
export { topicMatches, topicWildcards, addressFilter, addressParameters, fillAddress } from './topic-match.js';
export { validatorFor } from './validator.js';
