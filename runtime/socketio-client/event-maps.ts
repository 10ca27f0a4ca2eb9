/**
 * Type helpers turning a generated event map (`{ [event]: { payload; ack } }`) into what
 * Socket.IO's generics and the handler maps expect. Types only.
 */

/**
 * A generated event map: per event, its payload, its acknowledgement (`void`: none) and, when
 * the event does not travel as one payload argument, its argument list `args` (a tuple payload's
 * items, or `[]` for an event without payload).
 */
export type EventMap = {
  readonly [event: string]: { readonly payload: unknown; readonly ack: unknown; readonly args?: readonly unknown[]; readonly arity?: number };
};

/** The arguments an event is emitted with: `args` when the map gives them, else the one payload. */
export type ArgsOf<X extends { readonly payload: unknown }> = X extends { readonly args: infer A extends readonly unknown[] } ? A : [payload: X['payload']];

/** Item `I` of a tuple type or union of tuples (`[] | [A] | [A, B]`), `undefined` where one is shorter. */
type ItemAt<U, I extends number> = U extends readonly unknown[] ? (`${I}` extends keyof U ? U[I] : undefined) : never;

/** A tuple payload as exactly `N` handler arguments (the runtime pads missing items with `undefined`). */
type Padded<U, N extends number, Done extends unknown[] = []> = Done['length'] extends N ? Done : Padded<U, N, [...Done, ItemAt<U, Done['length']>]>;

/**
 * What a handler gets before the socket: a tuple's first `arity` items one by one, else the
 * payload (`undefined` for an event without payload).
 */
export type HandlerArgsOf<X extends { readonly payload: unknown }> = X extends { readonly args: infer A; readonly arity: infer N extends number }
  ? Padded<A, N>
  : X extends { readonly args: readonly [] }
    ? [payload: undefined]
    : [payload: X['payload']];

/** Socket.IO listener signatures (`Server<ListenersOf<C2S>, ListenersOf<S2C>>`). */
export type ListenersOf<M extends EventMap> = {
  [E in keyof M]: [M[E]['ack']] extends [void] ? (...args: ArgsOf<M[E]>) => void : (...args: [...ArgsOf<M[E]>, ack: (result: M[E]['ack']) => void]) => void;
};

/**
 * One handler per event: it gets the payload, the socket and, in a dynamic namespace
 * (`/rooms/{roomId}`), the validated parameters; it returns the ack (if any).
 */
export type EventHandlers<M extends EventMap, S, Params = undefined> = {
  readonly [E in keyof M]: (...args: [...HandlerArgsOf<M[E]>, socket: S, params: Params]) => M[E]['ack'] | Promise<M[E]['ack']>;
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
