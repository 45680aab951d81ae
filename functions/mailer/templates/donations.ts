/** The pledge receipt: the reference, the amount in the fund's currency, and what happens next. */
import { formatDate, formatMoneyInFull } from '../../../site/lib/format';
import type { EmailJobKinds } from '../../shared/email-jobs';
import { html, layout, type RenderedEmail } from './layout';

const th = 'text-align:left;padding:4px 16px 4px 0;vertical-align:top;white-space:nowrap';

function receipt(d: EmailJobKinds['donation-receipt']): RenderedEmail {
  const amount = formatMoneyInFull(d.amount, d.currency);
  const gift = d.frequency === 'monthly' ? `${amount} a month` : amount;
  const date = formatDate(new Date(d.pledgedAt));
  const intro = `Thank you for your pledge of ${gift} to the ${d.fund.title}. Gifts like yours open doors for students and alumni.`;
  const next = `The development office will be in touch about how to complete your gift. Please quote your reference ${d.reference} in any payment or message about it.`;
  const rows: [string, string][] = [
    ['Reference', d.reference],
    ['Fund', d.fund.title],
    ['Amount', gift],
    ['Pledged on', date],
    ...(d.dedication ? ([['Dedication', d.dedication]] as [string, string][]) : []),
    ['Listed as', d.anonymous ? 'Anonymous: your name is never shown' : 'Your name is never shown on the site; only totals are'],
  ];
  return {
    subject: `Your pledge ${d.reference} to the ${d.fund.title}`,
    text: [`Hello ${d.name},`, '', intro, '', ...rows.map(([label, value]) => `${label}: ${value}`), '', next, '', `About the fund: ${d.fund.url}`].join('\n'),
    html: layout({
      title: 'Thank you for your pledge',
      body: html`<p>Hello ${d.name},</p>
        <p>${intro}</p>
        <table role="presentation" style="border-collapse:collapse;margin:16px 0">
          ${rows.map(
            ([label, value]) =>
              html`<tr>
                <th scope="row" style="${th}">${label}</th>
                <td style="padding:4px 0">${value}</td>
              </tr>`,
          )}
        </table>
        <p>${next}</p>
        <p><a href="${d.fund.url}">About the fund</a></p>`,
      footer: 'You receive this email because this address was used to pledge a gift on our alumni site. If that was not you, please reply and let us know.',
    }),
  };
}

export const donationTemplates = {
  'donation-receipt': receipt,
} satisfies { [K in keyof EmailJobKinds as K extends `donation-${string}` ? K : never]: (data: EmailJobKinds[K]) => RenderedEmail };
