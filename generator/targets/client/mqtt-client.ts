/**
 * `client.ts` per MQTT-only AsyncAPI document: one typed method per channel and direction
 * (`on<Channel>` to subscribe, `publish<Channel>` to publish), payloads validated both ways.
 */
import type { ProjectIR } from '../../ir/types.js';
import { planMqttApi } from '../shared/connectors-plan.js';
import type { PlannedFile, PlanOptions, Target } from '../types.js';

/** Typed MQTT client for an AsyncAPI document whose server protocol is mqtt. */
export const mqttClientTarget: Target = {
  name: 'client/mqtt',
  plan(ir: ProjectIR, options: PlanOptions): PlannedFile[] {
    return (ir.connectors?.mqttApis ?? []).map((api) => {
      const plan = planMqttApi(api, options);
      const channels = api.channels.map((channel) => {
        const names = plan.channels.get(channel.id)!;
        return {
          ...names,
          address: channel.address,
          description: channel.description ?? '',
          parameters: channel.parameters,
          hasParameters: channel.parameters.length > 0,
          numericParameters: channel.numericParameters ?? [],
          publishes: channel.clientPublishes,
          subscribes: channel.clientSubscribes,
          qos: channel.qos,
          retain: channel.retain,
        };
      });
      return {
        path: `${plan.folder}/client.ts`,
        ownership: 'generated' as const,
        template: 'connectors/api-client.ts',
        data: {
          title: api.title,
          description: api.description ?? '',
          clientClass: plan.clientClass,
          channels,
          typeNames: channels.flatMap((c) => (c.hasParameters ? [`${c.pascal}Parameters`, `${c.pascal}Payload`] : [`${c.pascal}Payload`])),
          parameterTypes: channels.filter((c) => c.hasParameters).map((c) => `${c.pascal}Parameters`),
          hasParameters: channels.some((c) => c.hasParameters),
          servers: api.servers.map((s) => ({ name: s.name, url: `${s.protocol}://${s.host}:${s.port}` })),
        },
        specs: plan.specs,
      };
    });
  },
};
