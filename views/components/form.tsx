import type { Child } from 'hono/jsx';

export type Errors = Partial<Record<string, string>>;
export type Values = Partial<Record<string, string | string[]>>;

interface FieldProps {
  name: string;
  label: string;
  values: Values;
  errors: Errors;
  type?: string;
  required?: boolean;
  hint?: string;
  /** URL of the form's inline-validation endpoint (htmx); the form still validates on submit without it. */
  validate?: string;
  inputmode?: 'decimal' | 'numeric' | 'text' | 'search' | 'tel' | 'email' | 'url' | 'none';
  placeholder?: string;
  autocomplete?: string;
  /** Prefixes the input's and error's ids where two forms on one page share a field name. */
  idPrefix?: string;
}

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] ?? '' : v ?? '');

export function FieldError({ name, error, idPrefix = '' }: { name: string; error?: string; idPrefix?: string }) {
  return <span id={`err-${idPrefix}${name}`} class="field-error" role={error ? 'alert' : undefined}>{error ?? ''}</span>;
}

function validateAttrs(validate: string | undefined, name: string) {
  return validate
    ? { 'hx-post': `${validate}?field=${name}`, 'hx-trigger': 'change', 'hx-target': `#err-${name}`, 'hx-swap': 'outerHTML', 'hx-include': 'closest form' }
    : {};
}

export function Field(p: FieldProps) {
  const err = p.errors[p.name];
  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      <label for={`f-${p.idPrefix ?? ''}${p.name}`}>{p.label}{p.required && <abbr title="必填" class="req">*</abbr>}</label>
      <input
        id={`f-${p.idPrefix ?? ''}${p.name}`} name={p.name} type={p.type ?? 'text'} value={str(p.values[p.name])}
        required={p.required} aria-invalid={err ? 'true' : undefined} aria-describedby={`err-${p.idPrefix ?? ''}${p.name}`}
        inputmode={p.inputmode} placeholder={p.placeholder} autocomplete={p.autocomplete}
        {...validateAttrs(p.validate, p.name)}
      />
      {p.hint && <small class="hint">{p.hint}</small>}
      <FieldError name={p.name} error={err} idPrefix={p.idPrefix} />
    </div>
  );
}

export function MoneyField(p: Omit<FieldProps, 'type' | 'inputmode'>) {
  return <Field {...p} inputmode="decimal" hint={p.hint ?? '单位：元，最多两位小数'} />;
}

export function SelectField(p: FieldProps & { options: readonly (string | { value: string; label: string })[]; blank?: string }) {
  const err = p.errors[p.name];
  const current = str(p.values[p.name]);
  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      <label for={`f-${p.idPrefix ?? ''}${p.name}`}>{p.label}{p.required && <abbr title="必填" class="req">*</abbr>}</label>
      <select id={`f-${p.idPrefix ?? ''}${p.name}`} name={p.name} required={p.required} aria-invalid={err ? 'true' : undefined}
        aria-describedby={`err-${p.idPrefix ?? ''}${p.name}`} {...validateAttrs(p.validate, p.name)}>
        {p.blank !== undefined && <option value="">{p.blank}</option>}
        {p.options.map((o) => {
          const { value, label } = typeof o === 'string' ? { value: o, label: o } : o;
          return <option value={value} selected={value === current}>{label}</option>;
        })}
      </select>
      {p.hint && <small class="hint">{p.hint}</small>}
      <FieldError name={p.name} error={err} idPrefix={p.idPrefix} />
    </div>
  );
}

export function TextArea(p: FieldProps) {
  const err = p.errors[p.name];
  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      <label for={`f-${p.idPrefix ?? ''}${p.name}`}>{p.label}{p.required && <abbr title="必填" class="req">*</abbr>}</label>
      <textarea id={`f-${p.idPrefix ?? ''}${p.name}`} name={p.name} rows={3} required={p.required} aria-invalid={err ? 'true' : undefined}
        aria-describedby={`err-${p.idPrefix ?? ''}${p.name}`}>{str(p.values[p.name])}</textarea>
      <FieldError name={p.name} error={err} idPrefix={p.idPrefix} />
    </div>
  );
}

export function FormErrors({ errors }: { errors: Errors }) {
  const n = Object.keys(errors).length;
  if (!n) return null;
  return <div class="form-errors" role="alert">表单有 {n} 处错误，请按提示修改后重新提交。{errors._form && <p>{errors._form}</p>}</div>;
}

export function Actions({ children }: { children: Child }) {
  return <div class="actions">{children}</div>;
}
