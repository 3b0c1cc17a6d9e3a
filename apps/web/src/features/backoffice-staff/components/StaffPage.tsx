import type { CustomRole, StaffUser, Store } from '@kassa/contracts';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../../lib/http/apiError.ts';
import {
  createStaff,
  deleteRole,
  disableStaff,
  enableStaff,
  fetchRoles,
  fetchStaff,
  fetchStaffStores,
  resetPin,
  saveRole,
  updateStaff,
} from '../api/staffApi.ts';

/** A built-in role name. */
type RoleName = StaffUser['role'];

const ROLES: { value: RoleName; label: string }[] = [
  { value: 'cashier', label: 'Cashier' },
  { value: 'manager', label: 'Manager' },
  { value: 'owner', label: 'Owner' },
];

/** Refetches staff and roles after any change (role user counts move with the staff). */
function useRefresh() {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: ['backoffice-staff'] });
    await queryClient.invalidateQueries({ queryKey: ['backoffice-roles'] });
  };
}

type StaffEditorProps = {
  user: StaffUser | null;
  stores: Store[];
  roles: CustomRole[];
  onClose: () => void;
};

/** Creates a member of staff (`user` null) or changes one's name, role, custom role and stores. */
function StaffEditor({ user, stores, roles, onClose }: StaffEditorProps) {
  const refresh = useRefresh();
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [role, setRole] = useState<RoleName>(user?.role ?? 'cashier');
  const [customRoleId, setCustomRoleId] = useState<string | null>(user?.customRoleId ?? null);
  const [storeIds, setStoreIds] = useState<string[]>(user?.storeIds ?? []);
  const [password, setPassword] = useState('');
  const [pin, setPin] = useState('');
  const save = useMutation({
    mutationFn: () => {
      const scope = storeIds.length === 0 ? null : storeIds;
      if (user) return updateStaff(user.id, { name, role, customRoleId, storeIds: scope });
      return createStaff({
        name,
        email,
        role,
        customRoleId,
        storeIds: scope,
        ...(password ? { password } : {}),
        ...(pin ? { pin } : {}),
      });
    },
    onSuccess: async () => {
      await refresh();
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={user ? 'Edit member of staff' : 'New member of staff'}>
      <Stack>
        <TextInput
          label="Name"
          data-testid="staff-name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
        />
        {!user && (
          <TextInput
            label="E-mail"
            type="email"
            data-testid="staff-email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            required
          />
        )}
        <Select
          label="Role"
          data-testid="staff-role"
          data={ROLES}
          value={role}
          onChange={(v) => v && setRole(v)}
          allowDeselect={false}
        />
        <Select
          label="Custom role (replaces the role's rights)"
          data-testid="staff-custom-role"
          data={roles.map((r) => ({ value: r.id, label: r.name }))}
          value={customRoleId}
          onChange={setCustomRoleId}
          clearable
          placeholder="None"
        />
        <MultiSelect
          label="Stores (none selected: every store)"
          data-testid="staff-stores"
          data={stores.map((s) => ({ value: s.id, label: s.name }))}
          value={storeIds}
          onChange={setStoreIds}
          clearable
        />
        {!user && (
          <>
            <PasswordInput
              label="Password (leave empty to invite by e-mail)"
              data-testid="staff-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <TextInput
              label="Register PIN (4 to 6 digits, optional)"
              data-testid="staff-pin"
              inputMode="numeric"
              value={pin}
              onChange={(e) => setPin(e.currentTarget.value)}
            />
          </>
        )}
        {user && (
          <Text size="xs" c="dimmed">
            Changing rights signs the user out everywhere; the new rights apply at their next sign-in.
          </Text>
        )}
        {save.isError && <Alert color="red">{errorMessage(save.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="staff-save">
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Sets a new register PIN for a member of staff. */
function PinEditor({ user, onClose }: { user: StaffUser; onClose: () => void }) {
  const refresh = useRefresh();
  const [pin, setPin] = useState('');
  const save = useMutation({
    mutationFn: () => resetPin(user.id, pin),
    onSuccess: async () => {
      await refresh();
      onClose();
    },
  });
  return (
    <form
      aria-label="Reset PIN"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack>
        <TextInput
          label={`New PIN for ${user.name} (4 to 6 digits)`}
          data-testid="staff-new-pin"
          inputMode="numeric"
          value={pin}
          onChange={(e) => setPin(e.currentTarget.value)}
          required
        />
        {save.isError && <Alert color="red">{errorMessage(save.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="staff-pin-save">
            Set PIN
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type RoleEditorProps = {
  role: CustomRole | null;
  permissions: string[];
  stores: Store[];
  onClose: () => void;
};

/** Creates or edits a custom role: a name, a set of permissions, optionally some stores. */
function RoleEditor({ role, permissions, stores, onClose }: RoleEditorProps) {
  const refresh = useRefresh();
  const [name, setName] = useState(role?.name ?? '');
  const [granted, setGranted] = useState<string[]>(role ? [...role.permissions] : []);
  const [storeIds, setStoreIds] = useState<string[]>(role?.storeIds ?? []);
  const done = async () => {
    await refresh();
    onClose();
  };
  const save = useMutation({
    mutationFn: () =>
      saveRole(role?.id ?? null, {
        name,
        permissions: granted,
        storeIds: storeIds.length === 0 ? null : storeIds,
      }),
    onSuccess: done,
  });
  const remove = useMutation({ mutationFn: () => deleteRole(role!.id), onSuccess: done });
  return (
    <form
      aria-label={role ? 'Edit role' : 'New role'}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack>
        <TextInput
          label="Name"
          data-testid="role-name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
        />
        <Checkbox.Group label="Permissions" value={granted} onChange={setGranted}>
          <SimpleGrid cols={2} mt="xs">
            {permissions.map((p) => (
              <Checkbox key={p} value={p} label={p} data-testid="role-permission" data-permission={p} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <MultiSelect
          label="Stores (none selected: every store)"
          data={stores.map((s) => ({ value: s.id, label: s.name }))}
          value={storeIds}
          onChange={setStoreIds}
          clearable
        />
        {save.isError && <Alert color="red">{errorMessage(save.error)}</Alert>}
        {remove.isError && <Alert color="red">{errorMessage(remove.error)}</Alert>}
        <Group justify="space-between">
          {role ? (
            <Button color="red" variant="light" loading={remove.isPending} onClick={() => remove.mutate()}>
              Delete role
            </Button>
          ) : (
            <span />
          )}
          <Group>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="role-save">
              Save
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Staff (user.manage): every member of staff with role, stores, PIN and two-factor status; create,
 * change rights, reset a PIN, disable (ends every session at once) or enable; custom roles.
 */
export function StaffPage() {
  const refresh = useRefresh();
  const [editing, setEditing] = useState<StaffUser | 'new' | null>(null);
  const [pinFor, setPinFor] = useState<StaffUser | null>(null);
  const [editingRole, setEditingRole] = useState<CustomRole | 'new' | null>(null);
  const staff = useQuery({ queryKey: ['backoffice-staff'], queryFn: ({ signal }) => fetchStaff(signal) });
  const roles = useQuery({ queryKey: ['backoffice-roles'], queryFn: ({ signal }) => fetchRoles(signal) });
  const stores = useQuery({
    queryKey: ['backoffice-staff-stores'],
    queryFn: ({ signal }) => fetchStaffStores(signal),
  });
  const toggle = useMutation({
    mutationFn: async (user: StaffUser) => {
      if (user.active) await disableStaff(user.id);
      else await enableStaff(user.id);
    },
    onSuccess: refresh,
  });
  const storeList = stores.data ?? [];
  const storeNames = (ids: readonly string[] | null) =>
    ids === null ? 'All stores' : ids.map((id) => storeList.find((s) => s.id === id)?.name ?? id).join(', ');
  const roleList = roles.data?.items ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={4}>Staff</Title>
        <Button onClick={() => setEditing('new')} data-testid="staff-new">
          New member of staff
        </Button>
      </Group>
      {staff.isError && <Alert color="red">{errorMessage(staff.error)}</Alert>}
      {toggle.isError && <Alert color="red">{errorMessage(toggle.error)}</Alert>}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>E-mail</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Stores</Table.Th>
            <Table.Th>Sign-in</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {staff.data?.map((u) => (
            <Table.Tr key={u.id} data-testid="staff-row" data-email={u.email} data-active={u.active}>
              <Table.Td>{u.name}</Table.Td>
              <Table.Td>{u.email}</Table.Td>
              <Table.Td data-testid="staff-row-role">
                {u.customRoleName ?? ROLES.find((r) => r.value === u.role)?.label ?? u.role}
              </Table.Td>
              <Table.Td>{storeNames(u.storeIds)}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {!u.active && (
                    <Badge color="gray" data-testid="staff-disabled">
                      Disabled
                    </Badge>
                  )}
                  {u.twoFactor && <Badge color="green">2FA</Badge>}
                  {u.hasPin && <Badge variant="light">PIN</Badge>}
                </Group>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end">
                  <Button size="xs" variant="default" onClick={() => setEditing(u)} data-testid="staff-edit">
                    Edit
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => setPinFor(u)}
                    data-testid="staff-pin-reset"
                  >
                    Reset PIN
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    color={u.active ? 'red' : 'green'}
                    loading={toggle.isPending && toggle.variables.id === u.id}
                    data-testid="staff-toggle"
                    onClick={() => {
                      if (
                        !u.active ||
                        window.confirm(`Disable ${u.name}? They are signed out everywhere at once.`)
                      )
                        toggle.mutate(u);
                    }}
                  >
                    {u.active ? 'Disable' : 'Enable'}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Group justify="space-between" mt="lg">
        <Title order={4}>Custom roles</Title>
        <Button variant="default" onClick={() => setEditingRole('new')} data-testid="role-new">
          New role
        </Button>
      </Group>
      {roles.isError && <Alert color="red">{errorMessage(roles.error)}</Alert>}
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Permissions</Table.Th>
            <Table.Th>Stores</Table.Th>
            <Table.Th>Users</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {roleList.map((r) => (
            <Table.Tr
              key={r.id}
              style={{ cursor: 'pointer' }}
              onClick={() => setEditingRole(r)}
              data-testid="role-row"
              data-name={r.name}
            >
              <Table.Td>{r.name}</Table.Td>
              <Table.Td>{r.permissions.join(', ')}</Table.Td>
              <Table.Td>{storeNames(r.storeIds)}</Table.Td>
              <Table.Td>{r.userCount}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New member of staff' : 'Edit member of staff'}
      >
        {editing !== null && (
          <StaffEditor
            user={editing === 'new' ? null : editing}
            stores={storeList}
            roles={roleList}
            onClose={() => setEditing(null)}
          />
        )}
      </Modal>
      <Modal opened={pinFor !== null} onClose={() => setPinFor(null)} title="Reset PIN">
        {pinFor && <PinEditor user={pinFor} onClose={() => setPinFor(null)} />}
      </Modal>
      <Modal
        opened={editingRole !== null}
        onClose={() => setEditingRole(null)}
        title={editingRole === 'new' ? 'New role' : 'Edit role'}
        size="lg"
      >
        {editingRole !== null && (
          <RoleEditor
            role={editingRole === 'new' ? null : editingRole}
            permissions={roles.data?.permissions ?? []}
            stores={storeList}
            onClose={() => setEditingRole(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}
