import type { CompanySettings, MaxDiscountPercentByRole } from '@kassa/contracts';
import {
  DEFAULT_MAX_DISCOUNT_PERCENT,
  parsePercent,
  parseMajor,
  toMajorString,
  type RoleName,
} from '@kassa/domain';
import {
  Alert,
  Button,
  Divider,
  Group,
  Loader,
  MultiSelect,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { fetchSettings, fetchTaxes, saveSettings } from '../api/settingsApi.ts';
import { StoreSettingsSection } from './StoreSettingsSection.tsx';

const ROLES: { role: RoleName; label: string }[] = [
  { role: 'owner', label: 'Owner' },
  { role: 'manager', label: 'Manager' },
  { role: 'cashier', label: 'Cashier' },
];

type SettingsFormProps = { settings: CompanySettings };

/** The editable form, seeded once from the settings as read. */
function SettingsForm({ settings }: SettingsFormProps) {
  const queryClient = useQueryClient();
  const currency = settings.currency;
  const [taxRounding, setTaxRounding] = useState(settings.taxRounding);
  const [roundingMode, setRoundingMode] = useState(settings.roundingMode);
  const [cashOn, setCashOn] = useState(settings.cashRounding !== null);
  const [increment, setIncrement] = useState(
    settings.cashRounding
      ? toMajorString(settings.cashRounding.increment, currency)
      : toMajorString(5, currency),
  );
  const [cashMode, setCashMode] = useState(settings.cashRounding?.mode ?? 'half_up');
  const [defaultTaxIds, setDefaultTaxIds] = useState<string[]>(settings.defaultTaxIds ?? []);
  const [limits, setLimits] = useState<Record<RoleName, string>>({
    ...DEFAULT_MAX_DISCOUNT_PERCENT,
    ...settings.maxDiscountPercent,
  });
  const [requireTotp, setRequireTotp] = useState(settings.requireTotpForManagers ?? false);
  const [inputError, setInputError] = useState<string | null>(null);
  const taxes = useQuery({ queryKey: ['backoffice-taxes'], queryFn: ({ signal }) => fetchTaxes(signal) });
  const save = useMutation({
    mutationFn: ({
      cashRounding,
      maxDiscountPercent,
    }: {
      cashRounding: CompanySettings['cashRounding'];
      maxDiscountPercent: MaxDiscountPercentByRole;
    }) =>
      saveSettings({
        taxRounding,
        roundingMode,
        cashRounding,
        defaultTaxIds,
        maxDiscountPercent,
        requireTotpForManagers: requireTotp,
      }),
    onSuccess: (saved) => queryClient.setQueryData(['backoffice-settings'], saved),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    let cashRounding: CompanySettings['cashRounding'] = null;
    if (cashOn) {
      let step: number;
      try {
        step = parseMajor(increment.trim(), currency);
      } catch {
        step = 0;
      }
      if (step < 1) {
        setInputError(`The cash rounding step is an amount in ${currency}, such as 0.05`);
        return;
      }
      cashRounding = { increment: step, mode: cashMode };
    }
    const maxDiscountPercent: MaxDiscountPercentByRole = {};
    for (const { role, label } of ROLES) {
      try {
        maxDiscountPercent[role] = parsePercent(limits[role].trim());
      } catch {
        setInputError(`The maximum discount of ${label} is a percent from 0 to 100, such as 12.5`);
        return;
      }
    }
    setInputError(null);
    save.mutate({ cashRounding, maxDiscountPercent });
  };
  return (
    <form onSubmit={submit} aria-label="Company settings">
      <Stack maw={520}>
        <Text size="sm">
          Currency: <b>{currency}</b> (fixed: every price and document is in it)
        </Text>
        <Title order={5}>Tax</Title>
        <Select
          label="Tax rounding"
          data-testid="settings-tax-rounding"
          data={[
            { value: 'per_line', label: 'Per line (each line rounded, then added)' },
            { value: 'global', label: 'Per receipt (added exactly, rounded once per rate)' },
          ]}
          value={taxRounding}
          onChange={(v) => v && setTaxRounding(v)}
          allowDeselect={false}
        />
        <Select
          label="Rounding of halves"
          data={[
            { value: 'half_up', label: 'Half up (0.005 → 0.01)' },
            { value: 'half_even', label: "Half to even (banker's rounding)" },
          ]}
          value={roundingMode}
          onChange={(v) => v && setRoundingMode(v)}
          allowDeselect={false}
        />
        <MultiSelect
          label="Default taxes"
          description="Taxes a product created without taxes gets (existing products keep theirs)"
          data-testid="settings-default-taxes"
          data={(taxes.data ?? []).map((t) => ({ value: t.id, label: `${t.name} (${t.rate}%)` }))}
          value={defaultTaxIds}
          onChange={setDefaultTaxIds}
          disabled={!taxes.data}
          clearable
        />
        <Title order={5}>Discounts</Title>
        <Text size="sm" c="dimmed">
          Largest line discount each role may give without a manager&apos;s approval, in percent.
        </Text>
        <Group grow>
          {ROLES.map(({ role, label }) => (
            <TextInput
              key={role}
              label={label}
              rightSection="%"
              data-testid={`settings-max-discount-${role}`}
              value={limits[role]}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setLimits((current) => ({ ...current, [role]: value }));
              }}
            />
          ))}
        </Group>
        <Title order={5}>Security</Title>
        <Switch
          label="Require two-factor sign-in for owners and managers"
          data-testid="settings-require-totp"
          checked={requireTotp}
          onChange={(e) => setRequireTotp(e.currentTarget.checked)}
        />
        <Title order={5}>Cash</Title>
        <Switch
          label="Round cash payments"
          data-testid="settings-cash-on"
          checked={cashOn}
          onChange={(e) => setCashOn(e.currentTarget.checked)}
        />
        {cashOn && (
          <Group grow>
            <TextInput
              label={`Step (${currency})`}
              data-testid="settings-cash-step"
              value={increment}
              onChange={(e) => setIncrement(e.currentTarget.value)}
            />
            <Select
              label="Direction"
              data={[
                { value: 'half_up', label: 'Nearest (half up)' },
                { value: 'up', label: 'Up' },
                { value: 'down', label: 'Down' },
              ]}
              value={cashMode}
              onChange={(v) => v && setCashMode(v)}
              allowDeselect={false}
            />
          </Group>
        )}
        {inputError && <Alert color="red">{inputError}</Alert>}
        {save.isError && <Alert color="red">{errorMessage(save.error)}</Alert>}
        {save.isSuccess && (
          <Alert color="green" data-testid="settings-saved">
            Settings saved.
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending} data-testid="settings-save">
            Save settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Company settings (tax rounding, rounding of halves, default taxes, maximum discount per role,
 * two-factor for owners and managers, cash rounding) and, per store, the shift over/short
 * threshold, age-check policy, returns without a receipt, offline limit and receipt texts.
 */
export function SettingsPage() {
  const settings = useQuery({
    queryKey: ['backoffice-settings'],
    queryFn: ({ signal }) => fetchSettings(signal),
  });
  if (settings.isError) return <Alert color="red">{errorMessage(settings.error)}</Alert>;
  if (!settings.data) return <Loader />;
  return (
    <Stack>
      <SettingsForm settings={settings.data} />
      <Divider />
      <StoreSettingsSection currency={settings.data.currency} />
    </Stack>
  );
}
