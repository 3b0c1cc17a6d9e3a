import type { CompanySettings, CreateSaleRequest, Sale, Store } from '@kassa/contracts';
import { priceSale } from '@kassa/domain';
import type { CartLine } from '../../cart/state/cartReducer.ts';
import { cartPricingInput } from '../../cart/state/cartPricing.ts';

/** Marks a receipt number the server has not given yet; see `provisionalReceiptNumber`. */
export const OFFLINE_MARK = 'OFFLINE';

/**
 * The number printed on a receipt made without the server, e.g. "S1-R2-OFFLINE-3F9A0C21": store
 * and register code, then the last 8 hex digits of the sale's UUIDv7. The register's gap-free
 * sequence number is given by the server when the sale arrives (the outbox sends oldest first,
 * so the numbers follow the order of the sales); the id on the slip finds the sale afterwards.
 */
export function provisionalReceiptNumber(storeCode: string, registerCode: string, saleId: string): string {
  return `${storeCode}-${registerCode}-${OFFLINE_MARK}-${saleId.replace(/-/g, '').slice(-8).toUpperCase()}`;
}

/** True for a receipt number made by `provisionalReceiptNumber`. */
export function isProvisional(receiptNumber: string): boolean {
  return receiptNumber.includes(`-${OFFLINE_MARK}-`);
}

export type ProvisionalSaleInput = {
  request: CreateSaleRequest;
  lines: readonly CartLine[];
  settings: CompanySettings;
  store: Store;
  register: Store['registers'][number];
  cashier: { id: string; name: string };
};

/**
 * The sale as the receipt shows it while it waits in the outbox: priced on the device by
 * packages/domain with the catalog and settings the terminal holds (the same engine and inputs the
 * server uses, so the amounts agree to the cent), with a provisional receipt number.
 */
export function provisionalSale({
  request,
  lines,
  settings,
  store,
  register,
  cashier,
}: ProvisionalSaleInput): Sale {
  const priced = priceSale(
    cartPricingInput(
      [...lines],
      settings,
      request.tenders.map((t) => ({ method: t.method, amount: t.amount })),
    ),
  );
  const taxNames = new Map(lines.flatMap((line) => line.product.taxes.map((t) => [t.id, t] as const)));
  const address = [
    store.address.line1,
    store.address.city,
    `${store.address.region} ${store.address.postalCode}`.trim(),
  ]
    .filter(Boolean)
    .join(', ');
  const completedAt = request.clientCreatedAt ?? new Date().toISOString();
  return {
    id: request.id,
    receiptNumber: provisionalReceiptNumber(store.code, register.code, request.id),
    status: 'completed',
    currency: priced.currency,
    storeId: store.id,
    storeName: store.name,
    storeAddress: address,
    storeTimeZone: store.timeZone,
    receiptFooter: store.receiptFooter,
    registerId: register.id,
    registerName: register.name,
    cashierId: cashier.id,
    cashierName: cashier.name,
    subtotal: priced.subtotal,
    discountTotal: priced.discountTotal,
    taxTotal: priced.taxTotal,
    total: priced.total,
    cashRounding: priced.cashRounding,
    amountDue: priced.amountDue,
    tendered: priced.tendered,
    change: priced.change,
    lines: lines.map((line, i) => {
      const p = priced.lines[i]!;
      return {
        id: line.lineId,
        lineNo: i + 1,
        productId: line.product.id,
        sku: line.product.sku,
        name: line.product.name,
        quantity: String(line.quantity),
        unitPrice: line.product.price,
        discountPercent: line.discountPercent ?? '0',
        gross: p.gross,
        discount: p.discount,
        net: p.net,
        tax: p.tax,
        total: p.total,
        ageRestricted: line.product.ageRestricted,
        taxes: p.taxes.map((t) => {
          const tax = taxNames.get(t.id);
          return {
            taxId: t.id,
            name: tax?.name ?? '',
            rate: tax?.rate ?? '0',
            inclusive: tax?.inclusive ?? false,
            base: t.base,
            amount: t.amount,
          };
        }),
      };
    }),
    taxes: priced.taxes.map((t) => ({
      taxId: t.id,
      name: taxNames.get(t.id)?.name ?? '',
      rate: taxNames.get(t.id)?.rate ?? '0',
      base: t.base,
      amount: t.amount,
    })),
    tenders: priced.tenders.map((t, i) => ({
      id: `${request.id}-${i + 1}`,
      method: t.method,
      amount: t.applied,
      tendered: t.tendered,
      reference: request.tenders[i]?.reference ?? null,
    })),
    createdAt: completedAt,
    clientCreatedAt: completedAt,
  };
}
