/**
 * A deployed connector's `.env` file as a spec: the original's variables, checked with the same
 * rules the runtime applies, every problem pinned to the line and column of the value.
 * SpecFile has no parsed data for `.env` files, so positions come from runtime/connector/dotenv.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import type { SpecFile } from '../../core/spec-file.js';
import type { ConnectorIR } from '../../ir/connectors.js';
import { parseDotEnv } from '../../../runtime/connector/dotenv.js';
import { connectorVariableNames, readConnectorSettings, settingsToVariables } from '../../../runtime/connector/settings.js';

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

  const values: Record<string, string> = {};
  const position = new Map<string, { line: number; col: number }>();
  for (const entry of entries) {
    values[entry.key] = entry.value;
    position.set(entry.key, { line: entry.line, col: entry.valueCol });
    if (!connectorVariableNames.includes(entry.key)) {
      const close = connectorVariableNames.find((name) => similar(name, entry.key));
      at(entry.line, entry.col, 'warning', 'CONN004', `unknown variable ${entry.key} is ignored`, close ? `did you mean ${close}?` : `the connector reads ${connectorVariableNames.join(', ')}`, `/${entry.key}`);
    }
  }
  const fallback = position.get('CONNECTOR_NAME') ?? { line: 1, col: 1 };
  const result = readConnectorSettings(values);
  for (const problem of result.problems) {
    const where = position.get(problem.variable) ?? fallback;
    at(where.line, where.col, problem.severity, problem.severity === 'error' ? 'CONN002' : 'CONN003', problem.message, problem.hint, `/${problem.variable}`);
  }
  if (!result.settings || errors.length > 0) return { diagnostics };
  const settings = result.settings;
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

/** Same letters but one (a typo), or the same name in another case. */
function similar(known: string, given: string): boolean {
  if (known.toUpperCase() === given.toUpperCase()) return true;
  if (Math.abs(known.length - given.length) > 1) return false;
  let edits = 0;
  for (let i = 0, j = 0; i < known.length || j < given.length; ) {
    if (known[i] === given[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (known.length > given.length) i++;
    else if (given.length > known.length) j++;
    else {
      i++;
      j++;
    }
  }
  return true;
}
