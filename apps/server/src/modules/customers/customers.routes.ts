import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateCustomerRequest,
  Customer,
  CustomerListQuery,
  CustomerPage,
  IdParams,
  Problem,
  UpdateCustomerRequest,
} from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import * as service from './customers.service.ts';

/** Customers of the company: list and search, create, edit, delete (back office). */
export const customerRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];
  const tags = ['customers'];

  app.get(
    '/customers',
    {
      config: { permission: 'sale.read' },
      schema: {
        tags,
        summary: 'Customers, by name; q searches number, name, e-mail and phone',
        security,
        querystring: CustomerListQuery,
        response: { 200: CustomerPage, 400: Problem, 403: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.listCustomers(ctx, request.query)),
  );

  app.get(
    '/customers/:id',
    {
      config: { permission: 'sale.read' },
      schema: {
        tags,
        summary: 'One customer',
        security,
        params: IdParams,
        response: { 200: Customer, 403: Problem, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.getCustomer(ctx, request.params.id)),
  );

  app.post(
    '/customers',
    {
      config: { permission: 'customer.write' },
      schema: {
        tags,
        summary: 'Create a customer',
        security,
        body: CreateCustomerRequest,
        response: { 201: Customer, 400: Problem, 403: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const customer = await inCompanyTx(deps.db, request, (ctx) =>
        service.createCustomer(ctx, request.body),
      );
      return reply.status(201).send(customer);
    },
  );

  app.patch(
    '/customers/:id',
    {
      config: { permission: 'customer.write' },
      schema: {
        tags,
        summary: 'Edit a customer (fields given only)',
        security,
        params: IdParams,
        body: UpdateCustomerRequest,
        response: { 200: Customer, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    (request) =>
      inCompanyTx(deps.db, request, (ctx) => service.updateCustomer(ctx, request.params.id, request.body)),
  );

  app.delete(
    '/customers/:id',
    {
      config: { permission: 'customer.write' },
      schema: {
        tags,
        summary: 'Delete a customer (erasure); refused while documents refer to it',
        security,
        params: IdParams,
        response: { 204: z.null(), 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      await inCompanyTx(deps.db, request, (ctx) => service.deleteCustomer(ctx, request.params.id));
      return reply.status(204).send(null);
    },
  );
};
