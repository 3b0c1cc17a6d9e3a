import type { Shift, ZReport } from '@kassa/contracts';
import { formatMoney } from '@kassa/domain';
import {
  Alert,
  Button,
  Center,
  Divider,
  Group,
  Loader,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../../lib/http/apiError.ts';
import { useStaff } from '../../register-setup/hooks/useStores.ts';
import { closeShift, fetchCloseInfo, fetchXReport, fetchZReportPdf } from '../api/shiftsApi.ts';
import { openShiftKey } from '../hooks/useOpenShift.ts';
import { denominationKey, drawerCount, type CountInputs } from '../state/drawerCount.ts';

export type CloseShiftScreenProps = { shift: Shift; onCancel: () => void };

/** Signed over/short as the cashier reads it: "Over $5.00", "Short $1.23", "Balanced". */
export function overShortLabel(overShort: number, currency: string): string {
  if (overShort === 0) return 'Balanced';
  return `${overShort > 0 ? 'Over' : 'Short'} ${formatMoney(Math.abs(overShort), currency)}`;
}

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Group justify="space-between" wrap="nowrap">
      <Text size="sm">{label}</Text>
      <Text size="sm" fw={600} data-testid={testId}>
        {value}
      </Text>
    </Group>
  );
}

/** Z report just written: over/short, the PDF, and back to the open-shift screen. */
function ZReportDone({ z, onDone }: { z: ZReport; onDone: () => void }) {
  const cur = z.report.shift.currency;
  const [pdfError, setPdfError] = useState<string | null>(null);
  const download = async () => {
    try {
      const blob = await fetchZReportPdf(z.report.shift.id);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `z-report-${z.reference}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setPdfError(errorMessage(error));
    }
  };
  return (
    <Stack data-testid="z-report">
      <Title order={3}>Z report {z.reference}</Title>
      <Row label="Expected in drawer" value={formatMoney(z.expectedCash, cur)} />
      <Row label="Counted" value={formatMoney(z.countedCash, cur)} />
      <Row label="Over/short" value={overShortLabel(z.overShort, cur)} testId="z-over-short" />
      {z.approvedByName && <Text size="sm">Approved by {z.approvedByName}</Text>}
      {z.report.parkedSales.length > 0 && (
        <Alert color="yellow" title="Parked sales left at the close have expired" data-testid="z-parked">
          {z.report.parkedSales.map((p) => (
            <Text size="sm" key={p.id} data-testid="z-parked-sale">
              {p.cashierName} · {formatMoney(p.total, cur)}
              {p.note ? ` · ${p.note}` : ''}
            </Text>
          ))}
        </Alert>
      )}
      {pdfError && <Alert color="red">{pdfError}</Alert>}
      <Group grow>
        <Button variant="default" onClick={() => void download()} data-testid="z-pdf">
          Download PDF
        </Button>
        <Button onClick={onDone} data-testid="z-done">
          Done
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Closing the shift: the X report so far, the drawer counted by denomination, expected versus
 * counted and the over/short; a manager approves by PIN when it is above the store's threshold.
 */
export function CloseShiftScreen({ shift, onCancel }: CloseShiftScreenProps) {
  const queryClient = useQueryClient();
  const report = useQuery({
    queryKey: ['x-report', shift.id],
    queryFn: ({ signal }) => fetchXReport(shift.id, signal),
  });
  const info = useQuery({
    queryKey: ['close-info', shift.id],
    queryFn: ({ signal }) => fetchCloseInfo(shift.id, signal),
  });
  const [inputs, setInputs] = useState<CountInputs>({});
  const [managerId, setManagerId] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [z, setZ] = useState<ZReport | null>(null);
  const staff = useStaff();
  const close = useMutation({
    mutationFn: (request: Parameters<typeof closeShift>[1]) => closeShift(shift.id, request),
    onSuccess: setZ,
  });

  if (report.isPending || info.isPending) {
    return (
      <Center h="100%">
        <Loader />
      </Center>
    );
  }
  if (report.isError || info.isError) {
    return (
      <Alert color="red" m="md" title="The shift cannot be loaded">
        {errorMessage(report.error ?? info.error)}
      </Alert>
    );
  }
  const x = report.data;
  const cur = info.data.currency;
  const { counts, total } = drawerCount(info.data.denominations, inputs);
  const overShort = total === null ? null : total - x.expectedCash;
  const needsApproval =
    (overShort !== null && Math.abs(overShort) > info.data.varianceThreshold) ||
    (close.error instanceof ApiError && close.error.code === 'approval_required');
  const managers = (staff.data ?? []).filter((u) => u.role === 'manager' || u.role === 'owner');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (total === null) return;
    close.mutate({
      counts,
      ...(needsApproval && managerId ? { approval: { managerId, pin } } : {}),
    });
  };

  return (
    <Center h="100%" p="md" style={{ overflow: 'auto' }}>
      <Paper withBorder shadow="sm" p="xl" w={720} maw="100%">
        {z ? (
          <ZReportDone
            z={z}
            onDone={() => {
              queryClient.setQueryData(openShiftKey(shift.registerId), null);
              onCancel();
            }}
          />
        ) : (
          <form onSubmit={submit}>
            <Stack>
              <Title order={3}>Close shift</Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Stack gap={4}>
                  <Text fw={700}>X report</Text>
                  <Row label={`Sales (${x.sales.count})`} value={formatMoney(x.sales.amountDue, cur)} />
                  <Row label="Discounts" value={formatMoney(x.sales.discounts, cur)} />
                  <Row label="Taxes" value={formatMoney(x.sales.taxes, cur)} />
                  {x.tenders.map((t) => (
                    <Row
                      key={t.method}
                      label={`${t.method} (${t.count})`}
                      value={formatMoney(t.amount, cur)}
                    />
                  ))}
                  <Divider />
                  <Row label="Opening float" value={formatMoney(x.shift.openingFloat, cur)} />
                  <Row label="Paid in" value={formatMoney(x.paidIn, cur)} />
                  <Row label="Paid out" value={formatMoney(x.paidOut, cur)} />
                  <Row
                    label="Expected in drawer"
                    value={formatMoney(x.expectedCash, cur)}
                    testId="close-expected"
                  />
                  <Row
                    label="Counted"
                    value={total === null ? '…' : formatMoney(total, cur)}
                    testId="close-counted"
                  />
                  <Row
                    label="Over/short"
                    value={overShort === null ? '…' : overShortLabel(overShort, cur)}
                    testId="close-over-short"
                  />
                </Stack>
                <SimpleGrid cols={2} spacing="xs" verticalSpacing={4}>
                  {info.data.denominations.map((d) => {
                    const key = denominationKey(d);
                    return (
                      <TextInput
                        key={key}
                        size="xs"
                        label={d.label}
                        inputMode="numeric"
                        placeholder="0"
                        value={inputs[key] ?? ''}
                        onChange={(e) => {
                          const value = e.currentTarget.value;
                          setInputs((prev) => ({ ...prev, [key]: value }));
                        }}
                        data-testid={`count-${key}`}
                      />
                    );
                  })}
                </SimpleGrid>
              </SimpleGrid>
              {needsApproval && (
                <Group grow align="flex-end">
                  <Select
                    label="Manager approval"
                    data={managers.map((m) => ({ value: m.id, label: m.name }))}
                    value={managerId}
                    onChange={setManagerId}
                    data-testid="approval-manager"
                  />
                  <PasswordInput
                    label="Manager PIN"
                    inputMode="numeric"
                    value={pin}
                    onChange={(e) => setPin(e.currentTarget.value)}
                    data-testid="approval-pin"
                  />
                </Group>
              )}
              {close.isError && <Alert color="red">{errorMessage(close.error)}</Alert>}
              <Group justify="space-between">
                <Button variant="default" onClick={onCancel}>
                  Back to selling
                </Button>
                <Button
                  type="submit"
                  loading={close.isPending}
                  disabled={total === null || (needsApproval && (!managerId || pin.length < 4))}
                  data-testid="close-shift-submit"
                >
                  Close shift
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Paper>
    </Center>
  );
}
