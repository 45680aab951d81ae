/**
 * Function configuration from environment variables, read through one
 * fail-fast helper: a function states what it needs at cold start and gets a
 * clear error naming every missing or invalid variable, instead of a failure
 * on the first request that happens to touch it.
 *
 * | variable                | meaning                                                                  |
 * | ----------------------- | ------------------------------------------------------------------------ |
 * | `TABLE_NAME`            | the DynamoDB table                                                       |
 * | `MAIL_FROM`             | sender address of every email                                            |
 * | `SITE_URL`              | public address of the site, for links in emails                          |
 * | `SIGNING_SECRET`        | HMAC key for capability links (local); or                                |
 * | `SIGNING_SECRET_ARN`    | a Secrets Manager secret holding it as a plain string (AWS)              |
 * | `MENTOR_EMAILS_FILE`    | JSON file `{"profile-slug": "address"}` (local); or                      |
 * | `MENTOR_EMAILS_ARN`     | a Secrets Manager secret holding that JSON (AWS)                         |
 * | `RETENTION_DAYS`        | days personal data is kept after an event ends (default 365)             |
 * | `RATE_LIMIT_PER_MINUTE` | writes per client address and route family per minute (default 60)       |
 * | `FORM_CHALLENGE`        | `on` (default) or `off`: the proof of work on form writes (off only locally) |
 * | `EVENT_NETWORK_LIMIT_PER_HOUR` | registrations per event from one network (IPv4 /24, IPv6 /48) per hour (default 20) |
 * | `DYNAMODB_ENDPOINT`     | DynamoDB endpoint override (DynamoDB Local)                              |
 * | `SES_ENDPOINT`          | SES endpoint override (aws-ses-v2-local)                                 |
 */
import { readFile } from 'node:fs/promises';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

export interface Settings {
  TABLE_NAME: string;
  MAIL_FROM: string;
  SITE_URL: string;
  RETENTION_DAYS: number;
  RATE_LIMIT_PER_MINUTE: number;
  FORM_CHALLENGE: boolean;
  EVENT_NETWORK_LIMIT_PER_HOUR: number;
}
type SettingName = keyof Settings;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Read<T> = { value: T } | { problem: string };

// Plain checks rather than a zod schema: every function reads its settings, and zod would add ~95 KB to bundles that need no other validation (the mailer's).
const readers: { [K in SettingName]: (raw: string | undefined) => Read<Settings[K]> } = {
  TABLE_NAME: (raw) => (raw ? { value: raw } : { problem: 'required' }),
  MAIL_FROM: (raw) => (raw?.includes('@') ? { value: raw } : { problem: 'required: the sender address, e.g. "Alumni Network <events@example.org>"' }),
  SITE_URL: (raw) => (raw && isWebAddress(raw) ? { value: raw.replace(/\/+$/, '') } : { problem: 'required: the site address, e.g. https://alumni.example.org' }),
  RETENTION_DAYS: (raw) => positiveWhole(raw, 365, 'a whole number of days above 0'),
  RATE_LIMIT_PER_MINUTE: (raw) => positiveWhole(raw, 60, 'a whole number above 0'),
  // On unless switched off in so many words: a deployed stage never sets it.
  FORM_CHALLENGE: (raw) => (raw === undefined || raw === 'on' ? { value: true } : raw === 'off' ? { value: false } : { problem: 'must be "on" or "off"' }),
  EVENT_NETWORK_LIMIT_PER_HOUR: (raw) => positiveWhole(raw, 20, 'a whole number above 0'),
};

function isWebAddress(raw: string): boolean {
  try {
    return /^https?:$/.test(new URL(raw).protocol);
  } catch {
    return false;
  }
}

function positiveWhole(raw: string | undefined, fallback: number, what: string): Read<number> {
  if (raw === undefined) return { value: fallback };
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? { value: n } : { problem: `must be ${what}` };
}

/**
 * Reads and checks the named settings, throwing one ConfigError that names every problem.
 * Unset defaults apply (RETENTION_DAYS 365, RATE_LIMIT_PER_MINUTE 60).
 */
export function loadSettings<K extends SettingName>(names: readonly K[], env: NodeJS.ProcessEnv = process.env): Pick<Settings, K> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of names) {
    const read = readers[name](env[name] === '' ? undefined : env[name]);
    if ('problem' in read) problems.push(`${name}: ${read.problem}`);
    else values[name] = read.value;
  }
  if (problems.length > 0) throw new ConfigError(`Missing or invalid configuration: ${problems.join('; ')}`);
  return values as Pick<Settings, K>;
}

let secretPromise: Promise<string> | undefined;

/** The HMAC key for capability links: SIGNING_SECRET, or the Secrets Manager secret SIGNING_SECRET_ARN (cached). */
export function signingSecret(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.SIGNING_SECRET) return Promise.resolve(checkSecret(env.SIGNING_SECRET));
  const arn = env.SIGNING_SECRET_ARN;
  if (!arn) return Promise.reject(new ConfigError('Missing configuration: set SIGNING_SECRET (local) or SIGNING_SECRET_ARN (AWS).'));
  secretPromise ??= getSecret(arn, { maxAge: 300 }).then((value) => {
    if (typeof value !== 'string') throw new ConfigError('SIGNING_SECRET_ARN must hold a plain string secret.');
    return checkSecret(value);
  });
  secretPromise.catch(() => (secretPromise = undefined));
  return secretPromise;
}

function checkSecret(value: string): string {
  if (value.length < 32) throw new ConfigError('The signing secret must be at least 32 characters long.');
  return value;
}

/** Read once per source (file or secret), so a process that is given another file reads that one. */
const mentorEmailsBySource = new Map<string, Promise<Record<string, string>>>();

/** Mentors' email addresses by profile slug: MENTOR_EMAILS_FILE (local JSON) or MENTOR_EMAILS_ARN (Secrets Manager JSON). */
export function mentorEmails(env: NodeJS.ProcessEnv = process.env): Promise<Record<string, string>> {
  const source = env.MENTOR_EMAILS_FILE ? `file:${env.MENTOR_EMAILS_FILE}` : `secret:${env.MENTOR_EMAILS_ARN ?? ''}`;
  const cached = mentorEmailsBySource.get(source);
  if (cached) return cached;
  const loading = (async () => {
    let raw: unknown;
    if (env.MENTOR_EMAILS_FILE) raw = JSON.parse(await readFile(env.MENTOR_EMAILS_FILE, 'utf8'));
    else if (env.MENTOR_EMAILS_ARN) raw = await getSecret(env.MENTOR_EMAILS_ARN, { transform: 'json', maxAge: 300 });
    else throw new ConfigError('Missing configuration: set MENTOR_EMAILS_FILE (local) or MENTOR_EMAILS_ARN (AWS).');
    const valid = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.values(raw).every((v) => typeof v === 'string' && /^[^\s@]+@[^\s@]+$/.test(v));
    if (!valid) throw new ConfigError('Mentor email configuration must be a JSON object of {"profile-slug": "address"}.');
    return raw as Record<string, string>;
  })();
  mentorEmailsBySource.set(source, loading);
  loading.catch(() => mentorEmailsBySource.delete(source));
  return loading;
}
