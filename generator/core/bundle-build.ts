/**
 * Build step: packages bundled by esbuild into one CommonJS file each, for bundle-loader.ts. Only
 * resolving, reading and compiling hundreds of modules is saved; the code is the packages'
 * published code, made at build time and never committed.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFile, bundleManifest, type BundleManifest } from './bundle-loader.js';

/**
 * Replaces `folder` with the bundle of `modules` (resolved from `from`) and its manifest, which
 * records `version`, the installed version of the package bundled. Returns the bundle's size.
 */
export async function writePackageBundle(folder: URL, modules: Readonly<Record<string, string>>, from: URL, version: string, replaced: readonly Replacement[] = []): Promise<number> {
  rmSync(folder, { recursive: true, force: true });
  const bytes = await writeBundle(fileURLToPath(new URL(bundleFile, folder)), modules, from, replaced);
  const manifest: BundleManifest = { version, esbuild: ((await import('esbuild')) as typeof import('esbuild')).version };
  writeFileSync(new URL(bundleManifest, folder), JSON.stringify(manifest, null, 2) + '\n');
  return bytes;
}

/**
 * Writes `file`: a bundle whose exports are `{ name: require(path) }` for each module, resolved
 * from `from` (a folder URL). Returns its size in bytes.
 */
/** A module of a bundled package whose code the bundle replaces (each says why where it is made). */
export interface Replacement {
  /** Matches the module's resolved path. */
  readonly path: RegExp;
  readonly contents: string;
}

async function writeBundle(file: string, modules: Readonly<Record<string, string>>, from: URL, replaced: readonly Replacement[]): Promise<number> {
  const { build } = (await import('esbuild')) as typeof import('esbuild');
  const replacing = {
    name: 'replaced-modules',
    setup(bundler: import('esbuild').PluginBuild) {
      for (const { path, contents } of replaced) bundler.onLoad({ filter: path }, () => ({ contents, loader: 'js' as const }));
    },
  };
  const entry = Object.entries(modules)
    .map(([name, path]) => `  ${JSON.stringify(name)}: require(${JSON.stringify(path)}),`)
    .join('\n');
  const result = await build({
    stdin: { contents: `module.exports = {\n${entry}\n};\n`, resolveDir: fileURLToPath(from), loader: 'js', sourcefile: 'bundle-entry.cjs' },
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
    plugins: [replacing],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, code);
  return code.byteLength;
}
