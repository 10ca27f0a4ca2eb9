/**
 * A spec's data read without source positions, by js-yaml: ~4× faster than the `yaml` package in a
 * fresh process (50 socket.yml of 10 endpoints: ~300 ms with `yaml`, ~70 ms here), whose lexer is
 * generator functions that stay slow until the JIT has warmed up. spec-file.ts reads positions
 * with `yaml` only when a finding needs one.
 *
 * Only for texts both parsers read alike; for any other text this answers undefined and the spec
 * is read by `yaml` alone, as it always was, with every diagnostic it gives:
 * - plain scalars resolve as YAML 1.2's core schema says (`yaml`'s default), not js-yaml's own
 *   core schema, which also reads `0b101` as 5 and leaves `+.5` and `1e400` strings;
 * - no anchors, aliases, tags, directives, document markers, explicit (`?`) or merge (`<<`)
 *   keys, nor a flow collection where a key may be: `yaml` reports or limits those (a map as a key, an alias
 *   bomb), where js-yaml would read them quietly. Found by the characters that start them; a
 *   string that merely contains one (`a & b`) also takes the `yaml` path, which is only slower;
 * - lines end in LF or CRLF, never a lone CR;
 * - no empty entry of a list in a list (`- -`), no block scalar with an explicit indentation
 *   (`|1-`) or as the whole document, no tab that indents a line, no comment right after a
 *   closing quote, no backslash at the end of a line;
 * - no key that is null (`~:`, `null:`): `yaml` names it "", js-yaml "null";
 * - a document with content (js-yaml reads an empty one as undefined, `yaml` as null);
 * - anything js-yaml refuses (a syntax error, a duplicate key): `yaml` words the finding.
 *
 * Where both read a text, they read the same data. js-yaml is more lenient than `yaml` in a few
 * corners of malformed YAML that the checks above do not catch (a quoted string continued on a
 * line that is not indented; list items at two indentations): such a text is read as js-yaml
 * reads it, as @asyncapi/parser and most JavaScript tools read YAML, where `yaml` refused it.
 * test/core/yaml-fast-data.test.ts compares both parsers on every corpus file, on YAML that
 * `yaml` writes in each of its styles, and on arbitrary YAML-like text.
 */
import { packages } from './packages.js';

const { Type, FAILSAFE_SCHEMA, load } = packages.jsYaml;

// YAML 1.2.2's core schema (section 10.3.2), as `yaml` resolves it.
const coreNull = new Type('tag:yaml.org,2002:null', { kind: 'scalar', resolve: (text: string) => /^(?:~|null|Null|NULL)?$/.test(text), construct: () => null });
const coreBool = new Type('tag:yaml.org,2002:bool', { kind: 'scalar', resolve: (text: string) => /^(?:true|True|TRUE|false|False|FALSE)$/.test(text), construct: (text: string) => /^t/i.test(text) });
const coreInt = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (text: string) => /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/.test(text),
  construct: (text: string) => (text.startsWith('0o') ? parseInt(text.slice(2), 8) : text.startsWith('0x') ? parseInt(text.slice(2), 16) : parseInt(text, 10)),
});
const coreFloat = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (text: string) => /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/.test(text),
  construct: (text: string) => (/nan$/i.test(text) ? NaN : /inf$/i.test(text) ? (text.startsWith('-') ? -Infinity : Infinity) : parseFloat(text)),
});
const coreSchema = FAILSAFE_SCHEMA.extend({ implicit: [coreNull, coreBool, coreInt, coreFloat] });

/** Characters that start an anchor, alias, tag, directive, explicit or merge key. */
const unsharedSyntax = /(?:^|[\s[\]{},])(?:[&*!?%]|<<)/m;
/** A flow collection where a block key may start: `[a]: 1`, `- {a: 1}: 2`. */
const flowAtLineStart = /^[ \t]*(?:-[ \t]+)*[[{]/m;
/** A flow collection inside a flow collection, where a flow key may be: `{[a]: 1}`. */
const flowInFlow = /[[{,][ \t\r\n]*[[{]/;
/**
 * Block scalars with an explicit indentation (`|1-`) or as the whole document, tabs that indent,
 * an empty entry of a list inside a list (`- -`), a backslash that ends a line (an escaped line
 * break, which the two read differently after a CRLF): read differently, or refused by `yaml` alone.
 */
const unsharedLayout = /[|>][+-]?[1-9]|^[ \t]*\t|^[ \t]*[|>]|-[ \t]+-[ \t]*(?:#.*)?$|\\\r?$/m;
/** A comment right after a closing quote (`'a'#b`): js-yaml takes it, `yaml` wants a space first. */
const commentAfterQuote = /[^\s,[\]{}]["']#/;
/** Document markers: the two parsers split `---a` differently. */
const documentMarker = /^(?:---|\.\.\.)/m;
const nullKeys = new Set(['', '~', 'null', 'Null', 'NULL']);

/** The text's data when js-yaml reads it as `yaml` would, else undefined (see above). */
export function fastYamlData(original: string, json: boolean): { data: unknown } | undefined {
  // YAML reads a CRLF as a line break (a lone CR js-yaml and `yaml` read differently).
  if (/\r(?!\n)/.test(original)) return undefined;
  const text = original.includes('\r') ? original.replace(/\r\n/g, '\n') : original;
  if (unsharedSyntax.test(text) || documentMarker.test(text) || unsharedLayout.test(text) || commentAfterQuote.test(text)) return undefined;
  // Strict JSON has no flow keys; its `[` and `{` start lines everywhere.
  if ((flowAtLineStart.test(text) || flowInFlow.test(text)) && !(json && isStrictJson(text))) return undefined;
  let data: unknown;
  try {
    data = load(text, { schema: coreSchema });
  } catch {
    return undefined;
  }
  if (data === undefined || hasNullKey(data)) return undefined;
  return { data };
}

function isStrictJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Whether any mapping has a key a null scalar may have made. Iterative: data may nest deeply. */
function hasNullKey(data: unknown): boolean {
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    for (const key of Object.keys(value)) {
      if (nullKeys.has(key)) return true;
      stack.push((value as Record<string, unknown>)[key]);
    }
  }
  return false;
}
