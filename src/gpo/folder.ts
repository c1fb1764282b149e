/**
 * A GPO folder as input: a GPMC backup (`{GUID}/DomainSysvol/GPO/{Machine,User}/registry.pol`) or a
 * SYSVOL GPO (`Policies/{GUID}/{Machine,User}/Registry.pol`). Names match without case.
 */

import { promises as fs, readdirSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { GpregError } from '../errors.js';
import { GPO_GUID } from './identity.js';
import type { GpoSide } from './gpt-ini.js';

/** One side of a GPO folder and its policy file (absent when the GPO sets nothing on that side). */
export interface GpoSideFile {
  side: GpoSide;
  file: string | undefined;
  /** The side's folder (`Machine`, `User`), when the GPO has one: its other parts live below it. */
  dir?: string;
}

async function entry(dir: string, name: string): Promise<string | undefined> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const real = names.find((n) => n.toLowerCase() === name.toLowerCase());
  return real === undefined ? undefined : path.join(dir, real);
}

/** True when `file` is a regular file (links followed; not a folder, FIFO, device or socket). */
export async function isFile(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined))?.isFile() ?? false;
}

/** True when `dir` is a folder (not a file). */
export async function isFolder(dir: string): Promise<boolean> {
  return (await fs.stat(dir).catch(() => undefined))?.isDirectory() ?? false;
}

/**
 * The Machine and User policy files of a GPO folder, or undefined when the folder is no GPO (it has
 * neither a `Machine`/`User` folder nor `DomainSysvol/GPO`). A side's `Registry.pol` that is not a
 * regular file (a FIFO would block the read forever, a link to a device would never end) is an
 * `IO_READ` error: the folder may come from anyone, and only its files are read.
 */
export async function gpoSides(dir: string): Promise<GpoSideFile[] | undefined> {
  const domainSysvol = await entry(dir, 'DomainSysvol');
  const base = domainSysvol ? await entry(domainSysvol, 'GPO') : dir;
  if (!base) return undefined;
  const out: GpoSideFile[] = [];
  let any = false;
  for (const side of ['Machine', 'User'] as const) {
    const sideDir = await entry(base, side);
    if (sideDir) any = true;
    const file = sideDir ? await entry(sideDir, 'Registry.pol') : undefined;
    if (file && !(await isFile(file))) {
      throw new GpregError('IO_READ', `${file}: not a regular file (a folder, FIFO, device or socket, or a broken link): a GPO's Registry.pol is read only when it is a file`);
    }
    out.push({ side, file, ...(sideDir ? { dir: sideDir } : {}) });
  }
  return any || domainSysvol ? out : undefined;
}

/**
 * Where a side's policy file of the GPO folder `dir` is, or goes when it has none: in a backup
 * (`DomainSysvol/GPO`) `…/GPO/<Side>/registry.pol` as GPMC names it, else `<dir>/<Side>/Registry.pol`
 * as SYSVOL does. Existing folders and files keep the case of their names.
 */
export async function gpoSideTarget(dir: string, side: GpoSide): Promise<string> {
  const domainSysvol = await entry(dir, 'DomainSysvol');
  const base = domainSysvol ? ((await entry(domainSysvol, 'GPO')) ?? path.join(domainSysvol, 'GPO')) : dir;
  const sideDir = (await entry(base, side)) ?? path.join(base, side);
  return (await entry(sideDir, 'Registry.pol')) ?? path.join(sideDir, domainSysvol ? 'registry.pol' : 'Registry.pol');
}

/**
 * The GPO folder a side's policy file lies in, by its path: `<GPO>/Machine/Registry.pol` (or
 * `User`) when `<GPO>` holds a `gpt.ini` (SYSVOL), `<backup>/DomainSysvol/GPO/<Side>/registry.pol`
 * (a GPMC backup); undefined for a file anywhere else.
 */
export async function gpoFolderOf(file: string): Promise<string | undefined> {
  const sideDir = path.dirname(file);
  if (!/^(machine|user)$/i.test(path.basename(sideDir))) return undefined;
  const parent = path.dirname(sideDir);
  if (/^gpo$/i.test(path.basename(parent)) && /^domainsysvol$/i.test(path.basename(path.dirname(parent)))) return path.dirname(path.dirname(parent));
  return (await entry(parent, 'gpt.ini')) ? parent : undefined;
}

/**
 * Refuses (`IO_WRITE`) to write `file` when a symbolic link on its way down from the GPO folder
 * `gpo` (the file itself, its side folder, `DomainSysvol` or `GPO`) leads out of that folder: a
 * GPO may come from anyone, and a link in it must not turn a rebuild or an edit into a write
 * elsewhere. Links that stay inside the folder are followed. `shown` names the file in the error.
 */
export async function refuseLinkOut(gpo: string, file: string, shown: string): Promise<void> {
  const top = path.resolve(gpo);
  const root = await fs.realpath(top).catch(() => undefined);
  if (root === undefined) return; // a GPO folder yet to be made holds no link
  // The deepest part of the path that exists, up to the GPO folder (a side may not exist yet).
  let existing = path.resolve(file);
  while (existing !== top && !(await fs.lstat(existing).catch(() => undefined))) existing = path.dirname(existing);
  let real: string;
  try {
    real = await fs.realpath(existing);
  } catch {
    throw new GpregError('IO_WRITE', `${shown}: ${existing} is a broken symbolic link: nothing is written`);
  }
  if (real !== root && !real.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) {
    throw new GpregError('IO_WRITE', `${shown}: ${existing} is a symbolic link out of the GPO folder (to ${real}): gpreg does not write through links that leave a GPO; nothing is written`);
  }
}

/** The `{GUID}` GPO folders under `dir` (not below a GPO folder), sorted; links are not followed. */
export function gpoFoldersUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      if (GPO_GUID.test(e.name)) out.push(path.join(d, e.name));
      else if (e.name.toLowerCase() !== 'policydefinitions') walk(path.join(d, e.name));
    }
  };
  walk(dir);
  return out;
}
