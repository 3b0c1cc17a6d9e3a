import type { CreateCustomerRequest, Customer, CustomerPage, UpdateCustomerRequest } from '@kassa/contracts';
import { api } from '../../auth/api/apiClient.ts';

/** GET /customers: a page of customers matching `q`, by name. */
export function fetchCustomers(q: string, offset: number, signal?: AbortSignal): Promise<CustomerPage> {
  return api.get('/customers', { q, limit: 50, offset }, signal);
}

export function createCustomer(input: CreateCustomerRequest): Promise<Customer> {
  return api.post('/customers', input);
}

export function updateCustomer(id: string, changes: UpdateCustomerRequest): Promise<Customer> {
  return api.request(`/customers/${id}`, { method: 'PATCH', body: changes });
}

export function deleteCustomer(id: string): Promise<void> {
  return api.request(`/customers/${id}`, { method: 'DELETE' });
}
