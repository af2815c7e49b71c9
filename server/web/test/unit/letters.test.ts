import assert from "node:assert/strict";
import { test } from "node:test";

import { longDateFr, reminderLetter, type DeadlineRow } from "../../src/logic/letters";

const row: DeadlineRow = {
  pupil_ref: "E26-0104",
  first_name: "Nathan",
  last_name: "Lambert",
  school: "École des Chaprais",
  class: "CE2 B",
  first_handover: "2026-09-10",
  deadline: "2026-12-10",
  days_left: 4,
  online_at_home: true,
  refused_reason: null,
};

const spaced = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");  // Intl writes no-break spaces

const settings = { today: "2026-12-06", amountCents: 6000, windowMonths: 3, trainingHours: 12, cardMonths: 12 };

test("dates as a French letter writes them", () => {
  assert.equal(longDateFr("2026-12-10"), "10 décembre 2026");
  assert.equal(longDateFr("2027-02-01"), "1er février 2027");
  assert.equal(longDateFr("2026-08-31"), "31 août 2026");
  assert.equal(longDateFr("n'importe quoi"), "n'importe quoi");
});

test("the letter names the family, the deadline, the amount, what to bring and where", () => {
  const letter = reminderLetter(row, settings);
  const text = [letter.dated, ...letter.to, letter.subject, ...letter.before.map((p) => p.text), ...letter.bring,
    ...letter.after, letter.closing, letter.signature].join("\n").replace(/[\u00a0\u202f]/g, " ");
  assert.equal(letter.dated, "Le 6 décembre 2026");
  assert.deepEqual(letter.to, ["À la famille de Nathan Lambert", "École des Chaprais, classe CE2 B"]);
  assert.equal(spaced(letter.subject), "Objet : bourse Internet de 60 €, à demander au plus tard le 10 décembre 2026");
  for (const words of [
    "Le 10 septembre 2026, votre enfant Nathan Lambert (École des Chaprais, classe CE2 B) a reçu un ordinateur portable",
    "une bourse de 60 € par enfant aux familles qui souscrivent un forfait Internet après la remise de l'ordinateur",
    "n'est versée qu'une fois, la première année",
    "au plus tard le 10 décembre 2026, dans les 3 mois qui suivent la remise",
    "Il vous reste 4 jours.",
    "bureau des bourses de la Ville",
    "justificatif d'abonnement délivré par votre fournisseur d'accès à Internet (une facture ou le contrat)",
    "le nom du fournisseur et la date de début de l'abonnement",
    "l'IBAN du compte",
    "mandat administratif",
    "pendant un an d'une carte gratuite d'accès aux Espaces Publics Numériques et de 12 heures de formation dans les Cyber-Bases",
  ]) {
    assert.ok(text.includes(words), `« ${words} » in\n${text}`);
  }
  assert.ok(letter.before.find((p) => p.strong)?.text.includes("10 décembre 2026"), "the deadline stands out");
});

test("the cohort's own amount and window, the last day, and a family refused before", () => {
  const letter = reminderLetter(
    { ...row, class: null, school: null, days_left: 0, refused_reason: "subscribed_before_handover" },
    { ...settings, amountCents: 6550, windowMonths: 4 },
  );
  const text = letter.before.map((p) => p.text).join("\n").replace(/[\u00a0\u202f]/g, " ");
  assert.deepEqual(letter.to, ["À la famille de Nathan Lambert"]);
  assert.ok(spaced(letter.subject).includes("65,50 €"), letter.subject);
  assert.ok(text.includes("dans les 4 mois") && text.includes("C'est aujourd'hui le dernier jour."), text);
  assert.ok(text.includes("l'abonnement avait commencé avant la remise"), text);
  assert.ok(!text.includes("(,"), "no empty school in brackets");
  assert.ok(reminderLetter({ ...row, days_left: 1 }, settings).before.some((p) => p.text.includes("Il vous reste 1 jour.")));
});

test("the card and the training the family's cohort is offered", () => {
  const after = (card: number, hours: number) =>
    reminderLetter(row, { ...settings, cardMonths: card, trainingHours: hours }).after.join(" ");
  assert.ok(after(18, 20).includes("pendant 18 mois d'une carte gratuite") && after(18, 20).includes("20 heures de formation"));
  assert.ok(after(24, 12).includes("pendant 2 ans"));
  assert.ok(!after(12, 0).includes("heures de formation"), "no training offered, none said");
});
