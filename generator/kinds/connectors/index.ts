/**
 * The connectors kind (../shared/reference/connector.md): TCP device → MQTT connectors from
 * AsyncAPI documents or an original `.env` file, and typed MQTT clients for AsyncAPI documents
 * whose servers are all mqtt. Diagnostic codes CONN*, listed in docs/connectors.md.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import type { ConnectorIR, MqttApiIR } from '../../ir/connectors.js';
import type { SpecKind } from '../types.js';
import { isComposeFileName, isConnectorComposeFile, isConnectorDocument, isConnectorEnvFile, isMqttDocument } from './detect.js';
import { composeInputs, loadComposeConnectors } from './load-compose.js';
import { loadAsyncApiConnector } from './load-asyncapi.js';
import { loadEnvConnector } from './load-env.js';
import { loadMqttApi } from './load-mqtt-api.js';

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The connector kind: `.env` files and AsyncAPI documents with `x-connector` or an mqtt server (issue 3). */
export const connectorsKind: SpecKind<'connectors'> = {
  section: 'connectors',
  title: 'connector',
  detect: (file) => isConnectorEnvFile(file) || isConnectorComposeFile(file) || isConnectorDocument(file.data) || isMqttDocument(file.data),
  async load(files, context) {
    const diagnostics: Diagnostic[] = [];
    // A loop, not push(...many): 200,000 diagnostics spread as arguments overflow the stack.
    const report = (found: readonly Diagnostic[]) => {
      for (const diagnostic of found) diagnostics.push(diagnostic);
    };
    const connectors: ConnectorIR[] = [];
    const mqttApis: MqttApiIR[] = [];
    // A `.env` beside a compose file is that file's source of ${VAR} values, not a connector of its own.
    // So is every env_file: a compose file names.
    const composeInputPaths = new Set(files.filter((f) => isComposeFileName(f.path) && isConnectorComposeFile(f)).flatMap(composeInputs));
    for (const file of files) {
      if (file.data === undefined && composeInputPaths.has(file.path)) continue;
      if (isComposeFileName(file.path) && isConnectorComposeFile(file)) {
        const result = loadComposeConnectors(file, context);
        report(result.diagnostics);
        connectors.push(...result.connectors);
      } else if (file.data === undefined) {
        const result = loadEnvConnector(file);
        report(result.diagnostics);
        if (result.connector) connectors.push(result.connector);
      } else if (isConnectorDocument(file.data)) {
        const result = loadAsyncApiConnector(file);
        report(result.diagnostics);
        if (result.connector) connectors.push(result.connector);
      } else {
        const result = loadMqttApi(file);
        report(result.diagnostics);
        if (result.api) mqttApis.push(result.api);
      }
    }
    // Each connector and API owns generated/connectors/<name>/: two with one name would collide.
    const seen = new Map<string, string>();
    for (const item of [...connectors, ...mqttApis].sort((a, b) => byName(a, b) || (a.source.file < b.source.file ? -1 : 1))) {
      const first = seen.get(item.name);
      const file = files.find((f) => f.path === item.source.file);
      if (first && file)
        diagnostics.push(
          file.data === undefined
            ? { code: 'CONN040', severity: 'error', message: `\`${item.name}\` is also the name of ${first}`, file: file.path, line: 1, col: 1 }
            : file.diagnostic('error', 'CONN040', item.source.pointer, `\`${item.name}\` is also the name of ${first}`, 'names must be unique: they name the output folder and the topic prefix'),
        );
      else seen.set(item.name, item.source.file);
    }
    return { ir: { connectors: connectors.sort(byName), mqttApis: mqttApis.sort(byName) }, diagnostics };
  },
};
