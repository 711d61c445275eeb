// Requests between the custom editor's host and its webview, matched to their replies by id. Pure
// (no DOM, no vscode): both ends import it; unit-tested in test/unit/clientRpc.test.ts.

/** A table of requests: for each kind, what it is asked with and what it is answered with. */
export type RequestTable<R> = { [K in keyof R]: { params: unknown; reply: unknown } };

type Kind<R> = keyof R & string;
type Params<R extends RequestTable<R>, K extends Kind<R>> = R[K]['params'];
type Reply<R extends RequestTable<R>, K extends Kind<R>> = R[K]['reply'];

export type RequestMessage<R extends RequestTable<R>> = {
  [K in Kind<R>]: { type: 'request'; id: number; kind: K; params: Params<R, K> };
}[Kind<R>];

/** The answer to request `id`: its reply, or why there is none. */
export type ReplyMessage<R extends RequestTable<R>> = {
  [K in Kind<R>]:
    { type: 'reply'; id: number; kind: K; reply: Reply<R, K> } | { type: 'reply'; id: number; kind: K; error: string };
}[Kind<R>];

/** How one end answers the other's requests: a function per kind (a thrown error goes back as the reply's `error`). */
export type Answerers<R extends RequestTable<R>> = {
  [K in Kind<R>]: (params: Params<R, K>) => Reply<R, K> | Promise<Reply<R, K>>;
};

export class RequestTimeout extends Error {
  constructor(
    readonly kind: string,
    readonly ms: number,
  ) {
    super(`no reply to '${kind}' within ${ms} ms`);
  }
}

interface Waiter {
  kind: string;
  resolve: (reply: unknown) => void;
  reject: (e: Error) => void;
  timer?: ReturnType<typeof setTimeout>;
}

/** The asking end: `request` sends a request with a fresh id; `settle` hands the matching reply to its caller. */
export class Requester<R extends RequestTable<R>> {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiter>();

  constructor(private readonly send: (m: RequestMessage<R>) => void) {}

  /** Asks the other end; resolves with its reply, rejects with its error or, after `timeoutMs`, a RequestTimeout. */
  request<K extends Kind<R>>(kind: K, params: Params<R, K>, timeoutMs?: number): Promise<Reply<R, K>> {
    const id = this.nextId++;
    return new Promise<Reply<R, K>>((resolve, reject) => {
      const w: Waiter = { kind, resolve: resolve as (r: unknown) => void, reject };
      if (timeoutMs !== undefined) {
        w.timer = setTimeout(() => {
          this.waiting.delete(id);
          reject(new RequestTimeout(kind, timeoutMs));
        }, timeoutMs);
      }
      this.waiting.set(id, w);
      try {
        this.send({ type: 'request', id, kind, params } as RequestMessage<R>);
      } catch (e) {
        this.drop(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** A reply arrived: settle the request it answers. False when none waits for it (timed out, or a reply of another kind). */
  settle(m: ReplyMessage<R>): boolean {
    const w = this.waiting.get(m.id);
    if (!w || w.kind !== m.kind) return false;
    this.drop(m.id);
    if ('error' in m) w.reject(new Error(m.error));
    else w.resolve(m.reply);
    return true;
  }

  /** Requests still waiting for a reply. */
  get pending(): number {
    return this.waiting.size;
  }

  /** Rejects every waiting request (the other end went away). */
  cancelAll(reason: string): void {
    for (const [id, w] of [...this.waiting]) {
      this.drop(id);
      w.reject(new Error(reason));
    }
  }

  private drop(id: number): void {
    const w = this.waiting.get(id);
    if (w?.timer !== undefined) clearTimeout(w.timer);
    this.waiting.delete(id);
  }
}

/**
 * The answering end: runs the answerer for the request's kind and sends its reply (or the error).
 * A synchronous answer is sent at once, so it keeps its place among the messages sent around it.
 */
export function answer<R extends RequestTable<R>>(
  answerers: Answerers<R>,
  m: RequestMessage<R>,
  send: (r: ReplyMessage<R>) => void,
): void {
  const fail = (e: unknown) =>
    send({
      type: 'reply',
      id: m.id,
      kind: m.kind,
      error: e instanceof Error ? e.message : String(e),
    } as ReplyMessage<R>);
  let out: unknown;
  try {
    const fn = Object.prototype.hasOwnProperty.call(answerers, m.kind) ? answerers[m.kind] : undefined;
    if (typeof fn !== 'function') throw new Error(`unknown request '${String(m.kind)}'`);
    out = (fn as (p: unknown) => unknown)(m.params);
  } catch (e) {
    fail(e);
    return;
  }
  const ok = (reply: unknown) => send({ type: 'reply', id: m.id, kind: m.kind, reply } as ReplyMessage<R>);
  if (out instanceof Promise) out.then(ok, fail);
  else ok(out);
}
