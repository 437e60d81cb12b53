import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  enrolRequestSchema,
  numbersRequestSchema,
  pullQuerySchema,
  pushRequestSchema,
  referenceQuerySchema,
  reviewQuerySchema,
  SYNC_BASE_PATH,
} from '../../shared/sync/protocol';
import type { ServerDatabase } from '../db/database';
import { authenticateDevice, type Device, enrolDevice } from '../enrolment/devices';
import { errorBody, languageOf, parseInput, sendOk, serverTime } from '../http/errors';
import { referenceSince } from '../reference/reference';
import { reserveNumberBlocks } from '../sync/numbers';
import { pullPage } from '../sync/pull';
import { pushEvents } from '../sync/push';
import { reviewItems } from '../sync/review';

declare module 'fastify' {
  interface FastifyRequest {
    device?: Device;
  }
}

/** The sync protocol v1 (shared/sync/protocol.ts documents it for the client). */
export async function syncRoutes(app: FastifyInstance, options: { db: ServerDatabase }): Promise<void> {
  const { db } = options;
  const device = (request: FastifyRequest): Device => {
    if (!request.device) throw new Error('device not authenticated');
    return request.device;
  };

  await app.register(
    async (scope) => {
      scope.post('/enrol', async (request, reply) => {
        const body = parseInput(enrolRequestSchema, request.body, request);
        const value = await enrolDevice(db, body);
        request.log.info({ deviceId: value.deviceId, officeId: value.office.id, slot: value.slot }, 'device enrolled');
        return sendOk(reply, value);
      });

      await scope.register(async (authed) => {
        authed.addHook('preHandler', async (request) => {
          request.device = await authenticateDevice(db, request.headers.authorization);
        });

        authed.post('/push', async (request, reply) => {
          const body = parseInput(pushRequestSchema, request.body, request);
          const language = languageOf(request);
          const acks = await pushEvents(db, device(request), body.events, language);
          const rejected = acks.filter((a) => a.status === 'rejected').length;
          const counts: Record<string, number> = {};
          for (const a of acks) counts[a.status] = (counts[a.status] ?? 0) + 1;
          request.log.info({ deviceId: device(request).id, counts }, 'push');
          if (rejected === 0) return sendOk(reply, { acks });
          return reply.code(422).send({
            ok: false,
            error: errorBody(language, 'SYNC_EVENTS_REJECTED', { count: rejected }),
            value: { acks },
            serverTime: serverTime(),
          });
        });

        authed.get('/pull', async (request, reply) => {
          const query = parseInput(pullQuerySchema, request.query, request);
          // The page comes as UTF-8 from the stored JSON text (no parse and stringify of payloads).
          const value = await pullPage(db, device(request), query.after, query.limit);
          const envelope = Buffer.concat([
            Buffer.from('{"ok":true,"value":'),
            ...value,
            Buffer.from(`,"serverTime":${JSON.stringify(serverTime())}}`),
          ]);
          return reply.code(200).type('application/json; charset=utf-8').send(envelope);
        });

        authed.get('/reference', async (request, reply) => {
          const query = parseInput(referenceQuerySchema, request.query, request);
          return sendOk(reply, await referenceSince(db, query.since, device(request).officeId));
        });

        authed.post('/numbers', async (request, reply) => {
          const body = parseInput(numbersRequestSchema, request.body, request);
          const d = device(request);
          const value = await reserveNumberBlocks(db, {
            agencyId: d.agencyId,
            dates: body.dates,
            size: body.size,
            deviceId: d.id,
          });
          return sendOk(reply, value);
        });

        authed.get('/review', async (request, reply) => {
          const query = parseInput(reviewQuerySchema, request.query, request);
          return sendOk(reply, await reviewItems(db, device(request), query.after, query.limit, languageOf(request)));
        });
      });
    },
    { prefix: SYNC_BASE_PATH },
  );
}
