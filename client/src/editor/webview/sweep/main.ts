// The buffer-size sweep's webview (bundled as dist/sweepView.js): an SVG chart of the restore's
// outcome against buffer size (one bar per packing, its height the number of calls) over the save
// side's strip, and the same ranges as a table. A bar or row starts Step Restore with its packing.

import type { SweepBar, SweepHostMessage, SweepView, SweepWebviewMessage } from '../../model/sweepView';

declare function acquireVsCodeApi(): { postMessage(m: SweepWebviewMessage): void };
const vscodeApi = acquireVsCodeApi();
const post = (m: SweepWebviewMessage): void => vscodeApi.postMessage(m);
const SVG = 'http://www.w3.org/2000/svg';

const byId = (id: string): HTMLElement => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`sweep view: #${id} is missing`);
  return e;
};

/** Chart geometry, in viewBox units. */
const W = 1000;
const LEFT = 40;
const RIGHT = 10;
const BAR_TOP = 10;
const BAR_H = 150;
const SAVE_TOP = BAR_TOP + BAR_H + 24;
const SAVE_H = 18;
const H = SAVE_TOP + SAVE_H + 28;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** x of a size: linear over [min, max + 1), each range at least 3 units wide so a one-size range shows. */
function scale(view: SweepView): (size: number) => number {
  const span = view.max + 1 - view.min;
  return (size) => LEFT + ((size - view.min) / span) * (W - LEFT - RIGHT);
}

function step(view: SweepView, bar: number): void {
  if (!view.canStep) return;
  post({ type: 'step', bar });
}

function clickable(el: Element, view: SweepView, bar: number, label: string): void {
  el.setAttribute('tabindex', '0');
  el.setAttribute('role', view.canStep ? 'button' : 'img');
  el.setAttribute('aria-label', label + (view.canStep ? '. Enter: Step Restore with this buffering' : ''));
  el.setAttribute('data-bar', String(bar));
  el.addEventListener('click', () => step(view, bar));
  el.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Enter' || (e as KeyboardEvent).key === ' ') step(view, bar);
  });
}

function chart(view: SweepView): SVGSVGElement {
  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    id: 'chart-svg',
    role: 'group',
    'aria-label': 'Outcome against buffer size',
  });
  const x = scale(view);
  const most = Math.max(1, ...view.bars.map((b) => b.calls));
  root.appendChild(svg('line', { x1: LEFT, y1: BAR_TOP + BAR_H, x2: W - RIGHT, y2: BAR_TOP + BAR_H, class: 'axis' }));
  const yLabel = svg('text', { x: LEFT - 6, y: BAR_TOP + 10, class: 'tick end' });
  yLabel.textContent = `${most} calls`;
  root.appendChild(yLabel);
  view.bars.forEach((b: SweepBar, i) => {
    const x0 = x(b.from);
    const w = Math.max(3, x(b.to + 1) - x0 - 1);
    const h = Math.max(4, (b.calls / most) * BAR_H);
    const r = svg('rect', {
      x: x0,
      y: BAR_TOP + BAR_H - h,
      width: w,
      height: h,
      class: `bar k-${b.kind}${b.lenient ? ' lenient' : ''}${view.canStep ? ' steppable' : ''}`,
    });
    const title = svg('title', {});
    title.textContent = b.label;
    r.appendChild(title);
    clickable(r, view, i, b.label);
    root.appendChild(r);
  });
  const saveLabel = svg('text', { x: LEFT - 6, y: SAVE_TOP + 13, class: 'tick end' });
  saveLabel.textContent = 'save';
  root.appendChild(saveLabel);
  for (const s of view.save ?? []) {
    const r = svg('rect', {
      x: x(s.from),
      y: SAVE_TOP,
      width: Math.max(3, x(s.to + 1) - x(s.from) - 1),
      height: SAVE_H,
      class: `save k-${s.kind}`,
    });
    const title = svg('title', {});
    title.textContent = s.label;
    r.appendChild(title);
    root.appendChild(r);
  }
  // Size ticks at the range starts that have room for a label, and at the end.
  let lastX = -Infinity;
  for (const size of [...view.bars.map((b) => b.from), view.max]) {
    const at = x(size);
    if (at - lastX < 36 && size !== view.max) continue;
    const t = svg('text', { x: at, y: H - 8, class: 'tick' });
    t.textContent = String(size);
    root.appendChild(t);
    lastX = at;
  }
  return root;
}

function table(view: SweepView): void {
  const body = byId('rows');
  body.textContent = '';
  view.bars.forEach((b, i) => {
    const tr = document.createElement('tr');
    tr.className = `k-${b.kind}`;
    const cells = [
      b.from === b.to ? `${b.from}` : `${b.from}–${b.to}`,
      `${b.calls}`,
      b.outcome + (b.code ? ` [${b.code}]` : ''),
      b.decidingCall === undefined ? '—' : `call ${b.decidingCall}`,
      `${b.committedChunks}`,
      b.lenient ? 'a chunk gets a buffer of its own below the largest call' : '',
    ];
    for (const c of cells) {
      const td = document.createElement('td');
      td.textContent = c;
      tr.appendChild(td);
    }
    clickable(tr, view, i, b.label);
    body.appendChild(tr);
  });
}

function render(view: SweepView): void {
  document.title = view.title;
  byId('title').textContent = view.title;
  byId('detail').textContent = view.detail;
  const summary = byId('summary');
  summary.textContent = '';
  for (const s of view.summary) {
    const li = document.createElement('li');
    li.textContent = s;
    summary.appendChild(li);
  }
  byId('save-note').textContent = view.saveNote;
  const note = byId('step-note');
  note.textContent = view.stepNote ?? 'Click a bar or a row to start Step Restore with that buffer size.';
  const c = byId('chart');
  c.textContent = '';
  c.appendChild(chart(view));
  table(view);
  document.body.dataset.ready = 'true';
}

let current: SweepView | undefined;
window.addEventListener('message', (e: MessageEvent<SweepHostMessage>) => {
  const m = e.data;
  if (m.type === 'init') {
    current = m.view;
    render(m.view);
  } else if (m.type === 'click' && current) {
    // Test hook: the same path as a user's click on the bar.
    const bar = document.querySelector(`#chart rect[data-bar="${m.bar}"]`);
    bar?.dispatchEvent(new MouseEvent('click'));
  }
});
post({ type: 'ready' });
