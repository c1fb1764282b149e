/**
 * Tattooing (#21): values a GPO sets outside the policy keys stay in the registry after the GPO is
 * removed. The policy keys are Group Policy's own (Software\Policies and
 * Software\Microsoft\Windows\CurrentVersion\Policies, under HKLM and HKCU), as Microsoft documents.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { auditTree, BUILTIN, compareSources, type RegOp } from '../src/index.js';
import { encodePol, opsToPol } from '../src/pol.js';
import { encodeDword } from '../src/registry.js';
import { isPolicyKey, tattooFindings } from '../src/registry/tattoo.js';
import { runCli, tempDir } from './helpers.js';

const tmp = tempDir('gpreg-tattoo-');
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const KEYS: Array<[string, boolean]> = [
  ['HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows\\System', true],
  ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies', true],
  ['HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer', true],
  ['HKEY_LOCAL_MACHINE\\Software\\PoliciesX\\A', false],
  ['HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Services\\Tcpip\\Parameters', false],
  ['HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon', false],
  ['HKEY_USERS\\S-1-5-18\\Software\\Policies\\A', false],
];
for (const [key, policy] of KEYS) test(`isPolicyKey(${key}) is ${policy}`, () => assert.is(isPolicyKey(key), policy));

const set = (key: string, name: string): RegOp => ({ op: 'set', key, name, type: 4, data: encodeDword(1) });
const TCPIP = 'HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Services\\Tcpip\\Parameters';
const OPS = [set('HKEY_LOCAL_MACHINE\\Software\\Policies\\Contoso', 'a'), set(TCPIP, 'DisableIPSourceRouting'), set(TCPIP, 'EnableICMPRedirect'), { op: 'deleteValue', key: 'HKEY_LOCAL_MACHINE\\System\\X', name: 'y' } as RegOp];

test('one note per key outside the policy keys, with the count; deletions and policy keys are left alone', () => {
  const found = tattooFindings(OPS, (i) => ({ offset: i }));
  assert.equal(found.map((d) => [d.severity, d.code, d.offset]), [['info', 'POLICY_TATTOO', 1]]);
  assert.match(found[0]!.message, /^2 value\(s\) under HKLM\\System\\CurrentControlSet\\Services\\Tcpip\\Parameters: /);
});

test('show names it, audit counts it (exit status unchanged), compare marks the row', async () => {
  const dir = path.join(tmp, 'gpo', '{12345678-1234-1234-1234-123456789012}', 'Machine');
  mkdirSync(dir, { recursive: true });
  const pol = path.join(dir, 'Registry.pol');
  writeFileSync(pol, encodePol(opsToPol(OPS)));
  const show = await runCli(['show', pol]);
  assert.match(show.stdout, 'POLICY_TATTOO');
  const report = await auditTree(path.join(tmp, 'gpo'));
  assert.equal(report.entries[0]!.tattoo?.map((d) => d.code), ['POLICY_TATTOO']);
  assert.equal(report.entries[0]!.findings, []);
  const audit = await runCli(['audit', path.join(tmp, 'gpo')]);
  assert.match(audit.stdout, 'values under 1 key(s) outside the policy keys (they stay after the GPO is removed)');
  const c = compareSources([{ name: 'a', units: [{ gpo: 'a', scope: 'Machine', ops: OPS }] }], BUILTIN);
  assert.equal(c.settings.filter((r) => r.tattoo).map((r) => r.name.split('\\').pop()), ['DisableIPSourceRouting', 'EnableICMPRedirect']);
  assert.is(c.settings.find((r) => r.name.endsWith('\\a'))!.tattoo, undefined);
});

test.run();
