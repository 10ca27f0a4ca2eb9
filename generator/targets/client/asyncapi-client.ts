/** `client.ts` of an AsyncAPI document: a typed `connect<Namespace>()` per namespace (browser-safe). */
import type { ProjectIR } from '../../ir/types.js';
import { planDocument, hasSocketIoRuntime } from '../types/asyncapi-plan.js';
import type { PlannedFile, PlanOptions, Target } from '../types.js';

/** Plans `client.ts` per AsyncAPI document. */
export const asyncapiClientTarget: Target = {
  name: 'client/asyncapi',
  plan(ir: ProjectIR, options: PlanOptions): PlannedFile[] {
    return (ir.asyncapi?.documents ?? []).filter(hasSocketIoRuntime).map((doc) => {
      const plan = planDocument(doc, options);
      const type = (schema: string | undefined, fallback: string) => (schema ? `T.${plan.typeNames.get(schema)!}` : fallback);
      return {
        path: `${plan.folder}/client.ts`,
        ownership: 'generated',
        template: 'asyncapi/client.ts',
        data: {
          title: doc.title,
          path: doc.path,
          usesTypes: plan.namespaces.some(({ ir: ns }) => ns.query || ns.headers || ns.parameters),
          usesParams: plan.namespaces.some(({ ir: ns }) => ns.parameters),
          namespaces: plan.namespaces.map(({ ir: ns, prefix, connectFunction }) => ({
            name: ns.name,
            prefix,
            connectFunction,
            queryType: type(ns.query, 'Record<string, string>'),
            headersType: type(ns.headers, 'Record<string, string>'),
            paramsType: ns.parameters ? type(ns.parameters.schema, '') : null,
          })),
        },
        specs: [doc.source.file],
      };
    });
  },
};
