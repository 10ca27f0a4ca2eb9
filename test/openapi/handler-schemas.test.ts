/**
 * openapi.json carries the JSON Schemas of a TypeScript handler's `Args` (query for GET, body for
 * the others) and result (200), derived from the handler's types at generation time; a type that
 * does not convert keeps the generic schema without a finding; the first run (stub not written
 * yet) and the next agree; a handler outside the project is never read; the generation cache
 * misses when a handler changes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, describe, expect, it } from 'vitest';
import { socketOpenApiDocument } from '../../runtime/docs/openapi-document.js';
import type { SocketDefinition } from '../../runtime/http/types.js';
import { createSpecFile } from '../../generator/core/spec-file.js';
import { buildProject } from '../../generator/pipeline.js';
import { generateFixture } from '../support/generate-fixture.js';

const repo = join(import.meta.dirname, '../..');
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

const socketYml = ['name: shop', 'endpoints:', '  price:', '    GET: {script: price}', '    POST: {script: price}', '  odd: {script: odd}', 'dependencies:', '  scripts:', '    price: {runtime_name: typescript}', '    odd: {runtime_name: typescript}', ''].join('\n');

const typedHandler = `import type { ShopContext } from '../../../generated/sockets/shop/types.js';

/** What the price lookup reads. */
export interface Args {
  /** Article number. */
  sku: string;
  quantity?: number;
  currency?: 'EUR' | 'USD';
  tags?: string[];
}

export default async function price({ args }: ShopContext<Args>) {
  return { sku: args.sku, total: 12.5, currency: args.currency ?? 'EUR', available: true, note: null as string | null };
}
`;

// A tuple argument and a function in the result: neither is a JSON shape the converter takes.
const oddHandler = `export interface Args { pair: [number, string] }
export default async function odd() {
  return { run: () => 1 };
}
`;

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'sockgen-handler-schemas-'));
  roots.push(root);
  for (const [path, text] of Object.entries({ 'specs/shop/socket.yml': socketYml, ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Generates the project, writes what it generated and returns its openapi.json. */
async function openApiOf(root: string): Promise<{ document: any; diagnostics: string }> {
  const result = await generateFixture(root);
  for (const file of result.files) {
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    writeFileSync(join(root, file.path), file.contents);
  }
  return { document: JSON.parse(readFileSync(join(root, 'generated/sockets/shop/openapi.json'), 'utf8')), diagnostics: result.diagnosticsText };
}

const genericQuery = { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } };

describe('TypeScript handler types in openapi.json', () => {
  it('gives the Args schema to GET query and POST body, and the result schema to 200; valid OpenAPI 3.1, the same as the host serves', { timeout: 60_000 }, async () => {
    const root = project({ 'handlers/sockets/shop/price.ts': typedHandler, 'handlers/sockets/shop/odd.ts': oddHandler });
    const { document, diagnostics } = await openApiOf(root);
    expect(diagnostics).toBe('');
    const args = {
      type: 'object',
      properties: {
        sku: { description: 'Article number.', type: 'string' },
        quantity: { type: 'number' },
        currency: { type: 'string', enum: ['EUR', 'USD'] },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['sku'],
    };
    const result = {
      type: 'object',
      properties: { sku: { type: 'string' }, total: { type: 'number' }, currency: { type: 'string', enum: ['EUR', 'USD'] }, available: { type: 'boolean' }, note: { anyOf: [{ type: 'null' }, { type: 'string' }] } },
      required: ['sku', 'total', 'currency', 'available', 'note'],
    };
    for (const path of ['/endpoints/sockets/shop/price/', '/endpoints/sockets/price/']) {
      const { get, post } = document.paths[path];
      expect(get.parameters[0].schema).toEqual(args);
      expect(get.responses['200'].content['application/json'].schema).toEqual(result);
      expect(post.requestBody.content['application/json'].schema).toEqual(args);
      expect(post.requestBody.content['application/x-www-form-urlencoded'].schema).toEqual(args);
      expect(post.parameters[0].schema).toEqual(genericQuery);
      expect(post.responses['200'].content['application/json'].schema).toEqual(result);
    }
    // Not convertible: the generic schemas, and no finding (checked above).
    const odd = document.paths['/endpoints/sockets/shop/odd/'];
    expect(odd.get.parameters[0].schema).toEqual(genericQuery);
    expect(odd.get.responses['200'].content['application/json'].schema).toEqual({});
    expect(odd.post.requestBody.content['application/json'].schema).toEqual({ type: 'object' });

    const validator = new Validator();
    const validation = await validator.validate(structuredClone(document));
    expect(validation.errors).toBeUndefined();
    expect(validation.valid).toBe(true);

    // The definition the host serves from carries the schemas, so the host's document is the file's.
    const { definition: shop } = (await import(/* @vite-ignore */ pathToFileURL(join(root, 'generated/sockets/shop/definition.ts')).href)) as { definition: SocketDefinition };
    expect(Object.keys(shop.scriptSchemas ?? {})).toEqual(['price']);
    expect(socketOpenApiDocument(shop, [shop])).toEqual(document);
  });

  it('the first run (stub not written yet) and the run after it give the same openapi.json', { timeout: 60_000 }, async () => {
    const root = project({});
    const first = await generateFixture(root);
    expect(first.diagnosticsText).toBe('');
    for (const file of first.files.filter((f) => f.path.startsWith('handlers/'))) {
      mkdirSync(dirname(join(root, file.path)), { recursive: true });
      writeFileSync(join(root, file.path), file.contents);
    }
    const second = await generateFixture(root);
    const openapi = (files: typeof first.files) => files.find((f) => f.path === 'generated/sockets/shop/openapi.json')!.contents;
    expect(openapi(second.files)).toBe(openapi(first.files));
    expect(second.files.some((f) => f.path.startsWith('handlers/'))).toBe(false);
  });

  it('never reads a handler outside the project (--handlers ../elsewhere): generic schemas', { timeout: 60_000 }, async () => {
    const root = project({});
    const outside = mkdtempSync(join(tmpdir(), 'sockgen-handlers-outside-'));
    roots.push(outside);
    mkdirSync(join(outside, 'sockets/shop'), { recursive: true });
    writeFileSync(join(outside, 'sockets/shop/price.ts'), typedHandler);
    const handlersDir = relative(root, outside).split(sep).join('/');
    const reads: string[] = [];
    const spec = createSpecFile('specs/shop/socket.yml', join(root, 'specs/shop/socket.yml'), socketYml);
    const context = {
      root,
      strict: false,
      exists: (path: string) => existsSync(join(root, path)),
      readText: (path: string) => (reads.push(path), readFileSync(join(root, path), 'utf8')),
    };
    const result = await buildProject([spec], context, { outDir: 'generated', handlersDir, explicitFiles: false });
    expect(result.diagnostics).toEqual([]);
    expect(reads.filter((path) => path.startsWith('..'))).toEqual([]);
    const document = JSON.parse(result.files.find((f) => f.path === 'generated/sockets/shop/openapi.json')!.contents);
    expect(document.paths['/endpoints/sockets/shop/price/'].get.parameters[0].schema).toEqual(genericQuery);
  });

  it('never reads a handler in handlers/ that links to a file outside the project: generic schemas', { timeout: 120_000 }, () => {
    const root = project({ 'package.json': JSON.stringify({ name: 'linked-handler', private: true, type: 'module' }) });
    const outside = mkdtempSync(join(tmpdir(), 'sockgen-handler-link-'));
    roots.push(outside);
    writeFileSync(join(outside, 'price.ts'), typedHandler);
    mkdirSync(join(root, 'handlers/sockets/shop'), { recursive: true });
    symlinkSync(join(outside, 'price.ts'), join(root, 'handlers/sockets/shop/price.ts'));
    const run = spawnSync(process.execPath, [join(repo, 'bin/sockgen.mjs')], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const document = JSON.parse(readFileSync(join(root, 'generated/sockets/shop/openapi.json'), 'utf8'));
    expect(document.paths['/endpoints/sockets/shop/price/'].get.parameters[0].schema).toEqual(genericQuery);
    // The link is the user's: left as it is, not replaced by a stub.
    expect(readFileSync(join(root, 'handlers/sockets/shop/price.ts'), 'utf8')).toBe(typedHandler);
  });

  it('a handler edited after a cached run changes openapi.json (the cache keys on the handler)', { timeout: 180_000 }, () => {
    const root = project({ 'package.json': JSON.stringify({ name: 'schemas-project', private: true, type: 'module' }) });
    mkdirSync(join(root, 'node_modules'));
    const sockgen = () => spawnSync(process.execPath, [join(repo, 'bin/sockgen.mjs')], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    const query = () => JSON.parse(readFileSync(join(root, 'generated/sockets/shop/openapi.json'), 'utf8')).paths['/endpoints/sockets/shop/price/'].get.parameters[0].schema;
    const first = sockgen();
    expect(first.status, first.stderr).toBe(0);
    expect(query()).toEqual(genericQuery);
    writeFileSync(join(root, 'handlers/sockets/shop/price.ts'), typedHandler);
    const second = sockgen();
    expect(second.status, second.stderr).toBe(0);
    expect(query().properties.sku).toEqual({ description: 'Article number.', type: 'string' });
  });
});
