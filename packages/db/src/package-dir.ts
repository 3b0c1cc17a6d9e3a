import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/**
 * The directory of the @kassa/db package (packages/db), where its migrations and seed data live.
 * Resolved through the package's own name rather than relative to this file, so that it is the
 * same from the TypeScript sources and from the server bundle (apps/server/dist/main.js, see
 * scripts/build-server.mjs); node_modules/@kassa/db is a workspace link, resolved to its real path.
 */
export const DB_PACKAGE_DIR = dirname(createRequire(import.meta.url).resolve('@kassa/db/package.json'));
