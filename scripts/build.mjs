#!/usr/bin/env node
// `npm run build`, also run by `prepare` (so `npm install`/`npm ci` of a clone builds, and
// `npm pack`/publish ship a fresh dist/): compiles generator/ and runtime/ into dist/, copies the
// templates beside the compiled renderer, and stamps dist/build-info.json with the fingerprint of
// the sources it compiled. Without the stamp (a failed or running build) bin/ runs the sources.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildInfoPath, distIsFresh, sourceFingerprint } from '../bin/source-fingerprint.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, buildInfoPath);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // `npm install --omit=dev` of a clone: no compiler, and bin/ runs the sources through tsx.
  console.warn('sockgen build: typescript is not installed; skipped (the CLI runs its TypeScript sources)');
  process.exit(0);
}

// `prepare` (npm install, npm ci, npm pack) passes --if-stale: a dist/ built from exactly these
// sources is kept. `npm pack` in the package tests would otherwise rebuild dist/ in place while
// other tests run the CLI from it (its stamp is gone during a build).
// The packages bundled (core/bundle-loader.ts): who writes each bundle, and the manifests they write.
const bundles = [
  { name: '@asyncapi/parser', module: 'dist/generator/kinds/asyncapi/parser-modules.js', write: 'bundleParser', manifests: ['dist/generator/kinds/asyncapi/parser-bundle/manifest.json'] },
  { name: 'ts-morph', module: 'dist/generator/targets/openapi/ts-morph-module.js', write: 'bundleTsMorph', manifests: ['dist/generator/targets/openapi/ts-morph-bundle/manifest.json'] },
  {
    name: 'yaml, handlebars, ajv, jsonc-parser and json-schema-to-typescript',
    module: 'dist/generator/core/packages.js',
    write: 'bundlePackages',
    manifests: ['dist/generator/packages-bundle/manifest.json', 'dist/generator/schema-types-bundle/manifest.json'],
  },
];
const derived = ['dist/templates-precompiled.cjs', ...bundles.flatMap((bundle) => bundle.manifests), 'dist/generator/kinds/asyncapi/structure/precompiled/manifest.json', 'dist/generator/core/meta-schema-precompiled/manifest.json', 'dist/generator/kinds/asyncapi/structure/precompiled-schema-objects/manifest.json', 'dist/generator/kinds/asyncapi/structure/precompiled-function-inputs/manifest.json', 'dist/generator/targets/openapi/pristine-stub-schemas.json', 'dist/generator/targets/openapi/checker-snapshot/program.cjs', 'dist/cli-bundle/main.js'];
if (process.argv.includes('--if-stale') && distIsFresh(root) && derived.every((path) => existsSync(join(root, path)))) {
  console.log('sockgen build: dist/ is up to date with the sources (npm run build rebuilds it anyway)');
  process.exit(0);
}

rmSync(stamp, { force: true });
// Hashed before compiling: a file edited while tsc runs then makes the stamp stale (sources are
// run), never a stamp that vouches for output compiled from older text.
const fingerprint = sourceFingerprint(root);
const started = performance.now();
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
// Exit 2 is "type errors, JavaScript emitted": the same code tsx would run from the sources (it
// strips types without checking), so dist/ stays equivalent; `npm test`'s type-check step is what
// fails on them. Any other failure emitted nothing usable.
if (result.status === 2) console.warn('sockgen build: type errors above (the type-check step of `npm test` reports them); JavaScript emitted');
else if (result.status !== 0) {
  console.error(`sockgen build: tsc failed (exit ${result.status ?? result.signal}); dist/ is not stamped, so the CLI keeps running its sources`);
  process.exit(result.status ?? 1);
}
// The compiled renderer reads templates relative to itself (dist/generator/core → dist/templates).
rmSync(join(root, 'dist/templates'), { recursive: true, force: true });
cpSync(join(root, 'templates'), join(root, 'dist/templates'), { recursive: true });
// The templates, precompiled (core/render.ts loads them instead of compiling each on every run).
const { writePrecompiledTemplates } = await import(pathToFileURL(join(root, 'dist/generator/core/render.js')).href);
console.log(`sockgen build: ${writePrecompiledTemplates()} templates precompiled`);
if (!existsSync(join(root, 'dist/generator/cli/main.js'))) {
  console.error('sockgen build: dist/generator/cli/main.js was not emitted');
  process.exit(1);
}
// The AsyncAPI parser as one file (parser-modules.ts loads it, with V8's cache of its code). Before
// the validators: they are precompiled from the schemas of the parser the CLI will load.
// ts-morph likewise, for the handler type checker, and the packages every run executes.
for (const { name, module, write } of bundles) {
  const started = performance.now();
  try {
    const bytes = await (await import(pathToFileURL(join(root, module)).href))[write]();
    console.log(`sockgen build: ${name} bundled (${(bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.warn(`sockgen build: ${name} not bundled (${error instanceof Error ? error.message.split('\n', 1)[0] : error}); the CLI requires it from node_modules`);
  }
}
// AsyncAPI's own JSON Schemas, compiled once here instead of on every run that parses a document.
const validatorsStarted = performance.now();
const { precompileStructureValidators } = await import(pathToFileURL(join(root, 'dist/generator/kinds/asyncapi/structure/precompile.js')).href);
const validators = precompileStructureValidators();
console.log(`sockgen build: ${validators} AsyncAPI structure validators precompiled in ${((performance.now() - validatorsStarted) / 1000).toFixed(1)} s`);
// AsyncAPI's Schema Object, which the parser checks a document's schemas against, likewise.
const { precompileSchemaObjectValidators } = await import(pathToFileURL(join(root, 'dist/generator/kinds/asyncapi/structure/schema-object-validators.js')).href);
console.log(`sockgen build: ${precompileSchemaObjectValidators()} AsyncAPI Schema Object validators precompiled`);
// The input schemas of the parser's rule functions, which Spectral checks each function's values against.
const { precompileFunctionInputValidators } = await import(pathToFileURL(join(root, 'dist/generator/kinds/asyncapi/structure/function-input-validators.js')).href);
console.log(`sockgen build: ${precompileFunctionInputValidators()} rule function input schemas precompiled`);
// JSON Schema draft-07's meta-schema, which spec schemas are checked against, compiled once here.
const { precompileMetaSchemaValidators } = await import(pathToFileURL(join(root, 'dist/generator/core/meta-schema.js')).href);
console.log(`sockgen build: ${precompileMetaSchemaValidators()} draft-07 meta-schema checks precompiled`);
// The types of sockgen's own unedited stubs: every such stub has them, so runs need no checker for them.
const { precomputedFile, readPristineStubSchemas } = await import(pathToFileURL(join(root, 'dist/generator/targets/openapi/pristine-stubs.js')).href);
writeFileSync(precomputedFile, JSON.stringify(await readPristineStubSchemas(), null, 2) + '\n');
// The handler type checker's startup snapshot (targets/openapi/checker-snapshot.ts): its program, and
// the snapshot itself for the Node.js running this build (a run makes one for another Node.js).
const snapshotStarted = performance.now();
const checkerSnapshot = await import(pathToFileURL(join(root, 'dist/generator/targets/openapi/checker-snapshot.js')).href);
try {
  await checkerSnapshot.bundleCheckerSnapshotProgram();
  const made = checkerSnapshot.makeCheckerSnapshot();
  if ('path' in made) console.log(`sockgen build: handler type checker snapshot made for Node.js ${process.version} in ${((performance.now() - snapshotStarted) / 1000).toFixed(1)} s`);
  else console.warn(`sockgen build: no handler type checker snapshot (${made.error}); runs check handlers in a worker thread`);
} catch (error) {
  console.warn(`sockgen build: no handler type checker snapshot (${error instanceof Error ? error.message.split('\n', 1)[0] : error}); runs check handlers in a worker thread`);
}
// The CLI itself as a few files (generator/cli/cli-bundle.ts); without it bin/ runs dist/generator/cli/main.js.
try {
  const { bundleCli } = await import(pathToFileURL(join(root, 'dist/generator/cli/cli-bundle.js')).href);
  console.log(`sockgen build: CLI bundled (${await bundleCli()} modules)`);
} catch (error) {
  rmSync(join(root, 'dist/cli-bundle'), { recursive: true, force: true });
  console.warn(`sockgen build: CLI not bundled (${error instanceof Error ? error.message.split('\n', 1)[0] : error}); it runs as separate modules`);
}
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(stamp, JSON.stringify(fingerprint, null, 2) + '\n');
console.log(`sockgen build: dist/ compiled in ${((performance.now() - started) / 1000).toFixed(1)} s`);
