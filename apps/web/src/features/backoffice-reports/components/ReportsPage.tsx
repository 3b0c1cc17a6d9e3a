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
import { BarChart, HorizontalBarChart } from './BarChart.tsx';

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

/** Sales report of a period and store: totals, a chart and a table per breakdown, CSV/XLSX export. */
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
          data={['byDay', 'byHour', 'byCategory', 'byProduct', 'byCashier', 'byTender', 'taxes', 'voids']}
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
              ['Refunds', `${r.refunds.count} · ${money(r.refunds.total)}`],
              ['Net of refunds', money(r.net.total)],
              ['Net sales (excl. tax)', money(r.net.netSales)],
              ['Voids', `${r.voids.count} · ${money(r.voids.total)}`],
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
          <Title order={4}>Discounts, refunds, voids and gross margin</Title>
          <HorizontalBarChart
            title="Discounts, refunds, voids and gross margin"
            bars={[
              { label: 'Gross sales', value: r.totals.gross },
              { label: 'Discounts', value: r.totals.discounts },
              { label: 'Refunds', value: r.refunds.total },
              { label: 'Voids', value: r.voids.total },
              { label: 'Gross margin', value: r.totals.margin },
            ]}
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
          <HorizontalBarChart
            title="Sales by category"
            bars={r.byCategory.map((c) => ({ label: c.name || '(none)', value: c.total }))}
            format={money}
          />
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
          <HorizontalBarChart
            title="Top 15 products by sales"
            bars={[...r.byProduct]
              .sort((a, b) => b.total - a.total)
              .slice(0, 15)
              .map((p) => ({ label: p.name, value: p.total }))}
            format={money}
          />
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
          <HorizontalBarChart
            title="Sales by cashier"
            bars={r.byCashier.map((c) => ({ label: c.name, value: c.total }))}
            format={money}
          />
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
          <HorizontalBarChart
            title="Payments by tender"
            bars={r.byTender.map((t) => ({ label: t.method, value: t.amount }))}
            format={money}
          />
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
          <HorizontalBarChart
            title="Net tax per rate"
            bars={r.taxes.map((t) => ({ label: `${t.name} (${t.rate} %)`, value: t.netTax }))}
            format={money}
          />
          <ReportTable
            label="Taxes"
            rows={r.taxes}
            columns={[
              { title: 'Tax', value: (t) => t.name },
              { title: 'Rate %', value: (t) => t.rate },
              { title: 'Base', value: (t) => money(t.base), money: true },
              { title: 'Tax amount', value: (t) => money(t.tax), money: true },
              { title: 'Refunded tax', value: (t) => money(t.refundedTax), money: true },
              { title: 'Net base', value: (t) => money(t.netBase), money: true },
              { title: 'Net tax', value: (t) => money(t.netTax), money: true },
            ]}
          />
          <Title order={4}>Voids (left out of the figures above)</Title>
          <ReportTable
            label="Voids"
            rows={r.voids.items}
            columns={[
              { title: 'Receipt', value: (v) => v.receiptNumber },
              { title: 'Void', value: (v) => v.voidNumber },
              { title: 'Cashier', value: (v) => v.cashierName },
              { title: 'Reason', value: (v) => v.reason },
              { title: 'Total', value: (v) => money(v.total), money: true },
            ]}
          />
        </>
      )}
    </Stack>
  );
}
