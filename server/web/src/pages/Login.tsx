import { useState } from "preact/hooks";

import { Field } from "../components/Field";
import { LanguageSwitch } from "../components/Layout";
import { api, ApiError } from "../logic/api";
import { safeNext } from "../logic/routes";
import { loadAccount, account, location, navigate, notice, t } from "../state";

/// What the person is told when the server refuses: its words, in the
/// console's language for the usual cases.
function refusal(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return t("login_failed");
    if (error.status === 429) return t("login_throttled", { message: error.message });
    return error.message;
  }
  return String(error);
}

export function LoginPage() {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next = safeNext(new URLSearchParams(location.value.search).get("next"));

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api("/api/v1/login", { method: "POST", body: { username, password } });
      setPassword("");
      notice.value = null;
      await loadAccount();
      if (account.value?.must_change_password) {
        navigate(`/password?next=${encodeURIComponent(next)}`, true);
      } else {
        navigate(next, true);
      }
    } catch (err) {
      setError(refusal(err));
    } finally {
      setBusy(false);
    }
  };

  document.title = `${t("login_title")} · clicfleet`;
  return (
    <main id="main" class="narrow">
      <div class="corner">
        <LanguageSwitch />
      </div>
      <p class="brand big">{t("app_name")}</p>
      <h1>{t("login_title")}</h1>
      {notice.value && (
        <p class="notice" role="status">
          {t(notice.value)}
        </p>
      )}
      <form onSubmit={submit} class="stack">
        <Field
          label={t("login_username")}
          name="username"
          autocomplete="username"
          value={username}
          onValue={setUsername}
        />
        <Field
          label={t("login_password")}
          name="password"
          type="password"
          autocomplete="current-password"
          value={password}
          onValue={setPassword}
        />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t("login_busy") : t("login_submit")}
        </button>
      </form>
    </main>
  );
}
