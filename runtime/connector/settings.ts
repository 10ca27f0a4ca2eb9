/**
 * The connector's settings under the original's environment variable names (see
 * ../shared/reference/connector.md "Settings"). One table decides every variable's default and
 * parsing rule; the generator (for `.env` specs) and the runtime (for the real environment) both
 * use it, so a value the generator accepts is one the connector accepts.
 */

/** How each device message is parsed. */
export type ParseAs = 'json' | 'yaml';
/** How the byte stream is cut into messages: `read` is the original's one-read-one-message. */
export type Framing = 'newline' | 'length-prefixed' | 'read';
/** How `raw_message` is published: the received text, or the original's Python `b'...'` form. */
export type RawMessageFormat = 'text' | 'python-bytes';
/** Python logging level names (the numbers on `<name>/logs` are 10…50). */
export type LogLevelName = 'debug' | 'info' | 'warning' | 'error' | 'critical';

/** The validated settings a connector runs with. */
export interface ConnectorSettings {
  /** Prefix of every topic (`CONNECTOR_NAME`). */
  readonly name: string;
  /** `MQTT_BROKER_HOST`; undefined (unset, or `embedded`) → the runtime starts an embedded broker. */
  readonly brokerHost: string | undefined;
  /** `MQTT_BROKER_PORT`; 0 with an embedded broker means "any free port". */
  readonly brokerPort: number;
  /** `SEND_RAW_MESSAGE_TO_DB=TRUE`. */
  readonly sendRawMessageToDb: boolean;
  /** `DEBUG=TRUE` → `debug`, else `LOG_LEVEL` (sockgen) or `info`. */
  readonly logLevel: LogLevelName;
  /** `SERVER_IP`, `SERVER_PORT`: the device. */
  readonly deviceHost: string;
  readonly devicePort: number;
  /** `RECV_BUFSIZE`: bytes per read. */
  readonly recvBufsize: number;
  /** `RECV_TIMEOUT` in seconds; `undefined` = wait forever (negative or 0 in the variable). */
  readonly recvTimeout: number | undefined;
  /** `PARSE_AS`. */
  readonly parseAs: ParseAs;
  /** `FRAMING` (sockgen only; the original always read one message per read). */
  readonly framing: Framing;
  /** `HEARTBEAT_INTERVAL` in seconds (sockgen only; the original's constructor argument, 30). */
  readonly heartbeatInterval: number;
  /** `RAW_MESSAGE_FORMAT` (sockgen only): `text` (default) or the original's `python-bytes`. */
  readonly rawMessageFormat: RawMessageFormat;
}

/** One problem with one variable. */
export interface SettingProblem {
  readonly variable: string;
  readonly message: string;
  readonly hint?: string;
  /** `warning`: accepted, but probably not what was meant. */
  readonly severity: 'error' | 'warning';
}

/** Variable values as read from a `.env` file, a spec or the environment. */
export type VariableValues = Readonly<Record<string, string | undefined>>;

type Parser<T> = (raw: string, problems: SettingProblem[], variable: string) => T | undefined;

const problem = (problems: SettingProblem[], variable: string, message: string, hint?: string, severity: 'error' | 'warning' = 'error') =>
  problems.push({ variable, message, severity, ...(hint ? { hint } : {}) });

const integer =
  (min: number, max: number): Parser<number> =>
  (raw, problems, variable) => {
    if (!/^[+-]?\d+$/.test(raw.trim())) return void problem(problems, variable, `${variable} must be a whole number, not \`${raw}\``);
    const value = Number(raw.trim());
    if (value < min || value > max) return void problem(problems, variable, `${variable} must be between ${min} and ${max}, not ${value}`);
    return value;
  };

/**
 * Longest delay Node's timers take (2^31-1 ms, about 24.8 days): a longer one is silently cut to
 * 1 ms, which would turn a receive timeout into a reconnect loop and a heartbeat into a flood.
 */
const maxTimerSeconds = Math.floor((2 ** 31 - 1) / 1000);

const tooLong = (problems: SettingProblem[], variable: string, value: number, hint: string) =>
  void problem(problems, variable, `${variable} must be at most ${maxTimerSeconds} seconds (about 24 days), not ${value}`, hint);

const positiveNumber: Parser<number> = (raw, problems, variable) => {
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) return void problem(problems, variable, `${variable} must be a number of seconds above 0, not \`${raw}\``);
  if (value > maxTimerSeconds) return tooLong(problems, variable, value, 'timers cannot wait longer');
  return value;
};

const flag: Parser<boolean> = (raw, problems, variable) => {
  const upper = raw.trim().toUpperCase();
  if (upper === 'TRUE') return true;
  if (upper === 'FALSE' || upper === '') return false;
  return void problem(problems, variable, `${variable} must be TRUE or FALSE, not \`${raw}\``, 'the original treats anything but exactly TRUE as FALSE; say which you mean');
};

const timeout: Parser<number | undefined> = (raw, problems, variable) => {
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(value)) {
    problem(problems, variable, `${variable} must be a number of seconds, not \`${raw}\``, 'a negative number waits forever');
    return undefined;
  }
  if (value === 0) problem(problems, variable, `${variable}=0 crashed the original; sockgen treats it as "wait forever"`, 'use -1 to say so explicitly', 'warning');
  if (value > maxTimerSeconds) return tooLong(problems, variable, value, 'a negative number waits forever');
  return value > 0 ? value : undefined;
};

const choice =
  <T extends string>(choices: readonly T[], hint?: string): Parser<T> =>
  (raw, problems, variable) => {
    const lower = raw.trim().toLowerCase() as T;
    if (choices.includes(lower)) return lower;
    return void problem(problems, variable, `${variable} must be one of ${choices.map((c) => c.toUpperCase()).join(', ')}, not \`${raw}\``, hint);
  };

const topicName: Parser<string> = (raw, problems, variable) => {
  const value = raw.trim();
  if (value === '') return void problem(problems, variable, `${variable} must not be empty`);
  if (/[+#/\u0000]/.test(value)) return void problem(problems, variable, `${variable} \`${value}\` cannot prefix MQTT topics (no /, + or #)`, 'use lowercase words joined by dashes');
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(value))
    problem(problems, variable, `${variable} \`${value}\` is not lowercase with dashes`, 'the API expects names like `socket-connector`', 'warning');
  return value;
};

const text: Parser<string> = (raw) => raw.trim();

/** Every variable: its name, its default (as text) and its parser. Sockgen-only ones are marked. */
export const connectorVariables = [
  { variable: 'CONNECTOR_NAME', fallback: 'unknown-connector', parse: topicName, original: true },
  { variable: 'MQTT_BROKER_HOST', fallback: '', parse: text, original: true },
  { variable: 'MQTT_BROKER_PORT', fallback: '1883', parse: integer(0, 65535), original: true },
  { variable: 'SEND_RAW_MESSAGE_TO_DB', fallback: 'FALSE', parse: flag, original: true },
  { variable: 'DEBUG', fallback: 'FALSE', parse: flag, original: true },
  { variable: 'SERVER_IP', fallback: '127.0.0.1', parse: text, original: true },
  { variable: 'SERVER_PORT', fallback: undefined, parse: integer(1, 65535), original: true },
  { variable: 'RECV_BUFSIZE', fallback: '4096', parse: integer(1, 16 * 1024 * 1024), original: true },
  { variable: 'RECV_TIMEOUT', fallback: '60', parse: timeout, original: true },
  { variable: 'PARSE_AS', fallback: 'JSON', parse: choice(['json', 'yaml'] as const, 'the original used YAML only for exactly `YAML`'), original: true },
  { variable: 'FRAMING', fallback: 'read', parse: choice(['newline', 'length-prefixed', 'read'] as const), original: false },
  { variable: 'HEARTBEAT_INTERVAL', fallback: '30', parse: positiveNumber, original: false },
  { variable: 'LOG_LEVEL', fallback: 'INFO', parse: choice(['debug', 'info', 'warning', 'error', 'critical'] as const), original: false },
  { variable: 'RAW_MESSAGE_FORMAT', fallback: 'TEXT', parse: choice(['text', 'python-bytes'] as const, 'TEXT publishes the received text; PYTHON-BYTES the original\'s b\'...\' form'), original: false },
] as const;

/** Names of all variables the connector reads, in the order the `.env` file lists them. */
export const connectorVariableNames: readonly string[] = connectorVariables.map((v) => v.variable);

/** Result of reading variables: the settings when there is no error, and every problem found. */
export interface SettingsResult {
  readonly settings?: ConnectorSettings;
  readonly problems: readonly SettingProblem[];
}

/** Reads variable values (later sources win) into settings; never throws. */
export function readConnectorSettings(...sources: readonly VariableValues[]): SettingsResult {
  const problems: SettingProblem[] = [];
  const pick = (variable: string): string | undefined => {
    let value: string | undefined;
    for (const source of sources) {
      const candidate = source[variable];
      // An empty variable (common in docker-compose) counts as unset, not as a value.
      if (candidate !== undefined && candidate.trim() !== '') value = candidate;
    }
    return value;
  };
  const values: Record<string, unknown> = {};
  for (const entry of connectorVariables) {
    const raw = pick(entry.variable) ?? entry.fallback;
    if (raw === undefined) {
      problem(problems, entry.variable, `${entry.variable} is required`, 'the original crashes without it; set it in the .env file or the environment');
      continue;
    }
    values[entry.variable] = (entry.parse as Parser<unknown>)(raw, problems, entry.variable);
  }
  if (problems.some((p) => p.severity === 'error')) return { problems };
  const host = values.MQTT_BROKER_HOST as string;
  const settings: ConnectorSettings = {
    name: values.CONNECTOR_NAME as string,
    // `embedded` asks for the embedded broker even when the spec names one (an empty variable cannot: it counts as unset).
    brokerHost: host === '' || host.toLowerCase() === 'embedded' ? undefined : host,
    brokerPort: values.MQTT_BROKER_PORT as number,
    sendRawMessageToDb: values.SEND_RAW_MESSAGE_TO_DB as boolean,
    logLevel: values.DEBUG === true ? 'debug' : (values.LOG_LEVEL as LogLevelName),
    deviceHost: values.SERVER_IP as string,
    devicePort: values.SERVER_PORT as number,
    recvBufsize: values.RECV_BUFSIZE as number,
    recvTimeout: values.RECV_TIMEOUT as number | undefined,
    parseAs: values.PARSE_AS as ParseAs,
    framing: values.FRAMING as Framing,
    heartbeatInterval: values.HEARTBEAT_INTERVAL as number,
    rawMessageFormat: values.RAW_MESSAGE_FORMAT as RawMessageFormat,
  };
  return { settings, problems };
}

/** Bad configuration: every problem, one per line, so a deployment fixes them all at once. */
export class ConnectorConfigError extends Error {
  constructor(readonly problems: readonly SettingProblem[]) {
    super(`invalid connector configuration:\n${problems.map((p) => `  ${p.message}${p.hint ? ` (hint: ${p.hint})` : ''}`).join('\n')}`);
    this.name = 'ConnectorConfigError';
  }
}

/** Like readConnectorSettings, but throws a ConnectorConfigError listing every error. */
export function resolveConnectorSettings(...sources: readonly VariableValues[]): ConnectorSettings {
  const result = readConnectorSettings(...sources);
  if (!result.settings) throw new ConnectorConfigError(result.problems.filter((p) => p.severity === 'error'));
  return result.settings;
}

/** Settings back to variables (the `.env` format); inverse of readConnectorSettings. */
export function settingsToVariables(settings: ConnectorSettings): Record<string, string> {
  return {
    CONNECTOR_NAME: settings.name,
    MQTT_BROKER_HOST: settings.brokerHost ?? '',
    MQTT_BROKER_PORT: String(settings.brokerPort),
    SEND_RAW_MESSAGE_TO_DB: settings.sendRawMessageToDb ? 'TRUE' : 'FALSE',
    DEBUG: settings.logLevel === 'debug' ? 'TRUE' : 'FALSE',
    SERVER_IP: settings.deviceHost,
    SERVER_PORT: String(settings.devicePort),
    RECV_BUFSIZE: String(settings.recvBufsize),
    RECV_TIMEOUT: String(settings.recvTimeout ?? -1),
    PARSE_AS: settings.parseAs.toUpperCase(),
    FRAMING: settings.framing,
    HEARTBEAT_INTERVAL: String(settings.heartbeatInterval),
    LOG_LEVEL: settings.logLevel.toUpperCase(),
    // Only when not the default, so specs that never mention it keep their generated files.
    ...(settings.rawMessageFormat === 'text' ? {} : { RAW_MESSAGE_FORMAT: settings.rawMessageFormat.toUpperCase() }),
  };
}
