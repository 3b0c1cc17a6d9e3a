import nodemailer from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';

/** One plain-text e-mail. */
export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  /** Files attached (e.g. a receipt PDF). */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
};

/** Sends e-mail (password reset, invitations). */
export type Mailer = { send(message: MailMessage): Promise<void> };

/**
 * A mailer over SMTP with nodemailer when `smtpUrl` is set (`smtp://user:pass@host:587`,
 * `smtps://...`); without it (development) every message is written to the log instead, so a
 * reset link can be copied from the console.
 */
export function createMailer(options: {
  smtpUrl?: string | undefined;
  from: string;
  log: Pick<FastifyBaseLogger, 'info'>;
}): Mailer {
  if (!options.smtpUrl) {
    return {
      send(message) {
        const { attachments, ...rest } = message;
        const mail = { ...rest, attachments: attachments?.map((a) => a.filename) };
        options.log.info({ mail }, `e-mail to ${message.to} (no SMTP_URL: printed, not sent)`);
        return Promise.resolve();
      },
    };
  }
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from: options.from, ...message });
    },
  };
}
