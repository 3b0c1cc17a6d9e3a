import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { v7 as uuidv7 } from 'uuid';
import type {
  LoginResponse,
  PlatformCompanyList,
  PlatformLoginResponse,
  PlatformTotpSetupResponse,
} from '@kassa/contracts';
import { schema as s, withCompanyTx } from '@kassa/db';
import { TEST_MASTER_KEY, bearer, createTestApp, login, type TestContext } from '../../../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';
import { randomBytes } from 'node:crypto';
import { hashSecret } from '../auth/passwords.ts';
import { KeyRing, KeyRingError } from '../audit/keyring.ts';
import { openTotpSecret, rewrapPlatformSecrets } from './platform.service.ts';

let t: TestContext;
let other: OtherCompany;
let owner: LoginResponse;
const PASSWORD = 'a long platform password';

const post = (url: string, payload: Record<string, unknown>, token?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    payload,
    ...(token ? { headers: bearer(token) } : {}),
  });
const get = (url: string, token: string) =>
  t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(token) });

/** A platform admin as `kassa create-platform-admin` makes it (no TOTP yet). */
async function createAdmin(tag: string): Promise<{ id: string; email: string }> {
  const id = uuidv7();
  const email = `ops-${tag}@platform.kassa.dev`;
  await t.db
    .insert(s.platformAdmins)
    .values({ id, email, name: `Ops ${tag}`, passwordHash: await hashSecret(PASSWORD) });
  return { id, email };
}

/** A TOTP code of the secret `stepsAhead` 30-second steps from now (the server accepts ±1 step). */
const codeOf = (secret: string, stepsAhead = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: Date.now() + stepsAhead * 30_000,
  });

/** Everything sign-in may change for an admin, except the lockout counters. */
async function footprint(adminId: string) {
  const [admin] = await t.db.select().from(s.platformAdmins).where(eq(s.platformAdmins.id, adminId));
  const codes = await t.db
    .select()
    .from(s.platformRecoveryCodes)
    .where(eq(s.platformRecoveryCodes.adminId, adminId))
    .orderBy(s.platformRecoveryCodes.codeHash);
  return {
    totp: [admin!.totpSecret, admin!.totpConfirmedAt?.toISOString(), admin!.totpLastStep],
    codes: codes.map((c) => `${c.codeHash}:${c.usedAt?.toISOString() ?? '-'}`),
  };
}

const failedLogins = async (adminId: string) =>
  (await t.db.select().from(s.platformAdmins).where(eq(s.platformAdmins.id, adminId)))[0]!.failedLogins;

/** The problem body without its per-request parts. */
const problemOf = (body: Record<string, unknown>) => {
  const { instance: _i, requestId: _r, ...rest } = body;
  return rest;
};

/** Creates an admin and goes through enrolment; returns the secret and recovery codes. */
async function enrolled(tag: string) {
  const admin = await createAdmin(tag);
  const first = (
    await post('/platform/auth/login', { email: admin.email, password: PASSWORD })
  ).json<PlatformLoginResponse>();
  const setup = (
    await post('/platform/auth/totp/setup', {}, first.accessToken)
  ).json<PlatformTotpSetupResponse>();
  const confirm = await post(
    '/platform/auth/totp/confirm',
    { code: codeOf(setup.secret) },
    first.accessToken,
  );
  expect(confirm.statusCode).toBe(200);
  return { ...admin, secret: setup.secret, recoveryCodes: setup.recoveryCodes };
}

beforeAll(async () => {
  t = await createTestApp();
  other = await seedOtherCompany(t.db);
  owner = await login(t.app, 'owner@demo.kassa.dev');
});
afterAll(async () => {
  await t?.close();
});

describe('platform admin enrolment (TOTP is mandatory)', () => {
  it('the first sign-in gives an enrolment-only token; setup and confirm turn TOTP on', async () => {
    const admin = await createAdmin('enrol');
    const first = await post('/platform/auth/login', { email: admin.email, password: PASSWORD });
    expect(first.statusCode).toBe(200);
    const enrolOnly = first.json<PlatformLoginResponse>();
    expect(enrolOnly).toMatchObject({
      totpEnrolmentRequired: true,
      admin: { id: admin.id, twoFactor: false },
    });

    // The enrolment-only token opens nothing but enrolment.
    const blocked = await get('/platform/companies', enrolOnly.accessToken);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'totp_enrolment_required' });

    const setupRes = await post('/platform/auth/totp/setup', {}, enrolOnly.accessToken);
    expect(setupRes.statusCode).toBe(200);
    const setup = setupRes.json<PlatformTotpSetupResponse>();
    expect(setup.otpauthUri).toMatch(/^otpauth:\/\/totp\/Kassa:.*secret=/);
    expect(setup.otpauthUri).toContain(`secret=${setup.secret}`);
    expect(setup.recoveryCodes).toHaveLength(10);
    expect(new Set(setup.recoveryCodes).size).toBe(10);
    const stored = await t.db.select().from(s.platformAdmins).where(eq(s.platformAdmins.id, admin.id));
    expect(stored[0]!.totpSecret).not.toContain(setup.secret); // sealed, not in clear
    expect(stored[0]!.totpConfirmedAt).toBeNull();
    const hashes = (await footprint(admin.id)).codes.join();
    for (const c of setup.recoveryCodes) expect(hashes).not.toContain(c);

    // A wrong code does not confirm and changes nothing.
    const before = await footprint(admin.id);
    const wrong = await post(
      '/platform/auth/totp/confirm',
      { code: '000000' === codeOf(setup.secret) ? '111111' : '000000' },
      enrolOnly.accessToken,
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'totp_invalid' });
    expect(await footprint(admin.id)).toEqual(before);

    const confirm = await post(
      '/platform/auth/totp/confirm',
      { code: codeOf(setup.secret) },
      enrolOnly.accessToken,
    );
    expect(confirm.statusCode).toBe(200);
    const full = confirm.json<PlatformLoginResponse>();
    expect(full.totpEnrolmentRequired).toBeUndefined();
    expect(full.admin.twoFactor).toBe(true);

    // Setup again once enrolled: refused, nothing changes.
    const afterConfirm = await footprint(admin.id);
    const again = await post('/platform/auth/totp/setup', {}, full.accessToken);
    expect(again.statusCode).toBe(409);
    expect(await footprint(admin.id)).toEqual(afterConfirm);

    // The full token lists every company across tenants, with its number of stores.
    const list = await get('/platform/companies', full.accessToken);
    expect(list.statusCode).toBe(200);
    const companies = list.json<PlatformCompanyList>().companies;
    for (const companyId of [owner.company.id, other.companyId]) {
      const stores = await withCompanyTx(t.db, companyId, (tx) =>
        tx.select({ n: count() }).from(s.stores).where(eq(s.stores.companyId, companyId)),
      );
      expect(companies.find((c) => c.id === companyId)).toMatchObject({ storeCount: stores[0]!.n });
    }
    expect(companies.find((c) => c.id === owner.company.id)?.name).toBe(owner.company.name);
  });
});

describe('platform sign-in after enrolment', () => {
  it('refuses a missing code, a wrong code and a wrong password with the same answer, changing nothing', async () => {
    const admin = await enrolled('refuse');
    const before = await footprint(admin.id);
    const failuresBefore = await failedLogins(admin.id);
    const noCode = await post('/platform/auth/login', { email: admin.email, password: PASSWORD });
    const wrongCode = await post('/platform/auth/login', {
      email: admin.email,
      password: PASSWORD,
      code: codeOf(admin.secret) === '123456' ? '654321' : '123456',
    });
    const wrongPassword = await post('/platform/auth/login', {
      email: admin.email,
      password: 'not the password',
      code: codeOf(admin.secret, 1),
    });
    const unknown = await post('/platform/auth/login', {
      email: 'nobody@platform.kassa.dev',
      password: PASSWORD,
    });
    for (const res of [noCode, wrongCode, wrongPassword, unknown]) expect(res.statusCode).toBe(401);
    const answers = [noCode, wrongCode, wrongPassword, unknown].map((r) => problemOf(r.json()));
    expect(answers[0]).toMatchObject({ code: 'invalid_credentials' });
    for (const a of answers) expect(a).toEqual(answers[0]);
    // No code spent, no step recorded, no TOTP change; each failure counted toward the lockout.
    expect(await footprint(admin.id)).toEqual(before);
    expect(await failedLogins(admin.id)).toBe(failuresBefore + 3);
  });

  it('accepts a valid code once: the same code again is refused', async () => {
    const admin = await enrolled('replay');
    const code = codeOf(admin.secret, 1); // a later step than the one used to confirm
    const ok = await post('/platform/auth/login', { email: admin.email, password: PASSWORD, code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<PlatformLoginResponse>().admin.twoFactor).toBe(true);
    expect(ok.json<PlatformLoginResponse>().totpEnrolmentRequired).toBeUndefined();
    const before = await footprint(admin.id);
    const replay = await post('/platform/auth/login', { email: admin.email, password: PASSWORD, code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'invalid_credentials' });
    expect(await footprint(admin.id)).toEqual(before);
  });

  it('a recovery code signs in once', async () => {
    const admin = await enrolled('recovery');
    const code = admin.recoveryCodes[0]!.toLowerCase(); // case does not matter
    const ok = await post('/platform/auth/login', { email: admin.email, password: PASSWORD, code });
    expect(ok.statusCode).toBe(200);
    const after = await footprint(admin.id);
    expect(after.codes.filter((c) => !c.endsWith(':-'))).toHaveLength(1);
    const again = await post('/platform/auth/login', { email: admin.email, password: PASSWORD, code });
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ code: 'invalid_credentials' });
    expect(await footprint(admin.id)).toEqual(after);
  });

  it('locks the account after repeated failures, even for the right password and code', async () => {
    const admin = await enrolled('lockout');
    for (let i = 0; i < 5; i++)
      expect(
        (await post('/platform/auth/login', { email: admin.email, password: 'wrong one' })).statusCode,
      ).toBe(401);
    const before = await footprint(admin.id);
    const locked = await post('/platform/auth/login', {
      email: admin.email,
      password: PASSWORD,
      code: codeOf(admin.secret, 1),
    });
    expect(locked.statusCode).toBe(401);
    expect(locked.json()).toMatchObject({ code: 'invalid_credentials' });
    expect(await footprint(admin.id)).toEqual(before);
  });
});

describe('platform and company tokens are not interchangeable', () => {
  it('a company token (even an owner) gets 403 on a platform route; a platform token 401 on company routes', async () => {
    const asOwner = await get('/platform/companies', owner.accessToken);
    expect(asOwner.statusCode).toBe(403);
    expect(asOwner.json()).toMatchObject({ code: 'forbidden' });
    const ownerSetup = await post('/platform/auth/totp/setup', {}, owner.accessToken);
    expect(ownerSetup.statusCode).toBe(403);

    const admin = await enrolled('cross');
    const session = (
      await post('/platform/auth/login', {
        email: admin.email,
        password: PASSWORD,
        code: codeOf(admin.secret, 1),
      })
    ).json<PlatformLoginResponse>();
    const before = await footprint(admin.id);
    const stores = await get('/stores', session.accessToken);
    expect(stores.statusCode).toBe(401);
    expect(stores.json()).toMatchObject({ code: 'invalid_token' });
    const settings = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/settings',
      headers: bearer(session.accessToken),
      payload: {},
    });
    expect(settings.statusCode).toBe(401);
    const me = await get('/auth/me', session.accessToken);
    expect(me.statusCode).toBe(401);
    expect(await footprint(admin.id)).toEqual(before);

    // No bearer at all: 401.
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/platform/companies' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('a disabled admin is refused even with a still-valid token', async () => {
    const admin = await enrolled('disabled');
    const session = (
      await post('/platform/auth/login', {
        email: admin.email,
        password: PASSWORD,
        code: codeOf(admin.secret, 1),
      })
    ).json<PlatformLoginResponse>();
    await t.db.update(s.platformAdmins).set({ active: false }).where(eq(s.platformAdmins.id, admin.id));
    expect((await get('/platform/companies', session.accessToken)).statusCode).toBe(401);
  });
});

describe('kassa keys rotate and platform admins', () => {
  // Last in the file: it re-wraps every admin's key under a master key the test app does not hold.
  it("re-wraps the TOTP secrets' keys under the new master key; the old key is then not needed", async () => {
    const admin = await enrolled('rotate');
    const sealed = async () =>
      (await t.db.select().from(s.platformAdmins).where(eq(s.platformAdmins.id, admin.id)))[0]!.totpSecret!;
    const before = await sealed();
    const next = { id: 'k-next', key: randomBytes(32) };
    const onlyNext = new KeyRing(next);
    expect(() => openTotpSecret(onlyNext, admin.id, before)).toThrow(KeyRingError);

    const result = await rewrapPlatformSecrets(t.db, new KeyRing(next, [TEST_MASTER_KEY]));
    expect(result.rewrapped).toBeGreaterThanOrEqual(1);
    expect(result.alreadyCurrent).toBe(0);
    const after = await sealed();
    expect(after.startsWith('k-next.')).toBe(true);
    // Only the wrapped key changed; the secret's ciphertext is the same bytes.
    expect(after.split('.')[2]).toBe(before.split('.')[2]);
    expect(openTotpSecret(onlyNext, admin.id, after)).toBe(admin.secret);

    const again = await rewrapPlatformSecrets(t.db, onlyNext);
    expect(again).toEqual({ rewrapped: 0, alreadyCurrent: result.rewrapped });
  });
});
