import { toSVG } from 'bwip-js/browser';
import { useMemo } from 'react';

export type ReceiptBarcodeProps = { receiptNumber: string; testId?: string };

/**
 * The receipt number as a Code 128 barcode (ISO/IEC 15417), so a return starts by scanning the
 * receipt. Rendered as an SVG image (no canvas), which prints sharply on thermal and laser paper.
 */
export function ReceiptBarcode({ receiptNumber, testId }: ReceiptBarcodeProps) {
  const src = useMemo(() => {
    const svg = toSVG({ bcid: 'code128', text: receiptNumber, scale: 2, height: 10, includetext: false });
    return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
  }, [receiptNumber]);
  return (
    <img
      className="kassa-receipt-barcode"
      src={src}
      alt={`Barcode ${receiptNumber}`}
      data-code={receiptNumber}
      {...(testId ? { 'data-testid': testId } : {})}
    />
  );
}
