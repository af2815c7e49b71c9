// The console's pages and who may open them. The server enforces every
// right; this only keeps a role from being shown what it cannot use.

export type Role = "admin" | "it" | "support" | "bursary" | "viewer";

export type Route =
  | { page: "login" }
  | { page: "password" }
  | { page: "overview" }
  | { page: "devices" }
  | { page: "device"; id: string }
  | { page: "alerts" }
  | { page: "support" }
  | { page: "users" }
  | { page: "audit" }
  | { page: "pupils" }
  | { page: "pupil"; ref: string }
  | { page: "pupils_import" }
  | { page: "applications" }
  | { page: "application"; id: number }
  | { page: "application_new" }
  | { page: "deadlines" }
  | { page: "letters" }
  | { page: "payments" }
  | { page: "figures" }
  | { page: "settings" }
  | { page: "not_found" };

export type Page = Route["page"];

const kOffice: Role[] = ["admin", "bursary"];

/// The roles that may open each page (SPEC §5.4); login and the password
/// change are open to anyone who reaches them. The bursary office opens a
/// laptop's page too, for a laptop handed to a pupil (the server refuses the
/// others); the settings it may read, and only an admin change.
const rights: Record<Page, Role[] | "anyone"> = {
  login: "anyone",
  password: "anyone",
  not_found: "anyone",
  overview: ["admin", "it", "support", "bursary", "viewer"],
  devices: ["admin", "it", "support"],
  device: ["admin", "it", "support", "bursary"],
  alerts: ["admin", "it"],
  support: ["admin", "it", "support"],
  users: ["admin"],
  audit: ["admin"],
  pupils: kOffice,
  pupil: kOffice,
  pupils_import: kOffice,
  applications: kOffice,
  application: kOffice,
  application_new: kOffice,
  deadlines: kOffice,
  letters: kOffice,
  payments: kOffice,
  figures: kOffice,
  settings: kOffice,
};

export function mayOpen(role: Role | string, page: Page): boolean {
  const allowed = rights[page];
  return allowed === "anyone" || (allowed as string[]).includes(role);
}

function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/// The page of a path with two segments: "/devices/ab12" is device "ab12".
function subpageOf(first: string, second: string): Route {
  if (first === "applications" && second === "new") return { page: "application_new" };
  if (first === "deadlines" && second === "letters") return { page: "letters" };
  if (first === "applications") {
    return /^[1-9]\d{0,15}$/.test(second) ? { page: "application", id: Number(second) } : { page: "not_found" };
  }
  const id = decoded(second);
  if (id === null || id === "") return { page: "not_found" };
  if (first === "devices") return { page: "device", id };
  if (first === "pupils") return { page: "pupil", ref: id };
  return { page: "not_found" };
}

/// The page a path names: "/devices/ab12" is device "ab12".
export function routeOf(path: string): Route {
  const segments = path.split("/").filter((s) => s !== "");
  if (segments.length === 0) return { page: "overview" };
  const [first, second, ...rest] = segments;
  if (rest.length > 0) return { page: "not_found" };
  if (second !== undefined) return subpageOf(first, second);
  switch (first) {
    // Not under /pupils/, where "import" could be a pupil's reference.
    case "imports":
      return { page: "pupils_import" };
    case "login":
    case "password":
    case "devices":
    case "alerts":
    case "support":
    case "users":
    case "audit":
    case "pupils":
    case "applications":
    case "deadlines":
    case "payments":
    case "figures":
    case "settings":
      return { page: first };
    default:
      return { page: "not_found" };
  }
}

/// Where to go back to after logging in: a path of the console only, never
/// another site ("//evil.example" or "https://…").
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
    return "/";
  }
  if (next.startsWith("/login") || next.startsWith("/password")) return "/";
  return next;
}

/// Who may change the bursary's settings (the others may read them).
export function mayChangeSettings(role: Role | string): boolean {
  return role === "admin";
}

/// Who sees a laptop's health, inventory and history, and may take its alerts in hand.
export function seesDeviceHealth(role: Role | string): boolean {
  return role === "admin" || role === "it";
}

/// Who sees a laptop's alerts: IT and the desk. The bursary office sees a
/// pupil's laptop as the desk does (who has it, its status and connection
/// checks) but not its health, alerts included.
export function seesDeviceAlerts(role: Role | string): boolean {
  return role !== "bursary";
}

/// Who may read the known incidents (the overview shows them to these only).
export function mayReadIncidents(role: Role | string): boolean {
  return role === "admin" || role === "it" || role === "support";
}
