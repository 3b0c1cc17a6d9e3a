import { Badge, Card, Loader, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { fetchSyncStatus } from '../api/syncStatusApi.ts';

/** Seconds as "42 s", "12 min", "3 h 5 min" or "2 d 4 h". */
export function formatLag(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/**
 * Sync status per register (issue 8): when its latest sale reached the server and how late it was
 * (device time to received time); over 5 minutes is flagged as lagging. Refreshed every 30 s.
 */
export function SyncStatusCard() {
  const status = useQuery({
    queryKey: ['backoffice-sync-status'],
    queryFn: ({ signal }) => fetchSyncStatus(signal),
    refetchInterval: 30_000,
  });
  return (
    <Card withBorder mt="lg" data-testid="sync-status">
      <Text fw={600} mb="sm">
        Sync, per register
      </Text>
      {status.isPending ? (
        <Loader />
      ) : status.isError ? (
        <Text c="red">Could not load the sync status.</Text>
      ) : (
        <Table striped aria-label="Sync per register">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Store</Table.Th>
              <Table.Th>Register</Table.Th>
              <Table.Th>Last sale received</Table.Th>
              <Table.Th ta="right">Lag</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {status.data.items.map((r) => (
              <Table.Tr key={r.registerId} data-testid="sync-register" data-register-id={r.registerId}>
                <Table.Td>{r.storeName}</Table.Td>
                <Table.Td>{r.registerName}</Table.Td>
                <Table.Td>
                  {r.lastReceivedAt ? new Date(r.lastReceivedAt).toLocaleString() : 'no sales yet'}
                </Table.Td>
                <Table.Td ta="right" data-testid="sync-lag">
                  {r.lagSeconds === null ? '—' : formatLag(r.lagSeconds)}
                </Table.Td>
                <Table.Td>
                  {r.lastReceivedAt === null ? null : (
                    <Badge color={r.lagging ? 'orange' : 'green'}>{r.lagging ? 'lagging' : 'in sync'}</Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
