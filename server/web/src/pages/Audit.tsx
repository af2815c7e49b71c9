import { Layout } from "../components/Layout";
import { ErrorNote, Loading } from "../components/Status";
import { useApi } from "../components/useApi";
import { formatDateTime } from "../logic/i18n";
import { messages, type MessageKey } from "../logic/messages";
import { language, location, navigate, t } from "../state";

/// An action in words, when the catalogue has it; its code always, for searching the log.
function actionText(action: string): string {
  const key = `action_${action}` as MessageKey;
  return key in messages.fr ? t(key) : action;
}

interface Entry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  address: string | null;
}

export function AuditPage() {
  const lang = language.value;
  const cursor = new URLSearchParams(location.value.search).get("cursor");
  const page = useApi<{ entries: Entry[]; next_cursor: string | number | null }>(
    "/api/v1/audit?limit=100" + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""),
  );
  return (
    <Layout title={t("audit_title")}>
      {page.error ? (
        <ErrorNote error={page.error} retry={page.reload} />
      ) : !page.data ? (
        <Loading />
      ) : page.data.entries.length === 0 ? (
        <p role="status">{t("audit_none")}</p>
      ) : (
        <>
          <div class="table-wrap">
            <table class="audit">
              <thead>
                <tr>
                  <th scope="col">{t("audit_col_at")}</th>
                  <th scope="col">{t("audit_col_actor")}</th>
                  <th scope="col">{t("audit_col_action")}</th>
                  <th scope="col">{t("audit_col_target")}</th>
                  <th scope="col">{t("audit_col_address")}</th>
                </tr>
              </thead>
              <tbody>
                {page.data.entries.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(lang, e.at)}</td>
                    <td>{e.actor}</td>
                    <td>
                      {actionText(e.action)} <code class="hint">{e.action}</code>
                    </td>
                    <td>{e.target ?? "—"}</td>
                    <td>{e.address ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label={t("audit_title")}>
            {cursor && (
              <button type="button" class="secondary" onClick={() => navigate("/audit")}>
                {t("audit_newest")}
              </button>
            )}
            {page.data.next_cursor !== null && (
              <button type="button" onClick={() => navigate(`/audit?cursor=${page.data!.next_cursor}`)}>
                {t("audit_older")}
              </button>
            )}
          </nav>
        </>
      )}
    </Layout>
  );
}
