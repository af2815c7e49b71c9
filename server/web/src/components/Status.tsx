import type { ComponentChildren } from "preact";

import { ApiError } from "../logic/api";
import { fieldProblem } from "../logic/serverWords";
import { language, t } from "../state";

/// What a page shows while its data comes, or when it could not.
export function Loading() {
  return (
    <p class="loading" role="status">
      {t("loading")}
    </p>
  );
}

export function ErrorNote(props: { error: unknown; retry?: () => void }) {
  // The server's usual sentences in the page's language; the others as it wrote them.
  const message = props.error instanceof ApiError ? fieldProblem(language.value, props.error.message) : String(props.error);
  return (
    <div class="error" role="alert">
      <p>{t("error_prefix", { message })}</p>
      {props.retry && (
        <button type="button" onClick={props.retry}>
          {t("retry")}
        </button>
      )}
    </div>
  );
}

export function Card(props: { title: string; children: ComponentChildren; wide?: boolean }) {
  return (
    <section class={props.wide ? "card wide" : "card"} aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.children}
    </section>
  );
}
