// Words of the console, French first (the city works in French), and the
// formats of dates and numbers for each language, through Intl.

import { messages, type MessageKey } from "./messages";

export type Language = "fr" | "en";
export const kLanguages: Language[] = ["fr", "en"];

/// The first of the browser's languages the console speaks; French otherwise.
export function languageFromBrowser(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "fr" || base === "en") return base;
  }
  return "fr";
}

/// `key`'s text in `language`, with `{name}` replaced by `vars.name`.
export function translate(
  language: Language,
  key: MessageKey,
  vars: Record<string, string | number> = {},
): string {
  const text = messages[language][key] ?? messages.fr[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

const locales: Record<Language, string> = { fr: "fr-FR", en: "en-GB" };

// Making an Intl formatter costs far more than using one, and a laptop's page
// formats thousands of dates and numbers: each is made once per language and
// options, then kept.
const formatters = new Map<string, unknown>();

function cached<F>(kind: string, language: Language, options: object, make: (locale: string) => F): F {
  const key = `${kind} ${language} ${JSON.stringify(options)}`;
  let formatter = formatters.get(key) as F | undefined;
  if (formatter === undefined) {
    formatter = make(locales[language]);
    formatters.set(key, formatter);
  }
  return formatter;
}

function numberFormat(language: Language, options: Intl.NumberFormatOptions = {}) {
  return cached("number", language, options, (locale) => new Intl.NumberFormat(locale, options));
}

function dateFormat(language: Language, options: Intl.DateTimeFormatOptions) {
  return cached("date", language, options, (locale) => new Intl.DateTimeFormat(locale, options));
}

/// `key` for `count`, or `key_one` when the language says one (French: 0
/// and 1, English: 1) and the catalogue has it; `{count}` is the number,
/// the other `{names}` from `vars`.
export function translateCount(
  language: Language,
  key: MessageKey,
  count: number,
  vars: Record<string, string | number> = {},
): string {
  const one = `${key}_one` as MessageKey;
  const singular = cached("plural", language, {}, (locale) => new Intl.PluralRules(locale)).select(count) === "one";
  const chosen = singular && one in messages[language] ? one : key;
  return translate(language, chosen, { ...vars, count: formatNumber(language, count) });
}

export function locale(language: Language): string {
  return locales[language];
}

export function formatNumber(language: Language, n: number): string {
  return numberFormat(language).format(n);
}

/// "5 déc. 2026, 08:10" / "5 Dec 2026, 08:10", in the browser's time zone.
export function formatDateTime(language: Language, iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(d);
}

export function formatDate(language: Language, iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso.length === 10 ? iso + "T12:00:00Z" : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(language, { dateStyle: "medium" }).format(d);
}

/// "24 nov." / "24 Nov": a day on a chart's axis.
export function formatDayShort(language: Language, iso: string): string {
  const d = new Date(iso.length === 10 ? iso + "T12:00:00Z" : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(language, { day: "numeric", month: "short", timeZone: "UTC" }).format(d);
}

/// "08:10": a time of day, in the browser's time zone.
export function formatTime(language: Language, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(language, { hour: "2-digit", minute: "2-digit" }).format(d);
}

/// "il y a 5 min" / "5 min ago": how long before `now`.
export function formatAgo(language: Language, iso: string | null | undefined, now: Date): string {
  if (!iso) return translate(language, "never");
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const seconds = Math.round((then - now.getTime()) / 1000);
  const rtf = cached(
    "relative",
    language,
    {},
    (locale) => new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" }),
  );
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, "second");
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), "hour");
  return rtf.format(Math.round(seconds / 86400), "day");
}

/// "12,3 Gio" / "12.3 GiB": a size for people.
export function formatBytes(language: Language, bytes: number | null | undefined): string {
  if (bytes == null) return "—";
  const units = language === "fr" ? ["o", "Kio", "Mio", "Gio", "Tio"] : ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${numberFormat(language, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
