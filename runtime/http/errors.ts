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
