/**
 * A GPO folder read as one thing: which GPO it is (a backup's metadata, else its `{GUID}` folder),
 * and each side — its `Registry.pol`, its folder, and its other parts (security template, audit
 * policy, preferences, and the files gpreg does not read). `show`, `report` and `diff` read a GPO
 * through here; `build --from` writes its parts back through src/gpo/parts-write.ts.
 */

import { GpregError } from '../errors.js';
import { gpoFoldersUnder, gpoSides } from './folder.js';
import type { GpoSide } from './gpt-ini.js';
import { gpoIdentity, type GpoMetadata } from './identity.js';
import { readSideParts, type SideParts } from './parts.js';

/** One side of a GPO. */
export interface GpoSideModel {
  side: GpoSide;
  /** Its `Registry.pol`, when it has one. */
  registryPol?: string;
  /** Its folder, when it has one. */
  dir?: string;
  parts: SideParts;
}

/** A GPO folder: its identity (when known) and both sides. */
export interface Gpo {
  dir: string;
  identity?: GpoMetadata;
  sides: GpoSideModel[];
}

/**
 * Reads a GPO folder (a GPMC backup or a SYSVOL GPO); undefined when the folder is no GPO. A side's
 * `Registry.pol` that is not a regular file is `IO_READ` (see gpoSides); a part that cannot be read
 * is listed among the side's unread parts with why.
 */
export async function readGpo(dir: string): Promise<Gpo | undefined> {
  const sides = await gpoSides(dir);
  if (!sides) return undefined;
  const identity = gpoIdentity(dir);
  return {
    dir,
    ...(identity ? { identity } : {}),
    sides: await Promise.all(
      sides.map(async (s) => ({ side: s.side, ...(s.file ? { registryPol: s.file } : {}), ...(s.dir ? { dir: s.dir } : {}), parts: s.dir ? await readSideParts(s.dir, dir) : { unread: [] } })),
    ),
  };
}

/**
 * The GPOs a folder stands for: itself when it is a GPO (`tree` false), else every GPO folder below
 * it — a baseline's `GPOs` folder, a tree of backups, a SYSVOL `Policies` folder (`tree` true). A
 * folder with none is `IO_READ`, naming it as `shown`.
 */
export async function readGpos(dir: string, shown: string): Promise<{ tree: boolean; gpos: Gpo[] }> {
  const one = await readGpo(dir);
  if (one) return { tree: false, gpos: [one] };
  const gpos: Gpo[] = [];
  for (const d of gpoFoldersUnder(dir)) {
    const g = await readGpo(d);
    if (g) gpos.push(g);
  }
  if (gpos.length === 0) throw new GpregError('IO_READ', `${shown} is a folder with no GPO in it: expected a GPO folder (Machine/ and User/, or DomainSysvol/GPO) or {GUID} GPO folders below it`);
  return { tree: true, gpos };
}
