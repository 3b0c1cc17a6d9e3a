import { describe, expect, it } from 'vitest';
import {
  chunks,
  connectSerialPrinter,
  connectUsbPrinter,
  printerSupport,
  type SerialPortLike,
  type UsbDeviceLike,
} from './thermalPrinter.ts';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 256);

describe('thermal printers (device APIs faked: no hardware here)', () => {
  it('sees what the browser offers', () => {
    expect(printerSupport({})).toEqual({ serial: null, usb: null });
    const usb = { requestDevice: () => Promise.reject(new Error('x')) };
    expect(printerSupport({ usb }).usb).toBe(usb);
  });

  it('claims the printer-class interface of a USB device and sends the bytes in 4 KiB transfers to its bulk OUT endpoint', async () => {
    const sent: [number, number][] = [];
    const claimed: number[] = [];
    let opened = false;
    const device: UsbDeviceLike = {
      get opened() {
        return opened;
      },
      configuration: {
        interfaces: [
          {
            interfaceNumber: 0,
            alternate: {
              interfaceClass: 0xff,
              endpoints: [{ endpointNumber: 9, direction: 'out', type: 'bulk' }],
            },
          },
          {
            interfaceNumber: 1,
            alternate: {
              interfaceClass: 0x07,
              endpoints: [
                { endpointNumber: 1, direction: 'in', type: 'bulk' },
                { endpointNumber: 2, direction: 'out', type: 'bulk' },
              ],
            },
          },
        ],
      },
      open: () => {
        opened = true;
        return Promise.resolve();
      },
      close: () => Promise.resolve(),
      selectConfiguration: () => Promise.resolve(),
      claimInterface: (n) => {
        claimed.push(n);
        return Promise.resolve();
      },
      transferOut: (endpoint, data) => {
        sent.push([endpoint, data.length]);
        return Promise.resolve({ status: 'ok' });
      },
    };
    const filters: unknown[] = [];
    const printer = await connectUsbPrinter({
      requestDevice: (options) => {
        filters.push(options);
        return Promise.resolve(device);
      },
    });
    expect(filters).toEqual([{ filters: [{ classCode: 7 }] }]);
    expect(opened).toBe(true);
    expect(claimed).toEqual([1]);
    await printer.write(bytes(10_000));
    expect(sent).toEqual([
      [2, 4096],
      [2, 4096],
      [2, 1808],
    ]);
  });

  it('writes to a serial port at 9600 baud and releases the writer, also when the write fails', async () => {
    const written: Uint8Array[] = [];
    let fail = false;
    let locked = false;
    const stream = new WritableStream<Uint8Array>({
      write(chunk) {
        if (fail) throw new Error('cable pulled');
        written.push(chunk);
      },
    });
    const port: SerialPortLike = {
      open: (options) => {
        expect(options).toEqual({ baudRate: 9600 });
        return Promise.resolve();
      },
      close: () => Promise.resolve(),
      get writable() {
        locked = stream.locked;
        return stream;
      },
    };
    const printer = await connectSerialPrinter({ requestPort: () => Promise.resolve(port) });
    await printer.write(bytes(3));
    expect(written).toEqual([bytes(3)]);
    fail = true;
    await expect(printer.write(bytes(3))).rejects.toThrow();
    expect(locked).toBe(false);
    expect(stream.locked).toBe(false);
  });

  it('cuts bytes into ordered pieces', () => {
    expect(chunks(bytes(5), 2).map((c) => [...c])).toEqual([[0, 1], [2, 3], [4]]);
    expect(chunks(new Uint8Array(0), 2)).toEqual([]);
  });
});
