import { useState } from "preact/hooks";

import { LanguageSwitch, logout } from "../components/Layout";
import { api, ApiError } from "../logic/api";
import { safeNext } from "../logic/routes";
import { account, loadAccount, location, navigate, t } from "../state";

const kMinLength = 12;

export function PasswordPage() {
  const [current, setCurrent] = useState("");
  const [chosen, setChosen] = useState("");
  const [again, setAgain] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  const forced = account.value?.must_change_password ?? false;
  const next = safeNext(new URLSearchParams(location.value.search).get("next"));

  const submit = async (e: Event) => {
    e.preventDefault();
    if (chosen !== again) {
      setError({ field: "confirm", message: t("password_mismatch") });
      return;
    }
    if (chosen.length < kMinLength) {
      setError({ field: "new_password", message: t("password_rules") });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api("/api/v1/account/password", {
        method: "POST",
        body: { current_password: current, new_password: chosen },
      });
      await loadAccount();
      navigate(next, true);
    } catch (err) {
      if (err instanceof ApiError && err.field === "current_password" && err.status === 422) {
        setError({ field: "current_password", message: t("password_wrong_current") });
      } else if (err instanceof ApiError) {
        setError({ field: err.field, message: err.message });
      } else {
        setError({ field: null, message: String(err) });
      }
    } finally {
      setBusy(false);
    }
  };

  const invalid = (field: string) => (error?.field === field ? true : undefined);
  const describedBy = (field: string) => (error?.field === field ? "password-error" : undefined);
  document.title = `${t("password_title")} · clicfleet`;
  return (
    <main id="main" class="narrow">
      <div class="corner">
        <LanguageSwitch />
      </div>
      <h1>{t("password_title")}</h1>
      {forced && <p class="notice">{t("password_why")}</p>}
      <form onSubmit={submit} class="stack">
        <label>
          <span>{t("password_current")}</span>
          <input
            type="password"
            name="current_password"
            autocomplete="current-password"
            required
            value={current}
            aria-invalid={invalid("current_password")}
            aria-describedby={describedBy("current_password")}
            onInput={(e) => setCurrent(e.currentTarget.value)}
          />
        </label>
        <label>
          <span>{t("password_new")}</span>
          <input
            type="password"
            name="new_password"
            autocomplete="new-password"
            required
            minLength={kMinLength}
            value={chosen}
            aria-invalid={invalid("new_password")}
            aria-describedby={describedBy("new_password") ?? "password-rules"}
            onInput={(e) => setChosen(e.currentTarget.value)}
          />
        </label>
        <p id="password-rules" class="hint">
          {t("password_rules")}
        </p>
        <label>
          <span>{t("password_confirm")}</span>
          <input
            type="password"
            name="confirm"
            autocomplete="new-password"
            required
            value={again}
            aria-invalid={invalid("confirm")}
            aria-describedby={describedBy("confirm")}
            onInput={(e) => setAgain(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p id="password-error" class="error" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t("password_submit")}
        </button>
        <button type="button" class="secondary" onClick={logout}>
          {t("logout")}
        </button>
      </form>
    </main>
  );
}
