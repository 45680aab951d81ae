// zod/mini, as in ./fields: the forms bundle only the checks these schemas use.
import * as z from 'zod/mini';
import { intBetween, optionalText, slugField } from './fields';
import { mentorRequestStatus } from './mentor-request';

/** How long a mentorship lasts unless the mentor extends it, in days, by format. */
export const mentorshipSpanDays = { 'one-off': 30, 'short-term': 90, 'long-term': 365 } as const;

/** `POST /api/mentor-requests/{id}/feedback?token=…`: the check-in (while the mentorship runs) or the end survey. */
export const mentorshipFeedback = z.strictObject({
  met: z.boolean({ error: 'Say whether you have met: yes or no.' }),
  rating: intBetween(1, 5, 'Give a rating from 1 to 5.', 'Give a rating from 1 to 5.', 'Give a rating from 1 to 5.'),
  comment: optionalText(1000, 'Your comment'),
});
export type MentorshipFeedbackInput = z.input<typeof mentorshipFeedback>;
export type MentorshipFeedback = z.output<typeof mentorshipFeedback>;

/** Which survey an answer belongs to: `check-in` while the mentorship runs, `end` once it has ended. */
export const feedbackStage = z.enum(['check-in', 'end']);
export type FeedbackStage = z.infer<typeof feedbackStage>;

/** `POST /api/mentor-requests/{id}/feedback?token=…` (200): recorded once per person and stage; a repeat answers the same. */
export const mentorshipFeedbackResponse = z.object({
  feedback: z.object({ stage: feedbackStage, recorded: z.literal(true) }),
});
export type MentorshipFeedbackResponse = z.infer<typeof mentorshipFeedbackResponse>;

/** `POST /api/mentor-requests/{id}/end|extend?token=…` (200): the mentorship as it stands now. */
export const mentorshipResponse = z.object({
  request: z.object({
    id: z.string(),
    status: mentorRequestStatus,
    /** When the mentorship ends by itself (accepted only). */
    endsAt: z.optional(z.string()),
  }),
});
export type MentorshipResponse = z.infer<typeof mentorshipResponse>;

/** `POST /api/mentor-requests/{id}/again?token=…`: the same request, sent to another mentor. */
export const mentorRequestAgain = z.strictObject({
  mentor: slugField('The mentor'),
});
export type MentorRequestAgainInput = z.input<typeof mentorRequestAgain>;

/** One mentor's live availability: places free now, and whether they take requests at all (listed and not paused). */
export const mentorAvailability = z.object({
  free: z.int().check(z.gte(0)),
  accepting: z.boolean(),
});
export type MentorAvailability = z.infer<typeof mentorAvailability>;

/** `GET /api/mentors/availability` (200, cached 5 seconds): every mentor in content, by profile slug. */
export const mentorsAvailabilityResponse = z.object({
  mentors: z.record(z.string(), mentorAvailability),
});
export type MentorsAvailabilityResponse = z.infer<typeof mentorsAvailabilityResponse>;

/** `POST /api/mentors/{slug}/pause|resume?token=…` (200). */
export const mentorPauseResponse = z.object({
  mentor: z.object({ slug: z.string(), accepting: z.boolean() }),
});
export type MentorPauseResponse = z.infer<typeof mentorPauseResponse>;
