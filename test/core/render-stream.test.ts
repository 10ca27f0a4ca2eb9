/**
 * The pipeline's render stream: files added while others are formatting come out rendered,
 * headed and formatted in the order they were added; a file that does not parse fails the stream
 * with its name, also when the stream was waiting for more files as the format failed.
 */
import { describe, expect, it } from 'vitest';
import { formatText } from '../../generator/core/format.js';
import { withHeader } from '../../generator/core/header.js';
import { RenderStream } from '../../generator/core/render-stream.js';
import type { PlannedFile } from '../../generator/targets/types.js';

const file = (path: string, text: string, ownership: PlannedFile['ownership'] = 'once'): PlannedFile => ({ path, text, ownership, specs: ['specs/a.yml'] });
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the render stream', () => {
  it('gives every file formatted, in the order added, across pauses between additions', async () => {
    const stream = new RenderStream();
    const texts = Array.from({ length: 12 }, (_, i) => `export const value${i} = {a:${i},  b:[${i},${i + 1}]}`);
    for (const [i, text] of texts.entries()) {
      stream.add(file(`generated/f${i}.ts`, text));
      if (i % 4 === 3) await tick();
    }
    stream.add({ path: 'generated/doc.json', json: { z: [1, 2], a: 'x' }, ownership: 'generated', specs: ['specs/a.yml'] });
    expect(stream.size).toBe(13);
    const done = await stream.finish();
    expect(done.map((output) => output.path)).toEqual([...texts.map((_, i) => `generated/f${i}.ts`), 'generated/doc.json']);
    for (const [i, text] of texts.entries()) expect(done[i]!.contents).toBe(await formatText(text, 'typescript', `f${i}.ts`));
    expect(done.at(-1)!.contents).toBe('{\n  "z": [\n    1,\n    2\n  ],\n  "a": "x"\n}\n');
  });

  it('heads generated files and renders templates', async () => {
    const stream = new RenderStream();
    stream.add(file('generated/a.ts', 'export const a=1', 'generated'));
    const [output] = await stream.finish();
    expect(output!.contents).toBe(await formatText(withHeader('export const a=1', 'typescript', 'generated/a.ts', ['specs/a.yml']), 'typescript', 'a.ts'));
    expect(output!.contents).toMatch(/specs\/a\.yml/);
  });

  it('names a file that does not parse, even when its format failed while the stream waited', async () => {
    const stream = new RenderStream();
    stream.add(file('generated/ok.ts', 'export const ok = 1'));
    stream.add(file('generated/broken.ts', 'export const = ;'));
    await tick(); // the format fails here, with nothing waiting for the stream's result
    await tick();
    stream.add(file('generated/later.ts', 'export const later = 2'));
    await expect(stream.finish()).rejects.toThrow(/broken\.ts is not valid typescript/);
  });

  it('finishes at once when nothing was added', async () => {
    expect(await new RenderStream().finish()).toEqual([]);
  });
});
