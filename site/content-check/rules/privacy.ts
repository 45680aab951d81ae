/**
 * Profiles hold only what the alumnus agreed to publish, and never an email
 * address: mentors are reached through the site, and their addresses live in
 * configuration, keyed by profile slug. An event's join link goes to
 * registrants only, so it must not appear in the event's text either.
 */
import { inBody, at, readable, type Rule } from '../context';
import type { Finding } from '../finding';

const email = /[\w.+-]+@[\w-]+(\.[\w-]+)*\.[a-z]{2,}/i;
const fix = "delete the address: people reach alumni through the site's forms, and mentors' addresses are kept in the site's private configuration";

export const privacy: Rule = ({ content }) => {
  const findings: Finding[] = [];
  for (const file of readable(content, 'profiles')) {
    for (const [key, value] of Object.entries(file.data)) {
      const found = JSON.stringify(value ?? '').match(email);
      if (found) findings.push(at(file, [key], `contains an email address (${found[0]})`, fix));
    }
    file.body.split(/\r?\n/).forEach((line, i) => {
      const found = line.match(email);
      if (found) findings.push(inBody(file, i + 1, `contains an email address (${found[0]})`, fix));
    });
  }
  for (const file of readable(content, 'events')) {
    const joinLink = file.data['onlineUrl'];
    if (typeof joinLink !== 'string' || joinLink === '') continue;
    file.body.split(/\r?\n/).forEach((line, i) => {
      if (line.includes(joinLink))
        findings.push(inBody(file, i + 1, 'shows the join link, which is for registrants only', 'delete it from the text: the link in `onlineUrl` is emailed to people who register'));
    });
  }
  return findings;
};
