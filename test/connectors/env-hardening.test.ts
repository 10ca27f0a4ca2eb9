/** `.env` connector specs under hostile input: huge files finish quickly with a bounded report. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFixture } from '../support/generate-fixture.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'sockgen-env-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('regression (issue 8 #5): a .env with 200,000 bad lines', () => {
  it('is 51 CONN001 errors (the first 50, then a count), not a stack overflow', async () => {
    const root = project({ 'specs/c/.env': `CONNECTOR_NAME=big\nSERVER_PORT=1\n${'this is not a line\n'.repeat(200_000)}` });
    const started = Date.now();
    const result = await generateFixture(root);
    expect(Date.now() - started).toBeLessThan(20_000);
    const lines = result.diagnosticsText.trim().split('\n');
    expect(lines).toHaveLength(51);
    expect(lines[0]).toBe('specs/c/.env:3:1 error CONN001 expected KEY=value, found `this is not a line` (hint: a .env line is KEY=value, a # comment, or blank)');
    expect(lines[50]).toBe('specs/c/.env:53:1 error CONN001 199950 more lines are not KEY=value (not reported one by one) (hint: is this file a .env file?)');
    expect(result.files.filter((f) => f.path.startsWith('generated/connectors/'))).toEqual([]);
  }, 60_000);
});
