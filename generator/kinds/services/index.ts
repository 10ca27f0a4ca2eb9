/**
 * The services.json kind: `services.json` / `external_services.json` (service name →
 * {script, count, options}) into ServicesIR. See docs/services.md for its SVC diagnostics.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import type { ServiceIR } from '../../ir/services.js';
import type { SpecKind } from '../types.js';
import { detectServicesFile } from './detect.js';
import { loadServicesFile } from './load-services-file.js';
import { compareText } from '../../core/order.js';

/** Detects services files and loads them all at once (names are checked across files). */
export const servicesKind: SpecKind<'services'> = {
  section: 'services',
  title: 'services.json',
  detect: detectServicesFile,
  async load(files, context) {
    const diagnostics: Diagnostic[] = [];
    const byName = new Map<string, ServiceIR>();
    for (const file of [...files].sort((a, b) => compareText(a.path, b.path))) {
      const result = loadServicesFile(file, context);
      // A loop, not push(...many): a huge file's diagnostics must not overflow the stack.
      for (const diagnostic of result.diagnostics) diagnostics.push(diagnostic);
      for (const service of result.services) {
        const first = byName.get(service.name);
        if (first) {
          // The reservation API addresses services by name, so names are unique project-wide.
          const { line, col } = files.find((f) => f.path === first.source.file)!.locate(first.source.pointer);
          diagnostics.push(
            file.diagnostic('error', 'SVC008', service.source.pointer, `service \`${service.name}\` is already defined at ${first.source.file}:${line}:${col}`, 'service names must be unique across services files'),
          );
          continue;
        }
        byName.set(service.name, service);
      }
    }
    const services = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { ir: { services, files: files.map((f) => f.path).sort() }, diagnostics };
  },
};
