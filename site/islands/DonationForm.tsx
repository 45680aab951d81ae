/**
 * Donation pledge on /give/ (any open fund) and /funds/{slug}/ (that fund):
 * amount presets and a custom amount in the fund's currency, formatted and
 * read in the reader's locale; once or monthly; anonymous; a dedication.
 * After sending, the pledge reference; the page's progress bars refresh.
 */
import './zod-jitless';
import '../styles/forms.css';
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { donationRequest, pledgeResponse, type PledgeResponse } from '../../functions/schemas/donation';
import { AlsoSubscribe, subscribeAlso } from './also-subscribe';
import { apiRequest } from './api-client';
import { Checkbox, FormAlert, Honeypot, ProblemSlot, RadioGroup, SubmitButton, TextField } from './form/fields';
import { Fallback, useHydrated } from './form/hydrated';
import { SentFallback, successModule } from './form/outcome';
import { problemMessage, useFormValues, useSubmission } from './form/use-form';
import { SITE } from '../consts';
import { currencyDigits, currencySymbol, formatDecimal, formatMoney, parseAmount, readerLocale } from '../lib/format';
import { progressRefreshEvent } from './fund-progress-event';

export interface FundOption {
  slug: string;
  title: string;
  currency: string;
}

interface Props {
  funds: FundOption[];
  children?: ReactNode;
}

type Outcomes = typeof import('./outcomes');
/** The thank-you with the pledge's reference, loaded when the form is sent. */
const loadOutcomes = successModule(() => import('./outcomes'));

/** Suggested gifts, in major units of the fund's currency. */
const presets = [25, 50, 100, 250];

export default function DonationForm({ funds, children }: Props) {
  const hydrated = useHydrated();
  const { values, set, errors, setErrors } = useFormValues({
    fund: funds.length === 1 ? funds[0]!.slug : '',
    preset: '50',
    custom: '',
    frequency: 'once',
    name: '',
    email: '',
    anonymous: false,
    dedication: '',
    consent: false,
    newsletter: false,
    company: '',
  });
  const { formRef, alertRef, busy, problem, submit } = useSubmission(setErrors);
  const [done, setDone] = useState<{ pledge: PledgeResponse['donation']; frequency: string; outcomes: Outcomes | null } | null>(null);
  const [locale, setLocale] = useState<string>(SITE.locale);

  useEffect(() => setLocale(readerLocale()), []);

  const fund = funds.find((f) => f.slug === values.fund);
  const currency = fund?.currency ?? funds[0]?.currency ?? 'USD';
  const minor = 10 ** currencyDigits(currency);
  const example = useMemo(() => formatDecimal(75.5, currencyDigits(currency), locale), [locale, currency]);

  if (!hydrated) return <Fallback>{children}</Fallback>;

  if (done) {
    const { pledge } = done;
    return done.outcomes ? (
      <done.outcomes.DonationOutcome
        pledge={pledge}
        monthly={done.frequency === 'monthly'}
        fundTitle={funds.find((f) => f.slug === pledge.fund)?.title ?? pledge.fund}
        email={values.email.trim()}
        locale={locale}
      />
    ) : (
      <SentFallback outcome="pledged" email={values.email.trim()} />
    );
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void loadOutcomes();
    const custom = values.preset === 'other';
    const amount = custom ? parseAmount(values.custom, currency, locale) : Number(values.preset) * minor;
    const extraErrors: Record<string, string> = {};
    if (custom && !values.custom.trim()) extraErrors['amount'] = 'Enter the amount you would like to give.';
    else if (amount === undefined) extraErrors['amount'] = `Enter an amount in ${currency} as a number, like ${example}.`;
    else if (amount < 100) extraErrors['amount'] = `The smallest gift is ${formatMoney(100, currency, locale)}.`;
    else if (amount > 10_000_000) extraErrors['amount'] = `For gifts above ${formatMoney(10_000_000, currency, locale)}, please contact the development office.`;
    const body = {
      name: values.name,
      // Left out when empty, so the message asks for it rather than calling it invalid.
      ...(values.email.trim() ? { email: values.email } : {}),
      amount: amount ?? 0,
      currency,
      ...(values.fund ? { fund: values.fund } : {}),
      frequency: values.frequency,
      anonymous: values.anonymous,
      dedication: values.dedication,
      consent: values.consent,
      company: values.company,
    };
    void submit({
      schema: donationRequest,
      body,
      extraErrors,
      send: (b, key) => apiRequest('POST', '/donations', pledgeResponse, { body: b, idempotencyKey: key, proofOfWork: true }),
      onSuccess: async (data) => {
        if (values.newsletter) void subscribeAlso(values.email, values.name);
        window.dispatchEvent(new CustomEvent(progressRefreshEvent, { detail: data.donation.fund }));
        setDone({ pledge: data.donation, frequency: values.frequency, outcomes: await loadOutcomes() });
      },
    });
  };

  const amountError = errors['amount'] ?? errors['currency'];
  const presetOptions = [...presets.map((p) => ({ value: String(p), label: formatMoney(p * minor, currency, locale) })), { value: 'other', label: 'Other amount' }];

  return (
    <form ref={formRef} className="form" noValidate onSubmit={onSubmit} aria-label={fund && funds.length === 1 ? `Give to ${fund.title}` : 'Make a pledge'}>
      <ProblemSlot alertRef={alertRef}>{problem && <FormAlert>{problemMessage(problem)}</FormAlert>}</ProblemSlot>
      {funds.length > 1 && (
        <RadioGroup
          name="fund"
          legend="Fund"
          value={values.fund}
          onChange={(v) => set('fund', v)}
          options={funds.map((f) => ({ value: f.slug, label: f.title, description: `Gifts in ${f.currency}` }))}
          layout="cards"
          error={errors['fund']}
        />
      )}
      <RadioGroup
        name="preset"
        legend={`Amount (${currency})`}
        value={values.preset}
        onChange={(v) => set('preset', v)}
        options={presetOptions}
        layout="pills"
        error={values.preset === 'other' ? undefined : amountError}
      />
      {values.preset === 'other' && (
        <TextField
          name="amount"
          label={`Your amount in ${currency}`}
          value={values.custom}
          onChange={(v) => {
            set('custom', v);
            setErrors(({ amount: _, ...rest }) => rest);
          }}
          inputMode="decimal"
          size="short"
          prefix={currencySymbol(currency, locale)}
          error={amountError}
          hint={`For example ${example}.`}
          maxLength={16}
        />
      )}
      <RadioGroup
        name="frequency"
        legend="How often"
        value={values.frequency}
        onChange={(v) => set('frequency', v)}
        options={[
          { value: 'once', label: 'Once' },
          { value: 'monthly', label: 'Every month', description: 'Stop whenever you like' },
        ]}
        layout="cards"
        error={errors['frequency']}
      />
      <div className="field-row">
        <TextField name="name" label="Your name" value={values.name} onChange={(v) => set('name', v)} error={errors['name']} autoComplete="name" maxLength={100} hint="As on your receipt." />
        <TextField
          name="email"
          label="Email address"
          type="email"
          value={values.email}
          onChange={(v) => set('email', v)}
          error={errors['email']}
          autoComplete="email"
          spellCheck={false}
          hint="For your receipt."
        />
      </div>
      <Checkbox
        name="anonymous"
        label="Give anonymously"
        checked={values.anonymous}
        onChange={(v) => set('anonymous', v)}
        hint="The site never shows donors’ names. Tick this to ask that your gift stays anonymous everywhere else too."
      />
      <TextField
        name="dedication"
        label="Dedicate your gift"
        optional
        value={values.dedication}
        onChange={(v) => set('dedication', v)}
        error={errors['dedication']}
        maxLength={200}
        hint="For example: In memory of Professor Ada Mensah, class of 1979."
      />
      <Checkbox
        name="consent"
        label="I agree that the development office may use these details to process my pledge and email me about it."
        checked={values.consent}
        onChange={(v) => set('consent', v)}
        error={errors['consent']}
      />
      <AlsoSubscribe checked={values.newsletter} onChange={(v) => set('newsletter', v)} />
      <Honeypot value={values.company} onChange={(v) => set('company', v)} />
      <div className="form__actions">
        <SubmitButton busy={busy} busyLabel="Sending…">
          Pledge {values.preset !== 'other' ? formatMoney(Number(values.preset) * minor, currency, locale) : ''}
          {values.frequency === 'monthly' ? ' a month' : ''}
        </SubmitButton>
      </div>
    </form>
  );
}
