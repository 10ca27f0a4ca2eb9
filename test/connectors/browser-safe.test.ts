/**
 * The consumer clients must run in a browser: bundling them for the browser platform (esbuild,
 * present through tsx) fails on any Node built-in they would pull in.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('browser-safe MQTT clients', () => {
  it.each([
    'runtime/mqtt-client/index.ts',
    'generated/connectors/socket-connector-json/client.ts',
    'generated/connectors/room-climate-api/client.ts',
  ])('%s bundles for the browser without Node built-ins', async (entry) => {
    const result = await build({
      entryPoints: [join(root, entry)],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      conditions: ['sockgen-source'],
      // The caller passes its own mqtt.js client; only types come from 'mqtt'.
      external: [],
    });
    expect(result.errors).toEqual([]);
    const text = result.outputFiles[0]!.text;
    expect(text).not.toMatch(/from ["']node:|require\(["'](net|fs|crypto|tls)["']\)/);
  });
});
