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
export * from './parked.ts';

/** Base path of the versioned HTTP API. */
export const API_PREFIX = '/api/v1';
