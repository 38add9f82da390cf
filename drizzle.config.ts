import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate` writes a new migration from db/schema.ts into db/migrations.
// Committed migrations are never edited; `npm run db:migrate` applies them.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
});
