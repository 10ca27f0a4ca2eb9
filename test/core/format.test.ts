/**
 * Batch formatting must print every file exactly as formatting it alone would: checked on every
 * TypeScript file the example specs produce, plus the edge cases of the boundary line.
 */
import { describe, expect, it } from 'vitest';
import { formatAll, formatText } from '../../generator/core/format.js';
import { generateFixture } from '../support/generate-fixture.js';

describe('formatAll', () => {
  it('formats each file in a batch as it would be formatted alone', async () => {
    const { files } = await generateFixture(`${import.meta.dirname}/../fixtures/sockets-examples/input`);
    const jobs = files.filter((f) => f.path.endsWith('.ts')).map((f) => ({ text: f.contents.replace(/\n\s*/g, '\n'), format: 'typescript' as const, path: f.path }));
    expect(jobs.length).toBeGreaterThan(10);
    const batched = await formatAll(jobs);
    const alone = await Promise.all(jobs.map((job) => formatText(job.text, job.format, job.path)));
    expect(batched).toEqual(alone);
  });

  it('keeps leading comments, blank lines between files and files without a final newline apart', async () => {
    const jobs = [
      { text: '// first\n\n\nexport const a = 1', format: 'typescript' as const, path: 'a.ts' },
      { text: '\n\n/** doc */\nexport type B = {x:number}\n\n\n', format: 'typescript' as const, path: 'b.ts' },
      { text: '', format: 'typescript' as const, path: 'empty.ts' },
      { text: '{"z": 1}', format: 'json' as const, path: 'c.json' },
    ];
    expect(await formatAll(jobs)).toEqual(await Promise.all(jobs.map((job) => formatText(job.text, job.format, job.path))));
  });

  it('names the file when generated code does not parse', async () => {
    await expect(formatAll([{ text: 'export const = ;', format: 'typescript', path: 'broken.ts' }])).rejects.toThrow(/broken\.ts is not valid typescript/);
  });
});
