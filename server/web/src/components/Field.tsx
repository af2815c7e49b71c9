/// A labelled text or password input, the form fields of the login and
/// password pages: the label names it, an error or a hint describes it.
export function Field(props: {
  label: string;
  name: string;
  value: string;
  onValue: (value: string) => void;
  type?: "text" | "password";
  autocomplete: string;
  minLength?: number;
  invalid?: boolean;
  describedBy?: string;
}) {
  const attributes = {
    name: props.name,
    autocomplete: props.autocomplete,
    required: true,
    minLength: props.minLength,
    value: props.value,
    "aria-invalid": props.invalid ? true : undefined,
    "aria-describedby": props.describedBy,
    onInput: (e: Event) => props.onValue((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <label>
      <span>{props.label}</span>
      {props.type === "password" ? <input type="password" {...attributes} /> : <input type="text" {...attributes} />}
    </label>
  );
}
