import type { ParkedSale, Product } from '@kassa/contracts';
import { formatMoney, newDocumentId } from '@kassa/domain';
import { Alert, Button, Center, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { CartLine } from '../../cart/state/cartReducer.ts';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { fetchParkedSales, fetchProduct, resumeParkedSale } from '../api/parkedApi.ts';
import { restoredLines } from '../state/parkedCart.ts';

export type ParkedSalesScreenProps = {
  storeId: string;
  registerId: string;
  currency: string;
  /** The cart was taken to this register: load its lines (priced again at today's prices). */
  onResumed: (lines: CartLine[]) => void;
  onBack: () => void;
};

async function resume(parked: ParkedSale, registerId: string): Promise<CartLine[]> {
  const taken = await resumeParkedSale(parked.id, registerId);
  const ids = [...new Set(taken.lines.map((l) => l.productId))];
  const products = new Map<string, Product>((await Promise.all(ids.map(fetchProduct))).map((p) => [p.id, p]));
  return restoredLines(taken, products, newDocumentId);
}

/** Carts parked on any register of the store; resuming one loads it into this register's cart. */
export function ParkedSalesScreen({
  storeId,
  registerId,
  currency,
  onResumed,
  onBack,
}: ParkedSalesScreenProps) {
  const list = useQuery({
    queryKey: ['parked-sales', storeId],
    queryFn: ({ signal }) => fetchParkedSales(storeId, signal),
    staleTime: 0,
  });
  const take = useMutation({
    mutationFn: (parked: ParkedSale) => resume(parked, registerId),
    onSuccess: onResumed,
    onError: () => void list.refetch(),
  });

  return (
    <Stack p="md" maw={820} mx="auto" data-testid="parked-sales">
      <Group justify="space-between">
        <Title order={2}>Parked sales</Title>
        <Button variant="default" onClick={onBack} data-testid="parked-back">
          Back to the cart
        </Button>
      </Group>
      {take.isError && (
        <Alert color="red" title="The sale could not be resumed">
          {errorMessage(take.error)}
        </Alert>
      )}
      {list.isPending ? (
        <Center>
          <Loader />
        </Center>
      ) : list.isError ? (
        <Alert color="red" title="The parked sales could not be loaded">
          {errorMessage(list.error)}
        </Alert>
      ) : list.data.length === 0 ? (
        <Text c="dimmed" data-testid="parked-empty">
          No parked sales in this store.
        </Text>
      ) : (
        <Paper withBorder>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Parked</Table.Th>
                <Table.Th>Register</Table.Th>
                <Table.Th>Cashier</Table.Th>
                <Table.Th>Items</Table.Th>
                <Table.Th ta="right">Total</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((p) => (
                <Table.Tr key={p.id} data-testid="parked-sale" data-id={p.id}>
                  <Table.Td>
                    {new Date(p.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
                    {p.note && <Text size="sm">{p.note}</Text>}
                  </Table.Td>
                  <Table.Td>{p.registerName}</Table.Td>
                  <Table.Td>{p.cashierName}</Table.Td>
                  <Table.Td>{p.lines.reduce((n, l) => n + Number(l.quantity), 0)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(p.total, currency)}</Table.Td>
                  <Table.Td ta="right">
                    <Button
                      onClick={() => take.mutate(p)}
                      loading={take.isPending && take.variables.id === p.id}
                      disabled={take.isPending}
                      data-testid="parked-resume"
                    >
                      Resume
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
