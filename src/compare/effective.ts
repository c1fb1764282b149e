/**
 * Which GPO wins: each setting's effective value and the source it comes from, as Windows applies
 * GPOs — one after the other, the later overwriting the earlier, so the last that sets a setting
 * wins; enforced links after all others, the enforced link nearest the domain last of all. User
 * settings are not evaluated when a GPO turns on loopback processing (which GPOs then apply depends
 * on the computer's place in the directory, not on these sources): they are flagged instead.
 */

import { GpregError } from '../errors.js';
import { parseCsv } from '../formats/csv.js';
import { canonicalValues, type Comparison, type CompareRow } from './compare.js';

/** A setting's effective value: the words, the source (index) it comes from and its GPOs there. */
export interface EffectiveValue {
  value: string;
  source: number;
  from: string[];
}

/** A row with its effective value (none when no source sets it), and the loopback flag for a User setting. */
export interface EffectiveRow extends CompareRow {
  effective?: EffectiveValue;
  /** A User setting while a source turns on loopback processing: its effective value is not evaluated. */
  loopback?: boolean;
}

/** One link of a link-order file: the GPO (a source's name), where it is linked, its order there, and whether enforced. */
export interface GpoLink {
  gpo: string;
  link: string;
  order: number;
  enforced: boolean;
}

/** The loopback policy (Group Policy's UserPolicyMode), as a policy or as its registry value. */
const LOOPBACK = /(?::userpolicymode|\\USERPOLICYMODE)$/i;

/**
 * The comparison with each row's effective value: `precedence` lists source indices lowest
 * precedence first (default: the order given), so the last of them that sets a row wins.
 */
export function effectiveValues(c: Comparison, precedence: readonly number[] = c.sources.map((_, i) => i)): { sources: string[]; settings: EffectiveRow[]; precedence: number[] } {
  for (const i of precedence) if (!Number.isInteger(i) || i < 0 || i >= c.sources.length) throw new GpregError('USAGE', `no source ${i + 1} to apply`);
  // On when a source sets it to anything but off: the policy not disabled, the value not 0 or deleted.
  const off = (canon: string) => canon === 'n:0' || canon === 'deleted' || /^(disabled|notConfigured)/.test(canon);
  const loopback = c.settings.some((r) => LOOPBACK.test(r.id) && canonicalValues(r).some((v) => v !== null && !v.split('\u0002').every(off)));
  const settings = c.settings.map((r): EffectiveRow => {
    let winner: number | undefined;
    for (const i of precedence) if (r.values[i] !== null && r.values[i] !== undefined) winner = i;
    const out: EffectiveRow = { ...r };
    if (winner !== undefined) out.effective = { value: r.values[winner]!, source: winner, from: r.from[winner] ?? [] };
    if (loopback && r.scope === 'User') out.loopback = true;
    return out;
  });
  return { sources: c.sources, settings, precedence: [...precedence] };
}

/** How deep a link is: its OUs (`OU=A,OU=B,DC=…` or `contoso.com/B/A`), 0 for the domain. */
function linkDepth(link: string): number {
  if (/^\s*(ou|dc|cn)=/i.test(link)) return (link.match(/(^|,)\s*ou=/gi) ?? []).length;
  return Math.max(0, link.split('/').filter((s) => s.trim() !== '').length - 1);
}

/**
 * The order Windows applies the linked sources in, lowest precedence first: unenforced links from
 * the domain down to the deepest OU, each container's links from the last (highest order number)
 * to the first; then enforced links from the deepest OU up to the domain, so the enforced link
 * nearest the domain is applied last and wins. A source no link names is an error.
 */
export function precedenceOf(sources: readonly string[], links: readonly GpoLink[]): number[] {
  const index = new Map(sources.map((s, i) => [s.toLowerCase(), i]));
  for (const l of links) if (!index.has(l.gpo.toLowerCase())) throw new GpregError('USAGE', `link order: no source is named ${JSON.stringify(l.gpo)} (the sources are ${sources.map((s) => JSON.stringify(s)).join(', ')})`);
  const normal = links.filter((l) => !l.enforced).sort((a, b) => linkDepth(a.link) - linkDepth(b.link) || b.order - a.order);
  const enforced = links.filter((l) => l.enforced).sort((a, b) => linkDepth(b.link) - linkDepth(a.link) || b.order - a.order);
  return [...normal, ...enforced].map((l) => index.get(l.gpo.toLowerCase())!);
}

/**
 * Reads a link-order file: CSV (UTF-8) with a header naming `gpo`, `link`, `order` and `enforced`
 * columns (any order, any case); `enforced` is yes/no, true/false or 1/0.
 */
export function parseLinkOrder(bytes: Uint8Array): GpoLink[] {
  const doc = parseCsv(bytes);
  if (doc.diagnostics.some((d) => d.severity === 'error')) throw new GpregError('CSV_BAD_FIELD', `link order: ${doc.diagnostics.find((d) => d.severity === 'error')!.message}`);
  const [first, ...rest] = doc.records;
  const head = first?.fields;
  const col = (name: string) => head?.findIndex((h) => h.trim().toLowerCase() === name) ?? -1;
  const at = { gpo: col('gpo'), link: col('link'), order: col('order'), enforced: col('enforced') };
  const missing = Object.entries(at).filter(([, i]) => i < 0).map(([k]) => k);
  if (missing.length) throw new GpregError('CSV_BAD_FIELD', `link order: the header must name the columns gpo, link, order and enforced (missing: ${missing.join(', ')})`, { line: 1 });
  return rest
    .filter((rec) => rec.fields.some((f) => f.trim() !== ''))
    .map(({ fields: r, line }) => {
      const order = Number(r[at.order]);
      if (!Number.isInteger(order) || order < 1) throw new GpregError('CSV_BAD_FIELD', `link order: order must be a whole number from 1, found ${JSON.stringify(r[at.order] ?? '')}`, { line });
      const e = (r[at.enforced] ?? '').trim().toLowerCase();
      if (!['yes', 'no', 'true', 'false', '1', '0', ''].includes(e)) throw new GpregError('CSV_BAD_FIELD', `link order: enforced must be yes or no, found ${JSON.stringify(r[at.enforced])}`, { line });
      return { gpo: (r[at.gpo] ?? '').trim(), link: (r[at.link] ?? '').trim(), order, enforced: ['yes', 'true', '1'].includes(e) };
    });
}
