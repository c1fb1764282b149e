/**
 * Where an edit's records go in a `Registry.pol`, as the Group Policy editor places them: a record
 * that replaces one takes the old one's place; a new one goes after the last record of its key, or,
 * for a key the file lacks, where the key sorts among the others (the editor's files are in key
 * order: checked on the real baseline GPOs, see test/admx-real.test.ts). Shared by `set` (a policy)
 * and the value commands (one operation).
 */

import type { PolRecord } from '../formats/pol/document.js';
import { compareKeys, foldName } from '../registry/keys.js';

/** A removed record's place, kept until a fresh record with the same slot id takes it. */
interface Slot {
  slot: string;
  key: string;
}

/**
 * The file's records with those `removes` names a slot id for taken out, and `fresh` put in: each
 * in the place of the first removed record of its slot id (`slotOf`), else in key order.
 * Returns the records and how many were removed.
 */
export function placeRecords(records: readonly PolRecord[], removes: (r: PolRecord) => string | undefined, fresh: readonly PolRecord[], slotOf: (r: PolRecord) => string): { records: PolRecord[]; removed: number } {
  const out: Array<PolRecord | Slot> = [];
  const slots = new Set<string>();
  let removed = 0;
  for (const r of records) {
    const slot = removes(r);
    if (slot === undefined) {
      out.push(r);
      continue;
    }
    removed++;
    if (!slots.has(slot)) out.push({ slot, key: r.key });
    slots.add(slot);
  }
  for (const f of fresh) {
    const slot = slotOf(f);
    const at = out.findIndex((x) => 'slot' in x && x.slot === slot);
    if (at >= 0) {
      out.splice(at, 0, f); // before its slot, so later records of the same slot follow in order
      continue;
    }
    // After the last record (or slot) of the key, else before the first key that sorts after it.
    const key = foldName(f.key);
    let lastOfKey = -1;
    let firstAfter = -1;
    out.forEach((x, i) => {
      if (foldName(x.key) === key) lastOfKey = i;
      else if (firstAfter < 0 && compareKeys(x.key, f.key) > 0) firstAfter = i;
    });
    out.splice(lastOfKey >= 0 ? lastOfKey + 1 : firstAfter >= 0 ? firstAfter : out.length, 0, f);
  }
  return { records: out.filter((x): x is PolRecord => !('slot' in x)), removed };
}

/** The value a record is about, for slot ids: `**del.X` is about X; `**delvals.` about its key. */
export function valueSlot(r: PolRecord): string {
  const name = r.name.toLowerCase().startsWith('**del.') ? r.name.slice(6) : r.name;
  return `${foldName(r.key)}\\${foldName(name)}`;
}
