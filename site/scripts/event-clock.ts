/**
 * The reader's clock on event pages. The site is built ahead of time and may be
 * a day old, so this re-judges which events have ended by the reader's own
 * clock, and shows event times in the reader's own time zone when it differs
 * from the event's.
 */
const now = Date.now();
const endedAt = (el: HTMLElement) => Date.parse(el.dataset.endsAt ?? '') <= now;

// Event lists: ended events move from "Upcoming" to the top of "Past".
const upcoming = document.querySelector<HTMLElement>('[data-event-list="upcoming"]');
const past = document.querySelector<HTMLElement>('[data-event-list="past"]');
if (upcoming && past) {
  for (const item of [...upcoming.querySelectorAll<HTMLElement>(':scope > [data-ends-at]')]) {
    if (!endedAt(item)) continue;
    past.prepend(item);
    item.querySelector('.event-card__past')?.removeAttribute('hidden');
  }
  const none = upcoming.children.length === 0;
  document.querySelector('[data-when-no-upcoming]')?.toggleAttribute('hidden', !none);
  document.querySelector('[data-when-past]')?.toggleAttribute('hidden', past.children.length === 0);
}

// One event: say it has ended (or is on now) and put the registration away.
const status = document.querySelector<HTMLElement>('[data-event-status]');
if (status) {
  const startsAt = Date.parse(status.dataset.startsAt ?? '');
  if (endedAt(status)) {
    status.querySelector('[data-status="ended"]')?.removeAttribute('hidden');
    document.querySelector('[data-form-mount="registration"]')?.setAttribute('hidden', '');
  } else if (startsAt <= now) {
    status.querySelector('[data-status="live"]')?.removeAttribute('hidden');
  }
}

// Times in the reader's zone, when it differs from the event's at that moment.
const readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const offsetName = (at: Date, timeZone: string) => new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
for (const el of document.querySelectorAll<HTMLElement>('[data-local-time]')) {
  const start = new Date(el.dataset.start ?? '');
  const end = new Date(el.dataset.end ?? '');
  const eventZone = el.dataset.zone ?? 'UTC';
  if (Number.isNaN(start.getTime()) || offsetName(start, readerZone) === offsetName(start, eventZone)) continue;
  const locale = document.documentElement.dataset.locale || undefined;
  const f = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  const output = el.querySelector('[data-local-time-value]');
  if (output) output.textContent = f.formatRange(start, end);
  const zone = el.querySelector('[data-local-time-zone]');
  if (zone) zone.textContent = readerZone.replaceAll('_', ' ');
  el.removeAttribute('hidden');
}

export {};
