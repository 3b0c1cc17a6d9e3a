import { createContext, useContext } from 'react';
import { createCommandRegistry, type CommandRegistry } from '../state/commandRegistry.ts';

export const CommandRegistryContext = createContext<CommandRegistry>(createCommandRegistry());

/** The registry of the nearest CommandProvider. */
export function useCommandRegistry(): CommandRegistry {
  return useContext(CommandRegistryContext);
}
