// The compare view's webview (bundled as dist/compareView.js): draws the aligned records, their
// changes and the calls side by side from the host's CompareView (../../model/compareView.ts),
// moves between differences (n / p, F7 / Shift+F7, toolbar) and asks the host to reveal a place.

import {
  keyDirection,
  stepStop,
  type CompareHostMessage,
  type CompareView,
  type CompareWebviewMessage,
  type ViewLine,
} from '../../model/compareView';

declare function acquireVsCodeApi(): { postMessage(m: CompareWebviewMessage): void };
const vscodeApi = acquireVsCodeApi();
const post = (m: CompareWebviewMessage): void => vscodeApi.postMessage(m);

const byId = (id: string): HTMLElement => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`compare view: #${id} is missing`);
  return e;
};

let view: CompareView | undefined;
let current: number | undefined;
const lineRows: (HTMLTableRowElement | undefined)[] = [];

function cell(tr: HTMLTableRowElement, text: string, cls: string, side?: 'a' | 'b', line?: number): void {
  const td = document.createElement('td');
  td.className = cls;
  td.textContent = text;
  if (side && line !== undefined) {
    td.dataset.side = side;
    td.title = `Reveal in ${side.toUpperCase()}`;
    td.addEventListener('click', () => {
      const stop = view?.stops.indexOf(line) ?? -1;
      if (stop >= 0) setCurrent(stop, false);
      post({ type: 'reveal', line, side });
    });
  }
  tr.appendChild(td);
}

const KIND_TEXT: Record<string, string> = { same: '', changed: 'changed', onlyA: 'only in A', onlyB: 'only in B' };

function renderLine(l: ViewLine, i: number): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.line = String(i);
  if (l.kind === 'same') {
    tr.className = 'fold';
    cell(tr, `… ${l.count} record(s) the same`, 'key');
    cell(tr, '', 'a');
    cell(tr, '', 'b');
    return tr;
  }
  if (l.kind === 'row') {
    tr.className = `rec k-${l.rowKind}${l.reordered ? ' reordered' : ''}`;
    const tag = [KIND_TEXT[l.rowKind], l.reordered ? 'reordered' : ''].filter(Boolean).join(', ');
    cell(tr, l.key + (tag ? `  (${tag})` : ''), 'key');
    cell(tr, l.a ?? '—', 'a' + (l.a ? '' : ' none'), 'a', i);
    cell(tr, l.b ?? '—', 'b' + (l.b ? '' : ' none'), 'b', i);
  } else {
    tr.className = `chg${l.framing ? ' framing' : ''}`;
    cell(tr, l.path + (l.framing ? ' [framing]' : ''), 'key');
    cell(tr, l.a ?? '(absent)', 'a old', 'a', i);
    cell(tr, l.b !== undefined ? '→ ' + l.b : '(absent)', 'b new', 'b', i);
  }
  if (l.stop !== undefined) tr.classList.add('diff');
  return tr;
}

function renderCalls(v: CompareView): void {
  const body = byId('call-rows');
  body.replaceChildren();
  for (const c of v.calls) {
    const tr = document.createElement('tr');
    if (c.call === -1) {
      tr.className = 'fold';
      cell(tr, `… ${'count' in c ? c.count : 0} call(s) the same`, 'key');
      cell(tr, '', 'a');
      cell(tr, '', 'b');
    } else if ('a' in c) {
      tr.className = (c.same ? 'same' : 'call-diff') + (c.first ? ' first-divergence' : '');
      cell(tr, `call ${c.call + 1}` + (c.first ? '  (first divergence)' : ''), 'key');
      cell(tr, c.a, 'a');
      cell(tr, c.b, 'b');
    }
    body.appendChild(tr);
  }
}

function render(v: CompareView): void {
  byId('label-a').textContent = v.a.label;
  byId('label-b').textContent = v.b.label;
  byId('detail-a').textContent = v.a.detail;
  byId('detail-b').textContent = v.b.detail;
  for (const s of ['a', 'b'] as const) {
    const stop = byId(`stop-${s}`);
    stop.hidden = !v[s].stop;
    stop.textContent = v[s].stop ?? '';
  }
  const result = byId('result');
  result.textContent = v.result;
  result.className = `result r-${v.result === 'identical' ? 'identical' : v.result.startsWith('equivalent') ? 'equivalent' : 'different'}`;
  byId('summary').textContent =
    v.summary + (v.cut ? `; ${v.cut} difference(s) past the first ${v.lines.length} lines are not shown` : '');
  const body = byId('rows');
  body.replaceChildren();
  lineRows.length = 0;
  const frag = document.createDocumentFragment();
  v.lines.forEach((l, i) => {
    const tr = renderLine(l, i);
    lineRows[i] = tr;
    frag.appendChild(tr);
  });
  body.appendChild(frag);
  renderCalls(v);
  updatePosition();
}

function updatePosition(): void {
  const n = view?.stops.length ?? 0;
  byId('position').textContent = n === 0 ? 'no differences' : `${current === undefined ? '–' : current + 1} of ${n}`;
  (byId('prev') as HTMLButtonElement).disabled = n === 0;
  (byId('next') as HTMLButtonElement).disabled = n === 0;
}

function setCurrent(stop: number, scroll = true): void {
  if (!view) return;
  if (current !== undefined) lineRows[view.stops[current]!]?.classList.remove('current');
  current = stop;
  const line = view.stops[stop]!;
  const tr = lineRows[line];
  tr?.classList.add('current');
  if (scroll) tr?.scrollIntoView({ block: 'center' });
  updatePosition();
  post({ type: 'current', stop, line });
}

function move(dir: 1 | -1): void {
  const next = stepStop(current, view?.stops.length ?? 0, dir);
  if (next !== undefined) setCurrent(next);
}

/** Enter: reveal the current difference, on B's side (A's when B has no such place). */
function revealCurrent(): void {
  if (!view || current === undefined) return;
  post({ type: 'reveal', line: view.stops[current]!, side: 'b' });
}

function onKey(key: string, shift: boolean): boolean {
  const dir = keyDirection(key, shift);
  if (dir) move(dir);
  else if (key === 'Enter') revealCurrent();
  else return false;
  return true;
}

window.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.altKey || e.metaKey) return;
  if (onKey(e.key, e.shiftKey)) e.preventDefault();
});
byId('next').addEventListener('click', () => move(1));
byId('prev').addEventListener('click', () => move(-1));

window.addEventListener('message', (e: MessageEvent<CompareHostMessage>) => {
  const m = e.data;
  if (m.type === 'init') {
    view = m.view;
    current = undefined;
    render(m.view);
    byId('scroll').focus();
  } else if (m.type === 'key') {
    onKey(m.key, !!m.shift);
    post({ type: 'handled', seq: m.seq });
  }
});

post({ type: 'ready' });
