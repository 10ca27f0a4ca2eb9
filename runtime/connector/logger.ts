/**
 * The connector's log: every line goes to stderr and, at or above the configured level, to
 * `<name>/logs` as `{timestamp, msg, emitter, level}` with Python's level numbers.
 */
import { logLevels, type LogMessage } from '../mqtt-client/connector-messages.js';
import type { LogLevelName } from './settings.js';

/** Leveled logging with an emitter name (the part of the connector that speaks). */
export interface ConnectorLogger {
  debug(msg: string, emitter?: string): void;
  info(msg: string, emitter?: string): void;
  warning(msg: string, emitter?: string): void;
  error(msg: string, emitter?: string): void;
  critical(msg: string, emitter?: string): void;
}

/** Creates a logger that writes to stderr (unless `quiet`) and hands log messages to `forward`. */
export function createConnectorLogger(level: LogLevelName, forward: (message: LogMessage) => void, quiet = false): ConnectorLogger {
  const threshold = logLevels[level];
  const log = (name: LogLevelName) => (msg: string, emitter = 'connector') => {
    const number = logLevels[name];
    if (number < threshold) return;
    const timestamp = Date.now();
    if (!quiet) process.stderr.write(`${new Date(timestamp).toISOString()} ${name.toUpperCase()} ${emitter}: ${msg}\n`);
    forward({ timestamp, msg, emitter, level: number });
  };
  return { debug: log('debug'), info: log('info'), warning: log('warning'), error: log('error'), critical: log('critical') };
}
