/**
 * Generated servers find script files through `new URL(<relative>, import.meta.url)`. File names
 * are spec strings: characters with a meaning in URLs must still name the file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFixture } from '../support/generate-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'sockgen-script-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('script file URLs', () => {
  it('resolves file names with #, ?, % and spaces to the very file', async () => {
    const names = ['v1#beta.py', '50%off.py', 'why?.py', 'two words.py'];
    mkdirSync(join(root, 'specs/h/scripts'), { recursive: true });
    for (const name of names) writeFileSync(join(root, 'specs/h/scripts', name), 'print(1)\n');
    const yaml = ['name: h', 'endpoints:', ...names.map((_, i) => `  e${i}: {script: s${i}}`), 'dependencies:', '  scripts:'];
    yaml.push(...names.map((name, i) => `    s${i}: {runtime_name: python3, file: ${JSON.stringify(`scripts/${name}`)}}`));
    writeFileSync(join(root, 'specs/h/socket.yml'), `${yaml.join('\n')}\n`);
    const result = await generateFixture(root);
    expect(result.diagnosticsText).toBe('');
    const scripts = result.files.find((file) => file.path === 'generated/sockets/h/scripts.ts')!.contents;
    // The socket folder (`root`, ending in /) is referenced too; the script files are the rest.
    const references = [...scripts.matchAll(/new URL\('([^']*)', import\.meta\.url\)/g)].map((match) => match[1]!).filter((reference) => !reference.endsWith('/'));
    const generatedFile = pathToFileURL(join(root, 'generated/sockets/h/scripts.ts'));
    expect(references.map((reference) => fileURLToPath(new URL(reference, generatedFile)))).toEqual(names.map((name) => join(root, 'specs/h/scripts', name)));
  });
});
