import type { Category, Product, Store } from '@kassa/contracts';
import { newDocumentId, type PricingResult } from '@kassa/domain';
import { Alert, Button, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState, type Dispatch } from 'react';
import { CartPanel } from '../../cart/components/CartPanel.tsx';
import { toCartProduct, type CartAction, type CartState } from '../../cart/state/cartReducer.ts';
import { CategoryGrid } from '../../catalog/components/CategoryGrid.tsx';
import { ProductList } from '../../catalog/components/ProductList.tsx';
import { useBarcodeLookup, useProducts } from '../../catalog/hooks/useCatalog.ts';
import { useCommand } from '../../commands/hooks/useCommand.ts';
import { isPrintableKey, plainKey } from '../../commands/state/commandRegistry.ts';
import { ProductSearchBox, type ProductSearchBoxHandle } from '../../scanner/components/ProductSearchBox.tsx';
import { errorMessage } from '../../../lib/http/apiError.ts';

export type SellScreenProps = {
  store: Store;
  cart: CartState;
  dispatchCart: Dispatch<CartAction>;
  pricing: PricingResult | null;
  pricingError: string | null;
  currency: string;
  minimumAge: number;
  maxDiscountPercent: string;
  onPay: () => void;
};

type Status = { tone: 'info' | 'error'; text: string } | null;

/** Ringing up: the search/scan box, categories or results on the left, the cart on the right. */
export function SellScreen(props: SellScreenProps) {
  const { store, cart, dispatchCart, currency, minimumAge, onPay } = props;
  const search = useRef<ProductSearchBoxHandle>(null);
  const [text, setText] = useState('');
  // The search runs once typing pauses; Enter (setDebounced) runs it at once.
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const [category, setCategory] = useState<Category | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const query = debounced.trim();
  const products = useProducts({
    q: query,
    categoryId: query ? null : (category?.id ?? null),
    storeId: store.id,
  });
  const lookup = useBarcodeLookup(store.id);
  // Scans are looked up one after the other, so the cart gets them in the order they were scanned.
  const scanQueue = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => search.current?.focus(), []);
  useEffect(() => {
    if (!status) return undefined;
    const timer = setTimeout(() => setStatus(null), status.tone === 'error' ? 6000 : 2500);
    return () => clearTimeout(timer);
  }, [status]);

  const add = (product: Product) => {
    if (!product.active) {
      setStatus({ tone: 'error', text: `${product.name} is inactive and cannot be sold` });
      return;
    }
    dispatchCart({ type: 'add', product: toCartProduct(product), lineId: newDocumentId() });
    setStatus({ tone: 'info', text: `Added ${product.name}` });
  };

  const addByBarcode = (code: string) => {
    scanQueue.current = scanQueue.current.then(async () => {
      try {
        const product = await lookup(code);
        if (product) add(product);
        else setStatus({ tone: 'error', text: `No product has the barcode ${code}` });
      } catch (error) {
        setStatus({ tone: 'error', text: errorMessage(error) });
      }
    });
  };

  const pickFromList = (product: Product) => {
    add(product);
    if (query) {
      setText('');
      setDebounced('');
    }
    search.current?.focus();
  };

  useCommand({
    name: 'focus-search',
    label: 'Search / scan',
    shortcut: 'F2',
    keyTest: plainKey('F2'),
    perform: () => search.current?.focus(),
    inEditable: true,
  });
  useCommand({
    name: 'pay',
    label: 'Pay',
    shortcut: 'F4',
    keyTest: plainKey('F4'),
    perform: onPay,
    enabled: () => cart.lines.length > 0 && props.pricing !== null,
    inEditable: true,
  });
  useCommand({
    name: 'clear-cart',
    label: 'Clear the cart',
    shortcut: 'F8',
    keyTest: plainKey('F8'),
    perform: () => dispatchCart({ type: 'clear' }),
    inEditable: true,
  });
  useCommand({
    name: 'clear-search',
    label: 'Clear the search, back to categories',
    shortcut: 'Esc',
    keyTest: plainKey('Escape'),
    perform: () => {
      setText('');
      setDebounced('');
      setCategory(null);
      search.current?.focus();
    },
    inEditable: true,
  });
  // A scan or typing that starts while focus is elsewhere (after tapping a button) goes to the box.
  useCommand({
    name: 'type-to-search',
    label: 'Type to search',
    keyTest: (key) => isPrintableKey(key) && key.key !== ' ',
    perform: (key) => search.current?.typeChar(key.key),
  });

  let browse;
  if (query) {
    browse = (
      <ProductList
        query={products}
        currency={currency}
        minimumAge={minimumAge}
        onPick={pickFromList}
        emptyText={`Nothing matches “${query}”.`}
      />
    );
  } else if (category) {
    browse = (
      <Stack gap="sm">
        <Group>
          <Button variant="default" onClick={() => setCategory(null)} data-testid="back-to-categories">
            ← Categories
          </Button>
          <Text fw={700}>{category.name}</Text>
        </Group>
        <ProductList
          query={products}
          currency={currency}
          minimumAge={minimumAge}
          onPick={pickFromList}
          emptyText="No products in this category."
        />
      </Stack>
    );
  } else {
    browse = <CategoryGrid onPick={setCategory} />;
  }

  return (
    <div className="kassa-sell">
      <Stack className="kassa-sell-browse" gap="sm">
        <ProductSearchBox
          ref={search}
          value={text}
          onChange={setText}
          onBarcode={addByBarcode}
          onSubmitText={(value) => setDebounced(value)}
        />
        <div className="kassa-status" aria-live="polite">
          {status && (
            <Alert
              color={status.tone === 'error' ? 'red' : 'teal'}
              py={6}
              data-testid={status.tone === 'error' ? 'status-error' : 'status-info'}
            >
              {status.text}
            </Alert>
          )}
        </div>
        <ScrollArea style={{ flex: 1 }} type="auto" offsetScrollbars>
          {browse}
        </ScrollArea>
      </Stack>
      <div className="kassa-sell-cart">
        <CartPanel
          cart={cart}
          dispatch={dispatchCart}
          pricing={props.pricing}
          pricingError={props.pricingError}
          currency={currency}
          minimumAge={minimumAge}
          maxDiscountPercent={props.maxDiscountPercent}
          onPay={onPay}
          onClear={() => dispatchCart({ type: 'clear' })}
        />
      </div>
    </div>
  );
}
