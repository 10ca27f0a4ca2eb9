/**
 * TypeScript is formatted by oxfmt (pinned), checked against prettier with the pinned options:
 * every example and golden fixture is generated once each way; both must print the same code (the
 * same text once whitespace is removed), and nearly every file byte for byte (oxfmt breaks a few
 * long lines differently, e.g. `if (!(a || b))` in ajv's standalone code). Plus the edge cases the
 * pipeline's render stream formats, and a broken file named in the error.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatText, formatWithPrettier } from '../../generator/core/format.js';
import { RenderStream } from '../../generator/core/render-stream.js';
import { generateFixture } from '../support/generate-fixture.js';

const fixtures = join(import.meta.dirname, '../fixtures');
const projects = [join(import.meta.dirname, '../..'), ...readdirSync(fixtures).map((name) => join(fixtures, name, 'input'))];

afterEach(() => {
  delete process.env.SOCKGEN_FORMATTER;
});

/** Formats as the pipeline does: through a render stream (a user-owned file gets no header). */
async function formatAll(jobs: readonly { text: string; format: 'typescript'; path: string }[]): Promise<string[]> {
  const stream = new RenderStream();
  for (const job of jobs) stream.add({ path: job.path, text: job.text, format: job.format, ownership: 'once', specs: [] });
  return (await stream.finish()).map((file) => file.contents);
}

async function generateWith(formatter: 'prettier' | 'oxfmt', root: string): Promise<Map<string, string>> {
  if (formatter === 'prettier') process.env.SOCKGEN_FORMATTER = 'prettier';
  else delete process.env.SOCKGEN_FORMATTER;
  const { files } = await generateFixture(root);
  return new Map(files.map((file) => [file.path, file.contents]));
}

describe('formatting TypeScript', () => {
  it('oxfmt prints the code prettier prints for every generated file, nearly always byte for byte', { timeout: 300_000 }, async () => {
    let compared = 0;
    const differing: string[] = [];
    // The code without layout: no whitespace, no trailing comma and no leading `|` of a union,
    // which a formatter adds when it breaks the line.
    const code = (text: string) => text.replace(/\s+/g, '').replace(/,(?=[)\]}>])/g, '').replace(/(=>|[:=(<,])\|(?!\|)/g, '$1');
    for (const root of projects) {
      const reference = await generateWith('prettier', root);
      const fast = await generateWith('oxfmt', root);
      expect([...fast.keys()], root).toEqual([...reference.keys()]);
      for (const [path, contents] of reference) {
        const ours = fast.get(path)!;
        expect(code(ours), `${root}: ${path}`).toBe(code(contents));
        if (!path.endsWith('.ts')) continue;
        compared++;
        if (ours !== contents) differing.push(`${root}: ${path}`);
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(differing.length, differing.join('\n')).toBeLessThanOrEqual(compared * 0.05);
  });

  it('re-indents de-indented code as prettier does', async () => {
    const { files } = await generateFixture(join(fixtures, 'sockets-examples/input'));
    const jobs = files.filter((f) => f.path.endsWith('.ts')).map((f) => ({ text: f.contents.replace(/\n\s*/g, '\n'), format: 'typescript' as const, path: f.path }));
    expect(jobs.length).toBeGreaterThan(10);
    const reference = await Promise.all(jobs.map((job) => formatWithPrettier(job.text, job.format, job.path)));
    expect(await formatAll(jobs)).toEqual(reference);
  });

  it('keeps leading comments, blank lines, empty files and a missing final newline as prettier does', async () => {
    const jobs = [
      { text: '// first\n\n\nexport const a = 1', format: 'typescript' as const, path: 'a.ts' },
      { text: '\n\n/** doc */\nexport type B = {x:number}\n\n\n', format: 'typescript' as const, path: 'b.ts' },
      { text: '', format: 'typescript' as const, path: 'empty.ts' },
    ];
    const reference = await Promise.all(jobs.map((job) => formatWithPrettier(job.text, job.format, job.path)));
    expect(await formatAll(jobs)).toEqual(reference);
    expect(await formatText('{"z": 1}', 'json', 'c.json')).toBe('{\n  "z": 1\n}\n');
  });

  it('names the file when generated code does not parse, with either formatter', async () => {
    await expect(formatAll([{ text: 'export const = ;', format: 'typescript', path: 'broken.ts' }])).rejects.toThrow(/broken\.ts is not valid typescript/);
    process.env.SOCKGEN_FORMATTER = 'prettier';
    await expect(formatAll([{ text: 'export const = ;', format: 'typescript', path: 'broken.ts' }])).rejects.toThrow(/broken\.ts is not valid typescript/);
  });
});
