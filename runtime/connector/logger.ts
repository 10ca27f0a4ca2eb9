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

/** Lines let through at once, then per second: a device sending garbage must not flood `<name>/logs` (retained). */
export const logBurst = 20;
export const logPerSecond = 5;

/**
 * Creates a logger that writes to stderr (unless `quiet`) and hands log messages to `forward`,
 * rate-limited (a token bucket of `logBurst`, refilled at `logPerSecond`); suppressed lines are
 * counted and reported in one line a second later.
 */
export function createConnectorLogger(level: LogLevelName, forward: (message: LogMessage) => void, quiet = false): ConnectorLogger {
  const threshold = logLevels[level];
  let tokens = logBurst;
  let refilled = Date.now();
  let suppressed = 0;
  let reportTimer: NodeJS.Timeout | undefined;
  const emit = (name: LogLevelName, msg: string, emitter: string) => {
    const timestamp = Date.now();
    if (!quiet) process.stderr.write(`${new Date(timestamp).toISOString()} ${name.toUpperCase()} ${emitter}: ${msg}\n`);
    forward({ timestamp, msg, emitter, level: logLevels[name] });
  };
  const report = () => {
    reportTimer = undefined;
    const count = suppressed;
    suppressed = 0;
    if (count > 0) emit('warning', `${count} log line${count === 1 ? '' : 's'} suppressed (at most ${logPerSecond} a second after a burst of ${logBurst})`, 'logger');
  };
  const log = (name: LogLevelName) => (msg: string, emitter = 'connector') => {
    if (logLevels[name] < threshold) return;
    const now = Date.now();
    tokens = Math.min(logBurst, tokens + ((now - refilled) / 1000) * logPerSecond);
    refilled = now;
    if (tokens < 1) {
      suppressed++;
      reportTimer ??= setTimeout(report, 1000).unref();
      return;
    }
    tokens--;
    emit(name, msg, emitter);
  };
  return { debug: log('debug'), info: log('info'), warning: log('warning'), error: log('error'), critical: log('critical') };
}
