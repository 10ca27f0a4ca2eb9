/**
 * The fast reader of spec data (core/yaml-fast-data.ts) reads what the `yaml` package reads: for
 * every corpus spec and example, for YAML that `yaml` writes in each of its styles, and for
 * arbitrary YAML-like text, it either declines (the spec is then read by `yaml`, as before) or
 * gives exactly `yaml`'s data. The only texts it may take that `yaml` refuses are the corners of
 * malformed YAML where js-yaml is lenient (its module says which); never one of the features it
 * must decline. It must not decline so often that it saves nothing: most corpus socket.yml files
 * take it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { parseDocument, stringify, type ToStringOptions } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createSpecFile } from '../../generator/core/spec-file.js';
import { fastYamlData } from '../../generator/core/yaml-fast-data.js';

const root = join(import.meta.dirname, '../..');

/** `yaml`'s reading, as spec-file.ts makes it: the data, or undefined with any error. */
function yamlData(text: string): { data: unknown } | undefined {
  const document = parseDocument(text, { uniqueKeys: true, logLevel: 'error' });
  if (document.errors.length > 0) return undefined;
  try {
    return { data: document.toJS({ maxAliasCount: 100 }) };
  } catch {
    return undefined;
  }
}

/** True when the fast reader took the text; where `yaml` reads it too, their data must match. */
function agrees(text: string, json: boolean, mustParse = true): boolean {
  const fast = fastYamlData(text, json);
  if (fast === undefined) return false;
  const slow = yamlData(text);
  if (mustParse) expect(slow, `yaml refuses what the fast reader took:\n${text}`).toBeDefined();
  if (slow) expect(fast.data, text).toEqual(slow.data);
  return true;
}

function specFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the fast spec data reader', () => {
  it('gives yaml\'s data for every corpus spec and example it takes, and takes most socket.yml files', () => {
    const files = [...specFiles(join(root, 'test/corpus')), ...specFiles(join(root, 'specs'))];
    expect(files.length).toBeGreaterThan(50);
    let taken = 0;
    let sockets = 0;
    let socketsTaken = 0;
    for (const file of files) {
      const took = agrees(readFileSync(file, 'utf8'), file.endsWith('.json'));
      if (took) taken++;
      if (/socket\.ya?ml$/.test(file)) {
        sockets++;
        if (took) socketsTaken++;
      }
    }
    expect(taken, `${taken} of ${files.length} files`).toBeGreaterThan(files.length / 3);
    expect(socketsTaken, `${socketsTaken} of ${sockets} socket.yml`).toBeGreaterThan(sockets / 2);
  });

  it('declines what only yaml words or limits: anchors, tags, complex and null keys, bad syntax', () => {
    const declined = ['a: &x 1\nb: *x\n', 'a: !!str 1\n', '? [a]\n: 1\n', '[a]: 1\n', '{[a]: 1}\n', 'null: 1\n', '~: 1\n', '<<: {a: 1}\n', '%YAML 1.2\n---\na: 1\n', 'a: 1\na: 2\n', 'a: [1\n', '', '---\na: 1\n', 'a:\n\t- 1\n'];
    for (const text of declined) expect(fastYamlData(text, false), text).toBeUndefined();
    // Strict JSON may start lines with `{` and `[`; YAML's flow keys are not JSON.
    expect(fastYamlData('{\n  "a": [\n    {"b": 1}\n  ]\n}\n', true)).toEqual({ data: { a: [{ b: 1 }] } });
    expect(fastYamlData('{[a]: 1}\n', true)).toBeUndefined();
  });

  it('reads plain scalars as YAML 1.2\'s core schema does', () => {
    for (const scalar of ['012', '0o17', '0x1F', '0b101', '1_000', '+12', '-0', '.5', '+.5', '1.', '1e3', '1e400', '-.inf', '.NaN', 'yes', 'Null', 'TRUE', 'True', 'tRUE', '2001-12-14', '1:2', '=', '.', '+']) agrees(`a: ${scalar}\n`, false);
    expect(fastYamlData('a: +.5\nb: 0b101\nc: 1e400\nd: -0\n', false)).toEqual({ data: { a: 0.5, b: '0b101', c: Infinity, d: -0 } });
  });

  it('agrees with yaml on data yaml writes, in every style it writes', () => {
    const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('true', '1', '0x10', '1.0', '-', 'a b', '__proto__', 'null', 'é', 'a:b', '#x'));
    const scalar = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('yes', '0o7', '1_0', '\n\n x', ' lead', 'trail ', 'a\tb', '"q"', "'s'", '- x', 'x: y', '\u2028', '\ud83d\ude00'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    const options = fc.record({
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_FOLDED', 'BLOCK_LITERAL'),
      defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
      collectionStyle: fc.constantFrom('any', 'block', 'flow'),
      indent: fc.integer({ min: 1, max: 4 }),
      indentSeq: fc.boolean(),
      lineWidth: fc.constantFrom(0, 20, 80),
      minContentWidth: fc.constantFrom(0, 10),
    }) as fc.Arbitrary<ToStringOptions>;
    fc.assert(
      fc.property(value, options, (data, style) => {
        agrees(stringify(data, style), false);
        agrees(JSON.stringify(data, null, 2), true);
      }),
      { numRuns: 600 },
    );
  });

  it('reads YAML-like text as yaml reads it, wherever yaml reads it', () => {
    const piece = fc.constantFrom('a', 'b', '1', '0x', '.', 'e', ':', ': ', ' ', '  ', '- ', '\n', '\n  ', '#', '"', "'", '\\', '[', ']', '{', '}', ',', '|', '>', '-', '\t', 'null', '~', 'true', '\r\n', '---', '...', 'é');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        agrees(text, false, false);
        agrees(text, true, false);
      }),
      { numRuns: Number(process.env.YAML_FUZZ_RUNS ?? 3000) },
    );
  });

  it('leaves positions to yaml: a finding on a spec read fast still names its line and column', () => {
    const text = 'name: shop\nendpoints:\n  price:\n    GET: {script: price}\n';
    expect(fastYamlData(text, false)).toBeDefined();
    const spec = createSpecFile('specs/shop/socket.yml', join(root, 'specs/shop/socket.yml'), text);
    expect(spec.data).toEqual({ name: 'shop', endpoints: { price: { GET: { script: 'price' } } } });
    expect(spec.syntaxErrors).toEqual([]);
    expect(spec.locate('/endpoints/price/GET')).toEqual({ line: 4, col: 5 });
    expect(relative(root, spec.absolutePath)).toBe('specs/shop/socket.yml');
  });
});
