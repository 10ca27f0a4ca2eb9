import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './errors.js';

/** The instance-wide settings every socket of a server shares (the platform's instance config). */
export interface InstanceSettings {
  /** Merged under each socket's own CONFIG (a socket's value wins), as the platform did. */
  config: Record<string, unknown>;
  /** Users a request identifies with `X-USER-KEY` (or `user_key`): META['user'] = {id, username, user_key}. */
  users: Array<{ id: number; username: string; user_key: string }>;
  /** Admins a request identifies with its `X-API-KEY` (or `api_key`): META['admin'] = {id, email}. */
  admins: Array<{ id: number; email: string; api_key: string }>;
}

const cache = new Map<string, InstanceSettings>();

/**
 * Reads the instance settings: the JSON file SOCKGEN_INSTANCE_CONFIG names (else
 * `sockgen.instance.json` in the working folder, when present) with `config`, `users`, `admins`,
 * then every `SOCKGEN_CONFIG_<NAME>` variable as `config[<name>]` (lower-cased; JSON when it parses).
 * Read once per process and environment; a file that is not valid JSON is a ConfigError.
 */
export function instanceSettings(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): InstanceSettings {
  const named = env.SOCKGEN_INSTANCE_CONFIG;
  const path = resolve(cwd, named || 'sockgen.instance.json');
  const variables = Object.keys(env).filter((key) => key.startsWith('SOCKGEN_CONFIG_')).sort();
  const key = `${path}\0${variables.map((name) => `${name}=${env[name]}`).join('\0')}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const settings: InstanceSettings = { config: {}, users: [], admins: [] };
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (named) throw new ConfigError(`SOCKGEN_INSTANCE_CONFIG names ${path}, which cannot be read: ${(error as Error).message}`);
  }
  if (text !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`instance config ${path} is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`instance config ${path} must be a JSON object with config, users, admins`);
    const file = parsed as Partial<Record<keyof InstanceSettings, unknown>>;
    if (typeof file.config === 'object' && file.config !== null && !Array.isArray(file.config)) Object.assign(settings.config, file.config);
    if (Array.isArray(file.users)) settings.users = file.users as InstanceSettings['users'];
    if (Array.isArray(file.admins)) settings.admins = file.admins as InstanceSettings['admins'];
  }
  for (const name of variables) {
    const raw = env[name] ?? '';
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // A plain string.
    }
    settings.config[name.slice('SOCKGEN_CONFIG_'.length).toLowerCase()] = value;
  }
  cache.set(key, settings);
  return settings;
}
