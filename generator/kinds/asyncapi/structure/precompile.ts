/**
 * Ahead-of-time compilation of the structure validators (ajv standalone), run by the build
 * (scripts/build.mjs) into dist/: every AsyncAPI version the installed @asyncapi/specs knows,
 * resolved and unresolved, as the parser prepares them. Identical code (2.x's two schemas differ
 * only in `$id`) is written once. The manifest names the tool versions, so a later upgrade of
 * those packages without a rebuild falls back to compiling instead of validating with stale code.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { structureSchemas } from './parser-internals.js';
import { spectralStandaloneCode, validatorToolVersions } from './spectral-ajv.js';
import { precompiledFolder, precompiledManifest, schemaKey, type PrecompiledManifest } from './validators.js';

const formatsShim = 'spectral-formats.cjs';

/** Writes the precompiled validators and their manifest; returns how many files. */
export function precompileStructureValidators(onProgress: (message: string) => void = () => {}): number {
  const folder = fileURLToPath(precompiledFolder);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  // The formats are Spectral's (resolved where the parser finds them when the code runs).
  writeFileSync(
    `${folder}/${formatsShim}`,
    [
      "'use strict';",
      '// The ajv-formats @asyncapi/parser\'s Spectral validates with (not necessarily the one sockgen depends on).',
      "const { createRequire } = require('node:module');",
      "const fromParser = createRequire(require.resolve('@asyncapi/parser'));",
      "module.exports = createRequire(fromParser.resolve('@stoplight/spectral-functions'))('ajv-formats/dist/formats');",
      '',
    ].join('\n'),
  );
  const files: Record<string, string> = {};
  const written = new Set<string>();
  for (const { version, resolved, schema } of structureSchemas()) {
    // 2.x's resolved and unresolved schemas differ only in `$id`, which no check depends on.
    const { $id: _id, ...checks } = schema;
    const file = `${createHash('sha256').update(JSON.stringify(checks)).digest('hex').slice(0, 16)}.cjs`;
    if (!written.has(file)) {
      onProgress(`compiling the AsyncAPI ${version} ${resolved ? 'resolved' : 'unresolved'} structure validator`);
      writeFileSync(`${folder}/${file}`, spectralStandaloneCode(schema, `./${formatsShim}`));
      written.add(file);
    }
    files[schemaKey(schema)] = file;
  }
  const manifest: PrecompiledManifest = { tools: validatorToolVersions(), files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  writeFileSync(`${folder}/${precompiledManifest}`, JSON.stringify(manifest, null, 2) + '\n');
  return written.size;
}
