/**
 * The connector loop (../shared/reference/connector.md "Pipeline"): device bytes → receive time →
 * raw message (optional) → parse → flatten → available datapoints → the values the datapoint
 * map selects. One event loop, no threads; nothing here exits the process.
 */
import { join } from 'node:path';
import { connect as connectMqtt, type MqttClient, type Store } from 'mqtt';
import { stringify as stringifyYaml } from 'yaml';
import { connectorMessageSchemas, connectorTopics, type DatapointMapMessage, type JsonValue, type LogMessage } from '../mqtt-client/connector-messages.js';
import { validatorFor } from '../mqtt-client/validator.js';
import { defaultBackoff, type BackoffOptions } from './backoff.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './broker.js';
import { startDeviceLink, type DeviceLink } from './device-link.js';
import { flattenMessage } from './flatten.js';
import { createConnectorLogger, type ConnectorLogger } from './logger.js';
import { parseDeviceMessage } from './parse-message.js';
import { pythonBytesRepr } from './python-bytes.js';
import { FileStore } from './file-store.js';
import { JournalFile } from './journal-file.js';
import { createPublisher, type Publisher, type WaitingMessage } from './publisher.js';
import type { ConnectorSettings } from './settings.js';

/** What the spec adds to the settings: the version and the actuators it declares. */
export interface ConnectorDefinition {
  /** `connector_version` of raw messages (the spec's info.version). */
  readonly version: string;
  /** Actuator datapoint keys with an example value, listed under available datapoints. */
  readonly actuators: Readonly<Record<string, JsonValue>>;
}

/** How to start a connector. */
export interface StartConnectorOptions {
  readonly settings: ConnectorSettings;
  readonly definition?: ConnectorDefinition;
  /** Device reconnect delays (default 0.5 s doubling to 30 s). */
  readonly deviceBackoff?: BackoffOptions;
  /** Broker reconnect period in ms (mqtt.js `reconnectPeriod`, default 1000). */
  readonly brokerReconnectMs?: number;
  /**
   * MQTT client id; default `sockgen-<name>`. It is stable because the session is persistent
   * (clean: false): a QoS 2 message the broker acknowledged with PUBREC lives in that session
   * until PUBREL, and a clean session would drop it on reconnect.
   */
  readonly clientId?: string;
  /** QoS 1/2 messages in flight at once (default 16, under Mosquitto's default of 20). */
  readonly maxInflight?: number;
  /**
   * Folder of the on-disk spool (created when missing): QoS 1/2 messages not yet acknowledged by
   * the broker (mqtt.js's outgoing store), incoming QoS 2 ones before PUBREL, and those waiting
   * for the in-flight window. The next start with the same folder sends them. Without it they
   * are kept in memory only (lost when the process ends).
   */
  readonly spoolDir?: string;
  /** Don't write log lines to stderr (tests, benchmarks). */
  readonly quiet?: boolean;
}

/** Counters, for tests and the benchmark. */
export interface ConnectorStats {
  messages: number;
  skipped: number;
  valuesPublished: number;
  deviceConnects: number;
  brokerConnects: number;
}

/** A running connector. */
export interface RunningConnector {
  /** The broker it talks to (the embedded one's URL when it started one). */
  readonly brokerUrl: string;
  readonly stats: Readonly<ConnectorStats>;
  readonly log: ConnectorLogger;
  /** Stops the device link and heartbeat, flushes QoS 1/2 messages, closes the broker connection. */
  stop(): Promise<void>;
}

const emptyDefinition: ConnectorDefinition = { version: '0.0.0', actuators: {} };

/** Starts the connector; resolves once the broker accepted the first connection. */
export async function startConnector(options: StartConnectorOptions): Promise<RunningConnector> {
  const { settings } = options;
  const definition = options.definition ?? emptyDefinition;
  const topics = connectorTopics(settings.name);
  const stats: ConnectorStats = { messages: 0, skipped: 0, valuesPublished: 0, deviceConnects: 0, brokerConnects: 0 };
  // No prototype: device keys like `__proto__` or `constructor` are ordinary datapoints here.
  const available: { sensor: Record<string, JsonValue>; actuator: Record<string, JsonValue> } = {
    sensor: Object.create(null),
    actuator: Object.assign(Object.create(null), definition.actuators),
  };
  let map: DatapointMapMessage = { sensor: {}, actuator: {} };
  let mqtt: MqttClient | undefined;

  let publisher: Publisher | undefined;
  // QoS 1/2 while the broker is away wait in the publisher and mqtt.js's store and are sent on
  // reconnect; QoS 0 ones are dropped then (queueQoSZero is off), which is what QoS 0 promises.
  const publish = (topic: string, payload: unknown, qos: 0 | 1 | 2, retain: boolean) => publisher?.publish(topic, payload, qos, retain);
  const forwardLog = (message: LogMessage) => {
    if (mqtt?.connected) publish(topics.logs, message, 0, true);
  };
  const log = createConnectorLogger(settings.logLevel, forwardLog, options.quiet);

  let embedded: EmbeddedBroker | undefined;
  let brokerUrl: string;
  if (settings.brokerHost === undefined) {
    embedded = await startEmbeddedBroker(settings.brokerPort);
    brokerUrl = embedded.url;
    log.info(`no MQTT_BROKER_HOST configured; started an embedded broker on ${brokerUrl}`, 'broker');
  } else {
    brokerUrl = `mqtt://${settings.brokerHost.includes(':') ? `[${settings.brokerHost}]` : settings.brokerHost}:${settings.brokerPort}`;
  }

  // One folder per connector name: the MQTT session (client id) is per name too.
  const spoolDir = options.spoolDir === undefined ? undefined : join(options.spoolDir, settings.name);
  let pumpAfterAck = () => {};
  const outgoingStore = spoolDir ? new FileStore(join(spoolDir, 'outgoing.jsonl'), () => pumpAfterAck()) : undefined;
  const incomingStore = spoolDir ? new FileStore(join(spoolDir, 'incoming.jsonl')) : undefined;
  const waiting = spoolDir ? new JournalFile<WaitingMessage>(join(spoolDir, 'waiting.jsonl')) : undefined;
  const spooled = (outgoingStore?.size ?? 0) + (waiting?.size ?? 0);
  if (spooled > 0) log.info(`${spooled} unacknowledged QoS 1/2 message(s) from the spool in ${spoolDir} will be sent`, 'broker');

  const client = connectMqtt(brokerUrl, {
    ...(outgoingStore && incomingStore ? { outgoingStore: outgoingStore as unknown as Store, incomingStore: incomingStore as unknown as Store } : {}),
    clientId: options.clientId ?? `sockgen-${settings.name}`,
    clean: false,
    // Subscriptions are made by hand on every connect (below), not left to the library.
    resubscribe: false,
    queueQoSZero: false,
    reconnectPeriod: options.brokerReconnectMs ?? 1000,
    connectTimeout: 10_000,
  });
  mqtt = client;
  publisher = createPublisher(client, options.maxInflight, outgoingStore && waiting ? { waiting, stored: () => outgoingStore.size } : undefined);
  pumpAfterAck = () => setImmediate(() => publisher?.pump());

  const actuatorTopics = () => Object.keys(map.actuator).sort();
  const subscribeAll = () => {
    client.subscribe(topics.datapointMap, { qos: 1 });
    for (const topic of actuatorTopics()) client.subscribe(topic, { qos: 2 });
  };

  const publishAvailable = () => publish(topics.availableDatapoints, available, 0, true);

  client.on('connect', () => {
    stats.brokerConnects++;
    subscribeAll();
    // A broker that restarted without persistence forgot the retained datapoint list.
    publishAvailable();
    log.info(`connected to the broker ${brokerUrl}`, 'broker');
  });
  client.on('offline', () => log.warning(`broker ${brokerUrl} unreachable; QoS 1/2 messages are kept until it is back`, 'broker'));
  client.on('error', (error) => log.warning(`broker: ${error.message}`, 'broker'));

  const checkMap = validatorFor(connectorMessageSchemas.datapointMap);
  const checkValue = validatorFor(connectorMessageSchemas.value);

  const onDatapointMap = (text: string) => {
    let parsed: unknown;
    try {
      // An empty retained message deletes the map: nothing is selected any more.
      parsed = text === '' ? { sensor: {}, actuator: {} } : JSON.parse(text);
    } catch {
      log.error('ignored a datapoint map that is not JSON; keeping the previous one', 'datapoint_map');
      return;
    }
    const reason = checkMap(parsed);
    if (reason) {
      log.error(`ignored an invalid datapoint map (${reason}); keeping the previous one`, 'datapoint_map');
      return;
    }
    const before = new Set(actuatorTopics());
    map = parsed as DatapointMapMessage;
    const after = new Set(actuatorTopics());
    for (const topic of before) if (!after.has(topic)) client.unsubscribe(topic);
    for (const topic of after) if (!before.has(topic)) client.subscribe(topic, { qos: 2 });
    log.info(`datapoint map: ${Object.keys(map.sensor).length} sensor, ${after.size} actuator datapoints`, 'datapoint_map');
  };

  let device: DeviceLink | undefined;
  const onActuatorValue = (topic: string, text: string) => {
    const key = Object.hasOwn(map.actuator, topic) ? map.actuator[topic] : undefined;
    if (key === undefined) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      log.error(`ignored an actuator value on ${topic} that is not JSON`, 'actuator');
      return;
    }
    const reason = checkValue(parsed);
    if (reason) return log.error(`ignored an invalid actuator value on ${topic}: ${reason}`, 'actuator');
    const body = Object.defineProperty({}, key, { value: (parsed as { value: JsonValue }).value, enumerable: true });
    const encoded = settings.parseAs === 'yaml' ? stringifyYaml(body) : JSON.stringify(body);
    if (!device?.send(Buffer.from(encoded))) log.warning(`device not connected; actuator value for ${key} dropped`, 'actuator');
  };

  client.on('message', (topic, payload) => {
    if (topic === topics.datapointMap) onDatapointMap(payload.toString('utf8'));
    else onActuatorValue(topic, payload.toString('utf8'));
  });

  let previousFailed = false;
  let hinted = false;
  // A device message is never fatal: whatever one does wrong is logged and the loop goes on.
  const onMessage = (bytes: Buffer) => {
    try {
      handleMessage(bytes);
    } catch (error) {
      stats.skipped++;
      log.error(`skipped a device message that could not be processed: ${(error as Error)?.message ?? String(error)}`, 'parser');
    }
  };

  const handleMessage = (bytes: Buffer) => {
    const timestamp = Date.now();
    stats.messages++;
    const text = bytes.toString('utf8');
    if (settings.sendRawMessageToDb) {
      const raw = settings.rawMessageFormat === 'python-bytes' ? pythonBytesRepr(bytes) : text;
      publish(topics.rawMessageToDb, { payload: { raw_message: raw, timestamp }, connector_version: definition.version }, 2, false);
    }
    const parsed = parseDeviceMessage(text, settings.parseAs);
    if (!parsed.ok) {
      stats.skipped++;
      log.warning(`skipped a device message: ${parsed.error}: ${preview(text)}`, 'parser');
      // One read = one message: two failures in a row usually mean messages split across reads.
      if (settings.framing === 'read' && previousFailed && !hinted) {
        hinted = true;
        log.warning('device messages look split or joined across reads (consecutive reads failed to parse); set FRAMING=newline (or length-prefixed) if the device ends each message with a newline', 'parser');
      }
      previousFailed = true;
      return;
    }
    previousFailed = false;
    const flat = flattenMessage(parsed.value, settings.parseAs === 'json');
    let added = false;
    for (const key in flat) {
      if (!Object.hasOwn(available.sensor, key)) {
        available.sensor[key] = flat[key]!;
        added = true;
      }
    }
    if (added) publishAvailable();
    const selected = map.sensor;
    for (const key in flat) {
      // Own keys only: a datapoint called `constructor` must not find Object's.
      const topic = Object.hasOwn(selected, key) ? selected[key] : undefined;
      if (topic === undefined) continue;
      publish(topic, { value: flat[key]!, timestamp }, 0, true);
      stats.valuesPublished++;
    }
  };

  await new Promise<void>((resolve) => {
    if (client.connected) resolve();
    else client.once('connect', () => resolve());
  });

  const heartbeat = () => {
    const now = Date.now();
    publish(topics.heartbeat, { this_heartbeats_timestamp: now, next_heartbeats_timestamp: now + Math.round(settings.heartbeatInterval * 1000) }, 0, false);
  };
  heartbeat();
  const heartbeatTimer = setInterval(heartbeat, settings.heartbeatInterval * 1000);

  device = startDeviceLink({
    host: settings.deviceHost,
    port: settings.devicePort,
    recvBufsize: settings.recvBufsize,
    recvTimeoutMs: settings.recvTimeout === undefined ? undefined : settings.recvTimeout * 1000,
    framing: settings.framing,
    backoff: options.deviceBackoff ?? defaultBackoff,
    log,
    onMessage,
    onState: (state) => {
      if (state === 'connected') stats.deviceConnects++;
    },
  });

  let stopping: Promise<void> | undefined;
  return {
    brokerUrl,
    stats,
    log,
    stop() {
      stopping ??= (async () => {
        clearInterval(heartbeatTimer);
        await device?.stop();
        log.info('connector stopped', 'connector');
        // Deliver what is queued when the broker is reachable; don't hang on one that is not.
        if (client.connected) await publisher?.drained(5000);
        // What is left stays in the spool (when there is one) for the next start.
        publisher?.pause();
        // end(false) waits for in-flight QoS 1/2 messages to be acknowledged.
        await new Promise<void>((resolve) => {
          // A broker that is away acknowledges nothing: don't wait for it (the spool keeps the rest).
          const timeout = setTimeout(() => client.end(true, {}, () => resolve()), client.connected ? 5000 : 0);
          client.end(false, {}, () => {
            clearTimeout(timeout);
            resolve();
          });
        });
        waiting?.close();
        outgoingStore?.close();
        incomingStore?.close();
        const left = (outgoingStore?.size ?? 0) + (waiting?.size ?? 0);
        if (left > 0) log.warning(`${left} QoS 1/2 message(s) not acknowledged by the broker${spoolDir ? ` are kept in the spool ${spoolDir} for the next start` : ' are lost (no spool folder)'}`, 'broker');
        await embedded?.close();
      })();
      return stopping;
    },
  };
}

function preview(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine;
}
