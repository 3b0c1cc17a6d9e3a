import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  EmailReceiptRequest,
  EmailReceiptResponse,
  EscPosQuery,
  IdParams,
  PdfFile,
  Problem,
  ReceiptDocument,
  ReceiptQuery,
} from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import { mailDeps } from '../../mail/deps.ts';
import { encodeReceiptEscPos } from './receipts.escpos.ts';
import { renderReceiptPdf } from './receipts.pdf.ts';
import * as service from './receipts.service.ts';

export const receiptRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];
  const tags = ['receipts'];
  const { mailer } = mailDeps(app, deps);

  app.get(
    '/sales/:id/receipt',
    {
      config: { permission: 'sale.read' },
      schema: {
        tags,
        summary: 'The printed receipt of a sale (COPY with copy=true, for a reprint)',
        security,
        params: IdParams,
        querystring: ReceiptQuery,
        response: { 200: ReceiptDocument, 404: Problem },
      },
    },
    (request) =>
      inCompanyTx(deps.db, request, (ctx) => service.receiptOf(ctx, request.params.id, request.query.copy)),
  );

  app.get(
    '/sales/:id/receipt.pdf',
    {
      config: { permission: 'sale.read' },
      schema: {
        tags,
        summary: 'The receipt as a PDF (80 mm wide page)',
        security,
        params: IdParams,
        querystring: ReceiptQuery,
        produces: ['application/pdf'],
        response: { 200: PdfFile, 404: Problem },
      },
    },
    async (request, reply) => {
      const doc = await inCompanyTx(deps.db, request, (ctx) =>
        service.receiptOf(ctx, request.params.id, request.query.copy),
      );
      const pdf = await renderReceiptPdf(doc);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="receipt-${doc.barcode}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    '/sales/:id/receipt.escpos',
    {
      config: { permission: 'sale.read' },
      schema: {
        tags,
        summary:
          'The receipt as ESC/POS bytes for a 58 or 80 mm thermal printer, optionally kicking the drawer',
        description: 'The terminal sends these bytes to the printer over WebUSB or Web Serial.',
        security,
        params: IdParams,
        querystring: EscPosQuery,
        produces: ['application/octet-stream'],
        response: { 200: PdfFile.describe('application/octet-stream ESC/POS commands'), 404: Problem },
      },
    },
    async (request, reply) => {
      const doc = await inCompanyTx(deps.db, request, (ctx) =>
        service.receiptOf(ctx, request.params.id, request.query.copy),
      );
      const bytes = await encodeReceiptEscPos(doc, {
        width: request.query.width,
        openDrawer: request.query.drawer,
      });
      return reply.type('application/octet-stream').send(Buffer.from(bytes));
    },
  );

  app.post(
    '/sales/:id/receipt/email',
    {
      config: { permission: 'sale.create' },
      schema: {
        tags,
        summary: 'E-mail the receipt to the customer (text body, PDF attached)',
        security,
        params: IdParams,
        body: EmailReceiptRequest,
        response: { 200: EmailReceiptResponse, 400: Problem, 404: Problem },
      },
    },
    async (request) => {
      const doc = await inCompanyTx(deps.db, request, (ctx) =>
        service.receiptOf(ctx, request.params.id, request.body.copy),
      );
      await service.emailReceipt(mailer, doc, request.body.to);
      return { sent: true as const, to: request.body.to };
    },
  );
};
