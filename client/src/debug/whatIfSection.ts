// The "what-if" section of the Step Restore view: the session's unapplied edits (vmbstate.whatIf
// events), with the reseal setting and the edits the file cannot hold. No vscode import.

import { escapeControl } from '../../../core/src';
import type { WhatIfEventBody } from '../../../debugger/src/protocol';
import type { Row, RowView } from './traceRows';

export class WhatIfSection {
  body?: WhatIfEventBody;

  /** The rows shown above the calls: one section row when there are edits. */
  roots(): Row[] {
    return this.body && this.body.edits.length ? [{ id: 'whatIf', kind: 'whatIf' }] : [];
  }

  children(row: Row): Row[] {
    if (row.kind !== 'whatIf' || !this.body) return [];
    return this.body.edits.map((_, i) => ({ id: `whatIf/${i}`, kind: 'whatIfEdit' as const, index: i }));
  }

  /** Whether a row belongs to this section. */
  owns(row: Row): boolean {
    return row.kind === 'whatIf' || row.kind === 'whatIfEdit';
  }

  view(row: Row): RowView {
    const b = this.body!;
    if (row.kind === 'whatIf') {
      const n = b.edits.length;
      return {
        label: 'what-if',
        description: `${n} edit${n === 1 ? '' : 's'} · reseal ${b.reseal ? 'on' : 'off'}`,
        tooltip: [
          'Edits made while stopped; the run is replayed with them. Apply What-If Edits writes them into the document as one undoable edit; Discard drops them.',
          ...(b.sessionOnly.length ? [`Not written into the file (launch settings): ${b.sessionOnly.join('; ')}`] : []),
        ].join('\n'),
        icon: { id: 'beaker', color: 'problemsWarningIcon.foreground' },
        collapsible: true,
        contextValue: 'vmbstate.whatIf',
      };
    }
    const label = escapeControl(b.edits[row.index!] ?? '');
    const only = b.sessionOnly.includes(b.edits[row.index!] ?? '');
    return {
      label,
      ...(only ? { description: 'session only' } : {}),
      icon: { id: 'edit' },
      collapsible: false,
      contextValue: 'vmbstate.whatIfEdit',
    };
  }
}
