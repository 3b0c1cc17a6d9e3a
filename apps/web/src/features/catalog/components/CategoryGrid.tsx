import type { Category } from '@kassa/contracts';
import { Alert, Loader, SimpleGrid, UnstyledButton, Text } from '@mantine/core';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { useCategories } from '../hooks/useCatalog.ts';

export type CategoryGridProps = { onPick: (category: Category) => void };

/** Big tiles, one per category, to browse items that have no barcode or are not at hand. */
export function CategoryGrid({ onPick }: CategoryGridProps) {
  const categories = useCategories();
  if (categories.isPending) return <Loader m="md" />;
  if (categories.isError) return <Alert color="red">{errorMessage(categories.error)}</Alert>;
  if (categories.data.length === 0) return <Text c="dimmed">No categories yet.</Text>;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing="sm">
      {categories.data.map((category) => (
        <UnstyledButton
          key={category.id}
          className="kassa-tile"
          style={{ borderLeftColor: category.color }}
          onClick={() => onPick(category)}
          data-testid="category-tile"
        >
          <Text fw={600} lineClamp={2}>
            {category.name}
          </Text>
        </UnstyledButton>
      ))}
    </SimpleGrid>
  );
}
