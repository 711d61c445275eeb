// Step Restore with user schemas (docs/schemas.md, docs/step-restore.md `schemas`): the fields of
// the nearest .vmbstate-schemas.json's schemas appear in Variables, under the field they decode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { launch, vars } from './helpers/dapSession';

const PROGRAM = join(__dirname, '..', '..', '..', 'samples', 'schemas', 'demo-stor.vmbhex');

/** Every variable reachable from the Current buffer scope, breadth first (bounded), with its path. */
async function allVariables(
  dc: Awaited<ReturnType<typeof launch>>['dc'],
): Promise<Map<string, DebugProtocol.Variable>> {
  const out = new Map<string, DebugProtocol.Variable>();
  const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes.filter((s) => s.name === 'Current buffer');
  const queue: [string, number][] = scopes.map((s) => [s.name, s.variablesReference]);
  for (let n = 0; queue.length && n < 600; n++) {
    const [path, ref] = queue.shift()!;
    for (const [name, v] of await vars(dc, ref)) {
      out.set(`${path}/${name}`, v);
      if (v.variablesReference) queue.push([`${path}/${name}`, v.variablesReference]);
    }
  }
  return out;
}

for (const schemas of [true, false]) {
  test(`Variables show user fields only with the launch attribute schemas: ${schemas}`, async () => {
    const run = await launch({ program: PROGRAM, stopOnEntry: true, schemas });
    const dc = run.dc;
    try {
      await run.first;
      // Stopped before call 1, whose buffer holds both PACKET chunks.
      const all = await allVariables(dc);
      assert.ok(
        [...all.keys()].some((p) => /VspState$/.test(p)),
        'the buffer shows a PACKET',
      );
      const op = [...all].find(([p]) => /VspState\/operation$/.test(p));
      if (!schemas) {
        assert.equal(op, undefined);
        return;
      }
      assert.ok(op, `paths: ${[...all.keys()].filter((p) => /VspState/.test(p)).join(', ')}`);
      assert.match(op[1].value, /0x0001 \(1\).*read/);
    } finally {
      await dc.stop();
    }
  });
}
