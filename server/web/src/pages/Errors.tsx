import { Link } from "../components/Link";
import { Layout } from "../components/Layout";
import type { MessageKey } from "../logic/messages";
import { account, t } from "../state";

export function NotFoundPage() {
  return (
    <Layout title={t("not_found_title")}>
      <p>{t("not_found_text")}</p>
      <p>
        <Link href="/">{t("back_to_overview")}</Link>
      </p>
    </Layout>
  );
}

export function ForbiddenPage() {
  const role = t(`role_${account.value!.role}` as MessageKey);
  return (
    <Layout title={t("forbidden_title")}>
      <p>{t("forbidden_text", { role })}</p>
      <p>
        <Link href="/">{t("back_to_overview")}</Link>
      </p>
    </Layout>
  );
}
