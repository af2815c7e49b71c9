// How long the console's pages take to be ready in headless chromium, on a
// running clicfleet-server (issue 13's targets: the overview and the first page
// of devices under 1 s, a laptop's page under 500 ms, on the 100,000-device
// fleet). scripts/bench-console.sh starts the server on a clicfleet-fleetgen
// database and runs this; docs/performance.md has the figures.
//
//   node test/perf/console-timing.mjs --url https://127.0.0.1:PORT --user NAME
//        [--runs 10] [--assets DIR] [--screenshots DIR]   (the password on standard input)
//
// A page is ready when its data has arrived and is drawn: nothing is still
// loading (`.loading`), no error shows, and the page's own content is there
// (the overview's total, the list's rows, the laptop's heading). Each page is
// timed from navigation to ready, in a browser that already holds the
// session: the first visit with an empty cache (cold: a new connection, the
// scripts and styles fetched; the browser's own start not counted) and the
// following ones (warm: from the browser's cache, as a
// member of staff moving between pages sees them).

import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { launchChromium } from "../browser/chromium.mjs";

function parseArgs(argv) {
  const args = { url: null, user: null, runs: 10, assets: null, screenshots: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--url") args.url = argv[++i];
    else if (a === "--user") args.user = argv[++i];
    else if (a === "--runs") args.runs = Number(argv[++i]);
    else if (a === "--assets") args.assets = argv[++i];
    else if (a === "--screenshots") args.screenshots = argv[++i];
    else throw new Error(`unknown argument '${a}'`);
  }
  if (!args.url || !args.user) throw new Error("--url and --user are required");
  if (!Number.isInteger(args.runs) || args.runs < 1 || args.runs > 100) {
    throw new Error("--runs must be an integer from 1 to 100");
  }
  return args;
}

/// The pages timed, each with what says it is ready.
function pages(deviceId) {
  return [
    { name: "overview", path: "/", target: 1000, ready: ".total" },
    { name: "devices, first page", path: "/devices", target: 1000, ready: "table.devices tbody tr" },
    { name: "device page", path: `/devices/${encodeURIComponent(deviceId)}`, target: 500, ready: "main section.card" },
  ];
}

/// Installed in every page before the console's own script: each time the
/// page becomes ready (`selector` there, nothing loading, no error), it logs
/// the moment that frame has been painted, in ms since the navigation started. Watching from inside the
/// page keeps the timing free of the driver's own work: nothing is injected
/// into the page while it loads.
function watchReadiness(selector) {
  let ready = false;
  const check = () => {
    const now =
      document.querySelector(selector) !== null &&
      document.querySelector(".loading") === null &&
      document.querySelector("[role=alert]") === null;
    // Once drawn: the frame that shows it has been painted.
    if (now && !ready) requestAnimationFrame(() => setTimeout(() => console.debug(`clicfleet-ready ${performance.now()}`)));
    ready = now;
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
}

/// How long the quiet after the page first says it is ready lasts before its
/// last "ready" counts: a part that starts loading later would show by then.
const kSettleMs = 400;

async function timeVisit(page, { path, ready }) {
  const moments = [];
  const listen = (message) => {
    const m = /^clicfleet-ready ([\d.]+)$/.exec(message.text());
    if (m) moments.push(Number(m[1]));
  };
  page.on("console", listen);
  try {
    await page.goto(path, { waitUntil: "commit" });
    await page.waitForEvent("console", { predicate: (m) => m.text().startsWith("clicfleet-ready"), timeout: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, kSettleMs));
    const still = await page.evaluate(
      (selector) =>
        document.querySelector(selector) !== null &&
        document.querySelector(".loading") === null &&
        document.querySelector("[role=alert]") === null,
      ready,
    );
    if (!still) throw new Error(`${path}: not ready ${kSettleMs} ms after it first was`);
    return moments[moments.length - 1];
  } finally {
    page.off("console", listen);
  }
}

/// A page of the context watching for `selector` (see watchReadiness); its
/// errors go to `failures`.
async function pageWatching(context, selector, failures) {
  const page = await context.newPage();
  await page.addInitScript(watchReadiness, selector);
  page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
  return page;
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { min: sorted[0], median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

/// The bytes of the console's scripts and styles as the browser downloads
/// them (the precompressed gzip), from the build's web folder.
function assetBytes(dir) {
  const assets = join(dir, "assets");
  let gzip = 0;
  let raw = 0;
  for (const name of readdirSync(assets)) {
    if (!/\.(js|css)$/.test(name)) continue;
    raw += statSync(join(assets, name)).size;
    gzip += statSync(join(assets, name + ".gz")).size;
  }
  return { raw, gzip };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const password = readFileSync(0, "utf8").trim();
  const browser = await launchChromium();
  const failures = [];
  try {
    const context = await browser.newContext({ baseURL: args.url, ignoreHTTPSErrors: true, locale: "fr-FR" });
    const page = await context.newPage();
    page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
    await page.goto("/login");
    await page.getByLabel("Identifiant").fill(args.user);
    await page.getByLabel("Mot de passe", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 30_000 });
    // A laptop in the middle of the list: handed over, with data.
    const list = await page.evaluate(async () => {
      const res = await fetch("/api/v1/devices?status=online&limit=500", { headers: { Accept: "application/json" } });
      return res.json();
    });
    const devices = list.devices ?? [];
    if (devices.length === 0) throw new Error("the fleet has no online laptop to time the device page on");
    const device = devices[Math.floor(devices.length / 2)];
    const summary = await page.evaluate(async () => (await fetch("/api/v1/fleet/summary")).json());
    console.log(`fleet: ${summary.total} laptops; device page: ${device.serial} (${device.id})`);

    const results = [];
    const state = await context.storageState();
    for (const p of pages(device.id)) {
      // Cold: a new context, logged in by the same cookie, with an empty cache.
      const cold = [];
      for (let i = 0; i < Math.min(5, args.runs); i++) {
        const fresh = await browser.newContext({ baseURL: args.url, ignoreHTTPSErrors: true, locale: "fr-FR", storageState: state });
        const coldPage = await pageWatching(fresh, p.ready, failures);
        // The browser's own start (a renderer process for the context) is not the page's.
        await coldPage.goto("about:blank");
        cold.push(await timeVisit(coldPage, p));
        await fresh.close();
      }
      const warmPage = await pageWatching(context, p.ready, failures);
      const warm = [];
      for (let i = 0; i < args.runs; i++) {
        await warmPage.goto("about:blank");
        warm.push(await timeVisit(warmPage, p));
      }
      results.push({ ...p, cold: stats(cold), coldRuns: cold.length, warm: stats(warm) });
      if (args.screenshots) {
        mkdirSync(args.screenshots, { recursive: true });
        const file = join(args.screenshots, `${p.name.replace(/[^a-z]+/g, "-")}.png`);
        await warmPage.screenshot({ path: file, fullPage: true });
      }
      await warmPage.close();
    }

    const ms = (v) => v.toFixed(0).padStart(5);
    console.log(`\npage                 cold: median   max   warm: min median   p95   max   target`);
    for (const r of results) {
      // Met when a first visit usually is, and nearly every visit after it.
      const met = r.cold.median < r.target && r.warm.p95 < r.target;
      console.log(
        `${r.name.padEnd(20)}       ${ms(r.cold.median)} ${ms(r.cold.max)}        ${ms(r.warm.min)} ${ms(r.warm.median)} ${ms(r.warm.p95)} ${ms(r.warm.max)}` +
          `   < ${r.target} ms ${met ? "met" : "MISSED"}`,
      );
    }
    console.log(`(ms from navigation to the page drawn; cold: ${results[0].coldRuns} first visits, warm: ${args.runs} visits each)`);
    if (args.assets) {
      const { raw, gzip } = assetBytes(args.assets);
      console.log(`scripts and styles: ${(gzip / 1024).toFixed(1)} KiB gzip (${(raw / 1024).toFixed(1)} KiB raw); budget 150 KB gzip`);
    }
  } finally {
    await browser.close();
  }
  if (failures.length > 0) {
    console.error(failures.join("\n"));
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(`console-timing.mjs: ${e.stack ?? e}`);
  process.exit(1);
});
