/**
 * Mentor requests and the mentorships they become (see functions/API.md):
 *
 *   POST /api/mentor-requests
 *   POST /api/mentor-requests/{id}/accept?token=…
 *   POST /api/mentor-requests/{id}/decline?token=…
 *   POST /api/mentor-requests/{id}/end?token=…       (mentor or mentee)
 *   POST /api/mentor-requests/{id}/extend?token=…    (mentor)
 *   POST /api/mentor-requests/{id}/feedback?token=…  (mentor or mentee)
 *   POST /api/mentor-requests/{id}/again?token=…     (the requester, after a decline or expiry)
 *   POST /api/mentors/{slug}/pause?token=…, …/resume?token=…
 *   GET  /api/mentors/availability
 *
 * Mentors, their capacity, topics, languages and formats come from the content
 * manifest; their email addresses only from configuration, which the mailer
 * reads when it sends (this function needs no mentor address at all).
 */
import { Hono, type Context } from 'hono';
import type { ManifestMentor } from '../../site/manifest/manifest-schema';
import { mentorRequest, type MentorAnswerResponse, type MentorRequest, type MentorRequestResponse } from '../schemas/mentor-request';
import { mentorRequestAgain, mentorshipFeedback, type MentorPauseResponse, type MentorsAvailabilityResponse, type MentorshipFeedbackResponse, type MentorshipResponse } from '../schemas/mentorship';
import type { ApiOptions } from '../shared/api-options';
import { contentIndex } from '../shared/content';
import { InvalidToken, MentorUnavailable, ValidationFailed } from '../shared/errors';
import { formChallengeOf } from '../shared/challenge';
import { createApiApp, writeGuard, type ApiEnv } from '../shared/http';
import { newId } from '../shared/ids';
import { logger } from '../shared/logger';
import { verifyToken } from '../shared/tokens';
import { recordVerifiedAddress } from '../shared/verified-address';
import { rolePurpose, type MentorshipRole } from './links';
import { freePlaces, suggestMentors } from './matching';
import { endMentorship, extendMentorship, recordFeedback, setPaused } from './mentorships';
import {
  acceptRequest,
  againAttribute,
  AlreadyAskedAgain,
  createMentorRequest,
  declineRequest,
  getMentorRequest,
  mentorStates,
  type MentoringContext,
  type MentorRequestItem,
  type MentorStates,
} from './store';

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+){0,20}$/;

/** Whether a mentor takes new requests now: listed as available in content and not paused. */
const accepting = (mentor: ManifestMentor, states: MentorStates) => mentor.available && !states.paused.has(mentor.slug);

export function mentoringRoutes(options: ApiOptions) {
  const content = contentIndex(options.manifest);
  const mentors = options.manifest.mentors;
  const guardOptions = { family: 'mentoring', table: options.table, rateLimitPerMinute: options.rateLimitPerMinute, now: options.now };

  const context = async (): Promise<MentoringContext> => ({
    table: options.table,
    siteUrl: options.siteUrl,
    retentionDays: options.retentionDays,
    secret: await options.signingSecret(),
    now: options.now(),
    ...(options.mentorRequestsPerDay ? { mentorRequestsPerDay: options.mentorRequestsPerDay } : {}),
  });

  /** The request a mentor's link points to; a wrong token, an unknown id and a request sent to no mentor answer alike. */
  const authorised = async (c: Context): Promise<{ ctx: MentoringContext; request: MentorRequestItem & { mentor: string } }> => {
    const id = c.req.param('id') ?? '';
    const ctx = await context();
    if (!idPattern.test(id) || !verifyToken(ctx.secret, 'mentor-request', id, c.req.query('token'))) throw new InvalidToken();
    const request = await getMentorRequest(options.table, id);
    if (!request?.mentor || request.erasedAt) throw new InvalidToken();
    return { ctx, request: request as MentorRequestItem & { mentor: string } };
  };

  /**
   * A link held by one side of a mentorship (mentor or mentee), for the
   * actions that side may take; a request sent to no mentor, an erased one,
   * and a token of the other side or another purpose answer alike.
   */
  const mentorshipLink = async (c: Context, roles: readonly MentorshipRole[]) => {
    const id = c.req.param('id') ?? '';
    const ctx = await context();
    const token = c.req.query('token');
    const role = idPattern.test(id) ? roles.find((r) => verifyToken(ctx.secret, rolePurpose[r], id, token)) : undefined;
    if (!role) throw new InvalidToken();
    const request = await getMentorRequest(options.table, id);
    if (!request?.mentor || request.erasedAt) throw new InvalidToken();
    return { ctx, role, request: request as MentorRequestItem & { mentor: string } };
  };
  /**
   * After a side acted on its link: the mentee's link was emailed to the requester, so its holder has proven the
   * address is theirs (the email cap lets them through). The mentor's token proves nothing about that address.
   */
  const proven = async (ctx: MentoringContext, role: MentorshipRole, request: MentorRequestItem) => {
    if (role === 'mentee' && request.email) await recordVerifiedAddress(ctx, request.email, 'mentorship-link');
  };
  const ended = () => new InvalidToken('This mentorship has ended, so this link no longer works. To find a mentor again, visit the mentoring page.');
  const notMentorship = () => new InvalidToken('This request did not become a mentorship, so this link does not apply to it.');
  const mentorship = (r: MentorRequestItem): MentorshipResponse => ({ request: { id: r.id, status: r.status, ...(r.status === 'accepted' && r.endsAt ? { endsAt: r.endsAt } : {}) } });
  const named = (slug: string) => content.mentors.get(slug) ?? unlisted(slug);
  /** The mentor and the sentence for a request they cannot take, with the suggestions to offer instead. */
  const unavailable = (mentor: ManifestMentor, states: MentorStates, suggestions: unknown[]) => {
    const others = suggestions.length ? ' These mentors could help instead.' : '';
    return new MentorUnavailable(
      accepting(mentor, states) ? `${mentor.name} has no free mentoring place at the moment.${others}` : `${mentor.name} is not taking mentoring requests right now.${others}`,
      { suggestions },
    );
  };

  const answer = (request: MentorRequestItem): MentorAnswerResponse => ({ request: { id: request.id, status: request.status } });
  const unlisted = (slug: string): ManifestMentor => ({
    slug,
    name: slug,
    role: '',
    organization: '',
    industry: '',
    city: '',
    country: '',
    languages: [],
    available: false,
    capacity: 0,
    topics: [],
    formats: [],
  });

  return new Hono<ApiEnv<MentorRequest>>()
    .post(
      '/mentor-requests',
      writeGuard({
        ...guardOptions,
        schema: mentorRequest,
        rateLimitInTransaction: true,
        challenge: formChallengeOf(options), // proof of work (issue 14)
        // From content alone, as if every place were free: a bot learns nothing about the mentors' loads.
        honeypotAnswer: (c, body) => c.json({ request: { id: newId(), status: 'pending' }, suggestions: suggestMentors(mentors, new Map(), body) } satisfies MentorRequestResponse, 201),
      }),
      async (c) => {
        const input = c.get('body');
        const mentor = input.preferredMentor === undefined ? undefined : content.mentors.get(input.preferredMentor);
        if (input.preferredMentor !== undefined && !mentor) {
          throw new ValidationFailed({ preferredMentor: 'We do not know this mentor. Choose one from the mentors on the site, or leave the choice to us.' });
        }
        const states = await mentorStates(options.table);
        const suggestions = suggestMentors(mentors, states.loads, input, [...states.paused]);
        if (mentor && (!accepting(mentor, states) || freePlaces(mentor, states.loads.get(mentor.slug) ?? 0) <= 0)) throw unavailable(mentor, states, suggestions);
        const request = await createMentorRequest(await context(), input, mentor, suggestions, c.get('rateLimit'));
        logger.info('mentor request', { requestId: request.id, toMentor: mentor !== undefined, suggestions: suggestions.length });
        return c.json({ ...answer(request), suggestions } satisfies MentorRequestResponse, 201);
      },
    )
    .post('/mentor-requests/:id/accept', writeGuard(guardOptions), async (c) => {
      const { ctx, request } = await authorised(c);
      const mentor = content.mentors.get(request.mentor) ?? unlisted(request.mentor);
      const outcome = await acceptRequest(ctx, request, mentor);
      if (outcome.kind === 'full') {
        throw new MentorUnavailable(
          mentor.available
            ? `All your mentoring places are taken (${mentor.capacity} of ${mentor.capacity}), so this request cannot be accepted now. Decline it, or ask the alumni office to raise your capacity.`
            : 'Your profile is not taking mentoring requests at the moment, so this request cannot be accepted. Decline it, or ask the alumni office to list you as available again.',
        );
      }
      if (outcome.kind === 'answered') logger.info('mentor request accepted', { requestId: request.id, mentor: mentor.slug });
      return c.json(answer(outcome.request));
    })
    .post('/mentor-requests/:id/decline', writeGuard(guardOptions), async (c) => {
      const { ctx, request } = await authorised(c);
      const mentor = content.mentors.get(request.mentor);
      const states = request.status === 'pending' ? await mentorStates(options.table) : undefined;
      const suggestions = states ? suggestMentors(mentors, states.loads, request, [request.mentor, ...states.paused]) : [];
      const outcome = await declineRequest(ctx, request, mentor, suggestions);
      if (outcome.kind === 'answered') logger.info('mentor request declined', { requestId: request.id, mentor: request.mentor });
      return c.json(answer(outcome.kind === 'full' ? request : outcome.request));
    })
    .post('/mentor-requests/:id/end', writeGuard(guardOptions), async (c) => {
      const { ctx, role, request } = await mentorshipLink(c, ['mentor', 'mentee']);
      const outcome = await endMentorship(ctx, request, named(request.mentor), role);
      if (outcome.kind === 'not-active') throw notMentorship();
      if (outcome.kind === 'ended') logger.info('mentorship ended', { requestId: request.id, mentor: request.mentor, by: role });
      await proven(ctx, role, request);
      return c.json(mentorship(outcome.request) satisfies MentorshipResponse);
    })
    .post('/mentor-requests/:id/extend', writeGuard(guardOptions), async (c) => {
      const { ctx, request } = await mentorshipLink(c, ['mentor']);
      const outcome = await extendMentorship(ctx, request);
      if (outcome.kind === 'not-active') throw outcome.request.status === 'ended' ? ended() : notMentorship();
      if (outcome.kind === 'extended') logger.info('mentorship extended', { requestId: request.id, mentor: request.mentor });
      return c.json(mentorship(outcome.request) satisfies MentorshipResponse);
    })
    .post('/mentor-requests/:id/feedback', writeGuard({ ...guardOptions, schema: mentorshipFeedback }), async (c) => {
      const { ctx, role, request } = await mentorshipLink(c, ['mentor', 'mentee']);
      if (request.status !== 'accepted' && request.status !== 'ended') throw notMentorship();
      const stage = await recordFeedback(ctx, request, role, content.mentors.get(request.mentor), c.get('body'));
      await proven(ctx, role, request);
      return c.json({ feedback: { stage, recorded: true } } satisfies MentorshipFeedbackResponse);
    })
    .post('/mentor-requests/:id/again', writeGuard({ ...guardOptions, schema: mentorRequestAgain }), async (c) => {
      const { ctx, request } = await mentorshipLink(c, ['mentee']);
      if (request.status !== 'declined' && request.status !== 'expired') throw new InvalidToken('This link is for a request that was declined or expired; this one was not.');
      await proven(ctx, 'mentee', request);
      const mentor = content.mentors.get(c.get('body').mentor);
      if (!mentor) throw new ValidationFailed({ mentor: 'We do not know this mentor. Choose one from the mentors on the site.' });
      const earlier = request[againAttribute(mentor.slug)];
      const repeat = async (id: string) => {
        const made = await getMentorRequest(options.table, id);
        return c.json({ request: { id, status: made?.status ?? 'pending' }, suggestions: made?.suggestions ?? [] } satisfies MentorRequestResponse, 201);
      };
      // The same link clicked again: the request it made, not a second one.
      if (earlier) return repeat(earlier);
      const states = await mentorStates(options.table);
      const asked = { ...request, preferredMentor: mentor.slug } as unknown as MentorRequest;
      const exclude = [request.mentor, ...states.paused];
      const suggestions = suggestMentors(mentors, states.loads, asked, exclude);
      if (!accepting(mentor, states) || freePlaces(mentor, states.loads.get(mentor.slug) ?? 0) <= 0)
        throw unavailable(
          mentor,
          states,
          suggestions.filter((s) => s.mentor !== mentor.slug),
        );
      const input: MentorRequest = {
        name: request.name,
        email: request.email,
        role: request.role,
        program: request.program,
        classYear: request.classYear,
        goals: request.goals,
        topics: request.topics,
        industries: request.industries,
        languages: request.languages,
        country: request.country,
        preferredMentor: mentor.slug,
        format: request.format,
        consent: true,
      };
      try {
        const made = await createMentorRequest(ctx, input, mentor, suggestions, undefined, request);
        logger.info('mentor request made again', { requestId: made.id, from: request.id });
        return c.json({ request: { id: made.id, status: made.status }, suggestions } satisfies MentorRequestResponse, 201);
      } catch (error) {
        if (!(error instanceof AlreadyAskedAgain)) throw error;
        const now = await getMentorRequest(options.table, request.id);
        return repeat(now![againAttribute(mentor.slug)]!);
      }
    })
    .post('/mentors/:slug/pause', writeGuard(guardOptions), (c) => pause(c, true))
    .post('/mentors/:slug/resume', writeGuard(guardOptions), (c) => pause(c, false))
    .get('/mentors/availability', async (c) => {
      const states = await mentorStates(options.table);
      const body: MentorsAvailabilityResponse = {
        mentors: Object.fromEntries(mentors.map((m) => [m.slug, { free: freePlaces(m, states.loads.get(m.slug) ?? 0), accepting: accepting(m, states) }])),
      };
      return c.json(body, 200, { 'Cache-Control': 'public, max-age=5' });
    });

  /** The mentor's own pause or resume link: signed over the slug, so it works for that mentor only. */
  async function pause(c: Context, paused: boolean) {
    const slug = c.req.param('slug') ?? '';
    const ctx = await context();
    if (!slugPattern.test(slug) || !verifyToken(ctx.secret, 'mentor-availability', slug, c.req.query('token'))) throw new InvalidToken();
    const mentor = content.mentors.get(slug);
    if (!mentor) throw new InvalidToken();
    await setPaused(ctx, slug, paused);
    logger.info(paused ? 'mentor paused' : 'mentor resumed', { mentor: slug });
    return c.json({ mentor: { slug, accepting: mentor.available && !paused } } satisfies MentorPauseResponse);
  }
}

export function createMentoringApp(options: ApiOptions) {
  return createApiApp(mentoringRoutes(options));
}
