/**
 * Decisions every services target shares: the output folder, legal names for option types and
 * instance classes, where each class lives, and TypeScript types inferred from option values.
 */
import { posix } from 'node:path';
import { stringLiteral } from '../../core/escape.js';
import { isPlainPropertyName, kebabCase, pascalCase, uniqueNames } from '../../core/naming.js';
import type { ServiceIR, ServicesIR } from '../../ir/services.js';
import type { PlanOptions } from '../types.js';

/** One instance class: a generated stub (`stub`) or the user's module (`module`). */
export interface ServiceClassPlan {
  readonly key: string;
  readonly className: string;
  readonly type: 'stub' | 'module';
  /** Project-relative path of the class's file. */
  readonly path: string;
  readonly scriptName: string;
  readonly services: readonly ServiceIR[];
}

/** Names and paths shared by the services targets. */
export interface ServicesPlan {
  readonly folder: string;
  readonly specs: readonly string[];
  readonly optionsTypeName: ReadonlyMap<string, string>;
  readonly methodName: ReadonlyMap<string, string>;
  readonly classes: readonly ServiceClassPlan[];
  readonly classOf: ReadonlyMap<string, ServiceClassPlan>;
}

/** The shared plan, or undefined when there are no services. */
export function planServices(ir: ServicesIR, options: PlanOptions): ServicesPlan | undefined {
  if (ir.services.length === 0) return undefined;
  const folder = posix.join(options.outDir, 'services');
  const names = ir.services.map((s) => s.name);
  const optionsTypeName = uniqueNames(names, (raw) => `${pascalCase(raw)}Options`, ['ServiceName', 'ServiceOptionsMap']);
  const methodName = uniqueNames(names, (raw) => `reserve${pascalCase(raw).replace(/^_/, '')}`, ['reserve', 'release', 'status', 'websocketUrl']);

  // Services naming the same script share one class (the original shares one script the same way).
  const byKey = new Map<string, ServiceIR[]>();
  for (const service of ir.services) {
    const key = scriptKey(service);
    byKey.set(key, [...(byKey.get(key) ?? []), service]);
  }
  const keys = [...byKey.keys()].sort();
  const classNames = uniqueNames(keys, (key) => pascalCase(byKey.get(key)![0]!.script.stem));
  const stubFiles = uniqueNames(
    keys.filter((key) => key.startsWith('stub:')),
    (key) => kebabCase(byKey.get(key)![0]!.script.stem),
  );
  const classes = keys.map((key): ServiceClassPlan => {
    const services = byKey.get(key)!;
    const script = services[0]!.script;
    const path = script.type === 'module' ? script.file : posix.join(options.handlersDir, 'services', `${stubFiles.get(key)}.ts`);
    return { key, className: classNames.get(key)!, type: script.type, path, scriptName: script.name, services };
  });
  const classOf = new Map(classes.flatMap((plan) => plan.services.map((service) => [service.name, plan] as const)));
  return { folder, specs: ir.files, optionsTypeName, methodName, classes, classOf };
}

function scriptKey(service: ServiceIR): string {
  return service.script.type === 'module' ? `module:${service.script.file}` : `stub:${service.script.stem.toLowerCase()}`;
}

/** Relative ESM import specifier from the file `from` to the TypeScript file `to` (`.ts` → `.js`). */
export function importPath(from: string, to: string): string {
  const relative = posix.relative(posix.dirname(from), to).replace(/\.(m?)ts$/, '.$1js');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** A readonly TypeScript type describing a JSON option value (widened: `100` → `number`). */
export function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const items = [...new Set(value.map(typeOfValue))].sort();
    if (items.length === 0) return 'readonly unknown[]';
    return items.length === 1 && !items[0]!.includes(' ') ? `readonly ${items[0]}[]` : `readonly (${items.join(' | ')})[]`;
  }
  if (typeof value === 'object') return objectType(value as Record<string, unknown>);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return typeof value;
  return 'unknown';
}

/** `{ readonly key: T; ... }` with keys escaped through the one string-literal helper. */
export function objectType(value: Readonly<Record<string, unknown>>): string {
  const members = Object.keys(value)
    .sort()
    .map((key) => `readonly ${isPlainPropertyName(key) ? key : stringLiteral(key)}: ${typeOfValue(value[key])};`);
  return members.length === 0 ? 'Record<string, never>' : `{ ${members.join(' ')} }`;
}
