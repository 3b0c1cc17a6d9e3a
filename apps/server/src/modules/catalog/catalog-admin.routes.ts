import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  Category,
  CreateCategoryRequest,
  CreateProductRequest,
  IdParams,
  PdfFile,
  Problem,
  Product,
  ProductLabelsRequest,
  UpdateCategoryRequest,
  UpdateProductRequest,
} from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import * as service from './catalog-admin.service.ts';

/** Back-office catalog maintenance: products and the categories of the terminal's grid. */
export const catalogAdminRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];
  const tags = ['catalog'];
  const errors = { 400: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };

  app.post(
    '/products',
    {
      config: { permission: 'product.write' },
      schema: {
        tags,
        summary: 'Create a product',
        description: 'Barcodes must be GTINs with a valid check digit; SKU and barcodes are unique.',
        security,
        body: CreateProductRequest,
        response: { 201: Product, ...errors },
      },
    },
    async (request, reply) => {
      const product = await inCompanyTx(deps.db, request, (ctx) => service.createProduct(ctx, request.body));
      return reply.status(201).send(product);
    },
  );

  app.patch(
    '/products/:id',
    {
      config: { permission: 'product.write' },
      schema: {
        tags,
        summary: 'Edit a product (fields given only)',
        description: 'Moves updatedAt, so terminals take the change on their next catalog sync.',
        security,
        params: IdParams,
        body: UpdateProductRequest,
        response: { 200: Product, ...errors },
      },
    },
    (request) =>
      inCompanyTx(deps.db, request, (ctx) => service.updateProduct(ctx, request.params.id, request.body)),
  );

  app.post(
    '/products/:id/archive',
    {
      config: { permission: 'product.write' },
      schema: {
        tags,
        summary: 'Archive a product (no longer for sale; kept for history)',
        security,
        params: IdParams,
        response: { 200: Product, 403: Problem, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.archiveProduct(ctx, request.params.id)),
  );

  app.post(
    '/products/labels',
    {
      config: { permission: 'product.write' },
      schema: {
        tags,
        summary: 'Shelf or barcode labels for a selection of products, as PDF',
        description:
          'A4 label sheets. The barcode is the GTIN in its GS1 symbology, or the SKU as Code 128. Writes nothing.',
        security,
        body: ProductLabelsRequest,
        produces: ['application/pdf'],
        response: { 200: PdfFile, 400: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const pdf = await inCompanyTx(deps.db, request, (ctx) => service.productLabels(ctx, request.body));
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${request.body.kind}-labels.pdf"`)
        .send(pdf);
    },
  );

  app.post(
    '/categories',
    {
      config: { permission: 'product.write' },
      schema: {
        tags,
        summary: 'Create a category',
        security,
        body: CreateCategoryRequest,
        response: { 201: Category, ...errors },
      },
    },
    async (request, reply) => {
      const category = await inCompanyTx(deps.db, request, (ctx) =>
        service.createCategory(ctx, request.body),
      );
      return reply.status(201).send(category);
    },
  );

  app.patch(
    '/categories/:id',
    {
      config: { permission: 'product.write' },
      schema: {
        tags,
        summary: 'Rename, recolour or reorder a category',
        security,
        params: IdParams,
        body: UpdateCategoryRequest,
        response: { 200: Category, ...errors },
      },
    },
    (request) =>
      inCompanyTx(deps.db, request, (ctx) => service.updateCategory(ctx, request.params.id, request.body)),
  );

  app.delete(
    '/categories/:id',
    {
      config: { permission: 'product.write' },
      schema: {
        tags,
        summary: 'Delete an empty category',
        security,
        params: IdParams,
        response: { 204: z.null(), 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      await inCompanyTx(deps.db, request, (ctx) => service.deleteCategory(ctx, request.params.id));
      return reply.status(204).send(null);
    },
  );
};
