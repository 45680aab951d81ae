/**
 * The routes after registering (see the HTTP contract, "Event changes,
 * reminders and follow-up"):
 *
 *   PATCH /api/registrations/{id}?token=…           guests, needs, listed as coming
 *   POST  /api/registrations/{id}/feedback?token=…  a rating (1–5) and comment, after the event
 *   GET   /api/events/{slug}/attendees              who's coming, for events with `whosComing`
 *
 * Mounted by app.ts, which lends its capability check and manage view.
 */
import { Hono, type Context } from 'hono';
import { editRegistrationRequest, feedbackRequest, type AttendeesResponse, type FeedbackResponse, type ManageRegistrationResponse } from '../schemas/registration';
import type { ApiOptions } from '../shared/api-options';
import type { ContentIndex } from '../shared/content';
import { InvalidToken, NotFound, RegistrationClosed, ValidationFailed } from '../shared/errors';
import { writeGuard, type ApiEnv } from '../shared/http';
import { logger } from '../shared/logger';
import { verifyToken } from '../shared/tokens';
import { recordVerifiedAddress } from '../shared/verified-address';
import { attendees, editRegistration, getRegistration, recordFeedback, type RegistrationItem, type StoreContext } from './store';

export interface LifecycleRouteHelpers {
  content: ContentIndex;
  /** The registration behind a manage link (throws InvalidToken). */
  authorised(c: Context): Promise<{ ctx: StoreContext; registration: RegistrationItem }>;
  storeContext(): Promise<StoreContext>;
  view(r: RegistrationItem): Promise<ManageRegistrationResponse['registration']>;
}

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
const cancelledMessage = 'This registration was cancelled, so it can no longer be changed. You can register again while registration is open.';

export function lifecycleRoutes(options: ApiOptions, helpers: LifecycleRouteHelpers) {
  const { content } = helpers;
  const guardOptions = { family: 'registrations', table: options.table, rateLimitPerMinute: options.rateLimitPerMinute, now: options.now };

  /** The thank-you email's rating links carry an `event-feedback` token; the manage link's token works too. */
  const feedbackAuthorised = async (c: Context) => {
    const id = c.req.param('id') ?? '';
    const ctx = await helpers.storeContext();
    const token = c.req.query('token');
    if (!idPattern.test(id) || !(verifyToken(ctx.secret, 'event-feedback', id, token) || verifyToken(ctx.secret, 'registration', id, token))) throw new InvalidToken();
    const registration = await getRegistration(options.table, id);
    if (!registration || registration.expiresAt * 1000 <= ctx.now.getTime() || registration.erasedAt) throw new InvalidToken();
    return { ctx, registration };
  };
  const guard = (check: (c: Context) => Promise<unknown>) => async (c: Context, next: () => Promise<void>) => {
    await check(c);
    await next();
  };

  return new Hono<ApiEnv>()
    .get('/events/:slug/attendees', async (c) => {
      const event = content.events.get(c.req.param('slug'));
      if (!event) throw new NotFound('There is no such event.');
      if (!event.whosComing) throw new NotFound('This event does not list who is coming.');
      c.header('Cache-Control', 'public, max-age=5');
      return c.json((await attendees(options.table, event.slug)) satisfies AttendeesResponse);
    })
    .patch('/registrations/:id', writeGuard({ ...guardOptions, schema: editRegistrationRequest, authorise: guard(helpers.authorised) }), async (c) => {
      const { ctx, registration } = await helpers.authorised(c);
      if (registration.status === 'cancelled') throw new InvalidToken(cancelledMessage);
      const event = content.events.get(registration.event);
      if (!event || event.status === 'cancelled') throw new RegistrationClosed('This event was cancelled, so the registration can no longer be changed.');
      if (ctx.now >= new Date(event.startsAt)) throw new RegistrationClosed('This event has started, so the registration can no longer be changed.');
      const input = c.get('body');
      if (input.guests !== undefined && input.guests > event.maxGuests) {
        throw new ValidationFailed({ guests: event.maxGuests === 0 ? 'This event does not take guests.' : `You can bring up to ${event.maxGuests} ${event.maxGuests === 1 ? 'guest' : 'guests'}.` });
      }
      if (input.guests !== undefined && event.capacity !== null && event.capacity > 0 && 1 + input.guests > event.capacity) {
        throw new ValidationFailed({ guests: `This event has ${event.capacity} places in all: you can bring up to ${event.capacity - 1} guests.` });
      }
      const edited = await editRegistration(ctx, event, registration.id, input);
      if (!edited || edited.status === 'cancelled') throw new InvalidToken(cancelledMessage);
      logger.info('registration edited', { event: event.slug, registrationId: edited.id, status: edited.status, seats: edited.seats });
      // The manage link was emailed to this address: its holder has proven it is theirs (the email cap lets them through).
      await recordVerifiedAddress(ctx, registration.email, 'registration-edit');
      return c.json({ registration: await helpers.view(edited) } satisfies ManageRegistrationResponse);
    })
    .post('/registrations/:id/feedback', writeGuard({ ...guardOptions, schema: feedbackRequest, authorise: guard(feedbackAuthorised) }), async (c) => {
      const { ctx, registration } = await feedbackAuthorised(c);
      const notAttending = 'Only people who had a place at the event can rate it.';
      if (registration.status !== 'confirmed') throw new InvalidToken(registration.status === 'cancelled' ? 'This registration was cancelled, so it cannot rate the event.' : notAttending);
      const event = content.events.get(registration.event);
      if (event && ctx.now < new Date(event.startsAt)) throw new RegistrationClosed('You can rate this event once it has taken place.');
      const { rating, comment } = c.get('body');
      if (!(await recordFeedback(options.table, registration.id, rating, comment || undefined, ctx.now))) throw new InvalidToken(notAttending);
      logger.info('event rated', { event: registration.event, registrationId: registration.id, rating });
      return c.json({ feedback: { event: registration.event, rating, ...(comment ? { comment } : {}) } } satisfies FeedbackResponse);
    });
}
