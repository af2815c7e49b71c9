import assert from "node:assert/strict";
import { test } from "node:test";

import { fieldProblem, fileProblem, importColumn, importReason } from "../../src/logic/serverWords";

test("an import's refused rows in French, as the server words them in English", () => {
  const cases: [string, string][] = [
    ["required, but empty", "obligatoire, mais vide"],
    ["longer than 32 bytes", "plus long que 32 octets"],
    ["\"1er septembre 2026\" is not a date: write YYYY-MM-DD or DD/MM/YYYY", "« 1er septembre 2026 » n'est pas une date : écrivez JJ/MM/AAAA ou AAAA-MM-JJ"],
    ["\"31/09/2026\" is not a real day", "« 31/09/2026 » n'est pas un jour qui existe"],
    ["2026-12-15 is in the future (today is 2026-11-29)", "le 15 déc. 2026 est dans le futur (nous sommes le 29 nov. 2026)"],
    ["\"prêt\" is not a kind: write initial or replacement (initiale, remplacement)", "« prêt » n'est pas un type de remise : écrivez initiale ou remplacement"],
    ["same as line 2", "identique à la ligne 2"],
    ["has 6 fields, the header has 8", "6 champs, alors que l'en-tête en a 8"],
    ["pupil_ref B-001 has last_name \"Petit\" on line 2", "l'élève B-001 a « Petit » pour Nom à la ligne 2"],
    ["unknown pupil: give last_name and first_name, or import the pupils first", "élève inconnu : donnez son nom et son prénom, ou importez d'abord les élèves"],
    ["already recorded as initial handover", "déjà enregistrée comme première remise"],
    ["a replacement, but the pupil has no earlier handover", "un remplacement, mais l'élève n'a aucune remise plus ancienne"],
    ["something the console does not know", "something the console does not know"],
  ];
  for (const [server, french] of cases) assert.equal(importReason("fr", server), french);
  assert.equal(importReason("en", "same as line 2"), "same as line 2");
  assert.equal(importColumn("fr", "handover_date"), "Date de remise");
  assert.equal(importColumn("fr", ""), "toute la ligne");
  assert.equal(importColumn("en", "serial"), "Serial");
  assert.equal(importColumn("fr", "unheard_of"), "unheard_of");
});

test("a form's bad fields, and a refused file, in the page's language", () => {
  assert.equal(fieldProblem("fr", "is in the future"), "Cette date est dans le futur : elle ne peut pas dépasser aujourd'hui.");
  assert.equal(fieldProblem("fr", "IBAN is not valid: the check digits do not match the rest (a mistyped character?)"),
    "Cet IBAN n'est pas valable : un caractère mal recopié ? Vérifiez-le sur le RIB.");
  assert.equal(fieldProblem("fr", "IBAN is not valid: it has 26 letters and digits where IBANs of its country have 27"),
    "Cet IBAN a 26 caractères, ceux de son pays en ont 27.");
  assert.equal(fieldProblem("fr", "no pupil with this reference"), "Aucun élève n'a cette référence.");
  assert.equal(fieldProblem("en", "is required"), "Required.");
  assert.equal(fieldProblem("fr", "must be from 0 to 8 (the training offered to the pupil's cohort)"),
    "De 0 à 8 heures (la formation offerte à sa promotion).");
  assert.equal(fieldProblem("fr", "the database is busy"), "the database is busy");
  assert.equal(
    fileProblem("fr", "required column handover_date (date_remise) is missing; expected columns (English or French): serial (numero_serie)"),
    "Il manque la colonne obligatoire « Date de remise » (en-tête date_remise, handover_date).",
  );
  assert.equal(fileProblem("fr", "the file is empty"), "Le fichier est vide : il lui faut une ligne d'en-têtes, puis une ligne par élève ou par remise.");
});
