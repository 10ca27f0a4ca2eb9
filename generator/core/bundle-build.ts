/**
 * Build step: packages bundled by esbuild into one CommonJS file each, for bundle-loader.ts. Only
 * resolving, reading and compiling hundreds of modules is saved; the code is the packages'
 * published code, made at build time and never committed.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFile, bundleManifest, installedVersions, type BundleManifest, type PackageBundle } from './bundle-loader.js';
import { loadableModule } from './loadable-module.js';

/** A module of a bundled package whose code the bundle replaces (each says why where it is made). */
export interface Replacement {
  /** Matches the module's resolved path. */
  readonly path: RegExp;
  readonly contents: string;
}

/**
 * Replaces the bundle's folder with the bundle (`{ get name() { return require(path) } }` for each
 * of its modules) and its manifest, which records the installed versions it was made from. Returns
 * its size.
 */
export async function writePackageBundle(bundle: PackageBundle, replaced: readonly Replacement[] = [], options: { readonly minify?: boolean } = {}): Promise<number> {
  const esbuild = (await import('esbuild')) as typeof import('esbuild');
  const entry = Object.entries(bundle.modules)
    // A getter per module: esbuild runs a bundled module on its first require, so a run that never
    // asks for one (ajv, when no spec has a schema) does not pay for it.
    .map(([name, path]) => `  get ${JSON.stringify(name)}() { return require(${JSON.stringify(path)}); },`)
    .join('\n');
  const result = await esbuild.build({
    stdin: { contents: `module.exports = {\n${entry}\n};\n`, resolveDir: dirname(bundle.from), loader: 'js', sourcefile: 'bundle-entry.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Each package as Node resolves it (its CommonJS main), so one copy of it ends in the bundle
    // (a package's ES module build beside deep requires of its CommonJS files would make two),
    // except jsonc-parser: its UMD main requires its parts by computed names, which no bundler
    // can follow; its ES module build is the same code.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    legalComments: 'none',
    // Minified with its names kept (a package may read `constructor.name`): a smaller heap for a
    // startup snapshot to hold and a process to map in (targets/openapi/checker-snapshot.ts).
    ...(options.minify ? { minify: true, keepNames: true } : {}),
    plugins: [
      {
        name: 'replaced-modules',
        setup(bundler) {
          for (const { path, contents } of replaced) bundler.onLoad({ filter: path }, () => ({ contents, loader: 'js' }));
        },
      },
    ],
    write: false,
    logLevel: 'silent',
  });
  const code = loadableModule(result.outputFiles[0]!.text);
  const file = fileURLToPath(new URL(bundleFile, bundle.folder));
  rmSync(bundle.folder, { recursive: true, force: true });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, code);
  const manifest: BundleManifest = { version: installedVersions(bundle), esbuild: esbuild.version };
  writeFileSync(new URL(bundleManifest, bundle.folder), JSON.stringify(manifest, null, 2) + '\n');
  return Buffer.byteLength(code);
}
