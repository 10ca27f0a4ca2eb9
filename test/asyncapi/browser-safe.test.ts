/**
 * Generated AsyncAPI clients run in browsers: bundling them (and the validators, which the
 * browser may reuse) for the browser platform with esbuild fails on any Node built-in.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('browser-safe AsyncAPI clients', () => {
  it.each([
    'runtime/socketio-client/index.ts',
    'generated/asyncapi/chat/client.ts',
    'generated/asyncapi/chat/validators.ts',
    'generated/asyncapi/user-account-service/client.ts',
  ])('%s bundles for the browser without Node built-ins', async (entry) => {
    const result = await build({
      entryPoints: [join(root, entry)],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      conditions: ['sockgen-source'],
    });
    expect(result.errors).toEqual([]);
    const text = result.outputFiles[0]!.text;
    expect(text).not.toMatch(/from ["']node:|require\(["'](net|fs|http|crypto|tls)["']\)/);
    expect(text.length).toBeGreaterThan(1000);
  });

  it('the bundled validators work: ajv helpers imported through the interop', async () => {
    const result = await build({
      entryPoints: [join(root, 'generated/asyncapi/chat/validators.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    const url = `data:text/javascript;base64,${Buffer.from(result.outputFiles[0]!.text).toString('base64')}`;
    const validators = (await import(url)) as Record<string, ((data: unknown) => boolean) & { errors?: unknown[] }>;
    const say = validators.validateSayPayload!;
    expect(say({ text: 'hi' })).toBe(true);
    // maxLength counts characters (ajv's ucs2length helper, imported through the interop).
    expect(say({ text: '😀'.repeat(500) })).toBe(true);
    expect(say({ text: '😀'.repeat(501) })).toBe(false);
    const line = validators.validateLine!;
    expect(line({ id: '0b6e3c1e-2d44-4a8c-9d3c-0a1f2b3c4d5e', text: 'x', at: 'not a date', author: { name: 'a', role: 'member' } })).toBe(false);
  });
});
