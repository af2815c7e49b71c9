// The admin API as the console calls it: same-origin fetch with the session
// cookie, the header that proves a request came from the console (the
// server refuses a state change made with the cookie without it), and the
// API's errors as values with the field they name.

export const kConsoleHeader = "X-Clicfleet-Console";

/// A field an input names as wrong, among every bad field of a form (`error.problems`).
export interface FieldProblem {
  field: string;
  message: string;
}

/// A row an import refused (a 422's `rows`): its line in the file, its column, why.
export interface RowProblem {
  line: number;
  column: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null,
    readonly problems: FieldProblem[] = [],
    readonly rows: RowProblem[] = [],
    /// An import's columns the server does not know and ignored (a 422 says them too).
    readonly ignoredColumns: string[] = [],
  ) {
    super(message);
  }
}

/// What the console does when the server says the session is over, or that
/// the password must be changed first (set by the app at start).
export const apiHooks = {
  language: (): string => "fr",
  onUnauthorized: (): void => {},
  onPasswordChangeRequired: (): void => {},
};

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface RequestOptions {
  method?: Method;
  /// Sent as JSON.
  body?: unknown;
  /// Sent as it is (a file chosen by the person: an import's CSV, whose
  /// encoding the server finds itself), with its type.
  upload?: { data: Blob; type: string };
  signal?: AbortSignal;
}

export async function errorOf(res: Response): Promise<ApiError> {
  try {
    const body = await res.json();
    const e = body?.error;
    if (e && typeof e.message === "string") {
      const problems = Array.isArray(e.problems) ? (e.problems as FieldProblem[]) : [];
      const rows = Array.isArray(body.rows) ? (body.rows as RowProblem[]) : [];
      const ignored = Array.isArray(body.ignored_columns) ? body.ignored_columns.map(String) : [];
      return new ApiError(res.status, String(e.code ?? ""), e.message, e.field ?? null, problems, rows, ignored);
    }
  } catch {
    // not JSON: a proxy's page, say
  }
  return new ApiError(res.status, "http_" + res.status, res.statusText || "HTTP " + res.status, null);
}

async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: accept,
    "Accept-Language": apiHooks.language(),
    [kConsoleHeader]: "1",
  };
  let body: string | Blob | undefined;
  if (options.upload) {
    headers["Content-Type"] = options.upload.type;
    body = options.upload.data;
  } else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  const res = await fetch(path, {
    method: options.method ?? "GET",
    headers,
    body,
    credentials: "same-origin",
    cache: "no-store",
    signal: options.signal,
  });
  if (res.ok) return res;
  const error = await errorOf(res);
  if (res.status === 401 && !path.endsWith("/login")) apiHooks.onUnauthorized();
  if (res.status === 403 && error.code === "password_change_required") {
    apiHooks.onPasswordChangeRequired();
  }
  throw error;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await send(path, options, "application/json");
  return (await res.json()) as T;
}

/// A file answer (`?format=csv`) byte for byte: decoding it as text would
/// drop the byte order mark that French Excel needs.
export async function apiFile(path: string, accept: string, options: RequestOptions = {}): Promise<Blob> {
  const res = await send(path, options, accept);
  return res.blob();
}
