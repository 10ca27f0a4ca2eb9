/**
 * Runs the whole pipeline over a fixture project folder in memory: every YAML/JSON/.env file under
 * `<root>/specs`, output planned into `generated/` and stubs into `handlers/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverSpecs } from '../../generator/cli/discover.js';
import { formatDiagnostic } from '../../generator/core/diagnostics.js';
import { createSpecFile } from '../../generator/core/spec-file.js';
import { buildProject, type BuildResult } from '../../generator/pipeline.js';

export async function generateFixture(root: string, specs: readonly string[] = ['specs']): Promise<BuildResult & { diagnosticsText: string }> {
  const paths = discoverSpecs(root, specs, false);
  const files = paths.map((path) => createSpecFile(path, join(root, path), readFileSync(join(root, path), 'utf8')));
  const result = await buildProject(
    files,
    {
      root,
      strict: false,
      exists: (path) => existsSync(join(root, path)),
      readText: (path) => readFileSync(join(root, path), 'utf8'),
    },
    { outDir: 'generated', handlersDir: 'handlers', explicitFiles: false },
  );
  return { ...result, diagnosticsText: result.diagnostics.map(formatDiagnostic).join('\n') + (result.diagnostics.length ? '\n' : '') };
}
