/**
 * Handler stubs of an AsyncAPI document, one module per `x-handler` dotted path prefix
 * (`my_api.handlers.user_sign_up` → `handlers/asyncapi/<doc>/my-api/handlers.ts`, export
 * `userSignUp`). Ownership `once`: written when missing, never overwritten.
 */
import type { ProjectIR } from '../../ir/types.js';
import { importPath, planDocument, type UserFunctionPlan, hasSocketIoRuntime } from '../types/asyncapi-plan.js';
import type { PlannedFile, PlanOptions, Target } from '../types.js';

/** Plans the handler stub modules (ownership `once`) per AsyncAPI document. */
export const asyncapiStubsTarget: Target = {
  name: 'stubs/asyncapi',
  plan(ir: ProjectIR, options: PlanOptions): PlannedFile[] {
    return (ir.asyncapi?.documents ?? []).filter(hasSocketIoRuntime).flatMap((doc) => {
      const plan = planDocument(doc, options);
      const modules = new Map<string, UserFunctionPlan[]>();
      // A function several events or namespaces name (one dotted path) gets one stub, typed by its first use.
      const add = (f: UserFunctionPlan) => {
        const functions = modules.get(f.module) ?? [];
        if (!functions.some((g) => g.name === f.name)) modules.set(f.module, [...functions, f]);
      };
      for (const map of plan.eventFunctions.values()) for (const f of map.values()) add(f);
      for (const map of plan.lifecycleFunctions.values()) for (const f of map.values()) add(f);
      for (const map of plan.securityFunctions.values()) for (const f of map.values()) add(f);
      return [...modules].map(([module, functions]) => ({
        path: module,
        ownership: 'once' as const,
        template: 'asyncapi/stub.ts',
        data: {
          title: doc.title,
          module,
          serverPath: importPath(module, `${plan.folder}/server.ts`),
          typeImports: [...new Set(functions.map((f) => f.type.replace(/^NonNullable</, '').match(/^\w+/)![0]))].sort(),
          functions: functions.map((f) => ({ ...f, dotted: f.dotted ?? null, notImplemented: `not implemented: ${f.dotted ?? f.name}` })),
        },
        specs: [doc.source.file],
      }));
    });
  },
};
