/**
 * The few field components every form island shares: a label, an optional
 * hint and the field's error message next to it, tied to the control with
 * aria-describedby and aria-invalid. No inline styles anywhere (the site's
 * Content Security Policy forbids style attributes); classes come from
 * site/styles/forms.css.
 */
import { useId, type ReactNode, type RefObject } from 'react';

interface Described {
  hint?: ReactNode;
  error?: string | undefined;
}

/** The ids of a field's hint and error, for aria-describedby. */
function describedBy(id: string, { hint, error }: Described): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Messages({ id, hint, error }: Described & { id: string }) {
  return (
    <>
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      )}
    </>
  );
}

interface TextFieldProps extends Described {
  name: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'textarea';
  optional?: boolean;
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'email';
  maxLength?: number;
  rows?: number;
  /** Narrow inputs for short values (years, amounts). */
  size?: 'short' | 'full';
  /** Shown before the input, e.g. a currency symbol. */
  prefix?: string;
  spellCheck?: boolean;
}

export function TextField({ name, label, value, onChange, type = 'text', optional, hint, error, autoComplete, inputMode, maxLength, rows = 4, size = 'full', prefix, spellCheck }: TextFieldProps) {
  const id = `${useId()}-${name}`;
  const common = {
    id,
    name,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, { hint, error }),
    className: `field__input${size === 'short' ? ' field__input--short' : ''}`,
    ...(autoComplete ? { autoComplete } : {}),
    ...(maxLength ? { maxLength } : {}),
    ...(spellCheck !== undefined ? { spellCheck } : {}),
  };
  return (
    <div className="field" data-invalid={error ? '' : undefined}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional && <span className="field__optional"> (optional)</span>}
      </label>
      <Messages id={id} hint={hint} error={error} />
      {type === 'textarea' ? (
        <textarea {...common} rows={rows} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <span className={prefix ? 'field__affix' : 'field__plain'}>
          {prefix && (
            <span className="field__prefix" aria-hidden="true">
              {prefix}
            </span>
          )}
          <input {...common} type={type} {...(inputMode ? { inputMode } : {})} onChange={(e) => onChange(e.target.value)} />
        </span>
      )}
    </div>
  );
}

interface SelectFieldProps extends Described {
  name: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  options: ReadonlyArray<{ value: string; label: string }>;
  optional?: boolean;
}

export function SelectField({ name, label, value, onChange, options, optional, hint, error }: SelectFieldProps) {
  const id = `${useId()}-${name}`;
  return (
    <div className="field" data-invalid={error ? '' : undefined}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional && <span className="field__optional"> (optional)</span>}
      </label>
      <Messages id={id} hint={hint} error={error} />
      <select
        id={id}
        name={name}
        className="field__input field__select"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { hint, error })}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

interface Option {
  value: string;
  label: ReactNode;
  /** A second line under the label. */
  description?: ReactNode;
}

interface ChoiceGroupProps extends Described {
  name: string;
  legend: ReactNode;
  options: ReadonlyArray<Option>;
  optional?: boolean;
  /** `pills` lays short options out in a wrapping row; `cards` gives each option a box with its description. */
  layout?: 'stack' | 'pills' | 'cards';
}

type RadioGroupProps = ChoiceGroupProps & { value: string; onChange: (value: string) => void };
type CheckboxGroupProps = ChoiceGroupProps & { values: readonly string[]; onChange: (values: string[]) => void };

function Group({ name, legend, optional, hint, error, layout = 'stack', radio, children }: ChoiceGroupProps & { radio: boolean; children: ReactNode }) {
  const id = `${useId()}-${name}`;
  return (
    <fieldset
      className="field choices"
      data-invalid={error ? '' : undefined}
      {...(radio ? { role: 'radiogroup', 'aria-invalid': error ? true : undefined } : {})}
      aria-describedby={describedBy(id, { hint, error })}
    >
      <legend className="field__label">
        {legend}
        {optional && <span className="field__optional"> (optional)</span>}
      </legend>
      <Messages id={id} hint={hint} error={error} />
      <div className={`choices__list choices__list--${layout}`}>{children}</div>
    </fieldset>
  );
}

function ChoiceLabel({ option }: { option: Option }) {
  return (
    <span className="choice__text">
      <span className="choice__label">{option.label}</span>
      {option.description && <span className="choice__description">{option.description}</span>}
    </span>
  );
}

export function RadioGroup(props: RadioGroupProps) {
  const { name, options, value, onChange, layout = 'stack' } = props;
  return (
    <Group {...props} layout={layout} radio>
      {options.map((o) => (
        <label key={o.value} className={`choice choice--${layout}`}>
          <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
          <ChoiceLabel option={o} />
        </label>
      ))}
    </Group>
  );
}

export function CheckboxGroup(props: CheckboxGroupProps) {
  const { name, options, values, onChange, layout = 'pills' } = props;
  const toggle = (value: string, on: boolean) => onChange(on ? [...values, value] : values.filter((v) => v !== value));
  return (
    <Group {...props} layout={layout} radio={false}>
      {options.map((o) => (
        <label key={o.value} className={`choice choice--${layout}`}>
          <input type="checkbox" name={name} value={o.value} checked={values.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} />
          <ChoiceLabel option={o} />
        </label>
      ))}
    </Group>
  );
}

interface CheckboxProps extends Described {
  name: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function Checkbox({ name, label, checked, onChange, hint, error }: CheckboxProps) {
  const id = `${useId()}-${name}`;
  return (
    <div className="field field--checkbox" data-invalid={error ? '' : undefined}>
      <Messages id={id} error={error} />
      <label className="choice choice--single" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          name={name}
          checked={checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, { hint, error })}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span className="choice__text">
          <span className="choice__label">{label}</span>
        </span>
      </label>
      {hint && (
        <p className="field__hint field__hint--after" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

/**
 * The honeypot `company`: off-screen, out of the tab order and hidden from
 * screen readers, so only a bot fills it (the API then pretends success and
 * stores nothing).
 */
export function Honeypot({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const id = `${useId()}-company`;
  return (
    <div className="hp" aria-hidden="true">
      <label htmlFor={id}>Company</label>
      <input id={id} type="text" name="company" tabIndex={-1} autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

export type AlertTone = 'error' | 'info';

/** The form-level message: announced when it appears (role=alert). */
export function FormAlert({ tone = 'error', title, children }: { tone?: AlertTone; title?: ReactNode; children?: ReactNode }) {
  return (
    <div className={`form-alert form-alert--${tone}`} role="alert">
      {title && <p className="form-alert__title">{title}</p>}
      {children}
    </div>
  );
}

/**
 * Disabled while a request is in flight with aria-disabled rather than
 * `disabled`, so keyboard focus stays on it (the form ignores a second submit).
 */
export function SubmitButton({ busy, children, busyLabel }: { busy: boolean; children: ReactNode; busyLabel: ReactNode }) {
  return (
    <button type="submit" className="button form__submit" aria-disabled={busy || undefined}>
      {busy ? busyLabel : children}
    </button>
  );
}

/** Where the form's alert appears; focusable so focus can move to it when there is no field to fix. */
export function ProblemSlot({ alertRef, children }: { alertRef: RefObject<HTMLDivElement | null>; children?: ReactNode }) {
  return (
    <div ref={alertRef} tabIndex={-1} className="form__problem">
      {children}
    </div>
  );
}
