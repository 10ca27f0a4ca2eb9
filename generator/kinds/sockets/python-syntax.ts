/**
 * Python 2 scripts (issue 9, item 6): python_library_v4.2/v5.0 ran Python 2.7, so real scripts use
 * `print "x"`. Every Python script of a run is compiled by the configured interpreter's own parser
 * in one process (not one per script); a SyntaxError that Python 2 syntax explains is SOCK026 at
 * the script's line:col with the 2to3 hint, any other is SOCK027. Both are warnings: the platform
 * ran these files. No interpreter on the machine: nothing is checked.
 */
import { spawn } from 'node:child_process';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { SocketIR } from '../../ir/types.js';
import type { SpecFile } from '../../core/spec-file.js';
import type { LoadContext } from '../types.js';

const checker = `
import json, sys
out = []
for item in json.loads(sys.stdin.read()):
    try:
        compile(item["source"], item["name"], "exec")
        out.append(None)
    except SyntaxError as error:
        out.append({"line": error.lineno or 1, "col": error.offset or 1, "msg": str(error.msg), "text": (error.text or "")})
    except Exception as error:
        out.append({"line": 1, "col": 1, "msg": str(error), "text": ""})
sys.stdout.write(json.dumps(out))
`;

/** Python 2 forms a Python 3 SyntaxError points at: the statement itself, or the line it is on. */
const python2Line = /^\s*(print\s*[^\s(=]|print\s*$|exec\s+["'\w]|raise\s+\w+\s*,)|except\s+[\w.]+\s*,\s*\w+\s*:|`|<>|\b0\d+\b|\bur["']/;

/**
 * SOCK026/SOCK027 warnings for the Python scripts of these sockets. Asynchronous: the interpreter
 * starts in 30–300 ms (more behind a pyenv shim), time the run spends on the other kinds.
 */
export async function checkPythonSyntax(sockets: readonly SocketIR[], context: LoadContext, specFiles: ReadonlyMap<string, SpecFile>): Promise<Diagnostic[]> {
  const items: Array<{ file: string; at: { file: string; line: number; col: number } | undefined; pointer: string; socketFile: string; name: string; source: string; python: string }> = [];
  for (const socket of sockets) {
    for (const script of socket.scripts) {
      if (script.runner !== 'python') continue;
      let source: string | undefined = script.inlineSource;
      if (script.file !== undefined) {
        try {
          source = context.readText(script.file);
        } catch {
          continue;
        }
      }
      if (source === undefined) continue;
      items.push({
        file: script.file ?? script.source.file,
        at: undefined,
        pointer: script.source.pointer,
        socketFile: script.source.file,
        name: script.file ?? `<${script.name}>`,
        source,
        python: script.interpreter ?? context.python ?? 'python3',
      });
    }
  }
  const diagnostics: Diagnostic[] = [];
  const byPython = new Map<string, typeof items>();
  for (const item of items) byPython.set(item.python, [...(byPython.get(item.python) ?? []), item]);
  const runs = [...byPython].map(async ([python, group]) => ({ python, group, stdout: await compileAll(python, JSON.stringify(group.map(({ name, source }) => ({ name, source })))) }));
  for (const { python, group, stdout } of await Promise.all(runs)) {
    if (stdout === undefined) continue;
    let results: Array<{ line: number; col: number; msg: string; text: string } | null>;
    try {
      results = JSON.parse(stdout) as typeof results;
    } catch {
      continue;
    }
    group.forEach((item, index) => {
      const found = results[index];
      if (!found) return;
      const lineText = found.text || (item.source.split('\n')[found.line - 1] ?? '');
      const python2 = /Missing parentheses in call to '(print|exec)'/.test(found.msg) || python2Line.test(lineText);
      const inFile = item.file !== item.socketFile;
      const code = python2 ? 'SOCK026' : 'SOCK027';
      const message = python2
          ? `Python 2 syntax (${found.msg}${inFile ? '' : ` at line ${found.line} of the inline source`}): ${python} cannot run this script as it is`
          : `${python} cannot compile this script: ${found.msg}${inFile ? '' : ` at line ${found.line} of the inline source`}`;
      const hint = python2
        ? `python_library_v4.2/v5.0 ran Python 2.7: convert it with \`2to3 -w ${inFile ? item.name : '<file>'}\`${inFile ? '' : ' after moving the source into a file'}, or set \`interpreter: python2.7\` on the script (or \`python\` in sockgen.config.json)`
        : 'fix the script; the server answers 500 for it until then';
      const specFile = specFiles.get(item.socketFile);
      if (!inFile && specFile !== undefined) diagnostics.push(specFile.diagnostic('warning', code, `${item.pointer}/source`, message, hint));
      else diagnostics.push({ code, severity: 'warning', file: item.file, line: found.line, col: found.col, message, hint });
    });
  }
  return diagnostics;
}

/** The checker's output, or undefined when the interpreter is missing, fails or takes over 30 s. */
function compileAll(python: string, input: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(python, ['-c', checker], { stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdin.on('error', () => {}); // an interpreter that exits early closes its stdin
    child.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? Buffer.concat(chunks).toString('utf8') : undefined);
    });
    child.stdin.end(input);
  });
}
