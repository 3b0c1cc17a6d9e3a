import type { Product, ProductPage } from '@kassa/contracts';
import { formatMoney } from '@kassa/domain';
import { Alert, Group, Loader, Stack, Text, UnstyledButton } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { AgeBadge } from '../../../components/AgeBadge.tsx';
import { formatVolume } from '../../../lib/format/volume.ts';
import { errorMessage } from '../../../lib/http/apiError.ts';

export type ProductListProps = {
  query: UseQueryResult<ProductPage>;
  currency: string;
  minimumAge: number;
  onPick: (product: Product) => void;
  emptyText: string;
};

function describe(product: Product): string {
  const parts = [`SKU ${product.sku}`];
  if (product.volumeMl) parts.push(formatVolume(product.volumeMl));
  if (product.packSize && product.packSize > 1) parts.push(`pack of ${product.packSize}`);
  if (product.stockOnHand !== null) parts.push(`${product.stockOnHand} in stock`);
  return parts.join(' · ');
}

/** Search results or a category's products; tapping one adds it to the cart. */
export function ProductList({ query, currency, minimumAge, onPick, emptyText }: ProductListProps) {
  if (query.isPending) return <Loader m="md" />;
  if (query.isError) return <Alert color="red">{errorMessage(query.error)}</Alert>;
  const { items, total } = query.data;
  if (items.length === 0) return <Text c="dimmed">{emptyText}</Text>;
  return (
    <Stack gap={6} data-testid="product-results" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
      {items.map((product) => (
        <UnstyledButton
          key={product.id}
          className="kassa-product-row"
          onClick={() => onPick(product)}
          disabled={!product.active}
          data-testid="product-result"
          data-product-id={product.id}
        >
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <div style={{ minWidth: 0 }}>
              <Group gap={6} wrap="nowrap">
                <Text fw={600} truncate>
                  {product.name}
                </Text>
                {product.ageRestricted && <AgeBadge minimumAge={minimumAge} />}
              </Group>
              <Text size="xs" c="dimmed" truncate>
                {product.active ? describe(product) : 'Inactive: cannot be sold'}
              </Text>
            </div>
            <Text fw={700} style={{ whiteSpace: 'nowrap' }}>
              {formatMoney(product.price, currency)}
            </Text>
          </Group>
        </UnstyledButton>
      ))}
      {total > items.length && (
        <Text size="sm" c="dimmed">
          Showing {items.length} of {total}. Type more to narrow the search.
        </Text>
      )}
    </Stack>
  );
}
