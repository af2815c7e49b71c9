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
  | { page: "not_found" };

export type Page = Route["page"];

/// The roles that may open each page (SPEC §5.4); login and the password
/// change are open to anyone who reaches them.
const rights: Record<Page, Role[] | "anyone"> = {
  login: "anyone",
  password: "anyone",
  not_found: "anyone",
  overview: ["admin", "it", "support", "bursary", "viewer"],
  devices: ["admin", "it", "support"],
  device: ["admin", "it", "support"],
  alerts: ["admin", "it"],
  support: ["admin", "it", "support"],
  users: ["admin"],
  audit: ["admin"],
};

export function mayOpen(role: Role | string, page: Page): boolean {
  const allowed = rights[page];
  return allowed === "anyone" || (allowed as string[]).includes(role);
}

/// The page a path names: "/devices/ab12" is device "ab12".
export function routeOf(path: string): Route {
  const segments = path.split("/").filter((s) => s !== "");
  if (segments.length === 0) return { page: "overview" };
  const [first, second, ...rest] = segments;
  if (rest.length > 0) return { page: "not_found" };
  if (first === "devices" && second !== undefined) {
    try {
      return { page: "device", id: decodeURIComponent(second) };
    } catch {
      return { page: "not_found" };
    }
  }
  if (second !== undefined) return { page: "not_found" };
  switch (first) {
    case "login":
    case "password":
    case "devices":
    case "alerts":
    case "support":
    case "users":
    case "audit":
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

/// Who may read the known incidents (the overview shows them to these only).
export function mayReadIncidents(role: Role | string): boolean {
  return role === "admin" || role === "it" || role === "support";
}
