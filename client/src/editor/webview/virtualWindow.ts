// Virtual scrolling: which rows to render for a scroll position, so the DOM holds only the rows
// in view (plus a few) whatever the file size. Browsers cap an element's height (about 16–33
// million pixels), so a 100 MB file (6.5 million rows of 16 bytes) is scrolled through a spacer of
// at most MAX_SCROLL_HEIGHT pixels, each pixel of scroll standing for several rows. Pure; unit-tested.

export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  totalRows: number;
  /** Extra rows rendered above and below the viewport. */
  overscan?: number;
  maxScrollHeight?: number;
}

export interface RowWindow {
  /** Height of the scroll spacer element. */
  spacerHeight: number;
  /** Rows [firstRow, endRow) to render. */
  firstRow: number;
  endRow: number;
  /** Pixel offset, within the spacer, at which firstRow is drawn. */
  offsetY: number;
  /** The row at the top of the viewport (fractional). */
  topRow: number;
  /** Whole rows that fit in the viewport. */
  pageRows: number;
  /** Whether scroll positions are compressed (file taller than maxScrollHeight). */
  scaled: boolean;
}

function geometry(i: WindowInput) {
  const rowHeight = Math.max(1, i.rowHeight);
  const contentHeight = i.totalRows * rowHeight;
  const max = i.maxScrollHeight ?? MAX_SCROLL_HEIGHT;
  const spacerHeight = Math.min(contentHeight, max);
  const scaled = contentHeight > max;
  const viewport = Math.max(0, i.viewportHeight);
  const pageRows = Math.max(1, Math.floor(viewport / rowHeight));
  // Rows that can sit at the top of the viewport: 0 .. maxTopRow.
  const maxTopRow = Math.max(0, i.totalRows - viewport / rowHeight);
  const maxScroll = Math.max(0, spacerHeight - viewport);
  return { rowHeight, spacerHeight, scaled, viewport, pageRows, maxTopRow, maxScroll };
}

/** The fractional row at the top of the viewport for a scroll position. */
export function topRowAt(i: WindowInput): number {
  const g = geometry(i);
  const st = Math.min(Math.max(0, i.scrollTop), g.maxScroll);
  if (!g.scaled) return st / g.rowHeight;
  return g.maxScroll > 0 ? (st / g.maxScroll) * g.maxTopRow : 0;
}

export function computeWindow(i: WindowInput): RowWindow {
  const g = geometry(i);
  const overscan = i.overscan ?? 4;
  const st = Math.min(Math.max(0, i.scrollTop), g.maxScroll);
  const topRow = topRowAt(i);
  const top = Math.floor(topRow);
  const firstRow = Math.max(0, top - overscan);
  const endRow = Math.min(i.totalRows, top + Math.ceil(g.viewport / g.rowHeight) + 1 + overscan);
  // Row `top` is drawn so that its fractional part scrolls smoothly; rows above it stack upwards.
  const topY = st - (topRow - top) * g.rowHeight;
  const offsetY = topY - (top - firstRow) * g.rowHeight;
  return { spacerHeight: g.spacerHeight, firstRow, endRow, offsetY, topRow, pageRows: g.pageRows, scaled: g.scaled };
}

/** The scroll position that puts `row` at the top of the viewport. */
export function scrollTopForRow(row: number, i: Omit<WindowInput, 'scrollTop'>): number {
  const g = geometry({ ...i, scrollTop: 0 });
  const r = Math.min(Math.max(0, row), g.maxTopRow);
  if (!g.scaled) return Math.min(r * g.rowHeight, g.maxScroll);
  return g.maxTopRow > 0 ? (r / g.maxTopRow) * g.maxScroll : 0;
}

/** A scroll position that shows rows [first, last] (inclusive), moving as little as possible; undefined when already in view. */
export function revealRows(first: number, last: number, i: WindowInput): number | undefined {
  const g = geometry(i);
  const top = topRowAt(i);
  const bottom = top + g.viewport / g.rowHeight;
  if (first >= top && last + 1 <= bottom) return undefined;
  if (first < top || last - first + 1 > g.pageRows) return scrollTopForRow(first, i);
  return scrollTopForRow(last + 1 - g.viewport / g.rowHeight, i);
}

/** The row under a y coordinate measured from the top of the viewport. */
export function rowAtViewportY(y: number, i: WindowInput): number {
  const top = topRowAt(i);
  return Math.min(i.totalRows - 1, Math.max(0, Math.floor(top + y / Math.max(1, i.rowHeight))));
}
