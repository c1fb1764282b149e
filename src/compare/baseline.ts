/**
 * Baseline compliance, for CI: for each setting a baseline sets, whether each other source meets it
 * (the same value), differs (both values said) or lacks it, with a share per source; accepted
 * deviations (a team's exceptions, kept in git) are said apart and do not count against a source.
 */

import { GpregError } from '../errors.js';
import { canonicalValues, type Comparison, type CompareRow } from './compare.js';

/** One accepted deviation: the setting's id (as `compare --json` gives it), why, and optionally which sources it covers. */
export interface AcceptedDeviation {
  id: string;
  reason: string;
  /** Only these sources (by name, as `sources` lists them); every source when absent. */
  sources?: string[];
}

/** How a source stands against one baseline setting. */
export type BaselineResult = 'meets' | 'differs' | 'missing' | 'accepted';

/** One baseline setting and each source's result. */
export interface BaselineRow {
  area: CompareRow['area'];
  id: string;
  name: string;
  scope?: CompareRow['scope'];
  category?: string;
  /** The baseline's value in words. */
  baseline: string;
  /** One per source (the baseline itself left out): the result, the source's value (null where unset), and the reason of an accepted deviation. */
  results: Array<{ result: BaselineResult; value: string | null; reason?: string }>;
}

/** Per source: how many baseline settings it meets, and the share. */
export interface BaselineSummary {
  source: string;
  meets: number;
  differs: number;
  missing: number;
  accepted: number;
  /** Meets out of the settings that count (accepted deviations left out), in percent with one decimal. */
  percent: number;
}

/** The whole check: the baseline's name, each source's summary, and a row per baseline setting. */
export interface BaselineCheck {
  baseline: string;
  sources: string[];
  summary: BaselineSummary[];
  settings: BaselineRow[];
  /** Accepted deviations that matched no baseline setting (a stale exceptions file). */
  unused: AcceptedDeviation[];
}

/**
 * Checks sources against a baseline: `c` is a comparison whose first source is the baseline.
 *
 * @example
 * const check = checkBaseline(compareSources([baseline, ...gpos], set), accepted);
 * if (check.summary.some((s) => s.meets + s.accepted < check.settings.length)) process.exitCode = 1;
 */
export function checkBaseline(c: Comparison, accepted: readonly AcceptedDeviation[] = []): BaselineCheck {
  if (c.sources.length < 2) throw new GpregError('USAGE', 'a baseline check needs the baseline and at least one source to check');
  const [baseline, ...sources] = c.sources as [string, ...string[]];
  const byId = new Map<string, AcceptedDeviation[]>();
  for (const a of accepted) byId.set(a.id.toLowerCase(), [...(byId.get(a.id.toLowerCase()) ?? []), a]);
  const used = new Set<AcceptedDeviation>();
  const settings: BaselineRow[] = [];
  for (const row of c.settings) {
    const base = row.values[0];
    if (base === null || base === undefined) continue;
    const canon = canonicalValues(row);
    const results = sources.map((source, i) => {
      const value = row.values[i + 1] ?? null;
      const met = value !== null && canon[i + 1] === canon[0];
      const exception = met ? undefined : byId.get(row.id.toLowerCase())?.find((a) => !a.sources || a.sources.includes(source));
      if (exception) used.add(exception);
      const result: BaselineResult = met ? 'meets' : exception ? 'accepted' : value === null ? 'missing' : 'differs';
      return { result, value, ...(exception ? { reason: exception.reason } : {}) };
    });
    settings.push({ area: row.area, id: row.id, name: row.name, ...(row.scope ? { scope: row.scope } : {}), ...(row.category ? { category: row.category } : {}), baseline: base, results });
  }
  const summary = sources.map((source, i): BaselineSummary => {
    const count = (r: BaselineResult) => settings.filter((s) => s.results[i]!.result === r).length;
    const meets = count('meets');
    const accepted = count('accepted');
    const counted = settings.length - accepted;
    return { source, meets, differs: count('differs'), missing: count('missing'), accepted, percent: counted ? Math.round((meets / counted) * 1000) / 10 : 100 };
  });
  return { baseline, sources, summary, settings, unused: accepted.filter((a) => !used.has(a)) };
}

/** True when every source meets every baseline setting (accepted deviations aside). */
export function baselineMet(check: BaselineCheck): boolean {
  return check.summary.every((s) => s.differs === 0 && s.missing === 0);
}

/**
 * Reads an accepted-deviations file: JSON, an array of `{id, reason, sources?}` (or `{accepted:
 * [...]}`). Every entry needs an id and a reason: an exception without its reason is refused.
 */
export function parseAcceptedDeviations(text: string): AcceptedDeviation[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new GpregError('JSON_INVALID', `the accepted deviations are not JSON: ${(e as Error).message}`);
  }
  const list = Array.isArray(doc) ? doc : doc !== null && typeof doc === 'object' && Array.isArray((doc as Record<string, unknown>)['accepted']) ? ((doc as Record<string, unknown>)['accepted'] as unknown[]) : undefined;
  if (!list) throw new GpregError('JSON_BAD_DOCUMENT', 'the accepted deviations must be an array of {id, reason, sources?} (or {"accepted": [...]})');
  return list.map((e, i): AcceptedDeviation => {
    const o = e !== null && typeof e === 'object' && !Array.isArray(e) ? (e as Record<string, unknown>) : undefined;
    const id = o?.['id'];
    const reason = o?.['reason'];
    if (typeof id !== 'string' || id === '') throw new GpregError('JSON_BAD_DOCUMENT', `accepted[${i}].id: expected the setting's id (as compare --json gives it), found ${JSON.stringify(id ?? null)}`, { field: `accepted[${i}].id` });
    if (typeof reason !== 'string' || reason.trim() === '') throw new GpregError('JSON_BAD_DOCUMENT', `accepted[${i}].reason: an accepted deviation needs its reason`, { field: `accepted[${i}].reason` });
    const sources = o!['sources'];
    if (sources !== undefined && (!Array.isArray(sources) || !sources.every((s) => typeof s === 'string'))) throw new GpregError('JSON_BAD_DOCUMENT', `accepted[${i}].sources: expected a list of source names`, { field: `accepted[${i}].sources` });
    return { id, reason, ...(sources ? { sources: sources as string[] } : {}) };
  });
}
