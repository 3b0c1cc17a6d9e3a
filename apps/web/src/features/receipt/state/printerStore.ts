import type { PaperWidth } from '../api/receiptPrintApi.ts';
import type { ThermalPrinter } from './thermalPrinter.ts';

/** The terminal's thermal printer, once connected (for the page's life), and its paper width. */
export type PrinterState = { printer: ThermalPrinter | null; width: PaperWidth };

const WIDTH_KEY = 'kassa.printer.width';
const listeners = new Set<() => void>();
let state: PrinterState = {
  printer: null,
  width: globalThis.localStorage?.getItem(WIDTH_KEY) === '58' ? '58' : '80',
};

/** A tiny external store (useSyncExternalStore): the printer outlives each receipt screen. */
export const printerStore = {
  get: (): PrinterState => state,
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  set: (next: Partial<PrinterState>): void => {
    state = { ...state, ...next };
    if (next.width) globalThis.localStorage?.setItem(WIDTH_KEY, next.width);
    for (const l of listeners) l();
  },
};
