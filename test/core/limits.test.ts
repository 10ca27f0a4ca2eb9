/** The bounds every spec is held to, and diagnostics that stay one line whatever they quote. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAlias, isScalar, LineCounter, parseDocument, stringify as stringifyYaml, visit } from 'yaml';
import { escapeForMessage, formatDiagnostic } from '../../generator/core/diagnostics.js';
import { checkNameLengths, maxNameLength, overlongSegment, tooDeep } from '../../generator/core/limits.js';
import { words } from '../../generator/core/naming.js';
import { createSpecFile } from '../../generator/core/spec-file.js';

const oneLine = /^\S+:\d+:\d+ (error|warning|info) [A-Z]+\d+ .+$/;

describe('limits', () => {
  it('words() is linear: a 100k-capital name splits in well under a second', () => {
    const started = performance.now();
    expect(words('A'.repeat(100_000) + 'bC')).toEqual(['a'.repeat(99_999), 'ab', 'c']);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(words('HTTPServerV2ok')).toEqual(['http', 'server', 'v2ok']);
    expect(words('aB1C')).toEqual(['a', 'b1', 'c']);
  });

  it('finds nesting past the limit without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(tooDeep(deep)).toMatch(/^(\/a){64}$/);
    expect(tooDeep({ a: [{ b: 1 }] })).toBeUndefined();
  });

  it('tooDeep points at a value past the limit exactly when the data nests that deep', () => {
    const depthOf = (value: unknown): number =>
      typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;
    const at = (value: unknown, pointer: string): unknown =>
      pointer
        .split('/')
        .slice(1)
        .reduce((node, key) => (node as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')], value);
    // Chains of maps and lists around 64 deep, with keys that need escaping in a pointer.
    const key = fc.constantFrom('a', 'b/c', '~d', '0', 'e~1');
    const tree = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.integer(),
        fc.array(tie('node'), { maxLength: 2 }),
        fc.dictionary(key, tie('node'), { maxKeys: 2 }),
      ),
    })).node;
    const deepTree = fc.tuple(fc.integer({ min: 55, max: 70 }), fc.array(key, { minLength: 70, maxLength: 70 }), tree).map(([depth, keys, leaf]) => {
      let value: unknown = leaf;
      for (let i = 0; i < depth; i++) value = i % 3 === 0 ? [value] : { [keys[i]!]: value, z: 1 };
      return value;
    });
    fc.assert(
      fc.property(fc.oneof(tree, deepTree), (data) => {
        const pointer = tooDeep(data);
        if (depthOf(data) <= 64) {
          expect(pointer).toBeUndefined();
        } else {
          expect(pointer!.split('/').length - 1).toBe(64);
          const found = at(data, pointer!);
          expect(typeof found === 'object' && found !== null).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a 500-deep map in a spec is SPEC004 at its place, not a stack overflow later', () => {
    const text = 'name: x\nmetadata:\n' + Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i + 1)}k:`).join('\n') + ' 1\n';
    const file = createSpecFile('specs/x/socket.yml', '/p/specs/x/socket.yml', text);
    expect(file.syntaxErrors.map((d) => d.code)).toEqual(['SPEC004']);
    expect(file.syntaxErrors[0]!.line).toBe(65);
    expect(file.data).toBeUndefined();
  });

  it('a map used as a YAML key is SPEC001, with nothing printed outside the diagnostics', () => {
    const file = createSpecFile('specs/x.yml', '/p/specs/x.yml', '? [a, b]\n: 1\n');
    expect(file.syntaxErrors.map((d) => `${d.code} ${d.line}:${d.col}`)).toEqual(['SPEC001 1:3']);
  });

  it('a complex key is reported at the first one in document order, as yaml\'s own visitor finds it', () => {
    const scalar = fc.oneof(fc.constantFrom('a', 'b c', 'x: y'), fc.integer());
    const value = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('k', 'l', 'm'), tie('node'), { maxKeys: 3 }),
        // A Map with list or map keys is printed with complex keys (`? - a`, `{ a: 1 }: …`).
        fc.array(fc.tuple(fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }), fc.dictionary(fc.constantFrom('p', 'q'), scalar, { maxKeys: 1 })), tie('node')), { maxLength: 2 }).map((entries) => new Map(entries)),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.boolean(), (data, flow) => {
        const text = stringifyYaml(data, { collectionStyle: flow ? 'flow' : 'any' });
        const document = parseDocument(text);
        fc.pre(document.errors.length === 0);
        const counter = new LineCounter();
        parseDocument(text, { lineCounter: counter });
        let expected: string | undefined;
        visit(document, {
          Pair(_key, pair) {
            if (expected !== undefined || pair.key === null || isScalar(pair.key) || isAlias(pair.key)) return;
            const pos = counter.linePos((pair.key as { range: [number] }).range[0]);
            expected = `${pos.line}:${pos.col}`;
          },
        });
        const found = createSpecFile('specs/x.yml', '/p/specs/x.yml', text).syntaxErrors.filter((d) => d.message === 'a map or list is used as a key');
        expect(found.map((d) => `${d.line}:${d.col}`)).toEqual(expected === undefined ? [] : [expected]);
      }),
      { numRuns: 300 },
    );
  });

  it('names past the limit are reported at the nearest source in the IR', () => {
    const ir = { sockets: [{ name: 'n'.repeat(maxNameLength + 1), source: { file: 'specs/a.yml', pointer: '/name' }, endpoints: [{ name: 'e'.repeat(500) }] }] };
    const found = checkNameLengths(ir, (source, message, hint) => ({ code: 'SPEC005', severity: 'error', message, hint, file: source.file, line: 1, col: 1, pointer: source.pointer }));
    expect(found.map((d) => d.pointer)).toEqual(['/name', '/name']);
    expect(overlongSegment(`generated/${'x'.repeat(256)}/a.ts`)).toHaveLength(256);
    expect(overlongSegment('generated/x/a.ts')).toBeUndefined();
  });

  it('a diagnostic is one line, whatever its message, hint or file name holds', () => {
    const line = formatDiagnostic({ code: 'AAPI001', severity: 'error', message: 'parser failed\n    at Foo (/x.js:1)\r\n\u2028', file: 'specs/a\nb.yml', line: 3, col: 0, hint: 'x'.repeat(10_000) });
    expect(line).toMatch(oneLine);
    expect(line.split('\n')).toHaveLength(1);
    expect(line.length).toBeLessThan(1_400);
    expect(escapeForMessage('a\nb')).toBe('"a\\nb"');
    expect(escapeForMessage('y'.repeat(1000), 10)).toBe('"yyyyyyyyyy…" (1000 characters)');
  });
});
