import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateTaxRequest,
  IdParams,
  Problem,
  Product,
  ProductTaxesRequest,
  QuoteRequest,
  QuoteResponse,
  Tax,
  TaxList,
} from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import { idempotent } from '../../http/idempotency.ts';
import * as pricing from './pricing.service.ts';
import * as taxes from './taxes.service.ts';

/** Pricing without a sale (the quote), the company's tax rates, and which taxes a product carries. */
export const pricingRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];

  app.post(
    '/pricing/quote',
    {
      config: { permission: 'catalog.read' },
      schema: {
        tags: ['pricing'],
        summary: 'Price a cart without saving anything',
        description:
          'Runs the same pricing engine as a sale and the terminal, on the currency, settings, taxes and ' +
          'lines given. Amounts are integer minor units; rates, quantities and percents are decimal strings. ' +
          'Malformed input is a 400 problem with a stable code.',
        security,
        body: QuoteRequest,
        response: { 200: QuoteResponse, 400: Problem, 422: Problem },
      },
    },
    (request) => pricing.quote(request.body),
  );

  app.get(
    '/taxes',
    {
      config: { permission: 'catalog.read' },
      schema: {
        tags: ['pricing'],
        summary: "The company's tax rates",
        security,
        response: { 200: TaxList },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => taxes.listTaxes(ctx)),
  );

  app.post(
    '/taxes',
    {
      config: { permission: 'settings.write' },
      schema: {
        tags: ['pricing'],
        summary: 'Create a tax rate',
        description:
          'Send an `Idempotency-Key` header to make a retry safe: the same key and body answer the ' +
          'first response again (`Idempotency-Replayed: true`) without a second tax; the same key with ' +
          'another body is a 422 `idempotency_key_reused`.',
        security,
        body: CreateTaxRequest,
        response: { 201: Tax, 400: Problem, 403: Problem, 409: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      await idempotent(deps.db, request, reply, 201, (ctx) => taxes.createTax(ctx, request.body));
      return reply;
    },
  );

  app.put(
    '/products/:id/taxes',
    {
      config: { permission: 'product.write' },
      schema: {
        tags: ['pricing'],
        summary: "Set a product's taxes, in order of application (empty: tax-exempt)",
        description: 'Applies to sales made from now on; completed sales keep the taxes they copied.',
        security,
        params: IdParams,
        body: ProductTaxesRequest,
        response: { 200: Product, 400: Problem, 403: Problem, 404: Problem },
      },
    },
    (request) =>
      inCompanyTx(deps.db, request, (ctx) =>
        taxes.setProductTaxes(ctx, request.params.id, request.body.taxIds),
      ),
  );
};
