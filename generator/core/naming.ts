/**
 * Turning raw spec names into legal, readable TypeScript names. Names stay raw in the IR; each
 * target calls these. Collisions get numeric suffixes in input order (`foo`, `foo2`).
 */

const reservedWords = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false ' +
    'finally for function if import in instanceof new null return super switch this throw true try ' +
    'typeof var void while with as implements interface let package private protected public static ' +
    'yield any boolean constructor declare get module require number set string symbol type from of ' +
    'async await arguments eval undefined never unknown object bigint infer keyof readonly unique satisfies'
  ).split(' '),
);

/**
 * Splits `my_endpoint-1`, `myEndpoint1`, `My Endpoint`, `HTTPServer` into lower-case words.
 * One pass over the characters: the regexes this replaces backtracked quadratically on a long
 * run of capitals (a 100k-letter name took minutes).
 */
export function words(raw: string): string[] {
  const text = raw.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const kind = (c: string | undefined) => (c === undefined ? 0 : c >= 'a' && c <= 'z' ? 1 : c >= '0' && c <= '9' ? 2 : c >= 'A' && c <= 'Z' ? 3 : 0);
  const result: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const here = kind(c);
    if (here === 0) {
      if (current) result.push(current.toLowerCase());
      current = '';
      continue;
    }
    const before = kind(text[i - 1]);
    // A capital starts a word after a lower-case letter or digit (`myEndpoint`), and so does
    // the last capital of a run that a lower-case letter follows (`HTTPServer` → HTTP, Server).
    const startsWord = here === 3 && (before === 1 || before === 2 || (before === 3 && kind(text[i + 1]) === 1));
    if (startsWord && current) {
      result.push(current.toLowerCase());
      current = '';
    }
    current += c;
  }
  if (current) result.push(current.toLowerCase());
  return result;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function legal(name: string, fallback: string): string {
  let result = name || fallback;
  if (/^[0-9]/.test(result)) result = '_' + result;
  if (reservedWords.has(result)) result = result + '_';
  return result;
}

/** `my_endpoint` → `myEndpoint` (a legal identifier). */
export function camelCase(raw: string): string {
  const [first = '', ...rest] = words(raw);
  return legal(first + rest.map(capitalize).join(''), 'unnamed');
}

/** `my_endpoint` → `MyEndpoint` (a legal type name). */
export function pascalCase(raw: string): string {
  return legal(words(raw).map(capitalize).join(''), 'Unnamed');
}

/** `myEndpoint` → `my-endpoint` (file names). */
export function kebabCase(raw: string): string {
  return words(raw).join('-') || 'unnamed';
}

/** `myEndpoint` → `my_endpoint` (file and folder names that keep the spec's style). */
export function snakeCase(raw: string): string {
  return words(raw).join('_') || 'unnamed';
}

/**
 * Maps each raw name to a unique safe one with `convert`; later names that collide get `2`,
 * `3`... in the order given (callers pass names sorted, so results are stable).
 */
export function uniqueNames(raws: readonly string[], convert: (raw: string) => string, taken: Iterable<string> = []): Map<string, string> {
  const used = new Set(taken);
  const result = new Map<string, string>();
  for (const raw of raws) {
    if (result.has(raw)) continue;
    const base = convert(raw);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}${n}`;
    used.add(name);
    result.set(raw, name);
  }
  return result;
}

/** True when `name` can be written as an unquoted property key. */
export function isPlainPropertyName(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}
