/** A failure the operator can act on; the CLI prints its message (no stack) and exits 1. */
export class OpsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpsError';
  }
}
