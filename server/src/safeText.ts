// Control characters out of everything the server shows that may quote the input (hovers, symbol
// names, code action titles, inlay hints, diagnostic messages, log lines), so a document cannot
// send terminal escapes or invisible text through the editor or the output channel.

import type { CodeAction, DocumentSymbol, Hover, InlayHint, MarkupContent } from 'vscode-languageserver';
import { escapeControl } from '../../core/src';

/** escapeControl for each line of a multi-line text: line breaks stay, every other control character is escaped. */
export function escapeLines(s: string): string {
  return s.split(/\r?\n/).map(escapeControl).join('\n');
}

export function safeSymbols(list: DocumentSymbol[] | null | undefined): DocumentSymbol[] | null | undefined {
  if (!list) return list;
  for (const s of list) {
    s.name = escapeControl(s.name);
    if (s.detail !== undefined) s.detail = escapeControl(s.detail);
    safeSymbols(s.children);
  }
  return list;
}

export function safeHover(h: Hover | null | undefined): Hover | null | undefined {
  const c = h?.contents as MarkupContent | undefined;
  if (c && typeof c.value === 'string') c.value = escapeLines(c.value);
  return h;
}

export function safeActions(list: CodeAction[] | null | undefined): CodeAction[] | null | undefined {
  for (const a of list ?? []) a.title = escapeControl(a.title);
  return list;
}

export function safeInlayHints(list: InlayHint[] | null | undefined): InlayHint[] | null | undefined {
  for (const h of list ?? []) if (typeof h.label === 'string') h.label = escapeControl(h.label);
  return list;
}
