import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addUser, disableUser, listUsers, moveUser, newUserSchema } from '../accounts/users';
import type { ServerDatabase } from '../db/database';
import { issueEnrolmentCode, listDevices, revokeDevice } from '../enrolment/devices';
import { parseInput, ServerFailure, sendOk } from '../http/errors';
import { addOffice, addScope, listOffices, newOfficeSchema } from '../office/offices';
import { publishReference } from '../reference/reference';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Administration over HTTP, for the provincial IT administrator's tools: `Authorization: Bearer
 * <MOTCUA_ADMIN_TOKEN>`. Without a configured token every admin route answers 403 ADMIN_DISABLED.
 */
export async function adminRoutes(
  app: FastifyInstance,
  options: { db: ServerDatabase; adminToken?: string | undefined },
): Promise<void> {
  const { db, adminToken } = options;
  await app.register(
    async (scope) => {
      scope.addHook('preHandler', async (request) => {
        if (!adminToken) throw new ServerFailure('ADMIN_DISABLED', 403);
        const presented = /^Bearer\s+(.+)$/.exec(request.headers.authorization ?? '')?.[1]?.trim() ?? '';
        if (!timingSafeEqual(digest(presented), digest(adminToken))) throw new ServerFailure('ADMIN_FORBIDDEN', 403);
      });

      scope.get('/offices', async (_request, reply) => sendOk(reply, { offices: await listOffices(db) }));
      scope.post('/offices', async (request, reply) => {
        const body = parseInput(newOfficeSchema, request.body, request);
        return sendOk(reply, await addOffice(db, body), 201);
      });
      scope.post<{ Params: { id: string } }>('/offices/:id/enrolment-codes', async (request, reply) => {
        const body = parseInput(
          z.object({
            ttlHours: z
              .number()
              .min(0.01)
              .max(24 * 90)
              .optional(),
            note: z.string().max(300).optional(),
          }),
          request.body ?? {},
          request,
        );
        return sendOk(reply, await issueEnrolmentCode(db, request.params.id, body), 201);
      });
      scope.post<{ Params: { id: string } }>('/offices/:id/scopes', async (request, reply) => {
        const body = parseInput(
          z.object({ visibleOfficeId: z.string().min(1).max(100), includeDescendants: z.boolean().default(false) }),
          request.body,
          request,
        );
        await addScope(db, request.params.id, body.visibleOfficeId, body.includeDescendants);
        return sendOk(reply, { officeId: request.params.id, ...body });
      });
      scope.get('/devices', async (request, reply) => {
        const query = parseInput(z.object({ officeId: z.string().optional() }), request.query, request);
        return sendOk(reply, { devices: await listDevices(db, query.officeId) });
      });
      scope.post<{ Params: { id: string } }>('/devices/:id/revoke', async (request, reply) => {
        const body = parseInput(z.object({ reason: z.string().trim().min(1).max(500) }), request.body, request);
        return sendOk(reply, await revokeDevice(db, request.params.id, body.reason));
      });
      scope.get('/users', async (request, reply) => {
        const query = parseInput(z.object({ officeId: z.string().optional() }), request.query, request);
        return sendOk(reply, { users: await listUsers(db, query.officeId) });
      });
      scope.post('/users', async (request, reply) => {
        const body = parseInput(newUserSchema, request.body, request);
        const user = await addUser(db, body);
        request.log.info({ userId: user.id, officeId: user.officeId, roles: user.roles }, 'user added');
        return sendOk(reply, user, 201);
      });
      scope.post<{ Params: { id: string } }>('/users/:id/disable', async (request, reply) => {
        const user = await disableUser(db, request.params.id);
        request.log.info({ userId: user.id }, 'user disabled');
        return sendOk(reply, user);
      });
      scope.post<{ Params: { id: string } }>('/users/:id/move', async (request, reply) => {
        const body = parseInput(z.object({ officeId: z.string().trim().min(1).max(100) }), request.body, request);
        const user = await moveUser(db, request.params.id, body.officeId);
        request.log.info({ userId: user.id, officeId: user.officeId }, 'user moved');
        return sendOk(reply, user);
      });
      scope.put<{ Params: { kind: string } }>('/reference/:kind', async (request, reply) => {
        const kind = parseInput(z.enum(['catalogue', 'calendar']), request.params.kind, request);
        const version = await publishReference(db, kind, request.body, 'admin route');
        return sendOk(reply, { kind, version });
      });
    },
    { prefix: '/admin/v1' },
  );
}
