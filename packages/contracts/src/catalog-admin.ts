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

/**
 * Creates a product. Defaults: no barcodes, no category, each, the company's default taxes (tax-exempt
 * when it has none), not age-restricted, active.
 */
export const CreateProductRequest = z
  .object({
    ...productFields,
    barcodes: productFields.barcodes.default([]),
    categoryId: productFields.categoryId.default(null),
    vendor: productFields.vendor.default(null),
    cost: productFields.cost.default(null),
    unit: productFields.unit.default('each'),
    taxIds: productFields.taxIds
      .optional()
      .describe("Tax rates in order of application; empty: tax-exempt; omitted: the company's default taxes"),
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

/**
 * Prints labels for a selection of products, as one PDF. `shelf`: a shelf-edge label per product
 * (name, price, unit, SKU, barcode); `barcode`: small sticker labels (barcode, name, price), `copies`
 * of each. The barcode is the product's first GTIN (EAN-13/UPC-A/EAN-8/ITF-14 by its length), or its
 * SKU as Code 128 when it has no GTIN.
 */
export const ProductLabelsRequest = z
  .object({
    productIds: z.array(z.uuid()).min(1).max(500).describe('Products, labelled in this order'),
    kind: z.enum(['shelf', 'barcode']).default('shelf'),
    copies: z.number().int().min(1).max(100).default(1).describe('Labels per product'),
  })
  .strict();
export type ProductLabelsRequest = z.infer<typeof ProductLabelsRequest>;
