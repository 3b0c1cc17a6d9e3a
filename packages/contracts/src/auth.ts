import { z } from 'zod';

export const RoleName = z.enum(['owner', 'manager', 'cashier']);

export const LoginRequest = z
  .object({ email: z.string().trim().toLowerCase().pipe(z.email()), password: z.string().min(1).max(200) })
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
