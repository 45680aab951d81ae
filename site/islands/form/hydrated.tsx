/**
 * Islands render their page's fallback text (passed as children) on the
 * server and in the first client render, then swap in the form. So a reader
 * without JavaScript keeps the explanation of how to take part, and nobody
 * sees a form that cannot work.
 */
import { useEffect, useState, type ReactNode } from 'react';

export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

export function Fallback({ children }: { children?: ReactNode }) {
  return <div className="form-mount__fallback">{children}</div>;
}

/** Reads a query parameter once mounted (the static page has none at build time). */
export function queryParam(name: string): string | null {
  return new URLSearchParams(window.location.search).get(name);
}
