/**
 * Which GPO a folder is: from a backup's `bkupInfo.xml` (GPMC's manifest: GPO GUID, domain,
 * display name, backup time) or `Backup.xml` (GroupPolicyCoreSettings), read with the XML parser
 * (CDATA, entities), never with regular expressions that could backtrack on hostile input. Only
 * regular files are read (no FIFO, device or link), and never more than a cap. A SYSVOL GPO is named
 * by its GUID: `gpt.ini`'s displayName is rarely kept up to date by Windows, so it is not used.
 */

import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import * as path from 'node:path';
import { child, parseXml, type XmlElement } from '../admx/xml.js';

/** Where a GPO's name came from. */
export type GpoNameSource = 'bkupInfo.xml' | 'Backup.xml' | 'folder';

/** The GPO a file belongs to. */
export interface GpoInfo {
  name: string;
  /** The GPO's own GUID (from the metadata, else the `{GUID}` folder). */
  guid?: string;
  /** The GPO's domain, when the backup says. */
  domain?: string;
  /** A backup's own id (its `{GUID}` folder), when the folder is a backup. */
  backupId?: string;
  /** When the backup was made (`bkupInfo.xml`'s BackupTime). */
  backupTime?: string;
  source: GpoNameSource;
  /** The GPO's folder, relative to the audited root ('' when the root itself). */
  folder: string;
}

/** Metadata files larger than this are not read (real ones are a few KB; Backup.xml some 100 KB). */
export const MAX_METADATA_BYTES = 4 * 1024 * 1024;

/**
 * A small file's bytes, only if it is a regular file (not a link, FIFO or device) of at most
 * `cap` bytes; undefined otherwise. Opened non-blocking, so a FIFO cannot hang the read.
 */
export function readRegularFile(file: string, cap: number): Buffer | undefined {
  // Where open can refuse a link itself (O_NOFOLLOW, not on Windows), no lstat first: an audit reads
  // one such file per GPO, and the lstat was a third of it.
  if (constants.O_NOFOLLOW === undefined) {
    try {
      if (!lstatSync(file).isFile()) return undefined;
    } catch {
      return undefined;
    }
  }
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > cap) return undefined;
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The trimmed text of a child element (CDATA included), or undefined when empty or absent. */
function text(el: XmlElement | undefined, name: string): string | undefined {
  const c = el && child(el, name);
  const t = c?.text.trim();
  return t ? t : undefined;
}

function parseSmall(file: string): XmlElement | undefined {
  const bytes = readRegularFile(file, MAX_METADATA_BYTES);
  if (!bytes) return undefined;
  try {
    return parseXml(bytes);
  } catch {
    return undefined; // damaged metadata: the folder still names the GPO
  }
}

/** A `{GUID}` folder name: a SYSVOL GPO's folder, or a backup's. */
export const GPO_GUID = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;

/**
 * The GPO a folder is: its backup metadata, else — a SYSVOL GPO, whose `gpt.ini` displayName is
 * not trusted — its `{GUID}` folder name as name and GUID; undefined for any other folder.
 */
export function gpoIdentity(folder: string): GpoMetadata | undefined {
  const m = readGpoMetadata(folder);
  if (m) return m;
  const base = path.basename(folder);
  return GPO_GUID.test(base) ? { name: base, guid: base, source: 'folder' } : undefined;
}

/** What a folder's metadata says of its GPO, or undefined when it has none. */
export type GpoMetadata = Omit<GpoInfo, 'folder'>;

/** Reads a GPO folder's backup metadata: `bkupInfo.xml`, else `Backup.xml`. */
export function readGpoMetadata(folder: string): GpoMetadata | undefined {
  const bkup = parseSmall(path.join(folder, 'bkupInfo.xml'));
  if (bkup?.name === 'BackupInst') {
    const name = text(bkup, 'GPODisplayName');
    const guid = text(bkup, 'GPOGuid');
    if (name || guid) {
      const domain = text(bkup, 'GPODomain');
      const backupId = text(bkup, 'ID');
      const backupTime = text(bkup, 'BackupTime');
      return { name: name ?? guid!, ...(guid ? { guid } : {}), ...(domain ? { domain } : {}), ...(backupId ? { backupId } : {}), ...(backupTime ? { backupTime } : {}), source: 'bkupInfo.xml' };
    }
  }
  const backup = parseSmall(path.join(folder, 'Backup.xml'));
  const gpo = backup && child(backup, 'GroupPolicyObject');
  const core = gpo && child(gpo, 'GroupPolicyCoreSettings');
  const name = text(core, 'DisplayName');
  if (name) {
    const guid = text(core, 'ID');
    const domain = text(core, 'Domain');
    return { name, ...(guid && /^\{[0-9a-f-]{36}\}$/i.test(guid) ? { guid } : {}), ...(domain ? { domain } : {}), source: 'Backup.xml' };
  }
  return undefined;
}
