/**
 * The checks every connector source (`.env`, compose service) shares: unknown variables (with
 * "did you mean"), BEMCom's deployment keys known and quiet, and the settings rules of the
 * runtime table, each finding at the place the variable was written.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import { connectorVariableNames, readConnectorSettings, type ConnectorSettings } from '../../../runtime/connector/settings.js';

/**
 * Keys of BEMCom's connector templates and deployments that are not connector settings:
 * the container user, image tags, the Node-RED port, sockgen's run-time SPOOL_DIR. Known, not warned.
 */
export const deploymentKeys: readonly string[] = ['USER_ID', 'GROUP_ID', 'NODE_RED_PORT', 'NODE_RED_TAG', 'MOSQUITTO_TAG', 'CONTAINER_NAME', 'SPOOL_DIR'];

/** Where a variable was written. */
export interface VariablePlace {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly pointer: string;
}

/**
 * Checks variables; `place(key, part)` says where a key (`part` 'key': its name, for unknown
 * variables; 'value': its value, for bad values) was written (undefined: not written).
 */
export function checkVariables(
  values: Readonly<Record<string, string>>,
  place: (key: string, part: 'key' | 'value') => VariablePlace | undefined,
  fallback: VariablePlace,
): { settings?: ConnectorSettings; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at = (where: VariablePlace, severity: Diagnostic['severity'], code: string, message: string, hint?: string) =>
    diagnostics.push({ code, severity, message, file: where.file, line: where.line, col: where.col, pointer: where.pointer, ...(hint ? { hint } : {}) });
  for (const key of Object.keys(values)) {
    if (connectorVariableNames.includes(key) || deploymentKeys.includes(key) || key.startsWith('MQTT_TOPIC_')) continue;
    const close = connectorVariableNames.find((name) => similar(name, key));
    at(place(key, 'key') ?? fallback, 'warning', 'CONN004', `unknown variable ${key} is ignored`, close ? `did you mean ${close}?` : `the connector reads ${connectorVariableNames.join(', ')}`);
  }
  const result = readConnectorSettings(values);
  for (const problem of result.problems)
    at(place(problem.variable, 'value') ?? fallback, problem.severity, problem.severity === 'error' ? 'CONN002' : 'CONN003', problem.message, problem.hint);
  return { ...(result.settings ? { settings: result.settings } : {}), diagnostics };
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
