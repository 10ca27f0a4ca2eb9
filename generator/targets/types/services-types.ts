/** `generated/services/types.ts`: the common options type of each service and the name union. */
import { posix } from 'node:path';
import type { Target } from '../types.js';
import { objectType, planServices } from './services-plan.js';

/** Plans `generated/services/types.ts`. */
export const servicesTypesTarget: Target = {
  name: 'types/services',
  plan(ir, options) {
    const plan = planServices(ir.services, options);
    if (!plan) return [];
    const services = ir.services.services.map((service) => ({
      name: service.name,
      file: service.source.file,
      typeName: plan.optionsTypeName.get(service.name)!,
      type: objectType(service.options),
    }));
    return [{ path: posix.join(plan.folder, 'types.ts'), ownership: 'generated', template: 'services/types', data: { services }, specs: plan.specs }];
  },
};
