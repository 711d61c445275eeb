// Reads a parsed .ksy (its YAML or JSON as a plain object) for what the generated parser does not
// keep: each type's attributes in order, their `doc:` text, and enum value ids as the .ksy writes them.

/** A .ksy type: the file's root, or an entry of some `types:`. */
export interface KsyType {
  meta?: { id?: unknown; endian?: unknown };
  doc?: unknown;
  seq?: unknown;
  instances?: unknown;
  types?: unknown;
  enums?: unknown;
}

/** One attribute (`seq` entry or instance) as written. */
export interface KsyAttr {
  id: string;
  type?: unknown;
  enum?: unknown;
  doc?: unknown;
  size?: unknown;
  contents?: unknown;
  value?: unknown;
  pos?: unknown;
  repeat?: unknown;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `lba_start` → `lbaStart`, the generated JavaScript's property name. */
export const lowerCamel = (id: string): string => id.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
/** `read_req` → `ReadReq`, the generated JavaScript's class name. */
export const upperCamel = (id: string): string => {
  const l = lowerCamel(id);
  return l.charAt(0).toUpperCase() + l.slice(1);
};

export class KsyIndex {
  private readonly parents = new Map<KsyType, KsyType | undefined>();
  private readonly attrCache = new Map<KsyType, { attr: KsyAttr; js: string; instance: boolean }[]>();
  private readonly enumCache = new Map<KsyType, Map<string, Record<string, unknown> | undefined>>();

  constructor(readonly root: KsyType) {
    const walk = (t: KsyType, parent: KsyType | undefined, depth: number) => {
      this.parents.set(t, parent);
      if (depth > 64 || !isObj(t.types)) return;
      for (const sub of Object.values(t.types)) if (isObj(sub) && !this.parents.has(sub)) walk(sub, t, depth + 1);
    };
    walk(root, undefined, 0);
  }

  /** The type that declares `t` in its `types:` (undefined for the root). */
  parentOf(t: KsyType): KsyType | undefined {
    return this.parents.get(t);
  }

  /** The type `name` declared in `types:` of `scope`. */
  child(scope: KsyType, name: string): KsyType | undefined {
    const t = isObj(scope.types) ? scope.types[name] : undefined;
    return isObj(t) ? (t as KsyType) : undefined;
  }

  /** Sequence attributes then instances, each with its generated property name. */
  attrs(t: KsyType): { attr: KsyAttr; js: string; instance: boolean }[] {
    // Read once per type: a document decodes the same types for every payload.
    let out = this.attrCache.get(t);
    if (out) return out;
    out = [];
    this.attrCache.set(t, out);
    if (Array.isArray(t.seq))
      for (const a of t.seq)
        if (isObj(a) && typeof a.id === 'string')
          out.push({ attr: a as unknown as KsyAttr, js: lowerCamel(a.id), instance: false });
    if (isObj(t.instances))
      for (const [id, a] of Object.entries(t.instances))
        if (isObj(a)) out.push({ attr: { ...(a as object), id } as KsyAttr, js: lowerCamel(id), instance: true });
    return out;
  }

  /** The enum `ref` (`opcode` or `other_type::opcode`) seen from `scope`, searched outwards as Kaitai does. */
  enumOf(scope: KsyType, ref: string): Record<string, unknown> | undefined {
    let byRef = this.enumCache.get(scope);
    if (!byRef) this.enumCache.set(scope, (byRef = new Map()));
    if (byRef.has(ref)) return byRef.get(ref);
    const e = this.findEnum(scope, ref);
    byRef.set(ref, e);
    return e;
  }

  private findEnum(scope: KsyType, ref: string): Record<string, unknown> | undefined {
    const path = ref.split('::');
    const name = path.pop()!;
    for (let s: KsyType | undefined = scope; s; s = this.parents.get(s)) {
      let t: KsyType | undefined = s;
      for (const p of path) t = t && this.child(t, p);
      const e = t && isObj(t.enums) ? t.enums[name] : undefined;
      if (isObj(e)) return e;
    }
    return undefined;
  }

  /** The .ksy id of `value` in enum `ref` (`read`), or undefined when the enum has no such value. */
  enumLabel(scope: KsyType, ref: string, value: number | bigint): { id: string; doc?: string } | undefined {
    const e = this.enumOf(scope, ref);
    if (!e) return undefined;
    const hit = e[String(value)];
    if (typeof hit === 'string') return { id: hit };
    if (isObj(hit) && typeof hit.id === 'string')
      return { id: hit.id, ...(typeof hit.doc === 'string' ? { doc: hit.doc } : {}) };
    return undefined;
  }
}

/** The `doc:` of an attribute or type, trimmed; undefined when it has none. */
export function docText(x: { doc?: unknown } | undefined): string | undefined {
  return typeof x?.doc === 'string' && x.doc.trim() ? x.doc.trim() : undefined;
}

/** How a .ksy type expression reads in a hover: `u2`, `item`, `switch on op`. */
export function typeText(a: KsyAttr): string {
  if (typeof a.type === 'string') return a.type;
  if (isObj(a.type) && typeof a.type['switch-on'] === 'string') return `switch on ${a.type['switch-on']}`;
  if (a.contents !== undefined) return 'contents';
  if (a.value !== undefined) return 'value';
  return 'bytes';
}
