import type { Pool } from 'pg';
import { ClassRules, type DataClassStore } from './class-store.js';
import { fieldValidator, type ClassValidator } from './class-validator.js';
import { ConfigError } from './errors.js';
import { memoryClassStore } from './memory-class-store.js';
import { postgresClassStore } from './postgres-class-store.js';
import type { SocketDefinition } from './types.js';

/** Options of createClassStores. */
export interface ClassStoresOptions {
  /** PostgreSQL connection URL; memory stores when absent. */
  postgresUrl?: string;
  /** Validator per class name (the generator's, from the field schema); a field-type check otherwise. */
  validators?: Record<string, ClassValidator>;
  /** Prepended to every table name (`<prefix><socket>__<class>`), e.g. to keep test runs apart. */
  tablePrefix?: string;
}

/** One store per data class, plus close() for the connection pool. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClassStores = Record<string, DataClassStore<any>> & { close(): Promise<void> };

/** A URL safe to print: the password masked. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * The stores of a socket's `dependencies.classes` (custom-sockets.md): in memory by default,
 * PostgreSQL (loaded only then, by dynamic import) when a URL is given, one table per class named
 * `<socket>__<class>`, created if missing. Every create and update is validated first.
 */
export async function createClassStores(socket: string, classes: SocketDefinition['classes'], options: ClassStoresOptions = {}): Promise<ClassStores> {
  if (classes.some((dataClass) => dataClass.name === 'close')) {
    throw new ConfigError(`socket ${socket}: a data class named close collides with the stores' close(); rename the class`);
  }
  if (classes.some((dataClass) => dataClass.name === '__proto__')) {
    throw new ConfigError(`socket ${socket}: a data class cannot be named __proto__ (it would replace the stores' prototype); rename the class`);
  }
  const rules = classes.map(
    (dataClass) => new ClassRules(dataClass.name, dataClass.fields, options.validators?.[dataClass.name] ?? fieldValidator(dataClass.name, dataClass.fields)),
  );
  const stores: Record<string, DataClassStore<Record<string, unknown>>> = {};
  if (options.postgresUrl === undefined || options.postgresUrl === '') {
    for (const rule of rules) stores[rule.className] = memoryClassStore(rule);
    return Object.assign(stores, { close: async () => undefined });
  }
  const pg = await import('pg');
  const PoolClass = (pg.default ?? pg).Pool;
  const pool: Pool = new PoolClass({ connectionString: options.postgresUrl, max: 5 });
  // An idle client losing its connection must not take the server down; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    for (const rule of rules) {
      stores[rule.className] = await postgresClassStore(pool, `${options.tablePrefix ?? ''}${socket}__${rule.className}`, rule);
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new ConfigError(`socket ${socket}: could not prepare class tables in PostgreSQL at ${shownUrl(options.postgresUrl)}: ${(error as Error).message}`);
  }
  return Object.assign(stores, { close: () => pool.end() });
}
