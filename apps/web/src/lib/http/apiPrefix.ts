/**
 * Base path of the versioned API: the contracts' API_PREFIX, repeated here because the web app
 * imports only types from @kassa/contracts (a value import pulls every Zod schema, and Zod, into
 * the bundle). apiPrefix.test.ts keeps the two equal.
 */
export const API_PREFIX = '/api/v1';
