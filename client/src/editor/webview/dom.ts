// The webview's elements, looked up once by their stable ids (webviewHtml.ts; the integration
// tests use them too), and HTML escaping for the views that render markup.

export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

export const el = {
  main: $('main'),
  side: $('side'),
  splitter: $('splitter'),
  hexPane: $('hex-pane'),
  hexScroll: $('hex-scroll'),
  hexSpacer: $('hex-spacer'),
  hexRows: $('hex-rows'),
  treeScroll: $('tree-scroll'),
  treeSpacer: $('tree-spacer'),
  treeRows: $('tree-rows'),
  tooltip: $('tooltip'),
  fieldEditor: $('field-editor'),
  fieldInput: $<HTMLInputElement>('field-input'),
};

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** What computeWindow needs of a scrolling list. */
export function windowInput(scroller: HTMLElement, rows: number, height: number) {
  return {
    scrollTop: scroller.scrollTop,
    viewportHeight: scroller.clientHeight,
    rowHeight: height,
    totalRows: rows,
    overscan: 4,
  };
}

/** Height of a tree row in px (matches media/editor.css). */
export const TREE_ROW_HEIGHT = 22;
