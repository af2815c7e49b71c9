import assert from "node:assert/strict";
import { test } from "node:test";

import { caretAfterGrouping, checkIban, compactIban, groupIban, mod97 } from "../../src/logic/iban";

test("a valid IBAN passes, typed any way a paper form shows it", () => {
  for (const text of [
    "FR76 3000 6000 0112 3456 7890 189",
    "fr7630006000011234567890189",
    "IBAN FR76 3000 6000 0112 3456 7890 189",
    "FR76\u00a03000\u202f6000 0112 3456 7890 189",
    "DE89 3704 0044 0532 0130 00",
    "BE68 5390 0754 7034",
    "GB29 NWBK 6016 1331 9268 19",
  ]) {
    assert.equal(checkIban(text).problem, null, text);
  }
  assert.equal(compactIban("iban fr76 3000 6000 0112 3456 7890 189"), "FR7630006000011234567890189");
  assert.equal(mod97("FR7630006000011234567890189"), 1);
});

test("each wrong IBAN says what is wrong, as the server's check does", () => {
  const problem = (text: string) => checkIban(text).problem;
  assert.equal(problem(""), "empty");
  assert.equal(problem("   "), "empty");
  assert.equal(problem("FR76-3000"), "characters");
  assert.equal(problem("76FR30006000011234567890189"), "country");
  assert.equal(problem("ZZ7630006000011234567890189"), "unknown_country");
  assert.equal(problem("FRA6"), "check_digits");
  assert.equal(problem("FR7A30006000011234567890189"), "check_digits");
  assert.equal(problem("FR0030006000011234567890189"), "check_digits");
  assert.equal(problem("FR99 3000 6000 0112 3456 7890 189"), "check_digits");
  // One character mistyped, or two swapped: the mod-97 check sees it.
  assert.equal(problem("FR76 3000 6000 0112 3456 7890 188"), "mod97");
  assert.equal(problem("FR76 3000 6000 0112 3456 7809 189"), "mod97");
  assert.equal(problem("FR76 3000 6000 0112 3456 7890 1890"), "too_long");
});

test("an IBAN being typed is not wrong yet, only short: how many of its country's characters", () => {
  assert.deepEqual(checkIban("F"), { compact: "F", problem: "too_short", length: null });
  assert.deepEqual(checkIban("FR76 3000"), { compact: "FR763000", problem: "too_short", length: 27 });
  assert.equal(checkIban("DE89 3704").length, 22);
});

test("grouped by four as typed, the caret staying after the same character", () => {
  assert.equal(groupIban("fr7630006000011234567890189"), "FR76 3000 6000 0112 3456 7890 189");
  assert.equal(groupIban("FR76  3000 60"), "FR76 3000 60");
  assert.equal(groupIban("IBANFR76"), "IBAN FR76");  // a paper form's prefix is a group of its own
  assert.equal(groupIban(""), "");
  // Typing the fifth character at the end: the caret goes after the new space and it.
  assert.equal(caretAfterGrouping("FR763", 5), 6);
  // Typing at the end of a full group: no space yet.
  assert.equal(caretAfterGrouping("FR76", 4), 4);
  // Typing "X" in the middle of "FR76 3000" after "FR7": the caret stays after the X.
  assert.equal(groupIban("FR7X6 3000"), "FR7X 6300 0");
  assert.equal(caretAfterGrouping("FR7X6 3000", 4), 4);
  // Deleting the character after a space: the caret stays after the same four characters.
  assert.equal(caretAfterGrouping("FR76 000", 5), 4);
});
