/**
 * A hostile GPO for the HTML reports: a backup whose GPO name, value names, data, keys, helpers and
 * template texts hold markup, terminal escapes, direction overrides, NULs and a 1 MB string. Every
 * report made of it must show these as text and run nothing.
 */

import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { type RegOp } from '../src/index.js';
import { encodePol, opsToPol } from '../src/pol.js';
import { FIXTURES, tempDir } from './helpers.js';

/** The strings that must come out as text. */
export const HOSTILE = {
  script: '<script>alert("script")</script>',
  attribute: '"><img src=x onerror=alert("img")>',
  style: '</style><script>alert("style")</script>',
  terminal: '\x1b]0;pwned\x07\x1b[31mred',
  rtl: 'invoice\u202Etxt.exe',
  nul: 'before\u0000after',
} as const;

/** 1 MB of text with markup at both ends. */
export const LONG = `<b>start</b>${'A'.repeat(1024 * 1024)}<script>alert("end")</script>`;

const G = '{66666666-6666-6666-6666-666666666666}';
const B = '{bbbbbbbb-0000-0000-0000-000000000001}';
const utf16 = (s: string) => {
  const b = Buffer.from(s + '\u0000', 'utf16le');
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
};
const RA = 'HKEY_LOCAL_MACHINE\\Software\\policies\\Microsoft\\Windows NT\\Terminal Services';

/** The records: Offer Remote Assistance enabled with hostile helpers, and hostile records no policy explains. */
export function hostileOps(): RegOp[] {
  const ops: RegOp[] = [
    { op: 'set', key: RA, name: 'fAllowUnsolicited', type: 4, data: new Uint8Array([1, 0, 0, 0]) },
    { op: 'set', key: RA, name: 'fAllowUnsolicitedFullControl', type: 4, data: new Uint8Array([1, 0, 0, 0]) },
    { op: 'deleteAllValues', key: `${RA}\\RAUnsolicit` },
    // The test template's Values policy, whose texts are made hostile in makeHostileGpo.
    { op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Gpreg\\Values', name: 'On', type: 1, data: utf16('yes') },
  ];
  for (const h of [`CONTOSO\\${HOSTILE.script}`, 'CONTOSO\\"><img src=x onerror=alert(1)>']) ops.push({ op: 'set', key: `${RA}\\RAUnsolicit`, name: h, type: 1, data: utf16(h) });
  Object.values(HOSTILE).forEach((s, i) => {
    // A name cannot hold a NUL (the file would end it there): NULs go in the data only.
    const name = s.replace(/\u0000/g, '');
    ops.push({ op: 'set', key: `HKEY_LOCAL_MACHINE\\Software\\Hostile\\${name}`, name, type: 1, data: utf16(s) });
    ops.push({ op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Hostile', name: `binary${i}`, type: 3, data: utf16(s) });
    ops.push({ op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Hostile', name: `multi${i}`, type: 7, data: utf16(`${s}\u0000${s}\u0000`) });
  });
  ops.push({ op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Hostile', name: 'long', type: 1, data: utf16(LONG) });
  ops.push({ op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Hostile', name: LONG.slice(0, 16000), type: 4, data: new Uint8Array([1, 0, 0, 0]) });
  return ops;
}

/**
 * A GPO backup (bkupInfo.xml with a hostile display name, Machine/registry.pol of
 * {@link hostileOps}) and a copy of the all-elements templates whose texts are hostile; returns
 * both folders.
 */
export function makeHostileGpo(): { root: string; gpo: string; admx: string } {
  const root = tempDir('gpreg-hostile-');
  const gpo = path.join(root, 'backups', B);
  mkdirSync(path.join(gpo, 'DomainSysvol', 'GPO', 'Machine'), { recursive: true });
  mkdirSync(path.join(gpo, 'DomainSysvol', 'GPO', 'User'), { recursive: true });
  const cdata = (s: string) => `<![CDATA[${s.replace(/\u0000/g, '')}]]>`;
  writeFileSync(
    path.join(gpo, 'bkupInfo.xml'),
    `<BackupInst xmlns="http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest"><GPOGuid>${cdata(G)}</GPOGuid><GPODomain>${cdata(HOSTILE.attribute)}</GPODomain><BackupTime>${cdata('2026-01-01T00:00:00')}</BackupTime><ID>${cdata(B)}</ID><GPODisplayName>${cdata(`${HOSTILE.script}${HOSTILE.style}${HOSTILE.rtl}`)}</GPODisplayName></BackupInst>`,
  );
  writeFileSync(path.join(gpo, 'DomainSysvol', 'GPO', 'Machine', 'registry.pol'), encodePol(opsToPol(hostileOps())));
  // Templates: the test set with a hostile display name and explain text (XML-escaped in the file, as a template would carry them).
  const admx = path.join(root, 'admx');
  mkdirSync(path.join(admx, 'en-US'), { recursive: true });
  const src = path.join(FIXTURES, 'admx', 'all-elements');
  for (const f of readdirSync(src).filter((n) => n.endsWith('.admx'))) copyFileSync(path.join(src, f), path.join(admx, f));
  const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\x1b/g, '').replace(/\x07/g, '').replace(/\u0000/g, '');
  for (const f of readdirSync(path.join(src, 'en-US'))) {
    let text = readFileSync(path.join(src, 'en-US', f), 'utf8');
    text = text.replace('<string id="Values">Values and lists</string>', `<string id="Values">Values ${xml(HOSTILE.script)}${xml(HOSTILE.rtl)}</string>`);
    text = text.replace('<string id="Values_Help">Writes an enabledValue, an enabledList and a disabledList.</string>', `<string id="Values_Help">${xml(HOSTILE.style)} ${xml(HOSTILE.attribute)}</string>`);
    writeFileSync(path.join(admx, 'en-US', f), text);
  }
  return { root, gpo, admx };
}
