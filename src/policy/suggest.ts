/**
 * "Did you mean": the policies an unknown name most likely meant. People write what the editor
 * shows (`Turn off Autoplay`), a near miss of an id (`RA_Unsolicted`), or a word of it (`autoplay`);
 * each is matched against ids, names, aliases and display names, without case.
 */

import type { PolicyDefinition } from './types.js';

/** At most this many suggestions: more is a search, and `policies --search` is named for that. */
const MAX_SUGGESTIONS = 5;

/**
 * The policies `query` most likely names, best first: an exact display name, then names and display
 * names within a few typos (about one per four characters), then display names containing it as a
 * word. Empty when nothing is close.
 */
export function suggestPolicies(query: string, policies: readonly PolicyDefinition[]): PolicyDefinition[] {
  const q = normalize(query);
  if (!q) return [];
  const limit = Math.max(1, Math.floor(q.length / 4));
  const scored: Array<[number, PolicyDefinition]> = [];
  for (const p of policies) {
    const display = normalize(p.displayName);
    let best = display === q ? 0 : Infinity;
    for (const c of [p.name, display, ...p.aliases]) {
      if (best === 0) break;
      const d = distanceWithin(q, normalize(c), limit);
      if (d !== undefined) best = Math.min(best, 1 + d);
    }
    // A word or words of the display name: weaker than a near miss of the whole, and the more of
    // the name the words are, the likelier (`autoplay` → "Turn off Autoplay" first).
    if (best === Infinity && q.length >= 4 && ` ${display} `.includes(` ${q} `)) best = limit + 2 + (display.length - q.length) / (display.length + 1);
    if (best !== Infinity) scored.push([best, p]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].displayName.localeCompare(b[1].displayName));
  // The display name itself is an answer, not a guess: near misses beside it only distract.
  const exact = scored.filter(([score]) => score === 0);
  return (exact.length ? exact : scored).slice(0, MAX_SUGGESTIONS).map(([, p]) => p);
}

/** Lower case, punctuation as spaces, spaces collapsed: what a person means is what is compared. */
function normalize(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}_]+/gu, ' ').trim();
}

/**
 * The edit distance of `a` and `b` when it is at most `limit`, else undefined. Banded: only
 * `2·limit + 1` cells a row, so a long display name costs little.
 */
export function distanceWithin(a: string, b: string, limit: number): number | undefined {
  if (Math.abs(a.length - b.length) > limit) return undefined;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    cur[from - 1] = from === 1 ? i : Infinity;
    let rowMin = cur[from - 1]!;
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j - 1]! + cost, prev[j]! + 1, cur[j - 1]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // The next row reads one cell past this band: it must not be a value left from an older row.
    if (to < b.length) cur[to + 1] = Infinity;
    if (rowMin > limit) return undefined;
    [prev, cur] = [cur, prev];
  }
  const d = prev[b.length]!;
  return d <= limit ? d : undefined;
}
