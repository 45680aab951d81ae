/**
 * The mailer's small stand-in for nodemailer's MIME type table: it answers
 * like nodemailer for every type it lists, and the mailer bundled the way the
 * infrastructure bundles it (nodemailer's table left out, ours shipped next to
 * the bundle) still composes a whole email with a calendar attachment.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import * as nodemailerTypes from 'nodemailer/lib/mime-funcs';
import { afterAll, describe, expect, it } from 'vitest';
import { detectExtension, detectMimeType } from '../../functions/mailer/mime-types.js';
import { mailerReplacedModules } from '../../infra/constructs/mailer';

const root = new URL('../..', import.meta.url).pathname;
const full = nodemailerTypes as unknown as { detectMimeType(f: string): string; detectExtension(t: string): string };
const work: string[] = [];
afterAll(() => work.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the MIME type stand-in', () => {
  const files = [
    'invite.ics',
    'list.CSV',
    'photo.jpg',
    'photo.jpeg',
    'page.html',
    'notes.txt',
    'report.pdf',
    'logo.png',
    'logo.svg',
    'data.json',
    'a/b/archive.zip',
    'letter.docx',
    'sheet.xlsx',
    'pic.gif',
    'message.eml',
    'ics',
  ];
  it.each(files)('detects %s as nodemailer does', (file) => {
    expect(detectMimeType(file)).toBe(full.detectMimeType(file));
  });

  const types = [
    'text/calendar',
    'text/csv',
    'text/html',
    'text/plain',
    'application/pdf',
    'image/png',
    'image/gif',
    'image/svg+xml',
    'application/json',
    'application/zip',
    'text/x-unknown',
    'application/x-unknown',
  ];
  it.each(types)('gives %s the extension nodemailer gives it', (type) => {
    expect(detectExtension(type)).toBe(full.detectExtension(type));
  });

  it('falls back as nodemailer does', () => {
    expect(detectMimeType('')).toBe('application/octet-stream');
    expect(detectMimeType('file.unknownext')).toBe(full.detectMimeType('file.unknownext'));
    expect(detectExtension('')).toBe('bin');
  });
});

describe("the mailer bundled without nodemailer's table", () => {
  it('leaves the table out, ships ours, and composes an email with its calendar attachment', async () => {
    const cache = path.join(root, 'node_modules/.cache');
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(path.join(cache, 'mailer-bundle-'));
    work.push(dir);
    const entry = path.join(dir, 'entry.ts');
    writeFileSync(entry, `export { composeMessage } from ${JSON.stringify(path.join(root, 'functions/mailer/compose.ts'))};\n`);
    const result = await build({
      entryPoints: [entry],
      outfile: path.join(dir, 'index.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      mainFields: ['module', 'main'],
      minify: true,
      external: ['@aws-sdk/*', ...mailerReplacedModules.map((m) => m.external)],
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      metafile: true,
      logLevel: 'error',
    });
    for (const m of mailerReplacedModules) copyFileSync(m.source, path.join(dir, m.file));
    expect(Object.keys(result.metafile.inputs).some((input) => input.includes('nodemailer') && input.endsWith('mime-types.js'))).toBe(false);

    const bundled = (await import(pathToFileURL(path.join(dir, 'index.mjs')).href)) as typeof import('../../functions/mailer/compose');
    const raw = (
      await bundled.composeMessage({
        from: 'Alumni <events@example.org>',
        to: 'someone@example.org',
        email: { subject: 'Test', text: 'Hello', html: '<p>Hello</p>', attachments: [{ filename: 'event.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' }] },
        messageKey: 'test',
      })
    ).toString();
    expect(raw).toMatch(/Content-Type: text\/calendar; name=event\.ics/);
    expect(raw).toContain('Content-Type: text/html');
  });
});
