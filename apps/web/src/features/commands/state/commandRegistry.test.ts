import { describe, expect, it, vi } from 'vitest';
import { createCommandRegistry, isPrintableKey, plainKey, type KeyInput } from './commandRegistry.ts';

const key = (name: string, extra: Partial<KeyInput> = {}): KeyInput => ({
  key: name,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  shiftKey: false,
  inEditable: false,
  ...extra,
});

describe('command registry', () => {
  it('runs the command whose key test passes and reports it', () => {
    const registry = createCommandRegistry();
    const perform = vi.fn();
    registry.register({ name: 'pay', label: 'Pay', shortcut: 'F4', keyTest: plainKey('F4'), perform });
    expect(registry.dispatch(key('F4'))?.name).toBe('pay');
    expect(perform).toHaveBeenCalledTimes(1);
    expect(registry.dispatch(key('F5'))).toBeNull();
    expect(registry.dispatch(key('F4', { ctrlKey: true }))).toBeNull();
  });

  it('prefers the newest registration, and falls back when it is removed or disabled', () => {
    const registry = createCommandRegistry();
    const screen = vi.fn();
    const dialog = vi.fn();
    registry.register({ name: 'back', label: 'Back', keyTest: plainKey('Escape'), perform: screen });
    const unregister = registry.register({
      name: 'close',
      label: 'Close',
      keyTest: plainKey('Escape'),
      perform: dialog,
    });
    registry.dispatch(key('Escape'));
    expect(dialog).toHaveBeenCalledTimes(1);
    expect(screen).not.toHaveBeenCalled();
    unregister();
    registry.dispatch(key('Escape'));
    expect(screen).toHaveBeenCalledTimes(1);

    let enabled = false;
    registry.register({
      name: 'close',
      label: 'Close',
      keyTest: plainKey('Escape'),
      perform: dialog,
      enabled: () => enabled,
    });
    registry.dispatch(key('Escape'));
    expect(screen).toHaveBeenCalledTimes(2);
    enabled = true;
    registry.dispatch(key('Escape'));
    expect(dialog).toHaveBeenCalledTimes(2);
  });

  it('ignores keys typed in a text field unless the command asks for them', () => {
    const registry = createCommandRegistry();
    const digit = vi.fn();
    const search = vi.fn();
    registry.register({ name: 'digit', label: 'Digit', keyTest: isPrintableKey, perform: digit });
    registry.register({
      name: 'search',
      label: 'Search',
      keyTest: plainKey('F2'),
      perform: search,
      inEditable: true,
    });
    expect(registry.dispatch(key('7', { inEditable: true }))).toBeNull();
    expect(registry.dispatch(key('7'))?.name).toBe('digit');
    expect(registry.dispatch(key('F2', { inEditable: true }))?.name).toBe('search');
  });

  it('lists shortcuts once per name, newest first, and notifies subscribers', () => {
    const registry = createCommandRegistry();
    const listener = vi.fn();
    registry.subscribe(listener);
    registry.register({ name: 'a', label: 'A', shortcut: 'F2', keyTest: plainKey('F2'), perform: () => {} });
    registry.register({ name: 'hidden', label: 'H', keyTest: plainKey('x'), perform: () => {} });
    const off = registry.register({
      name: 'a',
      label: 'A again',
      shortcut: 'F2',
      keyTest: plainKey('F2'),
      perform: () => {},
    });
    registry.register({ name: 'b', label: 'B', shortcut: 'F4', keyTest: plainKey('F4'), perform: () => {} });
    expect(registry.list().map((c) => c.label)).toEqual(['B', 'A again']);
    off();
    expect(registry.list().map((c) => c.label)).toEqual(['B', 'A']);
    expect(listener).toHaveBeenCalledTimes(5);
  });

  it('hides older commands behind a barrier until it is removed', () => {
    const registry = createCommandRegistry();
    const pay = vi.fn();
    const close = vi.fn();
    registry.register({ name: 'pay', label: 'Pay', shortcut: 'F4', keyTest: plainKey('F4'), perform: pay });
    const noBarrier = registry.register({
      name: 'dialog',
      label: 'Dialog',
      barrier: true,
      keyTest: () => true,
      perform: () => {},
    });
    const noClose = registry.register({
      name: 'close',
      label: 'Close',
      shortcut: 'Esc',
      keyTest: plainKey('Escape'),
      perform: close,
    });
    expect(registry.dispatch(key('F4'))).toBeNull();
    expect(registry.dispatch(key('Escape'))?.name).toBe('close');
    expect(registry.list().map((c) => c.name)).toEqual(['close']);
    noClose();
    noBarrier();
    expect(registry.dispatch(key('F4'))?.name).toBe('pay');
    expect(pay).toHaveBeenCalledTimes(1);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('treats only single characters without Ctrl, Alt or Meta as printable', () => {
    expect(isPrintableKey(key('5'))).toBe(true);
    expect(isPrintableKey(key('A', { shiftKey: true }))).toBe(true);
    expect(isPrintableKey(key('Enter'))).toBe(false);
    expect(isPrintableKey(key('c', { ctrlKey: true }))).toBe(false);
  });
});
