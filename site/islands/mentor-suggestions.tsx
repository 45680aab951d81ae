/**
 * Mentors who fit a request, each with the plain reasons why: after a request
 * is sent, and instead of a chosen mentor who has no free place.
 */
import type { MentorSuggestion } from '../../functions/schemas/mentor-request';

export interface MentorOption {
  slug: string;
  name: string;
  /** "Programme Manager, Bridgewater Education Trust". */
  role: string;
  country: string;
}

export function Suggestions({ suggestions, mentors, onChoose, heading }: { suggestions: MentorSuggestion[]; mentors: MentorOption[]; onChoose?: (slug: string) => void; heading: string }) {
  if (suggestions.length === 0) return null;
  return (
    <section className="suggestions" aria-labelledby="suggestions-title">
      <h3 id="suggestions-title">{heading}</h3>
      <ol className="suggestions__list">
        {suggestions.map((s) => {
          const mentor = mentors.find((m) => m.slug === s.mentor);
          return (
            <li key={s.mentor} className="suggestion">
              <p className="suggestion__name">
                <a href={`/profiles/${s.mentor}/`}>{s.name}</a>
              </p>
              {mentor && (
                <p className="suggestion__role">
                  {mentor.role} · {mentor.country}
                </p>
              )}
              <ul className="suggestion__reasons" aria-label={`Why ${s.name} fits`}>
                {s.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
              {onChoose && (
                <button type="button" className="button button--ghost suggestion__choose" onClick={() => onChoose(s.mentor)}>
                  Ask {s.name.split(' ')[0]}
                  <span className="visually-hidden"> ({s.name})</span>
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
