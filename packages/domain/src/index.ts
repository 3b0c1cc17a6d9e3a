export * from './errors.ts';
export * from './permissions.ts';
export * from './pricing.types.ts';
export * from './pricing.ts';
export * from './money.ts';
export * from './gtin.ts';
export * from './ids.ts';
export * from './quantity.ts';
