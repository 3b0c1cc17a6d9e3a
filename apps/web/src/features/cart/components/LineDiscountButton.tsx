import { Button, Popover, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useCommand, useCommandBarrier } from '../../commands/hooks/useCommand.ts';
import { plainKey } from '../../commands/state/commandRegistry.ts';
import { checkLineDiscount } from '../state/lineDiscount.ts';

export type LineDiscountButtonProps = {
  discountPercent: string | null;
  maxDiscountPercent: string;
  onApply: (discountPercent: string | null) => void;
};

/** The "%" control of a cart line: type a percent, checked against the cashier's limit. */
export function LineDiscountButton({
  discountPercent,
  maxDiscountPercent,
  onApply,
}: LineDiscountButtonProps) {
  const [opened, setOpened] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const open = () => {
    setText(discountPercent ?? '');
    setError(null);
    setOpened(true);
  };
  // While open, the screen's keys (Esc clears the search, F4 pays) are held back.
  useCommandBarrier('line-discount', opened);
  useCommand(
    {
      name: 'close-discount',
      label: 'Close',
      keyTest: plainKey('Escape'),
      perform: () => setOpened(false),
      inEditable: true,
    },
    opened,
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = checkLineDiscount(text, maxDiscountPercent);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    onApply(result.discountPercent);
    setOpened(false);
  };

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      withArrow
      trapFocus
      closeOnEscape={false}
    >
      <Popover.Target>
        <Button
          variant={discountPercent ? 'light' : 'default'}
          color={discountPercent ? 'orange' : 'gray'}
          h={44}
          miw={56}
          px="xs"
          onClick={() => (opened ? setOpened(false) : open())}
          aria-label="Line discount"
          data-testid="cart-line-discount"
        >
          {discountPercent ? `-${discountPercent}%` : '%'}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form onSubmit={submit}>
          <Stack gap="xs" w={220}>
            <TextInput
              label="Discount, percent"
              inputMode="decimal"
              autoFocus
              value={text}
              onChange={(e) => {
                setText(e.currentTarget.value);
                setError(null);
              }}
              error={error}
              data-testid="discount-input"
            />
            <Text size="xs" c="dimmed">
              Your limit: {maxDiscountPercent}%
            </Text>
            <Button type="submit" data-testid="discount-apply">
              Apply
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
