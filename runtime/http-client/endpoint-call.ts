import type { HttpResponse } from '../http/http-response.js';
import { callEndpoint } from './call-endpoint.js';
import type { HttpMethod, SocketClientOptions } from './types.js';

/** The argument list of a call: optional when every field of `Args` is. */
export type ArgsParameter<Args> = {} extends Args ? [args?: Args] : [args: Args];

/**
 * What a client receives from an HttpResponse: bytes as a Uint8Array, text as a string, other
 * content as the JSON it is sent as. Distributes over unions of answers.
 */
export type ResponseBody<Result> = Result extends HttpResponse<infer Content> ? (Content extends Uint8Array ? Uint8Array : Content extends string ? string : Content extends undefined | null ? undefined : unknown extends Content ? unknown : Content) : Result;

/** What a handler answers, as a client receives it: its value, or what its HttpResponse carries. */
export type HandlerResult<Handler extends (...args: never[]) => unknown> = ResponseBody<Awaited<ReturnType<Handler>>>;

/**
 * One typed client method: calls `endpoint` of `socket` with `method`. Generated clients hold one
 * per endpoint and HTTP method, typed with the handler's `Args` and return type.
 */
export function endpointCall<Args, Result>(
  options: SocketClientOptions,
  socket: string,
  endpoint: string,
  method: HttpMethod,
): (...args: ArgsParameter<Args>) => Promise<Result> {
  return (...[args]) => callEndpoint<Result>(options, socket, endpoint, method, args as Record<string, unknown> | undefined);
}
