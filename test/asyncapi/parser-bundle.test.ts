/**
 * Issue 10: the compiled CLI parses AsyncAPI with the parser bundle the build made, in which
 * parser-patches.ts replaces a few modules to make it cheaper (rule functions' schemas compiled on
 * first use, no second YAML pass over data it is given, traits looked for before they are applied).
 * None may change a result: every corpus document (strangers' files, every AsyncAPI version, with
 * and without traits, `$ref`s to other files), as written and with errors, is parsed by
 * parseAsyncApi from the sources (the parser in node_modules) and from dist/ (the bundle), by
 * default and under --strict; the resolved documents and the findings must be the same.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { distIsFresh } from '../../bin/source-fingerprint.mjs';
import { createSpecFile } from '../../generator/core/spec-file.js';
import * as fromSources from '../../generator/kinds/asyncapi/parse.js';
import type { LoadContext } from '../../generator/kinds/types.js';
import { corpusDocuments, repoRoot } from './corpus-support.js';

type ParseModule = typeof fromSources;

async function fromDist(): Promise<ParseModule | undefined> {
  if (!distIsFresh(repoRoot)) return undefined;
  const parse = (await import(pathToFileURL(join(repoRoot, 'dist/generator/kinds/asyncapi/parse.js')).href)) as ParseModule;
  const modules = (await import(pathToFileURL(join(repoRoot, 'dist/generator/kinds/asyncapi/parser-modules.js')).href)) as typeof import('../../generator/kinds/asyncapi/parser-modules.js');
  // The dist/ path must really be the bundle: its Parser is not the one in node_modules.
  const { Parser } = await import('@asyncapi/parser');
  expect(modules.parserModules().Parser).not.toBe(Parser);
  return parse;
}

const context = (strict: boolean): LoadContext => ({
  root: repoRoot,
  strict,
  exists: (path) => existsSync(join(repoRoot, path)),
  readText: (path) => readFileSync(join(repoRoot, path), 'utf8'),
});

/** The document with findings for several rules: a wrong type, a missing field, an unknown one, a duplicate operationId. */
function broken(text: string): string {
  const data = JSON.parse(JSON.stringify(createSpecFile('x.yml', 'x.yml', text).data)) as Record<string, unknown>;
  const info = data.info as Record<string, unknown>;
  delete info.title;
  info.version = 7;
  data.unexpected = true;
  data.channels = { ...(data.channels as object), 'bad?query': {} };
  return JSON.stringify(data, null, 2);
}

async function results(parse: ParseModule, path: string, text: string, strict: boolean) {
  const file = createSpecFile(path, join(repoRoot, path), text);
  const { json, diagnostics } = await parse.parseAsyncApi(file, context(strict));
  return { json, diagnostics: diagnostics.map((d) => `${d.line}:${d.col} ${d.severity} ${d.code} ${d.message} (${d.hint ?? ''})`).sort() };
}

describe('the parser bundle of the compiled CLI gives what the parser in node_modules gives', () => {
  const documents = corpusDocuments();

  it('the corpus has documents with traits and with references to other files', () => {
    const texts = documents.map((path) => readFileSync(join(repoRoot, path), 'utf8'));
    expect(texts.filter((text) => /^\s*traits:/m.test(text)).length).toBeGreaterThan(2);
    expect(texts.filter((text) => /\$ref['"]?\s*:\s*['"]?[\w./-]+\.(ya?ml|json)#/.test(text)).length).toBeGreaterThan(0);
  });

  it.each(documents)('%s, as written and broken, by default and --strict', async (path) => {
    const dist = await fromDist();
    if (!dist) {
      // CI builds dist/ in `npm ci` (prepare); a checkout edited since its last build has none to test.
      if (process.env.CI === 'true') throw new Error('dist/ is older than the sources: `npm run build` first');
      return;
    }
    const text = readFileSync(join(repoRoot, path), 'utf8');
    for (const input of [text, broken(text)])
      for (const strict of [false, true]) expect(await results(dist, path, input, strict)).toEqual(await results(fromSources, path, input, strict));
  }, 60_000);
});
