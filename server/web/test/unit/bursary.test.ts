import assert from "node:assert/strict";
import { test } from "node:test";

import { applicationBody, emptyDraft, isComplete } from "../../src/logic/applicationForm";
import { addDays, cohortLabel, cohortOf, eurosInput, formatEuros, localToday, parseEuros } from "../../src/logic/bursary";

const spaced = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");  // Intl writes no-break spaces

test("a cohort is the school year of the first handover, from 1 August", () => {
  assert.equal(cohortOf("2026-07-31"), 2025);
  assert.equal(cohortOf("2026-08-01"), 2026);
  assert.equal(cohortOf("2027-01-10"), 2026);
  assert.equal(cohortLabel(2026), "2026-2027");
});

test("days before and after, across months and years", () => {
  assert.equal(addDays("2026-12-06", -20), "2026-11-16");
  assert.equal(addDays("2026-12-31", 1), "2027-01-01");
  assert.equal(addDays("2028-02-28", 1), "2028-02-29");
  assert.equal(localToday(new Date(2026, 11, 6, 23, 30)), "2026-12-06");
});

test("amounts in euros as each language writes them, and as people type them", () => {
  assert.equal(spaced(formatEuros("fr", 6000)), "60 €");
  assert.equal(spaced(formatEuros("fr", 6050)), "60,50 €");
  assert.equal(spaced(formatEuros("fr", 123000)), "1 230 €");
  assert.equal(formatEuros("en", 6000), "€60");
  assert.equal(formatEuros("en", 6050), "€60.50");
  assert.equal(parseEuros("60"), 6000);
  assert.equal(parseEuros(" 60,5 € "), 6050);
  assert.equal(parseEuros("60.05"), 6005);
  assert.equal(parseEuros("1 000,00"), 100000);
  for (const wrong of ["", "soixante", "60,555", "-60", "6O"]) assert.equal(parseEuros(wrong), null, wrong);
  assert.equal(eurosInput("fr", 6050), "60,50");
  assert.equal(eurosInput("en", 6000), "60");
});

test("the application's body: trimmed, the IBAN compact, no proof date when none came", () => {
  const draft = {
    ...emptyDraft(" e-0001 ", "2026-12-06"),
    subscription_started_on: "2026-11-20",
    isp: " Orange ",
    connection_type: "fibre",
    payee_name: "Sandrine Marchand",
    iban: "FR76 3000 6000 0112 3456 7890 189",
  };
  assert.deepEqual(applicationBody(draft), {
    pupil_ref: "e-0001",
    received_on: "2026-12-06",
    subscription_started_on: "2026-11-20",
    isp: "Orange",
    connection_type: "fibre",
    payee_name: "Sandrine Marchand",
    iban: "FR7630006000011234567890189",
  });
  assert.equal(isComplete(draft), true);
  assert.equal(applicationBody({ ...draft, proof_received_on: "2026-12-01" }).proof_received_on, "2026-12-01");
  assert.equal(isComplete({ ...draft, isp: "  " }), false);
  assert.equal(isComplete({ ...draft, iban: "FR76 3000 6000 0112 3456 7890 188" }), false);
});
