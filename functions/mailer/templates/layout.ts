/**
 * Email building blocks: escaping, a plain layout that reads well in every
 * client (one column, inline styles, system fonts), and the rendered shape.
 */
import type { Attachment } from 'nodemailer/lib/mailer';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  attachments?: Attachment[];
  /** The one-click unsubscribe address (RFC 8058): bulk email only, sent as List-Unsubscribe and List-Unsubscribe-Post. */
  listUnsubscribe?: string;
}

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);
}

/** A safe HTML fragment that `html` does not escape again. */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

/** Tagged template: interpolated values are escaped unless they are Html (or arrays of it). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const render = (v: unknown): string => (v instanceof Html ? v.value : Array.isArray(v) ? v.map(render).join('') : v === undefined || v === null || v === false ? '' : escapeHtml(v));
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

export function button(href: string, label: string): Html {
  return html`<p style="margin:24px 0">
    <a href="${href}" style="background:#1f3a8a;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600;display:inline-block">${label}</a>
  </p>`;
}

export function layout(input: { title: string; body: Html; footer: string }): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width" />
        <title>${input.title}</title>
      </head>
      <body style="margin:0;padding:0;background:#f4f4f5">
        <div
          style="max-width:560px;margin:0 auto;padding:32px 24px;background:#ffffff;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#18181b"
        >
          <h1 style="font-size:22px;line-height:1.3;margin:0 0 16px">${input.title}</h1>
          ${input.body}
          <hr style="border:none;border-top:1px solid #e4e4e7;margin:32px 0 16px" />
          <p style="font-size:13px;color:#52525b;margin:0">${input.footer}</p>
        </div>
      </body>
    </html>`.value;
}
