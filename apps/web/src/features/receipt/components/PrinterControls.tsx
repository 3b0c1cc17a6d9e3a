import { Button, Group, SegmentedControl, Text } from '@mantine/core';
import { useState, useSyncExternalStore } from 'react';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { printerStore } from '../state/printerStore.ts';
import { connectSerialPrinter, connectUsbPrinter, printerSupport } from '../state/thermalPrinter.ts';

/**
 * Connect a thermal printer over WebUSB or Web Serial where the browser offers one (the browser
 * asks the user to pick the device), and choose the roll width. Hidden where neither exists:
 * browser printing is then the way to print.
 */
export function PrinterControls() {
  const { printer, width } = useSyncExternalStore(printerStore.subscribe, printerStore.get);
  const [problem, setProblem] = useState<string | null>(null);
  const { serial, usb } = printerSupport(navigator);
  if (!serial && !usb) return null;

  const connect = (how: () => Promise<Awaited<ReturnType<typeof connectUsbPrinter>>>) => {
    setProblem(null);
    how().then(
      (connected) => printerStore.set({ printer: connected }),
      (error: unknown) => setProblem(`No printer connected: ${errorMessage(error)}`),
    );
  };

  return (
    <Group gap="xs" data-testid="printer-controls">
      {printer ? (
        <Text size="sm" data-testid="printer-connected">
          Printer connected ({printer.kind === 'usb' ? 'USB' : 'serial'})
        </Text>
      ) : (
        <>
          {usb && (
            <Button variant="default" onClick={() => connect(() => connectUsbPrinter(usb))}>
              Connect USB printer
            </Button>
          )}
          {serial && (
            <Button variant="default" onClick={() => connect(() => connectSerialPrinter(serial))}>
              Connect serial printer
            </Button>
          )}
        </>
      )}
      <SegmentedControl
        size="xs"
        value={width}
        onChange={(value) => printerStore.set({ width: value })}
        data={[
          { value: '58', label: '58 mm' },
          { value: '80', label: '80 mm' },
        ]}
      />
      {problem && (
        <Text size="sm" c="red">
          {problem}
        </Text>
      )}
    </Group>
  );
}
