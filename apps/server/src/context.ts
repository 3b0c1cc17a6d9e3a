import type { FastifyBaseLogger } from 'fastify';
import type { KassaTx } from '@kassa/db';
import type { Permission, RoleName } from '@kassa/domain';

/** Who is calling: taken from a verified access token, never from the request body. */
export type Principal = {
  companyId: string;
  userId: string;
  role: RoleName;
  permissions: readonly Permission[];
  /** The signed-in session (table `sessions`) the access token belongs to. */
  sessionId: string;
  /**
   * Stores the user may act in (user and custom-role store scope); null or absent: every store.
   * Store-bound use cases check it with `assertStoreInScope` (modules/users/access.ts).
   */
  storeIds?: readonly string[] | null;
};

/**
 * The request context every use case and repository takes first: the principal, the request id
 * and logger, and the open transaction (already scoped to the company by `app.company_id`).
 */
export type Ctx = Principal & {
  requestId: string;
  log: FastifyBaseLogger;
  tx: KassaTx;
};
