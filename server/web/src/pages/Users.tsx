import { useState } from "preact/hooks";

import { Layout } from "../components/Layout";
import { Card, ErrorNote, Loading } from "../components/Status";
import { useApi } from "../components/useApi";
import { api, ApiError } from "../logic/api";
import { formatDateTime } from "../logic/i18n";
import type { MessageKey } from "../logic/messages";
import { account, language, t } from "../state";

interface User {
  username: string;
  role: string;
  disabled: boolean;
  must_change_password: boolean;
  created_at: string;
  password_changed_at: string | null;
}

const kRoles = ["admin", "it", "support", "bursary", "viewer"];

function message(error: unknown): string {
  return error instanceof ApiError ? error.message : String(error);
}

function AddUser(props: { onAdded: (user: User, password: string) => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState("support");
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api<{ user: User; one_time_password: string }>("/api/v1/users", {
        method: "POST",
        body: { username: name.trim(), role },
      });
      setName("");
      props.onAdded(r.user, r.one_time_password);
    } catch (err) {
      setError(message(err));
    }
  };
  return (
    <form class="filters" onSubmit={submit}>
      <label>
        <span>{t("users_add_name")}</span>
        <input name="username" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        <span>{t("users_add_role")}</span>
        <select name="role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
          {kRoles.map((r) => (
            <option key={r} value={r}>
              {t(`role_${r}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{t("users_add_submit")}</button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

export function UsersPage() {
  const lang = language.value;
  const list = useApi<{ users: User[] }>("/api/v1/users");
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const me = account.value!.username;

  const change = async (user: User, body: object) => {
    setStatus(null);
    try {
      await api(`/api/v1/users/${encodeURIComponent(user.username)}`, { method: "PATCH", body });
      setStatus({ text: t("users_saved"), error: false });
      list.reload();
    } catch (err) {
      setStatus({ text: message(err), error: true });
    }
  };
  const reset = async (user: User) => {
    setStatus(null);
    try {
      const r = await api<{ one_time_password: string }>(
        `/api/v1/users/${encodeURIComponent(user.username)}/password-reset`,
        { method: "POST", body: {} },
      );
      setStatus({ text: t("users_one_time", { user: user.username, password: r.one_time_password }), error: false });
      list.reload();
    } catch (err) {
      setStatus({ text: message(err), error: true });
    }
  };

  return (
    <Layout title={t("users_title")}>
      {status && (
        <p class={status.error ? "error" : "notice"} role={status.error ? "alert" : "status"}>
          {status.text}
        </p>
      )}
      {list.error ? (
        <ErrorNote error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : (
        <div class="table-wrap">
          <table class="users">
            <thead>
              <tr>
                <th scope="col">{t("users_col_name")}</th>
                <th scope="col">{t("users_col_role")}</th>
                <th scope="col">{t("users_col_state")}</th>
                <th scope="col">{t("users_col_created")}</th>
                <th scope="col">{t("users_col_password")}</th>
                <td />
              </tr>
            </thead>
            <tbody>
              {list.data.users.map((u) => (
                <tr key={u.username}>
                  <th scope="row">{u.username}</th>
                  <td>
                    <select
                      aria-label={t("users_change_role", { user: u.username })}
                      value={u.role}
                      disabled={u.username === me}
                      onChange={(e) => change(u, { role: e.currentTarget.value })}
                    >
                      {kRoles.map((r) => (
                        <option key={r} value={r}>
                          {t(`role_${r}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {t(u.disabled ? "users_disabled" : "users_enabled")}
                    {u.must_change_password && ` · ${t("users_must_change")}`}
                  </td>
                  <td>{formatDateTime(lang, u.created_at)}</td>
                  <td>{formatDateTime(lang, u.password_changed_at)}</td>
                  <td>
                    {u.username !== me && (
                      <div class="actions">
                        <button type="button" class="secondary small" onClick={() => change(u, { disabled: !u.disabled })}>
                          {t(u.disabled ? "users_enable" : "users_disable")}
                          <span class="visually-hidden"> {u.username}</span>
                        </button>
                        <button type="button" class="secondary small" onClick={() => reset(u)}>
                          {t("users_reset")}
                          <span class="visually-hidden"> {u.username}</span>
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Card title={t("users_add")}>
        <AddUser
          onAdded={(user, password) => {
            setStatus({ text: t("users_one_time", { user: user.username, password }), error: false });
            list.reload();
          }}
        />
      </Card>
    </Layout>
  );
}
