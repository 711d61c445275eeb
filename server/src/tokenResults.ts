// Semantic tokens with result ids, for `textDocument/semanticTokens/full/delta`: the last tokens
// sent for each document are kept, and a delta request after an edit is answered with the one
// span of the integer array that changed (common prefix and suffix kept), not the whole array.

import type { SemanticTokens, SemanticTokensDelta } from 'vscode-languageserver';

export class TokenResults {
  private readonly last = new Map<string, { resultId: string; data: number[] }>();
  private next = 1;

  private keep(uri: string, data: number[]): string {
    const resultId = String(this.next++);
    this.last.set(uri, { resultId, data });
    return resultId;
  }

  full(uri: string, data: number[]): SemanticTokens {
    return { resultId: this.keep(uri, data), data };
  }

  /** The edit from the tokens sent as `previousResultId` to `data`; all of `data` when those are not the ones kept. */
  delta(uri: string, previousResultId: string, data: number[]): SemanticTokens | SemanticTokensDelta {
    const prev = this.last.get(uri);
    const resultId = this.keep(uri, data);
    if (!prev || prev.resultId !== previousResultId) return { resultId, data };
    const a = prev.data;
    const n = Math.min(a.length, data.length);
    let head = 0;
    while (head < n && a[head] === data[head]) head++;
    let tail = 0;
    while (tail < n - head && a[a.length - 1 - tail] === data[data.length - 1 - tail]) tail++;
    if (head === a.length && head === data.length) return { resultId, edits: [] };
    return {
      resultId,
      edits: [{ start: head, deleteCount: a.length - head - tail, data: data.slice(head, data.length - tail) }],
    };
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}
