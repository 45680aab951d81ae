/** A whole MIME message (HTML, plain text, attachments) built by nodemailer's MailComposer, ready for SES SendRawEmail. */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { RenderedEmail } from './templates/layout';

export function composeMessage(input: { from: string; to: string; cc?: string; email: RenderedEmail; messageKey: string }): Promise<Buffer> {
  const composer = new MailComposer({
    from: input.from,
    to: input.to,
    ...(input.cc ? { cc: input.cc } : {}),
    subject: input.email.subject,
    text: input.email.text,
    html: input.email.html,
    attachments: input.email.attachments ?? [],
    // Lets mail clients and staff tell retries of one job apart from distinct emails.
    headers: {
      'X-Alumni-Job': input.messageKey,
      // RFC 8058: the mail client's own unsubscribe button posts "List-Unsubscribe=One-Click" to this address.
      ...(input.email.listUnsubscribe ? { 'List-Unsubscribe': `<${input.email.listUnsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    },
  });
  return new Promise((resolve, reject) => composer.compile().build((error, message) => (error ? reject(error) : resolve(message))));
}
