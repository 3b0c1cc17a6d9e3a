import { v7 as uuidv7, validate, version } from 'uuid';

/**
 * Ids of documents (sales, tenders, lines) are UUIDv7 made by the client (RFC 9562), so a
 * terminal can create them offline and a retry carries the same id.
 */
export function newDocumentId(): string {
  return uuidv7();
}

/** True when `value` is a UUID of version 7 (RFC 9562, section 5.7). */
export function isUuidV7(value: string): boolean {
  return validate(value) && version(value) === 7;
}
