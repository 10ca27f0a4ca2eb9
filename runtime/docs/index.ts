/**
 * `sockgen/runtime/docs`: documentation the generated servers serve — the OpenAPI 3.1 document
 * of a Custom Socket and its Redoc reference page, and the AsyncAPI page on the community's React
 * renderer — each renderer loaded from its installed package, never from a CDN.
 */
export { socketOpenApiDocument, socketOpenApiDocuments } from './openapi-document.js';
export type { OpenApiOptions } from './openapi-document.js';
export { openApiPage, openApiPageCsp, redocBundle, redocBundleName } from './openapi-page.js';
export { classSchema, fieldSchemas } from './class-schema.js';
export { escapeHtml } from './html.js';
export { packageAsset } from './package-asset.js';
export { socketDocsAnswer } from './socket-docs-route.js';
export type { DocsAnswer, SocketDocsRequest } from './socket-docs-route.js';
export { asyncApiAssets, asyncApiPage, asyncApiPageCsp } from './asyncapi-page.js';
