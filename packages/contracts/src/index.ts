export * from './common.ts';
export * from './auth.ts';
export * from './stores.ts';
export * from './catalog.ts';
export * from './sales.ts';
export * from './settings.ts';

/** Base path of the versioned HTTP API. */
export const API_PREFIX = '/api/v1';
