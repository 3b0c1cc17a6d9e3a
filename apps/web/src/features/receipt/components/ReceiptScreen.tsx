import type { Sale } from '@kassa/contracts';
import { formatMoney } from '@kassa/domain';
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { createPortal } from 'react-dom';
import { useCommand } from '../../commands/hooks/useCommand.ts';
import { plainKey } from '../../commands/state/commandRegistry.ts';
import { Receipt } from './Receipt.tsx';
import './receipt.css';

export type ReceiptScreenProps = { sale: Sale; minimumAge: number; onNewSale: () => void };

/** After a sale: the receipt on screen, Print (80 mm roll) and New sale. */
export function ReceiptScreen({ sale, minimumAge, onNewSale }: ReceiptScreenProps) {
  const print = () => window.print();
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
