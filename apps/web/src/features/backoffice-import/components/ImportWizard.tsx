import type { ImportProgress, ProductImportResult } from '@kassa/contracts';
import {
  Alert,
  Button,
  FileInput,
  Group,
  Progress,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { downloadExport, uploadProductsWithProgress } from '../api/importApi.ts';

const FIELDS = [
  ['sku', 'colSku', 'SKU *'],
  ['name', 'colName', 'Name *'],
  ['price', 'colPrice', 'Price *'],
  ['cost', 'colCost', 'Cost'],
  ['barcode', 'colBarcode', 'Barcodes (GTIN)'],
  ['category', 'colCategory', 'Category'],
  ['vendor', 'colVendor', 'Vendor'],
  ['unit', 'colUnit', 'Unit'],
  ['ageRestricted', 'colAgeRestricted', 'Age restricted'],
  ['active', 'colActive', 'Active'],
  ['taxes', 'colTaxes', 'Taxes'],
] as const;

type Mapping = Partial<Record<(typeof FIELDS)[number][1], string>>;

type ImportProgressBarProps = { progress: ImportProgress | null };

/** Rows checked so far, then a bar of products written out of the total. */
function ImportProgressBar({ progress }: ImportProgressBarProps) {
  if (!progress) return <Text size="sm">Uploading…</Text>;
  if (progress.phase === 'read' || progress.total === null || progress.total === 0)
    return (
      <Text size="sm" data-testid="import-progress">
        {progress.done.toLocaleString()} rows checked…
      </Text>
    );
  return (
    <Stack gap={4} w={360} data-testid="import-progress">
      <Text size="sm">
        {progress.done.toLocaleString()} of {progress.total.toLocaleString()} products written
      </Text>
      <Progress value={(100 * progress.done) / progress.total} />
    </Stack>
  );
}

/**
 * Import products from CSV or XLSX in steps: choose the file, check it (a dry run that shows the
 * columns, a preview and every row error), adjust the column mapping and check again, then import.
 */
export function ImportWizard() {
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [latest, setLatest] = useState(false);
  const [skipIncomplete, setSkipIncomplete] = useState(false);
  const [checked, setChecked] = useState<ProductImportResult | null>(null);
  const [done, setDone] = useState<ProductImportResult | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const query = (dryRun: boolean) => ({
    dryRun,
    ...mapping,
    onDuplicate: latest ? 'latest' : 'error',
    skipIncomplete,
  });
  const check = useMutation({
    mutationFn: () => {
      setProgress(null);
      return uploadProductsWithProgress(file!, query(true), setProgress);
    },
    onSuccess: (result) => {
      setChecked(result);
      setDone(null);
    },
  });
  const run = useMutation({
    mutationFn: () => {
      setProgress(null);
      return uploadProductsWithProgress(file!, query(false), setProgress);
    },
    onSuccess: setDone,
  });
  const columns = checked?.columns ?? [];

  return (
    <Stack>
      <Group align="end">
        <FileInput
          label="Product file (CSV or XLSX)"
          accept=".csv,.xlsx,text/csv"
          value={file}
          onChange={(f) => {
            setFile(f);
            setChecked(null);
            setDone(null);
          }}
          w={360}
        />
        <Button onClick={() => check.mutate()} disabled={!file} loading={check.isPending}>
          Check file
        </Button>
        <Button variant="default" onClick={() => void downloadExport('/exports/products', { format: 'csv' })}>
          Export products (CSV)
        </Button>
        <Button
          variant="default"
          onClick={() => void downloadExport('/exports/products', { format: 'xlsx' })}
        >
          Export products (XLSX)
        </Button>
      </Group>
      {check.isPending && <ImportProgressBar progress={progress} />}
      {check.isError && <Alert color="red">{errorMessage(check.error)}</Alert>}
      {checked && (
        <>
          <Title order={4}>Columns</Title>
          <Group>
            {FIELDS.map(([field, key, label]) => (
              <Select
                key={field}
                label={label}
                w={170}
                clearable
                data={columns}
                value={mapping[key] ?? checked.mapping[field] ?? null}
                onChange={(value) => setMapping({ ...mapping, [key]: value ?? undefined })}
              />
            ))}
          </Group>
          <Group>
            <Switch
              label="A SKU on several rows: keep the last row"
              checked={latest}
              onChange={(e) => setLatest(e.currentTarget.checked)}
            />
            <Switch
              label="Skip rows without SKU, name or price"
              checked={skipIncomplete}
              onChange={(e) => setSkipIncomplete(e.currentTarget.checked)}
            />
          </Group>
          <Text>
            {checked.rows} rows, {checked.products} products: {checked.created} new, {checked.updated}{' '}
            changed, {checked.unchanged} unchanged, {checked.skipped} skipped.
          </Text>
          <Title order={4}>Preview</Title>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                {Object.keys(checked.mapping).map((field) => (
                  <Table.Th key={field}>{field}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {checked.preview.map((row, i) => (
                <Table.Tr key={i}>
                  {Object.keys(checked.mapping).map((field) => (
                    <Table.Td key={field}>{row[field]}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {checked.errors.length > 0 ? (
            <>
              <Title order={4} c="red">
                {checked.errors.length} errors: fix the file or the mapping, then check again
              </Title>
              <Table aria-label="Row errors">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Row</Table.Th>
                    <Table.Th>Column</Table.Th>
                    <Table.Th>Reason</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {checked.errors.slice(0, 500).map((e, i) => (
                    <Table.Tr key={i}>
                      <Table.Td>{e.row}</Table.Td>
                      <Table.Td>{e.column}</Table.Td>
                      <Table.Td>{e.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          ) : (
            <Group>
              <Button color="green" onClick={() => run.mutate()} loading={run.isPending}>
                Import {checked.products} products
              </Button>
              {run.isPending && <ImportProgressBar progress={progress} />}
            </Group>
          )}
          {run.isError && <Alert color="red">{errorMessage(run.error)}</Alert>}
          {done && (
            <Alert color="green" title="Imported">
              {done.created} new, {done.updated} changed, {done.unchanged} unchanged.
            </Alert>
          )}
        </>
      )}
    </Stack>
  );
}
