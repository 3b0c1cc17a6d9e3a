export * from './client.ts';
export * as schema from './schema.ts';
export * from './raw.ts';
export * from './upkeep.ts';
