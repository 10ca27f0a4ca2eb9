/**
 * JSON Schemas of TypeScript handlers' `Args` and results, read with the TypeScript checker (the
 * one ts-morph ships) over an in-memory file system: the handlers, the generated files they import
 * as this run writes them, and sockgen's runtime types. Only plain JSON shapes convert: primitives,
 * literals and their unions, arrays, objects with properties and string index signatures. Anything
 * else (functions, tuples, bigint, `undefined` members, recursion) gives no schema, and the
 * OpenAPI document keeps its generic one. A module outside those files is `any`: nothing else is read.
 * Not ts-json-schema-generator: it reads type nodes, and a handler's result is an inferred return
 * type, which it gives as `{}` (vega/ts-json-schema-generator#1887); the checker has it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Project, SourceFile, ts as TS } from 'ts-morph';

const { Project: ProjectClass, ts } = loadTsMorph();
import { compareText } from '../../core/order.js';
import { runsCompiled } from '../../core/bundle-loader.js';
import { checkerLib, loadTsMorph } from './ts-morph-module.js';

type Json = Record<string, unknown>;

/** The schemas found for one handler; a part that did not convert is absent. */
export interface HandlerSchemas {
  readonly args?: Json;
  readonly result?: Json;
}

/** A source file of the project as this run sees it: a project-relative path and its text. */
export interface HandlerSource {
  readonly path: string;
  readonly text: string;
}

const maxDepth = 10;
/**
 * Compiled (dist/, built from these very sources), the runtime's types come from its declarations:
 * a fifth of the text of its sources and no function bodies to parse, the larger part of the
 * checker's start. From the sources (tests, an edited checkout) they come from runtime/*.ts.
 */
const runtimeExtension = runsCompiled ? '.d.ts' : '.ts';
const virtualRoot = '/sockgen-project/';
const packageRoot = '/sockgen-package/';
const options: TS.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: [checkerLib],
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  // `sockgen/runtime/<part>` as the package exports it: its declarations, or its sources.
  paths: { 'sockgen/runtime/*': [`${packageRoot}runtime/*/index${runtimeExtension}`], 'sockgen/runtime': [`${packageRoot}runtime/index${runtimeExtension}`] },
};

/**
 * Schemas per handler path. `files` are the handlers and the generated files they import (as this
 * run writes them); `handlers` the paths to derive. Each handler's types are read exactly as the
 * typed client reads them: its `Args`, and `HandlerResult<typeof handler>` from the runtime.
 */
export function handlerSchemas(files: readonly HandlerSource[], handlers: readonly string[]): Map<string, HandlerSchemas> {
  const found = new Map<string, HandlerSchemas>();
  if (handlers.length === 0) return found;
  const project = baseProject();
  const added: SourceFile[] = [];
  try {
    for (const file of files) added.push(project.createSourceFile(virtualRoot + file.path, file.text, { overwrite: true }));
    const probes = handlers.map((path, i) => {
      const probe = `${virtualRoot}.sockgen-probe/${i}.ts`;
      const target = JSON.stringify((virtualRoot + path).replace(/\.ts$/, ''));
      added.push(project.createSourceFile(probe, `import type { HandlerResult } from 'sockgen/runtime/http-client';\nimport type handler from ${target};\nexport type { Args } from ${target};\nexport type Result = HandlerResult<typeof handler>;\n`, { overwrite: true }));
      return probe;
    });
    readSchemas(project, handlers, probes, found);
  } finally {
    // The base project stays as it was: the next call sees only its own files.
    for (const file of added) if (!file.wasForgotten()) project.removeSourceFile(file);
  }
  return found;
}

let base: Project | undefined;

/**
 * An in-memory file system with only sockgen's runtime types and ts-morph's lib files, parsed and
 * bound once per process (the larger part of a check); each call adds its files and removes them.
 */
function baseProject(): Project {
  if (base) return base;
  const project = new ProjectClass({ useInMemoryFileSystem: true, compilerOptions: options });
  for (const file of runtimeSources()) project.createSourceFile(packageRoot + file.path, file.text);
  // The compiler program itself: ts-morph makes it on first use, and making it parses the standard
  // library (~0.2 s), which the first question would otherwise wait for.
  project.getProgram().compilerObject.getTypeChecker();
  return (base = project);
}

/** Loads and prepares the checker (the worker of handler-checker.ts does this while it waits). */
export function warmChecker(): void {
  baseProject();
}

function readSchemas(project: Project, handlers: readonly string[], probes: readonly string[], found: Map<string, HandlerSchemas>): void {
  const program = project.getProgram().compilerObject;
  const checker = program.getTypeChecker();
  handlers.forEach((path, i) => {
    const file = program.getSourceFile(probes[i]!);
    const module = file && checker.getSymbolAtLocation(file);
    if (!file || !module) return;
    const exports = new Map(checker.getExportsOfModule(module).map((symbol) => [symbol.escapedName as string, symbol]));
    const declared = (name: string) => {
      const symbol = exports.get(name);
      return symbol ? schemaOf(checker, checker.getDeclaredTypeOfSymbol(resolved(checker, symbol)), 0, []) : undefined;
    };
    const args = informativeArgs(declared('Args'));
    const result = informativeResult(declared('Result'));
    if (args || result) found.set(path, { ...(args ? { args } : {}), ...(result ? { result } : {}) });
  });
}

let runtime: HandlerSource[] | undefined;

/** sockgen's own folder, from its sources (generator/targets/openapi/) or its build (dist/generator/…). */
function packageFolder(): string {
  let folder = fileURLToPath(new URL('.', import.meta.url));
  for (let up = 0; up < 6; up++) {
    if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, 'runtime/http/index.ts'))) return folder;
    folder = dirname(folder);
  }
  return fileURLToPath(new URL('../../../', import.meta.url));
}

/**
 * The runtime's `http` and `http-client` sources and what they import (sockgen's own files, read
 * once per process), so `HandlerContext` and `HandlerResult` mean what they mean to the client.
 */
function runtimeSources(): HandlerSource[] {
  if (runtime) return runtime;
  const base = runsCompiled ? join(packageFolder(), 'dist') : packageFolder();
  const seen = new Map<string, string>();
  const queue = [`runtime/http/index${runtimeExtension}`, `runtime/http-client/index${runtimeExtension}`];
  while (queue.length > 0 && seen.size < 400) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    let text: string;
    try {
      text = readFileSync(join(base, path), 'utf8');
    } catch {
      continue; // not shipped: its types are `any`, which gives the generic schema
    }
    seen.set(path, text);
    for (const reference of ts.preProcessFile(text, true, true).importedFiles) {
      if (!reference.fileName.startsWith('.')) continue;
      const next = posix.normalize(posix.join(posix.dirname(path), reference.fileName.replace(/\.js$/, runtimeExtension)));
      if (next.startsWith('runtime/')) queue.push(next);
    }
  }
  runtime = [...seen].map(([path, text]) => ({ path, text }));
  return runtime;
}

function resolved(checker: TS.TypeChecker, symbol: TS.Symbol): TS.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** Arguments are worth a schema when they name at least one property (an index signature alone is the generic schema). */
function informativeArgs(schema: Json | undefined): Json | undefined {
  return schema && schema.type === 'object' && Object.keys((schema.properties as Json | undefined) ?? {}).length > 0 ? schema : undefined;
}

/** `{}` (any, unknown) says nothing more than the generic schema. */
function informativeResult(schema: Json | undefined): Json | undefined {
  return schema && Object.keys(schema).length > 0 ? schema : undefined;
}

/** The JSON Schema of a type, or undefined when it is no plain JSON shape. */
function schemaOf(checker: TS.TypeChecker, type: TS.Type, depth: number, stack: readonly TS.Type[]): Json | undefined {
  if (depth > maxDepth || stack.includes(type)) return undefined;
  const flags = type.flags;
  if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
  if (flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
  if (flags & ts.TypeFlags.String) return { type: 'string' };
  if (flags & ts.TypeFlags.Number) return { type: 'number' };
  if (flags & ts.TypeFlags.Null) return { type: 'null' };
  if (flags & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', const: (type as { intrinsicName?: string }).intrinsicName === 'true' };
  if (type.isStringLiteral()) return { type: 'string', const: type.value };
  if (type.isNumberLiteral()) return { type: 'number', const: type.value };
  const inner = [...stack, type];
  if (type.isUnion()) return unionSchema(checker, type.types, depth, inner);
  if (!(flags & ts.TypeFlags.Object) && !type.isIntersection()) return undefined;
  if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return undefined;
  if (checker.isTupleType(type)) return undefined;
  if (checker.isArrayType(type)) {
    const item = checker.getTypeArguments(type as TS.TypeReference)[0];
    const items = item && schemaOf(checker, item, depth + 1, inner);
    return items ? { type: 'array', items } : undefined;
  }
  return objectSchema(checker, type, depth, inner);
}

function unionSchema(checker: TS.TypeChecker, members: readonly TS.Type[], depth: number, stack: readonly TS.Type[]): Json | undefined {
  const kept = members.filter((member) => !(member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
  if (kept.length !== members.length && kept.length === 0) return undefined;
  const literals = kept.filter((member) => member.flags & ts.TypeFlags.BooleanLiteral);
  // `boolean` inside a union arrives as its two literals.
  const rest = literals.length === 2 ? kept.filter((member) => !literals.includes(member)) : kept;
  const schemas: Json[] = literals.length === 2 ? [{ type: 'boolean' }] : [];
  for (const member of rest) {
    const schema = schemaOf(checker, member, depth + 1, stack);
    if (!schema) return undefined;
    if (Object.keys(schema).length === 0) return {};
    schemas.push(schema);
  }
  if (schemas.length === 1) return schemas[0];
  // Sorted: the checker orders union members by when it met them, which other files can change.
  const consts = schemas.every((schema) => 'const' in schema && schema.type === schemas[0]!.type);
  if (consts) return { type: schemas[0]!.type, enum: schemas.map((schema) => schema.const).sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : compareText(String(a), String(b)))) };
  return { anyOf: schemas.map((schema) => [JSON.stringify(schema), schema] as const).sort(([a], [b]) => compareText(a, b)).map(([, schema]) => schema) };
}

function objectSchema(checker: TS.TypeChecker, type: TS.Type, depth: number, stack: readonly TS.Type[]): Json | undefined {
  const properties: Record<string, Json> = {};
  const required: string[] = [];
  for (const property of checker.getPropertiesOfType(type)) {
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
    const schema = schemaOf(checker, checker.getTypeOfSymbol(property), depth + 1, stack);
    if (!schema) return undefined;
    const description = ts.displayPartsToString(property.getDocumentationComment(checker)).trim();
    properties[property.name] = description ? { description, ...schema } : schema;
    if (!optional) required.push(property.name);
  }
  const index = checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & ts.TypeFlags.String);
  const additional = index ? schemaOf(checker, index.type, depth + 1, stack) : undefined;
  if (index && !additional) return undefined;
  return {
    type: 'object',
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
    ...(required.length > 0 ? { required } : {}),
    ...(additional ? { additionalProperties: additional } : {}),
  };
}
