/**
 * A small stand-in for nodemailer's MIME type table (`mime-funcs/mime-types.js`,
 * ~75 KB minified, about a third of the mailer's bundle). The Lambda bundle
 * leaves nodemailer's table out and ships this file under its name instead
 * (see infra/constructs/mailer.ts). Same exports, same answers for the types
 * listed here (test/api/mailer-mime-types.test.ts compares them); nodemailer
 * asks only for attachments given without a content type, which our emails
 * never are: the calendar file states its own.
 *
 * Plain JavaScript (ESM), because it is copied next to the bundle as it is.
 */
const defaultMimeType = 'application/octet-stream';
const defaultExtension = 'bin';

/** extension → MIME type */
const types = new Map([
  ['bin', 'application/octet-stream'],
  ['csv', 'text/csv'],
  ['doc', 'application/msword'],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['eml', 'message/rfc822'],
  ['gif', 'image/gif'],
  ['htm', 'text/html'],
  ['html', 'text/html'],
  ['ics', 'text/calendar'],
  ['jpeg', 'image/jpeg'],
  ['jpg', 'image/jpeg'],
  ['json', 'application/json'],
  ['pdf', 'application/pdf'],
  ['png', 'image/png'],
  ['svg', 'image/svg+xml'],
  ['txt', 'text/plain'],
  ['webp', 'image/webp'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['zip', 'application/zip'],
]);

/** MIME type → extension */
const extensions = new Map([
  ['application/json', 'json'],
  ['application/msword', 'doc'],
  ['application/octet-stream', 'bin'],
  ['application/pdf', 'pdf'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  ['application/zip', 'zip'],
  ['image/gif', 'gif'],
  ['image/jpeg', 'jpeg'],
  ['image/png', 'png'],
  ['image/svg+xml', 'svg'],
  ['message/rfc822', 'eml'],
  ['text/calendar', 'ics'],
  ['text/csv', 'csv'],
  ['text/html', 'html'],
  ['text/plain', 'txt'],
]);

/** The MIME type of a file name or extension, as nodemailer's own function reads it. */
export function detectMimeType(filename) {
  if (!filename) return defaultMimeType;
  const base = String(filename).split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const extension = (dot > 0 ? base.slice(dot + 1) : base).split('?').shift().trim().toLowerCase();
  return types.get(extension) ?? defaultMimeType;
}

/** The usual extension of a MIME type. */
export function detectExtension(mimeType) {
  if (!mimeType) return defaultExtension;
  const parts = mimeType.toLowerCase().trim().split('/');
  const rootType = parts.shift().trim();
  const subType = parts.join('/').trim();
  const known = extensions.get(`${rootType}/${subType}`);
  if (known) return known;
  return rootType === 'text' ? 'txt' : 'bin';
}
