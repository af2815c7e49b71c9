// What the bursary office's browser tests share: days relative to today (the
// server runs on the real clock), the application form driven as a person
// fills it, and the check that an IBAN is never shown in full.

import { readFileSync } from "node:fs";

import { expect, expectHeading } from "./expect.mjs";

/// A day `days` before today (after, when negative), as the API and the date fields write it.
export function isoDaysAgo(days) {
  const d = new Date(Date.now() - days * 86400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/// The same day as a French spreadsheet writes it: DD/MM/YYYY.
export function frenchDate(iso) {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

/// The school year of a first handover, named by its first year (from 1 August).
export function cohortOf(iso) {
  const [y, m] = iso.split("-").map(Number);
  return m >= 8 ? y : y - 1;
}

/// IBANs the tests type, each valid; the console may show them only masked.
export const kIbans = {
  fr: "FR7630006000011234567890189",
  fr2: "FR1420041010050500013M02606",
  de: "DE89370400440532013000",
  gb: "GB29NWBK60161331926819",
  be: "BE68539007547034",
};

/// Fails if the page shows one of the IBANs in full, compact or in groups of four.
export async function expectNoFullIban(page, where) {
  const text = (await page.locator("body").innerText()).replace(/\s+/g, "");
  for (const iban of Object.values(kIbans)) {
    expect(!text.includes(iban), `${where} shows the IBAN ${iban} in full`);
  }
}

/// The file a download saved, as text.
export async function downloaded(download) {
  return readFileSync(await download.path(), "utf8");
}

/// Fills the application form (French labels) as the office does, waits for
/// the decision the rules give, accepts the warnings it expects, saves, and
/// answers the new application's number.
export async function enterApplication(page, a) {
  await page.goto(`/applications/new${a.prefilled ? `?pupil=${encodeURIComponent(a.pupil)}` : ""}`);
  await expectHeading(page, "Nouvelle demande de bourse");
  if (!a.prefilled) await page.getByLabel("Référence de l'élève").fill(a.pupil);
  await page.getByLabel("Demande reçue le").fill(a.received);
  await page.getByLabel("Abonnement souscrit le").fill(a.subscribed);
  await page.getByLabel("Fournisseur d'accès à Internet").fill(a.isp ?? "Orange");
  await page.getByLabel("Type de connexion").selectOption(a.connection ?? "adsl");
  await page.getByLabel("Bénéficiaire du versement").fill(a.payee);
  await page.getByLabel("IBAN", { exact: true }).fill(a.iban);
  if (a.proof) await page.getByLabel("Justificatif reçu le").fill(a.proof);
  const decision = page.getByRole("region", { name: "Décision selon les règles" });
  await decision.locator(".badge", { hasText: a.decision }).waitFor();
  for (const warning of a.warnings ?? []) await decision.getByText(warning).waitFor();
  if (a.shoot) await a.shoot();
  if ((a.warnings ?? []).length > 0) {
    expect(await page.getByRole("button", { name: "Enregistrer la demande" }).isDisabled(),
      "the warnings must be accepted before saving");
    await page.getByLabel("J'ai vérifié : enregistrer malgré ces avertissements").check();
  }
  await page.getByRole("button", { name: "Enregistrer la demande" }).click();
  await page.waitForURL(/\/applications\/\d+\?saved=1$/);
  await page.getByRole("status").filter({ hasText: "Demande enregistrée" }).waitFor();
  return Number(/\/applications\/(\d+)/.exec(page.url())[1]);
}

/// On an application's page: the proof came in on `day`; waits for the decision that follows.
export async function recordProof(page, id, day, decision) {
  await page.goto(`/applications/${id}`);
  await expectHeading(page, `Demande de bourse n° ${id}`);
  await page.getByLabel("Justificatif reçu le").fill(day);
  await page.getByRole("button", { name: "Enregistrer le justificatif" }).click();
  await page.getByRole("status").filter({ hasText: `Demande mise à jour : ${decision}` }).waitFor();
}
