import type { AgePolicy, NoReceiptRefundTo, Store } from '@kassa/contracts';
import { parseMajor, toMajorString } from '@kassa/domain';
import {
  Alert,
  Button,
  Group,
  Loader,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../../lib/http/apiError.ts';
import {
  fetchStoreAgePolicy,
  fetchStoreSettings,
  saveStore,
  saveStoreAgePolicy,
} from '../api/settingsApi.ts';

/** A whole number from `min` to `max` typed in a field, or undefined. */
function wholeNumber(text: string, min: number, max: number): number | undefined {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

type StoreFormProps = { store: Store; policy: AgePolicy; currency: string };

/** One store's settings, seeded once from the store and its age policy as read. */
function StoreForm({ store, policy, currency }: StoreFormProps) {
  const queryClient = useQueryClient();
  const [threshold, setThreshold] = useState(toMajorString(store.cashVarianceThreshold, currency));
  const [offlineHours, setOfflineHours] = useState(String(store.offlineLimitHours));
  const [refundTo, setRefundTo] = useState<NoReceiptRefundTo>(store.noReceiptRefundTo);
  const [ageChecks, setAgeChecks] = useState(policy.minimumAge !== null);
  const [minimumAge, setMinimumAge] = useState(String(policy.minimumAge ?? 21));
  const [visualOn, setVisualOn] = useState(policy.visualOver !== null);
  const [visualOver, setVisualOver] = useState(String(policy.visualOver ?? 40));
  const [header, setHeader] = useState(store.receiptHeader);
  const [footer, setFooter] = useState(store.receiptFooter);
  const [taxId, setTaxId] = useState(store.taxId);
  const [inputError, setInputError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: async (changes: {
      cashVarianceThreshold: number;
      offlineLimitHours: number;
      agePolicy: AgePolicy;
    }) => {
      await saveStore(store.id, {
        cashVarianceThreshold: changes.cashVarianceThreshold,
        offlineLimitHours: changes.offlineLimitHours,
        noReceiptRefundTo: refundTo,
        receiptHeader: header,
        receiptFooter: footer,
        taxId,
      });
      await saveStoreAgePolicy(store.id, changes.agePolicy);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['backoffice-store-settings'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    let cashVarianceThreshold: number;
    try {
      cashVarianceThreshold = parseMajor(threshold.trim(), currency);
    } catch {
      cashVarianceThreshold = -1;
    }
    if (cashVarianceThreshold < 0) {
      setInputError(`The over/short threshold is an amount in ${currency}, such as 5.00`);
      return;
    }
    const offlineLimitHours = wholeNumber(offlineHours, 1, 168);
    if (offlineLimitHours === undefined) {
      setInputError('The offline limit is a whole number of hours from 1 to 168');
      return;
    }
    const age = ageChecks ? wholeNumber(minimumAge, 1, 99) : null;
    const visual = visualOn ? wholeNumber(visualOver, 1, 120) : null;
    if (age === undefined || visual === undefined) {
      setInputError('Ages are whole years: a minimum age from 1 to 99, a visual check over 1 to 120');
      return;
    }
    setInputError(null);
    save.mutate({
      cashVarianceThreshold,
      offlineLimitHours,
      agePolicy: { minimumAge: age, visualOver: visual, keepBirthDate: policy.keepBirthDate },
    });
  };
  return (
    <form onSubmit={submit} aria-label="Store settings">
      <Stack maw={520}>
        <TextInput
          label={`Shift over/short threshold (${currency})`}
          description="A shift closed with a larger over or short needs a manager's approval"
          data-testid="store-settings-threshold"
          value={threshold}
          onChange={(e) => setThreshold(e.currentTarget.value)}
        />
        <TextInput
          label="Offline limit (hours)"
          description="A register offline longer than this warns that it must reconnect"
          data-testid="store-settings-offline-hours"
          value={offlineHours}
          onChange={(e) => setOfflineHours(e.currentTarget.value)}
        />
        <Select
          label="Returns without a receipt pay out in"
          data-testid="store-settings-refund-to"
          data={[
            { value: 'cash', label: 'Cash' },
            { value: 'store_credit', label: 'Store credit' },
            { value: 'either', label: 'Either (the cashier chooses)' },
          ]}
          value={refundTo}
          onChange={(v) => {
            if (v === 'cash' || v === 'store_credit' || v === 'either') setRefundTo(v);
          }}
          allowDeselect={false}
        />
        <Title order={6}>Age checks</Title>
        <Switch
          label="Check ages for age-restricted products"
          checked={ageChecks}
          onChange={(e) => setAgeChecks(e.currentTarget.checked)}
        />
        {ageChecks && (
          <Group grow align="flex-start">
            <TextInput
              label="Minimum age"
              data-testid="store-settings-minimum-age"
              value={minimumAge}
              onChange={(e) => setMinimumAge(e.currentTarget.value)}
            />
            <Stack gap={4}>
              <Switch
                label="Allow a visual check"
                checked={visualOn}
                onChange={(e) => setVisualOn(e.currentTarget.checked)}
              />
              {visualOn && (
                <TextInput
                  aria-label="Visual check for customers clearly over"
                  description="for customers clearly over (years)"
                  value={visualOver}
                  onChange={(e) => setVisualOver(e.currentTarget.value)}
                />
              )}
            </Stack>
          </Group>
        )}
        <Title order={6}>Receipts</Title>
        <Textarea
          label="Receipt header"
          autosize
          value={header}
          onChange={(e) => setHeader(e.currentTarget.value)}
        />
        <Textarea
          label="Receipt footer"
          autosize
          value={footer}
          onChange={(e) => setFooter(e.currentTarget.value)}
        />
        <TextInput label="Tax id" value={taxId} onChange={(e) => setTaxId(e.currentTarget.value)} />
        {inputError && <Alert color="red">{inputError}</Alert>}
        {save.isError && <Alert color="red">{errorMessage(save.error)}</Alert>}
        {save.isSuccess && (
          <Alert color="green" data-testid="store-settings-saved">
            Store settings saved.
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending} data-testid="store-settings-save">
            Save store settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Per-store settings with a store picker; the form reloads when another store is picked. */
export function StoreSettingsSection({ currency }: { currency: string }) {
  const stores = useQuery({
    queryKey: ['backoffice-store-settings'],
    queryFn: ({ signal }) => fetchStoreSettings(signal),
  });
  const [picked, setPicked] = useState<string | null>(null);
  const storeId = picked ?? stores.data?.[0]?.id ?? null;
  const policy = useQuery({
    queryKey: ['backoffice-age-policy', storeId],
    queryFn: ({ signal }) => fetchStoreAgePolicy(storeId ?? '', signal),
    enabled: storeId !== null,
  });
  if (stores.isError) return <Alert color="red">{errorMessage(stores.error)}</Alert>;
  if (!stores.data) return <Loader />;
  const store = stores.data.find((s) => s.id === storeId);
  return (
    <Stack maw={520}>
      <Title order={5}>Store settings</Title>
      {stores.data.length === 0 && <Text size="sm">No stores yet.</Text>}
      {stores.data.length > 0 && (
        <Select
          label="Store"
          data-testid="store-settings-store"
          data={stores.data.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
          value={storeId}
          onChange={(v) => v && setPicked(v)}
          allowDeselect={false}
        />
      )}
      {policy.isError && <Alert color="red">{errorMessage(policy.error)}</Alert>}
      {store && policy.data && (
        <StoreForm key={store.id} store={store} policy={policy.data} currency={currency} />
      )}
    </Stack>
  );
}
