import type { Product } from '@kassa/contracts';
import { formatMoney, parseMajor, toMajorString } from '@kassa/domain';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { fetchAdminProducts, printLabels, updateProduct } from '../api/productsAdminApi.ts';

export type ProductsPageProps = { currency: string };

type ProductEditorProps = { product: Product; currency: string; onClose: () => void };

/** Edits name, price (major units, e.g. "12.99"), cost and the active flag of one product. */
function ProductEditor({ product, currency, onClose }: ProductEditorProps) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(product.name);
  const [price, setPrice] = useState(toMajorString(product.price, currency));
  const [cost, setCost] = useState(product.cost === null ? '' : toMajorString(product.cost, currency));
  const [active, setActive] = useState(product.active);
  const [inputError, setInputError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      updateProduct(product.id, {
        name,
        price: parseMajor(price.trim(), currency),
        cost: cost.trim() === '' ? null : parseMajor(cost.trim(), currency),
        active,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['backoffice-products'] });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      parseMajor(price.trim(), currency);
      if (cost.trim() !== '') parseMajor(cost.trim(), currency);
    } catch {
      setInputError(`Prices are amounts in ${currency}, such as 12.99`);
      return;
    }
    setInputError(null);
    save.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="Edit product">
      <Stack>
        <Text size="sm" c="dimmed">
          SKU {product.sku}
        </Text>
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        <TextInput
          label={`Price (${currency})`}
          name="price"
          data-testid="product-price"
          value={price}
          onChange={(e) => setPrice(e.currentTarget.value)}
          required
        />
        <TextInput
          label={`Cost (${currency})`}
          value={cost}
          onChange={(e) => setCost(e.currentTarget.value)}
        />
        <Switch
          label="Active (for sale)"
          checked={active}
          onChange={(e) => setActive(e.currentTarget.checked)}
        />
        {inputError && <Alert color="red">{inputError}</Alert>}
        {save.isError && <Alert color="red">{errorMessage(save.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="product-save">
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type LabelBarProps = { selected: Product[]; onClear: () => void };

/** Prints shelf or barcode labels (PDF) for the products ticked in the list, across searches. */
function LabelBar({ selected, onClear }: LabelBarProps) {
  const [kind, setKind] = useState<'shelf' | 'barcode'>('shelf');
  const [copies, setCopies] = useState(1);
  const print = useMutation({
    mutationFn: () => printLabels({ productIds: selected.map((p) => p.id), kind, copies }),
  });
  return (
    <Stack gap="xs">
      <Group>
        <Text size="sm" data-testid="labels-selected">
          {selected.length} selected
        </Text>
        <SegmentedControl
          size="xs"
          value={kind}
          onChange={(v) => setKind(v === 'barcode' ? 'barcode' : 'shelf')}
          data={[
            { value: 'shelf', label: 'Shelf labels' },
            { value: 'barcode', label: 'Barcode labels' },
          ]}
        />
        <NumberInput
          size="xs"
          w={110}
          aria-label="Copies of each label"
          prefix="× "
          min={1}
          max={100}
          value={copies}
          onChange={(v) => setCopies(typeof v === 'number' ? Math.max(1, Math.min(100, v)) : 1)}
        />
        <Button
          size="xs"
          data-testid="labels-print"
          disabled={selected.length === 0 || selected.length > 500}
          loading={print.isPending}
          onClick={() => print.mutate()}
        >
          Print labels (PDF)
        </Button>
        <Button size="xs" variant="default" disabled={selected.length === 0} onClick={onClear}>
          Clear selection
        </Button>
      </Group>
      {print.isError && <Alert color="red">{errorMessage(print.error)}</Alert>}
    </Stack>
  );
}

/** The catalog: search by name, SKU or barcode; click a row to edit it; tick rows to print labels. */
export function ProductsPage({ currency }: ProductsPageProps) {
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<Product | null>(null);
  const [selected, setSelected] = useState<ReadonlyMap<string, Product>>(new Map());
  const toggle = (p: Product) =>
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(p.id)) next.delete(p.id);
      else next.set(p.id, p);
      return next;
    });
  const products = useQuery({
    queryKey: ['backoffice-products', q, offset],
    queryFn: ({ signal }) => fetchAdminProducts(q, offset, signal),
  });
  return (
    <Stack>
      <LabelBar selected={[...selected.values()]} onClear={() => setSelected(new Map())} />
      <TextInput
        placeholder="Search name, SKU or barcode"
        aria-label="Search products"
        data-testid="backoffice-search"
        value={q}
        onChange={(e) => {
          setQ(e.currentTarget.value);
          setOffset(0);
        }}
      />
      {products.isError && <Alert color="red">{errorMessage(products.error)}</Alert>}
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40} aria-label="Select for labels" />
            <Table.Th>SKU</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Category</Table.Th>
            <Table.Th ta="right">Price</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {products.data?.items.map((p) => (
            <Table.Tr
              key={p.id}
              onClick={() => setEditing(p)}
              style={{ cursor: 'pointer' }}
              data-sku={p.sku}
              data-testid="backoffice-product-row"
            >
              <Table.Td onClick={(e) => e.stopPropagation()}>
                <Checkbox
                  aria-label={`Select ${p.sku} for labels`}
                  data-testid="labels-select"
                  checked={selected.has(p.id)}
                  onChange={() => toggle(p)}
                />
              </Table.Td>
              <Table.Td>{p.sku}</Table.Td>
              <Table.Td>{p.name}</Table.Td>
              <Table.Td>{p.categoryName ?? ''}</Table.Td>
              <Table.Td ta="right" data-testid="backoffice-product-price">
                {formatMoney(p.price, currency)}
              </Table.Td>
              <Table.Td>
                {p.active ? <Badge color="green">active</Badge> : <Badge color="gray">archived</Badge>}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {products.data && (
        <Group justify="space-between">
          <Text size="sm">
            {products.data.total} products, from {products.data.total === 0 ? 0 : offset + 1}
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
              disabled={offset + 50 >= products.data.total}
              onClick={() => setOffset(offset + 50)}
            >
              Next
            </Button>
          </Group>
        </Group>
      )}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title="Edit product">
        {editing && <ProductEditor product={editing} currency={currency} onClose={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
