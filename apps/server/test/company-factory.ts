import { newDocumentId } from '@kassa/domain';
import { schema as s, withCompanyTx, type KassaDb } from '@kassa/db';
import { hashSecret } from '../src/modules/auth/passwords.ts';

export type EmptyCompany = {
  companyId: string;
  storeId: string;
  registerId: string;
  ownerId: string;
  email: string;
  password: string;
};

/**
 * A company with no catalog: one store in `timeZone`, one register, one owner who can sign in.
 * For imports and report replays into a company of another currency than the demo's USD.
 */
export async function seedEmptyCompany(
  db: KassaDb,
  options: { tag: string; currency: string; timeZone: string; country: string },
): Promise<EmptyCompany> {
  const ids = {
    companyId: newDocumentId(),
    storeId: newDocumentId(),
    registerId: newDocumentId(),
    ownerId: newDocumentId(),
  };
  const email = `owner@${options.tag}.example.com`;
  const password = `${options.tag}-owner-pass`;
  await withCompanyTx(db, ids.companyId, async (tx) => {
    await tx
      .insert(s.companies)
      .values({ id: ids.companyId, name: `Company ${options.tag}`, currency: options.currency });
    await tx.insert(s.stores).values({
      companyId: ids.companyId,
      id: ids.storeId,
      code: 'S1',
      name: `${options.tag} store`,
      city: 'City',
      region: 'Region',
      postalCode: '00000',
      country: options.country,
      timeZone: options.timeZone,
    });
    await tx.insert(s.registers).values({
      companyId: ids.companyId,
      id: ids.registerId,
      storeId: ids.storeId,
      code: 'R1',
      name: 'Till 1',
    });
    await tx.insert(s.users).values({
      companyId: ids.companyId,
      id: ids.ownerId,
      email,
      name: `${options.tag} owner`,
      role: 'owner',
      passwordHash: await hashSecret(password),
    });
    await tx.insert(s.loginEmails).values({ email, companyId: ids.companyId, userId: ids.ownerId });
  });
  return { ...ids, email, password };
}
