// The reminder letter to a family whose bursary deadline is near, in French
// (the families' language, whatever the console's), in the words of the
// council's deliberation (../shared/seed/, SPEC §6): a bursary for families
// who subscribe after the handover, asked for within the window, paid once,
// on the provider's proof, by administrative mandate.

import { formatEuros } from "./bursary";

/// A row of GET /api/v1/bursary/deadlines.
export interface DeadlineRow {
  pupil_ref: string;
  first_name: string;
  last_name: string;
  school: string | null;
  class: string | null;
  first_handover: string;
  deadline: string;
  days_left: number;
  online_at_home: boolean;
  refused_reason: string | null;
}

export interface Letter {
  /// "Le 6 décembre 2026"
  dated: string;
  /// The family, the pupil's school and class.
  to: string[];
  subject: string;
  /// Paragraphs before the list of what to bring; `strong` ones stand out.
  before: { text: string; strong?: boolean }[];
  bring: string[];
  after: string[];
  closing: string;
  signature: string;
}

const kMonths = [
  "janvier", "février", "mars", "avril", "mai", "juin",
  "juillet", "août", "septembre", "octobre", "novembre", "décembre",
];

/// "1er décembre 2026", "10 décembre 2026": a civil date as a French letter writes it.
export function longDateFr(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number);
  if (!year || !month || !day || month > 12) return iso;
  return `${day === 1 ? "1er" : day} ${kMonths[month - 1]} ${year}`;
}

function daysLeftSentence(days: number): string {
  if (days <= 0) return "C'est aujourd'hui le dernier jour.";
  if (days === 1) return "Il vous reste 1 jour.";
  return `Il vous reste ${days} jours.`;
}

/// Why the family's earlier application was refused, when a new one may overcome it.
function refusedSentence(reason: string | null): string | null {
  if (reason === "subscribed_before_handover") {
    return "Votre précédente demande n'a pas pu être acceptée : l'abonnement avait commencé avant la " +
      "remise de l'ordinateur. Si vous avez souscrit un abonnement depuis la remise, vous pouvez faire " +
      "une nouvelle demande avec son justificatif.";
  }
  if (reason === "no_handover") {
    return "Votre précédente demande nous était parvenue avant que la remise de l'ordinateur soit " +
      "enregistrée : vous pouvez faire une nouvelle demande.";
  }
  return null;
}

/// What the family's cohort gets (the cohort's settings; the deliberation's
/// 60 €, 3 months, 12 hours and a card for a year unless set otherwise).
export interface LetterSettings {
  today: string;
  amountCents: number;
  windowMonths: number;
  trainingHours: number;
  cardMonths: number;
}

/// "pendant un an", "pendant 18 mois": how long the card lasts.
function during(months: number): string {
  if (months === 12) return "pendant un an";
  if (months % 12 === 0) return `pendant ${months / 12} ans`;
  return `pendant ${months} mois`;
}

export function reminderLetter(row: DeadlineRow, settings: LetterSettings): Letter {
  const pupil = `${row.first_name} ${row.last_name}`;
  const amount = formatEuros("fr", settings.amountCents);
  const where = [row.school, row.class ? `classe ${row.class}` : null].filter(Boolean).join(", ");
  const deadline = longDateFr(row.deadline);
  const refused = refusedSentence(row.refused_reason);
  return {
    dated: `Le ${longDateFr(settings.today)}`,
    to: [`À la famille de ${pupil}`, ...(where ? [where] : [])],
    subject: `Objet : bourse Internet de ${amount}, à demander au plus tard le ${deadline}`,
    before: [
      { text: "Madame, Monsieur," },
      {
        text: `Le ${longDateFr(row.first_handover)}, votre enfant ${pupil}${where ? ` (${where})` : ""} a reçu ` +
          "un ordinateur portable de la Ville, pour se connecter au portail éducatif et faire ses recherches.",
      },
      {
        text: `La Ville accorde une bourse de ${amount} par enfant aux familles qui souscrivent un forfait ` +
          "Internet après la remise de l'ordinateur (le jour même compte). Vous choisissez librement votre " +
          "fournisseur et votre forfait. La bourse n'est versée qu'une fois, la première année.",
      },
      {
        text: `Votre demande doit nous parvenir au plus tard le ${deadline}, dans les ${settings.windowMonths} mois ` +
          `qui suivent la remise de l'ordinateur ; après cette date, elle ne pourra plus être acceptée. ` +
          daysLeftSentence(row.days_left),
        strong: true,
      },
      ...(refused ? [{ text: refused }] : []),
      { text: "Pour la demander, apportez ou envoyez au bureau des bourses de la Ville, à la mairie :" },
    ],
    bring: [
      "le justificatif d'abonnement délivré par votre fournisseur d'accès à Internet (une facture ou le " +
        "contrat), où figurent le nom du fournisseur et la date de début de l'abonnement ;",
      "un relevé d'identité bancaire (RIB) portant l'IBAN du compte sur lequel la bourse sera versée et le " +
        "nom de son titulaire.",
    ],
    after: [
      "La bourse est versée par mandat administratif sur ce compte.",
      settings.trainingHours > 0
        ? `Nous vous rappelons aussi que vous bénéficiez ${during(settings.cardMonths)} d'une carte gratuite ` +
          `d'accès aux Espaces Publics Numériques et de ${settings.trainingHours} heures de formation dans les Cyber-Bases.`
        : `Nous vous rappelons aussi que vous bénéficiez ${during(settings.cardMonths)} d'une carte gratuite ` +
          "d'accès aux Espaces Publics Numériques.",
    ],
    closing: "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
    signature: "Le bureau des bourses de la Ville",
  };
}
