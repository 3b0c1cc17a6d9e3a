import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CategoryList, IdParams, Product, ProductPage, ProductSearchQuery } from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import * as service from './catalog.service.ts';

export const catalogRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];
  app.get(
    '/products',
    {
      config: { permission: 'catalog.read' },
      schema: {
        tags: ['catalog'],
        summary: 'Search products by name, SKU or barcode',
        security,
        querystring: ProductSearchQuery,
        response: { 200: ProductPage },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.searchProducts(ctx, request.query)),
  );

  app.get(
    '/products/:id',
    {
      config: { permission: 'catalog.read' },
      schema: {
        tags: ['catalog'],
        summary: 'One product',
        security,
        params: IdParams,
        response: { 200: Product },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.getProduct(ctx, request.params.id)),
  );

  app.get(
    '/categories',
    {
      config: { permission: 'catalog.read' },
      schema: {
        tags: ['catalog'],
        summary: 'Categories in grid order',
        security,
        response: { 200: CategoryList },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.listCategories(ctx)),
  );
};
