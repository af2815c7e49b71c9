import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

import { api } from "../logic/api";
import { kLanguages, type Language } from "../logic/i18n";
import type { MessageKey } from "../logic/messages";
import { mayOpen, type Page, type Role } from "../logic/routes";
import { account, currentRoute, language, navigate, notice, setLanguage, t } from "../state";
import { Link } from "./Link";

/// The navigation: each entry is current on its page and on the pages under
/// it. The bursary office reads the settings from its pages' links, without
/// an entry of its own: only an admin changes them.
const kNav: { page: Page; href: string; label: MessageKey; under?: Page[]; only?: Role[] }[] = [
  { page: "overview", href: "/", label: "nav_overview" },
  { page: "devices", href: "/devices", label: "nav_devices", under: ["device"] },
  { page: "alerts", href: "/alerts", label: "nav_alerts" },
  { page: "support", href: "/support", label: "nav_support" },
  { page: "pupils", href: "/pupils", label: "nav_pupils", under: ["pupil", "pupils_import"] },
  { page: "applications", href: "/applications", label: "nav_applications", under: ["application", "application_new"] },
  { page: "deadlines", href: "/deadlines", label: "nav_deadlines", under: ["letters"] },
  { page: "payments", href: "/payments", label: "nav_payments" },
  { page: "figures", href: "/figures", label: "nav_figures" },
  { page: "settings", href: "/settings", label: "nav_settings", only: ["admin"] },
  { page: "users", href: "/users", label: "nav_users" },
  { page: "audit", href: "/audit", label: "nav_audit" },
];

export function LanguageSwitch() {
  return (
    <label class="language">
      <span>{t("language")}</span>
      <select
        value={language.value}
        onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value as Language)}
      >
        {kLanguages.map((l) => (
          <option value={l} key={l}>
            {t(`language_${l}` as MessageKey)}
          </option>
        ))}
      </select>
    </label>
  );
}

export async function logout() {
  try {
    await api("/api/v1/logout", { method: "POST" });
  } catch {
    // the session is gone either way
  }
  account.value = null;
  notice.value = "login_logged_out";
  navigate("/login", true);
}

/// The frame of every page once logged in: the header, the navigation the
/// role may use, and the page's title, which takes the focus on each change
/// of page so that a screen reader says where it is.
export function Layout(props: { title: string; children: ComponentChildren; mainClass?: string }) {
  const me = account.value!;
  const page = currentRoute().page;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · clicfleet`;
    heading.current?.focus();
  }, [props.title]);
  return (
    <>
      <a class="skip" href="#main">
        {t("skip_to_content")}
      </a>
      <header class="top">
        <span class="brand">{t("app_name")}</span>
        <nav aria-label={t("nav_main")}>
          <ul>
            {kNav
              .filter((n) => mayOpen(me.role, n.page) && (!n.only || n.only.includes(me.role)))
              .map((n) => (
                <li key={n.page}>
                  <Link href={n.href} current={page === n.page || (n.under ?? []).includes(page)}>
                    {t(n.label)}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <div class="session">
          <span class="who">
            {t("signed_in_as", { user: me.username, role: t(`role_${me.role}` as MessageKey) })}
          </span>
          <LanguageSwitch />
          <button type="button" class="secondary" onClick={logout}>
            {t("logout")}
          </button>
        </div>
      </header>
      <main id="main" class={props.mainClass}>
        <h1 tabIndex={-1} ref={heading}>
          {props.title}
        </h1>
        {props.children}
      </main>
    </>
  );
}
