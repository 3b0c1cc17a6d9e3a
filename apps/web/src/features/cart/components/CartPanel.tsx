import { formatMoney, type PricedLine, type PricingResult } from '@kassa/domain';
import { ActionIcon, Alert, Button, Divider, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { useEffect, useRef, type Dispatch } from 'react';
import { AgeBadge } from '../../../components/AgeBadge.tsx';
import { formatVolume } from '../../../lib/format/volume.ts';
import type { CartAction, CartLine, CartState } from '../state/cartReducer.ts';
import { LineDiscountButton } from './LineDiscountButton.tsx';

export type CartPanelProps = {
  cart: CartState;
  dispatch: Dispatch<CartAction>;
  pricing: PricingResult | null;
  pricingError: string | null;
  currency: string;
  minimumAge: number;
  maxDiscountPercent: string;
  onPay: () => void;
  onClear: () => void;
};

type CartLineRowProps = {
  line: CartLine;
  priced: PricedLine | undefined;
  highlighted: boolean;
  currency: string;
  minimumAge: number;
  maxDiscountPercent: string;
  dispatch: Dispatch<CartAction>;
};

function CartLineRow({
  line,
  priced,
  highlighted,
  currency,
  minimumAge,
  maxDiscountPercent,
  dispatch,
}: CartLineRowProps) {
  const row = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (highlighted) row.current?.scrollIntoView({ block: 'nearest' });
  }, [highlighted, line.quantity]);
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <div
      ref={row}
      className="kassa-cart-line"
      data-highlighted={highlighted || undefined}
      data-testid="cart-line"
      data-product-id={line.product.id}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Group gap={6} wrap="nowrap">
            <Text fw={600} truncate data-testid="cart-line-name">
              {line.product.name}
            </Text>
            {line.product.ageRestricted && <AgeBadge minimumAge={minimumAge} />}
          </Group>
          <Text size="xs" c="dimmed">
            {line.product.volumeMl ? `${formatVolume(line.product.volumeMl)} · ` : ''}
            {line.quantity} × {money(line.product.price)}
            {priced && priced.discount > 0 ? ` · discount −${money(priced.discount)}` : ''}
          </Text>
        </div>
        <Text fw={700} style={{ whiteSpace: 'nowrap' }} data-testid="cart-line-total">
          {priced ? money(priced.net) : ''}
        </Text>
      </Group>
      <Group justify="space-between" mt={6} wrap="nowrap">
        <Group gap={4} wrap="nowrap">
          <ActionIcon
            variant="default"
            size={44}
            aria-label="One less"
            disabled={line.quantity <= 1}
            onClick={() => dispatch({ type: 'decrement', lineId: line.lineId })}
            data-testid="cart-line-decrement"
          >
            −
          </ActionIcon>
          <Text w={44} ta="center" fw={700} data-testid="cart-line-qty">
            {line.quantity}
          </Text>
          <ActionIcon
            variant="default"
            size={44}
            aria-label="One more"
            onClick={() => dispatch({ type: 'increment', lineId: line.lineId })}
            data-testid="cart-line-increment"
          >
            +
          </ActionIcon>
        </Group>
        <Group gap={4} wrap="nowrap">
          <LineDiscountButton
            discountPercent={line.discountPercent}
            maxDiscountPercent={maxDiscountPercent}
            onApply={(discountPercent) =>
              dispatch({ type: 'setDiscount', lineId: line.lineId, discountPercent })
            }
          />
          <ActionIcon
            variant="light"
            color="red"
            size={44}
            aria-label="Remove line"
            onClick={() => dispatch({ type: 'remove', lineId: line.lineId })}
            data-testid="cart-line-remove"
          >
            ✕
          </ActionIcon>
        </Group>
      </Group>
    </div>
  );
}

type TotalRowProps = { label: string; value: string; testId: string; strong?: boolean };

function TotalRow({ label, value, testId, strong }: TotalRowProps) {
  return (
    <Group justify="space-between">
      <Text size={strong ? 'xl' : 'md'} fw={strong ? 800 : 500}>
        {label}
      </Text>
      <Text size={strong ? 'xl' : 'md'} fw={strong ? 800 : 500} data-testid={testId}>
        {value}
      </Text>
    </Group>
  );
}

/** The cart: lines with quantity, discount and remove controls, the running totals, and Pay. */
export function CartPanel(props: CartPanelProps) {
  const { cart, dispatch, pricing, pricingError, currency, onPay, onClear } = props;
  const pricedById = new Map(pricing?.lines.map((line) => [line.id, line]));
  const money = (minor: number) => formatMoney(minor, currency);
  const canPay = cart.lines.length > 0 && pricing !== null;

  return (
    <Stack h="100%" gap="sm" className="kassa-cart">
      <Group justify="space-between">
        <Text fw={700} size="lg">
          Cart
        </Text>
        <Button
          variant="subtle"
          color="gray"
          onClick={onClear}
          disabled={cart.lines.length === 0}
          data-testid="clear-cart"
        >
          Clear (F8)
        </Button>
      </Group>
      <ScrollArea style={{ flex: 1 }} type="auto" offsetScrollbars>
        {cart.lines.length === 0 ? (
          <Text c="dimmed" ta="center" mt="xl">
            Scan an item or pick one to start a sale.
          </Text>
        ) : (
          <Stack gap={6} data-testid="cart-lines">
            {cart.lines.map((line) => (
              <CartLineRow
                key={line.lineId}
                line={line}
                priced={pricedById.get(line.lineId)}
                highlighted={line.lineId === cart.lastTouchedLineId}
                currency={currency}
                minimumAge={props.minimumAge}
                maxDiscountPercent={props.maxDiscountPercent}
                dispatch={dispatch}
              />
            ))}
          </Stack>
        )}
      </ScrollArea>
      <Divider />
      {pricingError && <Alert color="red">{pricingError}</Alert>}
      <Stack gap={2}>
        <TotalRow label="Subtotal" value={money(pricing?.subtotal ?? 0)} testId="cart-subtotal" />
        {pricing && pricing.discountTotal > 0 && (
          <TotalRow label="Discounts" value={`−${money(pricing.discountTotal)}`} testId="cart-discount" />
        )}
        <TotalRow label="Tax" value={money(pricing?.taxTotal ?? 0)} testId="cart-tax" />
        <TotalRow label="Total" value={money(pricing?.total ?? 0)} testId="cart-total" strong />
      </Stack>
      <Button size="xl" h={64} onClick={onPay} disabled={!canPay} data-testid="pay-button">
        Pay {pricing && cart.lines.length > 0 ? money(pricing.total) : ''} (F4)
      </Button>
    </Stack>
  );
}
