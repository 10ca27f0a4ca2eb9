/** Builds `/v1/status` from the store's snapshot, and renders it as the `/v1/status_view` page. */
import type { ServiceStatus, TunnelStatus } from '../tunnel-client/types.js';
import type { ReservationStore } from './reservation-store.js';
import type { ServiceDefinition } from './types.js';

/** The status JSON: every service with its running instances and unused reservations. */
export async function buildStatus(store: ReservationStore, services: readonly ServiceDefinition[], staticTokens: number, now: number): Promise<TunnelStatus> {
  const snapshot = await store.snapshot(
    services.map((s) => s.name),
    now,
  );
  return {
    services: services.map(
      (service): ServiceStatus => ({
        name: service.name,
        count: service.count,
        ...(service.group ? { group: service.group } : {}),
        instances: snapshot.instances
          .filter((i) => i.service === service.name)
          .sort((a, b) => a.index - b.index)
          .map((i) => ({ index: i.index, token: i.token, started_at: new Date(i.startedAt).toISOString(), peer: i.peer })),
        reservations: snapshot.reservations
          .filter((r) => r.service === service.name)
          .sort((a, b) => a.expiresAt - b.expiresAt)
          .map((r) => ({ token: r.token, expires_at: new Date(r.expiresAt).toISOString(), ...(r.user ? { user: r.user } : {}) })),
      }),
    ),
    static_tokens: staticTokens,
  };
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const html = (text: string | number) => String(text).replace(/[&<>"']/g, (c) => escapes[c]!);

/** A self-contained HTML page of the status (no scripts; refreshes itself every 5 s). */
export function renderStatusPage(status: TunnelStatus): string {
  const sections = status.services.map((service) => {
    const instances = service.instances.length
      ? service.instances.map((i) => `<tr class="instance"><td>${i.index}</td><td><code>${html(i.token)}</code></td><td>${html(i.started_at)}</td><td>${html(i.peer)}</td></tr>`).join('')
      : '<tr><td colspan="4">no running instances</td></tr>';
    const reservations = service.reservations.length
      ? service.reservations.map((r) => `<li class="reservation"><code>${html(r.token)}</code> until ${html(r.expires_at)}${r.user ? ` for ${html(r.user)}` : ''}</li>`).join('')
      : '<li>none</li>';
    return [
      `<section class="service" data-service="${html(service.name)}">`,
      `<h2>${html(service.name)}</h2>`,
      `<p><span class="running">${service.instances.length}</span> of ${service.count} running${service.group ? `, group ${html(service.group)}` : ''}</p>`,
      `<table><thead><tr><th>index</th><th>token</th><th>started</th><th>peer</th></tr></thead><tbody>${instances}</tbody></table>`,
      `<h3>reservations</h3><ul>${reservations}</ul>`,
      '</section>',
    ].join('\n');
  });
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">',
    '<title>sockgen tunnel status</title>',
    '<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em}</style>',
    '</head><body><h1>sockgen tunnel status</h1>',
    ...sections,
    `<p>static tokens: ${status.static_tokens}</p>`,
    '</body></html>',
    '',
  ].join('\n');
}
