import { CloseButton, TextInput } from '@mantine/core';
import { useImperativeHandle, useLayoutEffect, useRef, type KeyboardEvent, type Ref } from 'react';
import { classifyEnter, EMPTY_BURST, recordKey, type ScanBurst } from '../state/scanDetector.ts';

/** What the sell screen can do with the box from outside (commands, the scanner catch-all). */
export type ProductSearchBoxHandle = {
  focus(): void;
  /** Types one character into the box as if the key had been pressed in it (a scan that began elsewhere). */
  typeChar(char: string): void;
};

export type ProductSearchBoxProps = {
  value: string;
  onChange: (value: string) => void;
  /** A barcode was scanned, or a valid GTIN keyed in and confirmed with Enter. */
  onBarcode: (code: string) => void;
  /** Enter on plain text: search now instead of after the typing pause. */
  onSubmitText: (text: string) => void;
  ref?: Ref<ProductSearchBoxHandle>;
};

/**
 * The one search box of the sell screen. It searches by name or SKU as the cashier types, and
 * takes barcode scanner input (keyboard wedge: digits typed within milliseconds, then Enter),
 * which it hands to `onBarcode` instead of searching.
 */
export function ProductSearchBox({ value, onChange, onBarcode, onSubmitText, ref }: ProductSearchBoxProps) {
  const input = useRef<HTMLInputElement>(null);
  const burst = useRef<ScanBurst>(EMPTY_BURST);
  // typeChar may run several times before the next render; it keeps its own view of the value.
  const latestValue = useRef(value);
  useLayoutEffect(() => {
    latestValue.current = value;
  }, [value]);

  useImperativeHandle(ref, () => ({
    focus: () => input.current?.focus(),
    typeChar(char) {
      burst.current = recordKey(burst.current, char, performance.now());
      const next = latestValue.current + char;
      latestValue.current = next;
      onChange(next);
      input.current?.focus();
    },
  }));

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      const intent = classifyEnter(burst.current, event.currentTarget.value, performance.now());
      burst.current = EMPTY_BURST;
      if (intent.kind === 'scan') {
        onChange(intent.rest);
        onBarcode(intent.code);
      } else if (intent.kind === 'keyedBarcode') {
        onChange('');
        onBarcode(intent.code);
      } else if (intent.text) {
        onSubmitText(intent.text);
      }
      return;
    }
    if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      burst.current = recordKey(burst.current, event.key, performance.now());
    }
  };

  return (
    <TextInput
      ref={input}
      size="lg"
      placeholder="Scan a barcode or search by name or SKU"
      aria-label="Search products or scan a barcode"
      autoComplete="off"
      autoCorrect="off"
      spellCheck={false}
      enterKeyHint="search"
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      onKeyDown={onKeyDown}
      rightSection={
        value ? (
          <CloseButton
            size="xl"
            aria-label="Clear search"
            onClick={() => {
              onChange('');
              input.current?.focus();
            }}
          />
        ) : null
      }
      data-testid="search-input"
    />
  );
}
