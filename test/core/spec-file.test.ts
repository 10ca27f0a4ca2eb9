/** JSON pointers to line:col, in YAML and JSON, and syntax errors as diagnostics. */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../generator/core/diagnostics.js';
import { createSpecFile, pointerSegments, toPointer } from '../../generator/core/spec-file.js';

describe('spec files', () => {
  it('locates keys and list items in YAML', () => {
    const file = createSpecFile('specs/a/socket.yml', '/abs', 'name: a\nendpoints:\n  hello:\n    GET:\n      script: hi\nlist:\n  - x\n  - y\n');
    expect(file.locate('/name')).toEqual({ line: 1, col: 1 });
    expect(file.locate('/endpoints/hello/GET')).toEqual({ line: 4, col: 5 });
    expect(file.locate('/list/1')).toEqual({ line: 8, col: 5 });
    expect(file.locate('/endpoints/hello/POST')).toEqual({ line: 3, col: 3 });
  });

  it('locates keys in JSON, and escapes pointer segments', () => {
    const file = createSpecFile('x.json', '/abs', '{\n  "a/b": {\n    "c~d": 1\n  }\n}\n');
    expect(file.locate(toPointer('a/b', 'c~d'))).toEqual({ line: 3, col: 5 });
    expect(pointerSegments('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
  });

  it('reports syntax errors with a position and no data', () => {
    const file = createSpecFile('specs/bad.json', '/abs', '{\n  "a": [1, 2\n}\n');
    expect(file.data).toBeUndefined();
    expect(file.syntaxErrors.map(formatDiagnostic)[0]).toMatch(/^specs\/bad\.json:\d+:\d+ error SPEC001 JSON syntax: /);
  });

  it('reports a file whose aliases expand too far (billion laughs) as SPEC001 at its first alias, not a crash', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, previous] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd']] as const) levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    const file = createSpecFile('specs/laughs.yml', '/abs', `${levels.join('\n')}\nname: x\n`);
    expect(file.data).toBeUndefined();
    expect(file.syntaxErrors.map(formatDiagnostic)).toEqual([expect.stringMatching(/^specs\/laughs\.yml:2:8 error SPEC001 YAML aliases: .*\(hint: every \*alias is copied/)]);
  });

  it('reports duplicate keys by name, in JSON too', () => {
    const json = createSpecFile('s.json', '/abs', '{\n  "a": 1,\n  "a": 2\n}\n');
    expect(formatDiagnostic(json.syntaxErrors[0]!)).toBe('s.json:3:3 error SPEC001 duplicate key "a": a name may appear once in a mapping (hint: rename or remove one of the two entries)');
    const file = createSpecFile('s.yml', '/abs', 'name: a\nname: b\n');
    expect(file.syntaxErrors[0]?.message).toBe('duplicate key name: a name may appear once in a mapping');
    expect(file.syntaxErrors[0]?.line).toBe(2);
  });
});
