/**
 * The fuzz driver: a long-lived process that runs generator cases through the real CLI entry
 * (`main`), one at a time, and answers with what came of each. It reads cases as JSON lines on
 * stdin and writes `start <id>` before and a result line after each, so its parent can tell a
 * hang (no result in time) from a crash (the process ended) and restart it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { main } from '../../../generator/cli/main.js';
import { diagnosticLine, secretMarker, type CaseResult, type FuzzCase, type Outcome } from './case.js';

const workRoot = process.argv[2] ?? '';
if (!workRoot) throw new Error('usage: driver <work folder>');
const keepProjects = Number(process.argv[3] ?? '0');
let kept = 0;
/** `--check`'s summary of drift, after its `sockgen: N files out of date:` line. */
const driftSummaryLine = /^( {2}(missing|changed|extra) {1,3}\S|Run `)/;

function listFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)));
}

async function runCase(fuzzCase: FuzzCase): Promise<CaseResult> {
  const sandbox = join(workRoot, `case-${fuzzCase.id}`);
  const project = join(sandbox, 'project');
  rmSync(sandbox, { recursive: true, force: true });
  mkdirSync(join(sandbox, 'outside'), { recursive: true });
  writeFileSync(join(sandbox, 'outside/secret.yml'), `type: object\ndescription: ${secretMarker}\nproperties:\n  ${secretMarker}: {type: string}\n`);
  for (const [path, text] of Object.entries(fuzzCase.files)) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), text);
  }
  const before = new Set(listFiles(sandbox));

  const output: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  const writeOut = process.stdout.write.bind(process.stdout);
  // stderr carries diagnostics and progress; stdout only `--check`'s diffs and `--dump-ir`.
  const capture = (chunk: unknown) => {
    output.push(String(chunk));
    return true;
  };
  const discard = () => true;
  const cwd = process.cwd();
  const started = performance.now();
  let exitCode: number | null;
  process.chdir(project);
  process.stderr.write = capture as typeof process.stderr.write;
  process.stdout.write = discard as typeof process.stdout.write;
  try {
    // --no-cache: thousands of one-off cases would only fill the shared cache folder.
    exitCode = await main(['--quiet', '--no-cache', ...fuzzCase.argv]);
  } catch {
    exitCode = null;
  } finally {
    process.stderr.write = write;
    process.stdout.write = writeOut;
    process.chdir(cwd);
  }
  const ms = Math.round(performance.now() - started);
  const result = (outcome: Outcome, detail?: string, keep?: string): CaseResult => ({ id: fuzzCase.id, outcome, exitCode, ms, ...(detail ? { detail } : {}), ...(keep ? { project: keep } : {}) });

  if (exitCode === null || exitCode === 70) return result('crash', output.join('').slice(0, 2000));
  const lines = output.join('').split('\n').filter(Boolean);
  if (exitCode === 2) return result('usage-error', lines[0]);
  const bad = lines.find((line) => !diagnosticLine.test(line) && !line.startsWith('sockgen: ') && !driftSummaryLine.test(line));
  if (bad !== undefined) return result('malformed-diagnostic', bad.slice(0, 500));
  const added = listFiles(sandbox).filter((path) => !before.has(path));
  const outside = added.find((path) => !/^project\/(generated|handlers)\//.test(path));
  if (outside) return result('wrote-outside', outside);
  if (exitCode === 1 && added.length > 0) return result('wrote-on-error', added[0]);
  if (exitCode === 1) return result('spec-error');
  if (exitCode !== 0) return result('crash', `exit ${exitCode}: ${lines[0] ?? ''}`);
  for (const path of added) if (readFileSync(join(sandbox, path), 'utf8').includes(secretMarker)) return result('leaked-secret', path);
  if (fuzzCase.planted) {
    // A payload that ran would end this process with its exit code (42–44): the parent sees it.
    for (const path of added.filter((p) => p.endsWith('.ts') && !p.endsWith('/main.ts')).sort())
      await import(pathToFileURL(join(sandbox, path)).href).catch(() => undefined);
  }
  if (kept < keepProjects && added.some((path) => path.endsWith('.ts'))) {
    kept++;
    return result('generated', undefined, project);
  }
  rmSync(sandbox, { recursive: true, force: true });
  return result('generated');
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const fuzzCase = JSON.parse(line) as FuzzCase;
  process.stdout.write(`start ${fuzzCase.id}\n`);
  const result = await runCase(fuzzCase);
  if (result.outcome !== 'generated' || !result.project) rmSync(join(workRoot, `case-${fuzzCase.id}`), { recursive: true, force: true });
  process.stdout.write(`result ${JSON.stringify(result)}\n`);
}
