export * from './common.ts';
export * from './auth.ts';
export * from './stores.ts';
export * from './catalog.ts';
export * from './catalog-admin.ts';
export * from './imports.ts';
export * from './reports.ts';
export * from './sales.ts';
export * from './settings.ts';
export * from './pricing.ts';
export * from './audit.ts';
export * from './security.ts';
export * from './shifts.ts';
export * from './refunds.ts';
export * from './store-credits.ts';
export * from './exchanges.ts';
export * from './parked.ts';
export * from './customers.ts';
export * from './users.ts';
export * from './age-checks.ts';
export * from './receipts.ts';
export * from './platform.ts';
export * from './sync-status.ts';

/** Base path of the versioned HTTP API. */
export const API_PREFIX = '/api/v1';
