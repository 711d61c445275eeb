// Everything the webview knows of its document and of itself, in one object, plus what follows
// from it: the view state VS Code keeps across hide/show and the render of the next frame.

import type { WireAnalysis } from '../../../../core/src';
import type { Banner, ChunkFields, ProblemFixes, ViewState } from '../model/messages';
import { storeViewState } from './host';
import { OptimisticEdits } from './optimisticEdits';
import { PageCache } from './pageCache';
import { collapsed, type Selection } from './selection';
import { indexProblems, type ProblemIndex } from './annotations';
import { buildTree, flattenTree, type TreeModel, type VisibleRow } from './tree';
import type { RowWindow } from './virtualWindow';

const emptyTree = (): TreeModel => ({ roots: [], byId: new Map(), items: [], segments: [], chunkStarts: [] });

export const S = {
  /** Size shown: the host's with the edits typed here and not yet confirmed (`edits`). */
  size: 0,
  /** Size of the host's document as its last 'changed' (or 'init') said. */
  hostSize: 0,
  /** Typed bytes shown before the host confirms them (the host stays the source of truth). */
  edits: new OptimisticEdits(),
  /** This webview's id in the tags of its edits (a document may be open in several panels). */
  editClient: Math.random().toString(36).slice(2),
  /** Document version of the bytes shown. */
  version: 0,
  cache: new PageCache(0),
  analysis: undefined as WireAnalysis | undefined,
  /** Document version the analysis describes (its chunks' fields are asked for with it). */
  analysisVersion: -1,
  contentFixes: {} as ProblemFixes,
  tree: emptyTree(),
  chunkStartSet: new Set<number>(),
  problems: { ranges: [] } as ProblemIndex,
  /** Banners from the host, and the webview's own short-lived ones (paste refused, field edit failed). */
  banners: [] as Banner[],
  localBanners: [] as Banner[],
  sel: collapsed(0) as Selection,
  /** First hex digit typed into the caret's byte, waiting for the second. */
  pendingNibble: undefined as number | undefined,
  insertMode: false,
  pane: 'hex' as 'hex' | 'tree',
  expanded: new Set<string>(),
  selectedNode: undefined as string | undefined,
  treeRows: [] as VisibleRow[],
  hexWindow: undefined as RowWindow | undefined,
  treeWindow: undefined as RowWindow | undefined,
  /** Height of a hex row in px (measured from the CSS once the fonts apply). */
  rowHeight: 20,
  tooltipText: undefined as string | undefined,
  reseal: true,
  /** Right pane width in px once the splitter was dragged (else the default flex layout). */
  sideWidth: undefined as number | undefined,
  /** Chunks whose fields were asked for (large files' trees come without them). */
  fieldsPending: new Set<number>(),
  /** Fields received for this analysis, by chunk (put back when the whole tree replaces the summary's). */
  fieldsReceived: new Map<number, ChunkFields>(),
  /** Offset whose tree node to select once its chunk's fields arrive. */
  revealAfterFields: undefined as number | undefined,
  /**
   * Byte traffic: windows requested and received, stale ones dropped; and, for the latest typed
   * byte, the milliseconds from the key to the frame after the render showing it (keyToBytesMs)
   * and from the key to the host's confirmation arriving (roundTripMs: webview → host → webview).
   */
  stats: { requests: 0, received: 0, stale: 0, startedAt: Date.now() } as {
    /** When this script started, and when a render first showed bytes (Date.now()). */
    startedAt: number;
    firstBytesAt?: number;
    requests: number;
    received: number;
    stale: number;
    keyToBytesMs?: number;
    /** The same byte: key → the hex rows rendered with it (the DOM updated, not yet painted). */
    keyToRenderMs?: number;
    roundTripMs?: number;
    analysis?: { handledMs: number; at: number };
    tree?: { handledMs: number; at: number };
  },
  /** The latest typed byte: when its key came, its edit's number, whether a render showed it and the host confirmed it yet. */
  typed: undefined as { at: number; seq: number; rendered: boolean; confirmed: boolean } | undefined,
};

/** The byte shown at `offset` (a pending typed byte, else the host's page), undefined while not loaded. */
export function shownByte(offset: number): number | undefined {
  if (offset < 0 || offset >= S.size) return undefined;
  return S.edits.byte(offset, (o) => S.cache.byte(o));
}

/** Bytes [start, end) as shown, when all are loaded. */
export function shownSlice(start: number, end: number): Uint8Array | undefined {
  const out = new Uint8Array(Math.max(0, Math.min(end, S.size) - start));
  for (let i = 0; i < out.length; i++) {
    const b = shownByte(start + i);
    if (b === undefined) return undefined;
    out[i] = b;
  }
  return out;
}

/** The host's confirmation of this webview's edits up to `seq`: they leave the overlay (timed for the latest typed byte). */
export function confirmEdits(seq: number): void {
  S.edits.confirm(seq);
  if (S.typed && !S.typed.confirmed && seq >= S.typed.seq) {
    S.typed.confirmed = true;
    S.stats.roundTripMs = Math.round((performance.now() - S.typed.at) * 10) / 10;
  }
}

export function rebuildTreeRows(): void {
  S.treeRows = flattenTree(S.tree.roots, S.expanded);
}

/** A new analysis (or none): the tree, byte classes and problem index follow it. */
export function setAnalysis(a: (WireAnalysis & { partial?: unknown }) | undefined): void {
  S.analysis = a;
  S.tree = a ? buildTree(a) : emptyTree();
  S.chunkStartSet = new Set(S.tree.chunkStarts);
  S.problems = indexProblems(a?.problems ?? [], S.size);
  // The first time, open the calls so the chunks show.
  if (a && S.expanded.size === 0) for (const r of S.tree.roots.slice(0, 64)) S.expanded.add(r.id);
  if (S.selectedNode && !S.tree.byId.has(S.selectedNode)) S.selectedNode = undefined;
  rebuildTreeRows();
}

/** What the webview keeps across reloads (and the test snapshot reports): scroll, selection, tree, pane. */
export function currentViewState(): ViewState {
  return {
    scrollRow: Math.floor(S.hexWindow?.topRow ?? 0),
    anchor: S.sel.anchor,
    focus: S.sel.focus,
    expanded: [...S.expanded],
    ...(S.selectedNode ? { selectedNode: S.selectedNode } : {}),
    pane: S.pane,
    insertMode: S.insertMode,
    ...(S.sideWidth ? { sideWidth: S.sideWidth } : {}),
  };
}

export function saveState(): void {
  storeViewState(currentViewState());
}

let saveTimer: number | undefined;
/** Saves the view state after scrolling settles. */
export function saveStateSoon(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveState, 200) as unknown as number;
}

const renderers: (() => void)[] = [];
/** A view to render on each frame scheduleRender asks for (the hex view, then the tree). */
export function onRender(render: () => void): void {
  renderers.push(render);
}

let renderQueued = false;
export function scheduleRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    for (const r of renderers) r();
  });
}
