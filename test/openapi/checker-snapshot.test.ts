/**
 * The handler type checker started from its startup snapshot (checker-snapshot.ts, made by the
 * build) answers what the checker in this thread answers, question after question, and ends when
 * the process that asked closes the channel. Needs dist/ built from these sources (CI always has
 * it; an edited checkout skips).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { distIsFresh } from '../../bin/source-fingerprint.mjs';
import type { CheckerReply, CheckerRequest } from '../../generator/targets/openapi/checker-request.js';
import { handlerSchemas, type HandlerSource } from '../../generator/targets/openapi/ts-type-schema.js';
import { generateFixture } from '../support/generate-fixture.js';

const repo = join(import.meta.dirname, '../..');
const root = mkdtempSync(join(tmpdir(), 'sockgen-checker-snapshot-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const socketYml = ['name: shop', 'endpoints:', '  price: {script: price}', '  odd: {script: odd}', 'dependencies:', '  scripts:', '    price: {runtime_name: typescript}', '    odd: {runtime_name: typescript}', ''].join('\n');

const price = `import type { ShopContext } from '../../../generated/sockets/shop/types.js';
export interface Args { sku: string; quantity?: number; currency?: 'EUR' | 'USD'; tags?: string[] }
export default async function price({ args }: ShopContext<Args>) {
  return { sku: args.sku, total: 12.5, currency: args.currency ?? 'EUR', note: null as string | null };
}
`;
const odd = `export interface Args { pair: [number, string] }
export default async function odd() {
  return { run: () => 1 };
}
`;
const retyped = price.replace('quantity?: number', 'quantity: number; gift?: boolean');

/** What the run asks: the handlers and the generated types.ts they import, as a run writes it. */
async function sources(handlers: Record<string, string>): Promise<HandlerSource[]> {
  mkdirSync(join(root, 'specs/shop'), { recursive: true });
  writeFileSync(join(root, 'specs/shop/socket.yml'), socketYml);
  const result = await generateFixture(root);
  const types = result.files.find((file) => file.path === 'generated/sockets/shop/types.ts')!;
  return [{ path: types.path, text: types.contents }, ...Object.entries(handlers).map(([path, text]) => ({ path, text }))];
}

function ask(child: ChildProcess, request: CheckerRequest): Promise<CheckerReply> {
  return new Promise((resolve) => {
    child.once('message', (reply) => resolve(reply as CheckerReply));
    child.send(request);
  });
}

describe('the handler checker from its snapshot', () => {
  it('answers as the checker in this thread does, for each question, and exits when the channel closes', { timeout: 60_000 }, async () => {
    if (!distIsFresh(repo)) {
      if (process.env.CI === 'true') throw new Error('dist/ is older than the sources: `npm run build` first');
      return; // a checkout edited since its build
    }
    const { checkerSnapshot } = (await import(pathToFileURL(join(repo, 'dist/generator/targets/openapi/checker-snapshot.js')).href)) as typeof import('../../generator/targets/openapi/checker-snapshot.js');
    const snapshot = checkerSnapshot();
    expect(snapshot, 'the build makes a snapshot for the Node.js that ran it').toBeDefined();
    const child = spawn(process.execPath, ['--snapshot-blob', snapshot!], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    try {
      const paths = { price: 'handlers/sockets/shop/price.ts', odd: 'handlers/sockets/shop/odd.ts' };
      const first = await sources({ [paths.price]: price, [paths.odd]: odd });
      const second = await sources({ [paths.price]: retyped });
      for (const [id, files, handlers] of [[1, first, [paths.price, paths.odd]], [2, second, [paths.price]]] as const) {
        const reply = await ask(child, { id, files, handlers });
        expect(reply.error).toBeUndefined();
        expect(reply.id).toBe(id);
        expect(new Map(reply.found)).toEqual(handlerSchemas(files, handlers));
      }
      // The second question saw its own handler, not the first one's: the base project stayed clean.
      const again = await ask(child, { id: 3, files: second, handlers: [paths.price] });
      expect((new Map(again.found).get(paths.price)?.args as { required?: string[] }).required).toEqual(['sku', 'quantity']);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.disconnect();
      expect(await exited).toBe(0);
    } finally {
      child.kill();
    }
  });
});
