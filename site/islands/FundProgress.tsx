/**
 * A fund's progress towards its goal, live from GET /api/funds/{slug}/progress
 * (totals only, never names). Refreshes when a gift is pledged on the page.
 */
import './zod-jitless';
import '../styles/forms.css';
import { useEffect, useId, useState } from 'react';
import { fundProgressResponse, type FundProgressResponse } from '../../functions/schemas/donation';
import { apiRequest } from './api-client';
import { formatMoney, readerLocale } from '../lib/format';

/** The event a donation form sends after a pledge, with the fund's slug as detail. */
export const progressRefreshEvent = 'fund-progress:refresh';

export default function FundProgress({ fund, goal, currency }: { fund: string; goal: number; currency: string }) {
  const [progress, setProgress] = useState<FundProgressResponse | null>(null);
  const id = useId();

  useEffect(() => {
    const load = async (fresh: boolean) => {
      const result = await apiRequest('GET', `/funds/${encodeURIComponent(fund)}/progress`, fundProgressResponse, fresh ? { cache: 'no-cache' } : {});
      if (result.ok) setProgress(result.data);
    };
    void load(false);
    const onRefresh = (e: Event) => {
      if ((e as CustomEvent<string>).detail === fund) void load(true);
    };
    window.addEventListener(progressRefreshEvent, onRefresh);
    return () => window.removeEventListener(progressRefreshEvent, onRefresh);
  }, [fund]);

  if (!progress) return null;
  const target = progress.goal || goal;
  const percent = target > 0 ? Math.floor((progress.raised / target) * 100) : 0;
  return (
    <div className="fund-progress" data-fund-progress={fund}>
      <progress className="fund-progress__bar" max={target} value={Math.min(progress.raised, target)} aria-labelledby={`${id}-text`} />
      <p className="fund-progress__text" id={`${id}-text`}>
        <strong>{formatMoney(progress.raised, progress.currency || currency, readerLocale())}</strong> raised of {formatMoney(target, progress.currency || currency, readerLocale())} (
        {percent === 0 && progress.raised > 0 ? 'under 1' : percent}%)
        <span className="fund-progress__donors">
          {' '}
          · {progress.donors} {progress.donors === 1 ? 'donor' : 'donors'}
        </span>
      </p>
    </div>
  );
}
