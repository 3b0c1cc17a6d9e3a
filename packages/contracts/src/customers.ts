import { z } from 'zod';
import { Pagination } from './common.ts';

const Email = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: 'must be an e-mail address' });

const customerFields = {
  code: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .describe("The company's customer number (loyalty card, account number); unique, imports upsert by it"),
  name: z.string().trim().max(200),
  email: Email.nullable(),
  phone: z.string().trim().max(40).nullable(),
  country: z
    .string()
    .trim()
    .max(60)
    .nullable()
    .describe('Country name or ISO 3166 code, as the company keeps it'),
};

/** A customer of the company. */
export const Customer = z.object({
  id: z.uuid(),
  ...customerFields,
  email: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof Customer>;

/** Creates a customer. Defaults: no name, e-mail, phone or country. */
export const CreateCustomerRequest = z
  .object({
    ...customerFields,
    name: customerFields.name.default(''),
    email: customerFields.email.default(null),
    phone: customerFields.phone.default(null),
    country: customerFields.country.default(null),
  })
  .strict();
export type CreateCustomerRequest = z.infer<typeof CreateCustomerRequest>;

/** Edits a customer: only the fields given change; null clears e-mail, phone or country. */
export const UpdateCustomerRequest = z.object(customerFields).partial().strict();
export type UpdateCustomerRequest = z.infer<typeof UpdateCustomerRequest>;

export const CustomerListQuery = Pagination.extend({
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .describe('Part of the customer number, name, e-mail or phone (case-insensitive)'),
}).strict();
export type CustomerListQuery = z.infer<typeof CustomerListQuery>;

export const CustomerPage = z.object({
  items: z.array(Customer),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type CustomerPage = z.infer<typeof CustomerPage>;
