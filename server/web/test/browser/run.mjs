// The console in a real browser: Debian's chromium driven by playwright-core
// against a real clicfleet-server with real agents (fleet.mjs). Each test
// asserts on the DOM; every page is checked by axe in light and dark, and
// photographed in French and English under --out. Any console error, page
// error or CSP violation fails the test it happened in.
//
//   node test/browser/run.mjs --bin BUILD/bin --fixtures tests/fixtures/sysroots --out DIR
//        [--only SUBSTRING] [--keep] [--web-root DIR]
//
// --web-root serves the console from a folder built with `build.mjs --dev`
// instead of the one built into the server: for working on the console
// without rebuilding the server.

import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

import { launchChromium } from "./chromium.mjs";
import { Failure } from "./expect.mjs";
import {
  addLaptopWithAFullDisk,
  changeAdminPassword,
  importHandovers,
  kPassword,
  startFleet,
} from "./fleet.mjs";
import { kAdminPassword, tests } from "./tests.mjs";

function parseArgs(argv) {
  const args = { bin: null, fixtures: null, out: null, only: null, keep: false, webRoot: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--bin") args.bin = argv[++i];
    else if (a === "--fixtures") args.fixtures = argv[++i];
    else if (a === "--out") args.out = argv[++i];
    else if (a === "--only") args.only = argv[++i];
    else if (a === "--keep") args.keep = true;
    else if (a === "--web-root") args.webRoot = argv[++i];
    else throw new Error(`unknown argument '${a}'`);
  }
  for (const k of ["bin", "fixtures", "out"]) {
    if (!args[k]) throw new Error(`--${k} is required`);
  }
  return args;
}

/// What each test gets: a fresh browser context on the fleet, and helpers.
class Session {
  constructor(browser, fleet, out, name) {
    this.browser = browser;
    this.fleet = fleet;
    this.out = out;
    this.name = name;
    this.problems = [];
    this.allowedStatuses = new Set([401]);
  }

  /// The server answering `status` is part of what the test checks.
  allowStatus(status) {
    this.allowedStatuses.add(status);
  }

  async open({ language = "fr-FR", colorScheme = "light" } = {}) {
    this.context = await this.browser.newContext({
      baseURL: this.fleet.url,
      ignoreHTTPSErrors: true,  // the fleet's own CA, made by `init`
      locale: language,
      colorScheme,
      viewport: { width: 1280, height: 900 },
    });
    const page = await this.context.newPage();
    page.on("console", (m) => {
      // A 401 is how the server says "not logged in": the console asks who is
      // there when it starts, and chromium logs every 4xx resource. A test
      // that provokes another refusal says so (allowStatus).
      if (m.type() === "error") {
        const status = /status of (\d+)/.exec(m.text())?.[1];
        if (!status || !this.allowedStatuses.has(Number(status))) {
          this.problems.push(`console error: ${m.text()}`);
        }
      }
    });
    page.on("pageerror", (e) => this.problems.push(`page error: ${e.message}`));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    this.page = page;
    return page;
  }

  async login(username, password = kPassword) {
    const page = this.page;
    // On the login page already (sent there, with where to come back): stay.
    if (!new URL(page.url(), this.fleet.url).pathname.startsWith("/login")) await page.goto("/login");
    await page.getByLabel(/Identifiant|User name/).fill(username);
    await page.getByLabel(/^(Mot de passe|Password)$/).fill(password);
    await page.getByRole("button", { name: /Se connecter|Log in/ }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  }

  /// A picture of the page under --out/screenshots.
  async shoot(file) {
    const dir = join(this.out, "screenshots");
    mkdirSync(dir, { recursive: true });
    await this.page.screenshot({ path: join(dir, file + ".png"), fullPage: true });
  }

  /// axe on the page as it is, in light and in dark: no serious or critical violation.
  async checkAccessibility(what) {
    for (const scheme of ["light", "dark"]) {
      await this.page.emulateMedia({ colorScheme: scheme });
      const result = await new AxeBuilder({ page: this.page }).analyze();
      for (const v of result.violations) {
        if (v.impact === "serious" || v.impact === "critical") {
          const where = v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ");
          this.problems.push(`axe (${what}, ${scheme}): ${v.id}: ${v.help} at ${where}`);
        }
      }
    }
    await this.page.emulateMedia({ colorScheme: "light" });
  }

  async close() {
    await this.context?.close();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(args.out, { recursive: true });
  const started = Date.now();
  const fleet = await startFleet({ bin: args.bin, fixtures: args.fixtures, keep: args.keep, webRoot: args.webRoot });
  let failed = 0;
  let browser;
  try {
    await importHandovers(fleet);
    await addLaptopWithAFullDisk(fleet);
    browser = await launchChromium();
    const chosen = tests.filter((t) => !args.only || t.name.includes(args.only));
    // The first test changes the admin's one-time password, which the others use.
    if (!chosen.includes(tests[0])) await changeAdminPassword(fleet, kAdminPassword);
    for (const t of chosen) {
      const session = new Session(browser, fleet, args.out, t.name);
      const t0 = Date.now();
      try {
        await t.run(session);
        if (session.problems.length > 0) throw new Failure(session.problems.join("\n  "));
        console.log(`ok   ${t.name} (${Date.now() - t0} ms)`);
      } catch (e) {
        failed++;
        console.log(`FAIL ${t.name} (${Date.now() - t0} ms)\n  ${e.message}`);
        if (!(e instanceof Failure)) console.log(e.stack);
        try {
          await session.shoot(`FAILED-${t.name}`);
        } catch {
          // no page to show
        }
      } finally {
        await session.close();
      }
    }
    console.log(
      `${chosen.length - failed} of ${chosen.length} browser tests passed in ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${join(args.out, "screenshots")}`,
    );
  } finally {
    await browser?.close();
    fleet.stop();
  }
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(`run.mjs: ${e.stack ?? e}`);
  process.exit(1);
});
