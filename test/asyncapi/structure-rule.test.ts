/**
 * Issue 10 item 2: the document-structure rules run with validators compiled once (or by the
 * build) instead of Spectral's per-document compile; what they report must not change. The
 * parser with its own rule functions is the reference: both parse the same strangers' documents,
 * as written and broken in ways each rule reports (unknown fields, wrong types, a missing required
 * field, an item of the wrong type, a `$ref` where references are not allowed), for every
 * AsyncAPI version the corpus has. The validator used must be the precompiled one when dist/ has it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { distIsFresh } from '../../bin/source-fingerprint.mjs';
import * as fromSources from '../../generator/kinds/asyncapi/structure/rule.js';
import * as sourceValidators from '../../generator/kinds/asyncapi/structure/validators.js';
import { structureSchemas } from '../../generator/kinds/asyncapi/structure/parser-internals.js';

const corpus = join(import.meta.dirname, '../corpus/asyncapi');

function documents(): { path: string; data: Record<string, unknown> }[] {
  const found: { path: string; data: Record<string, unknown> }[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'common') walk(path);
      } else if (/\.(ya?ml|json)$/.test(name)) {
        const data = parseYaml(readFileSync(path, 'utf8')) as unknown;
        if (data && typeof data === 'object' && 'asyncapi' in data) found.push({ path: relative(corpus, path), data: data as Record<string, unknown> });
      }
    }
  };
  walk(corpus);
  return found;
}

/** One document per AsyncAPI version the corpus has, the largest of each (most fields to check). */
function samples() {
  const byVersion = new Map<string, { path: string; data: Record<string, unknown>; size: number }>();
  for (const doc of documents()) {
    const version = String(doc.data.asyncapi);
    const size = JSON.stringify(doc.data).length;
    if ((byVersion.get(version)?.size ?? -1) < size) byVersion.set(version, { ...doc, size });
  }
  return [...byVersion.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** The document with errors each structure rule reports, in places every version has. */
function broken(data: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(data);
  const info = copy.info as Record<string, unknown>;
  delete info.title;
  info.version = 7;
  info['not-an-extension'] = true;
  copy.unexpected = { nested: 1 };
  copy.tags = [{ name: 'ok' }, 'not a tag'];
  // References are allowed for neither the Contact object nor (before 3.0) External Documentation:
  // the unresolved rule's findings.
  info.contact = { $ref: '#/unexpected' };
  copy.externalDocs = { $ref: '#/info' };
  return copy;
}

const files = () => ({ resolvers: [{ schema: 'file', order: 1, read: () => undefined }] });
const reference = new Parser({ ruleset: { recommended: false } as never, __unstable: { resolver: files() } } as never);
const withRules = (Implementation: typeof Parser, rules: Record<string, unknown>) => new Implementation({ ruleset: { recommended: false, rules } as never, __unstable: { resolver: files() } } as never);

type Implementation = { rules: typeof fromSources; validators: typeof sourceValidators; Parser: typeof Parser };
const repo = join(import.meta.dirname, '../..');
const distModule = (path: string) => import(pathToFileURL(join(repo, 'dist/generator/kinds/asyncapi/structure', path)).href);
/**
 * The built package's rule (precompiled validators) with the built package's Parser (the bundle
 * the build made, parser-modules.ts), when dist/ was built from these sources.
 */
async function fromDist(): Promise<Implementation | undefined> {
  if (!distIsFresh(repo)) return undefined;
  const modules = (await distModule('../parser-modules.js')) as typeof import('../../generator/kinds/asyncapi/parser-modules.js');
  return { rules: await distModule('rule.js'), validators: await distModule('validators.js'), Parser: modules.parserModules().Parser };
}

/**
 * The parser's findings, sorted: Spectral orders them by source position, which the built parser
 * leaves out for data it is given (parser-patches.ts); sockgen orders findings itself.
 */
async function findings(parser: Parser, data: Record<string, unknown>, path: string) {
  const result = await parser.parse(structuredClone(data) as never, { source: join(corpus, path), parseSchemas: false });
  const found = result.diagnostics.map((d) => ({ code: d.code, severity: d.severity, path: d.path.join('/'), message: d.message }));
  return found.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

const implementations: [string, () => Promise<Implementation | undefined>][] = [
  ['compiled in the process (sources)', async () => ({ rules: fromSources, validators: sourceValidators, Parser })],
  ['precompiled by the build (dist/)', fromDist],
];

describe.each(implementations)('document-structure rules with validators %s', (_name, load) => {
  const sampled = samples();

  it('sample every AsyncAPI version of the corpus', () => {
    expect(sampled.map((s) => String(s.data.asyncapi)).sort()).toEqual(expect.arrayContaining(['2.0.0', '2.6.0', '3.0.0', '3.1.0']));
  });

  for (const sample of sampled) {
    it(`report what the parser's own rules report: ${sample.path} (${String(sample.data.asyncapi)}), as written and broken`, async (test) => {
      const implementation = await load();
      if (!implementation) {
        // CI builds dist/ in `npm ci` (prepare); a checkout edited since its last build has none to test.
        if (process.env.CI === 'true') throw new Error('dist/ is older than the sources: `npm run build` first');
        test.skip('dist/ is older than the sources (npm run build to test the precompiled validators)');
        return;
      }
      const ours = withRules(implementation.Parser, implementation.rules.structureRules());
      expect(await findings(ours, sample.data, sample.path)).toEqual(await findings(reference, sample.data, sample.path));
      const bad = broken(sample.data);
      const expected = await findings(reference, bad, sample.path);
      expect(expected.some((d) => d.code === 'asyncapi-document-resolved')).toBe(true);
      expect(expected.some((d) => d.code === 'asyncapi-document-unresolved')).toBe(true);
      expect(await findings(ours, bad, sample.path)).toEqual(expected);
    }, 60_000);
  }
});

it('the build precompiles a validator for every schema the parser can ask for', async () => {
  const dist = await fromDist();
  if (!dist) return; // as above: checked in CI, where dist/ is always fresh
  const all = structureSchemas();
  const missing = all.filter(({ schema }) => !dist.validators.isPrecompiled(schema)).map(({ version, resolved }) => `${version} ${resolved}`);
  expect(missing).toEqual([]);
  expect(all.map(({ version }) => version)).toEqual(expect.arrayContaining(['2.0.0', '2.6.0', '3.0.0', '3.1.0']));
  expect(sourceValidators.isPrecompiled(all[0]!.schema)).toBe(false);
});
