/**
 * The sockgen version and the fingerprint of the code that generates, two parts of the cache key.
 * Compiled (dist/), the build stamped the fingerprint of the sources it compiled, and bin/ runs
 * dist/ only while it matches; run from its sources (tests, a changed checkout), the sources are
 * hashed now, so an edited template or generator module is a new key either way.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What the generator is: its package version and the hash of its code and templates. */
export interface GeneratorIdentity {
  readonly version: string;
  readonly fingerprint: string;
}

let identity: Promise<GeneratorIdentity | undefined> | undefined;

/** This generator's identity, or undefined when it cannot be known (then nothing is cached). */
export function generatorIdentity(): Promise<GeneratorIdentity | undefined> {
  identity ??= find().catch(() => undefined);
  return identity;
}

async function find(): Promise<GeneratorIdentity | undefined> {
  // <root>/dist/generator/core/ when compiled, <root>/generator/core/ from the sources.
  const stamp = fileURLToPath(new URL('../../build-info.json', import.meta.url));
  const compiled = existsSync(stamp);
  const root = fileURLToPath(new URL(compiled ? '../../../' : '../../', import.meta.url));
  const version = String((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown }).version);
  if (compiled) {
    const fingerprint = (JSON.parse(readFileSync(stamp, 'utf8')) as { fingerprint?: unknown }).fingerprint;
    return typeof fingerprint === 'string' ? { version, fingerprint } : undefined;
  }
  const script = join(root, 'bin/source-fingerprint.mjs');
  if (!existsSync(script)) return undefined;
  const { sourceFingerprint } = (await import(pathToFileURL(script).href)) as { sourceFingerprint(root: string): { fingerprint: string } };
  return { version, fingerprint: sourceFingerprint(root).fingerprint };
}
