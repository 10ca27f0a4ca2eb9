/** `handlers/services/<script>.ts`: one instance class per script, written once for the user. */
import type { Target } from '../types.js';
import { importPath, planServices } from '../types/services-plan.js';

/** Plans one `once` stub per `.py` script. */
export const servicesStubsTarget: Target = {
  name: 'stubs/services',
  plan(ir, options) {
    const plan = planServices(ir.services, options);
    if (!plan) return [];
    return plan.classes
      .filter((entry) => entry.type === 'stub')
      .map((entry) => {
        const typeNames = entry.services.map((service) => plan.optionsTypeName.get(service.name)!);
        return {
          path: entry.path,
          ownership: 'once' as const,
          template: 'services/stub',
          data: {
            className: entry.className,
            scriptName: entry.scriptName,
            services: entry.services.map((service) => ({ name: service.name, file: service.source.file, count: service.count })),
            typeNames,
            optionsType: typeNames.join(' | '),
            typesImport: importPath(entry.path, `${plan.folder}/types.ts`),
          },
          specs: [...new Set(entry.services.map((service) => service.source.file))],
        };
      });
  },
};
