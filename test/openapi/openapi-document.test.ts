/**
 * The OpenAPI 3.1 documents of Custom Sockets: every generated/…/openapi.json and golden one is
 * valid against the official OpenAPI 3.1 JSON Schema (as shipped by @seriousme/openapi-schema-validator,
 * which also checks $refs resolve), and holds what the host serves: long and short URLs, methods,
 * the error answers, the API-key schemes and the data-class schemas.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { socketOpenApiDocument, socketOpenApiDocuments } from '../../runtime/docs/openapi-document.js';
import type { SocketDefinition } from '../../runtime/http/types.js';

const repo = join(import.meta.dirname, '../..');

function openApiFiles(): string[] {
  const roots = [join(repo, 'generated'), ...readdirSync(join(repo, 'test/fixtures')).map((c) => join(repo, 'test/fixtures', c, 'expected'))];
  return roots.flatMap((root) => {
    try {
      return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('openapi.json')).map((f) => join(root, f));
    } catch {
      return [];
    }
  });
}

async function validate(document: unknown): Promise<{ valid: boolean; errors?: unknown }> {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(document) as Parameters<Validator['validate']>[0]);
  expect(validator.version).toBe('3.1');
  return result;
}

const shop: SocketDefinition = {
  name: 'shop',
  description: 'A shop',
  metadata: { version: '2.1.0' },
  endpoints: [
    { name: 'price', routes: [{ method: 'GET', script: 'price' }, { method: 'POST', script: 'set_price' }] },
    { name: 'any', routes: [{ method: '*', script: 'price' }] },
    { name: 'shared', routes: [{ method: 'GET', script: 'price' }] },
  ],
  config: { constants: {}, prompts: [] },
  classes: [{ name: 'order item', fields: [{ name: 'qty', type: 'integer' }, { name: 'where', type: 'geopoint' }] }],
};
const other: SocketDefinition = { name: 'other', metadata: {}, endpoints: [{ name: 'shared', routes: [{ method: 'GET', script: 'x' }] }], config: { constants: {}, prompts: [] }, classes: [] };

describe('socket OpenAPI documents', () => {
  it('every generated and golden openapi.json is valid OpenAPI 3.1', { timeout: 60_000 }, async () => {
    const files = openApiFiles();
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const result = await validate(JSON.parse(readFileSync(file, 'utf8')));
      expect(result.errors, file).toBeUndefined();
      expect(result.valid, file).toBe(true);
    }
  });

  it('gives for a whole list of sockets what it gives for each of them against that list', () => {
    const options = { apiVersion: 'v2', instance: 'team a' };
    expect(socketOpenApiDocuments([shop, other], options)).toEqual([socketOpenApiDocument(shop, [shop, other], options), socketOpenApiDocument(other, [shop, other], options)]);
  });

  it('the validator rejects a broken document (the check can fail)', async () => {
    const document = socketOpenApiDocument(shop, [shop, other]) as Record<string, any>;
    delete document.info.title;
    document.paths['/endpoints/sockets/shop/price/'].get.responses['404'] = { $ref: '#/components/responses/Nope' };
    expect((await validate(document)).valid).toBe(false);
  });

  it('lists long and short URLs, methods, errors, security and data classes', async () => {
    const document = socketOpenApiDocument(shop, [shop, other], { apiVersion: 'v2', instance: 'team a' }) as Record<string, any>;
    expect((await validate(document)).valid).toBe(true);
    const paths = Object.keys(document.paths);
    expect(paths).toEqual([...paths].sort());
    expect(paths).toEqual(
      expect.arrayContaining([
        '/endpoints/sockets/shop/price/',
        '/endpoints/sockets/price/', // short form: unique name
        '/endpoints/sockets/shop/any/',
        '/endpoints/sockets/any/',
        '/endpoints/sockets/shop/shared/',
        '/endpoints/sockets/shop/price/traces/',
        '/endpoints/sockets/shop/',
        '/sockets/shop/',
        '/sockets/shop/endpoints/price/',
      ]),
    );
    expect(paths).not.toContain('/endpoints/sockets/shared/'); // two sockets use the name: no short form
    expect(Object.keys(document.paths['/endpoints/sockets/shop/price/'])).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/endpoints/sockets/shop/any/'])).toEqual(['get', 'post', 'put', 'patch', 'delete']);
    const post = document.paths['/endpoints/sockets/shop/price/'].post;
    expect(post.description).toContain('set_price');
    expect(Object.keys(post.requestBody.content)).toEqual(['application/json', 'text/plain', 'application/x-www-form-urlencoded']);
    expect(Object.keys(post.responses)).toEqual(['200', '204', '400', '401', '404', '405', '413', '415', '500', '504']);
    expect(document.components.responses.MethodNotAllowed.headers.Allow).toBeDefined();
    expect(document.components.schemas.Error).toEqual({ type: 'object', required: ['detail'], properties: { detail: { type: 'string' } } });
    expect(document.components.securitySchemes.apiKeyHeader).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-KEY' });
    expect(document.components.securitySchemes.apiKeyQuery).toMatchObject({ type: 'apiKey', in: 'query', name: 'api_key' });
    expect(document.components.schemas['DataClass.order_item'].allOf[1].properties.where.anyOf[0].required).toEqual(['latitude', 'longitude']);
    expect(document.servers[0].variables).toEqual({ api: { default: 'v2' }, instance: { default: 'team a' } });
    expect(document.info).toEqual({ title: 'shop', version: '2.1.0', description: 'A shop' });
  });

  it('a socket named like an endpoint keeps the short URL for its list', () => {
    const clash: SocketDefinition = { ...other, name: 'price', endpoints: [] };
    const document = socketOpenApiDocument(shop, [shop, clash]) as Record<string, any>;
    expect(Object.keys(document.paths)).not.toContain('/endpoints/sockets/price/');
  });
});
