// The IBAN as the office types it, checked in the browser as it is typed
// (ISO 13616: country, length, check digits, ISO 7064 mod 97-10), the same
// checks as the server's normalize_iban (server/bursary/iban.cpp), which
// decides in the end. Grouped by four, as on a bank's paper.

/// The IBAN length of every country of the ISO 13616 registry, as the server knows them.
const kLengths: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/// What is wrong, or still missing, with an IBAN being typed.
export type IbanProblem =
  | "empty"
  | "characters"  ///< something else than letters, digits and spaces
  | "country"  ///< does not start with two letters
  | "unknown_country"  ///< two letters that are no IBAN country
  | "too_short"  ///< not all typed yet
  | "too_long"
  | "check_digits"  ///< the 3rd and 4th characters are not digits from 02 to 98
  | "mod97";  ///< a mistyped character, most likely

export interface IbanCheck {
  compact: string;
  problem: IbanProblem | null;
  /// The length of the country's IBANs, once the country is known.
  length: number | null;
}

const kSeparators = /[\s\u00a0\u202f]/g;

/// The IBAN without spaces, in capitals, without the "IBAN" that paper forms print before it.
export function compactIban(text: string): string {
  const compact = text.replace(kSeparators, "").toUpperCase();
  return compact.startsWith("IBAN") ? compact.slice(4) : compact;
}

/// ISO 7064 mod 97-10 of the IBAN with its first four characters moved to the
/// end, letters read as 10 to 35: 1 for a valid IBAN.
export function mod97(compact: string): number {
  let remainder = 0;
  for (const c of compact.slice(4) + compact.slice(0, 4)) {
    const code = c.charCodeAt(0);
    if (code >= 48 && code <= 57) remainder = (remainder * 10 + (code - 48)) % 97;
    else remainder = (remainder * 100 + (code - 55)) % 97;
  }
  return remainder;
}

export function checkIban(text: string): IbanCheck {
  const compact = compactIban(text);
  const result = (problem: IbanProblem | null, length: number | null = null): IbanCheck => ({ compact, problem, length });
  if (compact === "") return result("empty");
  if (!/^[A-Z0-9]+$/.test(compact)) return result("characters");
  if (compact.length < 2) return result("too_short");
  if (!/^[A-Z]{2}/.test(compact)) return result("country");
  const length = kLengths[compact.slice(0, 2)] ?? null;
  if (length === null) return result("unknown_country");
  if (/^[A-Z]{2}(\D|\d\D)/.test(compact)) {
    return result("check_digits", length);
  }
  if (compact.length < length) return result("too_short", length);
  if (compact.length > length) return result("too_long", length);
  const check = Number(compact.slice(2, 4));
  if (check < 2 || check > 98) return result("check_digits", length);
  if (mod97(compact) !== 1) return result("mod97", length);
  return result(null, length);
}

/// "FR76 3000 6000 0112 3456 7890 189": the IBAN in groups of four, as typed
/// (a paper form's "IBAN" before it is a group of its own).
export function groupIban(text: string): string {
  return text.replace(kSeparators, "").toUpperCase().replace(/(.{4})(?=.)/g, "$1 ");
}

/// Where the caret goes once `text` is grouped by four: after as many letters
/// and digits as stood before it, so typing in the middle stays in place.
export function caretAfterGrouping(text: string, caret: number): number {
  const before = text.slice(0, caret).replace(kSeparators, "").length;
  const grouped = groupIban(text);
  let seen = 0;
  for (let i = 0; i < grouped.length; i++) {
    if (seen === before) return i;
    if (grouped[i] !== " ") seen++;
  }
  return grouped.length;
}
