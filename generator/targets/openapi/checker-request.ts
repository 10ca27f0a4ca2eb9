/**
 * What handler-checker.ts asks the checker running beside it (a worker thread, or a process started
 * from the checker's snapshot) and what it answers: one message each way.
 */
import { handlerSchemas, type HandlerSchemas, type HandlerSource } from './ts-type-schema.js';

export interface CheckerRequest {
  readonly id: number;
  readonly files: readonly HandlerSource[];
  readonly handlers: readonly string[];
}

export interface CheckerReply {
  readonly id: number;
  readonly found?: [string, HandlerSchemas][];
  readonly error?: string;
}

/** The answer to one request; a checker failure is an answer too (`error`), never a throw. */
export function answer(request: CheckerRequest): CheckerReply {
  try {
    return { id: request.id, found: [...handlerSchemas(request.files, request.handlers)] };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}
