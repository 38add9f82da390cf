// Review of alert e-mails intake could not read: listed a page at a time with a total, and
// opened one by one, so an operator can type in by hand what the parser could not.
import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { count, desc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { rejectedEmails } from '../../db/schema.js';
import { PLACE } from '../../lib/crypto/field-crypto.js';
import { ACCESS } from '../auth/access.js';
import type { AppDeps } from '../deps.js';
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
          summary: 'E-mails that could not be read as alerts, newest first, a page at a time',
          description: 'Paged with a total, so a real alert cannot be buried under junk: every page can be reached.',
          querystring: Type.Object(
            {
              limit: Type.Optional(
                Type.String({ pattern: '^[0-9]{1,3}$', description: 'Page size, 1 to 200 (default 50).' }),
              ),
              offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$', description: 'Rows to skip (default 0).' })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              items: Type.Array(Summary),
              total: Type.Integer(),
              limit: Type.Integer(),
              offset: Type.Integer(),
            }),
          },
        },
      },
      async (request) => {
        const limit = request.query.limit === undefined ? 50 : Number(request.query.limit);
        const offset = request.query.offset === undefined ? 0 : Number(request.query.offset);
        if (limit < 1 || limit > 200)
          throw new ApiError(400, 'validation_failed', 'limit must be from 1 to 200', [
            { field: 'limit', problem: 'must be from 1 to 200' },
          ]);
        const rows = await deps.db
          .select()
          .from(rejectedEmails)
          .orderBy(desc(rejectedEmails.receivedAt), desc(rejectedEmails.id))
          .limit(limit)
          .offset(offset);
        const [{ total }] = await deps.db.select({ total: count() }).from(rejectedEmails);
        return {
          items: rows.map(({ raw: _raw, ...r }) => ({
            ...r,
            receivedAt: r.receivedAt.toISOString(),
            reviewedAt: iso(r.reviewedAt),
          })),
          total,
          limit,
          offset,
        };
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
            200: Type.Intersect([
              Summary,
              Type.Object({
                raw: Type.Union([Type.String(), Type.Null()], { description: 'null once erased by retention.' }),
              }),
            ]),
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
