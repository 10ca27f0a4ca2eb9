/**
 * `npm run bench`: runs every bench/<area>.ts in its own process, one after another (they measure
 * against peers in the same run, so they must not overlap), and prints each report.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const benchDir = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.ts') && name !== 'run.ts' && !name.startsWith('_'))
  .filter((name) => only.length === 0 || only.some((area) => name.startsWith(area)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n━━ bench/${file} ━━`);
  const result = spawnSync(process.execPath, [join(benchDir, '../bin/run-ts.mjs'), join(benchDir, file)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`bench/${file} failed (exit ${result.status ?? result.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
