import assert from "node:assert/strict";
import { test } from "node:test";

import {
  formatAgo,
  formatDate,
  formatDayShort,
  formatNumber,
  languageFromBrowser,
  translate,
  translateCount,
} from "../../src/logic/i18n";
import { messages } from "../../src/logic/messages";

test("French and English say the same things", () => {
  const fr = Object.keys(messages.fr).sort();
  assert.deepEqual(Object.keys(messages.en).sort(), fr);
  for (const key of fr) {
    const vars = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort().join();
    const k = key as keyof typeof messages.fr;
    assert.equal(vars(messages.en[k]), vars(messages.fr[k]), `the same {names} in ${key}`);
    assert.ok(messages.fr[k].trim() !== "" && messages.en[k].trim() !== "", `${key} is written`);
  }
});

test("one laptop, two laptops, in each language's own rule", () => {
  assert.equal(translateCount("en", "overview_needing_attention", 1), "1 laptop has an alert to handle");
  assert.equal(translateCount("en", "overview_needing_attention", 2), "2 laptops have an alert to handle");
  assert.equal(translateCount("fr", "overview_needing_attention", 1), "1 ordinateur a une alerte à traiter");
  assert.equal(translateCount("fr", "overview_total", 0), "0 ordinateur");
  assert.equal(translateCount("en", "overview_total", 0), "0 laptops");
  assert.equal(translateCount("fr", "overview_total", 1500).replace(/\s/g, " "), "1 500 ordinateurs");
});

test("the browser's first language the console speaks, French otherwise", () => {
  assert.equal(languageFromBrowser(["en-GB", "fr"]), "en");
  assert.equal(languageFromBrowser(["de-DE", "fr-BE"]), "fr");
  assert.equal(languageFromBrowser(["de-DE"]), "fr");
  assert.equal(languageFromBrowser([]), "fr");
});

test("words with their values, and numbers and dates as each language writes them", () => {
  assert.equal(translate("fr", "overview_total", { count: "4" }), "4 ordinateurs");
  assert.equal(translate("en", "overview_total", { count: "4" }), "4 laptops");
  assert.equal(translate("fr", "overview_total"), "{count} ordinateurs");
  assert.equal(formatNumber("fr", 101000).replace(/\s/g, " "), "101 000");
  assert.equal(formatNumber("en", 101000), "101,000");
  assert.equal(formatDate("fr", "2026-09-01"), "1 sept. 2026");
  assert.match(formatDate("en", "2026-09-01"), /^1 Sept? 2026$/);  // ICU versions differ
  assert.equal(formatDate("fr", null), "—");
  assert.equal(formatDayShort("fr", "2026-11-24"), "24 nov.");
  assert.match(formatDayShort("en", "2026-11-24"), /^24 Nov$/);
  const now = new Date("2026-12-06T10:00:00Z");
  const spaced = (text: string) => text.replace(/\s/g, " ");  // Intl writes no-break spaces
  assert.equal(spaced(formatAgo("fr", "2026-12-06T09:55:00Z", now)), "il y a 5 min");
  assert.equal(formatAgo("en", "2026-12-04T10:00:00Z", now), "2 days ago");
  assert.equal(formatAgo("fr", null, now), "jamais");
});
