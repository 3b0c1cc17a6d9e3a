/**
 * pino settings for the server: JSON lines with the request id (reqId), secrets redacted, card
 * numbers masked, and pretty output when a developer watches a terminal.
 */
import type { DestinationStream, LoggerOptions } from 'pino';

const REDACTED = '[REDACTED]';

/** Keys whose values never reach a log line, at any depth (compared lower-case, without - and _). */
const SECRET_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'pin',
  'newpin',
  'pinhash',
  'cvv',
  'cvc',
  'cvv2',
  'pan',
  'cardnumber',
  'apikey',
  'xapikey',
  'masterkey',
  'jwt',
]);
const SECRET_PARTS = ['password', 'passwd', 'secret', 'token'];

function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_KEYS.has(k) || SECRET_PARTS.some((part) => k.includes(part));
}

/** Passes the Luhn check (ISO/IEC 7812), as every payment card number does. */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// 15 to 19 digits, optionally grouped by spaces or dashes. Shorter runs are left alone on purpose:
// 13- and 14-digit numbers in a POS are barcodes (GTIN-13, GTIN-14), not cards.
const CARD_LIKE = /\b\d(?:[ -]?\d){14,18}\b/g;

/** Masks card-like numbers (15 to 19 digits passing Luhn) in a string, keeping the last four digits. */
export function maskCardNumbers(text: string): string {
  return text.replace(CARD_LIKE, (match) => {
    const digits = match.replace(/\D/g, '');
    return luhn(digits) ? `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}` : match;
  });
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null || Array.isArray(value);
}

/**
 * A copy of a logged value with secret keys redacted and card numbers masked. Only plain objects
 * and arrays are walked (requests, replies and errors have their own serializers); depth is bounded.
 */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskCardNumbers(value);
  if (value === null || typeof value !== 'object' || depth > 6 || !isPlain(value)) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSecretKey(key) && v !== undefined && v !== null ? REDACTED : scrub(v, depth + 1);
  }
  return out;
}

export type LoggerSettings = {
  level: string;
  /** Pretty, coloured lines (pino-pretty) instead of JSON. */
  pretty?: boolean;
  /** Where lines go (tests capture them); stdout by default. */
  stream?: DestinationStream;
};

/**
 * pino options for Fastify's `logger`: the level, redaction of credentials in request and
 * response headers, a scrub of every logged object and message, and pino-pretty when asked.
 */
export function loggerOptions(settings: LoggerSettings): LoggerOptions & { stream?: DestinationStream } {
  return {
    level: settings.level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-api-key"]',
        'res.headers["set-cookie"]',
        'headers.authorization',
        'headers.cookie',
      ],
      censor: REDACTED,
    },
    hooks: {
      logMethod(args, method) {
        const cleaned = args.map((arg) => scrub(arg)) as Parameters<typeof method>;
        method.apply(this, cleaned);
      },
    },
    ...(settings.pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true },
          },
        }
      : {}),
    ...(settings.stream ? { stream: settings.stream } : {}),
  };
}

/** Pretty output only for a developer at a terminal: never in production, never when piped. */
export function wantsPrettyLogs(nodeEnv: string, stdoutIsTty = Boolean(process.stdout.isTTY)): boolean {
  return nodeEnv === 'development' && stdoutIsTty;
}
