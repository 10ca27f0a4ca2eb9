/** `generated/services/client.ts`: the typed, browser-safe client of the reservation API. */
import { posix } from 'node:path';
import type { Target } from '../types.js';
import { planServices } from '../types/services-plan.js';

/** Plans `generated/services/client.ts`. */
export const servicesClientTarget: Target = {
  name: 'client/services',
  plan(ir, options) {
    const plan = planServices(ir.services, options);
    if (!plan) return [];
    const services = ir.services.services.map((service) => ({ name: service.name, method: plan.methodName.get(service.name)!, count: service.count, group: service.group }));
    return [{ path: posix.join(plan.folder, 'client.ts'), ownership: 'generated', template: 'services/client', data: { services }, specs: plan.specs }];
  },
};
