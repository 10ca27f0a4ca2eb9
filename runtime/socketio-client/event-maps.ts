/**
 * Type helpers turning a generated event map (`{ [event]: { payload; ack } }`) into what
 * Socket.IO's generics and the handler maps expect. Types only.
 */

/** A generated event map: per event, its payload and its acknowledgement (`void`: none). */
export type EventMap = { readonly [event: string]: { readonly payload: unknown; readonly ack: unknown } };

/** Socket.IO listener signatures (`Server<ListenersOf<C2S>, ListenersOf<S2C>>`). */
export type ListenersOf<M extends EventMap> = {
  [E in keyof M]: [M[E]['ack']] extends [void] ? (payload: M[E]['payload']) => void : (payload: M[E]['payload'], ack: (result: M[E]['ack']) => void) => void;
};

/**
 * One handler per event: it gets the payload, the socket and, in a dynamic namespace
 * (`/rooms/{roomId}`), the validated parameters; it returns the ack (if any).
 */
export type EventHandlers<M extends EventMap, S, Params = undefined> = {
  readonly [E in keyof M]: (payload: M[E]['payload'], socket: S, params: Params) => M[E]['ack'] | Promise<M[E]['ack']>;
};

/** A namespace's handlers: every event it receives, plus optional connect/disconnect/error. */
export type NamespaceHandlers<M extends EventMap, S, Security = Record<string, unknown>, Params = undefined> = ([keyof M] extends [never]
  ? { readonly events?: EventHandlers<M, S, Params> }
  : { readonly events: EventHandlers<M, S, Params> }) & {
  /** Runs once the client has joined (after handshake and security checks); gets the security info and parameters. */
  readonly connect?: (socket: S, security: Security | undefined, params: Params) => unknown;
  readonly disconnect?: (socket: S, reason: string) => unknown;
  /** Gets validation errors of incoming payloads and acks, and errors thrown by handlers. */
  readonly error?: (error: Error, socket: S) => unknown;
};
