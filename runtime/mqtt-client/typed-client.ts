/**
 * The base of every generated MQTT client: JSON payloads checked against the spec's schemas in
 * both directions, over any mqtt.js-compatible client the caller created (`mqtt.connect(...)` in
 * Node or the browser). Imports no Node module.
 */
import { addressFilter, addressParameters, fillAddress, topicMatches, topicWildcards } from './topic-match.js';
import { validatorFor } from './validator.js';

/** QoS levels. */
export type QoS = 0 | 1 | 2;

/** The part of mqtt.js's MqttClient the typed clients use. */
export interface MqttLike {
  publish(topic: string, message: string, options: { qos: QoS; retain: boolean }, callback: (error?: Error) => void): unknown;
  subscribe(topic: string, options: { qos: QoS }, callback: (error: Error | null) => void): unknown;
  unsubscribe(topic: string, callback: (error?: Error) => void): unknown;
  on(event: 'message', listener: (topic: string, payload: Uint8Array) => void): unknown;
  removeListener(event: 'message', listener: (topic: string, payload: Uint8Array) => void): unknown;
}

/** A received payload that is not JSON or does not match its schema. */
export class InvalidPayloadError extends Error {
  constructor(
    readonly topic: string,
    readonly reason: string,
    readonly payload: string,
  ) {
    super(`invalid payload on ${topic}: ${reason}`);
    this.name = 'InvalidPayloadError';
  }
}

/** Options of every typed client. */
export interface TypedClientOptions {
  /** Called for each received payload that fails validation (it is then dropped). Default: console.warn. */
  readonly onInvalid?: (error: InvalidPayloadError) => void;
}

interface Subscription {
  readonly filter: string;
  readonly check?: (value: unknown) => string | undefined;
  readonly handler: (payload: never, topic: string, wildcards: string[]) => void;
}

const decoder = new TextDecoder();

const numberText = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The schema of a channel's topic parameters, and those converted from topic text to numbers. */
export interface TopicParameters {
  readonly schema: object;
  readonly numeric?: readonly string[];
}

/** Parameter values as topic levels (numbers and booleans written as text); unset ones left out. */
function topicLevels(params: object): Record<string, string> {
  const levels: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) if (value !== undefined) levels[name] = String(value);
  return levels;
}

/** Subscribe/publish JSON with validation; generated clients add one typed method per topic. */
export class TypedMqttClient {
  private readonly subscriptions = new Set<Subscription>();
  private readonly onInvalid: (error: InvalidPayloadError) => void;
  private readonly listener = (topic: string, payload: Uint8Array) => this.dispatch(topic, payload);

  constructor(
    readonly mqtt: MqttLike,
    options: TypedClientOptions = {},
  ) {
    this.onInvalid = options.onInvalid ?? ((error) => console.warn(error.message));
    mqtt.on('message', this.listener);
  }

  /** Subscribes to a topic filter; resolves to a function that unsubscribes this handler. */
  async subscribeJson<T>(filter: string, qos: QoS, schema: object | undefined, handler: (payload: T, topic: string, wildcards: string[]) => void): Promise<() => Promise<void>> {
    const subscription: Subscription = { filter, handler: handler as Subscription['handler'], ...(schema ? { check: validatorFor(schema) } : {}) };
    this.subscriptions.add(subscription);
    await new Promise<void>((resolve, reject) => this.mqtt.subscribe(filter, { qos }, (error) => (error ? reject(error) : resolve())));
    return async () => {
      this.subscriptions.delete(subscription);
      if ([...this.subscriptions].some((s) => s.filter === filter)) return;
      await new Promise<void>((resolve, reject) => this.mqtt.unsubscribe(filter, (error) => (error ? reject(error) : resolve())));
    };
  }

  /** Validates then publishes; rejects with a TypeError before sending when the payload is invalid. */
  async publishJson(topic: string, payload: unknown, qos: QoS, retain: boolean, schema?: object): Promise<void> {
    const reason = schema ? validatorFor(schema)(payload) : undefined;
    if (reason) throw new TypeError(`refusing to publish an invalid payload on ${topic}: ${reason}`);
    const text = JSON.stringify(payload);
    await new Promise<void>((resolve, reject) => this.mqtt.publish(topic, text, { qos, retain }, (error) => (error ? reject(error) : resolve())));
  }

  /**
   * Subscribes to an AsyncAPI channel address; `{parameters}` not fixed in `params` match any
   * level and are handed to the handler by name. With `parameters`, the levels of a received
   * topic are converted (`numeric` ones from text) and validated: a topic whose parameters do not
   * match goes to `onInvalid`, as an invalid payload does.
   */
  async subscribeAddress<T, P extends object>(
    address: string,
    params: Partial<P>,
    qos: QoS,
    schema: object | undefined,
    handler: (payload: T, params: P, topic: string) => void,
    parameters?: TopicParameters,
  ): Promise<() => Promise<void>> {
    const filter = addressFilter(address, topicLevels(params));
    const names = addressParameters(address);
    const numeric = new Set(parameters?.numeric ?? []);
    const check = parameters ? validatorFor(parameters.schema) : undefined;
    return this.subscribeJson<T>(filter, qos, schema, (payload, topic) => {
      const levels = topic.split('/');
      const values: Record<string, unknown> = {};
      address.split('/').forEach((level, i) => {
        const match = /^\{([^}]+)\}$/.exec(level);
        if (!match || !names.includes(match[1]!)) return;
        const text = levels[i] ?? '';
        values[match[1]!] = numeric.has(match[1]!) && numberText.test(text) ? Number(text) : text;
      });
      const reason = check?.(values);
      if (reason) return this.reportInvalid(topic, `topic parameters: ${reason}`, JSON.stringify(payload));
      handler(payload, values as P, topic);
    });
  }

  /** Publishes to an AsyncAPI channel address with its `{parameters}` filled in (validated first when their schema is given). */
  async publishAddress(address: string, params: object, payload: unknown, qos: QoS, retain: boolean, schema?: object, parameterSchema?: object): Promise<void> {
    const reason = parameterSchema ? validatorFor(parameterSchema)(params) : undefined;
    if (reason) throw new TypeError(`refusing to publish on ${address}: invalid topic parameters: ${reason}`);
    return this.publishJson(fillAddress(address, topicLevels(params)), payload, qos, retain, schema);
  }

  /** Stops dispatching to this client's handlers (the mqtt client itself stays open). */
  detach(): void {
    this.mqtt.removeListener('message', this.listener);
    this.subscriptions.clear();
  }

  /** Hands an invalid received payload to `onInvalid`. */
  protected reportInvalid(topic: string, reason: string, payload: string): void {
    this.onInvalid(new InvalidPayloadError(topic, reason, payload));
  }

  private dispatch(topic: string, bytes: Uint8Array): void {
    let parsed: unknown;
    let parseError: string | undefined;
    let text: string | undefined;
    for (const subscription of this.subscriptions) {
      if (!topicMatches(subscription.filter, topic)) continue;
      if (text === undefined) {
        text = decoder.decode(bytes);
        // An empty retained message is how MQTT clears a topic; nothing to deliver.
        if (text === '') return;
        try {
          parsed = JSON.parse(text);
        } catch (error) {
          parseError = `not JSON (${(error as Error).message})`;
        }
      }
      const reason = parseError ?? subscription.check?.(parsed);
      if (reason) {
        this.onInvalid(new InvalidPayloadError(topic, reason, text));
        continue;
      }
      subscription.handler(parsed as never, topic, topicWildcards(subscription.filter, topic));
    }
  }
}
