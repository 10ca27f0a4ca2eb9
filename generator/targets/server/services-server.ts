/** `generated/services/server.ts`: wires every service's class to the runtime tunnel server. */
import { posix } from 'node:path';
import type { Target } from '../types.js';
import { importPath, planServices } from '../types/services-plan.js';

/** Plans `generated/services/server.ts`. */
export const servicesServerTarget: Target = {
  name: 'server/services',
  plan(ir, options) {
    const plan = planServices(ir.services, options);
    if (!plan) return [];
    const path = posix.join(plan.folder, 'server.ts');
    const imports = plan.classes.map((entry) => ({ className: entry.className, from: importPath(path, entry.path) }));
    const services = ir.services.services.map((service) => ({
      name: service.name,
      count: service.count,
      options: service.options,
      group: service.group,
      className: plan.classOf.get(service.name)!.className,
      typeName: plan.optionsTypeName.get(service.name)!,
    }));
    const typeNames = services.map((service) => service.typeName);
    return [{ path, ownership: 'generated', template: 'services/server', data: { imports, services, typeNames }, specs: plan.specs }];
  },
};
