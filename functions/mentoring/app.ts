/**
 * Mentor requests (see the HTTP contract):
 *
 *   POST /api/mentor-requests
 *   POST /api/mentor-requests/{id}/accept?token=…
 *   POST /api/mentor-requests/{id}/decline?token=…
 *
 * Mentors, their capacity, topics, languages and formats come from the content
 * manifest; their email addresses only from configuration, which the mailer
 * reads when it sends (this function needs no mentor address at all).
 */
import { Hono, type Context } from 'hono';
import type { ManifestMentor } from '../../site/manifest/manifest-schema';
import { mentorRequest, type MentorAnswerResponse, type MentorRequest, type MentorRequestResponse } from '../schemas/mentor-request';
import type { ApiOptions } from '../shared/api-options';
import { contentIndex } from '../shared/content';
import { InvalidToken, MentorUnavailable, ValidationFailed } from '../shared/errors';
import { formChallengeOf } from '../shared/challenge';
import { createApiApp, writeGuard, type ApiEnv } from '../shared/http';
import { newId } from '../shared/ids';
import { logger } from '../shared/logger';
import { verifyToken } from '../shared/tokens';
import { freePlaces, suggestMentors } from './matching';
import { acceptRequest, createMentorRequest, declineRequest, getMentorRequest, mentorLoads, type MentoringContext, type MentorRequestItem } from './store';

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

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
  });

  /** The request a mentor's link points to; a wrong token, an unknown id and a request sent to no mentor answer alike. */
  const authorised = async (c: Context): Promise<{ ctx: MentoringContext; request: MentorRequestItem & { mentor: string } }> => {
    const id = c.req.param('id') ?? '';
    const ctx = await context();
    if (!idPattern.test(id) || !verifyToken(ctx.secret, 'mentor-request', id, c.req.query('token'))) throw new InvalidToken();
    const request = await getMentorRequest(options.table, id);
    if (!request?.mentor) throw new InvalidToken();
    return { ctx, request: request as MentorRequestItem & { mentor: string } };
  };

  const answer = (request: MentorRequestItem): MentorAnswerResponse => ({ request: { id: request.id, status: request.status } });
  const unlisted = (slug: string): ManifestMentor => ({
    slug, name: slug, role: '', organization: '', industry: '', city: '', country: '', languages: [], available: false, capacity: 0, topics: [], formats: [],
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
        const loads = await mentorLoads(options.table);
        const suggestions = suggestMentors(mentors, loads, input);
        if (mentor && freePlaces(mentor, loads.get(mentor.slug) ?? 0) <= 0) {
          throw new MentorUnavailable(
            mentor.available
              ? `${mentor.name} has no free mentoring place at the moment.${suggestions.length ? ' These mentors could help instead.' : ''}`
              : `${mentor.name} is not taking mentoring requests at the moment.${suggestions.length ? ' These mentors could help instead.' : ''}`,
            { suggestions },
          );
        }
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
      const suggestions = request.status === 'pending' ? suggestMentors(mentors, await mentorLoads(options.table), request, [request.mentor]) : [];
      const outcome = await declineRequest(ctx, request, mentor, suggestions);
      if (outcome.kind === 'answered') logger.info('mentor request declined', { requestId: request.id, mentor: request.mentor });
      return c.json(answer(outcome.kind === 'full' ? request : outcome.request));
    });
}

export function createMentoringApp(options: ApiOptions) {
  return createApiApp(mentoringRoutes(options));
}
