import { formatMoney } from '@kassa/domain';
import { Badge, Group, Loader, Table, Text } from '@mantine/core';
import { useLiveToday } from '../hooks/useLiveToday.ts';
import { SyncStatusCard } from './SyncStatusCard.tsx';

export type DashboardPageProps = { currency: string };

/**
 * Today's sales per store, live: the server pushes new figures within about a second of a sale;
 * below, the sync lag of each register.
 */
export function DashboardPage({ currency }: DashboardPageProps) {
  const { stores, connected } = useLiveToday();
  return (
    <>
      <Group mb="sm">
        <Text fw={600}>Today, per store (each in its own time zone)</Text>
        <Badge color={connected ? 'green' : 'gray'} data-testid="dashboard-status">
          {connected ? 'live' : 'connecting'}
        </Badge>
      </Group>
      {stores === null ? (
        <Loader />
      ) : (
        <Table striped aria-label="Today per store">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Store</Table.Th>
              <Table.Th>Day</Table.Th>
              <Table.Th ta="right">Sales</Table.Th>
              <Table.Th ta="right">Tax</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {stores.map((s) => (
              <Table.Tr key={s.storeId} data-testid="dashboard-store" data-store-id={s.storeId}>
                <Table.Td>{s.name}</Table.Td>
                <Table.Td>{s.day}</Table.Td>
                <Table.Td ta="right" data-testid="dashboard-sales">
                  {s.sales}
                </Table.Td>
                <Table.Td ta="right">{formatMoney(s.tax, currency)}</Table.Td>
                <Table.Td ta="right" data-testid="dashboard-total">
                  {formatMoney(s.total, currency)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <SyncStatusCard />
    </>
  );
}
