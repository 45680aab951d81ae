/**
 * What the emails after a registration need (event changes, reminders,
 * follow-up, recording, announcements): each is a registration's email data
 * plus its own part. Written by functions/registrations/lifecycle.ts and the
 * staff tool; rendered by functions/mailer/templates/event-changes.ts.
 */
import type { EventSnapshot, RegistrationEmailData } from './email-jobs';

/** What registrants were told about an event, as compared for changes (functions/registrations/store/changes.ts). */
export type ToldEvent = Pick<EventSnapshot, 'startsAt' | 'endsAt' | 'timezone' | 'format' | 'venue' | 'city' | 'country' | 'onlineUrl' | 'status'>;

/** The told fields, in the order an email lists them. */
export const toldFields = ['status', 'startsAt', 'endsAt', 'timezone', 'format', 'venue', 'city', 'country', 'onlineUrl'] as const satisfies readonly (keyof ToldEvent)[];
export type ToldField = (typeof toldFields)[number];

export interface EventChangeData extends RegistrationEmailData {
  /** What this person was told before (their confirmation or the previous notice). */
  previous: ToldEvent;
  /** The fields that differ. */
  changed: ToldField[];
  /** The registration's status when the notice was written. */
  registrationStatus: 'confirmed' | 'waitlisted';
}

export interface EventReminderData extends RegistrationEmailData {
  /** The offset that is due, as editors wrote it: "2d", "2h". */
  offset: string;
}

export interface EventMaterial {
  label: string;
  url: string;
}

export interface EventFollowUpData extends RegistrationEmailData {
  /** One-tap rating links; index 0 rates 1. */
  ratings: string[];
  recordingUrl?: string | undefined;
  materials: EventMaterial[];
}

export interface EventRecordingData extends RegistrationEmailData {
  recordingUrl: string;
  materials: EventMaterial[];
}

export interface EventAnnouncementData extends RegistrationEmailData {
  subject: string;
  /** Plain text, paragraphs separated by blank lines. */
  message: string;
}
