import type { Exchange } from '@kassa/contracts';
import { carryOverTenders, formatMoney } from '@kassa/domain';
import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { exchangeBalance, type ExchangeReturn } from '../state/exchange.ts';

export type ExchangePanelProps = {
  exchange: ExchangeReturn;
  /** Total of the new items in the cart, minor units (null while it cannot be priced). */
  newTotal: number | null;
  currency: string;
  /** Drops the exchange (the cart stays as an ordinary sale); absent while tendering. */
  onCancel?: () => void;
};

/** The running balance of an exchange: the return credit, the new items and the net. */
export function ExchangePanel({ exchange, newTotal, currency, onCancel }: ExchangePanelProps) {
  const money = (minor: number) => formatMoney(minor, currency);
  const balance = exchangeBalance(exchange.credit, newTotal ?? 0);
  return (
    <Paper withBorder p="xs" m="xs" bg="blue.0" data-testid="exchange-panel">
      <Group justify="space-between" wrap="wrap">
        <Text fw={700}>Exchange · receipt {exchange.sale.receiptNumber}</Text>
        <Text>
          Return credit <b data-testid="exchange-credit">{money(exchange.credit)}</b>
        </Text>
        <Text>
          New items <b data-testid="exchange-new-total">{money(newTotal ?? 0)}</b>
        </Text>
        {balance.back > 0 ? (
          <Text>
            To give back <b data-testid="exchange-net">{money(balance.back)}</b>
          </Text>
        ) : (
          <Text>
            Amount due <b data-testid="exchange-net">{money(balance.due)}</b>
          </Text>
        )}
        {onCancel && (
          <Button size="xs" variant="default" onClick={onCancel} data-testid="exchange-cancel">
            Cancel exchange
          </Button>
        )}
      </Group>
    </Paper>
  );
}

export type ExchangeDoneProps = { exchange: Exchange };

/** What a finished exchange returned and what changed hands, above the new sale's receipt. */
export function ExchangeDone({ exchange }: ExchangeDoneProps) {
  const { refund } = exchange;
  const money = (minor: number) => formatMoney(minor, refund.currency);
  // What the new sale did not take of the refund goes back to those tenders (packages/domain).
  const given = carryOverTenders(refund.tenders, exchange.sale.total).returned;
  return (
    <Paper withBorder p="xs" m="xs" bg="green.0" data-testid="exchange-done">
      <Stack gap={4}>
        <Text fw={700}>
          Exchange: refund {refund.refundNumber} ({money(refund.total)}) and sale{' '}
          {exchange.sale.receiptNumber}
        </Text>
        <Text data-testid="exchange-done-net">
          {exchange.net < 0 ? `Give back ${money(-exchange.net)}` : `Customer paid ${money(exchange.net)}`}
        </Text>
        {given.map((t) => (
          <Text key={t.method} size="sm" data-testid="exchange-done-tender">
            {t.method === 'cash' ? 'Cash from the drawer' : 'Card refund'}: {money(t.amount)}
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}
