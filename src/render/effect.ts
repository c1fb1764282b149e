/**
 * `diff --unified`: a unified diff of two effects' canonical renderings, one line per fact.
 *
 * Both renderings list the same kinds of facts in the same order (keys sorted; in a key, its flags
 * in a fixed order, then its values sorted by name), so they line up by a merge, linear in their
 * length. A general line diff (Myers, as the `diff` package computes it) costs length × changes:
 * two files of 8,000 values with nothing in common took 16 s, and 100 MB exports would never end.
 * The `diff` package still writes the text (`formatPatch`), so the format is the one it writes.
 */

import { formatPatch, type StructuredPatchHunk } from 'diff';
import type { Effect } from '../registry/effect.js';
import { renderValue } from './value.js';
import { safeField } from '../text.js';

/** One line of a rendering and where it sorts: key id, then the fact's rank, then the value id. */
interface Fact {
  key: string;
  rank: number;
  name: string;
  text: string;
}

/** A key's facts in their order: its line, then deleted, cleared, created, secure, then values. */
const RANK = { key: 0, deleted: 1, cleared: 2, created: 3, secure: 4, value: 5 } as const;

/** The facts of an effect, in the order {@link renderEffect} prints them. */
function facts(effect: Effect): Fact[] {
  const out: Fact[] = [];
  for (const id of [...effect.keys()].sort()) {
    const k = effect.get(id)!;
    const fact = (rank: number, text: string, name = '') => out.push({ key: id, rank, name, text });
    fact(RANK.key, `[${safeField(k.key)}]`);
    if (k.deleted) fact(RANK.deleted, '  delete key and subkeys');
    if (k.cleared) fact(RANK.cleared, '  clear values');
    if (k.created) fact(RANK.created, '  create key');
    if (k.secure !== undefined) fact(RANK.secure, `  secure: ${k.secure}`);
    for (const n of [...k.values.keys()].sort()) {
      const v = k.values.get(n)!;
      fact(RANK.value, `  ${v.name === '' ? '@' : safeField(JSON.stringify(v.name))} = ${renderValue(v.effect)}`, n);
    }
  }
  return out;
}

/** An effect as canonical text, one line per fact, sorted: what `--unified` compares. */
export function renderEffect(effect: Effect): string {
  const lines = facts(effect).map((f) => f.text);
  return lines.join('\n') + (lines.length ? '\n' : '');
}

function compare(a: Fact, b: Fact): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  if (a.rank !== b.rank) return a.rank - b.rank;
  return a.name === b.name ? 0 : a.name < b.name ? -1 : 1;
}

/** A line of the edit: kept (' '), only in the old rendering ('-'), or only in the new ('+'). */
type Edit = { op: ' ' | '-' | '+'; text: string };

/**
 * The edit from `a` to `b` by a merge of the two sorted fact lists: a fact in both with the same
 * text is kept; with another text, or in one list only, it is removed and/or added. In each run of
 * changes the removals come first, as line diffs write them.
 */
function edits(a: Fact[], b: Fact[]): Edit[] {
  const out: Edit[] = [];
  let minus: Edit[] = [];
  let plus: Edit[] = [];
  const flush = () => {
    out.push(...minus, ...plus);
    minus = [];
    plus = [];
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const c = i >= a.length ? 1 : j >= b.length ? -1 : compare(a[i]!, b[j]!);
    if (c === 0 && a[i]!.text === b[j]!.text) {
      flush();
      out.push({ op: ' ', text: a[i]!.text });
      i++;
      j++;
      continue;
    }
    if (c <= 0) minus.push({ op: '-', text: a[i++]!.text });
    if (c >= 0) plus.push({ op: '+', text: b[j++]!.text });
  }
  flush();
  return out;
}

/**
 * Hunks of the edit with `context` kept lines around each change; changes closer than twice that
 * share a hunk (as `diff -u` and the `diff` package group them). Starts are 1-based line numbers.
 */
function hunks(edit: Edit[], context: number): StructuredPatchHunk[] {
  const out: StructuredPatchHunk[] = [];
  // Line numbers in the old and new text at each edit.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 1;
  let n = 1;
  for (const e of edit) {
    oldAt.push(o);
    newAt.push(n);
    if (e.op !== '+') o++;
    if (e.op !== '-') n++;
  }
  let k = 0;
  while (k < edit.length) {
    if (edit[k]!.op === ' ') {
      k++;
      continue;
    }
    const from = Math.max(0, k - context);
    // Extend over changes whose gap of kept lines is at most 2 × context.
    let last = k;
    for (let m = k + 1; m < edit.length; m++) {
      if (edit[m]!.op === ' ') {
        if (m - last > 2 * context) break;
      } else last = m;
    }
    const to = Math.min(edit.length, last + 1 + context);
    const lines = edit.slice(from, to).map((e) => e.op + e.text);
    const oldLines = lines.filter((l) => l[0] !== '+').length;
    const newLines = lines.filter((l) => l[0] !== '-').length;
    out.push({ oldStart: oldAt[from]!, oldLines, newStart: newAt[from]!, newLines, lines });
    k = to;
  }
  return out;
}

/** A unified diff of the two files' canonical renderings ({@link renderEffect}), headers included. */
export function unifiedDiff(aName: string, bName: string, a: Effect, b: Effect): string {
  const found = hunks(edits(facts(a), facts(b)), 3);
  return formatPatch({ oldFileName: aName, newFileName: bName, oldHeader: undefined, newHeader: undefined, hunks: found });
}
