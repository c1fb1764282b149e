/** Audit identity and hostile trees: metadata read with the XML parser, only regular files, the run goes on. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { auditTree } from '../src/index.js';
import { HEADER_ONLY, ROOT, runCli, tempDir } from './helpers.js';

const G = '{55555555-5555-5555-5555-555555555555}';
const B1 = '{aaaaaaaa-0000-0000-0000-000000000001}';
const B2 = '{aaaaaaaa-0000-0000-0000-000000000002}';
const made: string[] = [];
const tree = () => {
  const dir = tempDir('gpreg-audit-hostile-');
  made.push(dir);
  return dir;
};
test.after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const put = (root: string, rel: string, data: string | Uint8Array) => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), data);
};
const bkup = (backup: string, name: string, time: string) =>
  `<BackupInst xmlns="http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest"><GPOGuid><![CDATA[${G}]]></GPOGuid><GPODomain><![CDATA[contoso.com]]></GPODomain><BackupTime><![CDATA[${time}]]></BackupTime><ID><![CDATA[${backup}]]></ID><GPODisplayName><![CDATA[${name}]]></GPODisplayName></BackupInst>`;

test('a backup is named by its GPO (GUID, domain, name, backup time); several backups of one GPO are grouped', async () => {
  const root = tree();
  put(root, `${B1}/bkupInfo.xml`, bkup(B1, 'Kiosk Lockdown', '2024-01-02T03:04:05'));
  put(root, `${B1}/DomainSysvol/GPO/Machine/registry.pol`, HEADER_ONLY);
  put(root, `${B2}/bkupInfo.xml`, bkup(B2, 'Kiosk Lockdown', '2024-06-07T08:09:10'));
  put(root, `${B2}/DomainSysvol/GPO/Machine/registry.pol`, HEADER_ONLY);
  const r = await auditTree(root);
  assert.equal(r.entries[0]!.gpo, { name: 'Kiosk Lockdown', guid: G, domain: 'contoso.com', backupId: B1, backupTime: '2024-01-02T03:04:05', source: 'bkupInfo.xml', folder: B1 });
  const text = (await runCli(['audit', root])).stdout;
  assert.match(text, `GPO "Kiosk Lockdown" ${G} in contoso.com (name from bkupInfo.xml): 2 backups`);
  assert.match(text, ` backup ${B2} of 2024-06-07T08:09:10`);
  assert.match(text, '2 file(s) in 1 GPO(s)');
});

test('metadata shapes that made the old regular expressions backtrack are read in linear time (64 KB each)', async () => {
  const root = tree();
  put(root, `${B1}/bkupInfo.xml`, `<BackupInst><GPODisplayName>${' '.repeat(64 * 1024)}`);
  put(root, `${B1}/Backup.xml`, `<GroupPolicyBackupScheme><GroupPolicyObject><GroupPolicyCoreSettings><DisplayName>${'\t'.repeat(64 * 1024)}`);
  put(root, `${B1}/gpt.ini`, `[General]${'\r\n'.repeat(32 * 1024)}`);
  put(root, `${B1}/Machine/Registry.pol`, HEADER_ONLY);
  const r = await auditTree(root);
  assert.equal([r.entries[0]!.gpo.name, r.entries[0]!.gpo.source], [B1, 'folder']); // damaged metadata: the folder names it
});

test('a FIFO or a link to /dev/zero as metadata is never read; FIFO, link and folder named *.pol are listed as skipped', async () => {
  const root = tree();
  put(root, `${B1}/Machine/Registry.pol`, HEADER_ONLY);
  execFileSync('mkfifo', [path.join(root, B1, 'bkupInfo.xml')]);
  symlinkSync('/dev/zero', path.join(root, B1, 'Backup.xml'));
  execFileSync('mkfifo', [path.join(root, B1, 'User.pol')]);
  symlinkSync(path.join(root, B1, 'Machine', 'Registry.pol'), path.join(root, B1, 'link.pol'));
  mkdirSync(path.join(root, B1, 'folder.pol'));
  const r = await auditTree(root);
  assert.is(r.entries.length, 1);
  assert.is(r.entries[0]!.gpo.source, 'folder');
  assert.equal(r.skipped.map((k) => k.path).sort(), [`${B1}/User.pol`, `${B1}/folder.pol`, `${B1}/link.pol`]);
  const cli = await runCli(['audit', root]);
  assert.is(cli.code, 1); // a run that skipped something is not clean
  assert.match(cli.stdout, 'Skipped (3):');
  assert.match(cli.stdout, '3 path(s) skipped');
});

test('a policy file replaced by a link after the walk found it is not followed: an IO_READ entry, and the run goes on', async () => {
  const root = tree();
  put(root, 'a/Machine/Registry.pol', HEADER_ONLY);
  put(root, 'b/Machine/Registry.pol', HEADER_ONLY);
  const target = path.join(root, 'b', 'Machine', 'Registry.pol');
  // Between the walk and the read (onFile is called just before each read): b's file becomes a link to /dev/zero.
  const r = await auditTree(root, {
    onFile: (i) => {
      if (i === 1) {
        rmSync(target);
        symlinkSync('/dev/zero', target);
      }
    },
  });
  assert.equal(r.entries.map((e) => e.error?.code ?? 'ok'), ['ok', 'IO_READ']);
  assert.match(r.entries[1]!.error!.message, 'a link (not followed)');
});

test('a policy file too large to be one (a sparse 1.1 GB file: no disk used) is an IO_READ entry, and the run goes on', async () => {
  const root = tree();
  put(root, 'a/Machine/Registry.pol', HEADER_ONLY);
  put(root, 'b/Machine/Registry.pol', '');
  truncateSync(path.join(root, 'b', 'Machine', 'Registry.pol'), 1100 * 1024 * 1024); // sparse: no disk used
  const r = await auditTree(root);
  assert.equal(r.entries.map((e) => e.error?.code ?? 'ok'), ['ok', 'IO_READ']);
  assert.match(r.entries[1]!.error!.message, 'larger than any policy file');
});

test('unexplained means the same with and without --policy', async () => {
  const root = tree();
  put(root, 'Machine/Registry.pol', HEADER_ONLY);
  const file = path.join(root, 'Machine', 'Registry.pol');
  await runCli(['build', 'offer-remote-assistance', '--state', 'disabled', '-o', file, '--force']);
  const all = await auditTree(root);
  const one = await auditTree(root, { policy: 'offer-remote-assistance' });
  assert.is(one.entries[0]!.unexplained, all.entries[0]!.unexplained);
});

const BACKUPS = path.resolve(ROOT, '..', 'shared', 'gpo-backups');
if (existsSync(BACKUPS)) {
  test('the real baseline backups are named by GPMC\'s manifest: GPO GUID (not the backup id), domain and name', async () => {
    const r = await auditTree(BACKUPS);
    const e = r.entries.find((x) => x.gpo.backupId === '{04602802-38C4-4900-87CD-B126DA8875ED}' || x.file.includes('{DD32F334-CB07-4579-96E3-06F27B6B5FAB}'))!;
    assert.ok(e.gpo.guid && e.gpo.guid !== e.gpo.folder.split('/').pop());
    assert.is(e.gpo.domain, 'security.local');
    assert.is(e.gpo.source, 'bkupInfo.xml');
    assert.ok(e.gpo.backupTime);
    assert.equal(r.skipped, []);
  });
} else {
  // Counted as skipped, never as passed.
  test.skip('real GPO backups: ../shared/gpo-backups is absent, so the identity check on them is skipped', () => {});
  console.log('  (skipped: ../shared/gpo-backups not found)');
}

test.run();
