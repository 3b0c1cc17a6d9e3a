import { formatMoney } from '@kassa/domain';
import { Alert, Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AttentionEntry } from '../state/offlineDb.ts';
import { offlineDb } from '../state/offlineDb.ts';
import { resolveAttention } from '../state/outbox.ts';
import type { OfflineSyncState } from '../hooks/useOfflineSync.ts';
import { isOverOfflineLimit, offlineLimitMs } from '../state/offlineLimit.ts';

/** "12 s", "5 min", "3 h 20 min": the age of the oldest unsent document. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export type OfflineIndicatorProps = {
  sync: OfflineSyncState;
  currency: string;
  /** Managers and owners may dismiss a refused document; anyone may send it again. */
  canDismiss: boolean;
  /** The store's offline limit (hours) as cached with the store list; 24 when absent. */
  offlineLimitHours?: number | undefined;
};

/**
 * The header's connection badge: online / offline, unsent documents and the oldest one's age,
 * a warning past the offline limit, and the "needs attention" list of refused documents.
 */
export function OfflineIndicator({ sync, currency, canDismiss, offlineLimitHours }: OfflineIndicatorProps) {
  const [now, setNow] = useState(() => Date.now());
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const age = sync.oldestCreatedAt ? now - Date.parse(sync.oldestCreatedAt) : 0;
  const limitMs = offlineLimitMs(offlineLimitHours);
  const overLimit = isOverOfflineLimit(sync.pending, sync.oldestCreatedAt, now, limitMs);

  return (
    <>
      <Group gap={6} wrap="nowrap" data-testid="offline-indicator">
        <Badge
          size="lg"
          color={sync.online ? 'teal' : 'red'}
          variant={sync.online ? 'light' : 'filled'}
          tt="none"
          data-testid="connection-status"
        >
          {sync.online ? 'Online' : 'Offline'}
        </Badge>
        {sync.pending > 0 && (
          <Badge
            size="lg"
            color={overLimit ? 'red' : 'yellow'}
            variant="light"
            tt="none"
            data-testid="outbox-pending"
            onClick={() => sync.syncNow(true)}
            style={{ cursor: 'pointer' }}
          >
            {sync.pending} unsent · oldest {formatAge(age)}
          </Badge>
        )}
        {sync.attention > 0 && (
          <Button color="red" size="compact-md" onClick={() => setOpen(true)} data-testid="attention-open">
            {sync.attention} need attention
          </Button>
        )}
      </Group>
      {overLimit && (
        <Alert color="red" className="kassa-offline-limit" data-testid="offline-limit">
          Offline for more than {formatAge(limitMs)}: reconnect the register to send its sales.
        </Alert>
      )}
      <AttentionList
        opened={open}
        onClose={() => setOpen(false)}
        currency={currency}
        canDismiss={canDismiss}
        onRetry={() => sync.syncNow()}
      />
    </>
  );
}

type AttentionListProps = {
  opened: boolean;
  onClose: () => void;
  currency: string;
  canDismiss: boolean;
  /** Sends the outbox (a document put back by "Send again" goes at once). */
  onRetry: () => void;
};

/** Documents the server refused, with its reason; send again after fixing the cause, or dismiss. */
function AttentionList({ opened, onClose, currency, canDismiss, onRetry }: AttentionListProps) {
  const [entries, setEntries] = useState<AttentionEntry[]>([]);
  const reload = () => {
    offlineDb()
      .attention.toArray()
      .then(setEntries, () => setEntries([]));
  };
  useEffect(() => {
    if (opened) reload();
  }, [opened]);
  const act = (id: string, action: 'retry' | 'dismiss') => {
    void resolveAttention(offlineDb(), id, action, Date.now()).then(() => {
      reload();
      if (action === 'retry') onRetry();
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Needs attention" size="lg">
      <Stack>
        <Text size="sm">
          The server refused these sales. They happened: fix the cause (for example re-activate the product)
          and send them again, or record them another way and dismiss them.
        </Text>
        <Table data-testid="attention-list">
          <Table.Tbody>
            {entries.map((entry) => (
              <Table.Tr key={entry.id} data-testid="attention-entry">
                <Table.Td>
                  <Text size="sm">{new Date(entry.createdAt).toLocaleString()}</Text>
                  <Text size="xs" c="dimmed">
                    {entry.body.lines.length} lines ·{' '}
                    {formatMoney(
                      entry.body.tenders.reduce((sum, t) => sum + t.amount, 0),
                      currency,
                    )}{' '}
                    tendered
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" data-testid="attention-reason">
                    {entry.message} ({entry.code})
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button
                      size="compact-sm"
                      onClick={() => act(entry.id, 'retry')}
                      data-testid="attention-retry"
                    >
                      Send again
                    </Button>
                    {canDismiss && (
                      <Button
                        size="compact-sm"
                        color="red"
                        variant="light"
                        onClick={() => act(entry.id, 'dismiss')}
                        data-testid="attention-dismiss"
                      >
                        Dismiss
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Modal>
  );
}
