import type { ComponentChildren } from "preact";

import { t } from "../state";

/// A labelled field of the bursary's forms, with its hint and, when the
/// server or the browser found one, its problem, both read out with it
/// (aria-describedby). The hint's room is kept even when empty, so that the
/// form does not move as one types.
export function FormField(props: {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  type?: "text" | "date" | "number";
  required?: boolean;
  error?: string | null;
  /// Wrong by the browser's own check (the IBAN's), said in the hint.
  invalid?: boolean;
  hint?: ComponentChildren;
  /// The hint changes as one types (the IBAN's check): screen readers say it.
  liveHint?: boolean;
  autocomplete?: string;
  inputMode?: "numeric" | "text";
  min?: number | string;
  max?: number | string;
  list?: string;
  maxLength?: number;
  onBlur?: () => void;
  inputRef?: { current: HTMLInputElement | null };
  class?: string;
  inputClass?: string;
  /// Rewrites the value as it is typed (the IBAN in groups of four), and says
  /// where the caret goes then.
  reshape?: (value: string, caret: number) => [string, number];
}) {
  const hintId = `${props.id}-hint`;
  const errorId = `${props.id}-error`;
  const describedBy = [props.hint !== undefined ? hintId : null, props.error ? errorId : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div class={props.class ? `field ${props.class}` : "field"}>
      <label for={props.id}>
        {props.label}
        {!props.required && <span class="optional"> {t("form_optional")}</span>}
      </label>
      <input
        id={props.id}
        name={props.id}
        class={props.inputClass}
        type={props.type ?? "text"}
        value={props.value}
        required={props.required}
        autocomplete={props.autocomplete ?? "off"}
        inputMode={props.inputMode}
        min={props.min}
        max={props.max}
        list={props.list}
        maxLength={props.maxLength}
        ref={props.inputRef}
        aria-invalid={props.error || props.invalid ? true : undefined}
        aria-describedby={describedBy || undefined}
        onInput={(e) => {
          const input = e.currentTarget;
          if (props.reshape) {
            const [value, caret] = props.reshape(input.value, input.selectionStart ?? input.value.length);
            if (value !== input.value) {
              input.value = value;
              input.setSelectionRange(caret, caret);
            }
          }
          props.onValue(input.value);
        }}
        onBlur={props.onBlur}
      />
      {props.hint !== undefined && (
        <small id={hintId} class="hint" aria-live={props.liveHint ? "polite" : undefined}>
          {props.hint}
        </small>
      )}
      {props.error && (
        <p id={errorId} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

/// A labelled choice, as FormField.
export function SelectField(props: {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  options: { value: string; label: string }[];
  required?: boolean;
  error?: string | null;
  placeholder?: string;
}) {
  const errorId = `${props.id}-error`;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        name={props.id}
        value={props.value}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        onChange={(e) => props.onValue(e.currentTarget.value)}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.error && (
        <p id={errorId} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
