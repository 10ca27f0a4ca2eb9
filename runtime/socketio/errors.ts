/**
 * The errors the Socket.IO runtime raises. Each carries the {@link SockgenErrorData} sent to the
 * client, so a refusal reads the same in the error handler and on the wire.
 */
import { formatErrors, type SockgenErrorData, type SockgenErrorType, type ValidationErrorLike } from '../socketio-client/errors.js';

/** An error with the data the client receives (`connect_error.data`, ack error or `sockgen:error`). */
export class SocketApiError extends Error {
  readonly data: SockgenErrorData;
  constructor(data: SockgenErrorData) {
    super(data.errors && data.errors.length > 0 ? `${data.message}: ${data.errors.join('; ')}` : data.message);
    this.name = 'SocketApiError';
    this.data = data;
  }
  get type(): SockgenErrorType {
    return this.data.type;
  }
}

/** A payload, ack or handshake failed its schema. */
export class SocketValidationError extends SocketApiError {
  constructor(type: SockgenErrorType, message: string, errors: readonly ValidationErrorLike[] | null | undefined, root: string, event?: string) {
    super({ type, message, errors: formatErrors(errors, root), ...(event !== undefined ? { event } : {}) });
    this.name = 'SocketValidationError';
  }
}
