import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { createMailer } from './mailer.ts';
import type { MailDeps } from '../modules/users/users.service.ts';

/** Where e-mailed links point when KASSA_PUBLIC_URL is not set (the embedded server's default). */
export const DEFAULT_PUBLIC_URL = 'http://localhost:3000';

/** The application's mailer (printed to the log when none is configured) and public URL. */
export function mailDeps(app: FastifyInstance, deps: AppDeps): MailDeps {
  return {
    mailer: deps.mailer ?? createMailer({ from: 'Kassa <no-reply@localhost>', log: app.log }),
    publicUrl: deps.publicUrl ?? DEFAULT_PUBLIC_URL,
  };
}
