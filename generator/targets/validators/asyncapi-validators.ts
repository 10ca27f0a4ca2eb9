/**
 * `validators.ts` per AsyncAPI document: ajv validators compiled now, at generation time, into
 * standalone code (ajv/dist/standalone, ajv-formats), so a server compiles no schema at start-up.
 * One ajv instance holds the document's root schema and emits every validator in one module.
 * ajv's standalone output `require()`s a few helpers; they become ESM imports that work under
 * Node and bundlers alike, so the module also runs in browsers.
 */
import type { ProjectIR } from '../../ir/types.js';
import { planDocument, validatorName } from '../types/asyncapi-plan.js';
import { canonicalValidators, rootSchema } from '../types/asyncapi-schemas.js';
import type { PlannedFile, PlanOptions, Target } from '../types.js';
import { packages } from '../../core/packages.js';

/**
 * Turns each `require("m").path` ajv emits into a constant read once at module load from an
 * import of `m.js` (through a CommonJS/ESM interop), so validators pay no lookup per call.
 */
function toEsm(code: string): string {
  const modules = new Map<string, string>();
  const values = new Map<string, string>();
  const body = code.replace(/require\("([^"]+)"\)((?:\.[A-Za-z_$][\w$]*|\["[^"\]]*"\])*)/g, (_, module: string, path: string) => {
    if (!modules.has(module)) modules.set(module, `runtime${modules.size}`);
    const expression = `${modules.get(module)!}${path}`;
    if (!values.has(expression)) values.set(expression, `helper${values.size}`);
    return values.get(expression)!;
  });
  const imports = [...modules].map(([module, name]) => `import * as ${name}Module from '${module}.js';`);
  const bindings = [...modules].map(([, name]) => `const ${name} = interop(${name}Module);`);
  const helpers = [...values].map(([expression, name]) => `const ${name} = ${expression};`);
  const interop =
    modules.size === 0
      ? ''
      : // Node gives a CommonJS module's exports as `default`; bundlers spread them on the namespace.
        'function interop(ns) { return ns.default && ns.default.__esModule ? ns.default : ns; }\n';
  return `// @ts-nocheck ajv standalone output, typed through server.ts\n${imports.join('\n')}\n${interop}${[...bindings, ...helpers].join('\n')}\n${body.replace(/^"use strict";/, '')}\n`;
}

/**
 * Standalone validator code: `validate<TypeName>` for each distinct schema. Schemas with the same
 * content share one compiled function (see canonicalValidators; the server imports that one):
 * ajv's code is ~4 KB per object schema, and documents repeat shapes (acks, envelopes) a lot.
 */
export function renderValidators(definitions: Record<string, unknown>, canonical: ReadonlyMap<string, string>): string {
  // Unknown formats were reported by the kind (AAPI014); ajv would only log them. The schemas were
  // checked against the meta-schema already (the parser's rules, extension-schemas.ts): checking
  // them again would compile the meta-schema for each document (15 ms).
  // ajv is loaded here, on first use: a project without AsyncAPI schemas never needs it.
  const ajv = new packages.ajv.Ajv({ allErrors: true, strict: false, logger: false, code: { source: true, esm: true, lines: false }, inlineRefs: false, validateSchema: false });
  packages.ajvFormats.default(ajv);
  ajv.addSchema({ $id: 'sockgen', definitions });
  const exports: Record<string, string> = {};
  for (const name of Object.keys(definitions).sort())
    if (canonical.get(name) === name) exports[validatorName(name)] = `sockgen#/definitions/${name}`;
  if (Object.keys(exports).length === 0) return '// @ts-nocheck\nexport {};\n';
  return toEsm(packages.ajvStandalone.default(ajv, exports));
}

/** Plans `validators.ts` per AsyncAPI document. */
export const asyncapiValidatorsTarget: Target = {
  name: 'validators/asyncapi',
  plan(ir: ProjectIR, options: PlanOptions): PlannedFile[] {
    return (ir.asyncapi?.documents ?? []).map((doc) => {
      const plan = planDocument(doc, options);
      return {
        path: `${plan.folder}/validators.ts`,
        ownership: 'generated',
        text: renderValidators(rootSchema(plan).definitions, canonicalValidators(plan)),
        specs: [doc.source.file],
      };
    });
  },
};
