import type { Sale } from '@kassa/contracts';
import { formatMoney } from '@kassa/domain';
import { formatRate, formatReceiptDateTime } from '../state/receiptFormat.ts';
import { ReceiptBarcode } from './ReceiptBarcode.tsx';

export type ReceiptProps = {
  sale: Sale;
  minimumAge: number;
  /** Test ids only on the copy shown on screen; the print copy carries none. */
  withTestIds?: boolean;
};

const TENDER_LABEL = { cash: 'Cash', card: 'Card', store_credit: 'Store credit' } as const;

/** A sale's receipt as the server recorded it, laid out for an 80 mm roll. */
export function Receipt({ sale, minimumAge, withTestIds = false }: ReceiptProps) {
  const money = (minor: number) => formatMoney(minor, sale.currency);
  const id = (testId: string) => (withTestIds ? { 'data-testid': testId } : {});
  return (
    <div className="kassa-receipt" {...id('receipt')}>
      <header className="kassa-receipt-center">
        <div className="kassa-receipt-store">{sale.storeName}</div>
        <div>{sale.storeAddress}</div>
        {(sale.receiptHeader ?? '')
          .split(/\r?\n/)
          .filter(Boolean)
          .map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        {sale.storeTaxId && <div {...id('receipt-tax-id')}>Tax ID {sale.storeTaxId}</div>}
      </header>
      <hr />
      <div className="kassa-receipt-row">
        <span>Receipt</span>
        <span {...id('receipt-number')}>{sale.receiptNumber}</span>
      </div>
      <div className="kassa-receipt-row">
        <span>Date</span>
        <span {...id('receipt-date')}>{formatReceiptDateTime(sale.createdAt, sale.storeTimeZone)}</span>
      </div>
      <div className="kassa-receipt-row">
        <span>Register</span>
        <span>{sale.registerName}</span>
      </div>
      <div className="kassa-receipt-row">
        <span>Cashier</span>
        <span {...id('receipt-cashier')}>{sale.cashierName}</span>
      </div>
      <hr />
      {sale.lines.map((line) => (
        <div key={line.id} className="kassa-receipt-line" {...id('receipt-line')}>
          <div className="kassa-receipt-row">
            <span>
              {line.name}
              {line.ageRestricted ? (
                <>
                  {' '}
                  <b className="kassa-receipt-age">{minimumAge}+</b>
                </>
              ) : null}
            </span>
          </div>
          <div className="kassa-receipt-row kassa-receipt-detail">
            <span>
              {line.quantity} x {money(line.unitPrice)}
            </span>
            <span>{money(line.gross)}</span>
          </div>
          {line.discount > 0 && (
            <div className="kassa-receipt-row kassa-receipt-detail">
              <span>Discount {formatRate(line.discountPercent)}</span>
              <span>-{money(line.discount)}</span>
            </div>
          )}
        </div>
      ))}
      <hr />
      <div className="kassa-receipt-row">
        <span>Subtotal</span>
        <span>{money(sale.subtotal)}</span>
      </div>
      {sale.discountTotal > 0 && (
        <div className="kassa-receipt-row">
          <span>Discounts</span>
          <span>-{money(sale.discountTotal)}</span>
        </div>
      )}
      {sale.taxes.map((tax) => (
        <div key={tax.taxId} {...id('receipt-tax')}>
          <div className="kassa-receipt-row">
            <span>
              {tax.name} {formatRate(tax.rate)}
            </span>
            <span>{money(tax.amount)}</span>
          </div>
          <div className="kassa-receipt-row kassa-receipt-detail">
            <span>on {money(tax.base)}</span>
          </div>
        </div>
      ))}
      <div className="kassa-receipt-row kassa-receipt-total">
        <span>TOTAL</span>
        <span {...id('receipt-total')}>{money(sale.total)}</span>
      </div>
      {sale.cashRounding !== 0 && (
        <>
          <div className="kassa-receipt-row">
            <span>Cash rounding</span>
            <span {...id('receipt-cash-rounding')}>{money(sale.cashRounding)}</span>
          </div>
          <div className="kassa-receipt-row kassa-receipt-total">
            <span>AMOUNT DUE</span>
            <span {...id('receipt-amount-due')}>{money(sale.amountDue)}</span>
          </div>
        </>
      )}
      <hr />
      {sale.tenders.map((tender) => (
        <div key={tender.id} className="kassa-receipt-row" {...id('receipt-tender')}>
          <span>
            {TENDER_LABEL[tender.method]}
            {tender.reference ? ` ${tender.reference}` : ''}
          </span>
          <span>{money(tender.tendered)}</span>
        </div>
      ))}
      <div className="kassa-receipt-row kassa-receipt-total">
        <span>Change</span>
        <span {...id('receipt-change')}>{money(sale.change)}</span>
      </div>
      <div className="kassa-receipt-center">
        <ReceiptBarcode
          receiptNumber={sale.receiptNumber}
          {...(withTestIds ? { testId: 'receipt-barcode' } : {})}
        />
      </div>
      {sale.receiptFooter && (
        <>
          <hr />
          <footer className="kassa-receipt-center kassa-receipt-footer">{sale.receiptFooter}</footer>
        </>
      )}
    </div>
  );
}
