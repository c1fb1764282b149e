/**
 * Where an edit's records go in a `Registry.pol`, as the Group Policy editor places them: a record
 * that replaces one takes the old one's place; a new one goes after the last record of its key, or,
 * for a key the file lacks, where the key sorts among the others (the editor's files are in key
 * order: checked on the real baseline GPOs, see test/admx-real.test.ts). Shared by `set` (a policy)
 * and the value commands (one operation).
 */

import type { PolRecord } from '../formats/pol/document.js';
import { compareKeys, foldName } from '../registry/keys.js';

/**
 * The file's records with those `removes` names a slot id for taken out, and `fresh` put in: each
 * in the place of the first removed record of its slot id (`slotOf`), else in key order.
 * Returns the records, the file's records that stay (in their order), and how many were removed.
 *
 * Linear in the file plus the edit (a policy with thousands of list items into a large file): each
 * place is found once against the file's own records, the fresh records gathered per place, and
 * the result joined in one pass.
 */
export function placeRecords(records: readonly PolRecord[], removes: (r: PolRecord) => string | undefined, fresh: readonly PolRecord[], slotOf: (r: PolRecord) => string): { records: PolRecord[]; kept: PolRecord[]; removed: number } {
  // What stays, with a place for each slot (the first removed record of its id), and per key
  // (folded) the place after its last record, kept or removed.
  const kept: PolRecord[] = [];
  const slotAt = new Map<string, number>();
  const afterKey = new Map<string, number>();
  let removed = 0;
  for (const r of records) {
    const slot = removes(r);
    if (slot === undefined) kept.push(r);
    else {
      removed++;
      if (!slotAt.has(slot)) slotAt.set(slot, kept.length);
    }
    afterKey.set(foldName(r.key), kept.length);
  }
  // A key the file lacks goes before the first kept record whose key sorts after it (the editor's
  // files are in key order, so a binary search finds it; in a file out of order it is a place, not
  // the place, as before).
  const firstAfter = (key: string) => {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(kept[mid]!.key, key) > 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  // Fresh records gathered per place; `late` for those that follow their key rather than fill a
  // slot (a slot holds the old value's place, so its records come first).
  const at = new Map<number, Array<{ r: PolRecord; late: number; j: number }>>();
  fresh.forEach((r, j) => {
    const slot = slotAt.get(slotOf(r));
    const place = slot ?? afterKey.get(foldName(r.key)) ?? firstAfter(r.key);
    const list = at.get(place) ?? [];
    list.push({ r, late: slot === undefined ? 1 : 0, j });
    at.set(place, list);
  });
  const out: PolRecord[] = [];
  const emit = (i: number) => {
    // Several keys may meet at one place (a policy's new keys): in key order, each key's records as given.
    const list = at.get(i);
    if (list) for (const x of list.sort((a, b) => compareKeys(a.r.key, b.r.key) || a.late - b.late || a.j - b.j)) out.push(x.r);
  };
  kept.forEach((r, i) => {
    emit(i);
    out.push(r);
  });
  emit(kept.length);
  return { records: out, kept, removed };
}

/** The value a record is about, for slot ids: `**del.X` is about X; `**delvals.` about its key. */
export function valueSlot(r: PolRecord): string {
  const name = r.name.toLowerCase().startsWith('**del.') ? r.name.slice(6) : r.name;
  return `${foldName(r.key)}\\${foldName(name)}`;
}
