// The console's browser tests, in order: the first changes the admin's
// one-time password, which the later ones log in with; the bursary office's
// pages come after the fleet's, and the office's year last (its laptops are
// handed over and never enrolled, which the fleet's counts do not expect).

import { bursaryTests } from "./bursary.mjs";
import { expect, expectHeading, textOf } from "./expect.mjs";
import { call, kLaptops, kPassword, kUsers, login } from "./fleet.mjs";
import { officeYear } from "./officeYear.mjs";

/// The admin's password once the first test has changed the one-time one.
export const kAdminPassword = "un mot de passe pour l'admin";

export const tests = [
  {
    name: "login-and-forced-password-change",
    async run(s) {
      const page = await s.open();
      await page.goto("/");
      await page.waitForURL(/\/login/);
      await expectHeading(page, "Connexion à la console");
      expect((await page.getAttribute("html", "lang")) === "fr", "the page says it is in French");
      await s.checkAccessibility("login");
      await s.shoot("login-fr");

      // A wrong password: said plainly, in French.
      await page.getByLabel("Identifiant").fill("admin");
      await page.getByLabel("Mot de passe", { exact: true }).fill("pas le bon");
      await page.getByRole("button", { name: "Se connecter" }).click();
      await page.getByRole("alert").filter({ hasText: "Identifiant ou mot de passe incorrect" }).waitFor();

      // The one-time password leads to the change, then to the overview.
      await page.getByLabel("Mot de passe", { exact: true }).fill(s.fleet.adminPassword);
      await page.getByRole("button", { name: "Se connecter" }).click();
      await page.waitForURL(/\/password/);
      await expectHeading(page, "Choisir un nouveau mot de passe");
      await s.checkAccessibility("password");
      await s.shoot("password-fr");
      await page.getByLabel("Mot de passe actuel").fill(s.fleet.adminPassword);
      await page.getByLabel("Nouveau mot de passe", { exact: true }).fill(kAdminPassword);
      await page.getByLabel("Nouveau mot de passe, encore une fois").fill("autre chose encore");
      await page.getByRole("button", { name: "Changer le mot de passe" }).click();
      await page.getByRole("alert").filter({ hasText: "diffèrent" }).waitFor();
      await page.getByLabel("Nouveau mot de passe, encore une fois").fill(kAdminPassword);
      await page.getByRole("button", { name: "Changer le mot de passe" }).click();
      await page.waitForURL((url) => url.pathname === "/");
      await expectHeading(page, "Vue d'ensemble du parc");
    },
  },
  {
    name: "overview",
    async run(s) {
      for (const [language, title, total, certificate] of [
        ["fr-FR", "Vue d'ensemble du parc", "5 ordinateurs", "Le certificat du serveur expire le"],
        ["en-GB", "Fleet overview", "5 laptops", "The server's certificate ends on"],
      ]) {
        const page = await s.open({ language });
        await s.login("admin", kAdminPassword);
        await expectHeading(page, title);
        await page.locator(".total", { hasText: total }).waitFor();
        // The fleet's certificate ends in 20 days: the admin is told how to renew it.
        const notice = await textOf(page.getByRole("alert").filter({ hasText: certificate }));
        expect(notice.includes("clicfleet-server cert renew") && notice.includes("systemctl reload"),
          `the notice says what to run: ${notice}`);
        // Four enrolled laptops report; a fifth was handed over, never enrolled.
        const status = page.getByRole("region", { name: /Par état|By status/ });
        const online = status.getByRole("link", { name: /en ligne|online/ });
        expect((await online.getAttribute("href")) === "/devices?status=online", "online links to its list");
        const rows = await status.locator("tr").allTextContents();
        expect(rows.some((r) => /en ligne|online/.test(r) && r.endsWith("4")), `4 online in ${rows}`);
        expect(rows.some((r) => /jamais vu|never seen/.test(r) && r.endsWith("1")), `1 never seen in ${rows}`);
        const schools = await page.getByRole("region", { name: /Par école|By school/ }).locator("tr").allTextContents();
        expect(schools.includes("École Jaurès2") && schools.includes("École Curie2"), `schools: ${schools}`);
        await page.getByRole("region", { name: /Incidents connus|Known incidents/ })
          .getByText(/Aucun incident|No incident/).waitFor();
        // The full disk's alert needs attention, and links to its list.
        await page.locator(".attention", { hasText: /1 ordinateur a une|1 laptop has an/ }).waitFor();
        const alerts = page.getByRole("region", { name: /Alertes ouvertes|Open alerts/ });
        const disk = alerts.getByRole("link", { name: /Disque presque plein|Disk nearly full/ });
        expect((await disk.getAttribute("href")) === "/alerts?rule=disk_low", "disk_low links to its list");
        // 14 days drawn, with their figures in a table for those who do not see the drawing.
        const trends = page.getByRole("region", { name: /Les 14 derniers jours|The last 14 days/ });
        await trends.locator("canvas").first().waitFor();
        expect((await trends.locator("figure").count()) === 3, "three charts");
        await trends.getByText(/Voir les chiffres|Show the figures/).first().click();
        const days = await trends.locator("figure").first().locator("details tbody tr").count();
        expect(days === 14, `14 days of figures, not ${days}`);
        await s.checkAccessibility(`overview ${language}`);
        await s.shoot(`overview-${language.slice(0, 2)}`);
        await s.close();
      }
    },
  },
  {
    name: "language-switch-kept-per-user",
    async run(s) {
      const page = await s.open({ language: "fr-FR" });
      await s.login(kUsers.it);
      await expectHeading(page, "Vue d'ensemble du parc");
      await page.getByLabel("Langue").selectOption("en");
      await expectHeading(page, "Fleet overview");
      expect((await page.getAttribute("html", "lang")) === "en", "the page says it is in English");
      await page.reload();
      await expectHeading(page, "Fleet overview");
    },
  },
  {
    name: "roles-see-only-their-pages",
    async run(s) {
      const cases = [
        {
          user: "admin",
          password: kAdminPassword,
          nav: ["Vue d'ensemble", "Ordinateurs", "Alertes", "Assistance", "Élèves", "Demandes", "Échéances", "Paiements",
            "Bilan", "Réglages", "Comptes", "Journal d'audit"],
        },
        { user: kUsers.it, nav: ["Vue d'ensemble", "Ordinateurs", "Alertes", "Assistance"] },
        { user: kUsers.support, nav: ["Vue d'ensemble", "Ordinateurs", "Assistance"] },
        { user: kUsers.viewer, nav: ["Vue d'ensemble"] },
        { user: kUsers.bursary, nav: ["Vue d'ensemble", "Élèves", "Demandes", "Échéances", "Paiements", "Bilan"] },
      ];
      for (const c of cases) {
        const page = await s.open();
        await s.login(c.user, c.password ?? kPassword);
        const nav = await page.getByRole("navigation", { name: "Navigation principale" })
          .getByRole("link").allTextContents();
        expect(JSON.stringify(nav) === JSON.stringify(c.nav), `${c.user} sees ${nav}, not ${c.nav}`);
        await s.close();
      }
      const page = await s.open();
      await s.login(kUsers.viewer);
      await page.goto("/users");
      await expectHeading(page, "Accès refusé");
      expect((await textOf(page.locator("main p"))).includes("lecture seule"), "names the role");
      await s.checkAccessibility("forbidden");
      await s.shoot("forbidden-fr");
      // Incidents are for IT and the desk: the viewer's overview has none.
      await page.goto("/");
      await expectHeading(page, "Vue d'ensemble du parc");
      expect((await page.getByRole("region", { name: "Incidents connus" }).count()) === 0,
        "no incidents for a viewer");
      await page.locator(".total").waitFor();
      expect((await page.getByText("Le certificat du serveur").count()) === 0,
        "nor the certificate's end: a viewer cannot renew it");
    },
  },
  {
    name: "session-expiry-returns-to-login-and-back",
    async run(s) {
      const page = await s.open();
      await s.login(kUsers.support);
      await page.goto("/nulle-part?x=1");
      await expectHeading(page, "Page introuvable");
      await s.checkAccessibility("not found");
      await s.shoot("not-found-fr");
      // The session ends (expired, or ended elsewhere) while a page is open:
      // the next call to the server says so, and logging in again goes on.
      await s.context.clearCookies();
      await page.getByRole("link", { name: "Vue d'ensemble", exact: true }).click();
      await page.waitForURL(/\/login/);
      await page.getByRole("status").filter({ hasText: "Votre session a expiré" }).waitFor();
      await s.login(kUsers.support);
      expect(new URL(page.url()).pathname === "/", `back to the overview, at ${page.url()}`);
      // Opening a page without a session: logging in comes back to it.
      await page.goto("/nulle-part?x=1");
      await expectHeading(page, "Page introuvable");
      await s.context.clearCookies();
      await page.reload();
      await page.waitForURL(/\/login\?next=%2Fnulle-part%3Fx%3D1/);
      await s.login(kUsers.support);
      const back = new URL(page.url());
      expect(back.pathname + back.search === "/nulle-part?x=1", `back at ${page.url()}`);
    },
  },
  {
    name: "logout",
    async run(s) {
      const page = await s.open();
      await s.login(kUsers.it);
      await page.getByRole("button", { name: "Se déconnecter" }).click();
      await page.waitForURL(/\/login/);
      await page.getByRole("status").filter({ hasText: "Vous êtes déconnecté" }).waitFor();
      await page.goto("/");
      await page.waitForURL(/\/login/);
    },
  },
  {
    name: "alerts-acknowledged-with-a-note",
    async run(s) {
      const page = await s.open();
      await s.login(kUsers.it);
      await page.goto("/alerts?rule=disk_low");
      await expectHeading(page, "Alertes");
      const row = page.locator("table.alerts tbody tr", { hasText: "ecole-curie-pc02" });
      await row.waitFor();
      expect((await textOf(row)).includes("Disque presque plein"), "the rule in French");
      expect(/\d+,\d Gio libres sur \//.test(await textOf(row)), "the detail in French");
      await page.getByLabel("Langue").selectOption("en");
      await row.getByText(/\d+\.\d GiB free on \//).waitFor();
      await page.getByLabel("Language").selectOption("fr");
      await row.getByText(/Gio libres sur/).waitFor();
      await row.getByText("à traiter").waitFor();
      await s.checkAccessibility("alerts");
      await s.shoot("alerts-fr");
      // The filtered alerts as a spreadsheet, in French.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Exporter les alertes (CSV)" }).click(),
      ]);
      expect(download.suggestedFilename() === "alertes.csv", download.suggestedFilename());
      const csv = (await import("node:fs")).readFileSync(await download.path(), "utf8");
      const lines = csv.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
      expect(lines.length === 2 && lines[0].startsWith("Alerte;État;N° de série;"), csv);
      expect(/^Disque presque plein;ouverte;DEMO0005;ecole-curie-pc02;.*Gio libres sur \//.test(lines[1]), csv);
      await row.getByRole("button", { name: "Prendre en charge" }).click();
      // The note field takes the focus; an empty note is not sent.
      await page.waitForFunction(() => document.activeElement?.tagName === "TEXTAREA", null, { timeout: 5000 });
      await page.keyboard.type("Disque à remplacer, technicien lundi");
      await row.getByRole("button", { name: "Enregistrer" }).click();
      await row.getByText(/prise en charge par it .*« Disque à remplacer, technicien lundi »/).waitFor();
      await s.shoot("alerts-acknowledged-fr");
      // The overview no longer counts it as needing attention; it is still open.
      await page.goto("/");
      await page.locator(".total").waitFor();
      expect((await page.locator(".attention").count()) === 0, "nothing left to handle");
      await page.goto("/alerts?state=all");
      await page.locator("table.alerts tbody tr", { hasText: "ecole-curie-pc02" }).waitFor();
      // By school: the full disk's laptop is handed to no pupil, so no school has it.
      await page.locator("select[name=school]").selectOption("École Jaurès");
      await page.waitForURL(/school=%C3%89cole\+Jaur%C3%A8s/);
      await page.getByRole("status").filter({ hasText: "Aucune alerte ne correspond" }).waitFor();
      // The desk may not open the list.
      await s.close();
      const desk = await s.open();
      await s.login(kUsers.support);
      await desk.goto("/alerts");
      await expectHeading(desk, "Accès refusé");
    },
  },
  {
    name: "support-desk-lookup",
    async run(s) {
      // The code DEMO0001's diagnose would show for D2: its number, and the one
      // check character of 32 that the server takes.
      const token = await login(s.fleet, kUsers.support, kPassword);
      const rows = await call(s.fleet, "GET", "/api/v1/devices?q=DEMO0001", { token });
      const detail = await call(s.fleet, "GET", `/api/v1/devices/${rows.json.devices[0].id}`, { token });
      const number = detail.json.device_number;
      let code = null;
      for (const check of "0123456789ABCDEFGHJKMNPQRSTVWXYZ") {
        const r = await call(s.fleet, "GET", `/api/v1/support/lookup?q=D2-${number}-${check}`, { token });
        if (r.status === 200) code = `D2-${number}-${check}`;
      }
      expect(code, `a valid check for D2-${number}`);

      const page = await s.open();
      await s.login(kUsers.support);
      await page.getByRole("link", { name: "Assistance" }).click();
      await expectHeading(page, "Assistance");
      // A name as the family says it.
      await page.getByLabel("Code, numéro de série").fill("helene lefev");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/support\?q=helene/);
      const card = page.getByRole("region", { name: "ecole-jaures-pc01" });
      await card.waitFor();
      const said = await textOf(card);
      for (const part of ["Hélène Lefèvre (E-0001)", "École Jaurès", "classe CE2 A", "trouvé par le nom de l'élève",
        "Aucun diagnostic reçu"]) {
        expect(said.includes(part), `« ${part} » in ${said}`);
      }
      // The code as heard, lower case and spaced: the laptop and what to tell the family.
      await page.getByLabel("Code, numéro de série").fill(code.toLowerCase().replaceAll("-", " "));
      await page.keyboard.press("Enter");
      await page.getByRole("region", { name: `Code ${code}` }).getByText("À dire à la famille").waitFor();
      const byCode = await textOf(page.getByRole("region", { name: "ecole-jaures-pc01" }));
      expect(byCode.includes("trouvé par le code") && byCode.includes("pas encore reçu"), byCode);
      await s.checkAccessibility("support");
      await s.shoot("support-fr");
      // One character misheard: said, not searched (the server answers 422).
      s.allowStatus(422);
      const wrong = code.slice(0, -1) + (code.endsWith("X") ? "Y" : "X");
      await page.getByLabel("Code, numéro de série").fill(wrong);
      await page.keyboard.press("Enter");
      await page.getByRole("alert").filter({ hasText: "un caractère a été mal entendu" }).waitFor();
      await s.shoot("support-misread-fr");
    },
  },
  {
    name: "users-and-audit-log",
    async run(s) {
      const page = await s.open();
      await s.login("admin", kAdminPassword);
      await page.getByRole("link", { name: "Comptes" }).click();
      await expectHeading(page, "Comptes");
      // A new account for the desk: its temporary password shown once.
      await page.getByLabel("Identifiant (a-z").fill("desk.two");
      await page.locator("form select[name=role]").selectOption("support");
      await page.getByRole("button", { name: "Créer le compte" }).click();
      const told = await textOf(page.getByRole("status").filter({ hasText: "desk.two" }));
      const password = /: (\S+)\. Donnez/.exec(told)?.[1];
      expect(password && password.length >= 12, `a temporary password in « ${told} »`);
      const row = page.locator("table.users tbody tr", { hasText: "desk.two" });
      await row.getByText("mot de passe provisoire").waitFor();
      await s.checkAccessibility("users");
      await s.shoot("users-fr");
      // Disabled, then the audit log says who did what.
      await row.getByRole("button", { name: "Désactiver desk.two" }).click();
      await row.getByText("désactivé").waitFor();
      await page.getByRole("link", { name: "Journal d'audit" }).click();
      await expectHeading(page, "Journal d'audit");
      // The heading comes before the entries: wait for the newest one.
      await page.locator("table.audit tbody tr", { hasText: "user_disable" }).first().waitFor();
      const entries = await page.locator("table.audit tbody tr").allTextContents();
      expect(entries.some((e) => e.includes("Compte créé") && e.includes("user_add") && e.includes("desk.two")), "user_add in words");
      expect(entries.some((e) => e.includes("user_disable") && e.includes("desk.two")), "user_disable");
      await s.checkAccessibility("audit");
      await s.shoot("audit-fr");
      // A disabled account cannot log in (the server answers 403).
      s.allowStatus(403);
      await s.close();
      const other = await s.open();
      await other.goto("/login");
      await other.getByLabel("Identifiant").fill("desk.two");
      await other.getByLabel("Mot de passe", { exact: true }).fill(password);
      await other.getByRole("button", { name: "Se connecter" }).click();
      await other.getByRole("alert").waitFor();
      expect(new URL(other.url()).pathname === "/login", "still on the login page");
    },
  },
  {
    name: "keyboard-only-login",
    async run(s) {
      const page = await s.open();
      await page.goto("/login");
      await expectHeading(page, "Connexion à la console");
      // Tab from the top: the language, the user name, the password, the button.
      const focused = async () => page.evaluate(() => document.activeElement?.getAttribute("name") ?? document.activeElement?.tagName);
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      expect((await focused()) === "username", `focus on ${await focused()}`);
      await page.keyboard.type(kUsers.it);
      await page.keyboard.press("Tab");
      await page.keyboard.type(kPassword);
      await page.keyboard.press("Enter");
      await page.waitForURL((url) => url.pathname === "/");
      // The page's title takes the focus, so a screen reader says where it is.
      await expectHeading(page, "Vue d'ensemble du parc");
      // It takes it once drawn: wait for that, rather than read the focus at once.
      await page.locator("h1:focus").waitFor({ timeout: 5_000 }).catch(() => {});
      const active = await page.evaluate(() => document.activeElement?.tagName);
      expect(active === "H1", `focus on ${active} after logging in`);
      // Then, keys alone, to the laptops and one laptop's page.
      const activeText = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
      for (let i = 0; i < 20 && (await activeText()) !== "Ordinateurs"; i++) await page.keyboard.press("Shift+Tab");
      expect((await activeText()) === "Ordinateurs", "the keyboard reaches the navigation");
      await page.keyboard.press("Enter");
      await expectHeading(page, "Ordinateurs");
      await page.locator("table.devices tbody tr").first().waitFor();
      for (let i = 0; i < 40 && (await activeText()) !== "DEMO0001"; i++) await page.keyboard.press("Tab");
      expect((await activeText()) === "DEMO0001", "the keyboard reaches a laptop");
      await page.keyboard.press("Enter");
      await expectHeading(page, "ecole-jaures-pc01");
      await page.goto("/");
      await expectHeading(page, "Vue d'ensemble du parc");
      await page.locator("h1:focus").waitFor();
      // From there the keyboard reaches the counts' links.
      await page.locator(".total").waitFor();
      await page.locator("canvas").first().waitFor();
      const still = await page.evaluate(() => document.activeElement?.tagName);
      expect(still === "H1", `focus on ${still} once the page is drawn`);
      await page.keyboard.press("Tab");
      const next = await page.evaluate(() => document.activeElement?.getAttribute("href"));
      expect(next?.startsWith("/devices?status="), `then ${next}`);
    },
  },
  {
    name: "devices-list",
    async run(s) {
      const page = await s.open();
      await s.login(kUsers.it);
      // From the overview's count to the list it counts.
      await page.getByRole("region", { name: "Par état" }).getByRole("link", { name: "en ligne" }).click();
      await page.waitForURL(/\/devices\?status=online$/);
      await expectHeading(page, "Ordinateurs");
      const rows = page.locator("table.devices tbody tr");
      await rows.first().waitFor();
      expect((await rows.count()) === 4, `4 online, not ${await rows.count()}`);
      expect((await page.locator("select[name=status]").inputValue()) === "online", "the filter shows");

      // The search ignores accents and case, and follows the URL.
      await page.getByRole("button", { name: "Effacer les filtres" }).click();
      await page.waitForURL((url) => url.pathname === "/devices" && url.search === "");
      await page.locator("table.devices tbody tr").nth(4).waitFor();
      await page.getByLabel("Rechercher").fill("HELENE lefev");
      await page.waitForURL(/q=HELENE\+lefev/);
      await page.waitForFunction(() => document.querySelectorAll("table.devices tbody tr").length === 1);
      const found = await textOf(page.locator("table.devices tbody tr"));
      expect(found.includes("DEMO0001") && found.includes("Hélène"), `found ${found}`);

      // Sorting by name, descending on the second click; the header says so.
      await page.getByRole("button", { name: "Effacer les filtres" }).click();
      await page.getByRole("button", { name: "Trier par Nom" }).click();
      await page.waitForURL(/sort=hostname/);
      await page.getByRole("button", { name: "Trier par Nom" }).click();
      await page.waitForURL(/sort=-hostname/);
      await page.waitForFunction(() =>
        document.querySelector("table.devices tbody tr td")?.textContent === "ecole-jaures-pc02");
      const header = page.locator("th[aria-sort='descending']");
      expect((await textOf(header)).startsWith("Nom"), "the sorted column says it");
      // The laptop with an alert first when sorted by alerts; the never-seen last by contact.
      await page.getByRole("button", { name: "Trier par Alertes" }).click();
      await page.waitForURL(/sort=-open_alerts/);
      await page.waitForFunction(() =>
        document.querySelector("table.devices tbody tr th")?.textContent === "DEMO0005");
      await page.getByRole("button", { name: "Trier par Dernier contact" }).click();
      await page.waitForURL(/sort=-last_seen/);
      await page.waitForFunction(() =>
        document.querySelector("table.devices tbody tr:last-child th")?.textContent === "DEMO0004");
      await page.getByRole("button", { name: "Trier par Nom" }).click();
      await page.getByRole("button", { name: "Trier par Nom" }).click();
      await page.waitForURL(/sort=-hostname/);
      await s.checkAccessibility("devices");
      await s.shoot("devices-fr");
      // The whole list as a spreadsheet French Excel opens.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Exporter la liste (CSV)" }).click(),
      ]);
      expect(download.suggestedFilename() === "ordinateurs.csv", download.suggestedFilename());
      const saved = await download.path();
      const bytes = (await import("node:fs")).readFileSync(saved);
      expect(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, "a byte order mark");
      const csv = bytes.toString("utf8");
      expect(csv.includes("N° de série;Nom;Élève") && csv.split("\r\n").length === 7, csv);

      // A shared link opens the same list, in English here.
      await s.close();
      const other = await s.open({ language: "en-GB" });
      await s.login(kUsers.support);
      await other.goto("/devices?school=%C3%89cole+Curie&sort=-serial");
      await expectHeading(other, "Laptops");
      await other.locator("table.devices tbody tr").nth(1).waitFor();
      const first = await textOf(other.locator("table.devices tbody tr th"));
      expect(first === "DEMO0004", `École Curie's laptops by serial, descending: ${first}`);
      expect((await other.getByLabel("School").inputValue()) === "École Curie", "the school shows");
      await s.shoot("devices-en");
    },
  },
  {
    name: "device-page",
    async run(s) {
      const page = await s.open();
      await s.login(kUsers.it);
      await page.goto("/devices?q=DEMO0005");
      await page.getByRole("link", { name: "DEMO0005" }).click();
      await expectHeading(page, "ecole-curie-pc02");
      await page.getByRole("region", { name: "Identité" }).getByText("DEMO0005").waitFor();
      // Its open alert, which IT may take in hand from here.
      const alerts = page.getByRole("region", { name: "Alertes ouvertes" });
      await alerts.getByText("Disque presque plein").waitFor();
      // The timeline: one check, failed at D; its steps on demand.
      const run = page.locator("ol.timeline button.run-D");
      await run.waitFor();
      await run.click();
      const steps = page.locator(".run-steps");
      await steps.getByText("D noms (DNS)").waitFor();
      expect((await textOf(steps)).includes("échec (D2)"), await textOf(steps));
      // Health over 7 days, then 30 (from the daily aggregates).
      const health = page.getByRole("region", { name: "Santé" });
      await health.getByText("Espace libre sur /").first().waitFor();
      await page.getByLabel("30 jours").check();
      await health.locator("figure, p").first().waitFor();
      await page.getByLabel("7 jours").check();
      await health.getByText("Espace libre sur /").first().waitFor();
      await s.checkAccessibility("device");
      await s.shoot("device-fr");

      // A real agent's laptop: its inventory and its pupil.
      await page.goto("/devices?q=DEMO0001");
      await page.getByRole("link", { name: "DEMO0001" }).click();
      await expectHeading(page, "ecole-jaures-pc01");
      await page.getByRole("region", { name: "Élève et école" }).getByText("Hélène Lefèvre").waitFor();
      await page.getByRole("region", { name: "Inventaire" }).getByText("Processeur").waitFor();
      // Its kernel upgrade, in words.
      const changes = page.getByRole("region", { name: "Changements d'inventaire" });
      await changes.getByText("6.5.0-41-generic → 6.5.0-44-generic").waitFor();
      expect((await textOf(changes)).includes("Noyau"), await textOf(changes));
      await s.shoot("device-agent-fr");

      // The desk sees the laptop and its checks, not its health or inventory.
      await s.close();
      const desk = await s.open({ language: "en-GB" });
      await s.login(kUsers.support);
      await desk.goto("/devices?q=DEMO0005");
      await desk.getByRole("link", { name: "DEMO0005" }).click();
      await expectHeading(desk, "ecole-curie-pc02");
      await desk.locator("ol.timeline button.run-D").waitFor();
      expect((await desk.getByRole("region", { name: "Health" }).count()) === 0, "no health for the desk");
      expect((await desk.getByRole("region", { name: "Inventory" }).count()) === 0, "no inventory");
      expect((await desk.getByRole("button", { name: "Take in hand" }).count()) === 0, "no acknowledging");
      await s.shoot("device-support-en");
    },
  },
  {
    name: "laptops-reported",
    async run(s) {
      // The fleet the other tests see: every agent enrolled and reported.
      const page = await s.open();
      await s.login(kUsers.it);
      const models = page.getByRole("region", { name: "Par modèle" });
      await models.locator("tr").first().waitFor();
      const rows = await models.locator("tr").count();
      expect(rows >= 2, `models of ${kLaptops.length} laptops and one never enrolled: ${rows} rows`);
    },
  },
  ...bursaryTests,
  officeYear,
];
