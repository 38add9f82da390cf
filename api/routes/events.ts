// GET /events: the console's live updates as server-sent events. Each change of a case the
// caller may see (the same rule as the case list: HQ roles all, district and senior officers
// their districts, a case not yet located HQ only) arrives as `event: case`. No personal data
// travels: case number, stage, district and state version; the console refetches what it shows.
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ACCESS, actingRole, type HumanRole, type Identity, mayReachDistrict } from '../auth/access.js';
import { cookieValue, SESSION_COOKIE } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import type { FeedEvent } from '../live/case-feed.js';

/** Open streams per person (several tabs, a wall screen); more are refused with 429. */
export const MAX_STREAMS_PER_PERSON = 5;
export const HEARTBEAT_MS = 20_000;
/** What the browser waits before reconnecting after the stream drops. */
const RETRY_MS = 3000;
/** A client this far behind is not reading: drop it (it reconnects and refetches). */
const MAX_BUFFERED = 1024 * 1024;

interface Stream {
  identity: Identity;
  role: HumanRole;
  res: ServerResponse;
  end(reason: string): void;
}

export const eventRoutes =
  (deps: AppDeps, opts: { heartbeatMs?: number } = {}): FastifyPluginAsync =>
  async (app) => {
    const streams = new Set<Stream>();
    const perPerson = new Map<string, number>();
    const send = (s: Stream, event: string, data: unknown) => {
      if (s.res.writableLength > MAX_BUFFERED) return s.end('too_slow');
      s.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };

    const unsubscribe = deps.caseFeed.subscribe((event: FeedEvent) => {
      for (const s of streams) {
        if (event.kind === 'resync') send(s, 'resync', {});
        else if (mayReachDistrict(s.identity, s.role, event.change.districtCode)) send(s, 'case', event.change);
      }
    });
    // Open streams would keep app.close() waiting for ever: end them first (browsers reconnect).
    app.addHook('preClose', async () => {
      for (const s of [...streams]) s.end('server_stopping');
    });
    app.addHook('onClose', async () => {
      unsubscribe();
      await deps.caseFeed.close();
    });

    /**
     * The caller again (session or token may have ended, districts changed); undefined when they may no longer listen.
     */
    const recheck = async (request: FastifyRequest): Promise<{ identity: Identity; role: HumanRole } | undefined> => {
      const bearer = /^Bearer\s+(\S+)$/.exec(request.headers.authorization ?? '')?.[1];
      const session = bearer ? undefined : cookieValue(request, SESSION_COOKIE);
      const identity = bearer
        ? await deps.auth.identities.byToken(bearer)
        : session
          ? await deps.auth.identities.bySession(session)
          : undefined;
      const role = identity && actingRole(identity, ACCESS.events);
      return identity && role ? { identity, role } : undefined;
    };

    app.get(
      '/events',
      {
        config: { access: ACCESS.events },
        schema: {
          tags: ['cases'],
          summary: 'Live updates of the cases the caller may see (server-sent events; send Accept: text/event-stream)',
          description:
            'Events: `ready` {live} when the stream opens (refetch then); `case` {id, stage, districtCode, version} when a case changes; ' +
            '`resync` {} when changes may have been missed (refetch); `closed` {reason} before the server ends the stream. A comment line every 20 s keeps it open.',
          response: {
            200: Type.String({ description: 'text/event-stream' }),
            406: Type.Ref('Error'),
            429: Type.Ref('Error'),
          },
        },
      },
      async (request, reply) => {
        if (!/text\/event-stream/.test(request.headers.accept ?? '')) {
          throw new ApiError(
            406,
            'not_acceptable',
            'this is a stream of server-sent events: send Accept: text/event-stream (EventSource does)',
          );
        }
        const identity = request.identity as Identity;
        const person = identity.userId;
        const open = perPerson.get(person) ?? 0;
        if (open >= MAX_STREAMS_PER_PERSON) {
          throw new ApiError(
            429,
            'rate_limited',
            `at most ${MAX_STREAMS_PER_PERSON} live update streams per person; close another console tab`,
          );
        }
        deps.caseFeed.start();
        perPerson.set(person, open + 1);

        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        let ended = false;
        let heartbeat: NodeJS.Timeout | undefined;
        const stream: Stream = {
          identity,
          role: request.actingRole as HumanRole,
          res,
          end(reason) {
            if (ended) return;
            ended = true;
            clearInterval(heartbeat);
            streams.delete(stream);
            const left = (perPerson.get(person) ?? 1) - 1;
            if (left > 0) perPerson.set(person, left);
            else perPerson.delete(person);
            if (!res.destroyed && !res.writableEnded) {
              if (reason !== 'client_gone' && reason !== 'too_slow')
                res.write(`event: closed\ndata: ${JSON.stringify({ reason })}\n\n`);
              res.end();
            }
            if (reason === 'too_slow') res.destroy();
          },
        };
        heartbeat = setInterval(async () => {
          if (ended) return;
          res.write(': keep-alive\n\n');
          try {
            const again = await recheck(request);
            if (!again) return stream.end('session_ended');
            stream.identity = again.identity;
            stream.role = again.role;
          } catch {
            // The database is not answering: keep the stream; the next beat checks again.
          }
        }, opts.heartbeatMs ?? HEARTBEAT_MS);
        res.on('close', () => stream.end('client_gone'));
        streams.add(stream);
        res.write(`retry: ${RETRY_MS}\n`);
        send(stream, 'ready', { live: deps.caseFeed.connected });
      },
    );
  };
