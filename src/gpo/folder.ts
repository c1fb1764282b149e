/**
 * A GPO folder as input: a GPMC backup (`{GUID}/DomainSysvol/GPO/{Machine,User}/registry.pol`) or a
 * SYSVOL GPO (`Policies/{GUID}/{Machine,User}/Registry.pol`). Names match without case.
 */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GpregError } from '../errors.js';
import type { GpoSide } from './gpt-ini.js';

/** One side of a GPO folder and its policy file (absent when the GPO sets nothing on that side). */
export interface GpoSideFile {
  side: GpoSide;
  file: string | undefined;
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
    out.push({ side, file });
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
