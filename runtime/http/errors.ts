/** A socket's configuration cannot be resolved (a required prompted value is missing or invalid). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Data rejected by a class store or a handler's own checks. Thrown out of a handler, the host
 * answers 400 `{detail, errors}`.
 */
export class ValidationError extends Error {
  readonly errors: string[];

  constructor(message: string, errors: string[]) {
    super(errors.length > 0 ? `${message}: ${errors.join('; ')}` : message);
    this.name = 'ValidationError';
    this.errors = errors;
  }
}

/**
 * A script failed and its details (a traceback with the machine's paths) are for the server log
 * only: the caller gets `message` and a request id, the log gets `details` under that id.
 */
export class ScriptFailure extends Error {
  readonly details: string;

  constructor(message: string, details: string) {
    super(message);
    this.name = 'ScriptFailure';
    this.details = details;
  }
}
