import { z } from 'zod';
import { MinorUnits } from './common.ts';

/** A CSS hex colour of a terminal grid tile, e.g. "#1c7ed6". */
export const HexColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, { message: 'must be a hex colour such as #1c7ed6' })
  .describe('CSS hex colour, #rrggbb');

const Sku = z.string().trim().min(1).max(64).describe('Stock keeping unit, unique in the company');
const Barcode = z.string().trim().max(14).describe('GTIN-8, -12, -13 or -14 with a valid check digit');

const productFields = {
  sku: Sku,
  name: z.string().trim().min(1).max(200),
  barcodes: z.array(Barcode).max(20).describe('GTINs; replaces the list on edit'),
  categoryId: z.uuid().nullable(),
  vendor: z.string().trim().max(200).nullable(),
  price: MinorUnits.min(0).describe('Shelf price in minor units; tax-inclusive or not as its taxes say'),
  cost: MinorUnits.min(0).nullable().describe('Unit cost in minor units, for gross margin'),
  unit: z.enum(['each', 'kg', 'l']).describe('each, or weighed/measured by kg or l'),
  taxIds: z.array(z.uuid()).max(10).describe('Tax rates in order of application; empty: tax-exempt'),
  ageRestricted: z.boolean(),
  active: z.boolean(),
};

/** Creates a product. Defaults: no barcodes, no category, each, tax-exempt, not age-restricted, active. */
export const CreateProductRequest = z
  .object({
    ...productFields,
    barcodes: productFields.barcodes.default([]),
    categoryId: productFields.categoryId.default(null),
    vendor: productFields.vendor.default(null),
    cost: productFields.cost.default(null),
    unit: productFields.unit.default('each'),
    taxIds: productFields.taxIds.default([]),
    ageRestricted: productFields.ageRestricted.default(false),
    active: productFields.active.default(true),
  })
  .strict();
export type CreateProductRequest = z.infer<typeof CreateProductRequest>;

/** Edits a product: only the fields given change. */
export const UpdateProductRequest = z.object(productFields).partial().strict();
export type UpdateProductRequest = z.infer<typeof UpdateProductRequest>;

export const CreateCategoryRequest = z
  .object({
    name: z.string().trim().min(1).max(100),
    color: HexColor,
    position: z.number().int().min(0).max(100_000).optional().describe('Grid order; default: last'),
  })
  .strict();
export type CreateCategoryRequest = z.infer<typeof CreateCategoryRequest>;

export const UpdateCategoryRequest = CreateCategoryRequest.partial().strict();
export type UpdateCategoryRequest = z.infer<typeof UpdateCategoryRequest>;
