import { Button, Group, Kbd, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { Command } from '../state/commandRegistry.ts';
import { useCommandRegistry } from '../hooks/commandContext.ts';
import { useCommand, useCommandBarrier } from '../hooks/useCommand.ts';
import { plainKey } from '../state/commandRegistry.ts';

/** F1..F12 in order, then the other keys (Enter, Esc) alphabetically. */
function byKey(a: Command, b: Command): number {
  const rank = (c: Command) => {
    const match = /^F(\d+)$/.exec(c.shortcut ?? '');
    return match ? Number(match[1]) : 100;
  };
  return rank(a) - rank(b) || (a.shortcut ?? '').localeCompare(b.shortcut ?? '');
}

type ShortcutListProps = { commands: Command[]; onClose: () => void };

function ShortcutList({ commands, onClose }: ShortcutListProps) {
  useCommandBarrier('shortcut-help');
  useCommand({
    name: 'close-help',
    label: 'Close',
    keyTest: plainKey('Escape'),
    perform: onClose,
    inEditable: true,
  });
  return (
    <Stack>
      <Table data-testid="shortcut-list">
        <Table.Tbody>
          {commands.map((command) => (
            <Table.Tr key={command.name}>
              <Table.Td w={100}>
                <Kbd>{command.shortcut}</Kbd>
              </Table.Td>
              <Table.Td>{command.label}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed">
        Scanning a barcode anywhere on the sell screen adds the item. Typing searches by name or SKU.
      </Text>
    </Stack>
  );
}

/** A "?" button and F1: lists the keyboard shortcuts the current screen has registered. */
export function ShortcutHelp() {
  const registry = useCommandRegistry();
  const [commands, setCommands] = useState<Command[] | null>(null);
  // Snapshot the list when opening: the dialog's own barrier would hide the screen's commands.
  const open = () => setCommands(registry.list().toSorted(byKey));
  useCommand({
    name: 'help',
    label: 'Keyboard shortcuts',
    shortcut: 'F1',
    keyTest: plainKey('F1'),
    perform: open,
    inEditable: true,
  });
  return (
    <>
      <Button
        variant="default"
        miw={44}
        onClick={open}
        aria-label="Keyboard shortcuts"
        data-testid="help-button"
      >
        ?
      </Button>
      <Modal
        opened={commands !== null}
        onClose={() => setCommands(null)}
        closeOnEscape={false}
        title={
          <Group gap="xs">
            <Text fw={600}>Keyboard shortcuts</Text>
          </Group>
        }
      >
        {commands && <ShortcutList commands={commands} onClose={() => setCommands(null)} />}
      </Modal>
    </>
  );
}
