/**
 * `emitter.ts` of an AsyncAPI document with server-sent events: a typed, validated emitter for
 * processes that hold no server (Asynction's message-queue emitter), over the runtime's
 * `sockgen/runtime/socketio-emitter`. Documents whose server emits nothing get none.
 */
import type { AsyncApiMessageIR } from '../../ir/asyncapi.js';
import type { ProjectIR } from '../../ir/types.js';
import { hasSocketIoRuntime, planDocument, validatorName, type DocumentPlan } from '../types/asyncapi-plan.js';
import { canonicalValidators } from '../types/asyncapi-schemas.js';
import type { PlannedFile, PlanOptions, Target } from '../types.js';

function emitterFile(plan: DocumentPlan): PlannedFile {
  const canonical = canonicalValidators(plan);
  let usesAcceptAny = false;
  let usesValidators = false;
  const validator = (m: AsyncApiMessageIR) => {
    if (!m.payload) {
      usesAcceptAny = true;
      return 'acceptAny';
    }
    usesValidators = true;
    return `validators.${validatorName(canonical.get(plan.typeNames.get(m.payload)!)!)}`;
  };
  const namespaces = plan.namespaces.map(({ ir, prefix }) => ({ name: ir.name, prefix, send: ir.send.map((m) => ({ event: m.event, validator: validator(m), tuple: m.tuple !== undefined ? String(m.tuple) : null })) }));
  return {
    path: `${plan.folder}/emitter.ts`,
    ownership: 'generated',
    template: 'asyncapi/emitter.ts',
    data: { title: plan.doc.title, namespaces, usesAcceptAny, usesValidators },
    specs: [plan.doc.source.file],
  };
}

/** Plans `emitter.ts` per Socket.IO document whose server emits at least one event. */
export const asyncapiEmitterTarget: Target = {
  name: 'emitter/asyncapi',
  plan(ir: ProjectIR, options: PlanOptions): PlannedFile[] {
    return (ir.asyncapi?.documents ?? [])
      .filter((doc) => hasSocketIoRuntime(doc) && doc.namespaces.some((ns) => ns.send.length > 0))
      .map((doc) => emitterFile(planDocument(doc, options)));
  },
};
