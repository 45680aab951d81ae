/**
 * The signed links in mentoring emails. Each lands on a page of the site
 * whose island posts to the API (an email scanner that follows a link changes
 * nothing): `/mentoring/respond/` for the mentor's answer, `/mentoring/manage/`
 * for everything after it (end, extend, feedback, ask again, pause, resume).
 */
import { signToken } from '../shared/tokens';

export type MentorshipRole = 'mentor' | 'mentee';
export type MentorshipAction = 'end' | 'extend' | 'feedback' | 'again';

interface LinkContext {
  siteUrl: string;
  secret: string;
}

const query = (params: Record<string, string | number | undefined>) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

export const guidelinesUrl = (siteUrl: string) => `${siteUrl}/mentoring/guidelines/`;
export const mentoringUrl = (siteUrl: string) => `${siteUrl}/mentoring/`;
export const profileUrl = (siteUrl: string, slug: string) => `${siteUrl}/profiles/${slug}/`;

/** The purpose a side's token is signed for. */
export const rolePurpose = { mentor: 'mentorship-mentor', mentee: 'mentorship-mentee' } as const satisfies Record<MentorshipRole, string>;

/** The mentor's answer link: the site's page, whose island posts the answer to the API. */
export function answerUrl(ctx: LinkContext, id: string, action: 'accept' | 'decline'): string {
  return `${ctx.siteUrl}/mentoring/respond/?${query({ id, token: signToken(ctx.secret, 'mentor-request', id), action })}`;
}

/** A link for one side of a mentorship (or the requester of an expired or declined request, as `mentee`). */
export function mentorshipUrl(ctx: LinkContext, id: string, role: MentorshipRole, action: MentorshipAction, extra: Record<string, string | number> = {}): string {
  return `${ctx.siteUrl}/mentoring/manage/?${query({ action, id, as: role, token: signToken(ctx.secret, rolePurpose[role], id), ...extra })}`;
}

/** The mentor's own pause or resume link (signed over the profile slug). */
export function availabilityUrl(ctx: LinkContext, slug: string, action: 'pause' | 'resume'): string {
  return `${ctx.siteUrl}/mentoring/manage/?${query({ action, mentor: slug, token: signToken(ctx.secret, 'mentor-availability', slug) })}`;
}

export function pauseLinks(ctx: LinkContext, slug: string) {
  return { pauseUrl: availabilityUrl(ctx, slug, 'pause'), resumeUrl: availabilityUrl(ctx, slug, 'resume') };
}

/** One-tap answers for a check-in or the end survey: a rating 1–5 (having met), or "not met yet". */
export function feedbackLinks(ctx: LinkContext, id: string, role: MentorshipRole) {
  return {
    ratings: [1, 2, 3, 4, 5].map((rating) => mentorshipUrl(ctx, id, role, 'feedback', { met: 'yes', rating })),
    notMet: mentorshipUrl(ctx, id, role, 'feedback', { met: 'no' }),
  };
}
