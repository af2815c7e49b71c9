// One year of the bursary office, in the console only: the handovers
// imported (a bad row first), applications entered (on time, late,
// subscribed before the handover, an IBAN another payee gave), proofs
// recorded, a payment and its mandate file, then the year's figures as the
// rules give them. Dates are relative to today: the server runs on the real
// clock and refuses handovers in the future.
//
// It runs last: its laptops are handed over and never enrolled, which the
// fleet's counts of the earlier tests do not expect.

import { expect, expectHeading, textOf } from "./expect.mjs";
import { kUsers } from "./fleet.mjs";
import {
  cohortOf,
  downloaded,
  enterApplication,
  expectNoFullIban,
  frenchDate,
  isoDaysAgo,
  kIbans,
  recordProof,
} from "./office.mjs";

const kSchool = "École des Chaprais";

/// The school's pupils, their laptops and the days they got them.
const kPupils = [
  { ref: "C-0101", last: "Marchand", first: "Zoé", serial: "CHAP0101", handed: isoDaysAgo(40) },
  { ref: "C-0102", last: "Fournier", first: "Léo", serial: "CHAP0102", handed: isoDaysAgo(40) },
  { ref: "C-0103", last: "Roux", first: "Lina", serial: "CHAP0103", handed: isoDaysAgo(38) },
  // Handed over more than three months ago: the deadline has passed.
  { ref: "C-0104", last: "Lambert", first: "Nathan", serial: "CHAP0104", handed: isoDaysAgo(130) },
  { ref: "C-0105", last: "Garnier", first: "Jade", serial: "CHAP0105", handed: isoDaysAgo(35) },
];
/// Zoé's laptop broke: a replacement, which moves no deadline.
const kReplacement = { ref: "C-0101", serial: "CHAP0901", handed: isoDaysAgo(15) };

function handoversFile(dateOf) {
  const header = "N° de série;Référence élève;Nom;Prénom;Établissement;Classe;Date de remise;Type de remise";
  const rows = kPupils.map((p) => `${p.serial};${p.ref};${p.last};${p.first};${kSchool};CE2 A;${dateOf(p)};initiale`);
  rows.push(`${kReplacement.serial};${kReplacement.ref};Marchand;Zoé;${kSchool};CE2 A;${frenchDate(kReplacement.handed)};remplacement`);
  return [header, ...rows].join("\r\n") + "\r\n";
}

/// A row of the figures per school, by measure.
async function schoolFigures(page, cohort) {
  await page.goto(`/figures?cohort=${cohort}`);
  await expectHeading(page, "Bilan annuel");
  const table = page.getByRole("region", { name: "Une année, par école" }).locator("table.figures");
  const row = table.locator("tbody tr", { hasText: kSchool });
  await row.waitFor();
  const names = await table.locator("thead th").allTextContents();
  const cells = await row.locator("td").allTextContents();
  return Object.fromEntries(names.slice(1).map((name, i) => [name, cells[i].replace(/\s/g, " ")]));
}

export const officeYear = {
  name: "bursary-office-year",
  async run(s) {
    const page = await s.open();
    await s.login(kUsers.bursary);

    // 1. The handovers, with a date typed wrong: the check lists the row, nothing is imported.
    await page.goto("/imports");
    await expectHeading(page, "Importer un fichier");
    await page.getByLabel("des remises d'ordinateurs").check();
    const wrong = handoversFile((p) => (p.ref === "C-0103" ? frenchDate(isoDaysAgo(-30)) : frenchDate(p.handed)));
    await page.getByLabel("Fichier CSV").setInputFiles({ name: "remises.csv", mimeType: "text/csv", buffer: Buffer.from(wrong) });
    s.allowStatus(422);
    await page.getByRole("button", { name: "Vérifier le fichier" }).click();
    await page.getByRole("alert").filter({ hasText: "Un problème dans le fichier : rien n'a été importé" }).waitFor();
    const problem = await textOf(page.locator("table.import-problems tbody tr"));
    expect(problem.startsWith("4Date de remise") && problem.includes("est dans le futur"), problem);
    await s.shoot("office-import-refused-fr");

    // 2. Fixed: the check says what will change, row by row; then confirmed.
    const fixed = handoversFile((p) => frenchDate(p.handed));
    await page.getByLabel("Fichier CSV").setInputFiles({ name: "remises.csv", mimeType: "text/csv", buffer: Buffer.from(fixed) });
    await page.getByRole("button", { name: "Vérifier le fichier" }).click();
    const plan = page.getByRole("region", { name: "Ce que l'import fera" });
    const summary = await textOf(plan.locator("ul.import-summary"));
    expect(summary.includes("Remises d'ordinateurs : 6 nouvelles, 0 déjà enregistrée") && summary.includes("Élèves : 5 créés"), summary);
    const rows = await plan.locator("table.import-changes tbody tr").allTextContents();
    expect(rows.length === 6 && rows[5].includes("CHAP0901") && rows[5].includes("remplacement") && rows[5].endsWith("nouvelle"),
      `changes: ${rows}`);
    await s.checkAccessibility("handovers' dry run");
    await s.shoot("office-import-checked-fr");
    await plan.getByRole("button", { name: "Confirmer l'import" }).click();
    await page.getByRole("region", { name: "Import fait" }).getByText("L'import est enregistré.").waitFor();

    // 3. The applications, as they arrive. Zoé's: on time, the proof to come.
    const zoe = await enterApplication(page, {
      pupil: "C-0101", prefilled: true, received: isoDaysAgo(20), subscribed: isoDaysAgo(30),
      payee: "Sandrine Marchand", iban: kIbans.fr, connection: "fibre", decision: "En attente du justificatif",
    });
    // Léo's family gives the IBAN Zoé's did, for another payee: a warning, seen and accepted.
    const leo = await enterApplication(page, {
      pupil: "C-0102", received: isoDaysAgo(18), subscribed: isoDaysAgo(25), payee: "Martine Fournier",
      iban: `IBAN ${kIbans.fr.toLowerCase()}`, decision: "En attente du justificatif",
      warnings: ["Sandrine Marchand"],
      shoot: () => s.shoot("office-application-warning-fr"),
    });
    // Lina's subscription started before her laptop was handed over: refused, said before saving.
    const lina = await enterApplication(page, {
      pupil: "C-0103", received: isoDaysAgo(10), subscribed: isoDaysAgo(45), payee: "Karim Roux", iban: kIbans.fr2,
      proof: isoDaysAgo(10), decision: "Refusée : Abonnement antérieur à la remise",
    });
    // Nathan's comes after the deadline: « Demande hors délai » shows before it is saved.
    const nathan = await enterApplication(page, {
      pupil: "C-0104", received: isoDaysAgo(0), subscribed: isoDaysAgo(100), payee: "Julie Lambert", iban: kIbans.be,
      proof: isoDaysAgo(0), decision: "Refusée : Demande hors délai",
      shoot: () => s.shoot("office-application-late-fr"),
    });
    expect(new Set([zoe, leo, lina, nathan]).size === 4, "four applications");

    // 4. The proofs come in.
    await recordProof(page, zoe, isoDaysAgo(5), "Accordée, à payer");
    await recordProof(page, leo, isoDaysAgo(3), "Accordée, à payer");

    // Jade's family has not applied: her deadline is listed, Nathan's has passed.
    await page.goto("/deadlines");
    await page.locator("table.deadlines tbody tr", { hasText: "Garnier Jade" }).waitFor();
    expect((await page.locator("table.deadlines tbody tr", { hasText: kSchool }).count()) === 2,
      "Jade, and Lina, whose refusal a new application may overcome");
    await page.locator("table.deadlines tbody tr", { hasText: "Roux Lina" }).getByText("Abonnement antérieur à la remise").waitFor();

    // 5. The payment: the preview, then the batch.
    await page.goto("/payments");
    await page.getByRole("button", { name: "Préparer un paiement" }).click();
    for (const ref of ["C-0101", "C-0102"]) {
      const line = page.locator("table.payment-lines tbody tr", { hasText: ref });
      await line.waitFor();
      expect((await textOf(line)).includes("FR76 **** **** **** **** ***0 189"), await textOf(line));
    }
    for (const ref of ["C-0103", "C-0104"]) {
      expect((await page.locator("table.payment-lines tbody tr", { hasText: ref }).count()) === 0, `${ref} is not paid`);
    }
    await page.getByRole("button", { name: "Confirmer le paiement" }).click();
    const paid = await textOf(page.getByRole("status").filter({ hasText: /Lot de paiement n° \d+ créé/ }));
    const batch = Number(/n° (\d+)/.exec(paid)[1]);
    await s.shoot("office-paid-fr");

    // 6. The mandate file for the finance software: the IBANs in full, only there.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: `Fichier de mandats du lot ${batch} (CSV)` }).first().click(),
    ]);
    const lines = (await downloaded(download)).split("\r\n");
    expect(lines[0] === "mandate_ref;payee_name;iban;amount;budget_line;fiscal_year;pupil_ref", lines[0]);
    const year = new Date().getFullYear();
    for (const [id, payee, ref] of [[zoe, "Sandrine Marchand", "C-0101"], [leo, "Martine Fournier", "C-0102"]]) {
      const mandate = `CLIC-${year}-${String(id).padStart(6, "0")};${payee};${kIbans.fr};60.00;67.212/6714.2618 CS 10100;${year};${ref}`;
      expect(lines.includes(mandate), `« ${mandate} » in\n${lines.join("\n")}`);
    }

    // 7. The year's figures, as the rules count them, per cohort of the first handovers.
    const byCohort = new Map();
    for (const p of kPupils) {
      const c = cohortOf(p.handed);
      const f = byCohort.get(c) ?? { handed: 0, applications: 0, granted: 0, refused: 0, late: 0, before: 0 };
      f.handed++;
      if (p.ref !== "C-0105") f.applications++;
      if (p.ref === "C-0101" || p.ref === "C-0102") f.granted++;
      if (p.ref === "C-0103") (f.refused++, f.before++);
      if (p.ref === "C-0104") (f.refused++, f.late++);
      byCohort.set(c, f);
    }
    for (const [cohort, f] of byCohort) {
      const shown = await schoolFigures(page, cohort);
      const expected = {
        "Ordinateurs remis": String(f.handed),
        "Demandes": String(f.applications),
        "Bourses accordées": String(f.granted),
        "Payées par mandat": String(f.granted),
        "Refusées": String(f.refused),
        "Montant payé": `${f.granted * 60} €`,
      };
      for (const [name, value] of Object.entries(expected)) {
        expect(shown[name] === value, `${cohort}, ${name}: ${shown[name]}, not ${value}`);
      }
    }
    await s.checkAccessibility("the year's figures");
    await s.shoot("office-figures-fr");

    // 8. Nowhere but in the mandate file is an IBAN shown in full.
    for (const path of ["/applications", `/applications/${zoe}`, `/applications/${leo}`, `/applications/${lina}`,
      `/applications/${nathan}`, "/pupils/C-0101", "/pupils/C-0102", "/payments", "/deadlines", "/figures"]) {
      await page.goto(path);
      await page.locator("h1").first().waitFor();
      await page.waitForFunction(() => !document.querySelector("main .loading"));
      await expectNoFullIban(page, path);
    }
  },
};
