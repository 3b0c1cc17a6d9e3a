import type {
  CreateUserRequest,
  CustomRole,
  CustomRoleList,
  DisableUserResponse,
  SaveRoleRequest,
  StaffUser,
  StaffUserList,
  Store,
  UpdateUserRequest,
} from '@kassa/contracts';
import { api } from '../../auth/api/apiClient.ts';

/** GET /users: every member of staff of the company (user.manage). */
export async function fetchStaff(signal?: AbortSignal): Promise<StaffUser[]> {
  return (await api.get<StaffUserList>('/users', undefined, signal)).items;
}

/** POST /users: creates a member of staff; without a password they are invited by e-mail. */
export function createStaff(input: CreateUserRequest): Promise<StaffUser> {
  return api.post('/users', input);
}

/** PATCH /users/:id: name, role, custom role or store scope (ends the user's sessions). */
export function updateStaff(id: string, changes: UpdateUserRequest): Promise<StaffUser> {
  return api.request(`/users/${id}`, { method: 'PATCH', body: changes });
}

/** PUT /users/:id/pin: sets a new register PIN. */
export function resetPin(id: string, pin: string): Promise<StaffUser> {
  return api.request(`/users/${id}/pin`, { method: 'PUT', body: { pin } });
}

/** POST /users/:id/disable: no more sign-ins; every session ends at once. */
export function disableStaff(id: string): Promise<DisableUserResponse> {
  return api.post(`/users/${id}/disable`);
}

/** POST /users/:id/enable: the user may sign in again. */
export function enableStaff(id: string): Promise<StaffUser> {
  return api.post(`/users/${id}/enable`);
}

/** GET /roles: the company's custom roles and every permission a role can hold. */
export function fetchRoles(signal?: AbortSignal): Promise<CustomRoleList> {
  return api.get('/roles', undefined, signal);
}

/** POST /roles (new) or PUT /roles/:id (edit). */
export function saveRole(id: string | null, input: SaveRoleRequest): Promise<CustomRole> {
  return id ? api.request(`/roles/${id}`, { method: 'PUT', body: input }) : api.post('/roles', input);
}

/** DELETE /roles/:id: only a role nobody holds. */
export function deleteRole(id: string): Promise<void> {
  return api.request(`/roles/${id}`, { method: 'DELETE' });
}

export async function fetchStaffStores(signal?: AbortSignal): Promise<Store[]> {
  return (await api.get<{ items: Store[] }>('/stores', undefined, signal)).items;
}
