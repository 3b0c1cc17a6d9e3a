import type {
  CashMovement,
  CashMovementRequest,
  CloseShiftInfo,
  CloseShiftRequest,
  OpenShiftRequest,
  Shift,
  ShiftReport,
  ZReport,
} from '@kassa/contracts';
import { ApiError, apiErrorFromResponse } from '../../../lib/http/apiError.ts';
import { API_PREFIX } from '../../../lib/http/apiPrefix.ts';
import { api } from '../../auth/api/apiClient.ts';
import { keepOfflineCopy, withOfflineCopy } from '../../offline/state/offlineCache.ts';
import { sessionStore } from '../../auth/state/sessionStore.ts';

/** The open shift of the register, or null when none is open. */
export async function fetchOpenShift(registerId: string, signal?: AbortSignal): Promise<Shift | null> {
  // Offline, the register keeps selling in the shift it last saw open.
  return withOfflineCopy(window.localStorage, `shift.${registerId}`, async () => {
    try {
      return await api.get<Shift>(`/registers/${registerId}/shift`, undefined, signal);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'shift_not_open') return null;
      throw error;
    }
  });
}

/** Opens a shift; posting the same id again returns the stored shift. */
export async function openShift(request: OpenShiftRequest): Promise<Shift> {
  const shift = await api.post<Shift>('/shifts', request);
  keepOfflineCopy(window.localStorage, `shift.${shift.registerId}`, shift);
  return shift;
}

export function recordCashMovement(shiftId: string, request: CashMovementRequest): Promise<CashMovement> {
  return api.post<CashMovement>(`/shifts/${shiftId}/cash-movements`, request);
}

export function fetchXReport(shiftId: string, signal?: AbortSignal): Promise<ShiftReport> {
  return api.get<ShiftReport>(`/shifts/${shiftId}/x-report`, undefined, signal);
}

export function fetchCloseInfo(shiftId: string, signal?: AbortSignal): Promise<CloseShiftInfo> {
  return api.get<CloseShiftInfo>(`/shifts/${shiftId}/close-info`, undefined, signal);
}

export async function closeShift(shiftId: string, request: CloseShiftRequest): Promise<ZReport> {
  const report = await api.post<ZReport>(`/shifts/${shiftId}/close`, request);
  keepOfflineCopy(window.localStorage, `shift.${report.report.shift.registerId}`, null);
  return report;
}

/** Downloads the Z report PDF of a closed shift as a Blob (the call needs the bearer token). */
export async function fetchZReportPdf(shiftId: string): Promise<Blob> {
  const token = sessionStore.get()?.accessToken;
  const response = await fetch(`${API_PREFIX}/shifts/${shiftId}/z-report.pdf`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    credentials: 'same-origin',
  });
  if (!response.ok) throw await apiErrorFromResponse(response);
  return response.blob();
}
