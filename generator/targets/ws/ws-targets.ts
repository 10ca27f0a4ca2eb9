/**
 * The plain WebSocket targets (documents whose IR `target` is `ws`), and the filter that keeps
 * those documents out of the Socket.IO server, client and stubs targets. Types and validators
 * are shared: they read the document's `schemas`, whichever runtime it targets.
 */
import type { ProjectIR } from '../../ir/types.js';
import type { Target } from '../types.js';
import { wsFilesTarget } from './ws-files.js';

/** A copy of `target` that plans only the documents the Socket.IO runtime serves. */
export function socketIoOnly(target: Target): Target {
  return {
    name: target.name,
    plan(ir: ProjectIR, options) {
      const documents = (ir.asyncapi?.documents ?? []).filter((doc) => doc.target?.target !== 'ws');
      return target.plan({ ...ir, asyncapi: { ...ir.asyncapi, documents } }, options);
    },
  };
}

/** The `ws` targets, in planning order. */
export const wsTargets: readonly Target[] = [wsFilesTarget];
