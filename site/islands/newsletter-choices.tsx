/**
 * What a subscriber chooses, asked the same way on the subscribe form and on
 * the preferences page: topics (the story tags), regions, and how often.
 */
import { CheckboxGroup, RadioGroup } from './form/fields';

export const frequencyOptions = [
  { value: 'monthly', label: 'Monthly', description: 'One email at the start of each month' },
  { value: 'weekly', label: 'Weekly', description: 'A shorter email each week' },
] as const;

export const topicLabel = (tag: string) => tag.replaceAll('-', ' ').replace(/^./, (c) => c.toUpperCase());

/** The form's state for them (the request schema checks it when it is sent). */
type Choices = { topics: string[]; regions: string[]; frequency: string };

export interface NewsletterChoicesProps {
  topics: string[];
  regions: string[];
  value: Choices;
  /** The choice that changed, to merge into the form's state. */
  onChange: (changed: Partial<Choices>) => void;
  errors?: Partial<Record<keyof Choices, string>>;
}

export function NewsletterChoices({ topics, regions, value, onChange, errors = {} }: NewsletterChoicesProps) {
  return (
    <>
      <CheckboxGroup
        name="topics"
        legend="Topics"
        optional
        hint="Stories about these topics. Choose none for all of them."
        options={topics.map((t) => ({ value: t, label: topicLabel(t) }))}
        values={value.topics}
        onChange={(v) => onChange({ topics: v })}
        error={errors.topics}
      />
      <CheckboxGroup
        name="regions"
        legend="Regions"
        optional
        hint="Events on these continents or in these countries. Online events come to everyone."
        options={regions.map((r) => ({ value: r, label: r }))}
        values={value.regions}
        onChange={(v) => onChange({ regions: v })}
        error={errors.regions}
      />
      <RadioGroup name="frequency" legend="How often" options={frequencyOptions} value={value.frequency} onChange={(v) => onChange({ frequency: v })} error={errors.frequency} layout="cards" />
    </>
  );
}
