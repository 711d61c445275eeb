// The toolbar (quick fixes for the whole file, the overwrite/insert mode, the Reseal on edit
// switch, Open Text / Step Restore / Export Trace) and the splitter that sizes the right pane.

import { $, el } from './dom';
import { post } from './host';
import { S, saveState, scheduleRender } from './state';

$('toolbar').addEventListener('click', (e) => {
  const t = (e.target as HTMLElement).closest('button') as HTMLButtonElement | null;
  if (!t) return;
  if (t.id === 'reseal-toggle') {
    showReseal(!S.reseal);
    post({ type: 'setReseal', on: S.reseal });
  } else if (t.dataset.fix) post({ type: 'quickFix', fix: t.dataset.fix as never });
  else if (t.dataset.command) post({ type: 'command', command: t.dataset.command as never });
  else if (t.id === 'mode-toggle') {
    S.insertMode = !S.insertMode;
    saveState();
    scheduleRender();
    el.hexPane.focus();
  }
});

/** Whether field edits reseal: the state and the switch (the host remembers it). */
export function showReseal(on: boolean): void {
  S.reseal = on;
  $('reseal-toggle').setAttribute('aria-checked', String(on));
  $('reseal-state').textContent = on ? 'on' : 'off';
}

// ---- splitter between the hex view and the right pane ------------------------------------------

const MIN_SIDE = 200;
const MIN_HEX = 120;

/** Give the right pane `px` pixels (clamped so both panes stay usable); undefined = default layout. */
export function applySideWidth(px: number | undefined): void {
  if (px === undefined) {
    el.main.classList.remove('sized');
    el.side.style.width = '';
    return;
  }
  const total = el.main.clientWidth || window.innerWidth;
  const w = Math.round(Math.max(MIN_SIDE, Math.min(px, total - MIN_HEX - el.splitter.offsetWidth)));
  S.sideWidth = w;
  el.main.classList.add('sized');
  el.side.style.width = `${w}px`;
  scheduleRender();
}

function commitSideWidth(): void {
  saveState();
  if (S.sideWidth) post({ type: 'sideWidth', px: S.sideWidth });
}

const splitter = el.splitter;
splitter.addEventListener('mousedown', (e) => {
  e.preventDefault();
  splitter.focus(); // arrows resize from here on
  const startX = e.clientX;
  const startW = el.side.getBoundingClientRect().width;
  splitter.classList.add('dragging');
  document.body.classList.add('resizing');
  const onMove = (ev: MouseEvent) => applySideWidth(startW + (startX - ev.clientX));
  const onUp = () => {
    window.removeEventListener('mousemove', onMove);
    window.removeEventListener('mouseup', onUp);
    splitter.classList.remove('dragging');
    document.body.classList.remove('resizing');
    commitSideWidth();
  };
  window.addEventListener('mousemove', onMove);
  window.addEventListener('mouseup', onUp);
});
splitter.addEventListener('keydown', (e) => {
  const step = e.shiftKey ? 64 : 16;
  const cur = el.side.getBoundingClientRect().width;
  if (e.key === 'ArrowLeft') applySideWidth(cur + step);
  else if (e.key === 'ArrowRight') applySideWidth(cur - step);
  else return;
  e.preventDefault();
  commitSideWidth();
});
splitter.addEventListener('dblclick', () => {
  // Back to the default layout (the hex view at its natural width, the right pane takes the rest).
  // The host forgets the remembered width too: else every editor opened next would come back with
  // the dragged width (after a wide drag, a hex view 8 columns wide beside the data inspector).
  S.sideWidth = undefined;
  applySideWidth(undefined);
  saveState();
  post({ type: 'sideWidth', px: 0 });
});
