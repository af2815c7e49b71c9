// A device's inventory changes (GET /api/v1/devices/{id}/history,
// `inventory_changes`) in words: one part per thing that changed, as the
// server's diff names them (server/history/inventory_diff.hpp).

import { formatBytes, translate, translateCount, type Language } from "./i18n";

export interface ChangePart {
  label: string;
  text: string;
  /// Package names behind the counts (at most 50 a list, the server's cap).
  names?: string[];
}

interface FromTo {
  from: unknown;
  to: unknown;
}

function isFromTo(v: unknown): v is FromTo {
  return typeof v === "object" && v !== null && "from" in v && "to" in v;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];
}

function fromTo(language: Language, v: FromTo, show: (x: unknown) => string): string {
  const side = (x: unknown) => (x === null || x === undefined ? translate(language, "change_none") : show(x));
  return `${side(v.from)} → ${side(v.to)}`;
}

function software(language: Language, v: Record<string, unknown>): ChangePart {
  const counts: string[] = [];
  for (const [key, message] of [
    ["added", "change_packages_added"],
    ["removed", "change_packages_removed"],
    ["updated", "change_packages_updated"],
  ] as const) {
    const n = typeof v[key] === "number" ? (v[key] as number) : 0;
    if (n > 0) counts.push(translateCount(language, message, n));
  }
  const names = [...strings(v.added_names), ...strings(v.removed_names), ...strings(v.updated_names)];
  return { label: translate(language, "change_software"), text: counts.join(", "), names };
}

/// The parts of one change, in the order IT reads them; a part the console
/// does not know is shown as the server sent it.
export function describeChanges(language: Language, changes: Record<string, unknown>): ChangePart[] {
  const parts: ChangePart[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if ((key === "os" || key === "kernel") && isFromTo(value)) {
      parts.push({ label: translate(language, `change_${key}`), text: fromTo(language, value, String) });
    } else if (key === "memory_total_bytes" && isFromTo(value)) {
      const bytes = (x: unknown) => formatBytes(language, typeof x === "number" ? x : null);
      parts.push({ label: translate(language, "change_memory"), text: fromTo(language, value, bytes) });
    } else if ((key === "disks_added" || key === "disks_removed") && Array.isArray(value)) {
      parts.push({ label: translate(language, `change_${key}`), text: strings(value).join(", ") });
    } else if (key === "software" && typeof value === "object" && value !== null) {
      parts.push(software(language, value as Record<string, unknown>));
    } else {
      parts.push({ label: key, text: JSON.stringify(value) });
    }
  }
  return parts;
}
