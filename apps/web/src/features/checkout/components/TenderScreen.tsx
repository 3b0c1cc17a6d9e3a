import type { CreateSaleRequest, Sale } from '@kassa/contracts';
import {
  currencyExponent,
  formatMoney,
  newDocumentId,
  parseMajor,
  toMajorString,
  type TenderMethod,
} from '@kassa/domain';
import {
  ActionIcon,
  Alert,
  Button,
  Divider,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type Dispatch, type FormEvent } from 'react';
import type { CartLine } from '../../cart/state/cartReducer.ts';
import { useCommand } from '../../commands/hooks/useCommand.ts';
import { plainKey } from '../../commands/state/commandRegistry.ts';
import { ApiError, errorMessage } from '../../../lib/http/apiError.ts';
import { createSale } from '../api/salesApi.ts';
import { getStoreCredit } from '../api/storeCreditApi.ts';
import type { CheckoutAction, PendingSale } from '../state/checkoutFlow.ts';
import { saleRequest } from '../state/saleRequest.ts';
import { checkNewTender, quickCashAmounts, tenderSummary, type Tender } from '../state/tenders.ts';

export type TenderScreenProps = {
  /** What the customer owes, minor units. */
  amountDue: number;
  currency: string;
  registerId: string;
  lines: readonly CartLine[];
  pending: PendingSale;
  tenders: Tender[];
  dispatch: Dispatch<CheckoutAction>;
  onCompleted: (sale: Sale) => void;
  /**
   * Records the sale; defaults to POST /sales. The terminal passes the offline outbox's, which
   * resolves with a provisional sale when the server cannot be reached.
   */
  submitSale?: (request: CreateSaleRequest) => Promise<Sale>;
};

const METHOD_LABEL: Record<TenderMethod, string> = {
  cash: 'Cash',
  card: 'Card (external terminal)',
  store_credit: 'Store credit',
};

/**
 * Taking payment: cash (quick amounts or typed), card charged on a standalone terminal, or several
 * tenders until the amount is covered. Once covered the sale is posted; a failure can be retried
 * with the same sale id, so a sale is never recorded twice.
 */
export function TenderScreen({
  amountDue,
  currency,
  registerId,
  lines,
  pending,
  tenders,
  dispatch,
  onCompleted,
  submitSale = createSale,
}: TenderScreenProps) {
  const [custom, setCustom] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const completedAt = useRef<Date | null>(null);
  const summary = tenderSummary(amountDue, tenders);
  const exponent = currencyExponent(currency);
  const money = (minor: number) => formatMoney(minor, currency);

  const mutation = useMutation({ mutationFn: submitSale, onSuccess: onCompleted });
  const submitting = mutation.isPending;

  const submit = () => {
    completedAt.current ??= new Date();
    mutation.mutate(saleRequest(pending.saleId, registerId, lines, tenders, completedAt.current));
  };

  // Post the sale as soon as the tenders cover it; taking a tender back resets a failed attempt.
  const { covered } = summary;
  const { isIdle, reset } = mutation;
  useEffect(() => {
    if (covered && isIdle) submit();
    if (!covered && !isIdle) reset();
    // `submit` is left out of the deps on purpose: it is new every render and reads the latest tenders.
  }, [covered, isIdle, reset]);

  const take = (method: TenderMethod, amount: number, reference?: string) => {
    const issue = checkNewTender(amountDue, tenders, { method, amount });
    if (issue) {
      setProblem(issue.message);
      return false;
    }
    setProblem(null);
    const tender = { id: newDocumentId(), method, amount, ...(reference ? { reference } : {}) };
    dispatch({ type: 'addTender', tender });
    return true;
  };

  // Store credit: the code from the customer's receipt; spends its balance, at most what is remaining.
  const [creditCode, setCreditCode] = useState('');
  const creditLookup = useMutation({ mutationFn: getStoreCredit });
  const takeStoreCredit = async () => {
    setProblem(null);
    let credit;
    try {
      credit = await creditLookup.mutateAsync(creditCode);
    } catch (error) {
      setProblem(errorMessage(error));
      return;
    }
    const taken = tenders
      .filter((t) => t.method === 'store_credit' && t.reference === credit.code)
      .reduce((sum, t) => sum + t.amount, 0);
    const amount = Math.min(credit.balance - taken, summary.remaining);
    if (amount <= 0) {
      setProblem(`Store credit ${credit.code} has no balance left`);
      return;
    }
    if (take('store_credit', amount, credit.code)) setCreditCode('');
  };

  const takeCustom = (method: TenderMethod) => {
    const text = custom.trim();
    let amount: number;
    if (text === '' && method === 'card') amount = summary.remaining;
    else {
      try {
        amount = parseMajor(text, currency);
      } catch {
        setProblem(`Enter an amount such as ${exponent > 0 ? `12.${'0'.repeat(exponent)}` : '1200'}`);
        return;
      }
    }
    if (take(method, amount)) setCustom('');
  };

  const onCustomSubmit = (event: FormEvent) => {
    event.preventDefault();
    takeCustom('cash');
  };

  useCommand({
    name: 'tender-back',
    label: 'Back to the cart',
    shortcut: 'Esc',
    keyTest: plainKey('Escape'),
    perform: () => dispatch({ type: 'back' }),
    enabled: () => !submitting,
    inEditable: true,
  });
  useCommand({
    name: 'exact-cash',
    label: 'Cash, exact amount',
    shortcut: 'Enter',
    keyTest: plainKey('Enter'),
    perform: () => take('cash', summary.remaining),
    enabled: () => !summary.covered,
  });
  useCommand({
    name: 'card-remaining',
    label: 'Card for what is remaining',
    shortcut: 'F6',
    keyTest: plainKey('F6'),
    perform: () => take('card', summary.remaining),
    enabled: () => !summary.covered,
    inEditable: true,
  });

  const quick = quickCashAmounts(summary.remaining, exponent);
  const locked = summary.covered;

  return (
    <div className="kassa-tender">
      <Paper withBorder p="lg" className="kassa-tender-summary">
        <Stack gap="sm">
          <Group justify="space-between">
            <Text size="lg">Amount due</Text>
            <Title order={2} data-testid="tender-due">
              {money(amountDue)}
            </Title>
          </Group>
          <Divider />
          {tenders.length === 0 && <Text c="dimmed">No payment taken yet.</Text>}
          {tenders.map((tender) => (
            <Group
              key={tender.id}
              justify="space-between"
              data-testid="tender-line"
              data-method={tender.method}
            >
              <Text>
                {METHOD_LABEL[tender.method]}
                {tender.reference ? ` ${tender.reference}` : ''}
              </Text>
              <Group gap="xs">
                <Text fw={600}>{money(tender.amount)}</Text>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size={44}
                  aria-label="Remove tender"
                  disabled={submitting}
                  onClick={() => dispatch({ type: 'removeTender', tenderId: tender.id })}
                >
                  ✕
                </ActionIcon>
              </Group>
            </Group>
          ))}
          <Divider />
          <Group justify="space-between">
            <Text size="lg">Remaining</Text>
            <Text size="xl" fw={800} data-testid="tender-remaining">
              {money(summary.remaining)}
            </Text>
          </Group>
          <Group justify="space-between">
            <Text size="lg">Change due</Text>
            <Text
              size="xl"
              fw={800}
              c={summary.change > 0 ? 'green.8' : undefined}
              data-testid="tender-change"
            >
              {money(summary.change)}
            </Text>
          </Group>
          {submitting && <Alert color="blue">Completing the sale…</Alert>}
          {mutation.isError && (
            <Alert color="red" title="The sale was not completed" data-testid="sale-error">
              <Stack gap="xs">
                <Text size="sm">{errorMessage(mutation.error)}</Text>
                {mutation.error instanceof ApiError && !mutation.error.outcomeUnknown && (
                  <Text size="sm">Go back to the cart or take a tender back to fix it.</Text>
                )}
                <Button color="red" onClick={submit} data-testid="sale-retry">
                  Try again
                </Button>
              </Stack>
            </Alert>
          )}
        </Stack>
      </Paper>

      <Stack gap="md" className="kassa-tender-methods">
        <Text fw={700}>Cash</Text>
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
          {quick.map((amount, index) => (
            <Button
              key={amount}
              size="xl"
              h={64}
              variant={index === 0 ? 'filled' : 'default'}
              disabled={locked}
              onClick={() => take('cash', amount)}
              data-testid={index === 0 ? 'tender-cash-exact' : 'tender-cash-quick'}
              data-amount={amount}
            >
              {index === 0 ? `Exact ${money(amount)}` : money(amount)}
            </Button>
          ))}
        </SimpleGrid>
        <form onSubmit={onCustomSubmit}>
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              size="lg"
              label="Other amount"
              inputMode="decimal"
              placeholder={summary.remaining > 0 ? toMajorString(summary.remaining, currency) : ''}
              value={custom}
              disabled={locked}
              onChange={(e) => {
                setCustom(e.currentTarget.value);
                setProblem(null);
              }}
              data-testid="tender-custom-amount"
            />
            <Button
              type="submit"
              size="lg"
              disabled={locked || custom.trim() === ''}
              data-testid="tender-cash-custom"
            >
              Cash
            </Button>
            <Button
              type="button"
              size="lg"
              variant="light"
              disabled={locked}
              onClick={() => takeCustom('card')}
              data-testid="tender-card"
            >
              Card
            </Button>
          </Group>
        </form>
        <Text size="sm" c="dimmed">
          Card: charge the amount on the card terminal first, then record it here (an empty amount charges
          what is remaining).
        </Text>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void takeStoreCredit();
          }}
        >
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              size="lg"
              label="Store credit code"
              placeholder="SC-XXXX-XXXX"
              autoCapitalize="characters"
              value={creditCode}
              disabled={locked}
              onChange={(e) => {
                setCreditCode(e.currentTarget.value);
                setProblem(null);
              }}
              data-testid="tender-store-credit-code"
            />
            <Button
              type="submit"
              size="lg"
              variant="light"
              loading={creditLookup.isPending}
              disabled={locked || creditCode.trim() === ''}
              data-testid="tender-store-credit"
            >
              Store credit
            </Button>
          </Group>
        </form>
        {problem && (
          <Alert color="red" data-testid="tender-problem">
            {problem}
          </Alert>
        )}
        <Button
          variant="default"
          size="lg"
          onClick={() => dispatch({ type: 'back' })}
          disabled={submitting}
          data-testid="tender-back"
        >
          ← Back to the cart (Esc)
        </Button>
      </Stack>
    </div>
  );
}
