import { ConfigError } from './errors.js';
import type { SocketDefinition } from './types.js';

type Prompt = SocketDefinition['config']['prompts'][number];

/**
 * The socket's CONFIG (custom-sockets.md, "Keys seen in real socket.yml files"): its constants
 * plus every prompted value, taken from `values[name]`, else the environment variable of the same
 * name. Environment strings are converted to the prompt's type. Every missing required value is
 * reported at once in one ConfigError, so a server fails at start-up rather than on a request.
 */
export function resolveSocketConfig(
  definition: SocketDefinition,
  values: Record<string, unknown> = {},
  env: Record<string, string | undefined> = process.env,
): Record<string, unknown> {
  const config: Record<string, unknown> = { ...definition.config.constants };
  const problems: string[] = [];
  for (const prompt of definition.config.prompts) {
    const given = Object.hasOwn(values, prompt.name) ? values[prompt.name] : undefined;
    if (given !== undefined && given !== null) {
      config[prompt.name] = given;
      continue;
    }
    const fromEnv = env[prompt.name];
    if (fromEnv === undefined || fromEnv === '') {
      if (prompt.required) problems.push(missing(prompt));
      continue;
    }
    const converted = fromEnvironment(prompt, fromEnv);
    if (converted.ok) config[prompt.name] = converted.value;
    else problems.push(`environment variable ${prompt.name} must be ${converted.expected}, got ${JSON.stringify(fromEnv)}`);
  }
  if (problems.length > 0) {
    throw new ConfigError(`socket ${definition.name}: ${problems.join('; ')}`);
  }
  return config;
}

function missing(prompt: Prompt): string {
  const about = prompt.description ? ` (${prompt.description})` : '';
  return `missing required config value ${prompt.name}${about}: set the environment variable ${prompt.name} or pass it in the socket's config values`;
}

type Conversion = { ok: true; value: unknown } | { ok: false; expected: string };

/** Environment variables are strings; prompts say what they should become. */
function fromEnvironment(prompt: Prompt, text: string): Conversion {
  switch (prompt.type.toLowerCase()) {
    case 'integer':
    case 'int': {
      const value = Number(text);
      return Number.isInteger(value) ? { ok: true, value } : { ok: false, expected: 'an integer' };
    }
    case 'float':
    case 'number': {
      const value = Number(text);
      return text.trim() !== '' && Number.isFinite(value) ? { ok: true, value } : { ok: false, expected: 'a number' };
    }
    case 'boolean':
    case 'bool': {
      const lower = text.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(lower)) return { ok: true, value: true };
      if (['false', '0', 'no', 'off'].includes(lower)) return { ok: true, value: false };
      return { ok: false, expected: 'true or false' };
    }
    case 'object':
    case 'array':
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) as unknown };
      } catch {
        return { ok: false, expected: 'JSON' };
      }
    default:
      return { ok: true, value: text };
  }
}
