/**
 * Event registrations (see the HTTP contract):
 *
 *   GET    /api/events/{slug}/availability
 *   POST   /api/events/{slug}/registrations
 *   GET    /api/registrations/{id}?token=…
 *   DELETE /api/registrations/{id}?token=…
 *   POST   /api/registrations/{id}/confirm?token=…   (a held registration's click, events with `confirmWithin`)
 *   (and the routes after registering: lifecycle-routes.ts)
 *
 * Capacity, guests, window and time zone come from the content manifest.
 */
import { Hono, type Context } from 'hono';
import { formatDateTimeInZone } from '../../site/lib/format';
import { registrationRequest, type AvailabilityResponse, type ManageRegistrationResponse, type Registration, type RegistrationResponse } from '../schemas/registration';
import type { ApiOptions } from '../shared/api-options';
import { contentIndex, type ManifestEvent } from '../shared/content';
import { HoldExpired, InvalidToken, NotFound, RegistrationClosed, ValidationFailed } from '../shared/errors';
import { healthRoutes } from '../shared/health';
import { challengeRoutes, challengeUseOf, formChallengeOf } from '../shared/challenge';
import { createApiApp, writeGuard, type ApiEnv } from '../shared/http';
import { eventNetworkCharge } from '../shared/rate-limit';
import { newId } from '../shared/ids';
import { logger } from '../shared/logger';
import { verifyToken } from '../shared/tokens';
import { recordVerifiedAddress } from '../shared/verified-address';
import { cancel, confirmHold, getRegistration, holdUntil, readCounter, register, waitlistPosition, type RegistrationItem, type StoreContext } from './store';
import { defaultEventNetworkLimitPerHour } from './store/register';
import { lifecycleRoutes } from './lifecycle-routes';

export type WindowStatus = 'not_open_yet' | 'open' | 'closed';

export function windowStatus(event: ManifestEvent, now: Date): WindowStatus {
  if (event.status === 'cancelled') return 'closed';
  if (event.opensAt && now < new Date(event.opensAt)) return 'not_open_yet';
  if (now >= new Date(event.closesAt) || now >= new Date(event.startsAt)) return 'closed';
  return 'open';
}

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

export function registrationRoutes(options: ApiOptions) {
  const content = contentIndex(options.manifest);
  const family = 'registrations';
  const guardOptions = { family, table: options.table, rateLimitPerMinute: options.rateLimitPerMinute, now: options.now };

  const eventOf = (c: Context): ManifestEvent => {
    const event = content.events.get(c.req.param('slug') ?? '');
    if (!event) throw new NotFound('There is no such event.');
    return event;
  };
  const storeContext = async (): Promise<StoreContext> => ({
    table: options.table,
    siteUrl: options.siteUrl,
    retentionDays: options.retentionDays,
    secret: await options.signingSecret(),
    now: options.now(),
  });
  /**
   * The registration a capability link points to; a wrong token, an unknown id and a record that has expired
   * (the table's TTL deletes it up to two days late) or been erased answer alike.
   */
  const authorised = async (c: Context): Promise<{ ctx: StoreContext; registration: RegistrationItem }> => {
    const id = c.req.param('id') ?? '';
    const ctx = await storeContext();
    if (!idPattern.test(id) || !verifyToken(ctx.secret, 'registration', id, c.req.query('token'))) throw new InvalidToken();
    const registration = await getRegistration(options.table, id);
    if (!registration || registration.expiresAt * 1000 <= ctx.now.getTime() || registration.erasedAt) throw new InvalidToken();
    return { ctx, registration };
  };
  /** The token check as a guard, so that it runs before a remembered answer is replayed. */
  const authoriseGuard = async (c: Context, next: () => Promise<void>) => {
    await authorised(c);
    await next();
  };
  const view = async (r: RegistrationItem): Promise<ManageRegistrationResponse['registration']> => ({
    id: r.id,
    event: r.event,
    status: r.status,
    seats: r.seats,
    name: r.name,
    guests: r.guests,
    ...(r.dietary ? { dietary: r.dietary } : {}),
    ...(r.accessibility ? { accessibility: r.accessibility } : {}),
    showInAttendees: r.showInAttendees === true,
    ...((r.status === 'held' || r.holdLapsedAt) && r.heldUntil ? { heldUntil: r.heldUntil } : {}),
    ...(r.holdLapsedAt ? { holdLapsed: true } : {}),
    ...(r.status === 'waitlisted' && r.ticket !== undefined ? { position: await waitlistPosition(options.table, r.event, r.ticket) } : {}),
  });

  const eventRoutes = new Hono<ApiEnv<Registration>>()
    .get('/events/:slug/availability', async (c) => {
      const event = eventOf(c);
      const counter = await readCounter(options.table, event.slug, false);
      // The counter's confirmedSeats counts every seat taken, held ones included.
      const taken = counter.confirmedSeats ?? 0;
      const held = counter.heldSeats ?? 0;
      const confirmed = taken - held;
      const waitlisted = counter.waitlistedSeats ?? 0;
      const remaining = event.capacity === null ? null : Math.max(0, event.capacity - taken);
      const window = windowStatus(event, options.now());
      const full = event.capacity !== null && (remaining === 0 || waitlisted > 0);
      c.header('Cache-Control', 'public, max-age=5');
      return c.json({
        event: event.slug,
        capacity: event.capacity,
        confirmed,
        held,
        waitlisted,
        remaining,
        status: window !== 'open' ? window : full ? 'waitlist' : 'open',
        opensAt: event.opensAt,
        closesAt: event.closesAt,
      } satisfies AvailabilityResponse);
    })
    .post(
      '/events/:slug/registrations',
      async (c, next) => {
        eventOf(c);
        await next();
      },
      writeGuard({
        ...guardOptions,
        schema: registrationRequest,
        rateLimitInTransaction: true,
        // Marked used in the registration's own transaction: one round trip fewer on every registration.
        challenge: { ...formChallengeOf(options), inTransaction: true },
        honeypotAnswer: (c, body) => {
          const heldUntil = holdUntil(eventOf(c), options.now());
          return c.json(
            {
              registration: { id: newId(), event: c.req.param('slug') ?? '', status: heldUntil ? 'held' : 'confirmed', seats: 1 + body.guests, ...(heldUntil ? { heldUntil } : {}) },
            } satisfies RegistrationResponse,
            201,
          );
        },
      }),
      async (c) => {
        const event = eventOf(c);
        const input = c.get('body');
        const now = options.now();
        const window = windowStatus(event, now);
        if (window === 'not_open_yet') throw new RegistrationClosed(`Registration opens on ${formatDateTimeInZone(new Date(event.opensAt ?? event.closesAt), event.timezone)}.`);
        if (window === 'closed') throw new RegistrationClosed('Registration for this event has closed.');
        if (input.guests > event.maxGuests) {
          throw new ValidationFailed({ guests: event.maxGuests === 0 ? 'This event does not take guests.' : `You can bring up to ${event.maxGuests} ${event.maxGuests === 1 ? 'guest' : 'guests'}.` });
        }
        if (event.capacity !== null && event.capacity > 0 && 1 + input.guests > event.capacity) {
          throw new ValidationFailed({ guests: `This event has ${event.capacity} places in all: you can bring up to ${event.capacity - 1} guests.` });
        }
        const networkCharge = eventNetworkCharge(c, { table: options.table, slug: event.slug, limitPerHour: options.eventNetworkLimitPerHour ?? defaultEventNetworkLimitPerHour, now });
        const outcome = await register(await storeContext(), event, input, { charge: c.get('rateLimit'), networkCharge, challenge: challengeUseOf(c) });
        if (outcome.kind === 'already-registered') {
          // The holder was emailed their manage link again; the answer reads like a new registration's, so it tells a stranger nothing.
          logger.info('registration for an address already registered', { event: event.slug });
          const a = outcome.lookalike;
          return c.json(
            {
              registration: {
                id: newId(),
                event: event.slug,
                status: a.status,
                seats: 1 + input.guests,
                ...(a.position !== undefined ? { position: a.position } : {}),
                ...(a.heldUntil !== undefined ? { heldUntil: a.heldUntil } : {}),
              },
            } satisfies RegistrationResponse,
            201,
          );
        }
        const r = outcome.registration;
        logger.info('registration', { event: event.slug, registrationId: r.id, status: r.status, seats: r.seats });
        return c.json(
          {
            registration: {
              id: r.id,
              event: r.event,
              status: r.status,
              seats: r.seats,
              ...(outcome.position !== undefined ? { position: outcome.position } : {}),
              ...(r.status === 'held' && r.heldUntil ? { heldUntil: r.heldUntil } : {}),
            },
          } satisfies RegistrationResponse,
          201,
        );
      },
    );

  const manageRoutes = new Hono<ApiEnv>()
    .get('/registrations/:id', async (c) => {
      const { registration } = await authorised(c);
      return c.json({ registration: await view(registration) } satisfies ManageRegistrationResponse);
    })
    .delete('/registrations/:id', writeGuard({ ...guardOptions, authorise: authoriseGuard }), async (c) => {
      const { ctx, registration } = await authorised(c);
      const event = content.events.get(registration.event);
      if (registration.status !== 'cancelled' && event && ctx.now >= new Date(event.startsAt)) {
        throw new RegistrationClosed('This event has started, so the registration can no longer be changed.');
      }
      const cancelled = (await cancel(ctx, event, registration.id)) ?? registration;
      if (registration.status !== 'cancelled') logger.info('registration cancelled', { event: registration.event, registrationId: registration.id, seats: registration.seats });
      // The manage link was emailed to this address: its holder has proven it is theirs (the email cap lets them through).
      await recordVerifiedAddress(ctx, registration.email, 'registration-cancel');
      return c.json({ registration: await view(cancelled) } satisfies ManageRegistrationResponse);
    })
    .post('/registrations/:id/confirm', writeGuard({ ...guardOptions, authorise: authoriseGuard }), async (c) => {
      const { ctx, registration } = await authorised(c);
      const event = content.events.get(registration.event);
      const outcome = await confirmHold(ctx, event, registration.id);
      if (outcome.kind === 'lapsed') throw new HoldExpired();
      if (outcome.kind === 'not-held' && outcome.registration.status === 'cancelled') {
        throw new InvalidToken('This registration was cancelled, so there is nothing to confirm. You can register again while registration is open.');
      }
      if (outcome.kind === 'confirmed' && registration.status === 'held') logger.info('hold confirmed', { event: registration.event, registrationId: registration.id, seats: registration.seats });
      if (outcome.kind === 'confirmed') await recordVerifiedAddress(ctx, registration.email, 'registration-confirm');
      // Confirmed now or before, or waitlisted (nothing to confirm): the registration as it stands.
      return c.json({ registration: await view(outcome.registration) } satisfies ManageRegistrationResponse);
    });

  return new Hono().route('/', eventRoutes).route('/', manageRoutes).route('/', lifecycleRoutes(options, { content, authorised, storeContext, view }));
}

/** The registrations Lambda's app; it also answers `/api/health`, which CloudFront routes to it. */
export function createRegistrationsApp(options: ApiOptions) {
  return createApiApp(healthRoutes(), challengeRoutes(formChallengeOf(options)), registrationRoutes(options));
}
