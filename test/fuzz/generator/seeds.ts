/**
 * Valid seeds for the generator fuzzer, one small project per kind, read from this repository's
 * own example specs: each seed is the spec file to mutate plus the files beside it (scripts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Seed {
  readonly kind: 'sockets' | 'asyncapi' | 'connectors' | 'services';
  /** Project-relative path of the spec the fuzzer mutates. */
  readonly spec: string;
  readonly format: 'yaml' | 'json' | 'env';
  /** Every file of the seed project (the spec included), by project-relative path. */
  readonly files: Readonly<Record<string, string>>;
}

const specsRoot = join(import.meta.dirname, '../../../specs');

function folderFiles(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(join(specsRoot, folder), { recursive: true, withFileTypes: true }))
    if (entry.isFile()) {
      const absolute = join(entry.parentPath, entry.name);
      files[`specs/${relative(specsRoot, absolute)}`] = readFileSync(absolute, 'utf8');
    }
  return files;
}

function seed(kind: Seed['kind'], folder: string, spec: string): Seed | undefined {
  const path = join(specsRoot, folder, spec);
  if (!existsSync(path)) return undefined;
  const format = spec.endsWith('.json') ? 'json' : spec.endsWith('.env') ? 'env' : 'yaml';
  // AsyncAPI documents share one folder: a seed is the document alone.
  const files = kind === 'asyncapi' ? { [`specs/${folder}/${spec}`]: readFileSync(path, 'utf8') } : folderFiles(folder);
  return { kind, spec: `specs/${folder}/${spec}`, format, files };
}

/** The seeds: every kind, YAML and JSON forms. */
export const seeds: readonly Seed[] = [
  seed('sockets', 'sockets/hello_world', 'socket.yml'),
  seed('sockets', 'sockets/my_integration', 'socket.yml'),
  seed('sockets', 'sockets/notes', 'socket.yml'),
  seed('sockets', 'sockets/raw_json', 'socket.json'),
  seed('asyncapi', 'asyncapi', 'chat.yml'),
  seed('asyncapi', 'asyncapi', 'user-account-service.yml'),
  seed('connectors', 'connectors/original-env', '.env'),
  seed('connectors', 'connectors/socket-connector-json', 'asyncapi.yaml'),
  seed('connectors', 'connectors/socket-connector-yaml', 'asyncapi.json'),
  seed('connectors', 'connectors/room-climate-api', 'asyncapi.yaml'),
  seed('services', 'services', 'services.json'),
].filter((s): s is Seed => s !== undefined);
