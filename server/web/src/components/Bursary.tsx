// What the bursary office's pages share: an application's status in words,
// the cohorts to choose from, money.

import { cohortLabel } from "../logic/bursary";
import type { MessageKey } from "../logic/messages";
import { t } from "../state";
import { useApi } from "./useApi";

/// An application as the API answers it (IBAN masked).
export interface Application {
  id: number | null;
  pupil_ref: string;
  received_on: string;
  subscription_started_on: string;
  isp: string;
  connection_type: string;
  payee_name: string;
  iban: string;
  proof_received_on: string | null;
  status: string;
  reason: string | null;
  deadline: string | null;
  cohort_year: number | null;
  amount_cents: number;
  payment_batch_id: number | null;
  mandate_ref: string | null;
  withdrawal?: { at: string; by: string; reason: string } | null;
  warnings?: { code: string; field: string; message: string }[];
  /// In the list only.
  pupil?: { first_name: string; last_name: string };
  school?: string | null;
}

/// The yearly figures of one cohort (GET /api/v1/bursary/report and /years).
export interface Figures {
  cohort_year: number;
  handed_over: number;
  applications: number;
  rejected_by_reason: Record<string, number>;
  awaiting_proof: number;
  eligible: number;
  mandated: number;
  total_paid_cents: number;
  withdrawn: number;
  school?: string | null;
}

/// A cohort's settings (GET /api/v1/bursary/cohorts/{year}): the amount, the
/// window to apply, the training hours offered and how long the card lasts.
export interface CohortSettings {
  cohort_year: number;
  amount_cents: number;
  window_months: number;
  training_hours: number;
  card_months: number;
  default: boolean;
}

/// The deliberation's, for a cohort the server has not answered for yet.
export const kDeliberation = { training_hours: 12, card_months: 12 };

/// "Refusée : Demande hors délai", "En attente du justificatif".
export function statusText(status: string, reason?: string | null): string {
  const words = t(`app_status_${status}` as MessageKey);
  return reason ? words + t("colon") + t(`reason_${reason}` as MessageKey) : words;
}

export function StatusBadge(props: { status: string; reason?: string | null }) {
  return <span class={`badge app-${props.status}`}>{statusText(props.status, props.reason)}</span>;
}

export function connectionText(type: string): string {
  return t(`connection_${type}` as MessageKey);
}

/// The cohorts the office has figures for, newest first, as choices.
export function useCohortOptions(): { value: string; label: string }[] {
  const years = useApi<{ years: Figures[] }>("/api/v1/bursary/report/years");
  return (years.data?.years ?? [])
    .map((y) => y.cohort_year)
    .sort((a, b) => b - a)
    .map((y) => ({ value: String(y), label: cohortLabel(y) }));
}
