/**
 * Live fund progress on /give/ and fund pages: each `[data-form-mount="fund-progress"]`
 * element (with `data-fund`, `data-goal`, `data-currency`) shows its fund's
 * totals from GET /api/funds/{slug}/progress (totals only, never names), and
 * reads them again, fresh, after a pledge on the page (`progressRefreshEvent`).
 *
 * A page script, not a React island: the bars sit near the top of /give/, so
 * as an island they would bring React at load on every visit; this way React
 * comes only with the donation form, when the reader comes near it
 * (client:near). Without the API (a preview, or it is down) nothing is drawn
 * and the page's own text (each fund's goal) stands.
 */
import './zod-jitless';
import '../styles/fund-progress.css';
import { fundProgressResponse, type FundProgressResponse } from '../../functions/schemas/donation';
import { apiRequest } from './api-client';
import { progressRefreshEvent } from './fund-progress-event';
import { formatMoney, readerLocale } from '../lib/format';

/** Draws the bar and its sentence into the mount (classes only: the CSP forbids style attributes). */
function draw(mount: HTMLElement, textId: string, progress: FundProgressResponse) {
  const target = progress.goal || Number(mount.dataset.goal);
  const money = (minor: number) => formatMoney(minor, progress.currency || mount.dataset.currency || '', readerLocale());
  const percent = target > 0 ? Math.floor((progress.raised / target) * 100) : 0;
  const box = document.createElement('div');
  box.className = 'fund-progress';
  box.dataset.fundProgress = progress.fund;
  const bar = document.createElement('progress');
  bar.className = 'fund-progress__bar';
  bar.max = target;
  bar.value = Math.min(progress.raised, target);
  bar.setAttribute('aria-labelledby', textId);
  const text = document.createElement('p');
  text.className = 'fund-progress__text';
  text.id = textId;
  const raised = document.createElement('strong');
  raised.textContent = money(progress.raised);
  const donors = document.createElement('span');
  donors.className = 'fund-progress__donors';
  donors.textContent = ` · ${progress.donors} ${progress.donors === 1 ? 'donor' : 'donors'}`;
  text.append(raised, ` raised of ${money(target)} (${percent === 0 && progress.raised > 0 ? 'under 1' : percent}%)`, donors);
  mount.replaceChildren(box);
  box.append(bar, text);
}

export function showFundProgress(): void {
  const mounts = [...document.querySelectorAll<HTMLElement>('[data-form-mount="fund-progress"][data-fund]')];
  const load = async (mount: HTMLElement, index: number, fresh: boolean) => {
    const fund = mount.dataset.fund!;
    const result = await apiRequest('GET', `/funds/${encodeURIComponent(fund)}/progress`, fundProgressResponse, fresh ? { cache: 'no-cache' } : {});
    if (result.ok) draw(mount, `fund-progress-${index}`, result.data);
  };
  mounts.forEach((mount, index) => void load(mount, index, false));
  window.addEventListener(progressRefreshEvent, (event) => {
    const fund = (event as CustomEvent<string>).detail;
    mounts.forEach((mount, index) => mount.dataset.fund === fund && void load(mount, index, true));
  });
}
