import type { ReportSection, SalesReport } from '@kassa/contracts';
import { formatMoney } from '@kassa/domain';
import {
  Alert,
  Button,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { downloadExport } from '../../backoffice-import/api/importApi.ts';
import { fetchSalesReport, fetchStores } from '../api/reportsApi.ts';
import { BarChart } from './BarChart.tsx';

export type ReportsPageProps = { currency: string };

const localToday = () => new Date().toLocaleDateString('en-CA');

type Column<T> = { title: string; value: (row: T) => string | number; money?: boolean };

function ReportTable<T>({ rows, columns, label }: { rows: T[]; columns: Column<T>[]; label: string }) {
  return (
    <Table striped aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((c) => (
            <Table.Th key={c.title} ta={c.money ? 'right' : undefined}>
              {c.title}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row, i) => (
          <Table.Tr key={i}>
            {columns.map((c) => (
              <Table.Td key={c.title} ta={c.money ? 'right' : undefined}>
                {c.value(row)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Sales report of a period and store: totals, charts by day and hour, tables, CSV/XLSX export. */
export function ReportsPage({ currency }: ReportsPageProps) {
  const [from, setFrom] = useState(localToday);
  const [to, setTo] = useState(localToday);
  const [storeId, setStoreId] = useState<string | null>(null);
  const [section, setSection] = useState<ReportSection>('byDay');
  const stores = useQuery({ queryKey: ['backoffice-stores'], queryFn: ({ signal }) => fetchStores(signal) });
  const query = { from, to, ...(storeId ? { storeId } : {}) };
  const report = useQuery({
    queryKey: ['backoffice-report', query],
    queryFn: ({ signal }) => fetchSalesReport(query, signal),
  });
  const money = (v: number) => formatMoney(v, currency);
  const amountColumns = <
    T extends { gross: number; discounts: number; tax: number; total: number },
  >(): Column<T>[] => [
    { title: 'Gross', value: (r) => money(r.gross), money: true },
    { title: 'Discounts', value: (r) => money(r.discounts), money: true },
    { title: 'Tax', value: (r) => money(r.tax), money: true },
    { title: 'Total', value: (r) => money(r.total), money: true },
  ];
  const r: SalesReport | undefined = report.data;
  return (
    <Stack>
      <Group align="end">
        <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <Select
          label="Store"
          placeholder="All stores"
          clearable
          data={(stores.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={storeId}
          onChange={setStoreId}
        />
        <Select
          label="Export table"
          data={['byDay', 'byHour', 'byCategory', 'byProduct', 'byCashier', 'byTender', 'taxes']}
          value={section}
          onChange={(v) => setSection(v ?? 'byDay')}
        />
        <Button
          variant="default"
          onClick={() => void downloadExport('/reports/sales/export', { ...query, section })}
        >
          CSV
        </Button>
        <Button
          variant="default"
          onClick={() => void downloadExport('/reports/sales/export', { ...query, format: 'xlsx' })}
        >
          XLSX (all tables)
        </Button>
      </Group>
      {report.isPending && <Loader />}
      {report.isError && <Alert color="red">{errorMessage(report.error)}</Alert>}
      {r && (
        <>
          <SimpleGrid cols={{ base: 2, md: 5 }} aria-label="Totals">
            {[
              ['Sales', String(r.totals.sales)],
              ['Total', money(r.totals.total)],
              ['Tax', money(r.totals.tax)],
              ['Discounts', money(r.totals.discounts)],
              ['Gross margin', money(r.totals.margin)],
            ].map(([label, value]) => (
              <Stack key={label} gap={0}>
                <Text size="sm" c="dimmed">
                  {label}
                </Text>
                <Text size="xl" fw={700} data-total={label}>
                  {value}
                </Text>
              </Stack>
            ))}
          </SimpleGrid>
          <BarChart
            title="Sales by day"
            bars={r.byDay.map((d) => ({ label: d.day.slice(5), value: d.total }))}
            format={money}
          />
          <BarChart
            title="Sales by hour"
            bars={r.byHour.map((h) => ({ label: String(h.hour), value: h.total }))}
            format={money}
          />
          <Title order={4}>By day</Title>
          <ReportTable
            label="By day"
            rows={r.byDay}
            columns={[
              { title: 'Day', value: (d) => d.day },
              { title: 'Sales', value: (d) => d.sales },
              ...amountColumns(),
            ]}
          />
          <Title order={4}>By category</Title>
          <ReportTable
            label="By category"
            rows={r.byCategory}
            columns={[
              { title: 'Category', value: (c) => c.name || '(none)' },
              { title: 'Quantity', value: (c) => c.quantity },
              ...amountColumns(),
              { title: 'Margin', value: (c) => money(c.margin), money: true },
            ]}
          />
          <Title order={4}>By product</Title>
          <ReportTable
            label="By product"
            rows={r.byProduct.slice(0, 100)}
            columns={[
              { title: 'SKU', value: (p) => p.sku },
              { title: 'Name', value: (p) => p.name },
              { title: 'Quantity', value: (p) => p.quantity },
              ...amountColumns(),
            ]}
          />
          <Title order={4}>By cashier</Title>
          <ReportTable
            label="By cashier"
            rows={r.byCashier}
            columns={[
              { title: 'Cashier', value: (c) => c.name },
              { title: 'Sales', value: (c) => c.sales },
              ...amountColumns(),
            ]}
          />
          <Title order={4}>By tender</Title>
          <ReportTable
            label="By tender"
            rows={r.byTender}
            columns={[
              { title: 'Method', value: (t) => t.method },
              { title: 'Count', value: (t) => t.count },
              { title: 'Amount', value: (t) => money(t.amount), money: true },
            ]}
          />
          <Title order={4}>Taxes</Title>
          <ReportTable
            label="Taxes"
            rows={r.taxes}
            columns={[
              { title: 'Tax', value: (t) => t.name },
              { title: 'Rate %', value: (t) => t.rate },
              { title: 'Base', value: (t) => money(t.base), money: true },
              { title: 'Tax amount', value: (t) => money(t.tax), money: true },
            ]}
          />
        </>
      )}
    </Stack>
  );
}
