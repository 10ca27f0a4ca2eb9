/**
 * `sockgen/runtime/connector`: the TCP device → MQTT connector (../shared/reference/connector.md).
 * Node only. Consumers of its topics use `sockgen/runtime/mqtt-client` (browser-safe).
 */
export { startConnector, type ConnectorDefinition, type StartConnectorOptions, type RunningConnector, type ConnectorStats } from './connector.js';
export { runConnectorMain, type RunMainOptions } from './run-main.js';
export {
  readConnectorSettings,
  resolveConnectorSettings,
  settingsToVariables,
  connectorVariables,
  connectorVariableNames,
  ConnectorConfigError,
  type ConnectorSettings,
  type SettingProblem,
  type SettingsResult,
  type VariableValues,
  type ParseAs,
  type Framing,
  type LogLevelName,
} from './settings.js';
export { parseDotEnv, dotEnvValues, formatDotEnv, type DotEnvEntry, type DotEnvError } from './dotenv.js';
export { createFramer, FramingError, maxMessageBytes, type Framer } from './framing.js';
export { flattenMessage, toJsonValue } from './flatten.js';
export { parseDeviceMessage, type ParsedMessage } from './parse-message.js';
export { EmbeddedBrokerError, startEmbeddedBroker, type EmbeddedBroker } from './broker.js';
export { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff.js';
export { createConnectorLogger, type ConnectorLogger } from './logger.js';
export { connectorTopics, type ConnectorTopics } from '../mqtt-client/connector-messages.js';
