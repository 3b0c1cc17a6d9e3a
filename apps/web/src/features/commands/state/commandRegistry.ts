/**
 * Keyboard (and scanner) input as registered commands: each command has a name, a key test and a
 * perform function, like Excalidraw's actions. One keydown listener asks the registry which
 * command takes a key; screens register their own commands while they are shown, and the most
 * recently registered match wins, so a dialog's Escape beats the screen's.
 */

/** The parts of a KeyboardEvent a key test may look at. */
export type KeyInput = {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  /** True when focus is in a text field, where plain keys belong to the field. */
  inEditable: boolean;
};

export type Command = {
  /** Stable id, e.g. "pay". */
  name: string;
  /** What the help shows, e.g. "Pay". */
  label: string;
  /** How the help shows the key, e.g. "F4". Commands without it are left out of the help. */
  shortcut?: string;
  keyTest: (key: KeyInput) => boolean;
  perform: (key: KeyInput) => void;
  /** Whether the key also counts while typing in a text field. Default false. */
  inEditable?: boolean;
  /** Checked at dispatch; a disabled command lets the key fall through to older ones. */
  enabled?: () => boolean;
  /**
   * A barrier takes no key itself but hides every older command: a dialog registers one so the
   * screen under it does not react to keys while it is open. Its keyTest and perform are unused.
   */
  barrier?: boolean;
};

export type CommandRegistry = {
  /** Adds a command; returns the function that removes exactly this registration. */
  register(command: Command): () => void;
  /** Commands with a shortcut above the newest barrier, newest first, one per name: what the help lists. */
  list(): Command[];
  /** Runs the newest enabled command above the newest barrier whose key test passes; returns it, or null. */
  dispatch(key: KeyInput): Command | null;
  subscribe(listener: () => void): () => void;
};

export function createCommandRegistry(): CommandRegistry {
  // Each registration is its own entry, so two screens registering the same name stack correctly.
  let entries: { command: Command }[] = [];
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };

  return {
    register(command) {
      const entry = { command };
      entries = [...entries, entry];
      notify();
      return () => {
        entries = entries.filter((e) => e !== entry);
        notify();
      };
    },
    list() {
      const seen = new Set<string>();
      const out: Command[] = [];
      for (let i = entries.length - 1; i >= 0; i--) {
        const { command } = entries[i]!;
        if (command.barrier) break;
        if (!command.shortcut || seen.has(command.name)) continue;
        seen.add(command.name);
        out.push(command);
      }
      return out;
    },
    dispatch(key) {
      for (let i = entries.length - 1; i >= 0; i--) {
        const { command } = entries[i]!;
        if (command.barrier) return null;
        if (key.inEditable && !command.inEditable) continue;
        if (!command.keyTest(key)) continue;
        if (command.enabled && !command.enabled()) continue;
        command.perform(key);
        return command;
      }
      return null;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A key test for one key with no Ctrl, Alt or Meta held, e.g. `plainKey('F4')`. */
export function plainKey(name: string): (key: KeyInput) => boolean {
  return (key) => key.key === name && !key.ctrlKey && !key.altKey && !key.metaKey;
}

/** True when the key is a single printable character typed without Ctrl, Alt or Meta. */
export function isPrintableKey(key: KeyInput): boolean {
  return key.key.length === 1 && !key.ctrlKey && !key.altKey && !key.metaKey;
}
