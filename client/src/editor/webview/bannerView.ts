// The banners above the hex view: the host's (empty file, not a stream, changed on disk, …) with
// their buttons, and the webview's own short-lived ones (paste refused, field edit failed).

import type { Banner } from '../model/messages';
import { $, esc } from './dom';
import { post } from './host';
import { S } from './state';

/** How long a webview banner stays. */
const LOCAL_BANNER_MS = 5000;

export function renderBanners(): void {
  $('banners').innerHTML = [...S.banners, ...S.localBanners]
    .map(
      (b) =>
        `<div class="banner b-${b.kind}" data-banner="${esc(b.id)}"><span>${esc(b.text)}</span>${(b.actions ?? []).map((a) => `<button data-action="${esc(a.id)}">${esc(a.title)}</button>`).join('')}</div>`,
    )
    .join('');
}

/** Shows a banner of the webview's own for a few seconds (replacing one with the same id). */
export function showLocalBanner(b: Banner): void {
  S.localBanners = [...S.localBanners.filter((x) => x.id !== b.id), b];
  renderBanners();
  setTimeout(() => {
    S.localBanners = S.localBanners.filter((x) => x !== b);
    renderBanners();
  }, LOCAL_BANNER_MS);
}

$('banners').addEventListener('click', (e) => {
  const a = (e.target as HTMLElement).dataset.action;
  if (a) post({ type: 'bannerAction', id: a });
});
