/**
 * Ahead-of-time compilation of the structure validators (ajv standalone), run by the build
 * (scripts/build.mjs) into dist/: every AsyncAPI version the installed @asyncapi/specs knows,
 * resolved and unresolved, as the parser prepares them. Identical code (2.x's two schemas differ
 * only in `$id`) is written once. The manifest names the tool versions, so a later upgrade of
 * those packages without a rebuild falls back to compiling instead of validating with stale code.
 */
import { formatsShim } from '../../../core/precompiled-folder.js';
import { structureSchemas } from './parser-internals.js';
import { spectralStandaloneCode } from './spectral-ajv.js';
import { precompiledStructureValidators, schemaKey } from './validators.js';

const formatsFile = 'spectral-formats.cjs';

/** Writes the precompiled validators and their manifest; returns how many files. */
export function precompileStructureValidators(onProgress: (message: string) => void = () => {}): number {
  return precompiledStructureValidators.write(
    structureSchemas().map(({ version, resolved, schema }) => {
      // 2.x's resolved and unresolved schemas differ only in `$id`, which no check depends on.
      const { $id: _id, ...checks } = schema;
      return {
        key: schemaKey(schema),
        id: JSON.stringify(checks),
        code: () => {
          onProgress(`compiling the AsyncAPI ${version} ${resolved ? 'resolved' : 'unresolved'} structure validator`);
          return spectralStandaloneCode(schema, `./${formatsFile}`);
        },
      };
    }),
    // The formats are Spectral's, resolved where the parser finds them when the code runs.
    { [formatsFile]: formatsShim(['@asyncapi/parser', '@stoplight/spectral-functions']) },
  );
}
