// The bursary's facts the console computes itself (SPEC §6, docs/bursary.md):
// cohort years, amounts in euros, the days of a civil date. The rules
// themselves are the server's; these only say its answers in words.

import { locale, type Language } from "./i18n";

/// A pupil's cohort: the school year of the first handover, named by the year
/// it starts (1 August of Y to 31 July of Y+1 is cohort Y), as the server's cohort_year().
export function cohortOf(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return month >= 8 ? year : year - 1;
}

/// "2026-2027": a cohort as the school year people name it.
export function cohortLabel(year: number): string {
  return `${year}-${year + 1}`;
}

/// A day as YYYY-MM-DD, `days` after `iso` (before, when negative).
export function addDays(iso: string, days: number): string {
  const d = new Date(iso + "T12:00:00Z");
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/// Today in the browser, as YYYY-MM-DD.
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/// "60 €", "60,50 €" / "€60", "€60.50": an amount in cents as each language writes it.
export function formatEuros(language: Language, cents: number): string {
  const whole = cents % 100 === 0;
  return new Intl.NumberFormat(locale(language), {
    style: "currency",
    currency: "EUR",
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(cents / 100);
}

/// An amount as a person types it ("60", "60,00", "60.5", "1 000,00 €") in
/// cents; null when it is not one.
export function parseEuros(text: string): number | null {
  const plain = text.replace(/[\s\u00a0\u202f€]/g, "").replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(plain)) return null;
  const [euros, fraction = ""] = plain.split(".");
  return Number(euros) * 100 + Number(fraction.padEnd(2, "0"));
}

/// "12,5" / "12.5" without a currency: an amount in the inputs.
export function eurosInput(language: Language, cents: number): string {
  const text = (cents / 100).toFixed(cents % 100 === 0 ? 0 : 2);
  return language === "fr" ? text.replace(".", ",") : text;
}
