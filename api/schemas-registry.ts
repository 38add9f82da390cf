// Shared schemas registered once with Fastify (referenced by $id from routes and OpenAPI).
export { CaseStateSchema } from './schemas.js';
export { ErrorSchema as ErrorSchemaRef } from './errors.js';
