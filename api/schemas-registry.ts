// Shared schemas registered once with Fastify (referenced by $id from routes and OpenAPI).

export { ErrorSchema as ErrorSchemaRef } from './errors.js';
export { CaseStateSchema } from './schemas.js';
