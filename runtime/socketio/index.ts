export {};
export { createDocsHandler, docsBaseFor, type DocsOptions } from './docs.js';
export { createRedisAdapter, type RedisAdapterHandle, type RedisAdapterOptions } from './redis-adapter.js';
