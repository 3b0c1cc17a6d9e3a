import type { Sale } from '@kassa/contracts';
import { formatMoney } from '@kassa/domain';
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { useCommand } from '../../commands/hooks/useCommand.ts';
import { plainKey } from '../../commands/state/commandRegistry.ts';
import { fetchReceiptEscPos } from '../api/receiptPrintApi.ts';
import { printerStore } from '../state/printerStore.ts';
import { PrinterControls } from './PrinterControls.tsx';
import { Receipt } from './Receipt.tsx';
import './receipt.css';

export type ReceiptScreenProps = { sale: Sale; minimumAge: number; onNewSale: () => void };

/**
 * Prints on the connected thermal printer (ESC/POS from the server), kicking the cash drawer on
 * the first print of a sale paid (partly) in cash; later prints are marked COPY. Without a
 * printer, or when it fails, the browser prints. Resolves to a problem to show, or null.
 */
async function printReceipt(sale: Sale, first: boolean): Promise<string | null> {
  const { printer, width } = printerStore.get();
  if (!printer) {
    window.print();
    return null;
  }
  try {
    const drawer = first && sale.tenders.some((t) => t.method === 'cash');
    await printer.write(await fetchReceiptEscPos(sale.id, { width, drawer, copy: !first }));
    return null;
  } catch (error) {
    window.print();
    return `The receipt printer failed (${errorMessage(error)}); printed in the browser instead.`;
  }
}

/** After a sale: the receipt on screen, Print (thermal printer or browser) and New sale. */
export function ReceiptScreen({ sale, minimumAge, onNewSale }: ReceiptScreenProps) {
  const printed = useRef(false);
  const [printProblem, setPrintProblem] = useState<string | null>(null);
  const print = () => {
    const first = !printed.current;
    printed.current = true;
    void printReceipt(sale, first).then(setPrintProblem);
  };
  // With a thermal printer connected, the receipt prints (and the drawer opens) as the sale ends.
  useEffect(() => {
    if (!printerStore.get().printer || printed.current) return;
    printed.current = true;
    void printReceipt(sale, true).then(setPrintProblem);
  }, [sale]);
  useCommand({
    name: 'new-sale',
    label: 'New sale',
    shortcut: 'F8',
    keyTest: (key) => plainKey('F8')(key) || plainKey('Escape')(key),
    perform: onNewSale,
    inEditable: true,
  });
  useCommand({
    name: 'print',
    label: 'Print the receipt',
    shortcut: 'F7',
    keyTest: plainKey('F7'),
    perform: print,
  });

  return (
    <div className="kassa-receipt-screen">
      <Stack align="center" gap="md">
        <Stack gap={0} align="center">
          <Title order={2}>Sale complete</Title>
          {sale.change > 0 && (
            <Text size="xl" fw={800} c="green.8">
              Change due {formatMoney(sale.change, sale.currency)}
            </Text>
          )}
        </Stack>
        <Paper withBorder shadow="sm" className="kassa-receipt-paper">
          <Receipt sale={sale} minimumAge={minimumAge} withTestIds />
        </Paper>
        {printProblem && (
          <Alert color="yellow" data-testid="print-problem">
            {printProblem}
          </Alert>
        )}
        <PrinterControls />
        <Group>
          <Button size="xl" h={64} variant="default" onClick={print} data-testid="print-receipt">
            Print (F7)
          </Button>
          <Button size="xl" h={64} onClick={onNewSale} data-testid="new-sale">
            New sale (F8)
          </Button>
        </Group>
      </Stack>
      {createPortal(
        <div className="kassa-print-root">
          <Receipt sale={sale} minimumAge={minimumAge} />
        </div>,
        document.body,
      )}
    </div>
  );
}
