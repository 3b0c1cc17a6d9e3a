import { z } from 'zod';
import { MinorUnits, Pagination } from './common.ts';

export const Tax = z.object({
  id: z.uuid(),
  name: z.string(),
  rate: z.string().describe('Percent as a decimal string, e.g. "6"'),
  inclusive: z.boolean(),
  compound: z.boolean(),
});
export type Tax = z.infer<typeof Tax>;

export const Category = z.object({
  id: z.uuid(),
  name: z.string(),
  color: z.string(),
  position: z.number().int(),
});
export type Category = z.infer<typeof Category>;
export const CategoryList = z.object({ items: z.array(Category) });

export const Product = z.object({
  id: z.uuid(),
  sku: z.string(),
  barcodes: z.array(z.string()).describe('GTIN barcodes'),
  name: z.string(),
  categoryId: z.uuid().nullable(),
  categoryName: z.string().nullable(),
  vendor: z.string().nullable(),
  price: MinorUnits,
  cost: MinorUnits.nullable(),
  unit: z.enum(['each', 'kg', 'l']),
  packSize: z.number().int().nullable(),
  volumeMl: z.number().int().nullable(),
  taxCategoryId: z.uuid().nullable(),
  taxes: z.array(Tax),
  ageRestricted: z.boolean(),
  active: z.boolean(),
  /** Stock level in the store asked for (decimal string), when a store was given. */
  stockOnHand: z.string().nullable(),
  /** Last change of the product (price, name, taxes...): terminals sync what changed since. */
  updatedAt: z.iso.datetime({ offset: true }),
});
export type Product = z.infer<typeof Product>;

export const ProductSearchQuery = Pagination.extend({
  q: z.string().trim().max(100).optional().describe('Matches name, SKU or barcode'),
  barcode: z.string().trim().max(20).optional().describe('Exact GTIN'),
  categoryId: z.uuid().optional(),
  storeId: z.uuid().optional().describe('Include stock on hand for this store'),
  status: z
    .enum(['active', 'archived', 'all'])
    .default('active')
    .describe('Active products (for sale), archived ones, or both (back office)'),
  updatedSince: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(
      'Delta sync: only products changed at or after this instant, oldest change first (then by id). ' +
        'Ask with status=all so archived products reach the terminal too.',
    ),
}).strict();
export type ProductSearchQuery = z.infer<typeof ProductSearchQuery>;

export const ProductPage = z.object({
  items: z.array(Product),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type ProductPage = z.infer<typeof ProductPage>;
