import type { Customer } from '@kassa/contracts';
import { Alert, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { createCustomer, deleteCustomer, fetchCustomers, updateCustomer } from '../api/customersApi.ts';

type CustomerEditorProps = { customer: Customer | null; onClose: () => void };

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/** Creates a customer (`customer` null) or edits one; a saved edit may also delete it. */
function CustomerEditor({ customer, onClose }: CustomerEditorProps) {
  const queryClient = useQueryClient();
  const [code, setCode] = useState(customer?.code ?? '');
  const [name, setName] = useState(customer?.name ?? '');
  const [email, setEmail] = useState(customer?.email ?? '');
  const [phone, setPhone] = useState(customer?.phone ?? '');
  const [country, setCountry] = useState(customer?.country ?? '');
  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: ['backoffice-customers'] });
    onClose();
  };
  const save = useMutation({
    mutationFn: () => {
      const fields = { code, name, email: orNull(email), phone: orNull(phone), country: orNull(country) };
      return customer ? updateCustomer(customer.id, fields) : createCustomer(fields);
    },
    onSuccess: done,
  });
  const remove = useMutation({ mutationFn: () => deleteCustomer(customer!.id), onSuccess: done });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={customer ? 'Edit customer' : 'New customer'}>
      <Stack>
        <TextInput
          label="Customer number"
          data-testid="customer-code"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          required
        />
        <TextInput
          label="Name"
          data-testid="customer-name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <TextInput
          label="E-mail"
          type="email"
          data-testid="customer-email"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        <TextInput label="Phone" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} />
        <TextInput label="Country" value={country} onChange={(e) => setCountry(e.currentTarget.value)} />
        {save.isError && <Alert color="red">{errorMessage(save.error)}</Alert>}
        {remove.isError && <Alert color="red">{errorMessage(remove.error)}</Alert>}
        <Group justify="space-between">
          {customer ? (
            <Button
              color="red"
              variant="light"
              loading={remove.isPending}
              onClick={() => {
                if (window.confirm(`Delete customer ${customer.code}? This cannot be undone.`))
                  remove.mutate();
              }}
            >
              Delete
            </Button>
          ) : (
            <span />
          )}
          <Group>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="customer-save">
              Save
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

/** Customers: search by number, name, e-mail or phone; add one; click a row to edit or delete it. */
export function CustomersPage() {
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<Customer | 'new' | null>(null);
  const customers = useQuery({
    queryKey: ['backoffice-customers', q, offset],
    queryFn: ({ signal }) => fetchCustomers(q, offset, signal),
  });
  return (
    <Stack>
      <Group>
        <TextInput
          style={{ flex: 1 }}
          placeholder="Search number, name, e-mail or phone"
          aria-label="Search customers"
          data-testid="customer-search"
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setOffset(0);
          }}
        />
        <Button onClick={() => setEditing('new')} data-testid="customer-new">
          New customer
        </Button>
      </Group>
      {customers.isError && <Alert color="red">{errorMessage(customers.error)}</Alert>}
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Number</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>E-mail</Table.Th>
            <Table.Th>Phone</Table.Th>
            <Table.Th>Country</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {customers.data?.items.map((c) => (
            <Table.Tr
              key={c.id}
              onClick={() => setEditing(c)}
              style={{ cursor: 'pointer' }}
              data-testid="customer-row"
              data-code={c.code}
            >
              <Table.Td>{c.code}</Table.Td>
              <Table.Td>{c.name}</Table.Td>
              <Table.Td>{c.email ?? ''}</Table.Td>
              <Table.Td>{c.phone ?? ''}</Table.Td>
              <Table.Td>{c.country ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {customers.data && (
        <Group justify="space-between">
          <Text size="sm">
            {customers.data.total} customers, from {customers.data.total === 0 ? 0 : offset + 1}
          </Text>
          <Group>
            <Button
              variant="default"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - 50))}
            >
              Previous
            </Button>
            <Button
              variant="default"
              disabled={offset + 50 >= customers.data.total}
              onClick={() => setOffset(offset + 50)}
            >
              Next
            </Button>
          </Group>
        </Group>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New customer' : 'Edit customer'}
      >
        {editing !== null && (
          <CustomerEditor customer={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
        )}
      </Modal>
    </Stack>
  );
}
