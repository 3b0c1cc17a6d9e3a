import { useEffect, useRef } from 'react';
import type { Command } from '../state/commandRegistry.ts';
import { useCommandRegistry } from './commandContext.ts';

/**
 * Registers a command while the calling component is mounted (and `active` is true). The command
 * object may change on every render: the registry always calls the latest perform, keyTest and
 * enabled, and the registration itself is redone only when the name, label or shortcut change.
 */
export function useCommand(command: Command, active = true): void {
  const registry = useCommandRegistry();
  const latest = useRef(command);
  useEffect(() => {
    latest.current = command;
  });
  const { name, label, shortcut, inEditable, barrier } = command;
  useEffect(() => {
    if (!active) return undefined;
    return registry.register({
      name,
      label,
      ...(shortcut ? { shortcut } : {}),
      ...(inEditable ? { inEditable } : {}),
      ...(barrier ? { barrier } : {}),
      keyTest: (key) => latest.current.keyTest(key),
      perform: (key) => latest.current.perform(key),
      enabled: () => latest.current.enabled?.() ?? true,
    });
  }, [registry, active, name, label, shortcut, inEditable, barrier]);
}

/** Hides the commands of the screen underneath while a dialog is open. */
export function useCommandBarrier(name: string, active = true): void {
  useCommand({ name, label: name, barrier: true, keyTest: () => false, perform: () => {} }, active);
}
