// The server's sentences about bad input (an import's rows, an application's
// fields, a setting), which the API writes in English, said in the console's
// language. A sentence the console does not know is shown as the server
// wrote it: it is still right, only not translated.

import { formatDate, translate, type Language } from "./i18n";
import type { MessageKey } from "./messages";

type Pattern = [RegExp, MessageKey, (m: RegExpMatchArray, language: Language) => Record<string, string>];

const none = () => ({});

/// The import's column names (the English ones the server uses), in words.
export function importColumn(language: Language, column: string): string {
  const key = `import_column_${column || "row"}` as MessageKey;
  const text = translate(language, key);
  return text === key ? column : text;
}

const kImportReasons: Pattern[] = [
  [/^required, but empty$/, "srv_required_empty", none],
  [/^longer than (\d+) bytes$/, "srv_longer_than", (m) => ({ n: m[1] })],
  [/^contains a control character/, "srv_control_character", none],
  [/^"(.*)" is not a date: write YYYY-MM-DD or DD\/MM\/YYYY$/, "srv_not_a_date", (m) => ({ value: m[1] })],
  [/^"(.*)" is not a real day$/, "srv_not_a_real_day", (m) => ({ value: m[1] })],
  [/^(\d{4}-\d{2}-\d{2}) is in the future \(today is (\d{4}-\d{2}-\d{2})\)$/, "srv_in_the_future_today",
    (m, language) => ({ date: formatDate(language, m[1]), today: formatDate(language, m[2]) })],
  [/^"(.*)" is not a kind: write initial or replacement/, "srv_not_a_kind", (m) => ({ value: m[1] })],
  [/^same as line (\d+)$/, "srv_same_as_line", (m) => ({ line: m[1] })],
  [/^has (\d+) fields, the header has (\d+)$/, "srv_fields_count", (m) => ({ n: m[1], header: m[2] })],
  [/^pupil_ref (.+) has (\w+) "(.*)" on line (\d+)$/, "srv_pupil_differs",
    (m, language) => ({ ref: m[1], column: importColumn(language, m[2]), value: m[3], line: m[4] })],
  [/^unknown pupil: give last_name and first_name/, "srv_unknown_pupil", none],
  [/^already recorded as initial handover$/, "srv_recorded_initial", none],
  [/^already recorded as replacement handover$/, "srv_recorded_replacement", none],
  [/^a replacement, but the pupil has no earlier handover$/, "srv_replacement_first", none],
];

const kFieldProblems: Pattern[] = [
  [/^is required$/, "srv_is_required", none],
  [/^must be a string$/, "srv_must_be_text", none],
  [/^must not be empty$/, "srv_must_not_be_empty", none],
  [/^longer than (\d+) bytes$/, "srv_too_long", (m) => ({ n: m[1] })],
  [/^must not hold control characters$/, "srv_control_character", none],
  [/^must be a date, YYYY-MM-DD or DD\/MM\/YYYY$/, "srv_must_be_date", none],
  [/^is in the future$/, "srv_in_the_future", none],
  [/^must be one of adsl/, "srv_connection_type", none],
  [/^is not a field of /, "srv_not_a_field", none],
  [/^no pupil with this reference$/, "srv_no_such_pupil", none],
  [/^IBAN is not valid: it may contain only/, "iban_problem_characters", none],
  [/^IBAN is not valid: it is empty$/, "iban_problem_empty", none],
  [/^IBAN is not valid: it must start with a two-letter country code$/, "iban_problem_country", none],
  [/^IBAN is not valid: its first two letters are not/, "iban_problem_unknown_country", none],
  [/^IBAN is not valid: it has (\d+) letters and digits where IBANs of its country have (\d+)$/,
    "srv_iban_length", (m) => ({ n: m[1], length: m[2] })],
  [/^IBAN is not valid: the (two )?check digits after the country code must be/, "iban_problem_check_digits", none],
  [/^IBAN is not valid: the check digits do not match/, "iban_problem_mod97", none],
  [/^must be from 0 to (\d+) \(the training offered/, "srv_training_hours", (m) => ({ n: m[1] })],
  [/^must be from 1 to 100000 cents/, "srv_amount_range", none],
  [/^must be from 1 to 24 months$/, "srv_window_range", none],
];

const kFileProblems: Pattern[] = [
  [/^the file is empty$/, "srv_file_empty", none],
  [/^the file has no header line/, "srv_file_empty", none],
  [/^the file is UTF-16 text/, "srv_file_utf16", none],
  [/^the file holds a NUL byte/, "srv_file_not_text", none],
  [/^required column (\w+) \((\w+)\) is missing;/, "srv_file_missing_column",
    (m, language) => ({ column: importColumn(language, m[1]), names: `${m[2]}, ${m[1]}` })],
  [/^column (\w+) is given twice \((.*)\);/, "srv_file_column_twice",
    (m, language) => ({ column: importColumn(language, m[1]), names: m[2] })],
];

function said(language: Language, patterns: Pattern[], text: string): string {
  for (const [pattern, key, vars] of patterns) {
    const m = text.match(pattern);
    if (m) return translate(language, key, vars(m, language));
  }
  return text;
}

/// Why an import's row was refused ("required, but empty" → « obligatoire, mais vide »).
export function importReason(language: Language, reason: string): string {
  return said(language, kImportReasons, reason);
}

/// What is wrong with a field of a form ("is in the future" → « est dans le futur… »).
export function fieldProblem(language: Language, message: string): string {
  return said(language, kFieldProblems, message);
}

/// Why an import refused the file as a whole (its header, its encoding).
export function fileProblem(language: Language, message: string): string {
  return said(language, kFileProblems, message);
}
