import { useState } from "preact/hooks";

import { apiFile } from "../logic/api";
import type { MessageKey } from "../logic/messages";
import { t } from "../state";
import { ErrorNote } from "./Status";

/// A filtered list as a spreadsheet (`path` asks for `format=csv`, or answers
/// CSV to `Accept: text/csv`), saved by the browser as `file`; in the
/// console's language, which a plain link could not ask for. `vars` fill the
/// file's name and the label ("mandats-{id}.csv").
export function ExportButton(props: {
  path: string;
  file: MessageKey;
  label: MessageKey;
  vars?: Record<string, string | number>;
  describedBy?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const file = await apiFile(props.path, "text/csv");
      const url = URL.createObjectURL(file);
      const link = document.createElement("a");
      link.href = url;
      link.download = t(props.file, props.vars);
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="secondary" onClick={save} disabled={busy} aria-describedby={props.describedBy}>
        {busy ? t("loading") : t(props.label, props.vars)}
      </button>
      {error ? <ErrorNote error={error} /> : null}
    </>
  );
}
