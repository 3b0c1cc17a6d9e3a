import { apiErrorFromResponse } from '../../../lib/http/apiError.ts';
import { API_PREFIX } from '../../../lib/http/apiPrefix.ts';
import { sessionStore } from '../../auth/state/sessionStore.ts';

/** Paper width of the thermal roll, in mm. */
export type PaperWidth = '58' | '80';

/**
 * The receipt of a sale as ESC/POS bytes for a thermal printer (GET /sales/:id/receipt.escpos):
 * `drawer` appends the cash drawer kick, `copy` marks a reprint.
 */
export async function fetchReceiptEscPos(
  saleId: string,
  options: { width: PaperWidth; drawer: boolean; copy: boolean },
): Promise<Uint8Array> {
  const token = sessionStore.get()?.accessToken;
  const query = new URLSearchParams({
    width: options.width,
    ...(options.drawer ? { drawer: 'true' } : {}),
    ...(options.copy ? { copy: 'true' } : {}),
  });
  const response = await fetch(`${API_PREFIX}/sales/${saleId}/receipt.escpos?${query.toString()}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    credentials: 'same-origin',
  });
  if (!response.ok) throw await apiErrorFromResponse(response);
  return new Uint8Array(await response.arrayBuffer());
}
