// The bursary office's pages, each for the role `bursary` in French and in
// English (and the settings for an admin), and refused to the other roles.
// They run after the fleet's tests and before the office's year: the pupils
// they add have no laptop, so the fleet's counts do not move.

import { expect, expectHeading, textOf } from "./expect.mjs";
import { kPassword, kUsers } from "./fleet.mjs";
import {
  cohortOf,
  downloaded,
  enterApplication,
  expectNoFullIban,
  isoDaysAgo,
  kIbans,
  recordProof,
} from "./office.mjs";

const kAdminPassword = "un mot de passe pour l'admin";

function nav(page, name) {
  return page.getByRole("navigation", { name: /Navigation principale|Main navigation/ }).getByRole("link", { name, exact: true });
}

/// The handovers of the fleet (fleet.mjs) were 20 days ago.
const kFleetHandover = isoDaysAgo(20);

const kOfficePages = ["/pupils", "/pupils/E-0001", "/imports", "/applications", "/applications/new",
  "/applications/1", "/deadlines", "/deadlines/letters", "/payments", "/figures", "/settings"];

export const bursaryTests = [
  {
    name: "bursary-pupils",
    async run(s) {
      const page = await s.open();
      await s.login(kUsers.bursary);
      await nav(page, "Élèves").click();
      await expectHeading(page, "Élèves et remises");
      const rows = page.locator("table.pupils tbody tr");
      await rows.nth(3).waitFor();
      // Any laptop's serial finds its pupil, case aside.
      await page.getByLabel("Rechercher").fill("demo0003");
      await page.waitForURL(/q=demo0003/);
      await page.waitForFunction(() => document.querySelectorAll("table.pupils tbody tr").length === 1);
      const found = await textOf(rows);
      expect(found.includes("Moreau Inès") && found.includes("E-0003") && found.includes("École Curie"), found);
      await page.getByRole("button", { name: "Effacer les filtres" }).click();
      await page.locator("select[name=school]").selectOption("École Jaurès");
      await page.waitForURL(/school=%C3%89cole\+Jaur%C3%A8s/);
      await page.waitForFunction(() => document.querySelectorAll("table.pupils tbody tr").length === 2);
      await s.checkAccessibility("pupils");
      await s.shoot("pupils-fr");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Exporter la liste (CSV)" }).click(),
      ]);
      expect(download.suggestedFilename() === "eleves.csv", download.suggestedFilename());
      const csv = await downloaded(download);
      expect(csv.includes("E-0001") && csv.includes("E-0002") && !csv.includes("E-0003"), csv);

      // A pupil: their laptop, and the card with its training hours.
      await page.getByRole("link", { name: "Lefèvre Hélène" }).click();
      await expectHeading(page, "Hélène Lefèvre (E-0001)");
      const laptops = page.getByRole("region", { name: "Ordinateurs remis" });
      await laptops.getByText("ordinateur actuel").waitFor();
      const laptop = laptops.getByRole("link", { name: "DEMO0001" });
      expect((await laptop.getAttribute("href"))?.startsWith("/devices/"), "the laptop links to its page");
      await page.getByLabel("N° de carte").fill("EPN-2026-0001");
      await page.getByLabel("Heures de formation suivies (0 à 12)").fill("3");
      await page.getByRole("button", { name: "Enregistrer la carte" }).click();
      await page.getByText("Carte et heures de formation enregistrées.").waitFor();
      const card = page.getByRole("region", { name: /Carte d'accès/ });
      await card.getByText("3 h suivies, 9 h restantes").waitFor();
      // More hours than the 12 offered: said next to the field, in French.
      s.allowStatus(422);
      await page.getByLabel("Heures de formation suivies (0 à 12)").fill("13");
      await page.getByRole("button", { name: "Enregistrer la carte" }).click();
      await page.locator("#training_hours_used-error", { hasText: "De 0 à 12 heures" }).waitFor();
      await page.getByLabel("Heures de formation suivies (0 à 12)").fill("3");
      await s.checkAccessibility("pupil");
      await s.shoot("pupil-fr");

      // The office opens the pupil's laptop as the desk does: who has it, its
      // status and connection checks; not its alerts, health or inventory.
      await laptop.click();
      await expectHeading(page, "ecole-jaures-pc01");
      await page.getByRole("region", { name: "Élève et école" }).getByRole("link", { name: "Hélène Lefèvre" }).waitFor();
      await page.getByRole("region", { name: "Identité" }).getByText("DEMO0001").waitFor();
      await page.getByRole("region", { name: "Connexion" }).waitFor();
      for (const region of ["Alertes ouvertes", "Santé", "Inventaire", "Changements d'inventaire"]) {
        expect((await page.getByRole("region", { name: region }).count()) === 0, `no « ${region} » for the office`);
      }
      await s.checkAccessibility("device for the office");
      await s.shoot("device-bursary-fr");
      await s.close();

      const en = await s.open({ language: "en-GB" });
      await s.login(kUsers.bursary);
      await en.goto("/pupils?school=%C3%89cole+Curie");
      await expectHeading(en, "Pupils and handovers");
      await en.waitForFunction(() => document.querySelectorAll("table.pupils tbody tr").length === 2);
      await s.checkAccessibility("pupils en");
      await s.shoot("pupils-en");
      await en.goto("/pupils/e-0001");  // a reference in any case
      await expectHeading(en, "Hélène Lefèvre (E-0001)");
      await en.getByText("3 h taken, 9 h left").waitFor();
      await s.checkAccessibility("pupil en");
      await s.shoot("pupil-en");
    },
  },
  {
    name: "bursary-import",
    async run(s) {
      const page = await s.open();
      await s.login(kUsers.bursary);
      await nav(page, "Élèves").click();
      await page.getByRole("link", { name: "Importer un fichier d'élèves ou de remises" }).click();
      await expectHeading(page, "Importer un fichier");
      await page.getByLabel("des élèves").check();
      const header = "ref_eleve;nom;prenom;ecole;classe;date_naissance";
      const bad = [header,
        "P-0201;Bernard;Lucas;École Pasteur;CE2 A;2017-03-02",
        "P-0202;;Emma;École Pasteur;CE2 A;2017-05-12",
        "P-0203;Thomas;Chloé;École Pasteur;CE2 B;2017-01-30",
        "P-0201;Bernard;Lucas;École Pasteur;CE2 A;2017-03-02"].join("\r\n");
      await page.getByLabel("Fichier CSV").setInputFiles({ name: "eleves.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
      s.allowStatus(422);
      await page.getByRole("button", { name: "Vérifier le fichier" }).click();
      await page.getByRole("alert").filter({ hasText: "2 problèmes dans le fichier : rien n'a été importé" }).waitFor();
      const problems = await page.locator("table.import-problems tbody tr").allTextContents();
      expect(problems.length === 2 && problems[0] === "3Nomobligatoire, mais vide" &&
        problems[1] === "5Référence élèveidentique à la ligne 2", `problems: ${problems}`);
      // A refused file names its ignored columns too (a misspelt one explains an empty field).
      await page.getByText("Colonnes ignorées, que l'import ne connaît pas : date_naissance").waitFor();
      await s.checkAccessibility("import refused");
      await s.shoot("import-problems-fr");

      // Fixed, and saved by a French Windows spreadsheet (Windows-1252): the
      // console sends the bytes as they are, the server reads them.
      const fixed = [header,
        "P-0201;Bernard;Lucas;École Pasteur;CE2 A;2017-03-02",
        "P-0202;Garcia;Emma;École Pasteur;CE2 A;2017-05-12",
        "P-0203;Thomas;Chloé;École Pasteur;CE2 B;2017-01-30",
        "E-0004;Durand;Tom;École Curie;CE2 C;2016-11-04"].join("\r\n");
      await page.getByLabel("Fichier CSV").setInputFiles({ name: "eleves.csv", mimeType: "text/csv", buffer: Buffer.from(fixed, "latin1") });
      await page.getByRole("button", { name: "Vérifier le fichier" }).click();
      const result = page.getByRole("region", { name: "Ce que l'import fera" });
      await result.waitFor();
      await page.getByText("Colonnes ignorées, que l'import ne connaît pas : date_naissance").waitFor();
      const summary = await textOf(result.locator("ul.import-summary"));
      expect(summary.includes("Élèves : 3 créés, 1 modifié, 0 inchangé"), summary);
      const changes = await result.locator("table.import-changes tbody tr").allTextContents();
      expect(JSON.stringify(changes) === JSON.stringify(["2P-0201créé", "3P-0202créé", "4P-0203créé", "5E-0004modifié"]),
        `changes: ${changes}`);
      await s.checkAccessibility("import dry run");
      await s.shoot("import-dry-run-fr");
      await result.getByRole("button", { name: "Confirmer l'import" }).click();
      await page.getByRole("region", { name: "Import fait" }).getByText("L'import est enregistré.").waitFor();
      await page.goto("/pupils?q=garcia");
      await page.locator("table.pupils tbody tr", { hasText: "P-0202" }).waitFor();
      await s.close();

      // The same file again, in English: nothing would change.
      const en = await s.open({ language: "en-GB" });
      await s.login(kUsers.bursary);
      await en.goto("/imports");
      await expectHeading(en, "Import a file");
      await en.getByRole("radio", { name: "pupils" }).check();
      await en.getByLabel("CSV file").setInputFiles({ name: "pupils.csv", mimeType: "text/csv", buffer: Buffer.from(fixed, "latin1") });
      await en.getByRole("button", { name: "Check the file" }).click();
      const again = en.getByRole("region", { name: "What the import will do" });
      await again.getByText("Pupils: 0 added, 0 changed, 4 unchanged").waitFor();
      await s.checkAccessibility("import en");
      await s.shoot("import-en");
    },
  },
  {
    name: "bursary-applications",
    async run(s) {
      const page = await s.open();
      await s.login(kUsers.bursary);
      await nav(page, "Demandes").click();
      await expectHeading(page, "Demandes de bourse");
      await page.getByRole("link", { name: "Saisir une demande" }).click();
      await expectHeading(page, "Nouvelle demande de bourse");
      // The form as a person types it: the pupil named as the reference is
      // typed, the IBAN grouped by four and checked key by key.
      await page.getByLabel("Référence de l'élève").fill("e-0002");
      await page.locator("#pupil_ref-hint", { hasText: "Noé Petit · École Jaurès, CE2 A" }).waitFor();
      await page.getByLabel("Abonnement souscrit le").fill(isoDaysAgo(10));
      await page.getByLabel("Fournisseur d'accès à Internet").fill("Free");
      await page.getByLabel("Type de connexion").selectOption("fibre");
      await page.getByLabel("Bénéficiaire du versement").fill("Claire Petit");
      const iban = page.getByLabel("IBAN", { exact: true });
      await iban.pressSequentially("gb29nwbk6016133192681");
      await page.locator("#iban-hint", { hasText: "21 caractères sur 22" }).waitFor();
      await iban.pressSequentially("8");
      await page.locator("#iban-hint", { hasText: "un caractère mal recopié" }).waitFor();
      expect((await iban.getAttribute("aria-invalid")) === "true", "a wrong IBAN is marked");
      await iban.press("Backspace");
      await iban.pressSequentially("9");
      expect((await iban.inputValue()) === "GB29 NWBK 6016 1331 9268 19", await iban.inputValue());
      await page.locator("#iban-hint", { hasText: "IBAN valable" }).waitFor();
      const decision = page.getByRole("region", { name: "Décision selon les règles" });
      await decision.locator(".badge", { hasText: "En attente du justificatif" }).waitFor();
      await s.checkAccessibility("application form");
      await s.shoot("application-new-fr");
      await page.getByRole("button", { name: "Enregistrer la demande" }).click();
      await page.waitForURL(/\/applications\/\d+\?saved=1$/);
      const id = Number(/\/applications\/(\d+)/.exec(page.url())[1]);
      await expectHeading(page, `Demande de bourse n° ${id}`);
      await page.getByText("GB29 **** **** **** **68 19").waitFor();
      await expectNoFullIban(page, "the application's page");
      await recordProof(page, id, isoDaysAgo(0), "Accordée, à payer");

      // A second application for the same pupil: the rules and the warning say
      // so before saving; saved all the same, then withdrawn.
      const twice = await enterApplication(page, {
        pupil: "E-0002", received: isoDaysAgo(0), subscribed: isoDaysAgo(10), payee: "Claire Petit", iban: kIbans.gb,
        decision: "Refusée : Déjà accordée pour cet élève", warnings: ["Cet élève a déjà une demande"],
      });
      await page.getByRole("button", { name: "Retirer cette demande…" }).click();
      await page.getByLabel("Pourquoi la retirer").fill("saisie en double");
      await page.getByRole("button", { name: "Confirmer le retrait" }).click();
      await page.getByRole("status").filter({ hasText: "Demande mise à jour : Retirée" }).waitFor();
      await page.getByText("« saisie en double »").waitFor();
      await s.checkAccessibility("application");
      await s.shoot("application-fr");

      // Every bad field at once, next to each, in French.
      s.allowStatus(422);
      await page.goto("/applications/new?pupil=E-0002");
      await page.getByLabel("Demande reçue le").fill(isoDaysAgo(-3));
      await page.getByLabel("Abonnement souscrit le").fill(isoDaysAgo(-2));
      await page.getByLabel("Fournisseur d'accès à Internet").fill("SFR");
      await page.getByLabel("Type de connexion").selectOption("adsl");
      await page.getByLabel("Bénéficiaire du versement").fill("Claire Petit");
      await page.getByLabel("IBAN", { exact: true }).fill(kIbans.gb);
      await page.getByRole("alert").filter({ hasText: "2 champs sont à corriger" }).waitFor();
      for (const field of ["received_on", "subscription_started_on"]) {
        await page.locator(`#${field}-error`, { hasText: "Cette date est dans le futur" }).waitFor();
        expect((await page.locator(`#${field}`).getAttribute("aria-invalid")) === "true", `${field} is marked`);
      }
      expect(await page.getByRole("button", { name: "Enregistrer la demande" }).isDisabled(), "nothing to save");
      await s.shoot("application-problems-fr");

      // The list: both applications, filtered by status in the address.
      await page.goto("/applications?pupil=e-0002");
      await page.locator("table.applications tbody tr").nth(1).waitFor();
      await page.locator("select[name=status]").selectOption("withdrawn");
      await page.waitForURL(/status=withdrawn/);
      await page.waitForFunction(() => document.querySelectorAll("table.applications tbody tr").length === 1);
      expect((await textOf(page.locator("table.applications tbody tr"))).includes(`n° ${twice}`), "the withdrawn one");
      await expectNoFullIban(page, "the applications");
      await s.checkAccessibility("applications");
      await s.shoot("applications-fr");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Exporter la liste (CSV)" }).click(),
      ]);
      expect(download.suggestedFilename() === "demandes-bourse.csv", download.suggestedFilename());
      const csv = await downloaded(download);
      expect(csv.includes("Retirée") && !csv.includes(kIbans.gb), csv);
      await s.close();

      const en = await s.open({ language: "en-GB" });
      await s.login(kUsers.bursary);
      await en.goto("/applications");
      await expectHeading(en, "Bursary applications");
      await en.locator("table.applications tbody tr", { hasText: "Granted, to pay" }).first().waitFor();
      await s.checkAccessibility("applications en");
      await s.shoot("applications-en");
      await en.goto(`/applications/${id}`);
      await expectHeading(en, `Bursary application no. ${id}`);
      await en.getByText("Granted, to pay").first().waitFor();
      await s.checkAccessibility("application en");
      await s.shoot("application-en");
      await en.goto("/applications/new?pupil=E-0002");
      await expectHeading(en, "New bursary application");
      await s.shoot("application-new-en");
    },
  },
  {
    name: "bursary-deadlines-and-letters",
    async run(s) {
      const page = await s.open();
      await s.login(kUsers.bursary);
      await nav(page, "Échéances").click();
      await expectHeading(page, "Échéances et relances");
      // The fleet's pupils who never applied are listed by deadline.
      const row = page.locator("table.deadlines tbody tr", { hasText: "Lefèvre Hélène" });
      await row.waitFor();
      await page.locator("table.deadlines tbody tr", { hasText: "Durand Tom" }).waitFor();
      expect(/\d+ jours/.test(await textOf(row)), await textOf(row));
      await page.getByLabel("Dans les … jours").fill("10");
      await page.getByLabel("Dans les … jours").press("Enter");
      await page.waitForURL(/within_days=10/);
      await page.getByRole("status").filter({ hasText: "Aucune famille n'a de date limite à venir" }).waitFor();
      await page.getByLabel("Dans les … jours").fill("120");
      await page.getByLabel("Dans les … jours").press("Enter");
      await page.waitForURL(/within_days=120/);
      await row.waitFor();
      const families = await page.locator("table.deadlines tbody tr").count();
      await s.checkAccessibility("deadlines");
      await s.shoot("deadlines-fr");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Exporter pour un publipostage (CSV)" }).click(),
      ]);
      expect(download.suggestedFilename() === "relances.csv", download.suggestedFilename());
      const csv = await downloaded(download);
      expect(csv.startsWith("\uFEFFRéférence élève;Nom;Prénom;École;Classe;Remis le;Date limite;Jours restants;") &&
        csv.includes("E-0001;Lefèvre;Hélène;École Jaurès;CE2 A;"), csv);

      // The letters: one per family, in French, each on its own printed page.
      await page.getByRole("link", { name: "Lettres de relance à imprimer" }).click();
      await page.waitForURL(/\/deadlines\/letters\?within_days=120/);
      await expectHeading(page, "Lettres de relance");
      const letters = page.locator("article.letter");
      await letters.first().waitFor();
      expect((await letters.count()) === families, `${await letters.count()} letters for ${families} families`);
      const letter = await textOf(page.getByRole("article", { name: "À la famille de Hélène Lefèvre" }));
      for (const words of ["École Jaurès, classe CE2 A", "bourse Internet de 60", "au plus tard le",
        "justificatif d'abonnement délivré par votre fournisseur", "le nom du fournisseur et la date de début de l'abonnement",
        "IBAN", "bureau des bourses de la Ville", "mandat administratif"]) {
        expect(letter.includes(words), `« ${words} » in ${letter}`);
      }
      await s.checkAccessibility("letters");
      await s.shoot("letters-fr");
      await page.evaluate(() => {
        window.printed = 0;
        window.print = () => window.printed++;
      });
      await page.getByRole("button", { name: "Imprimer" }).click();
      expect((await page.evaluate(() => window.printed)) === 1, "Imprimer prints");
      await page.emulateMedia({ media: "print" });
      expect(!(await page.locator("header.top").isVisible()) && !(await page.locator("main h1").isVisible()),
        "nothing of the console is printed");
      expect((await letters.first().evaluate((e) => getComputedStyle(e).breakAfter)) === "page", "a page a letter");
      const pdf = (await page.pdf({ format: "A4" })).toString("latin1");
      const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      expect(pages === families, `${pages} printed pages for ${families} letters`);
      await page.emulateMedia({ media: "screen" });
      await s.close();

      const en = await s.open({ language: "en-GB" });
      await s.login(kUsers.bursary);
      await en.goto("/deadlines");
      await expectHeading(en, "Deadlines and reminders");
      await en.locator("table.deadlines tbody tr", { hasText: "Lefèvre Hélène" }).waitFor();
      await s.checkAccessibility("deadlines en");
      await s.shoot("deadlines-en");
      await en.goto("/deadlines?state=expired");
      await en.getByRole("status").filter({ hasText: "No deadline passed without an application." }).waitFor();
      await en.goto("/deadlines/letters?within_days=120");
      await expectHeading(en, "Reminder letters");
      await en.getByText("The letters are in French").waitFor();
      await en.locator("article.letter").first().waitFor();
      await s.shoot("letters-en");
    },
  },
  {
    name: "bursary-payments",
    async run(s) {
      const page = await s.open();
      await s.login(kUsers.bursary);
      const id = await enterApplication(page, {
        pupil: "E-0003", received: isoDaysAgo(1), subscribed: isoDaysAgo(12), payee: "Karim Moreau", iban: kIbans.de,
        connection: "cable", proof: isoDaysAgo(1), decision: "Accordée, à payer",
      });
      await nav(page, "Paiements").click();
      await expectHeading(page, "Paiements");
      await page.getByRole("button", { name: "Préparer un paiement" }).click();
      const line = page.locator("table.payment-lines tbody tr", { hasText: "E-0003" });
      await line.waitFor();
      expect((await textOf(line)).includes("DE89 **** **** **** **30 00"), await textOf(line));
      await page.locator("table.per-school", { hasText: "École Curie" }).waitFor();
      await expectNoFullIban(page, "the payment's preview");
      await s.checkAccessibility("payment preview");
      await s.shoot("payments-preview-fr");

      // Someone else pays the same set first: this preview pays nothing, and says so.
      const other = await s.browser.newContext({ baseURL: s.fleet.url, ignoreHTTPSErrors: true, locale: "fr-FR" });
      const admin = await other.newPage();
      await admin.goto("/login");
      await admin.getByLabel("Identifiant").fill("admin");
      await admin.getByLabel("Mot de passe", { exact: true }).fill(kAdminPassword);
      await admin.getByRole("button", { name: "Se connecter" }).click();
      await admin.waitForURL((url) => url.pathname === "/");
      await admin.goto("/payments");
      await admin.getByRole("button", { name: "Préparer un paiement" }).click();
      await admin.getByRole("button", { name: "Confirmer le paiement" }).click();
      await admin.getByText(/Lot de paiement n° \d+ créé/).waitFor();
      await other.close();
      s.allowStatus(409);
      await page.getByRole("button", { name: "Confirmer le paiement" }).click();
      await page.getByRole("alert").filter({ hasText: "Rien n'a été payé" }).waitFor();
      await s.shoot("payments-conflict-fr");
      await page.getByRole("button", { name: "Préparer de nouveau" }).click();
      await page.getByRole("status").filter({ hasText: "Aucune demande accordée n'attend de paiement." }).waitFor();

      // The batch the other made, with its mandate file: the IBANs in full, only there.
      await page.reload();
      const batch = page.locator("table.batches tbody tr").first();
      await batch.waitFor();
      const batchId = Number(/n° (\d+)/.exec(await textOf(batch.locator("th")))[1]);
      expect((await textOf(batch)).includes("par admin"), await textOf(batch));
      await page.getByText("le seul endroit où les IBAN figurent en entier", { exact: false }).waitFor();
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        batch.getByRole("button", { name: `Fichier de mandats du lot ${batchId} (CSV)` }).click(),
      ]);
      expect(download.suggestedFilename() === `mandats-${batchId}.csv`, download.suggestedFilename());
      const csv = (await downloaded(download)).split("\r\n");
      expect(csv[0] === "mandate_ref;payee_name;iban;amount;budget_line;fiscal_year;pupil_ref", csv[0]);
      const year = new Date().getFullYear();
      const mine = `CLIC-${year}-${String(id).padStart(6, "0")};Karim Moreau;${kIbans.de};60.00;67.212/6714.2618 CS 10100;${year};E-0003`;
      expect(csv.includes(mine), `« ${mine} » in\n${csv.join("\n")}`);
      await expectNoFullIban(page, "the payments page");
      await s.checkAccessibility("payments");
      await s.shoot("payments-fr");
      await s.close();

      const en = await s.open({ language: "en-GB" });
      await s.login(kUsers.bursary);
      await en.goto("/payments");
      await expectHeading(en, "Payments");
      await en.locator("table.batches tbody tr").first().waitFor();
      await en.getByRole("button", { name: "Prepare a payment" }).click();
      await en.getByRole("status").filter({ hasText: "No granted application awaits payment." }).waitFor();
      await s.checkAccessibility("payments en");
      await s.shoot("payments-en");
    },
  },
  {
    name: "bursary-figures",
    async run(s) {
      const cohort = cohortOf(kFleetHandover);
      const label = `${cohort}-${cohort + 1}`;
      const page = await s.open();
      await s.login(kUsers.bursary);
      await nav(page, "Bilan").click();
      await expectHeading(page, "Bilan annuel");
      const years = page.getByRole("region", { name: "D'une année sur l'autre" });
      await years.locator("canvas").first().waitFor();
      const columns = await years.locator("table.figures thead th").allTextContents();
      const column = columns.indexOf(label);
      expect(column >= 0, `${label} in ${columns}`);
      const handed = await years.locator("tr[data-measure=handed_over] td").nth(column).textContent();
      expect(handed === "4", `the fleet's 4 laptops in ${label}, not ${handed}`);
      const bySchool = page.getByRole("region", { name: "Une année, par école" });
      await page.locator("select[name=cohort]").selectOption(String(cohort));
      await bySchool.locator("tr", { hasText: "École Curie" }).waitFor();
      await bySchool.locator("tr.total-row").waitFor();
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        bySchool.getByRole("button", { name: `Exporter ${label} par école (CSV)` }).click(),
      ]);
      expect(download.suggestedFilename() === `bourses-${cohort}.csv`, download.suggestedFilename());
      expect((await downloaded(download)).includes("Ordinateurs remis"), "the French spreadsheet");
      await s.checkAccessibility("figures");
      await s.shoot("figures-fr");
      await s.close();

      const en = await s.open({ language: "en-GB" });
      await s.login(kUsers.bursary);
      await en.goto(`/figures?cohort=${cohort}`);
      await expectHeading(en, "Yearly figures");
      await en.getByRole("region", { name: "One year, by school" }).locator("tr.total-row").waitFor();
      await en.locator("canvas").first().waitFor();
      await s.checkAccessibility("figures en");
      await s.shoot("figures-en");
    },
  },
  {
    name: "bursary-settings",
    async run(s) {
      // The office reads them, from its pages' links.
      const page = await s.open();
      await s.login(kUsers.bursary);
      await page.goto("/figures");
      await page.getByRole("link", { name: "réglages" }).click();
      await expectHeading(page, "Réglages de la bourse");
      await page.getByText("Seule l'administration change ces réglages").waitFor();
      await page.getByText("12 heures de formation dans les Cyber-Bases").waitFor();
      await page.getByRole("region", { name: "Ligne budgétaire d'un exercice" }).getByText("67.212/6714.2618 CS 10100").waitFor();
      const cohort = page.getByRole("region", { name: "Ce que reçoit une année scolaire" });
      for (const said of ["60 €", "3 mois après la remise", "12 heures dans les Cyber-Bases", "valable 12 mois"]) {
        await cohort.locator("dd", { hasText: said }).waitFor();
      }
      expect((await page.getByRole("button", { name: "Enregistrer" }).count()) === 0, "no form for the office");
      await s.checkAccessibility("settings");
      await s.shoot("settings-fr");
      await s.close();

      // An admin sets next year's: the cohort's amount and window, the budget line.
      const next = new Date().getFullYear() + 1;
      const admin = await s.open();
      await s.login("admin", kAdminPassword);
      await nav(admin, "Réglages").click();
      await expectHeading(admin, "Réglages de la bourse");
      const cohortCard = admin.getByRole("region", { name: "Ce que reçoit une année scolaire" });
      await cohortCard.getByLabel("Année scolaire qui commence en").fill(String(next));
      await cohortCard.getByLabel("Année scolaire qui commence en").press("Enter");
      await cohortCard.getByText(`${next}-${next + 1}`).waitFor();
      await cohortCard.getByLabel("Montant (€)").fill("65,50");
      await cohortCard.getByLabel("Délai (mois, de 1 à 24)").fill("4");
      await cohortCard.getByLabel("Formation (heures, de 0 à 100)").fill("20");
      await cohortCard.getByLabel("Carte (mois, de 1 à 36)").fill("18");
      await cohortCard.getByRole("button", { name: "Enregistrer" }).click();
      await cohortCard.getByText(`Réglages de l'année ${next}-${next + 1} enregistrés.`).waitFor();
      for (const said of ["65,50 €", "4 mois après la remise", "20 heures dans les Cyber-Bases", "valable 18 mois"]) {
        await cohortCard.locator("dd", { hasText: said }).waitFor();
      }
      const budget = admin.getByRole("region", { name: "Ligne budgétaire d'un exercice" });
      await budget.getByLabel("Exercice").fill(String(next));
      await budget.getByLabel("Exercice").press("Enter");
      await budget.getByText("Ligne de la délibération").waitFor();
      await budget.getByRole("textbox", { name: "Ligne budgétaire" }).fill("67.212/6714.2618 CS 10200");
      await budget.getByRole("button", { name: "Enregistrer" }).click();
      await budget.getByText(`Ligne budgétaire de l'exercice ${next} enregistrée.`).waitFor();
      await s.checkAccessibility("settings admin");
      await s.shoot("settings-admin-fr");
      await s.close();

      const en = await s.open({ language: "en-GB" });
      await s.login("admin", kAdminPassword);
      await en.goto("/settings");
      await expectHeading(en, "Bursary settings");
      await en.getByText("12 hours of training in the Cyber-Bases").waitFor();
      await s.shoot("settings-en");
    },
  },
  {
    name: "bursary-overview",
    async run(s) {
      for (const [language, title, soon] of [
        ["fr-FR", "Vue d'ensemble du parc", /famille.* date limite dans les 30 jours/],
        ["en-GB", "Fleet overview", /famil(y|ies) ha(s|ve) (its|their) deadline within 30 days/],
      ]) {
        const lang = language.slice(0, 2);
        const page = await s.open({ language });
        await s.login(kUsers.bursary);
        await expectHeading(page, title);
        const bursary = page.getByRole("region", { name: /Bourse internet|Internet bursary/ });
        expect((await bursary.getByRole("link", { name: soon }).getAttribute("href")) === "/deadlines?within_days=30",
          "the deadlines near");
        // A school's count leads the office to its pupils; nothing leads to IT's pages.
        const school = page.getByRole("region", { name: /Par école|By school/ }).getByRole("link", { name: "École Jaurès" });
        expect((await school.getAttribute("href")) === "/pupils?school=%C3%89cole%20Jaur%C3%A8s", "the school's pupils");
        expect((await page.locator("a[href^='/devices'], a[href^='/alerts']").count()) === 0, "no link to IT's pages");
        expect((await page.getByRole("region", { name: /Alertes ouvertes|Open alerts/ }).count()) === 0, "no alerts");
        await s.checkAccessibility(`overview for the office ${lang}`);
        await s.shoot(`overview-bursary-${lang}`);
        await school.click();
        await expectHeading(page, /Élèves et remises|Pupils and handovers/);
        await s.close();
      }
    },
  },
  {
    name: "bursary-pages-refused-to-other-roles",
    async run(s) {
      for (const user of [kUsers.it, kUsers.support, kUsers.viewer]) {
        const page = await s.open();
        await s.login(user, kPassword);
        const links = await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link").allTextContents();
        for (const office of ["Élèves", "Demandes", "Échéances", "Paiements", "Bilan", "Réglages"]) {
          expect(!links.includes(office), `${user} sees « ${office} » in ${links}`);
        }
        for (const path of kOfficePages) {
          await page.goto(path);
          await expectHeading(page, "Accès refusé");
        }
        if (user === kUsers.viewer) {
          await s.checkAccessibility("an office page refused");
          await s.shoot("forbidden-office-fr");
        }
        await s.close();
      }
    },
  },
];
