import { newDocumentId } from '@kassa/domain';
import type {
  CreateCustomerRequest,
  Customer,
  CustomerListQuery,
  CustomerPage,
  UpdateCustomerRequest,
} from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import * as repo from './customers.repository.ts';

function toCustomer(row: repo.CustomerRow): Customer {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    email: row.email,
    phone: row.phone,
    country: row.country,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function checkCode(ctx: Ctx, code: string, id?: string): Promise<void> {
  const owner = await repo.findCodeOwner(ctx, code, id);
  if (owner) {
    throw new AppError('customer_code_taken', 409, `Customer number ${code} is taken`, {
      code,
      customerId: owner,
    });
  }
}

async function mustFind(ctx: Ctx, id: string): Promise<repo.CustomerRow> {
  const row = await repo.findCustomer(ctx, id);
  if (!row) throw new AppError('customer_not_found', 404, 'Customer not found', { customerId: id });
  return row;
}

/** Customers of the company matching `q`, by name, a page at a time. */
export async function listCustomers(ctx: Ctx, query: CustomerListQuery): Promise<CustomerPage> {
  const { rows, total } = await repo.listCustomers(ctx, query);
  return { items: rows.map(toCustomer), total, limit: query.limit, offset: query.offset };
}

/** One customer. @throws AppError `customer_not_found` (404, also for another company's customer). */
export async function getCustomer(ctx: Ctx, id: string): Promise<Customer> {
  return toCustomer(await mustFind(ctx, id));
}

/** Creates a customer. @throws AppError `customer_code_taken` (409). */
export async function createCustomer(ctx: Ctx, input: CreateCustomerRequest): Promise<Customer> {
  await checkCode(ctx, input.code);
  const id = newDocumentId();
  await repo.insertCustomer(ctx, id, input);
  return getCustomer(ctx, id);
}

/**
 * Edits a customer: only the fields given change.
 * @throws AppError `customer_not_found` (404), `customer_code_taken` (409).
 */
export async function updateCustomer(ctx: Ctx, id: string, input: UpdateCustomerRequest): Promise<Customer> {
  await mustFind(ctx, id);
  if (input.code !== undefined) await checkCode(ctx, input.code, id);
  if (Object.keys(input).length > 0) await repo.updateCustomer(ctx, id, input);
  return getCustomer(ctx, id);
}

/** The SQLSTATE of a database error, looked for on the error and its cause (drizzle wraps it). */
function sqlState(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 3; i++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

/**
 * Deletes a customer (the right to erasure: the record goes, documents keep no copy of it).
 * @throws AppError `customer_not_found` (404); `customer_in_use` (409) when a document such as
 * store credit still points at the customer.
 */
export async function deleteCustomer(ctx: Ctx, id: string): Promise<void> {
  await mustFind(ctx, id);
  try {
    await ctx.tx.transaction((sp) => repo.deleteCustomer({ ...ctx, tx: sp }, id));
  } catch (err) {
    if (sqlState(err) === '23503') {
      throw new AppError('customer_in_use', 409, 'Documents still refer to this customer', {
        customerId: id,
      });
    }
    throw err;
  }
}
