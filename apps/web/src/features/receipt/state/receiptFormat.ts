/**
 * When a sale happened, as the store's clock showed it: receipts print the store's local time
 * (IANA `timeZone` of the store), whatever time zone the terminal or server runs in.
 */
export function formatReceiptDateTime(iso: string, timeZone: string, locale = 'en-US'): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/**
 * The minimum age shown on age-restricted lines: 21 in the United States (alcohol, tobacco),
 * 18 elsewhere. Checking the customer's ID is a separate step at checkout.
 */
export function minimumAge(countryCode: string | undefined): number {
  return countryCode?.toUpperCase() === 'US' ? 21 : 18;
}

/** A tax rate for a receipt line: "6" -> "6%", "8.875" -> "8.875%". */
export function formatRate(rate: string): string {
  const trimmed = rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate;
  return `${trimmed}%`;
}
