// The chunk tree beside the hex view, built from the wire analysis (no bytes): restore calls →
// chunks → header / payload / padding → fields. Also the byte → node lookup (click a byte,
// reveal its node), the byte classes the hex view colours by, and the visible rows of the tree;
// the problem index, hover texts and trace rows are in annotations.ts. Pure; unit-tested.

import {
  type WireAnalysis,
  type WireChunk,
  type WireField,
  type WireItem,
  type Problem,
  type TraceEntry,
} from '../../../../core/src';

export type NodeKind = 'call' | 'chunk' | 'header' | 'payload' | 'padding' | 'field' | 'raw';

export interface TreeNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** Secondary text: value, range, status. */
  description: string;
  start: number;
  end: number;
  children: TreeNode[];
  parent?: TreeNode;
  /** The chunk this node belongs to (stream offset of its first byte) and its index. */
  chunkAt?: number;
  chunkIndex?: number;
  chunkType?: number;
  field?: {
    name: string;
    type: WireField['type'];
    display: string;
    note?: string;
    expected?: number;
    value?: number | string;
  };
  /** Worst problem severity inside the node. */
  severity?: 'error' | 'warning' | 'info';
}

export type ByteKind = 'header' | 'payload' | 'padding' | 'raw' | 'none';

/** A run of bytes of one kind inside one chunk (or raw region); segments are sorted and disjoint. */
export interface Segment {
  start: number;
  end: number;
  kind: ByteKind;
  /** Chunk index (alternates the chunk colour); -1 for raw bytes. */
  chunk: number;
}

export interface TreeModel {
  /** Chunk indices whose fields are not in the tree yet (large files: fields come on demand). */
  fieldsMissing?: Set<number>;
  roots: TreeNode[];
  byId: Map<string, TreeNode>;
  /** Chunk and raw nodes in stream order, for binary search. */
  items: TreeNode[];
  segments: Segment[];
  /** Chunk start offsets in stream order (boundaries drawn in the hex view). */
  chunkStarts: number[];
  problems?: Problem[];
}

/** An offset as the tree and its hover texts show it: 0x and eight hex digits. */
export const hex = (n: number, w = 8) => '0x' + n.toString(16).toUpperCase().padStart(w, '0');
export const rangeText = (s: number, e: number) => `${hex(s)}–${hex(e)} (${e - s} bytes)`;

function fieldNode(f: WireField, id: string, chunk: WireChunk, parent: TreeNode): TreeNode {
  const n: TreeNode = {
    id,
    kind: 'field',
    label: f.name,
    description: f.type === 'group' ? rangeText(f.bytes.start, f.bytes.end) : f.display + (f.note ? `  ${f.note}` : ''),
    start: f.bytes.start,
    end: f.bytes.end,
    children: [],
    parent,
    chunkAt: chunk.bytes.start,
    chunkIndex: chunk.index,
    chunkType: chunk.header?.type,
    field: {
      name: f.name,
      type: f.type,
      display: f.display,
      ...(f.note ? { note: f.note } : {}),
      ...(f.expected !== undefined ? { expected: f.expected } : {}),
      ...(f.value !== undefined ? { value: f.value } : {}),
    },
  };
  (f.children ?? []).forEach((c, i) => n.children.push(fieldNode(c, `${id}.${i}`, chunk, n)));
  return n;
}

function chunkNode(c: WireChunk, parent: TreeNode): TreeNode {
  const h = c.header;
  const id = `k${c.index}`;
  const flags = h ? [h.flags & 1 && 'FINAL', h.flags & 2 && 'CONTINUES'].filter(Boolean).join(' ') : '';
  const n: TreeNode = {
    id,
    kind: 'chunk',
    label: `Chunk ${c.index + 1} ${c.typeName}`, // numbered from 1 as in every view (docs/format.md §4)
    description: `${h ? `seq ${h.sequence}` : ''}${flags ? ' ' + flags : ''}  @${hex(c.bytes.start)}  ${c.bytes.end - c.bytes.start} B${c.complete ? '' : ' (incomplete)'}`,
    start: c.bytes.start,
    end: c.bytes.end,
    children: [],
    parent,
    chunkAt: c.bytes.start,
    chunkIndex: c.index,
    chunkType: h?.type,
  };
  const section = (
    kind: 'header' | 'payload' | 'padding',
    label: string,
    r: { start: number; end: number },
    fields: WireField[],
  ) => {
    if (r.end <= r.start && fields.length === 0) return;
    const s: TreeNode = {
      id: `${id}/${kind === 'header' ? 'h' : kind === 'payload' ? 'p' : 'd'}`,
      kind,
      label,
      description: rangeText(r.start, r.end),
      start: r.start,
      end: r.end,
      children: [],
      parent: n,
      chunkAt: c.bytes.start,
      chunkIndex: c.index,
      chunkType: h?.type,
    };
    fields.forEach((f, i) => s.children.push(fieldNode(f, `${s.id}.${i}`, c, s)));
    n.children.push(s);
  };
  section('header', 'Header', c.headerBytes, c.headerFields);
  section('payload', 'Payload', c.payloadBytes, c.payloadFields);
  section('padding', 'Padding', c.paddingBytes, []);
  return n;
}

function itemNode(it: WireItem, parent: TreeNode): TreeNode {
  if (it.kind === 'chunk') return chunkNode(it, parent);
  return {
    id: `r${it.bytes.start}`,
    kind: 'raw',
    label: 'Unframed bytes',
    description: `${it.reason}  ${rangeText(it.bytes.start, it.bytes.end)}`,
    start: it.bytes.start,
    end: it.bytes.end,
    children: [],
    parent,
  };
}

export function buildTree(a: WireAnalysis & { fieldsOmitted?: boolean }): TreeModel {
  const roots: TreeNode[] = [];
  const byId = new Map<string, TreeNode>();
  const items: TreeNode[] = [];
  const segments: Segment[] = [];
  const chunkStarts: number[] = [];
  const calls = new Map<number, TraceEntry>();
  for (const t of a.trace) if (t.kind === 'call') calls.set(t.call, t);
  for (const call of a.calls) {
    const t = calls.get(call.index);
    const status = t && t.kind === 'call' ? t.statusName : 'not run';
    const node: TreeNode = {
      id: `c${call.index}`,
      kind: 'call',
      label: `Call ${call.index + 1}`,
      description: `${status}  ${rangeText(call.bytes.start, call.bytes.end)}`,
      start: call.bytes.start,
      end: call.bytes.end,
      children: [],
    };
    roots.push(node);
    for (const it of call.items) {
      const n = itemNode(it, node);
      node.children.push(n);
      items.push(n);
      if (it.kind === 'chunk') {
        chunkStarts.push(it.bytes.start);
        const push = (r: { start: number; end: number }, kind: ByteKind) => {
          if (r.end > r.start) segments.push({ start: r.start, end: r.end, kind, chunk: it.index });
        };
        push(it.headerBytes, 'header');
        push(it.payloadBytes, 'payload');
        push(it.paddingBytes, 'padding');
      } else {
        segments.push({ start: it.bytes.start, end: it.bytes.end, kind: 'raw', chunk: -1 });
      }
    }
  }
  const index = (n: TreeNode) => {
    byId.set(n.id, n);
    n.children.forEach(index);
  };
  roots.forEach(index);
  items.sort((x, y) => x.start - y.start);
  segments.sort((x, y) => x.start - y.start);
  markSeverities(byId, items, a.problems);
  return {
    roots,
    byId,
    items,
    segments,
    chunkStarts,
    problems: a.problems,
    ...(a.fieldsOmitted
      ? { fieldsMissing: new Set(items.filter((n) => n.kind === 'chunk').map((n) => n.chunkIndex!)) }
      : {}),
  };
}

/** Put a chunk's fields into a tree built from a lite analysis. */
export function attachFields(
  m: TreeModel,
  chunkIndex: number,
  headerFields: WireField[],
  payloadFields: WireField[],
): void {
  if (!m.fieldsMissing?.has(chunkIndex)) return;
  m.fieldsMissing.delete(chunkIndex);
  const chunk = m.byId.get(`k${chunkIndex}`);
  if (!chunk) return;
  const wc = {
    bytes: { start: chunk.start, end: chunk.end },
    index: chunkIndex,
    header: chunk.chunkType === undefined ? undefined : { type: chunk.chunkType },
  } as unknown as WireChunk;
  for (const [kind, fields] of [
    ['h', headerFields],
    ['p', payloadFields],
  ] as const) {
    let section = m.byId.get(`k${chunkIndex}/${kind}`);
    if (!section && fields.length) {
      const r = { start: fields[0].bytes.start, end: fields[fields.length - 1].bytes.end };
      section = {
        id: `k${chunkIndex}/${kind}`,
        kind: kind === 'h' ? 'header' : 'payload',
        label: kind === 'h' ? 'Header' : 'Payload',
        description: rangeText(r.start, r.end),
        ...r,
        children: [],
        parent: chunk,
        chunkAt: chunk.start,
        chunkIndex,
        chunkType: chunk.chunkType,
      };
      chunk.children.splice(kind === 'h' ? 0 : Math.min(1, chunk.children.length), 0, section);
      m.byId.set(section.id, section);
    }
    if (!section) continue;
    section.children = fields.map((f, i) => fieldNode(f, `${section!.id}.${i}`, wc, section!));
    const index = (n: TreeNode) => {
      m.byId.set(n.id, n);
      n.children.forEach(index);
    };
    section.children.forEach(index);
  }
  const inChunk = (m.problems ?? []).filter(
    (p) => p.bytes && p.bytes.start >= chunk.start && p.bytes.start < chunk.end,
  );
  markSeverities(m.byId, m.items, inChunk);
}

/** Severities from mild to severe: a node or byte shows the worst of its problems. */
export const RANK = { info: 1, warning: 2, error: 3 } as const;

function markSeverities(byId: Map<string, TreeNode>, items: TreeNode[], problems: Problem[]): void {
  for (const p of problems) {
    if (!p.bytes) continue;
    const path = nodePathAt({ items } as TreeModel, Math.min(p.bytes.start, Math.max(p.bytes.end - 1, p.bytes.start)));
    const sev = p.code === 'STATE-FAILED' ? 'info' : p.severity;
    for (const n of path) if (!n.severity || RANK[sev] > RANK[n.severity]) n.severity = sev;
  }
  void byId;
}

/** Index of the last element of a start-sorted array whose start ≤ offset. */
function lastAtOrBefore<T extends { start: number }>(arr: readonly T[], offset: number): number {
  let lo = 0;
  let hi = arr.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid].start <= offset) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** Nodes from the call down to the deepest node holding `offset` (empty when no node does). */
export function nodePathAt(m: Pick<TreeModel, 'items'>, offset: number): TreeNode[] {
  const i = lastAtOrBefore(m.items, offset);
  if (i < 0) return [];
  let n: TreeNode | undefined = m.items[i];
  if (offset >= n.end) return [];
  const path: TreeNode[] = [];
  for (let p = n.parent; p; p = p.parent) path.unshift(p);
  while (n) {
    path.push(n);
    n = n.children.find((c) => offset >= c.start && offset < c.end);
  }
  return path;
}

export function nodeAt(m: Pick<TreeModel, 'items'>, offset: number): TreeNode | undefined {
  const p = nodePathAt(m, offset);
  return p[p.length - 1];
}

/** The segment holding `offset`, if any. */
export function segmentAt(segments: readonly Segment[], offset: number): Segment | undefined {
  const i = lastAtOrBefore(segments, offset);
  if (i < 0) return undefined;
  const s = segments[i];
  return offset < s.end ? s : undefined;
}

/** Segments overlapping [start, end), in order. */
export function segmentsIn(segments: readonly Segment[], start: number, end: number): Segment[] {
  let i = lastAtOrBefore(segments, start);
  if (i < 0) i = 0;
  const out: Segment[] = [];
  for (; i < segments.length && segments[i].start < end; i++) if (segments[i].end > start) out.push(segments[i]);
  return out;
}

export interface VisibleRow {
  node: TreeNode;
  depth: number;
  expandable: boolean;
  expanded: boolean;
}

/** The rows the tree shows for the set of expanded node ids (the tree is virtualised like the hex view). */
export function flattenTree(roots: readonly TreeNode[], expanded: ReadonlySet<string>): VisibleRow[] {
  const out: VisibleRow[] = [];
  const walk = (n: TreeNode, depth: number) => {
    const expandable = n.children.length > 0;
    const open = expandable && expanded.has(n.id);
    out.push({ node: n, depth, expandable, expanded: open });
    if (open) for (const c of n.children) walk(c, depth + 1);
  };
  for (const r of roots) walk(r, 0);
  return out;
}

/** Ids to expand so that node `n` is visible. */
export function ancestorsOf(n: TreeNode): string[] {
  const out: string[] = [];
  for (let p = n.parent; p; p = p.parent) out.unshift(p.id);
  return out;
}
