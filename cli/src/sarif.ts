// `vmbstate check --format sarif`: the check report as a SARIF 2.1.0 log (docs/format.md §8.5),
// for code-scanning uploads. Rules are the diagnostic catalogue; results carry text regions
// (1-based, UTF-16 columns) in a .vmbhex file and byte offsets in a binary one.

import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DIAGNOSTICS,
  FIXES,
  fixTitle,
  formatStatus,
  formSupports,
  STATUS,
  type DiagnosticInfo,
  type RelatedLocation,
  type TextRange,
} from '../../core/src';
import { shownProblems } from './check';
import type { CheckedFile } from './checkReport';

declare const VMBSTATE_VERSION: string | undefined;

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Relative paths are relative to this base, which `originalUriBaseIds` ties to the working folder. */
const SRCROOT = '%SRCROOT%';

/** What the code means and what a failing call returns. */
function ruleDescription(d: DiagnosticInfo): string[] {
  const parts = [`${d.title}.`];
  if (d.status) parts.push(`A restore call that fails with ${d.code} returns ${formatStatus(STATUS[d.status])}.`);
  else if (d.severity === 'warning') parts.push('A warning: the restore goes on.');
  else if (d.code.startsWith('TEXT-'))
    parts.push('An error in the .vmbhex text itself: the text does not assemble as written.');
  else parts.push('A finding of the harness or the analysis, not a status a restore call returns.');
  return parts;
}

/** A rule's help: its description, the code's own quick fixes (text or binary editor), and where it is documented. */
export function ruleHelp(d: DiagnosticInfo): string {
  const parts = ruleDescription(d);
  const fixes = FIXES[d.code]
    .filter((k) => formSupports(k, 'text') || formSupports(k, 'bytes'))
    .map((k) => fixTitle(k));
  if (fixes.length) parts.push(`Quick fixes in the editor: ${fixes.join('; ')}.`);
  parts.push('See docs/format.md §6 (Diagnostics).');
  return parts.join(' ');
}

function rule(d: DiagnosticInfo) {
  return {
    id: d.code,
    shortDescription: { text: d.title },
    fullDescription: { text: ruleDescription(d).join(' ') },
    help: { text: ruleHelp(d) },
    defaultConfiguration: { level: d.severity === 'warning' ? 'warning' : 'error' },
    properties: { status: d.status ?? null },
  };
}

/** The file's name as a URI reference: relative paths stay relative (to %SRCROOT%), absolute ones are file: URIs. */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  const segments = file.split(sep === '\\' ? /[\\/]/ : '/').map((s) => encodeURIComponent(s));
  return { uri: segments.join('/'), uriBaseId: SRCROOT };
}

function textRegion(t: TextRange) {
  return {
    startLine: t.start.line + 1,
    startColumn: t.start.character + 1,
    endLine: t.end.line + 1,
    endColumn: t.end.character + 1,
  };
}

/** Where a problem or related place is in the file: a text region, a byte region (binary only), or none. */
function region(form: 'binary' | 'text', p: Pick<RelatedLocation, 'text' | 'bytes'>) {
  if (form === 'text') return p.text ? { region: textRegion(p.text) } : {};
  if (p.bytes) return { region: { byteOffset: p.bytes.start, byteLength: Math.max(0, p.bytes.end - p.bytes.start) } };
  return {};
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** The SARIF log of one check run; `exitCode` is what the command returns. */
export function sarifLog(
  files: readonly CheckedFile[],
  opts: { verbose: boolean; maxProblems: number; exitCode: number; cwd: string },
): object {
  const ruleIndex = new Map(DIAGNOSTICS.map((d, i) => [d.code as string, i]));
  const results: object[] = [];
  const notifications: object[] = [];
  files.forEach((f, index) => {
    const artifact = { ...artifactLocation(f.report.file), index };
    if (f.report.error !== undefined) {
      notifications.push({
        level: 'error',
        message: { text: f.report.error },
        locations: [{ physicalLocation: { artifactLocation: artifact } }],
      });
      return;
    }
    for (const p of shownProblems(f.report, opts)) {
      results.push({
        ruleId: p.code,
        ruleIndex: ruleIndex.get(p.code),
        level: LEVEL[p.severity],
        message: { text: p.message },
        locations: [{ physicalLocation: { artifactLocation: artifact, ...region(f.report.form, p) } }],
        ...(p.related?.length
          ? {
              relatedLocations: p.related.map((r, id) => ({
                id,
                message: { text: r.message },
                physicalLocation: { artifactLocation: artifact, ...region(f.report.form, r) },
              })),
            }
          : {}),
        properties: {
          ...(p.status !== undefined ? { status: formatStatus(p.status) } : {}),
          ...(p.call !== undefined ? { call: p.call + 1 } : {}),
          ...(p.chunk !== undefined ? { chunk: p.chunk + 1 } : {}),
        },
      });
    }
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vmbstate',
            version: typeof VMBSTATE_VERSION === 'string' ? VMBSTATE_VERSION : '0.1.0',
            rules: DIAGNOSTICS.map(rule),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(opts.cwd).href.replace(/\/?$/, '/') } },
        artifacts: files.map((f) => ({
          location: artifactLocation(f.report.file),
          properties: { form: f.report.form, outcome: f.report.outcome },
        })),
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: notifications.length === 0,
            exitCode: opts.exitCode,
            toolExecutionNotifications: notifications,
          },
        ],
        results,
      },
    ],
  };
}
