import { useEffect, useState, type ReactNode } from 'react';
import { createCommandRegistry, type KeyInput } from '../state/commandRegistry.ts';
import { CommandRegistryContext } from '../hooks/commandContext.ts';

export type CommandProviderProps = { children: ReactNode };

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color'].includes(target.type);
  }
  return false;
}

/**
 * Owns the command registry and the one keydown listener of the app. A key already handled by a
 * field (defaultPrevented) is left alone; a key a command takes is prevented from doing anything else.
 */
export function CommandProvider({ children }: CommandProviderProps) {
  const [registry] = useState(createCommandRegistry);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const key: KeyInput = {
        key: event.key,
        ctrlKey: event.ctrlKey,
        altKey: event.altKey,
        metaKey: event.metaKey,
        shiftKey: event.shiftKey,
        inEditable: isEditable(event.target),
      };
      if (registry.dispatch(key)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [registry]);
  return <CommandRegistryContext.Provider value={registry}>{children}</CommandRegistryContext.Provider>;
}
