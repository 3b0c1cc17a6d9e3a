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
 * An SMTP transport. nodemailer is loaded on the first send: a server that sends no mail does not
 * keep it resident.
 */
async function smtpTransport(smtpUrl: string) {
  const { default: nodemailer } = await import('nodemailer');
  return nodemailer.createTransport(smtpUrl);
}

/**
 * A mailer over SMTP with nodemailer when `smtpUrl` is set (`smtp://user:pass@host:587`,
 * `smtps://...`); without it (development) every message is written to the log instead, so a
 * reset link can be copied from the console. The SMTP transport is made on the first send.
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
  const smtpUrl = options.smtpUrl;
  let transport: ReturnType<typeof smtpTransport> | undefined;
  return {
    async send(message) {
      transport ??= smtpTransport(smtpUrl);
      await (await transport).sendMail({ from: options.from, ...message });
    },
  };
}
