/**
 * Structural mutations of a valid seed, as fast-check arbitraries: deleted keys, swapped types,
 * hostile and huge strings, hostile key names, deep nesting, `$ref` loops and refs that point out
 * of the project, duplicated items, and text-level damage (truncation, stray bytes). Each
 * mutation picks its place by an index into the seed's list of places, so cases shrink well.
 */
import fc from 'fast-check';
import { parse as parseYaml, stringify } from 'yaml';
import type { FuzzCase } from './case.js';
import type { Seed } from './seeds.js';

/** Strings that have broken generators: escapes, payloads, prototype names, sizes, paths. */
export const hostileStrings: readonly string[] = [
  '',
  ' ',
  'a\nb',
  'line1\r\nline2\u2028',
  '"; process.exit(42); "',
  "'; process.exit(42); '",
  '*/ process.exit(43) /*',
  '${process.exit(44)}',
  '`${process.exit(44)}`',
  '</script><script>process.exit(42)</script>',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '../../../../etc/passwd',
  '/etc/passwd',
  'x'.repeat(100_000),
  'A'.repeat(300),
  'Ünïcødé 名前 🎉',
  '\u202e\u0000\u0007',
  '{{json this}}',
  '\\',
  'null',
  '0x10',
  '1e400',
];

const plantedPayload = /process\.exit\(4[234]\)/;

const typeSamples: readonly unknown[] = [null, true, 0, -1, 1.5, 1e21, '', 'text', [], [1, 'a'], {}, { a: 1 }];

type Path = ReadonlyArray<string | number>;

type Mutation =
  | { op: 'delete'; at: number }
  | { op: 'retype'; at: number; value: number }
  | { op: 'hostile'; at: number; value: number }
  | { op: 'rename'; at: number; value: number }
  | { op: 'nest'; at: number; depth: number; list: boolean }
  | { op: 'ref'; at: number; target: number }
  | { op: 'duplicate'; at: number }
  | { op: 'grow'; at: number; count: number };

type TextDamage = { op: 'truncate'; at: number } | { op: 'insert'; at: number; text: string } | { op: 'none' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('retype' as const), at: fc.nat(), value: fc.nat(typeSamples.length - 1) }),
  fc.record({ op: fc.constant('hostile' as const), at: fc.nat(), value: fc.nat(hostileStrings.length - 1) }),
  fc.record({ op: fc.constant('rename' as const), at: fc.nat(), value: fc.nat(hostileStrings.length - 1) }),
  fc.record({ op: fc.constant('nest' as const), at: fc.nat(), depth: fc.constantFrom(5, 50, 70, 300), list: fc.boolean() }),
  fc.record({ op: fc.constant('ref' as const), at: fc.nat(), target: fc.nat(6) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('grow' as const), at: fc.nat(), count: fc.constantFrom(50, 400) }),
);

const textDamage: fc.Arbitrary<TextDamage> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ op: 'none' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('{', ']', ':', '\t', '"', '- ', '&a *a', '!!binary x', '\u0000', '%YAML 1.1\n---\n') }) },
);

/** Every place (path) in a value, the root included. */
function places(value: unknown): Path[] {
  const found: Path[] = [];
  const stack: Array<{ node: unknown; path: Path }> = [{ node: value, path: [] }];
  while (stack.length > 0 && found.length < 5000) {
    const { node, path } = stack.pop()!;
    found.push(path);
    if (Array.isArray(node)) node.forEach((item, i) => stack.push({ node: item, path: [...path, i] }));
    else if (typeof node === 'object' && node !== null) for (const [key, item] of Object.entries(node)) stack.push({ node: item, path: [...path, key] });
  }
  return found;
}

function parentOf(root: { value: unknown }, path: Path): { parent: Record<string | number, unknown>; key: string | number } {
  let parent: Record<string | number, unknown> = root as unknown as Record<string, unknown>;
  let key: string | number = 'value';
  for (const segment of path) {
    parent = parent[key] as Record<string | number, unknown>;
    key = segment;
  }
  return { parent, key };
}

function nested(depth: number, list: boolean, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = list ? [value] : { nested: value };
  return value;
}

/** Targets for `$ref`: a loop, out-of-project files, a remote URL, dangling and odd pointers. */
function refTarget(index: number, specPath: string): string {
  const upToSandbox = '../'.repeat(specPath.split('/').length);
  return ['#/components/schemas/FuzzLoopA', `${upToSandbox}outside/secret.yml`, '/etc/passwd', 'http://127.0.0.1:9/schema.yml', '#/nowhere/at/all', '#', 'file:///etc/hostname'][index]!;
}

function applyMutation(root: { value: unknown }, m: Mutation, specPath: string): string {
  const all = places(root.value);
  const path = all[m.at % all.length]!;
  const { parent, key } = parentOf(root, path);
  const where = '/' + path.join('/');
  switch (m.op) {
    case 'delete':
      if (path.length === 0) return 'delete (root kept)';
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      return `delete ${where}`;
    case 'retype':
      parent[key] = structuredClone(typeSamples[m.value]);
      return `retype ${where} → ${JSON.stringify(typeSamples[m.value])}`;
    case 'hostile':
      parent[key] = hostileStrings[m.value];
      return `hostile ${where} → #${m.value}`;
    case 'rename': {
      if (path.length === 0 || Array.isArray(parent)) return 'rename (not a key)';
      const value = parent[key];
      delete parent[key];
      // defineProperty: a plain assignment of `__proto__` would set the prototype, not a key.
      Object.defineProperty(parent, hostileStrings[m.value]!, { value, enumerable: true, configurable: true, writable: true });
      return `rename ${where} → #${m.value}`;
    }
    case 'nest':
      parent[key] = nested(m.depth, m.list, parent[key]);
      return `nest ${where} × ${m.depth} ${m.list ? 'lists' : 'maps'}`;
    case 'ref': {
      parent[key] = { $ref: refTarget(m.target, specPath) };
      if (m.target === 0 && typeof root.value === 'object' && root.value !== null && !Array.isArray(root.value)) {
        const doc = root.value as Record<string, unknown>;
        const components = (typeof doc.components === 'object' && doc.components !== null ? doc.components : (doc.components = {})) as Record<string, unknown>;
        const schemas = (typeof components.schemas === 'object' && components.schemas !== null ? components.schemas : (components.schemas = {})) as Record<string, unknown>;
        schemas.FuzzLoopA = { $ref: '#/components/schemas/FuzzLoopB' };
        schemas.FuzzLoopB = { $ref: '#/components/schemas/FuzzLoopA' };
      }
      return `ref ${where} → ${refTarget(m.target, specPath)}`;
    }
    case 'duplicate':
      if (Array.isArray(parent)) parent.splice(Number(key), 0, structuredClone(parent[Number(key)]));
      else if (path.length > 0) parent[`${String(key)}_copy`] = structuredClone(parent[key]);
      return `duplicate ${where}`;
    case 'grow':
      parent[key] = Array.isArray(parent[key])
        ? Array.from({ length: m.count }, () => structuredClone((parent[key] as unknown[])[0] ?? 'x'))
        : Object.fromEntries(Array.from({ length: m.count }, (_, i) => [`k${i}`, structuredClone(parent[key])]));
      return `grow ${where} × ${m.count}`;
  }
}

function damage(text: string, d: TextDamage): { text: string; note?: string } {
  if (d.op === 'none' || text.length === 0) return { text };
  const at = d.at % text.length;
  if (d.op === 'truncate') return { text: text.slice(0, at), note: `truncate at ${at}` };
  return { text: text.slice(0, at) + d.text + text.slice(at), note: `insert ${JSON.stringify(d.text)} at ${at}` };
}

/** `.env` seeds are mutated line by line. */
type EnvMutation = { op: 'drop' | 'double'; at: number } | { op: 'value'; at: number; value: number } | { op: 'garbage'; lines: number };

const envMutation: fc.Arbitrary<EnvMutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('drop' as const, 'double' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('value' as const), at: fc.nat(), value: fc.nat(hostileStrings.length - 1) }),
  fc.record({ op: fc.constant('garbage' as const), lines: fc.constantFrom(1, 50, 20_000) }),
);

function mutateEnv(text: string, mutations: readonly EnvMutation[]): { text: string; notes: string[]; planted: boolean } {
  const lines = text.split('\n');
  const notes: string[] = [];
  let planted = false;
  for (const m of mutations) {
    const at = m.op === 'garbage' ? 0 : m.at % lines.length;
    if (m.op === 'drop') lines.splice(at, 1);
    else if (m.op === 'double') lines.splice(at, 0, lines[at] ?? '');
    else if (m.op === 'value') {
      const value = hostileStrings[m.value]!;
      planted ||= plantedPayload.test(value);
      lines[at] = `${(lines[at] ?? 'KEY=').split('=')[0]}=${value}`;
    } else if (m.op === 'garbage') for (let i = 0; i < m.lines; i++) lines.push(i % 2 ? `not a line ${i}` : `${i}BAD KEY=="'`);
    notes.push(m.op === 'garbage' ? `garbage × ${m.lines}` : `${m.op} line ${at}`);
  }
  return { text: lines.join('\n'), notes, planted };
}

/** Cases from one seed: 1–3 mutations, maybe text damage, and one of the ways to run the CLI. */
export function casesFrom(seed: Seed, ids: { next: number }): fc.Arbitrary<FuzzCase> {
  const argv = fc.constantFrom<ReadonlyArray<string>>([], [], ['--check'], [seed.spec]);
  if (seed.format === 'env')
    return fc.tuple(fc.array(envMutation, { minLength: 1, maxLength: 3 }), argv).map(([mutations, args]) => {
      const { text, notes, planted } = mutateEnv(seed.files[seed.spec]!, mutations);
      return { id: ids.next++, kind: seed.kind, mutations: [seed.spec, ...notes], files: { ...seed.files, [seed.spec]: text }, argv: args, planted };
    });
  return fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 2 }), textDamage, argv).map(([mutations, textHit, args]) => {
    const original = seed.files[seed.spec]!;
    const root = { value: seed.format === 'json' ? JSON.parse(original) : (parseYaml(original) as unknown) };
    const notes = mutations.map((m) => applyMutation(root, m, seed.spec));
    const serialized = seed.format === 'json' ? JSON.stringify(root.value, null, 2) : stringify(root.value, { aliasDuplicateObjects: false, lineWidth: 0 });
    const damaged = damage(serialized ?? '', textHit);
    const planted = plantedPayload.test(damaged.text);
    return { id: ids.next++, kind: seed.kind, mutations: [seed.spec, ...notes, ...(damaged.note ? [damaged.note] : [])], files: { ...seed.files, [seed.spec]: damaged.text }, argv: args, planted };
  });
}
