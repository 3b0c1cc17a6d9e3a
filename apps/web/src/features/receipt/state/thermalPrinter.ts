/**
 * Thermal receipt printers reached from the browser: Web Serial (USB-serial and Bluetooth SPP
 * printers) or WebUSB (USB printer class, bulk OUT endpoint), where the browser offers them
 * (Chromium on desktop and Android). The bytes are ESC/POS made by the server
 * (GET /sales/:id/receipt.escpos); the cash drawer kick is part of those bytes (ESC p after the
 * cut), so the drawer opens through the printer's RJ-11 port. Without either API the terminal
 * keeps browser printing. Only the small parts of the two APIs Kassa uses are typed here (the
 * TypeScript DOM library does not declare them).
 */

/** The part of a Web Serial port Kassa uses. */
export type SerialPortLike = {
  open(options: { baudRate: number }): Promise<void>;
  close(): Promise<void>;
  readonly writable: WritableStream<Uint8Array> | null;
};
/** The part of `navigator.serial`. */
export type SerialLike = { requestPort(): Promise<SerialPortLike> };

type UsbEndpoint = { endpointNumber: number; direction: 'in' | 'out'; type: string };
type UsbInterface = {
  interfaceNumber: number;
  alternate: { interfaceClass: number; endpoints: UsbEndpoint[] };
};
/** The part of a WebUSB device Kassa uses. */
export type UsbDeviceLike = {
  readonly opened: boolean;
  readonly configuration: { interfaces: UsbInterface[] } | null;
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(value: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  transferOut(endpointNumber: number, data: Uint8Array): Promise<{ status: string }>;
};
/** The part of `navigator.usb`. */
export type UsbLike = {
  requestDevice(options: { filters: { classCode?: number }[] }): Promise<UsbDeviceLike>;
};

/** A connected printer: send it bytes, or let it go. */
export type ThermalPrinter = {
  kind: 'serial' | 'usb';
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
};

/** USB class code of printers (USB Device Class Definition for Printing Devices 1.1). */
const USB_PRINTER_CLASS = 0x07;
/** Most ESC/POS serial printers ship at 9600 baud 8N1; USB-serial adapters ignore it. */
const SERIAL_BAUD_RATE = 9600;
/** Bytes per USB transfer: small printers have small buffers. */
const USB_CHUNK = 4096;

/** What the browser offers, read from a navigator-like object. */
export function printerSupport(nav: object): { serial: SerialLike | null; usb: UsbLike | null } {
  const n = nav as { serial?: SerialLike; usb?: UsbLike };
  return { serial: n.serial ?? null, usb: n.usb ?? null };
}

/** Asks the user for a serial port (a browser dialog; needs a click) and opens it. */
export async function connectSerialPrinter(serial: SerialLike): Promise<ThermalPrinter> {
  const port = await serial.requestPort();
  await port.open({ baudRate: SERIAL_BAUD_RATE });
  return {
    kind: 'serial',
    async write(bytes) {
      if (!port.writable) throw new Error('The printer port is not writable');
      const writer = port.writable.getWriter();
      try {
        await writer.write(bytes);
      } finally {
        writer.releaseLock();
      }
    },
    close: () => port.close(),
  };
}

/**
 * Asks the user for a USB printer (a browser dialog; needs a click), claims its printer-class
 * interface and finds the bulk OUT endpoint.
 * @throws Error when the device has no printer interface with a bulk OUT endpoint.
 */
export async function connectUsbPrinter(usb: UsbLike): Promise<ThermalPrinter> {
  const device = await usb.requestDevice({ filters: [{ classCode: USB_PRINTER_CLASS }] });
  if (!device.opened) await device.open();
  if (!device.configuration) await device.selectConfiguration(1);
  const found = usbPrinterEndpoint(device.configuration?.interfaces ?? []);
  if (!found) throw new Error('This USB device has no printer interface');
  await device.claimInterface(found.interfaceNumber);
  return {
    kind: 'usb',
    async write(bytes) {
      for (const chunk of chunks(bytes, USB_CHUNK)) {
        const result = await device.transferOut(found.endpointNumber, chunk);
        if (result.status !== 'ok') throw new Error(`The printer refused the data (${result.status})`);
      }
    },
    close: () => device.close(),
  };
}

/** The printer-class interface (or, failing that, any) with a bulk OUT endpoint. */
export function usbPrinterEndpoint(
  interfaces: readonly UsbInterface[],
): { interfaceNumber: number; endpointNumber: number } | undefined {
  const candidates = [
    ...interfaces.filter((i) => i.alternate.interfaceClass === USB_PRINTER_CLASS),
    ...interfaces.filter((i) => i.alternate.interfaceClass !== USB_PRINTER_CLASS),
  ];
  for (const i of candidates) {
    const out = i.alternate.endpoints.find((e) => e.direction === 'out' && e.type === 'bulk');
    if (out) return { interfaceNumber: i.interfaceNumber, endpointNumber: out.endpointNumber };
  }
  return undefined;
}

/** `bytes` cut into pieces of at most `size` bytes, in order. */
export function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}
