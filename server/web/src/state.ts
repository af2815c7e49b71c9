// What the whole console shares: where it is, who is logged in, the
// language. Signals, so that every part that reads one follows it.

import { signal } from "@preact/signals";

import { api, apiHooks } from "./logic/api";
import { languageFromBrowser, translate, translateCount, type Language } from "./logic/i18n";
import type { MessageKey } from "./logic/messages";
import { routeOf, safeNext, type Role } from "./logic/routes";

export interface Account {
  username: string;
  role: Role;
  must_change_password: boolean;
  expires_at: string;
}

export const location = signal({ path: window.location.pathname, search: window.location.search });
export const account = signal<Account | null | undefined>(undefined);  // undefined: not asked yet
export const notice = signal<MessageKey | null>(null);

const kLanguageKey = "clicfleet.language";

/// The language kept for this user in this browser, else the browser's.
function savedLanguage(user: string | null): Language | null {
  const saved = localStorage.getItem(user ? `${kLanguageKey}.${user}` : kLanguageKey);
  return saved === "fr" || saved === "en" ? saved : null;
}

export const language = signal<Language>(
  savedLanguage(null) ?? languageFromBrowser(navigator.languages ?? [navigator.language]),
);

export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return translate(language.value, key, vars);
}

/// `key` with `{count}`, in the singular form when the language says so.
export function tc(key: MessageKey, count: number, vars?: Record<string, string | number>): string {
  return translateCount(language.value, key, count, vars);
}

/// An alert's detail in the reader's language: the server words it in both.
export function alertDetail(alert: { detail: string; detail_fr: string }): string {
  return language.value === "fr" ? alert.detail_fr : alert.detail;
}

export function setLanguage(next: Language) {
  language.value = next;
  localStorage.setItem(kLanguageKey, next);
  const user = account.value?.username;
  if (user) localStorage.setItem(`${kLanguageKey}.${user}`, next);
}

function applyDocumentLanguage() {
  document.documentElement.lang = language.value;
}

export function navigate(to: string, replace = false) {
  const url = new URL(to, window.location.origin);
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  location.value = { path: url.pathname, search: url.search };
  window.scrollTo(0, 0);
}

export function currentRoute() {
  return routeOf(location.value.path);
}

/// Back to the login page, to come back here afterwards.
export function toLogin(why: MessageKey | null) {
  const here = location.value.path + location.value.search;
  account.value = null;
  notice.value = why;
  const next = safeNext(here);
  navigate(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`, true);
}

export async function loadAccount() {
  try {
    const me = await api<Account>("/api/v1/account");
    account.value = me;
    const saved = savedLanguage(me.username);
    if (saved) language.value = saved;
  } catch {
    account.value = null;
  }
}

export function startApp() {
  window.addEventListener("popstate", () => {
    location.value = { path: window.location.pathname, search: window.location.search };
  });
  apiHooks.language = () => language.value;
  apiHooks.onUnauthorized = () => {
    if (account.value) toLogin("login_expired");
  };
  apiHooks.onPasswordChangeRequired = () => {
    if (account.value) account.value = { ...account.value, must_change_password: true };
    navigate("/password", true);
  };
  language.subscribe(applyDocumentLanguage);
}
