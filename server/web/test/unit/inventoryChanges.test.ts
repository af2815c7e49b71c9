import assert from "node:assert/strict";
import { test } from "node:test";

import { describeChanges } from "../../src/logic/inventoryChanges";

test("an upgrade reads as what it changed, in French and in English", () => {
  const change = {
    os: { from: "Debian GNU/Linux 11", to: "Debian GNU/Linux 12" },
    kernel: { from: null, to: "6.1.0-27-amd64" },
    memory_total_bytes: { from: 8 * 1024 ** 3, to: 16 * 1024 ** 3 },
    software: {
      added: 1, removed: 0, updated: 12,
      added_names: ["firefox-esr 128.5"], removed_names: [], updated_names: ["zlib1g 1.2 -> 1.3"],
    },
  };
  assert.deepEqual(
    describeChanges("fr", change).map((p) => `${p.label} : ${p.text}`),
    [
      "Système : Debian GNU/Linux 11 → Debian GNU/Linux 12",
      "Noyau : aucun → 6.1.0-27-amd64",
      "Mémoire : 8 Gio → 16 Gio",
      "Logiciels : 1 ajouté, 12 mis à jour",
    ],
  );
  const english = describeChanges("en", change);
  assert.equal(english[3].text, "1 added, 12 updated");
  assert.deepEqual(english[3].names, ["firefox-esr 128.5", "zlib1g 1.2 -> 1.3"]);
  assert.equal(english[2].text, "8 GiB → 16 GiB");
});

test("disks, and what the console does not know, still show", () => {
  const parts = describeChanges("fr", { disks_removed: ["sda WDC 500.0 GiB"], docking: { serial: "X1" } });
  assert.deepEqual(parts, [
    { label: "Disques retirés", text: "sda WDC 500.0 GiB" },
    { label: "docking", text: '{"serial":"X1"}' },
  ]);
});
