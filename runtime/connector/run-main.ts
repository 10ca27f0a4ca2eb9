/**
 * What a generated `main.ts` calls: spec defaults < `.env` file < real environment, validate
 * (a bad value is one clear message and exit code 2), start, and stop cleanly on SIGTERM/SIGINT.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EmbeddedBrokerError } from './broker.js';
import { startConnector, type ConnectorDefinition, type RunningConnector } from './connector.js';
import { dotEnvValues } from './dotenv.js';
import { ConnectorConfigError, resolveConnectorSettings, type VariableValues } from './settings.js';

/** Options of runConnectorMain. */
export interface RunMainOptions {
  /** `.env` file to read (default `.env` in the working directory, when present). */
  readonly envFile?: string;
  readonly env?: VariableValues;
}

/**
 * Runs a connector as a process; resolves to the running connector, or undefined after a config
 * error (exit code 2) or an embedded broker that cannot listen (exit code 1), each one line on stderr.
 */
export async function runConnectorMain(defaults: VariableValues, definition: ConnectorDefinition, options: RunMainOptions = {}): Promise<RunningConnector | undefined> {
  const envFile = resolve(options.envFile ?? '.env');
  if (options.envFile && !existsSync(envFile)) {
    process.stderr.write(`connector: env file ${options.envFile} not found\n`);
    process.exitCode = 2;
    return undefined;
  }
  const fileValues = existsSync(envFile) ? dotEnvValues(readFileSync(envFile, 'utf8')) : {};
  let settings;
  try {
    settings = resolveConnectorSettings(defaults, fileValues, options.env ?? process.env);
  } catch (error) {
    if (!(error instanceof ConnectorConfigError)) throw error;
    process.stderr.write(`connector: ${error.message}\n`);
    process.exitCode = 2;
    return undefined;
  }
  let connector: RunningConnector;
  try {
    connector = await startConnector({ settings, definition, spoolDir: spoolFolder(fileValues, options.env ?? process.env) });
  } catch (error) {
    if (!(error instanceof EmbeddedBrokerError)) throw error;
    process.stderr.write(`connector: ${error.message}\n`);
    process.exitCode = 1;
    return undefined;
  }
  const shutdown = (signal: string) => {
    connector.log.info(`${signal} received; shutting down`);
    void connector.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return connector;
}

/**
 * `SPOOL_DIR` (environment, else the `.env` file): where unacknowledged QoS 1/2 messages are
 * kept across restarts; default `.sockgen-spool` in the working directory, `off` keeps them in
 * memory only.
 */
export function spoolFolder(fileValues: VariableValues, env: VariableValues): string | undefined {
  const raw = (env.SPOOL_DIR?.trim() || fileValues.SPOOL_DIR?.trim() || '.sockgen-spool');
  return raw.toLowerCase() === 'off' ? undefined : resolve(raw);
}
