import type { Store } from '@kassa/contracts';
import { formatMoney } from '@kassa/domain';
import {
  Alert,
  Button,
  Drawer,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { fetchStores } from '../../backoffice-reports/api/reportsApi.ts';
import { Receipt } from '../../receipt/components/Receipt.tsx';
import { minimumAge } from '../../receipt/state/receiptFormat.ts';
import { fetchSale, fetchSaleRefunds, fetchSalesPage, type SalesFilter } from '../api/salesHistoryApi.ts';

export type SalesHistoryPageProps = { currency: string };

type SaleDetailProps = { saleId: string; stores: Store[] };

/** One sale: its receipt as recorded, then every refund and void that points at it. */
function SaleDetail({ saleId, stores }: SaleDetailProps) {
  const sale = useQuery({
    queryKey: ['backoffice-sale', saleId],
    queryFn: ({ signal }) => fetchSale(saleId, signal),
  });
  const refunds = useQuery({
    queryKey: ['backoffice-sale-refunds', saleId],
    queryFn: ({ signal }) => fetchSaleRefunds(saleId, signal),
  });
  if (sale.isError) return <Alert color="red">{errorMessage(sale.error)}</Alert>;
  if (!sale.data) return <Loader />;
  const country = stores.find((s) => s.id === sale.data.storeId)?.address.country ?? 'US';
  const money = (minor: number) => formatMoney(minor, sale.data.currency);
  return (
    <Stack data-testid="sale-detail">
      <Receipt sale={sale.data} minimumAge={minimumAge(country)} />
      <Title order={5}>Refunds and voids</Title>
      {refunds.isError && <Alert color="red">{errorMessage(refunds.error)}</Alert>}
      {refunds.data && refunds.data.items.length === 0 && <Text size="sm">None.</Text>}
      {refunds.data?.items.map((r) => (
        <Stack key={r.id} gap={2} data-testid="sale-refund">
          <Group justify="space-between">
            <Text fw={600}>
              {r.kind === 'void' ? 'Void' : 'Refund'} {r.refundNumber}
            </Text>
            <Text>{money(r.total)}</Text>
          </Group>
          <Text size="sm" c="dimmed">
            {new Date(r.createdAt).toLocaleString()} · {r.reason}
          </Text>
          {r.lines.map((l) => (
            <Text size="sm" key={l.lineNo}>
              {l.quantity} × {l.name} ({l.sku}) {money(l.total)} {l.restock ? '' : '(not restocked)'}
            </Text>
          ))}
          <Text size="sm">
            Given back: {r.tenders.map((t) => `${t.method} ${money(t.amount)}`).join(', ')}
          </Text>
        </Stack>
      ))}
    </Stack>
  );
}

const EMPTY: SalesFilter = { storeId: '', registerId: '', cashierId: '', tender: '', from: '', to: '' };

/** Sales history: filter by store, register, tender and local days; open a sale to see its receipt. */
export function SalesHistoryPage({ currency }: SalesHistoryPageProps) {
  const [filter, setFilter] = useState<SalesFilter>(EMPTY);
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const stores = useQuery({ queryKey: ['backoffice-stores'], queryFn: ({ signal }) => fetchStores(signal) });
  const sales = useQuery({
    queryKey: ['backoffice-sales', filter, offset],
    queryFn: ({ signal }) => fetchSalesPage(filter, offset, signal),
  });
  const change = (patch: Partial<SalesFilter>) => {
    setFilter({ ...filter, ...patch });
    setOffset(0);
  };
  const store = stores.data?.find((s) => s.id === filter.storeId);
  return (
    <Stack>
      <Group align="end">
        <Select
          label="Store"
          placeholder="All stores"
          clearable
          data-testid="sales-store"
          data={(stores.data ?? []).map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))}
          value={filter.storeId || null}
          onChange={(v) => change({ storeId: v ?? '', registerId: '' })}
        />
        <Select
          label="Register"
          placeholder="All registers"
          clearable
          disabled={!store}
          data={(store?.registers ?? []).map((r) => ({ value: r.id, label: `${r.code} ${r.name}` }))}
          value={filter.registerId || null}
          onChange={(v) => change({ registerId: v ?? '' })}
        />
        <Select
          label="Tender"
          placeholder="Any tender"
          clearable
          data-testid="sales-tender"
          data={[
            { value: 'cash', label: 'Cash' },
            { value: 'card', label: 'Card' },
          ]}
          value={filter.tender || null}
          onChange={(v) => change({ tender: v ?? '' })}
        />
        <TextInput
          label="From"
          type="date"
          data-testid="sales-from"
          value={filter.from}
          onChange={(e) => change({ from: e.currentTarget.value })}
        />
        <TextInput
          label="To"
          type="date"
          data-testid="sales-to"
          value={filter.to}
          onChange={(e) => change({ to: e.currentTarget.value })}
        />
        <Button variant="default" onClick={() => change(EMPTY)}>
          Clear
        </Button>
      </Group>
      {sales.isError && <Alert color="red">{errorMessage(sales.error)}</Alert>}
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Receipt</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th>Store</Table.Th>
            <Table.Th>Register</Table.Th>
            <Table.Th>Cashier</Table.Th>
            <Table.Th ta="right">Total</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sales.data?.items.map((s) => (
            <Table.Tr
              key={s.id}
              onClick={() => setOpen(s.id)}
              style={{ cursor: 'pointer' }}
              data-testid="sales-row"
              data-receipt={s.receiptNumber}
            >
              <Table.Td>{s.receiptNumber}</Table.Td>
              <Table.Td>{new Date(s.createdAt).toLocaleString()}</Table.Td>
              <Table.Td>{s.storeName}</Table.Td>
              <Table.Td>{s.registerName}</Table.Td>
              <Table.Td>{s.cashierName}</Table.Td>
              <Table.Td ta="right">{formatMoney(s.amountDue, s.currency || currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {sales.data && (
        <Group justify="space-between">
          <Text size="sm" data-testid="sales-count">
            {sales.data.total} sales
          </Text>
          <Group>
            <Button
              variant="default"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - 50))}
            >
              Previous
            </Button>
            <Button
              variant="default"
              disabled={offset + 50 >= sales.data.total}
              onClick={() => setOffset(offset + 50)}
            >
              Next
            </Button>
          </Group>
        </Group>
      )}
      <Drawer opened={open !== null} onClose={() => setOpen(null)} position="right" size="md" title="Sale">
        {open && <SaleDetail saleId={open} stores={stores.data ?? []} />}
      </Drawer>
    </Stack>
  );
}
