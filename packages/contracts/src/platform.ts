import { z } from 'zod';

/**
 * Platform operator sign-in. `code` is the authenticator's 6 digits or an unused recovery code;
 * required once two-factor enrolment is confirmed (a platform admin must enrol at first sign-in).
 */
export const PlatformLoginRequest = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email()),
    password: z.string().min(1).max(200),
    code: z
      .string()
      .trim()
      .min(6)
      .max(40)
      .optional()
      .describe('6-digit authenticator code, or a recovery code such as K7Q2M-9XJ4T'),
  })
  .strict();
export type PlatformLoginRequest = z.infer<typeof PlatformLoginRequest>;

/** A platform session: a 15-minute bearer token for /api/v1/platform routes only. */
export const PlatformLoginResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('Seconds until the access token expires'),
  admin: z.object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    twoFactor: z.boolean().describe('True once TOTP enrolment is confirmed'),
  }),
  totpEnrolmentRequired: z
    .literal(true)
    .optional()
    .describe('This token may only enrol in two-factor sign-in (totp/setup, totp/confirm)'),
});
export type PlatformLoginResponse = z.infer<typeof PlatformLoginResponse>;

/** Enrolment: the secret for the authenticator app and recovery codes, shown once. */
export const PlatformTotpSetupResponse = z.object({
  secret: z.string().describe('Base32 secret (RFC 4648), for manual entry'),
  otpauthUri: z.string().describe('otpauth://totp/... URI for a QR code'),
  recoveryCodes: z.array(z.string()).describe('Single-use codes; valid once enrolment is confirmed'),
});
export type PlatformTotpSetupResponse = z.infer<typeof PlatformTotpSetupResponse>;

/** One company as the platform operator sees it. */
export const PlatformCompany = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  storeCount: z.number().int().nonnegative(),
});
export type PlatformCompany = z.infer<typeof PlatformCompany>;

export const PlatformCompanyList = z.object({ companies: z.array(PlatformCompany) });
export type PlatformCompanyList = z.infer<typeof PlatformCompanyList>;
