import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { SMTPServer } from 'smtp-server';
import type { LoginResponse, RecoveryCodesResponse, StaffUser, TotpSetupResponse } from '@kassa/contracts';
import { withCompanyTx } from '@kassa/db';
import { bearer, companyFootprint, createTestApp, login, type TestContext } from '../../../test/harness.ts';
import { createMailer } from '../../mail/mailer.ts';

/** A local SMTP peer on loopback: every message it receives, raw. */
type Inbox = { server: SMTPServer; port: number; messages: { to: string[]; raw: string }[] };

async function startInbox(): Promise<Inbox> {
  const messages: Inbox['messages'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, messages };
}

/** Waits until the inbox holds `n` messages (the reset mail leaves in the background). */
async function waitForMail(inbox: Inbox, n: number): Promise<void> {
  for (let i = 0; i < 200 && inbox.messages.length < n; i++) await new Promise((r) => setTimeout(r, 25));
  expect(inbox.messages.length).toBe(n);
}

/** The token of the link in a mail (quoted-printable soft breaks and =3D undone). */
function tokenOf(raw: string): string {
  const body = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  return decodeURIComponent(/#token=([^\s]+)/.exec(body)![1]!);
}

let t: TestContext;
let inbox: Inbox;
let owner: LoginResponse;
const PASSWORD = 'a long enough password';

const post = (url: string, payload: Record<string, unknown>, token?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    payload,
    ...(token ? { headers: bearer(token) } : {}),
  });

async function footprint() {
  const base = await companyFootprint(t.db, owner.company.id);
  const extra = await withCompanyTx(t.db, owner.company.id, async (tx) => {
    const r = (await tx.execute(sql`select
      (select string_agg(id::text || password_hash || coalesce(totp_secret, '') || coalesce(totp_last_step::text, ''), ',' order by id) from users) as users,
      (select count(*) from password_tokens where used_at is null)::int as open_tokens,
      (select count(*) from recovery_codes where used_at is null)::int as recovery_codes,
      (select count(*) from sessions where revoked_at is null)::int as live_sessions,
      (select count(*) from login_throttles)::int as throttles,
      (select count(*) from audit_entries)::int as audit_entries`)) as { rows: Record<string, unknown>[] };
    return r.rows[0]!;
  });
  return { ...base, ...extra };
}

async function newUser(email: string, role = 'manager'): Promise<StaffUser> {
  const res = await post('/users', { name: email, email, role, password: PASSWORD }, owner.accessToken);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<StaffUser>();
}

beforeAll(async () => {
  inbox = await startInbox();
  const mailer = createMailer({
    smtpUrl: `smtp://127.0.0.1:${inbox.port}?ignoreTLS=true`,
    from: 'Kassa <no-reply@kassa.test>',
    log: { info: () => undefined },
  });
  t = await createTestApp({ mailer, publicUrl: 'https://pos.example.com' });
  owner = await login(t.app, 'owner@demo.kassa.dev');
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => inbox.server.close(() => resolve()));
});

describe('password reset by e-mail', () => {
  it('mails a single-use link over SMTP; the new password works, the old one and old sessions do not', async () => {
    await newUser('reset-me@demo.kassa.dev', 'cashier');
    const old = await login(t.app, 'reset-me@demo.kassa.dev', PASSWORD);
    inbox.messages.length = 0;
    const res = await post('/auth/password-reset', { email: 'Reset-Me@demo.kassa.dev' });
    expect(res.statusCode).toBe(202);
    await waitForMail(inbox, 1);
    expect(inbox.messages[0]!.to).toEqual(['reset-me@demo.kassa.dev']);
    const token = tokenOf(inbox.messages[0]!.raw);
    expect(token.split('.')).toHaveLength(3);
    const done = await post('/auth/password-reset/confirm', { token, password: 'my brand new password' });
    expect(done.statusCode, done.body).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(old.accessToken) }))
        .statusCode,
    ).toBe(401);
    await login(t.app, 'reset-me@demo.kassa.dev', 'my brand new password');
    const wrong = await post('/auth/login', { email: 'reset-me@demo.kassa.dev', password: PASSWORD });
    expect(wrong.statusCode).toBe(401);
    // Single use: the same link again is refused and changes nothing.
    const before = await footprint();
    const again = await post('/auth/password-reset/confirm', { token, password: 'yet another password' });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: 'reset_token_invalid' });
    expect(await footprint()).toEqual(before);
  });

  it('answers an unknown address and a disabled user exactly like a known one, and mails nothing', async () => {
    const disabled = await newUser('disabled-one@demo.kassa.dev', 'cashier');
    await post(`/users/${disabled.id}/disable`, {}, owner.accessToken);
    inbox.messages.length = 0;
    const before = await footprint();
    const res = await post('/auth/password-reset', { email: 'nobody@nowhere.example' });
    const known = await post('/auth/password-reset', { email: 'disabled-one@demo.kassa.dev' });
    expect(res.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    expect(res.body).toBe(known.body);
    await new Promise((r) => setTimeout(r, 300));
    expect(inbox.messages).toHaveLength(0);
    expect(await footprint()).toEqual(before);
  });

  it('refuses forged, tampered and expired tokens (400 reset_token_invalid), writing nothing', async () => {
    await newUser('expire-me@demo.kassa.dev', 'cashier');
    inbox.messages.length = 0;
    await post('/auth/password-reset', { email: 'expire-me@demo.kassa.dev' });
    await waitForMail(inbox, 1);
    const token = tokenOf(inbox.messages[0]!.raw);
    const [company, id, secret] = token.split('.') as [string, string, string];
    await withCompanyTx(t.db, owner.company.id, (tx) =>
      tx.execute(sql`update password_tokens set expires_at = now() - interval '1 second' where id = ${id}`),
    );
    const before = await footprint();
    for (const bad of [
      'garbage',
      `${company}.${id}.${secret}x`,
      `${company}.${owner.user.id}.${secret}`,
      token, // expired
    ]) {
      const res = await post('/auth/password-reset/confirm', { token: bad, password: 'whatever password' });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json()).toMatchObject({ code: 'reset_token_invalid' });
    }
    const weak = await post('/auth/password-reset/confirm', { token, password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ code: 'validation_failed' });
    expect(await footprint()).toEqual(before);
  });
});

describe('two-factor sign-in (TOTP)', () => {
  let user: StaffUser;
  let session: LoginResponse;
  let totp: TOTP;
  let recovery: string[];
  /** A real code of the user's secret for a moment `offsetSteps` 30-second steps from now. */
  const code = (offsetSteps = 0) => totp.generate({ timestamp: Date.now() + offsetSteps * 30_000 });

  beforeAll(async () => {
    user = await newUser('two-factor@demo.kassa.dev');
    session = await login(t.app, 'two-factor@demo.kassa.dev', PASSWORD);
  });

  it('enrols with a real code from the secret and returns 10 recovery codes', async () => {
    const setup = await post('/auth/totp/setup', {}, session.accessToken);
    expect(setup.statusCode, setup.body).toBe(200);
    const body = setup.json<TotpSetupResponse>();
    expect(body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Kassa:two-factor%40demo\.kassa\.dev\?/);
    totp = new TOTP({ secret: Secret.fromBase32(body.secret), digits: 6, period: 30, algorithm: 'SHA1' });
    const before = await footprint();
    const wrong = await post('/auth/totp/confirm', { code: code(5) }, session.accessToken);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'totp_invalid' });
    expect(await footprint()).toEqual(before);
    const ok = await post('/auth/totp/confirm', { code: code(-1) }, session.accessToken);
    expect(ok.statusCode, ok.body).toBe(200);
    recovery = ok.json<RecoveryCodesResponse>().recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    const stored = await withCompanyTx(t.db, owner.company.id, (tx) =>
      tx.execute(
        sql`select totp_secret, (select count(*)::int from recovery_codes where user_id = ${user.id}) as n from users where id = ${user.id}`,
      ),
    );
    const row = (stored as { rows: { totp_secret: string; n: number }[] }).rows[0]!;
    expect(row.n).toBe(10);
    expect(row.totp_secret).not.toContain(body.secret); // sealed, never in clear
  });

  it('sign-in needs the code: 401 totp_required without, totp_invalid for a wrong or replayed one', async () => {
    const email = 'two-factor@demo.kassa.dev';
    const before = await footprint();
    const without = await post('/auth/login', { email, password: PASSWORD });
    expect(without.statusCode).toBe(401);
    expect(without.json()).toMatchObject({ code: 'totp_required' });
    const wrongPassword = await post('/auth/login', { email, password: 'wrong password!', totpCode: code() });
    expect(wrongPassword.json()).toMatchObject({ code: 'invalid_credentials' });
    // totp_required changed nothing; the wrong password counted as a failure (throttle row + audit).
    const after = await footprint();
    expect(after.live_sessions).toBe(before.live_sessions);
    const ok = await post('/auth/login', { email, password: PASSWORD, totpCode: code(1) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<LoginResponse>().user.twoFactor).toBe(true);
    const beforeReplay = await footprint();
    const replay = await post('/auth/login', { email, password: PASSWORD, totpCode: code(1) });
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'totp_invalid' });
    const afterReplay = await footprint();
    expect(afterReplay.live_sessions).toBe(beforeReplay.live_sessions);
    expect(afterReplay.users).toBe(beforeReplay.users);
  });

  it('a recovery code signs in once', async () => {
    const email = 'two-factor@demo.kassa.dev';
    const first = await post('/auth/login', {
      email,
      password: PASSWORD,
      recoveryCode: recovery[0]!.toLowerCase(),
    });
    expect(first.statusCode, first.body).toBe(200);
    const again = await post('/auth/login', { email, password: PASSWORD, recoveryCode: recovery[0]! });
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ code: 'totp_invalid' });
  });

  it('turning it off needs the password; afterwards the password alone signs in', async () => {
    const s = (
      await post('/auth/login', {
        email: 'two-factor@demo.kassa.dev',
        password: PASSWORD,
        recoveryCode: recovery[1]!,
      })
    ).json<LoginResponse>();
    const before = await footprint();
    const wrong = await post('/auth/totp/disable', { password: 'not my password' }, s.accessToken);
    expect(wrong.statusCode).toBe(401);
    expect(await footprint()).toEqual(before);
    const off = await post('/auth/totp/disable', { password: PASSWORD }, s.accessToken);
    expect(off.statusCode).toBe(204);
    await login(t.app, 'two-factor@demo.kassa.dev', PASSWORD);
    const twice = await post('/auth/totp/disable', { password: PASSWORD }, s.accessToken);
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'totp_not_enabled' });
  });
});

describe('company setting: two-factor required for owners and managers', () => {
  const put = (payload: Record<string, unknown>) =>
    t.app.inject({ method: 'PUT', url: '/api/v1/settings', headers: bearer(owner.accessToken), payload });
  const get = (url: string, token: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(token) });

  afterAll(async () => {
    expect((await put({ requireTotpForManagers: false })).statusCode).toBe(200);
  });

  it('is off by default; the owner turns it on (audited as a settings change)', async () => {
    expect((await get('/settings', owner.accessToken)).json()).toMatchObject({
      requireTotpForManagers: false,
    });
    const res = await put({ requireTotpForManagers: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ requireTotpForManagers: true });
    const last = await withCompanyTx(t.db, owner.company.id, (tx) =>
      tx.execute(
        sql`select details from audit_entries where action = 'settings.updated' order by occurred_at desc, seq desc limit 1`,
      ),
    );
    expect((last as { rows: { details: unknown }[] }).rows[0]!.details).toMatchObject({
      before: { requireTotpForManagers: false },
      after: { requireTotpForManagers: true },
    });
  });

  it('a manager without two-factor signs in to an enrol-only session: everything else is 403', async () => {
    const email = 'must-enrol@demo.kassa.dev';
    await newUser(email, 'manager');
    const res = await post('/auth/login', { email, password: PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    const session = res.json<LoginResponse>();
    expect(session.user).toMatchObject({ totpEnrolmentRequired: true, permissions: [], twoFactor: false });
    const before = await footprint();
    for (const url of ['/products', '/settings', '/users']) {
      const refused = await get(url, session.accessToken);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'totp_enrolment_required' });
    }
    const createUser = await post(
      '/users',
      { name: 'x', email: 'x@demo.kassa.dev', role: 'cashier', password: PASSWORD },
      session.accessToken,
    );
    expect(createUser.statusCode).toBe(403);
    expect(await footprint()).toEqual(before);
    expect((await get('/auth/me', session.accessToken)).json()).toMatchObject({
      user: { totpEnrolmentRequired: true },
    });

    // Enrol; the refresh then gives the full rights, and the next sign-in needs the code.
    const setup = (await post('/auth/totp/setup', {}, session.accessToken)).json<TotpSetupResponse>();
    const totp = new TOTP({
      secret: Secret.fromBase32(setup.secret),
      digits: 6,
      period: 30,
      algorithm: 'SHA1',
    });
    const confirmed = await post('/auth/totp/confirm', { code: totp.generate() }, session.accessToken);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'kassa_refresh')!.value;
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-kassa-request': '1' },
      cookies: { kassa_refresh: cookie },
    });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    const full = refreshed.json<LoginResponse>();
    expect(full.user.totpEnrolmentRequired).toBeUndefined();
    expect(full.user.permissions).toContain('product.write');
    expect((await get('/products', full.accessToken)).statusCode).toBe(200);
    const again = await post('/auth/login', { email, password: PASSWORD });
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ code: 'totp_required' });
  });

  it('leaves cashiers alone', async () => {
    const email = 'cashier-no-2fa@demo.kassa.dev';
    await newUser(email, 'cashier');
    const session = await login(t.app, email, PASSWORD);
    expect(session.user.totpEnrolmentRequired).toBeUndefined();
    expect((await get('/products', session.accessToken)).statusCode).toBe(200);
  });
});
