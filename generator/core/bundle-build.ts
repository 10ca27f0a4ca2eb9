/**
 * Build step: packages bundled by esbuild into one CommonJS file each, for bundle-loader.ts. Only
 * resolving, reading and compiling hundreds of modules is saved; the code is the packages'
 * published code, made at build time and never committed.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFile, bundleManifest, installedVersions, moduleWrapper, type BundleManifest, type PackageBundle } from './bundle-loader.js';

/** A module of a bundled package whose code the bundle replaces (each says why where it is made). */
export interface Replacement {
  /** Matches the module's resolved path. */
  readonly path: RegExp;
  readonly contents: string;
}

/**
 * The code with each non-ASCII character written as its `\u` escape, so the loader can read the
 * file as Latin-1 (bundle-loader.ts). esbuild escapes strings itself but leaves regular expression
 * literals and comments as they are. An escape means the same character in a string, a regular
 * expression, a comment and a BMP identifier (not in a tagged template's raw text: no bundled
 * package reads one); a character escaped by a backslash already (`\é`, the same as `é`) becomes
 * the escape alone. A backslash before a line separator continues the line and
 * so means nothing: such code is left as it is (the loader reads it as UTF-8).
 */
export function asciiOnly(code: string): string {
  if (/\\[\u2028\u2029]/.test(code)) return code;
  return code.replace(/(\\*)([^\x00-\x7f])/g, (_, backslashes: string, character: string) => {
    const escape = `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
    // An odd count: the last backslash escapes the character.
    return backslashes.length % 2 === 1 ? backslashes.slice(1) + escape : backslashes + escape;
  });
}

/**
 * Replaces the bundle's folder with the bundle (`{ get name() { return require(path) } }` for each
 * of its modules) and its manifest, which records the installed versions it was made from. Returns
 * its size.
 */
export async function writePackageBundle(bundle: PackageBundle, replaced: readonly Replacement[] = []): Promise<number> {
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
  const code = Buffer.from(moduleWrapper.head + asciiOnly(result.outputFiles[0]!.text) + moduleWrapper.tail);
  const file = fileURLToPath(new URL(bundleFile, bundle.folder));
  rmSync(bundle.folder, { recursive: true, force: true });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, code);
  const manifest: BundleManifest = { version: installedVersions(bundle), esbuild: esbuild.version };
  writeFileSync(new URL(bundleManifest, bundle.folder), JSON.stringify(manifest, null, 2) + '\n');
  return code.byteLength;
}
