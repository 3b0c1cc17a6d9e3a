import { z } from 'zod';

export const RoleName = z.enum(['owner', 'manager', 'cashier']);

export const LoginRequest = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email()),
    password: z.string().min(1).max(200),
    totpCode: z
      .string()
      .regex(/^\d{6}$/, '6 digits')
      .optional()
      .describe('The authenticator code, when the user has two-factor sign-in'),
    recoveryCode: z
      .string()
      .trim()
      .min(8)
      .max(40)
      .optional()
      .describe('A single-use recovery code instead of the authenticator code'),
  })
  .strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

/** Switch the user on a register by PIN: the cashier picks their name, then types the PIN. */
export const PinLoginRequest = z
  .object({ userId: z.uuid(), pin: z.string().regex(/^\d{4,6}$/, '4 to 6 digits') })
  .strict();
export type PinLoginRequest = z.infer<typeof PinLoginRequest>;

export const SessionUser = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: RoleName,
  permissions: z.array(z.string()),
  storeIds: z
    .array(z.uuid())
    .nullable()
    .describe('Stores this user may act in; null = every store of the company'),
  twoFactor: z.boolean().describe('True when the user signs in with a TOTP code'),
  totpEnrolmentRequired: z
    .boolean()
    .optional()
    .describe(
      'True when the company requires two-factor for this role and the user has none yet: until enrolment ' +
        '(POST /auth/totp/setup, /auth/totp/confirm, then /auth/refresh) the session may do nothing else',
    ),
  maxDiscountPercent: z.string().describe('Largest line discount this user may give, percent'),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const SessionCompany = z.object({
  id: z.uuid(),
  name: z.string(),
  currency: z.string().length(3),
});

/** The reply to a login, PIN switch or refresh. The refresh token travels only in an httpOnly cookie. */
export const LoginResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('Seconds until the access token expires'),
  user: SessionUser,
  company: SessionCompany,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const MeResponse = z.object({ user: SessionUser, company: SessionCompany });
export type MeResponse = z.infer<typeof MeResponse>;
