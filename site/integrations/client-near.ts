/**
 * `client:near`: hydrate an island when the reader is about to need it, not at
 * load. Forms below the fold use it, so a reader who never scrolls there never
 * downloads React, and a keyboard reader still finds the form ready when they
 * tab to it. What starts hydration (whichever comes first) is in
 * `client-near-directive.ts`; `client:near={{ rootMargin: '600px' }}` changes
 * how near counts as near (400px by default).
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

export interface ClientNearOptions {
  /** How far outside the viewport the island's box may be and already count as near (IntersectionObserver's rootMargin). */
  rootMargin?: string;
}

declare module 'astro' {
  interface AstroClientDirectives {
    'client:near'?: ClientNearOptions | boolean;
  }
}

export function clientNear(): AstroIntegration {
  return {
    name: 'client-near',
    hooks: {
      'astro:config:setup': ({ addClientDirective }) => {
        addClientDirective({ name: 'near', entrypoint: fileURLToPath(new URL('./client-near-directive.ts', import.meta.url)) });
      },
    },
  };
}
