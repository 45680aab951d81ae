import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { reportingContentProblems } from './content-check/before-sync-errors';
import { itemPattern } from './content-files';
import { eventSchema, fundSchema, pageSchema, profileSchema, storySchema } from './schemas';

const markdownIn = (name: string) => reportingContentProblems(glob({ base: `./content/${name}`, pattern: itemPattern }));

export const collections = {
  stories: defineCollection({ loader: markdownIn('stories'), schema: ({ image }) => storySchema(image()) }),
  events: defineCollection({ loader: markdownIn('events'), schema: ({ image }) => eventSchema(image()) }),
  profiles: defineCollection({ loader: markdownIn('profiles'), schema: ({ image }) => profileSchema(image()) }),
  funds: defineCollection({ loader: markdownIn('funds'), schema: ({ image }) => fundSchema(image()) }),
  pages: defineCollection({ loader: markdownIn('pages'), schema: pageSchema }),
};
