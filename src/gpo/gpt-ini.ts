/**
 * A GPO's version in `gpt.ini` ([MS-GPOL] 2.2.4): `Version=N` in `[General]`, the Machine side's
 * version in the low 16 bits and the User side's in the high 16. Clients apply a side again only when
 * its number changes, so an edit of a SYSVOL GPO's `Registry.pol` must raise it. Read line by line
 * (no pattern that could backtrack on a hostile file); every other line is kept as it was.
 */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GpregError } from '../errors.js';
import { readRegularFile } from './identity.js';

/** A GPO side: Machine (Computer Configuration) or User. */
export type GpoSide = 'Machine' | 'User';

/** The result of {@link bumpGptVersion}: the new file and both versions, before and after. */
export interface GptBump {
  bytes: Uint8Array;
  before: number;
  after: number;
}

/** The next version of one side: +1 within 16 bits; after 65535 comes 1, since 0 would read as "never edited". */
export function nextSideVersion(v: number): number {
  return v >= 0xffff ? 1 : v + 1;
}

/**
 * Raises one side's version in a `gpt.ini`'s `[General] Version=` line. A file without that line gets
 * one (in `[General]`, which is added if missing). UTF-16 with BOM stays UTF-16; anything else is
 * read and written as Latin-1, byte for byte. Lines may end in CR LF, LF or a lone CR, and the last
 * may have no end; a line gpreg adds ends as the file's first line does. `name` names the file in
 * errors.
 */
export function bumpGptVersion(bytes: Uint8Array, side: GpoSide, name = 'gpt.ini'): GptBump {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = utf16 ? buf.toString('utf16le', 2) : buf.toString('latin1');
  // Lines end at CR LF, LF or a lone CR (each keeps its own end); new lines take the file's first.
  const lines = text === '' ? [] : text.split(/(?<=\r\n|\r(?!\n)|\n)/);
  const eol = /\r\n|\r|\n/.exec(text)?.[0] ?? '\r\n';
  const ended = (i: number) => {
    if (i >= 0 && i < lines.length && !/[\r\n]$/.test(lines[i]!)) lines[i] += eol;
  };
  let section = '';
  let general = -1;
  let at = -1;
  let before = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/[\r\n]+$/, '');
    const t = line.trim();
    if (t.startsWith('[') && t.endsWith(']')) {
      section = t.slice(1, -1).trim().toLowerCase();
      if (section === 'general' && general < 0) general = i;
      continue;
    }
    if (section !== 'general') continue;
    const eq = line.indexOf('=');
    if (eq < 0 || line.slice(0, eq).trim().toLowerCase() !== 'version') continue;
    const value = line.slice(eq + 1).trim();
    if (!/^\d{1,10}$/.test(value) || Number(value) > 0xffffffff) {
      throw new GpregError('GPT_BAD_VERSION', `Version=${JSON.stringify(value.slice(0, 20))} in ${name} is not a 32-bit number; the GPO's version is left as it is`, { line: i + 1 });
    }
    before = Number(value);
    at = i;
    break;
  }
  const machine = before & 0xffff;
  const user = before >>> 16;
  const after = side === 'Machine' ? ((user << 16) | nextSideVersion(machine)) >>> 0 : ((nextSideVersion(user) << 16) | machine) >>> 0;
  if (at >= 0) {
    const old = lines[at]!;
    const end = /[\r\n]+$/.exec(old)?.[0] ?? '';
    const eq = old.indexOf('=');
    lines[at] = `${old.slice(0, eq + 1)}${after}${end}`;
  } else if (general >= 0) {
    // `[General]` may be the last line, without a line end: the new line must not join it.
    ended(general);
    lines.splice(general + 1, 0, `Version=${after}${eol}`);
  } else {
    ended(lines.length - 1);
    lines.unshift(`[General]${eol}`, `Version=${after}${eol}`);
  }
  const out = lines.join('');
  return {
    bytes: utf16 ? new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(out, 'utf16le')])) : new Uint8Array(Buffer.from(out, 'latin1')),
    before,
    after,
  };
}

/**
 * Where the version of a side's policy file lives: for `<GPO>/Machine/Registry.pol` (or `User`) in
 * a SYSVOL GPO folder, `<GPO>/gpt.ini` (found in any case). Undefined for anything else: a lone
 * file, a folder without gpt.ini, or a backup (`…/DomainSysvol/GPO/…`), whose version lives in
 * Backup.xml, which GPMC writes when it restores the GPO.
 */
export async function gptIniOf(polPath: string): Promise<{ ini: string; side: GpoSide } | undefined> {
  const sideDir = path.dirname(polPath);
  const sideName = path.basename(sideDir).toLowerCase();
  const side = sideName === 'machine' ? 'Machine' : sideName === 'user' ? 'User' : undefined;
  if (!side) return undefined;
  const gpoDir = path.dirname(sideDir);
  if (/(^|[\\/])domainsysvol([\\/]|$)/i.test(gpoDir)) return undefined;
  const name = (await fs.readdir(gpoDir).catch(() => [] as string[])).find((n) => n.toLowerCase() === 'gpt.ini');
  return name === undefined ? undefined : { ini: path.join(gpoDir, name), side };
}

/** A gpt.ini with each of some sides' versions raised: its new bytes, and each side's before and after. */
export interface GptVersionPlan {
  bytes: Uint8Array;
  steps: Array<{ side: GpoSide; before: number; after: number }>;
}

/**
 * Raises the version of each of `sides` (each once) in the gpt.ini file `ini`, read now (a regular
 * file of at most 1 MB): its Version is checked before the caller writes anything, so a damaged
 * gpt.ini stops a command before any file changes. Returns the new bytes; writing them is the caller's.
 */
export function planVersionBump(ini: string, sides: readonly GpoSide[]): GptVersionPlan {
  const bytes = readRegularFile(ini, 1 << 20);
  if (!bytes) throw new GpregError('IO_READ', `cannot read ${ini}: not a regular file of at most 1 MB`);
  let current: Uint8Array = bytes;
  const steps: GptVersionPlan['steps'] = [];
  for (const side of new Set(sides)) {
    const bump = bumpGptVersion(current, side, ini);
    current = bump.bytes;
    steps.push({ side, before: bump.before, after: bump.after });
  }
  return { bytes: current, steps };
}
