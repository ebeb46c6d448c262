export { createApiApp, publicUrlOf, type ApiDeps } from './app.ts';
export { startApiServer, type RunningApi } from './server.ts';
export { openApiSpec } from './openapi.ts';
