/**
 * Fake payloads for the mock server: json-schema-faker generates a value from a message's JSON
 * Schema (string `format`s give realistic emails, uuids, dates...), then ajv checks it against
 * the same schema, so the mock never sends what the document forbids.
 */
import { Faker as FakerClass, en, type Faker as Faker_ } from '@faker-js/faker';
import { createGeneratorSync, type JsonSchema, type Random } from 'json-schema-faker';
import type { ValidateFunction } from 'ajv';
import { plainJson } from './mock-document.js';
import { compileSchema } from './mock-validators.js';

/** Makes fake values valid against a schema. */
export interface Faker {
  /** A value valid against `schema`; throws when none could be made (the error says why). */
  fake(schema: unknown): unknown;
}

/** Options of {@link createFaker}. */
export interface FakerOptions {
  /** Seed of the pseudo-random generator: the same seed gives the same sequence. */
  readonly seed?: number;
}

/** Formats json-schema-faker lacks or fakes in a form ajv-formats rejects. */
const extraFormats: Record<string, (random: Random) => string> = {
  // base64 of 3·n bytes: a length that is a multiple of 4, as ajv-formats requires.
  byte: (random) => Buffer.from(Array.from({ length: 3 * random.int(1, 8) }, () => random.int(0, 255))).toString('base64'),
  password: (random) => `pw-${random.int(100000, 999999)}`,
  binary: (random) => `bin-${random.int(0, 9999)}`,
  int32: (random) => String(random.int(-1000, 1000)),
  int64: (random) => String(random.int(-1000, 1000)),
};

/**
 * Faker-style formats people write in documents (Asynction's examples, mock tooling): realistic
 * values from @faker-js/faker (seeded with the mock's seed) instead of random strings. Several
 * spellings of one idea share a generator.
 */
function fakerFormats(faker: Faker_): Record<string, () => string> {
  const person = { first_name: () => faker.person.firstName(), last_name: () => faker.person.lastName(), full_name: () => faker.person.fullName(), name: () => faker.person.fullName(), job_title: () => faker.person.jobTitle() };
  const text = { word: () => faker.lorem.word(), words: () => faker.lorem.words(), sentence: () => faker.lorem.sentence(), sentences: () => faker.lorem.sentences(), paragraph: () => faker.lorem.paragraph(), text: () => faker.lorem.paragraphs(2), slug: () => faker.lorem.slug() };
  const place = { city: () => faker.location.city(), country: () => faker.location.country(), country_code: () => faker.location.countryCode(), street_address: () => faker.location.streetAddress(), address: () => faker.location.streetAddress(), zip_code: () => faker.location.zipCode(), postcode: () => faker.location.zipCode(), state: () => faker.location.state() };
  const other = { user_name: () => faker.internet.username(), username: () => faker.internet.username(), phone_number: () => faker.phone.number(), phone: () => faker.phone.number(), company: () => faker.company.name(), company_name: () => faker.company.name(), color: () => faker.color.human(), product_name: () => faker.commerce.productName(), currency_code: () => faker.finance.currencyCode() };
  const all: Record<string, () => string> = { ...person, ...text, ...place, ...other };
  // camelCase spellings too (`firstName`, `phoneNumber`).
  for (const [name, make] of Object.entries({ ...all })) all[name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = make;
  return all;
}

/** Attempts before giving up on a schema whose fakes keep failing validation. */
const attempts = 20;

/** A faker with a seeded generator and a cache of compiled validators per schema object. */
export function createFaker(options: FakerOptions = {}): Faker {
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const faker = new FakerClass({ locale: [en] });
  faker.seed(seed);
  const formats = { ...Object.fromEntries(Object.entries(fakerFormats(faker)).map(([name, make]) => [name, () => make()])), ...extraFormats };
  const generator = createGeneratorSync({ seed, optionalsProbability: 0.7, maxDepth: 5, formats });
  const validators = new WeakMap<object, { schema: JsonSchema; validate: ValidateFunction }>();
  const prepared = (schema: unknown) => {
    const key = typeof schema === 'object' && schema !== null ? schema : undefined;
    const cached = key ? validators.get(key) : undefined;
    if (cached) return cached;
    const plain = plainJson(schema);
    const entry = { schema: toFakerSchema(plain) as JsonSchema, validate: compileSchema(plain) };
    if (key) validators.set(key, entry);
    return entry;
  };
  return {
    fake(schema) {
      const { schema: fakerSchema, validate } = prepared(schema);
      let lastErrors = '';
      for (let i = 0; i < attempts; i++) {
        let value: unknown;
        try {
          value = generator.generate(fakerSchema);
        } catch (error) {
          lastErrors = (error as Error).message;
          continue;
        }
        if (validate(value)) return value;
        lastErrors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
      }
      throw new Error(`could not fake a valid value in ${attempts} attempts (${lastErrors})`);
    },
  };
}

/**
 * AsyncAPI 2.x schemas are draft-07: a tuple is `items: [..]`, which json-schema-faker (2020-12)
 * reads as `prefixItems`. Rewrite tuples; everything else passes through.
 */
function toFakerSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toFakerSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = toFakerSchema(value);
  if (Array.isArray(out.items)) {
    out.prefixItems = out.items;
    const additional = out.additionalItems;
    delete out.additionalItems;
    if (additional === undefined || additional === false) {
      delete out.items;
      out.minItems ??= out.prefixItems instanceof Array ? out.prefixItems.length : 0;
    } else out.items = additional === true ? {} : additional;
  }
  return out;
}
