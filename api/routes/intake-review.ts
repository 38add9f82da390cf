import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { desc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { rejectedEmails } from '../../db/schema.js';
import { PLACE } from '../../lib/field-crypto.js';
import type { AppDeps } from '../app.js';
import { ACCESS } from '../auth/access.js';
import { ApiError } from '../errors.js';

const Summary = Type.Object({
  id: Type.String(),
  receivedAt: Type.String(),
  envelopeFrom: Type.Union([Type.String(), Type.Null()]),
  messageId: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
  sizeBytes: Type.Integer(),
  reviewedAt: Type.Union([Type.String(), Type.Null()]),
});

/** Alert e-mails intake could not read, kept for an operator to read and type in by hand. */
export const intakeReviewRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    app.get(
      '/intake/rejected-emails',
      {
        config: { access: ACCESS.rejectedEmails },
        schema: {
          tags: ['intake'],
          summary: 'E-mails that could not be read as alerts, newest first',
          response: { 200: Type.Object({ items: Type.Array(Summary) }) },
        },
      },
      async () => {
        const rows = await deps.db.select().from(rejectedEmails).orderBy(desc(rejectedEmails.receivedAt)).limit(200);
        return { items: rows.map(({ raw: _raw, ...r }) => ({ ...r, receivedAt: r.receivedAt.toISOString(), reviewedAt: iso(r.reviewedAt) })) };
      },
    );
    app.get(
      '/intake/rejected-emails/:id',
      {
        config: { access: ACCESS.rejectedEmail },
        schema: {
          tags: ['intake'],
          summary: 'One rejected e-mail, with its raw text',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: {
            200: Type.Intersect([Summary, Type.Object({ raw: Type.Union([Type.String(), Type.Null()], { description: 'null once erased by retention.' }) })]),
          },
        },
      },
      async (request) => {
        const [row] = await deps.db.select().from(rejectedEmails).where(eq(rejectedEmails.id, request.params.id));
        if (!row) throw new ApiError(404, 'not_found', 'no such rejected e-mail');
        const raw = row.raw === null ? null : deps.fields.openText(row.raw, PLACE.rejectedEmail(row.id));
        return { ...row, raw, receivedAt: row.receivedAt.toISOString(), reviewedAt: iso(row.reviewedAt) };
      },
    );
  };
