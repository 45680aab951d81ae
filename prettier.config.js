// Prettier for TypeScript, Astro, CSS, JSON and YAML (`npm run format`, checked by `npm run format:check`).
// The options follow the code as it was written by hand: single quotes, semicolons, trailing commas,
// and long lines (200 columns changed the fewest lines; 160 and 180 broke many more calls apart).
/** @type {import('prettier').Config} */
export default {
  printWidth: 200,
  singleQuote: true,
  plugins: ['prettier-plugin-astro'],
};
