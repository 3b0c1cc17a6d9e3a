import type { Refund, Returnable, Sale } from '@kassa/contracts';
import { formatMoney, newDocumentId } from '@kassa/domain';
import {
  Alert,
  Button,
  Center,
  Checkbox,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { createRefund, fetchReturnable, lookupSale } from '../api/returnsApi.ts';
import { returnCredit, type ExchangeReturn } from '../state/exchange.ts';
import { refundLines, type ReturnDraft } from '../state/returnDraft.ts';

export type ReturnScreenProps = {
  registerId: string;
  onDone: () => void;
  /** Keeps the chosen return and goes on to ring up the new items of an exchange. */
  onExchange?: (ret: ExchangeReturn) => void;
};

type Found = { sale: Sale; returnable: Returnable };

/**
 * A return with the receipt: scan the receipt's barcode (or type its number), choose lines and
 * quantities, restock or not, and refund to the original tenders (card first, then cash).
 */
export function ReturnScreen({ registerId, onDone, onExchange }: ReturnScreenProps) {
  const [receipt, setReceipt] = useState('');
  const [draft, setDraft] = useState<ReturnDraft>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [refundId, setRefundId] = useState(newDocumentId);
  const [done, setDone] = useState<Refund | null>(null);
  const lookup = useMutation({
    mutationFn: async (number: string): Promise<Found> => {
      const sale = await lookupSale(number);
      return { sale, returnable: await fetchReturnable(sale.id) };
    },
    onSuccess: () => {
      setDraft({});
      setRefundId(newDocumentId());
    },
  });
  const refund = useMutation({ mutationFn: createRefund, onSuccess: setDone });
  const found = lookup.data;

  const find = (event: FormEvent) => {
    event.preventDefault();
    if (receipt.trim()) lookup.mutate(receipt.trim());
  };
  const submit = () => {
    if (!found) return;
    const result = refundLines(draft, found.returnable);
    if ('error' in result) {
      setFormError(result.error);
      return;
    }
    setFormError(null);
    refund.mutate({ id: refundId, registerId, saleId: found.sale.id, reason: 'Return', lines: result.lines });
  };
  const exchange = () => {
    if (!found || !onExchange) return;
    const result = refundLines(draft, found.returnable);
    if ('error' in result) {
      setFormError(result.error);
      return;
    }
    const lines = result.lines.flatMap((l) =>
      l.lineNo === undefined ? [] : [{ lineNo: l.lineNo, quantity: String(l.quantity), restock: l.restock }],
    );
    try {
      onExchange({ sale: found.sale, lines, credit: returnCredit(found.sale, found.returnable, lines) });
    } catch (error) {
      setFormError(errorMessage(error));
    }
  };

  if (done) {
    return (
      <Center h="100%" p="md">
        <Paper withBorder shadow="sm" p="xl" w={480} maw="100%" data-testid="refund-done">
          <Stack>
            <Title order={3}>Refund {done.refundNumber}</Title>
            <Text>
              Give back <b data-testid="refund-total">{formatMoney(done.total, done.currency)}</b>
            </Text>
            {done.tenders.map((t) => (
              <Group key={t.method} justify="space-between" data-testid="refund-tender">
                <Text>{t.method === 'cash' ? 'Cash from the drawer' : 'Card refund'}</Text>
                <Text fw={600}>{formatMoney(t.amount, done.currency)}</Text>
              </Group>
            ))}
            <Button onClick={onDone} data-testid="refund-finish">
              Done
            </Button>
          </Stack>
        </Paper>
      </Center>
    );
  }

  return (
    <Center h="100%" p="md" style={{ overflow: 'auto' }}>
      <Paper withBorder shadow="sm" p="xl" w={760} maw="100%">
        <Stack>
          <Title order={3}>Return</Title>
          <form onSubmit={find}>
            <Group align="flex-end">
              <TextInput
                style={{ flex: 1 }}
                label="Scan the receipt barcode or type its number"
                value={receipt}
                onChange={(e) => setReceipt(e.currentTarget.value)}
                autoFocus
                data-testid="return-receipt-input"
              />
              <Button type="submit" loading={lookup.isPending} data-testid="return-find">
                Find
              </Button>
            </Group>
          </form>
          {lookup.isError && <Alert color="red">{errorMessage(lookup.error)}</Alert>}
          {found && (
            <>
              <Text data-testid="return-sale">
                Receipt <b>{found.sale.receiptNumber}</b>,{' '}
                {formatMoney(found.sale.amountDue, found.sale.currency)}
              </Text>
              {found.returnable.voided && <Alert color="yellow">This sale was voided.</Alert>}
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Item</Table.Th>
                    <Table.Th>Sold</Table.Th>
                    <Table.Th>Left</Table.Th>
                    <Table.Th>Return</Table.Th>
                    <Table.Th>Restock</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {found.sale.lines.map((line) => {
                    const left = found.returnable.lines.find((l) => l.lineNo === line.lineNo);
                    const entry = draft[line.lineNo] ?? { quantity: '', restock: true };
                    return (
                      <Table.Tr key={line.id} data-testid="return-line">
                        <Table.Td>{line.name}</Table.Td>
                        <Table.Td>{line.quantity}</Table.Td>
                        <Table.Td>{left?.returnable ?? '0'}</Table.Td>
                        <Table.Td>
                          <TextInput
                            size="xs"
                            w={80}
                            inputMode="decimal"
                            placeholder="0"
                            value={entry.quantity}
                            onChange={(e) => {
                              const quantity = e.currentTarget.value;
                              setDraft((d) => ({ ...d, [line.lineNo]: { ...entry, quantity } }));
                            }}
                            data-testid="return-qty"
                          />
                        </Table.Td>
                        <Table.Td>
                          <Checkbox
                            checked={entry.restock}
                            onChange={(e) => {
                              const restock = e.currentTarget.checked;
                              setDraft((d) => ({ ...d, [line.lineNo]: { ...entry, restock } }));
                            }}
                            aria-label="Restock"
                            data-testid="return-restock"
                          />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </>
          )}
          {(formError ?? refund.error) && (
            <Alert color="red">{formError ?? errorMessage(refund.error)}</Alert>
          )}
          <Group justify="space-between">
            <Button variant="default" onClick={onDone}>
              Back to selling
            </Button>
            <Group>
              {onExchange && (
                <Button
                  variant="light"
                  onClick={exchange}
                  disabled={!found || refund.isPending}
                  data-testid="return-exchange"
                >
                  Exchange
                </Button>
              )}
              <Button
                onClick={submit}
                disabled={!found}
                loading={refund.isPending}
                data-testid="return-submit"
              >
                Refund
              </Button>
            </Group>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
