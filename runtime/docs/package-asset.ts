/**
 * Files of installed packages served to browsers (the docs renderers' standalone bundles): found
 * through Node's resolution from this file, so they come from the user's node_modules, never a
 * CDN. Read once and kept: the bundles are a few MB and never change while serving.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const cache = new Map<string, Buffer>();

/** The bytes of `file` inside installed package `pkg` (e.g. `redoc`, `bundles/redoc.standalone.js`). */
export function packageAsset(pkg: string, file: string): Buffer {
  const key = `${pkg}/${file}`;
  let body = cache.get(key);
  if (body === undefined) {
    // package.json is resolvable even where `exports` hides the bundle's own path.
    const root = dirname(require.resolve(`${pkg}/package.json`));
    body = readFileSync(join(root, file));
    cache.set(key, body);
  }
  return body;
}
