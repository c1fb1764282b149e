/**
 * Which GPO a folder is: from a backup's `bkupInfo.xml` (GPMC's manifest: GPO GUID, domain,
 * display name, backup time) or `Backup.xml` (GroupPolicyCoreSettings), read with the XML parser
 * (CDATA, entities), never with regular expressions that could backtrack on hostile input. Only
 * regular files are read (no FIFO, device or link), and never more than a cap. A SYSVOL GPO is named
 * by its GUID: `gpt.ini`'s displayName is rarely kept up to date by Windows, so it is not used.
 */

import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import * as path from 'node:path';
import { GpregError, isGpregError } from '../errors.js';
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
 * A file's bytes, only if it is a regular file of at most `cap` bytes; otherwise `IO_READ` saying
 * why (a link, not a regular file, larger than any `kind` gpreg reads, or the system's reason).
 * Opened non-blocking, so a FIFO cannot hang the read, and without following a link: where open
 * can refuse one itself (O_NOFOLLOW, not on Windows) there is no lstat first (an audit reads a few
 * files per GPO, and the lstat was a third of a small one's cost).
 */
export function readRegularFileOrFail(file: string, cap: number, kind = 'such file'): Buffer {
  let fd: number | undefined;
  try {
    if (constants.O_NOFOLLOW === undefined) {
      const l = lstatSync(file);
      if (!l.isFile()) throw new GpregError('IO_READ', l.isSymbolicLink() ? 'a link (not followed)' : 'not a regular file');
    }
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile()) throw new GpregError('IO_READ', 'not a regular file');
    if (st.size > cap) throw new GpregError('IO_READ', `${st.size} bytes: larger than any ${kind} (${cap} at most are read)`);
    // As many bytes as fstat gave (fewer if the file shrank meanwhile).
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, null);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } catch (e) {
    if (isGpregError(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new GpregError('IO_READ', `cannot read: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ERR_FS_FILE_TOO_LARGE' ? 'too large' : code === 'ELOOP' ? 'a link (not followed)' : (code ?? (e as Error).message)}${code ? ` (${code})` : ''}`, { cause: e });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A small file's bytes as {@link readRegularFileOrFail} reads them, or undefined when it cannot (whatever the reason). */
export function readRegularFile(file: string, cap: number): Buffer | undefined {
  try {
    return readRegularFileOrFail(file, cap);
  } catch {
    return undefined;
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
