import { describe, expect, it } from 'vitest';
import { ConfigError, resolveSocketConfig } from 'sockgen/runtime/http';
import { socket } from './support.js';

const definition = socket('mailer', [], {
  config: {
    constants: { region: 'eu', retries: 3 },
    prompts: [
      { name: 'API_KEY', type: 'string', description: 'Mailgun API key', required: true },
      { name: 'PORT_NUMBER', type: 'integer', required: true },
      { name: 'VERBOSE', type: 'boolean', required: false },
      { name: 'LIMITS', type: 'object', required: false },
    ],
  },
});

describe('resolveSocketConfig', () => {
  it('merges constants with prompted values from values, then the environment, converted to their type', () => {
    const config = resolveSocketConfig(definition, { API_KEY: 'from-values' }, { API_KEY: 'from-env', PORT_NUMBER: '25', VERBOSE: 'yes', LIMITS: '{"max":2}' });
    expect(config).toEqual({ region: 'eu', retries: 3, API_KEY: 'from-values', PORT_NUMBER: 25, VERBOSE: true, LIMITS: { max: 2 } });
  });

  it('leaves optional prompts out when nobody supplies them', () => {
    expect(resolveSocketConfig(definition, { API_KEY: 'k', PORT_NUMBER: 1 }, {})).toEqual({ region: 'eu', retries: 3, API_KEY: 'k', PORT_NUMBER: 1 });
  });

  it('names every missing required value and how to set it, in one ConfigError', () => {
    let error: unknown;
    try {
      resolveSocketConfig(definition, {}, { API_KEY: '' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      "socket mailer: missing required config value API_KEY (Mailgun API key): set the environment variable API_KEY or pass it in the socket's config values; " +
        "missing required config value PORT_NUMBER: set the environment variable PORT_NUMBER or pass it in the socket's config values",
    );
  });

  it('refuses environment values of the wrong type', () => {
    expect(() => resolveSocketConfig(definition, {}, { API_KEY: 'k', PORT_NUMBER: 'twenty', VERBOSE: 'maybe' })).toThrow(
      'socket mailer: environment variable PORT_NUMBER must be an integer, got "twenty"; environment variable VERBOSE must be true or false, got "maybe"',
    );
  });

  it('reads process.env by default', () => {
    process.env.SOCKGEN_TEST_PROMPT = 'from-process';
    try {
      const config = resolveSocketConfig(socket('s', [], { config: { constants: {}, prompts: [{ name: 'SOCKGEN_TEST_PROMPT', type: 'string', required: true }] } }));
      expect(config).toEqual({ SOCKGEN_TEST_PROMPT: 'from-process' });
    } finally {
      delete process.env.SOCKGEN_TEST_PROMPT;
    }
  });
});
