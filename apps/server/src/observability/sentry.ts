/**
 * Optional error reporting to Sentry (or a Sentry-compatible service such as GlitchTip) when
 * SENTRY_DSN is set. Without a DSN the SDK is not even loaded. Only unexpected errors are sent
 * (the ones answered with a 500, and uncaught exceptions / unhandled rejections); expected
 * business outcomes (problem codes) never are. Events pass through the same redaction as the logs.
 */
import type * as SentryNs from '@sentry/node';
import { scrub } from './logger.ts';

type SentryModule = typeof SentryNs;

let sentry: SentryModule | undefined;

export type SentrySettings = {
  dsn: string | undefined;
  /** e.g. "production"; Sentry's environment. */
  environment: string;
  /** The running version, when known (Sentry's release). */
  release?: string;
};

/**
 * Starts Sentry when `settings.dsn` is set; resolves to whether it did. No tracing, no default
 * PII (IP addresses, cookies, request bodies); events are scrubbed of secrets and card numbers.
 */
export async function initSentry(settings: SentrySettings): Promise<boolean> {
  if (!settings.dsn) return false;
  const Sentry = await import('@sentry/node');
  Sentry.init({
    dsn: settings.dsn,
    environment: settings.environment,
    ...(settings.release ? { release: settings.release } : {}),
    sendDefaultPii: false,
    // Only what error reporting needs: no OpenTelemetry HTTP/database instrumentation.
    defaultIntegrations: false,
    integrations: [
      Sentry.onUncaughtExceptionIntegration(),
      Sentry.onUnhandledRejectionIntegration(),
      Sentry.linkedErrorsIntegration(),
    ],
    tracesSampleRate: 0,
    beforeSend: (event) => scrub(event) as typeof event,
  });
  sentry = Sentry;
  return true;
}

/** Whether reports are being sent (SENTRY_DSN was set and the SDK started). */
export function sentryEnabled(): boolean {
  return sentry !== undefined;
}

/**
 * Reports an unexpected error with the request id and, when known, company and user ids (never
 * names, e-mails or bodies). A no-op without Sentry.
 */
export function reportUnexpectedError(
  error: unknown,
  context: { requestId?: string; companyId?: string; userId?: string; route?: string },
): void {
  if (!sentry) return;
  const tags: Record<string, string> = {};
  if (context.requestId) tags.request_id = context.requestId;
  if (context.route) tags.route = context.route;
  sentry.captureException(error, {
    tags,
    ...(context.userId ? { user: { id: context.userId } } : {}),
    ...(context.companyId ? { extra: { companyId: context.companyId } } : {}),
  });
}

/** Sends what is queued, waiting at most `timeoutMs` (at shutdown). True when everything went out. */
export async function flushSentry(timeoutMs = 2000): Promise<boolean> {
  if (!sentry) return true;
  return sentry.flush(timeoutMs);
}
