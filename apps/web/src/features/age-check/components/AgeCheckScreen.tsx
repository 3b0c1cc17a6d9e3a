import type { AgeCheckInput } from '@kassa/contracts';
import { newDocumentId } from '@kassa/domain';
import { Alert, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { logAgeCheck } from '../api/ageCheckApi.ts';
import { evaluateOnTerminal, REFUSAL_TEXT } from '../state/ageCheck.ts';

export type AgeCheckScreenProps = {
  minimumAge: number;
  /** Customers clearly over this age may be passed by sight; null: not allowed in this store. */
  visualOver: number | null;
  timeZone: string;
  registerId: string;
  restrictedCount: number;
  /** The check passed: tender, sending `check` with the sale. */
  onPassed: (check: AgeCheckInput) => void;
  /** Refused: remove the restricted lines and go back to the cart. */
  onRemoveRestricted: () => void;
  onBack: () => void;
};

/**
 * Before tendering a cart with age-restricted lines: the cashier types the customer's date of birth,
 * scans the ID's PDF417 barcode (AAMVA text), or, where the store allows it, confirms the customer
 * is clearly over an age. Evaluated at once with the server's rule; a refusal is logged.
 */
export function AgeCheckScreen({
  minimumAge,
  visualOver,
  timeZone,
  registerId,
  restrictedCount,
  onPassed,
  onRemoveRestricted,
  onBack,
}: AgeCheckScreenProps) {
  const [birthDate, setBirthDate] = useState('');
  const [idText, setIdText] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [logProblem, setLogProblem] = useState<string | null>(null);

  const check = (input: AgeCheckInput) => {
    const checkedAt = new Date();
    const outcome = evaluateOnTerminal(input, minimumAge, timeZone, checkedAt);
    if (outcome.result === 'passed') {
      onPassed(input);
      return;
    }
    setRefusal(REFUSAL_TEXT[outcome.reason!]);
    // A mistyped date is not a refusal of the customer: only real refusals are logged.
    if (outcome.reason === 'invalid_birth_date') return;
    logAgeCheck({ id: newDocumentId(), registerId, check: input, checkedAt: checkedAt.toISOString() }).then(
      () => setLogProblem(null),
      (error: unknown) => setLogProblem(`The refusal could not be logged: ${errorMessage(error)}`),
    );
  };

  const onBirthDate = (event: FormEvent) => {
    event.preventDefault();
    check({ method: 'birth_date', birthDate: birthDate.trim() });
  };

  return (
    <Stack p="md" maw={640} mx="auto" data-testid="age-check">
      <Title order={2}>Age check: {minimumAge}+</Title>
      <Text>
        The cart has {restrictedCount} age-restricted {restrictedCount === 1 ? 'item' : 'items'}. Check the
        customer&apos;s ID before taking payment.
      </Text>
      {refusal && (
        <Alert color="red" title="Sale of restricted items refused" data-testid="age-refused">
          <Stack gap="xs">
            <Text>{refusal}</Text>
            {logProblem && <Text size="sm">{logProblem}</Text>}
            <Group>
              <Button color="red" onClick={onRemoveRestricted} data-testid="age-remove-restricted">
                Remove restricted items
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <Paper withBorder p="md">
        <form onSubmit={onBirthDate}>
          <Group align="end">
            <TextInput
              label="Date of birth"
              placeholder="YYYY-MM-DD"
              value={birthDate}
              onChange={(e) => setBirthDate(e.currentTarget.value)}
              data-testid="age-birth-date"
              autoFocus
              size="lg"
            />
            <Button type="submit" size="lg" disabled={!birthDate.trim()} data-testid="age-check-birth-date">
              Check
            </Button>
          </Group>
        </form>
      </Paper>
      <Paper withBorder p="md">
        <Textarea
          label="Scan the ID (PDF417 barcode on the back)"
          value={idText}
          onChange={(e) => setIdText(e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={4}
          data-testid="age-id-scan"
        />
        <Button
          mt="sm"
          onClick={() => check({ method: 'id_scan', idBarcode: idText })}
          disabled={!idText.trim()}
          data-testid="age-check-id"
        >
          Check ID
        </Button>
      </Paper>
      <Group>
        {visualOver !== null && (
          <Button variant="light" onClick={() => check({ method: 'visual' })} data-testid="age-visual">
            Customer clearly over {visualOver}
          </Button>
        )}
        <Button variant="default" onClick={onBack} data-testid="age-back">
          Back to the cart
        </Button>
      </Group>
    </Stack>
  );
}
