import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { newDocumentId } from '@kassa/domain';
import type {
  AuditPage,
  CustomRole,
  LoginResponse,
  Product,
  StaffUser,
  StaffUserList,
} from '@kassa/contracts';
import { withCompanyTx } from '@kassa/db';
import {
  bearer,
  companyFootprint,
  createTestApp,
  login,
  stores,
  type TestContext,
} from '../../../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';
import type { MailMessage } from '../../mail/mailer.ts';

let t: TestContext;
let owner: LoginResponse;
let cashier: LoginResponse;
let other: OtherCompany;
let store1: { id: string; registerId: string };
let store2: { id: string; registerId: string };
let product: Product;
const mails: MailMessage[] = [];

const api = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  token: string,
  payload?: Record<string, unknown>,
) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(token),
    ...(payload === undefined ? {} : { payload }),
  });

/** Everything staff management writes, seen from inside the demo company. */
async function footprint() {
  const base = await companyFootprint(t.db, owner.company.id);
  const extra = await withCompanyTx(t.db, owner.company.id, async (tx) => {
    const r = (await tx.execute(sql`select
      (select count(*) from users)::int as users,
      (select string_agg(id::text || role || coalesce(custom_role_id::text, '') || coalesce(store_ids::text, '') || active::text || coalesce(pin_hash, ''), ',' order by id) from users) as user_rows,
      (select count(*) from roles)::int as roles,
      (select string_agg(name || array_to_string(permissions, ' '), ',' order by id) from roles) as role_rows,
      (select count(*) from login_emails)::int as login_emails,
      (select count(*) from password_tokens)::int as password_tokens,
      (select count(*) from sessions where revoked_at is null)::int as live_sessions,
      (select count(*) from shifts)::int as shifts,
      (select count(*) from audit_entries)::int as audit_entries`)) as { rows: Record<string, unknown>[] };
    return r.rows[0]!;
  });
  return { ...base, ...extra };
}

async function createUser(body: Record<string, unknown>, token = owner.accessToken): Promise<StaffUser> {
  const res = await api('POST', '/users', token, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<StaffUser>();
}

async function createRole(body: Record<string, unknown>): Promise<CustomRole> {
  const res = await api('POST', '/roles', owner.accessToken, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<CustomRole>();
}

async function auditActions(action: string) {
  const res = await api('GET', `/audit?action=${action}`, owner.accessToken);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<AuditPage>().items;
}

const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  t = await createTestApp({
    mailer: {
      send(message) {
        mails.push(message);
        return Promise.resolve();
      },
    },
    publicUrl: 'https://pos.example.com',
  });
  owner = await login(t.app, 'owner@demo.kassa.dev');
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  const list = await stores(t.app, owner.accessToken);
  store1 = { id: list[0]!.id, registerId: list[0]!.registers[0]!.id };
  store2 = { id: list[1]!.id, registerId: list[1]!.registers[0]!.id };
  const res = await api('GET', '/products?q=Absolut&limit=5', owner.accessToken);
  product = res.json<{ items: Product[] }>().items.find((p) => p.price > 0)!;
  other = await seedOtherCompany(t.db);
});
afterAll(() => t.close());

describe('creating staff', () => {
  it('creates a cashier with a password and PIN who can sign in at once; audited', async () => {
    const user = await createUser({
      name: 'Nina New',
      email: 'nina@demo.kassa.dev',
      role: 'cashier',
      password: PASSWORD,
      pin: '4321',
    });
    expect(user).toMatchObject({
      role: 'cashier',
      active: true,
      hasPin: true,
      storeIds: null,
      twoFactor: false,
    });
    const session = await login(t.app, 'nina@demo.kassa.dev', PASSWORD);
    expect(session.user.permissions).toContain('sale.create');
    const list = (await api('GET', '/users', owner.accessToken)).json<StaffUserList>();
    expect(list.items.map((u) => u.email)).toContain('nina@demo.kassa.dev');
    const [entry] = await auditActions('user.created');
    expect(entry).toMatchObject({
      actorId: owner.user.id,
      subjectId: user.id,
      details: { role: 'cashier', invited: false },
    });
  });

  it('invites by e-mail without a password: the mailed link sets the password once', async () => {
    mails.length = 0;
    const user = await createUser({ name: 'Ivan Invited', email: 'ivan@demo.kassa.dev', role: 'cashier' });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toBe('ivan@demo.kassa.dev');
    const token = decodeURIComponent(/#token=(\S+)/.exec(mails[0]!.text)![1]!);
    expect(mails[0]!.text).toContain('https://pos.example.com/backoffice/reset-password#token=');
    const set = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: PASSWORD },
    });
    expect(set.statusCode, set.body).toBe(204);
    expect((await login(t.app, 'ivan@demo.kassa.dev', PASSWORD)).user.id).toBe(user.id);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'another long password' },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: 'reset_token_invalid' });
  });

  it('refuses an e-mail that already signs in anywhere (409 email_taken), writing and mailing nothing', async () => {
    mails.length = 0;
    const before = await footprint();
    for (const email of ['cashier@demo.kassa.dev', other.email]) {
      const res = await api('POST', '/users', owner.accessToken, { name: 'Dup', email, role: 'cashier' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'email_taken' });
    }
    expect(await footprint()).toEqual(before);
    expect(mails).toHaveLength(0);
  });

  it('refuses callers without user.manage (403) and rights the caller does not hold (403), writing nothing', async () => {
    const before = await footprint();
    const byCashier = await api('POST', '/users', cashier.accessToken, {
      name: 'X',
      email: 'x1@demo.kassa.dev',
      role: 'cashier',
      password: PASSWORD,
    });
    expect(byCashier.statusCode).toBe(403);
    expect(byCashier.json()).toMatchObject({ code: 'forbidden', details: { permission: 'user.manage' } });
    const role = await api('POST', '/roles', cashier.accessToken, { name: 'r', permissions: [] });
    expect(role.statusCode).toBe(403);
    expect(await footprint()).toEqual(before);
  });

  it('refuses bad input with a clear problem and writes nothing', async () => {
    const before = await footprint();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ name: 'A', email: 'not-an-email', role: 'cashier' }, 400, 'validation_failed'],
      [{ name: 'A', email: 'a@demo.kassa.dev', role: 'emperor' }, 400, 'validation_failed'],
      [
        { name: 'A', email: 'a@demo.kassa.dev', role: 'cashier', password: 'short' },
        400,
        'validation_failed',
      ],
      [{ name: 'A', email: 'a@demo.kassa.dev', role: 'cashier', pin: '12' }, 400, 'validation_failed'],
      [
        { name: 'A', email: 'a@demo.kassa.dev', role: 'cashier', storeIds: [other.storeId] },
        404,
        'store_not_found',
      ],
      [
        { name: 'A', email: 'a@demo.kassa.dev', role: 'cashier', customRoleId: newDocumentId() },
        404,
        'role_not_found',
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await api('POST', '/users', owner.accessToken, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json()).toMatchObject({ code });
    }
    expect(await footprint()).toEqual(before);
  });
});

describe('changing rights', () => {
  it('a role change ends the user’s sessions and takes effect at their next sign-in; audited', async () => {
    const user = await createUser({
      name: 'Rita',
      email: 'rita@demo.kassa.dev',
      role: 'cashier',
      password: PASSWORD,
    });
    const session = await login(t.app, 'rita@demo.kassa.dev', PASSWORD);
    expect((await api('GET', '/sales', session.accessToken)).statusCode).toBe(403);
    const res = await api('PATCH', `/users/${user.id}`, owner.accessToken, { role: 'manager' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<StaffUser>().role).toBe('manager');
    const old = await api('GET', '/auth/me', session.accessToken);
    expect(old.statusCode).toBe(401);
    const fresh = await login(t.app, 'rita@demo.kassa.dev', PASSWORD);
    expect((await api('GET', '/sales', fresh.accessToken)).statusCode).toBe(200);
    const [entry] = await auditActions('user.updated');
    expect(entry).toMatchObject({
      subjectId: user.id,
      details: { before: { role: 'cashier' }, after: { role: 'manager' }, sessionsRevoked: 1 },
    });
  });

  it('refuses changing one’s own rights and removing the company’s last active owner, writing nothing', async () => {
    const all = (await api('GET', '/roles', owner.accessToken)).json<{ permissions: string[] }>().permissions;
    const deputy = await createRole({ name: 'Deputy', permissions: all });
    await createUser({
      name: 'Dave',
      email: 'dave@demo.kassa.dev',
      role: 'manager',
      customRoleId: deputy.id,
      password: PASSWORD,
    });
    const dave = await login(t.app, 'dave@demo.kassa.dev', PASSWORD);
    const before = await footprint();
    const self = await api('PATCH', `/users/${owner.user.id}`, owner.accessToken, { role: 'manager' });
    expect(self.statusCode).toBe(422);
    expect(self.json()).toMatchObject({ code: 'cannot_change_self' });
    const demote = await api('PATCH', `/users/${owner.user.id}`, dave.accessToken, { role: 'manager' });
    expect(demote.statusCode).toBe(422);
    expect(demote.json()).toMatchObject({ code: 'last_owner' });
    const disable = await api('POST', `/users/${owner.user.id}/disable`, dave.accessToken);
    expect(disable.statusCode).toBe(422);
    expect(disable.json()).toMatchObject({ code: 'last_owner' });
    expect(await footprint()).toEqual(before);
  });

  it('a user holding user.manage cannot grant owner rights they lack (403 forbidden), writing nothing', async () => {
    const admin = await createRole({
      name: 'Staff admin',
      permissions: ['user.manage', 'catalog.read', 'sale.create'],
    });
    await createUser({
      name: 'Hanna HR',
      email: 'hanna@demo.kassa.dev',
      role: 'cashier',
      customRoleId: admin.id,
      password: PASSWORD,
    });
    const hr = await login(t.app, 'hanna@demo.kassa.dev', PASSWORD);
    expect(hr.user.permissions.sort()).toEqual(['catalog.read', 'sale.create', 'user.manage']);
    const before = await footprint();
    const res = await api('POST', '/users', hr.accessToken, {
      name: 'Evil',
      email: 'evil@demo.kassa.dev',
      role: 'owner',
      password: PASSWORD,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden' });
    const promote = await api('PATCH', `/users/${cashier.user.id}`, hr.accessToken, { role: 'owner' });
    expect(promote.statusCode).toBe(403);
    expect(await footprint()).toEqual(before);
  });

  it('another company’s user and role ids are 404', async () => {
    const before = await footprint();
    expect((await api('PATCH', `/users/${other.userId}`, owner.accessToken, { name: 'x' })).statusCode).toBe(
      404,
    );
    expect((await api('POST', `/users/${other.userId}/enable`, owner.accessToken)).statusCode).toBe(404);
    expect(
      (await api('PUT', `/users/${other.userId}/pin`, owner.accessToken, { pin: '1234' })).statusCode,
    ).toBe(404);
    expect((await api('POST', `/users/${other.userId}/disable`, owner.accessToken)).statusCode).toBe(404);
    expect(await footprint()).toEqual(before);
  });
});

describe('custom roles', () => {
  it('grant exactly their permissions', async () => {
    const role = await createRole({
      name: 'Stock clerk',
      permissions: ['catalog.read', 'product.write', 'store.read'],
    });
    expect(role).toMatchObject({
      permissions: ['catalog.read', 'product.write', 'store.read'],
      storeIds: null,
    });
    await createUser({
      name: 'Carl Clerk',
      email: 'carl@demo.kassa.dev',
      role: 'cashier',
      customRoleId: role.id,
      password: PASSWORD,
    });
    const clerk = await login(t.app, 'carl@demo.kassa.dev', PASSWORD);
    expect((await api('GET', '/stores', clerk.accessToken)).statusCode).toBe(200);
    const sale = await api('POST', '/sales', clerk.accessToken, {
      id: newDocumentId(),
      registerId: store1.registerId,
      lines: [{ productId: product.id, quantity: '1' }],
      tenders: [{ method: 'cash', amount: 100_000 }],
    });
    expect(sale.statusCode).toBe(403);
    expect(sale.json()).toMatchObject({ code: 'forbidden', details: { permission: 'sale.create' } });
  });

  it('refuses unknown permissions, duplicate names, and deleting a role in use; writing nothing', async () => {
    const before = await footprint();
    const unknown = await api('POST', '/roles', owner.accessToken, {
      name: 'Bad',
      permissions: ['sale.create', 'root.all'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'unknown_permission', details: { unknown: ['root.all'] } });
    const dup = await api('POST', '/roles', owner.accessToken, { name: 'Stock clerk', permissions: [] });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'role_name_taken' });
    const roles = (await api('GET', '/roles', owner.accessToken)).json<{ items: CustomRole[] }>().items;
    const clerk = roles.find((r) => r.name === 'Stock clerk')!;
    expect(clerk.userCount).toBe(1);
    const del = await api('DELETE', `/roles/${clerk.id}`, owner.accessToken);
    expect(del.statusCode).toBe(409);
    expect(del.json()).toMatchObject({ code: 'role_in_use' });
    expect(await footprint()).toEqual(before);
  });

  it('a role edit ends its holders’ sessions; an unused role can be deleted; both audited', async () => {
    const role = await createRole({ name: 'Temp', permissions: ['catalog.read'] });
    await createUser({
      name: 'Tom Temp',
      email: 'tom@demo.kassa.dev',
      role: 'cashier',
      customRoleId: role.id,
      password: PASSWORD,
    });
    const tom = await login(t.app, 'tom@demo.kassa.dev', PASSWORD);
    const edit = await api('PUT', `/roles/${role.id}`, owner.accessToken, {
      name: 'Temp',
      permissions: ['catalog.read', 'store.read'],
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((await api('GET', '/auth/me', tom.accessToken)).statusCode).toBe(401);
    expect((await login(t.app, 'tom@demo.kassa.dev', PASSWORD)).user.permissions.sort()).toEqual([
      'catalog.read',
      'store.read',
    ]);
    const users = (await api('GET', '/users', owner.accessToken)).json<StaffUserList>().items;
    const tomId = users.find((u) => u.email === 'tom@demo.kassa.dev')!.id;
    await api('PATCH', `/users/${tomId}`, owner.accessToken, { customRoleId: null }).then((r) =>
      expect(r.statusCode).toBe(200),
    );
    expect((await api('DELETE', `/roles/${role.id}`, owner.accessToken)).statusCode).toBe(204);
    expect((await auditActions('role.updated'))[0]).toMatchObject({
      subjectId: role.id,
      details: { sessionsRevoked: 1 },
    });
    expect((await auditActions('role.deleted'))[0]).toMatchObject({ subjectId: role.id });
  });
});

describe('store scope', () => {
  it('a manager of store 1 cannot act in store 2 (404 as for an unknown register), writing nothing', async () => {
    await createUser({
      name: 'Mona Store1',
      email: 'mona@demo.kassa.dev',
      role: 'manager',
      storeIds: [store1.id],
      password: PASSWORD,
    });
    const mona = await login(t.app, 'mona@demo.kassa.dev', PASSWORD);
    expect(mona.user.storeIds).toEqual([store1.id]);
    const here = await api('GET', `/registers/${store1.registerId}/shift`, mona.accessToken);
    expect(here.statusCode, here.body).toBe(200);
    const shift2 = await api('GET', `/registers/${store2.registerId}/shift`, owner.accessToken);
    const shift2Id = shift2.json<{ id: string }>().id;
    const before = await footprint();
    const there = await api('GET', `/registers/${store2.registerId}/shift`, mona.accessToken);
    expect(there.statusCode).toBe(404);
    expect(there.json()).toMatchObject({ code: 'register_not_found' });
    expect((await api('GET', `/shifts/${shift2Id}`, mona.accessToken)).statusCode).toBe(404);
    const sale = await api('POST', '/sales', mona.accessToken, {
      id: newDocumentId(),
      registerId: store2.registerId,
      lines: [{ productId: product.id, quantity: '1' }],
      tenders: [{ method: 'cash', amount: 100_000 }],
    });
    expect(sale.statusCode).toBe(404);
    expect(sale.json()).toMatchObject({ code: 'register_not_found' });
    const cashMove = await api('POST', `/shifts/${shift2Id}/cash-movements`, mona.accessToken, {
      id: newDocumentId(),
      kind: 'paid_in',
      amount: 100,
      reason: 'x',
    });
    expect(cashMove.statusCode).toBe(404);
    expect(await footprint()).toEqual(before);
    const ok = await api('POST', '/sales', mona.accessToken, {
      id: newDocumentId(),
      registerId: store1.registerId,
      lines: [{ productId: product.id, quantity: '1' }],
      tenders: [{ method: 'cash', amount: 100_000 }],
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('a custom role limited to a store narrows the user’s scope', async () => {
    const role = await createRole({
      name: 'Store 2 seller',
      permissions: ['sale.create', 'catalog.read', 'store.read'],
      storeIds: [store2.id],
    });
    await createUser({
      name: 'Sam',
      email: 'sam@demo.kassa.dev',
      role: 'cashier',
      customRoleId: role.id,
      password: PASSWORD,
    });
    const sam = await login(t.app, 'sam@demo.kassa.dev', PASSWORD);
    expect(sam.user.storeIds).toEqual([store2.id]);
    const before = await footprint();
    const sale = await api('POST', '/sales', sam.accessToken, {
      id: newDocumentId(),
      registerId: store1.registerId,
      lines: [{ productId: product.id, quantity: '1' }],
      tenders: [{ method: 'cash', amount: 100_000 }],
    });
    expect(sale.statusCode).toBe(404);
    expect(await footprint()).toEqual(before);
  });
});

describe('disable, enable and PIN reset', () => {
  it('disabling ends every session at once; enabling lets the user sign in again; a PIN reset works', async () => {
    const user = await createUser({
      name: 'Dora',
      email: 'dora@demo.kassa.dev',
      role: 'cashier',
      password: PASSWORD,
      pin: '5555',
    });
    const dora = await login(t.app, 'dora@demo.kassa.dev', PASSWORD);
    const res = await api('POST', `/users/${user.id}/disable`, owner.accessToken);
    expect(res.json()).toMatchObject({ active: false, sessionsRevoked: 1 });
    expect((await api('GET', '/auth/me', dora.accessToken)).statusCode).toBe(401);
    expect((await api('POST', `/users/${user.id}/enable`, owner.accessToken)).json<StaffUser>().active).toBe(
      true,
    );
    await login(t.app, 'dora@demo.kassa.dev', PASSWORD);
    const pin = await api('PUT', `/users/${user.id}/pin`, owner.accessToken, { pin: '8642' });
    expect(pin.statusCode).toBe(200);
    const switched = await api('POST', '/auth/pin', cashier.accessToken, { userId: user.id, pin: '8642' });
    expect(switched.statusCode, switched.body).toBe(200);
    const oldPin = await api('POST', '/auth/pin', cashier.accessToken, { userId: user.id, pin: '5555' });
    expect(oldPin.statusCode).toBe(401);
    expect((await auditActions('user.pin_reset'))[0]).toMatchObject({
      subjectId: user.id,
      actorId: owner.user.id,
    });
    expect((await auditActions('user.enabled'))[0]).toMatchObject({ subjectId: user.id });
  });
});
