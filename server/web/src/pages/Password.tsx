import { useState } from "preact/hooks";

import { Field } from "../components/Field";
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

  const invalid = (field: string) => error?.field === field;
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
        <Field
          label={t("password_current")}
          name="current_password"
          type="password"
          autocomplete="current-password"
          value={current}
          onValue={setCurrent}
          invalid={invalid("current_password")}
          describedBy={describedBy("current_password")}
        />
        <Field
          label={t("password_new")}
          name="new_password"
          type="password"
          autocomplete="new-password"
          minLength={kMinLength}
          value={chosen}
          onValue={setChosen}
          invalid={invalid("new_password")}
          describedBy={describedBy("new_password") ?? "password-rules"}
        />
        <p id="password-rules" class="hint">
          {t("password_rules")}
        </p>
        <Field
          label={t("password_confirm")}
          name="confirm"
          type="password"
          autocomplete="new-password"
          value={again}
          onValue={setAgain}
          invalid={invalid("confirm")}
          describedBy={describedBy("confirm")}
        />
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
