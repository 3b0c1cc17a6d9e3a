import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { withCompanyTx } from '@kassa/db';
import { companyFootprint, createTestApp, DEMO_PASSWORD, type TestContext } from '../../../test/harness.ts';
import { afterFailure, DEFAULT_LOCKOUT_POLICY, isLocked, type LockoutState } from './lockout.ts';

const MIN = 60_000;

describe('lockout policy (pure)', () => {
  const policy = DEFAULT_LOCKOUT_POLICY;
  const t0 = new Date('2026-01-01T10:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it('locks on the 5th failure within 15 minutes, for 5, then 10, then 20 minutes', () => {
    let state: LockoutState | undefined;
    const locks: number[] = [];
    let now = t0;
    for (let round = 0; round < 3; round++) {
      for (let i = 1; i <= 5; i++) {
        const next = afterFailure(state, now, policy);
        state = next.state;
        expect(next.lockedNow).toBe(i === 5);
        if (i < 5) expect(isLocked(state, now)).toBe(false);
      }
      expect(isLocked(state, now)).toBe(true);
      locks.push(state!.lockedUntil!.getTime() - now.getTime());
      now = new Date(state!.lockedUntil!.getTime() + 1);
      expect(isLocked(state, now)).toBe(false);
    }
    expect(locks).toEqual([5 * MIN, 10 * MIN, 20 * MIN]);
  });

  it('forgets failures older than the window, and caps the lock at 24 hours', () => {
    let state: LockoutState | undefined;
    for (let i = 0; i < 4; i++) state = afterFailure(state, at(i * MIN), policy).state;
    const late = afterFailure(state, at(16 * MIN), policy);
    expect(late).toMatchObject({ lockedNow: false, state: { failures: 1 } });
    const many = afterFailure(
      { failures: 4, windowStartedAt: t0, lockCount: 20, lockedUntil: null },
      at(MIN),
      policy,
    );
    expect(many.state.lockedUntil!.getTime() - at(MIN).getTime()).toBe(24 * 60 * MIN);
  });
});

describe('brute force against the sign-in', () => {
  let t: TestContext;
  const email = 'manager@demo.kassa.dev';

  const attempt = (password: string, address = '10.0.0.1', who = email) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: address,
      payload: { email: who, password },
    });

  /** What a refusal looks like to the client, without the per-request parts. */
  const shape = (res: LightMyRequestResponse) => {
    const { requestId: _r, instance: _i, ...body } = res.json<Record<string, unknown>>();
    return { status: res.statusCode, body, cookie: res.headers['set-cookie'] };
  };

  async function records(companyId: string) {
    return withCompanyTx(t.db, companyId, async (tx) => {
      const r = (await tx.execute(sql`select
        (select count(*) from audit_entries)::int as audit_entries,
        (select count(*) from login_throttles)::int as login_throttles,
        (select count(*) from data_keys)::int as data_keys,
        (select string_agg(action, ',' order by stream, seq) from audit_entries) as actions`)) as {
        rows: { audit_entries: number; login_throttles: number; data_keys: number; actions: string | null }[];
      };
      return r.rows[0]!;
    });
  }

  let companyId: string;

  beforeAll(async () => {
    // Rate limits out of the way: this test is about the lockout.
    t = await createTestApp({ loginRateLimits: { perIp: 1000, perAccount: 1000, windowMs: 60_000 } });
    const ok = await attempt(DEMO_PASSWORD);
    companyId = ok.json<{ company: { id: string } }>().company.id;
  });
  afterAll(() => t.close());

  it('locks the account after 5 failures; the right password is then refused too; only attempt records are written', async () => {
    const footprint = await companyFootprint(t.db, companyId);
    const before = await records(companyId);

    const unknown = shape(await attempt('wrong-1', '10.0.0.1', 'nobody@demo.kassa.dev'));
    const failures = [];
    for (let i = 1; i <= 5; i++) failures.push(shape(await attempt(`wrong-${i}`)));
    const locked = shape(await attempt(DEMO_PASSWORD));

    // Unknown address, wrong password and locked account answer alike.
    expect(unknown).toMatchObject({ status: 401, body: { code: 'invalid_credentials' } });
    for (const f of [...failures, locked]) expect(f).toEqual(unknown);

    expect(await companyFootprint(t.db, companyId)).toEqual(footprint);
    const after = await records(companyId);
    expect(after.login_throttles).toBe(1);
    expect(after.data_keys).toBe(before.data_keys);
    const added = after.actions!.split(',').slice(before.actions ? before.actions.split(',').length : 0);
    expect(added).toEqual([
      ...Array.from({ length: 5 }, () => 'auth.login.failed'),
      'auth.login.locked',
      'auth.login.failed',
    ]);
  });

  it('lets the account in once the lock has passed, and clears the count', async () => {
    await withCompanyTx(t.db, companyId, (tx) =>
      tx.execute(sql`update login_throttles set locked_until = now() - interval '1 second'`),
    );
    const res = await attempt(DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect((await records(companyId)).login_throttles).toBe(0);
  });

  it('an unknown address writes nothing anywhere', async () => {
    const footprint = await companyFootprint(t.db, companyId);
    const before = await records(companyId);
    for (let i = 0; i < 6; i++)
      expect((await attempt('guess', '10.0.0.9', `ghost${i}@nowhere.example`)).statusCode).toBe(401);
    expect(await records(companyId)).toEqual(before);
    expect(await companyFootprint(t.db, companyId)).toEqual(footprint);
  });
});

describe('rate limits on the sign-in', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestApp({ loginRateLimits: { perIp: 4, perAccount: 3, windowMs: 60_000 } });
  });
  afterAll(() => t.close());

  const attempt = (email: string, address: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: address,
      payload: { email, password: 'wrong-password' },
    });

  it('limits attempts per IP address (429 with Retry-After), for known and unknown addresses alike', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await attempt(`someone${i}@nowhere.example`, '10.1.1.1')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const limited = await attempt('owner@demo.kassa.dev', '10.1.1.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    // Another address is not affected.
    expect((await attempt('someone@nowhere.example', '10.1.1.2')).statusCode).toBe(401);
  });

  it('limits attempts per account across addresses, and writes nothing for a refused attempt', async () => {
    const email = 'cashier@demo.kassa.dev';
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await attempt(email, `10.2.0.${i}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401]);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '10.2.0.9',
      payload: { email: 'owner@demo.kassa.dev', password: DEMO_PASSWORD },
    });
    const companyId = login.json<{ company: { id: string } }>().company.id;
    const count = () =>
      withCompanyTx(t.db, companyId, async (tx) => {
        const r = (await tx.execute(
          sql`select (select count(*) from audit_entries)::int as a, (select coalesce(sum(failures), 0)::int from login_throttles) as f`,
        )) as { rows: { a: number; f: number }[] };
        return r.rows[0]!;
      });
    const before = await count();
    const refused = await attempt(email.toUpperCase(), '10.2.0.50');
    expect(refused.statusCode).toBe(429);
    expect(await count()).toEqual(before);
  });
});
