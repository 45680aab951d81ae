/**
 * `read` once per build, its answer shared by every caller (every page and getStaticPaths), e.g. a 10,000-story
 * build reads and sorts the stories once instead of once per caller; read again after a failure.
 * Not cached by the dev server, where content changes while it runs. Callers must
 * not mutate the shared arrays (none do: they filter, slice or copy).
 */
export function oncePerBuild<T>(read: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | undefined;
  return () => {
    if (import.meta.env.DEV) return read();
    cached ??= read().catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}
