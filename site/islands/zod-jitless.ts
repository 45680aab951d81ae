/**
 * Zod compiles object parsers with `new Function` when eval is allowed, and
 * probes for it by trying. The site's Content Security Policy forbids eval, so
 * the probe would be reported as a CSP violation on every form page. Turning
 * the compiler off avoids the probe; forms parse a handful of fields, so the
 * plain parser is just as fast for them.
 *
 * Zod reads this setting when a schema is built: import this module before
 * any schema (first import of each island that validates). `config` comes from
 * zod/mini, which the schemas use, so the forms do not bundle classic zod; both
 * share one core and so one setting.
 */
import { config } from 'zod/mini';

config({ jitless: true });
