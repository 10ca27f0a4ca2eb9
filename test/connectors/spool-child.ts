/** A connector process for the spool test: run-main with every setting from the environment. */
import { runConnectorMain } from '../../runtime/connector/run-main.js';

await runConnectorMain({}, { version: '1.0.0', actuators: {} }, { envFile: undefined });
