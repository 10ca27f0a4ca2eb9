/**
 * A docker compose file as a connector spec (BEMCom deployments): every service that runs a
 * socket connector (by image, or by its environment keys) is one connector. Its variables are
 * compose's: `env_file:` (followed, inside the project only) overridden by `environment:` (a list of
 * `KEY=value` or a map), with `${VAR}` substituted from the `.env` beside the compose file.
 * CONNECTOR_NAME defaults to the service name (with a warning).
 */
import { realPathInside } from '../../core/project-files.js';
import { isAbsolute, join, posix } from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.js';
import { toPointer, type SpecFile } from '../../core/spec-file.js';
import type { ConnectorIR } from '../../ir/connectors.js';
import type { LoadContext } from '../types.js';
import { parseDotEnv } from '../../../runtime/connector/dotenv.js';
import { settingsToVariables } from '../../../runtime/connector/settings.js';
import { checkVariables, type VariablePlace } from './check-variables.js';
import { interpolate, readComposeDotEnv } from './compose-interpolate.js';
import { isConnectorImage, isConnectorService, isObject, socketConnectorKeys } from './detect.js';

/** The connectors of one compose file. */
export function loadComposeConnectors(file: SpecFile, context: LoadContext): { connectors: ConnectorIR[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const connectors: ConnectorIR[] = [];
  const folder = posix.dirname(file.path);
  const services = isObject(file.data) && isObject(file.data.services) ? file.data.services : {};
  const projectEnv = readProjectEnv(folder, context);

  for (const [service, definition] of Object.entries(services)) {
    if (!isConnectorService(definition) || !isObject(definition)) continue;
    const servicePointer = toPointer('services', service);
    const values: Record<string, string> = Object.create(null);
    const places = new Map<string, VariablePlace>();
    const keyPlaces = new Map<string, VariablePlace>();
    const here = (pointer: string): VariablePlace => ({ file: file.path, ...file.locate(pointer), pointer });
    const substitute = (text: string, pointer: string): string => {
      const result = interpolate(text, projectEnv);
      for (const error of result.errors) diagnostics.push(file.diagnostic('error', 'CONN072', pointer, `service \`${service}\`: ${error}`, 'define the variable in the .env beside the compose file'));
      return result.value;
    };

    // env_file first: environment: wins over it, as in compose.
    for (const [index, entry] of envFileEntries(definition.env_file)) {
      const pointer = definition.env_file === undefined ? servicePointer : Array.isArray(definition.env_file) ? toPointer('services', service, 'env_file', index) : toPointer('services', service, 'env_file');
      const target = posix.normalize(posix.join(folder, entry.path));
      if (isAbsolute(entry.path) || target.startsWith('../') || target === '..' || !insideProject(context.root, target)) {
        diagnostics.push(file.diagnostic('error', 'CONN071', pointer, `service \`${service}\`: env_file ${JSON.stringify(entry.path)} is outside the project; it is not read`, 'keep env files inside the project folder'));
        continue;
      }
      if (!context.exists(target)) {
        if (entry.required) diagnostics.push(file.diagnostic('error', 'CONN071', pointer, `service \`${service}\`: env_file ${target} does not exist`, 'create it, or mark it required: false'));
        continue;
      }
      const text = context.readText(target);
      const parsed = { errors: parseDotEnv(text).errors, entries: readComposeDotEnv(text, projectEnv).entries };
      for (const error of parsed.errors.slice(0, 50)) diagnostics.push({ code: 'CONN001', severity: 'error', message: error.message, file: target, line: error.line, col: error.col, hint: 'a .env line is KEY=value, a # comment, or blank' });
      for (const variable of parsed.entries) {
        values[variable.key] = variable.value;
        places.set(variable.key, { file: target, line: variable.line, col: variable.valueCol, pointer: `/${variable.key}` });
        keyPlaces.set(variable.key, { file: target, line: variable.line, col: variable.col, pointer: `/${variable.key}` });
      }
    }

    const environment = definition.environment;
    if (Array.isArray(environment)) {
      environment.forEach((item, index) => {
        const pointer = toPointer('services', service, 'environment', index);
        if (typeof item !== 'string') return void diagnostics.push(file.diagnostic('error', 'CONN020', pointer, `service \`${service}\`: an environment entry must be KEY=value`));
        const equals = item.indexOf('=');
        // `- KEY` alone passes the variable of the shell running compose: unknown here, so unset.
        if (equals < 0) return;
        const key = item.slice(0, equals).trim();
        values[key] = substitute(item.slice(equals + 1), pointer);
        places.set(key, here(pointer));
      });
    } else if (isObject(environment)) {
      for (const [key, raw] of Object.entries(environment)) {
        const pointer = toPointer('services', service, 'environment', key);
        if (raw === null || raw === undefined) continue;
        if (typeof raw === 'object') {
          diagnostics.push(file.diagnostic('error', 'CONN020', pointer, `service \`${service}\`: environment value of ${key} must be a string, number or boolean`));
          continue;
        }
        values[key] = substitute(String(raw), pointer);
        places.set(key, here(pointer));
      }
    } else if (environment !== undefined) {
      diagnostics.push(file.diagnostic('error', 'CONN020', toPointer('services', service, 'environment'), `service \`${service}\`: environment must be a list of KEY=value or a map`));
    }

    // A BEMCom connector of another kind (Node-RED, Modbus...) is not a socket connector: say so, skip it.
    const socketKeys = Object.keys(values).filter((key) => (socketConnectorKeys as readonly string[]).includes(key));
    if (socketKeys.length === 0 && !/socket/i.test(String(definition.image ?? '')) && !/socket/i.test(service)) {
      const why = isConnectorImage(definition.image) ? `its image ${JSON.stringify(definition.image)}` : 'CONNECTOR_NAME';
      diagnostics.push(
        file.diagnostic('warning', 'CONN070', servicePointer, `service \`${service}\` runs a connector (${why}) that is not a socket connector (no ${socketConnectorKeys.join('/')}); skipped`, 'sockgen generates TCP socket connectors only'),
      );
      continue;
    }

    if (values.CONNECTOR_NAME === undefined || values.CONNECTOR_NAME.trim() === '') {
      values.CONNECTOR_NAME = service;
      diagnostics.push(file.diagnostic('warning', 'CONN005', servicePointer, `service \`${service}\` sets no CONNECTOR_NAME; the connector is named after the service`, 'set CONNECTOR_NAME in environment: to be explicit'));
    }
    const checked = checkVariables(values, (key, part) => (part === 'key' ? keyPlaces.get(key) : undefined) ?? places.get(key), here(servicePointer));
    for (const diagnostic of checked.diagnostics) diagnostics.push(diagnostic);
    if (!checked.settings) continue;
    const variables = settingsToVariables(checked.settings);
    connectors.push({
      name: checked.settings.name,
      origin: 'compose',
      version: '0.0.0',
      variables: Object.fromEntries(Object.entries(variables).sort(([a], [b]) => (a < b ? -1 : 1))),
      sensors: [],
      actuators: [],
      source: { file: file.path, pointer: servicePointer },
    });
  }
  return { connectors, diagnostics };
}

/**
 * Project-relative paths a compose file reads besides itself: the `.env` beside it and every
 * `env_file:` of its services. They feed its connectors and are not connectors of their own.
 */
export function composeInputs(file: SpecFile): string[] {
  const folder = posix.dirname(file.path);
  const inputs = [posix.join(folder, '.env')];
  const services = isObject(file.data) && isObject(file.data.services) ? file.data.services : {};
  for (const definition of Object.values(services)) {
    if (!isObject(definition)) continue;
    for (const [, entry] of envFileEntries(definition.env_file)) inputs.push(posix.normalize(posix.join(folder, entry.path)));
  }
  return inputs;
}

/** `env_file:` as a string, a list of strings, or a list of `{path, required}`. */
function envFileEntries(value: unknown): Array<[number, { path: string; required: boolean }]> {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const entries: Array<[number, { path: string; required: boolean }]> = [];
  list.forEach((item, index) => {
    if (typeof item === 'string') entries.push([index, { path: item, required: true }]);
    else if (isObject(item) && typeof item.path === 'string') entries.push([index, { path: item.path, required: item.required !== false }]);
  });
  return entries;
}

/** The `.env` beside the compose file: compose's source for `${VAR}` substitution. */
function readProjectEnv(folder: string, context: LoadContext): Record<string, string> {
  const path = posix.join(folder, '.env');
  if (!context.exists(path)) return Object.create(null);
  return readComposeDotEnv(context.readText(path)).values;
}

/** True when the real path (symlinks resolved) of a project-relative file is inside the project. */
const insideProject = (root: string, path: string): boolean => realPathInside(root, join(root, path));
