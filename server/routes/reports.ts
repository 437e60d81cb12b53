import type { FastifyInstance } from 'fastify';
import {
  REPORTS_PATH,
  remoteIi06aSchema,
  remoteIndicatorsSchema,
  remoteReportQuerySchema,
} from '../../shared/reports/remote';
import { MAX_RESPONSE_BYTES } from '../../shared/sync/protocol';
import type { ServerDatabase } from '../db/database';
import { authenticateDevice } from '../enrolment/devices';
import { parseInput, ServerFailure, sendOk } from '../http/errors';
import { serverIi06a, serverIndicators766 } from '../reports/reports';

/**
 * Province-wide reports for devices (shared/reports/remote.ts): authenticated like every sync route,
 * answered only for offices within the device's configured scope. The answer is checked against its
 * schema and the response bound before it leaves.
 */
export async function reportRoutes(app: FastifyInstance, options: { db: ServerDatabase }): Promise<void> {
  const { db } = options;
  const bounded = (value: unknown) => {
    const size = Buffer.byteLength(JSON.stringify(value));
    if (size > MAX_RESPONSE_BYTES - 1024)
      throw new ServerFailure('PAYLOAD_TOO_LARGE', 500, { limit: MAX_RESPONSE_BYTES });
    return value;
  };
  await app.register(
    async (scope) => {
      scope.addHook('preHandler', async (request) => {
        request.device = await authenticateDevice(db, request.headers.authorization);
      });
      scope.get('/ii06a', async (request, reply) => {
        const query = parseInput(remoteReportQuerySchema, request.query, request);
        const device = request.device;
        if (!device) throw new ServerFailure('AUTH_REQUIRED', 401);
        const value = remoteIi06aSchema.parse(await serverIi06a(db, device, query));
        request.log.info({ deviceId: device.id, officeId: value.office.id, dossiers: value.dossiers }, 'report ii06a');
        return sendOk(reply, bounded(value));
      });
      scope.get('/indicators766', async (request, reply) => {
        const query = parseInput(remoteReportQuerySchema, request.query, request);
        const device = request.device;
        if (!device) throw new ServerFailure('AUTH_REQUIRED', 401);
        const value = remoteIndicatorsSchema.parse(await serverIndicators766(db, device, query));
        request.log.info({ deviceId: device.id, officeId: value.office.id, dossiers: value.dossiers }, 'report 766');
        return sendOk(reply, bounded(value));
      });
    },
    { prefix: REPORTS_PATH },
  );
}
