/** Which files the connectors kind claims, and which it leaves to the asyncapi kind. */
import { describe, expect, it } from 'vitest';
import { createSpecFile } from '../../generator/core/spec-file.js';
import { connectorsKind } from '../../generator/kinds/connectors/index.js';

const file = (path: string, text: string) => createSpecFile(path, `/x/${path}`, text);

describe('connectors kind detect', () => {
  it.each([
    ['specs/a/.env', 'CONNECTOR_NAME=a\nSERVER_PORT=1\n', true],
    ['specs/a/prod.env', 'export CONNECTOR_NAME=a\n', true],
    ['specs/a/.env', 'DATABASE_URL=x\n', false],
    ['specs/a.yaml', 'asyncapi: 3.0.0\ninfo: {title: a, version: "1"}\nx-connector: {name: a}\n', true],
    ['specs/a.yaml', 'asyncapi: 2.6.0\ninfo: {title: a, version: "1"}\nservers: {d: {url: "h:1", protocol: tcp}}\n', true],
    ['specs/a.json', '{"asyncapi": "3.0.0", "servers": {"b": {"host": "h", "protocol": "mqtt"}, "c": {"host": "h", "protocol": "mqtts"}}}', true],
    ['specs/a.yaml', 'asyncapi: 3.0.0\nservers: {b: {host: h, protocol: mqtt}, w: {host: h, protocol: ws}}\n', false],
    ['specs/a.yaml', 'asyncapi: 2.6.0\nservers: {s: {url: "h", protocol: socket.io}}\n', false],
    ['specs/a.yaml', 'asyncapi: 3.0.0\ninfo: {title: a, version: "1"}\n', false],
    ['specs/socket.yml', 'name: x\nendpoints: {}\n', false],
  ])('%s %j → %s', (path, text, expected) => {
    expect(connectorsKind.detect(file(path, text))).toBe(expected);
  });
});
