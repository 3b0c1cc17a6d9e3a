import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CashMovement,
  CashMovementRequest,
  CloseShiftInfo,
  CloseShiftRequest,
  IdParams,
  OpenShiftRequest,
  PdfFile,
  Problem,
  Shift,
  ShiftReport,
  ZReport,
} from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import { renderZReportPdf } from './shifts.pdf.ts';
import * as service from './shifts.service.ts';

export const shiftRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];
  const tags = ['shifts'];

  app.post(
    '/shifts',
    {
      config: { permission: 'shift.open' },
      schema: {
        tags,
        summary: 'Open a shift (cash session) on a register with its counted float',
        description:
          'Idempotent by the client-made UUIDv7 id: posting it again returns the stored shift with 200.',
        security,
        body: OpenShiftRequest,
        response: { 200: Shift, 201: Shift, 400: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const result = await inCompanyTx(deps.db, request, (ctx) => service.openShift(ctx, request.body));
      return reply.status(result.created ? 201 : 200).send(result.value);
    },
  );

  app.get(
    '/registers/:id/shift',
    {
      config: { permission: 'shift.open' },
      schema: {
        tags,
        summary: 'The open shift of a register (404 shift_not_open when none)',
        security,
        params: IdParams,
        response: { 200: Shift, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.getOpenShift(ctx, request.params.id)),
  );

  app.get(
    '/shifts/:id',
    {
      config: { permission: 'shift.open' },
      schema: {
        tags,
        summary: 'One shift',
        security,
        params: IdParams,
        response: { 200: Shift, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.getShift(ctx, request.params.id)),
  );

  app.post(
    '/shifts/:id/cash-movements',
    {
      config: { permission: 'shift.open' },
      schema: {
        tags,
        summary: 'Pay cash into or out of the drawer, with a reason',
        description: 'Idempotent by the client-made UUIDv7 id.',
        security,
        params: IdParams,
        body: CashMovementRequest,
        response: {
          200: CashMovement,
          201: CashMovement,
          400: Problem,
          404: Problem,
          409: Problem,
          422: Problem,
        },
      },
    },
    async (request, reply) => {
      const result = await inCompanyTx(deps.db, request, (ctx) =>
        service.recordCashMovement(ctx, request.params.id, request.body),
      );
      return reply.status(result.created ? 201 : 200).send(result.value);
    },
  );

  app.get(
    '/shifts/:id/x-report',
    {
      config: { permission: 'shift.open' },
      schema: {
        tags,
        summary: "X report: the shift's figures so far, without closing it",
        security,
        params: IdParams,
        response: { 200: ShiftReport, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.xReport(ctx, request.params.id)),
  );

  app.get(
    '/shifts/:id/close-info',
    {
      config: { permission: 'shift.close' },
      schema: {
        tags,
        summary: "Denominations to count and the store's over/short threshold",
        security,
        params: IdParams,
        response: { 200: CloseShiftInfo, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.closeInfo(ctx, request.params.id)),
  );

  app.post(
    '/shifts/:id/close',
    {
      config: { permission: 'shift.close' },
      schema: {
        tags,
        summary: 'Close the shift with the drawer counted by denomination; writes the Z report',
        description:
          "An over/short above the store's threshold needs a manager's approval (user id and PIN). A closed shift cannot be closed again (409 shift_closed).",
        security,
        params: IdParams,
        body: CloseShiftRequest,
        response: { 201: ZReport, 400: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const z = await inCompanyTx(deps.db, request, (ctx) =>
        service.closeShift(ctx, request.params.id, request.body),
      );
      return reply.status(201).send(z);
    },
  );

  app.get(
    '/shifts/:id/z-report',
    {
      config: { permission: 'shift.open' },
      schema: {
        tags,
        summary: 'The Z report of a closed shift',
        security,
        params: IdParams,
        response: { 200: ZReport, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.getZReport(ctx, request.params.id)),
  );

  app.get(
    '/shifts/:id/z-report.pdf',
    {
      config: { permission: 'shift.open' },
      schema: {
        tags,
        summary: 'The Z report of a closed shift as PDF',
        security,
        params: IdParams,
        produces: ['application/pdf'],
        response: { 200: PdfFile, 404: Problem },
      },
    },
    async (request, reply) => {
      const { z, timeZone } = await inCompanyTx(deps.db, request, async (ctx) => ({
        z: await service.getZReport(ctx, request.params.id),
        timeZone: await service.storeTimeZone(ctx, request.params.id),
      }));
      const pdf = await renderZReportPdf(z, timeZone);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="z-report-${z.reference}.pdf"`)
        .send(pdf);
    },
  );
};
