import { newDocumentId } from '@kassa/domain';
import { schema as s, withCompanyTx, type KassaDb } from '@kassa/db';
import { hashSecret } from '../src/modules/auth/passwords.ts';
import { openShiftsOnAllRegisters } from './shift-fixtures.ts';

export type OtherCompany = {
  companyId: string;
  storeId: string;
  registerId: string;
  productId: string;
  barcode: string;
  userId: string;
  email: string;
  password: string;
};

/** A second, small company (EUR, one store, one register, one product, one owner) for isolation tests. */
export async function seedOtherCompany(db: KassaDb, tag = 'b'): Promise<OtherCompany> {
  const ids = {
    companyId: newDocumentId(),
    storeId: newDocumentId(),
    registerId: newDocumentId(),
    productId: newDocumentId(),
    userId: newDocumentId(),
    taxId: newDocumentId(),
    taxCategoryId: newDocumentId(),
  };
  const email = `owner@${tag}.example.com`;
  const password = 'other-company-pass';
  const barcode = '4006381333931';
  await withCompanyTx(db, ids.companyId, async (tx) => {
    await tx
      .insert(s.companies)
      .values({ id: ids.companyId, name: `Company ${tag.toUpperCase()}`, currency: 'EUR' });
    await tx.insert(s.stores).values({
      companyId: ids.companyId,
      id: ids.storeId,
      code: 'S1',
      name: 'Other Store',
      city: 'Berlin',
      region: 'BE',
      postalCode: '10115',
      country: 'DE',
      timeZone: 'Europe/Berlin',
    });
    await tx.insert(s.registers).values({
      companyId: ids.companyId,
      id: ids.registerId,
      storeId: ids.storeId,
      code: 'R1',
      name: 'Kasse 1',
    });
    await tx.insert(s.users).values({
      companyId: ids.companyId,
      id: ids.userId,
      email,
      name: 'Other Owner',
      role: 'owner',
      passwordHash: await hashSecret(password),
      pinHash: await hashSecret('9999'),
    });
    await tx.insert(s.loginEmails).values({ email, companyId: ids.companyId, userId: ids.userId });
    await tx
      .insert(s.taxRates)
      .values({ companyId: ids.companyId, id: ids.taxId, name: 'MwSt', rate: '19', inclusive: true });
    await tx
      .insert(s.taxCategories)
      .values({ companyId: ids.companyId, id: ids.taxCategoryId, name: 'Standard' });
    await tx
      .insert(s.taxCategoryRates)
      .values({ companyId: ids.companyId, taxCategoryId: ids.taxCategoryId, taxRateId: ids.taxId });
    await tx.insert(s.products).values({
      companyId: ids.companyId,
      id: ids.productId,
      sku: 'B-1',
      name: 'Other vodka',
      price: 1999,
      taxCategoryId: ids.taxCategoryId,
    });
    await tx
      .insert(s.productBarcodes)
      .values({ companyId: ids.companyId, barcode, productId: ids.productId });
    await tx
      .insert(s.stockLevels)
      .values({ companyId: ids.companyId, storeId: ids.storeId, productId: ids.productId, onHand: '10' });
  });
  // Its register is open for business, like the demo registers of the test template.
  await openShiftsOnAllRegisters(db, ids.companyId);
  return { ...ids, barcode, email, password };
}
