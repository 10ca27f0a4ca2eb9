/** Fake values: valid against their schema (ajv with formats), across formats, tuples, refs. */
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { createFaker } from '../../runtime/socketio/fake-data.js';

const ajv = new Ajv({ strict: false });
addFormatsModule.default(ajv);

const formats = ['email', 'uuid', 'date-time', 'date', 'time', 'uri', 'uri-reference', 'hostname', 'ipv4', 'ipv6', 'byte', 'duration', 'json-pointer', 'regex', 'password'];

describe('createFaker', () => {
  const faker = createFaker({ seed: 11 });

  it.each(formats)('string format %s gives valid strings', (format) => {
    const schema = { type: 'string', format };
    const validate = ajv.compile(schema);
    for (let i = 0; i < 10; i++) {
      const value = faker.fake(schema);
      expect(validate(value), `${format}: ${JSON.stringify(value)}`).toBe(true);
    }
  });

  it('fills required properties, respects bounds, enums and additionalProperties: false', () => {
    const schema = {
      type: 'object',
      properties: { age: { type: 'integer', minimum: 18, maximum: 30 }, role: { enum: ['admin', 'member'] }, tags: { type: 'array', items: { type: 'string' }, maxItems: 2 } },
      required: ['age', 'role'],
      additionalProperties: false,
    };
    const validate = ajv.compile(schema);
    for (let i = 0; i < 20; i++) expect(validate(faker.fake(schema))).toBe(true);
  });

  it('fakes a draft-07 tuple (x-ack with several arguments)', () => {
    const schema = { type: 'array', items: [{ type: 'boolean' }, { type: 'string', format: 'uuid' }], additionalItems: false };
    const value = faker.fake(schema);
    expect(Array.isArray(value) && value.length === 2 && typeof value[0] === 'boolean').toBe(true);
    expect(ajv.validate(schema, value)).toBe(true);
  });

  it('ignores the x-parser-* annotations of a resolved document', () => {
    const schema = { type: 'object', properties: { id: { type: 'string', format: 'uuid', 'x-parser-schema-id': 'Id' } }, required: ['id'], 'x-parser-schema-id': 'Thing' };
    expect(ajv.validate({ type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] }, faker.fake(schema))).toBe(true);
  });

  it('fakes a recursive schema resolved into a loop of objects', () => {
    const line: Record<string, unknown> = { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] };
    (line.properties as Record<string, unknown>).replyTo = line;
    const value = faker.fake(line) as { text: string };
    expect(typeof value.text).toBe('string');
  });

  it('gives the same values for the same seed', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' }, s: { type: 'string' } }, required: ['n', 's'] };
    expect(createFaker({ seed: 3 }).fake(schema)).toEqual(createFaker({ seed: 3 }).fake(schema));
  });

  it('says why when no valid value exists', () => {
    expect(() => faker.fake({ type: 'string', minLength: 5, maxLength: 2 })).toThrow(/could not fake a valid value/);
  });
});
