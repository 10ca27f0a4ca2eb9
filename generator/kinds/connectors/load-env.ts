/**
 * A deployed connector's `.env` file as a spec: the original's variables, checked with the same
 * rules the runtime applies, every problem pinned to the line and column of the value.
 * SpecFile has no parsed data for `.env` files, so positions come from runtime/connector/dotenv.
 */
import { posix } from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { SpecFile } from '../../core/spec-file.js';
import type { ConnectorIR } from '../../ir/connectors.js';
import { parseDotEnv } from '../../../runtime/connector/dotenv.js';
import { connectorVariableNames, settingsToVariables } from '../../../runtime/connector/settings.js';
import { checkVariables, deploymentKeys, type VariablePlace } from './check-variables.js';
import { socketConnectorKeys } from './detect.js';

/** CONN001 lines reported one by one per file; the rest are counted in one more. */
export const maxLineErrors = 50;

/** Loads one `.env` connector spec. */
export function loadEnvConnector(file: SpecFile): { connector?: ConnectorIR; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at = (line: number, col: number, severity: Diagnostic['severity'], code: string, message: string, hint?: string, pointer = '') =>
    diagnostics.push({ code, severity, message, file: file.path, line, col, pointer, ...(hint ? { hint } : {}) });

  const { entries, errors } = parseDotEnv(file.text);
  // A file of 200,000 bad lines (not a .env at all) reports the first ones, then says how many more.
  for (const error of errors.slice(0, maxLineErrors)) at(error.line, error.col, 'error', 'CONN001', error.message, 'a .env line is KEY=value, a # comment, or blank');
  if (errors.length > maxLineErrors) {
    const next = errors[maxLineErrors]!;
    at(next.line, next.col, 'error', 'CONN001', `${errors.length - maxLineErrors} more lines are not KEY=value (not reported one by one)`, 'is this file a .env file?');
  }

  const values: Record<string, string> = Object.create(null);
  const places = new Map<string, VariablePlace>();
  const keyPlaces = new Map<string, VariablePlace>();
  for (const entry of entries) {
    values[entry.key] = entry.value;
    places.set(entry.key, { file: file.path, line: entry.line, col: entry.valueCol, pointer: `/${entry.key}` });
    keyPlaces.set(entry.key, { file: file.path, line: entry.line, col: entry.col, pointer: `/${entry.key}` });
  }
  // A BEMCom connector of another kind (Node-RED, Modbus...) has CONNECTOR_NAME but no socket
  // setting, and settings of its own: not a socket connector; say so instead of demanding SERVER_PORT.
  const keys = Object.keys(values);
  const foreign = keys.filter((key) => !connectorVariableNames.includes(key) && !deploymentKeys.includes(key) && !key.startsWith('MQTT_TOPIC_'));
  if (!keys.some((key) => (socketConnectorKeys as readonly string[]).includes(key)) && (foreign.length > 0 || keys.some((key) => key.startsWith('NODE_RED_')))) {
    at(1, 1, 'warning', 'CONN070', `this .env configures a connector that is not a socket connector (no ${socketConnectorKeys.join('/')}; ${foreign.length > 0 ? `its own settings ${foreign.slice(0, 3).join(', ')}` : 'Node-RED settings'}); skipped`, 'sockgen generates TCP socket connectors only');
    return { diagnostics };
  }
  // BEMCom keeps CONNECTOR_NAME in docker-compose: a connector's .env without it is named after its folder.
  if (values.CONNECTOR_NAME === undefined || values.CONNECTOR_NAME.trim() === '') {
    const name = folderName(file.path);
    values.CONNECTOR_NAME = name;
    at(1, 1, 'warning', 'CONN005', `no CONNECTOR_NAME in this .env; the connector is named \`${name}\` after its folder`, 'set CONNECTOR_NAME (BEMCom sets it in docker-compose; sockgen reads a compose file too)', '/CONNECTOR_NAME');
  }
  const fallback = places.get('CONNECTOR_NAME') ?? { file: file.path, line: 1, col: 1, pointer: '' };
  const checked = checkVariables(values, (key, part) => (part === 'key' ? keyPlaces : places).get(key), fallback);
  for (const diagnostic of checked.diagnostics) diagnostics.push(diagnostic);
  if (!checked.settings || errors.length > 0) return { diagnostics };
  const settings = checked.settings;
  const variables = settingsToVariables(settings);
  return {
    diagnostics,
    connector: {
      name: settings.name,
      origin: 'env',
      version: '0.0.0',
      variables: Object.fromEntries(Object.entries(variables).sort(([a], [b]) => (a < b ? -1 : 1))),
      sensors: [],
      actuators: [],
      source: { file: file.path, pointer: '/CONNECTOR_NAME' },
    },
  };
}

/**
 * The connector name a folder gives: its name in lowercase with dashes (`Socket_Connector` →
 * `socket-connector`); BEMCom's `<name>/source/.env` layout takes the folder above `source`.
 */
export function folderName(path: string): string {
  const parts = posix.dirname(path).split('/').filter((part) => part !== '' && part !== '.');
  while (parts.length > 1 && /^(source|src|config|env)$/i.test(parts[parts.length - 1]!)) parts.pop();
  const raw = parts[parts.length - 1] ?? 'connector';
  const name = raw
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return name === '' ? 'connector' : name;
}
