// The form of a new bursary application: what the office types, and the
// body POST /api/v1/bursary/applications takes from it.

import { checkIban, compactIban } from "./iban";

export interface ApplicationDraft {
  pupil_ref: string;
  received_on: string;
  subscription_started_on: string;
  isp: string;
  connection_type: string;
  payee_name: string;
  iban: string;
  proof_received_on: string;
}

/// The fields in the order of the form, which is the order of the API's problems.
export const kApplicationFields: readonly (keyof ApplicationDraft)[] = [
  "pupil_ref",
  "received_on",
  "subscription_started_on",
  "isp",
  "connection_type",
  "payee_name",
  "iban",
  "proof_received_on",
];

export function emptyDraft(pupil: string, today: string): ApplicationDraft {
  return {
    pupil_ref: pupil,
    received_on: today,
    subscription_started_on: "",
    isp: "",
    connection_type: "",
    payee_name: "",
    iban: "",
    proof_received_on: "",
  };
}

/// The request's body: texts trimmed, the IBAN without its spaces, no proof date when none came.
export function applicationBody(d: ApplicationDraft): Record<string, string> {
  const body: Record<string, string> = {};
  for (const field of kApplicationFields) {
    const value = field === "iban" ? compactIban(d.iban) : d[field].trim();
    if (value !== "" || field !== "proof_received_on") body[field] = value;
  }
  return body;
}

/// Everything required is typed and the IBAN passes the browser's check: the
/// server can be asked for its decision.
export function isComplete(d: ApplicationDraft): boolean {
  return (
    kApplicationFields.every((f) => f === "proof_received_on" || d[f].trim() !== "") &&
    checkIban(d.iban).problem === null
  );
}
