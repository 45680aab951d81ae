/**
 * Regions of the newsletter: continents, and the countries events name.
 *
 * An event's continent comes from its IANA time zone, which every event has:
 * the zone's area is a continent ("Europe/Berlin", "Asia/Dubai",
 * "Africa/Lagos"), "Australia/…" and "Pacific/…" are Oceania, and "America/…"
 * is split into North and South America by the short list below. No country
 * table to keep: content writes countries as free text ("Vietnam", "Viet
 * Nam"), so a country region matches the event's `country` as written.
 * Online events belong to every region: anyone can join them.
 *
 * Pure code without Node or Astro imports: pages, islands and functions use it.
 */

export const continents = ['Africa', 'Asia', 'Europe', 'North America', 'South America', 'Oceania'] as const;
export type Continent = (typeof continents)[number];

/** IANA zones in "America/…" that are in South America (the rest of the area is North and Central America and the Caribbean). */
const southAmericanZones = new Set([
  'Araguaina',
  'Argentina',
  'Asuncion',
  'Bahia',
  'Belem',
  'Boa_Vista',
  'Bogota',
  'Buenos_Aires',
  'Campo_Grande',
  'Caracas',
  'Cayenne',
  'Cordoba',
  'Cuiaba',
  'Eirunepe',
  'Fortaleza',
  'Guayaquil',
  'Guyana',
  'La_Paz',
  'Lima',
  'Maceio',
  'Manaus',
  'Montevideo',
  'Noronha',
  'Paramaribo',
  'Porto_Velho',
  'Punta_Arenas',
  'Recife',
  'Rio_Branco',
  'Santarem',
  'Santiago',
  'Sao_Paulo',
]);

const areas: Record<string, Continent> = { Africa: 'Africa', Asia: 'Asia', Europe: 'Europe', Australia: 'Oceania', Pacific: 'Oceania', Indian: 'Asia' };

/** The continent of an IANA time zone, or undefined for zones that name none (UTC, Etc/…, Atlantic/…, Antarctica/…). */
export function continentOfZone(timeZone: string): Continent | undefined {
  const [area, place] = timeZone.split('/');
  if (area === 'America') return place && southAmericanZones.has(place) ? 'South America' : 'North America';
  return area ? areas[area] : undefined;
}

/** The regions an event belongs to: its continent and its country; undefined for an online event (every region). */
export function eventRegions(event: { format: string; timezone: string; country?: string | undefined }): string[] | undefined {
  if (event.format === 'online') return undefined;
  const continent = continentOfZone(event.timezone);
  return [...(continent ? [continent] : []), ...(event.country ? [event.country] : [])];
}
