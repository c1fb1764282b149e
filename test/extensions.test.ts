/**
 * Firewall, AppLocker and NRPT values in Registry.pol, in the words GPMC uses for them. Rule strings
 * are written here from the grammar in [MS-GPFAS] 2.2.2.19; the AppLocker enforcement words are
 * checked against the NSA's Audit and Enforced AppLocker GPOs; the firewall profile rows against
 * GPMC's own report of the Windows 11 baseline.
 */

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadBytes, type RegOp } from '../src/index.js';
import { encodePol, opsToPol } from '../src/pol.js';
import { encodeDword, encodeMultiString, encodeString } from '../src/registry.js';
import { describeExtensionValue } from '../src/gpo/extensions.js';
import { CORPUS, ROOT, runCli, tempDir } from './helpers.js';

const FW = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\WindowsFirewall';
const SRP = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows\\SrpV2';
const NRPT = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows NT\\DNSClient\\DnsPolicyConfig';
const sz = (key: string, name: string, text: string): RegOp => ({ op: 'set', key, name, type: 1, data: encodeString(text) });
const dword = (key: string, name: string, n: number): RegOp => ({ op: 'set', key, name, type: 4, data: encodeDword(n) });

const RDP = 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=3389|App=%SystemRoot%\\system32\\svchost.exe|Svc=termservice|Name=Remote Desktop - User Mode (TCP-In)|Desc=Inbound rule for RDP|EmbedCtxt=@FirewallAPI.dll,-28752|';
const rule = (sid: string, body: string, extra = '') =>
  `<FilePathRule Id="6db6b1d1-0d5d-4f2c-a0b5-2d1f0c7f3a11" Name="Scripts in Tools" Description="" UserOrGroupSid="${sid}" Action="Deny">${body}${extra}</FilePathRule>\r\n`;

const CASES: [string, RegOp, string | undefined][] = [
  // Firewall rules: the grammar's fields, repeated addresses, a disabled rule, an unknown protocol.
  ['an inbound rule', sz(`${FW}\\FirewallRules`, '{A1}', RDP), 'Inbound rule "Remote Desktop - User Mode (TCP-In)" = Allow; TCP; program %SystemRoot%\\system32\\svchost.exe; service termservice; local port 3389'],
  ['an outbound block, two remote addresses, disabled', sz(`${FW}\\FirewallRules`, 'Block-SMB', 'v2.31|Action=Block|Active=FALSE|Dir=Out|Protocol=17|RPort=445|RA4=10.0.0.0/8|RA4=LocalSubnet|Profile=Public|'), 'Outbound rule "Block-SMB" = Block; UDP; remote port 445; remote addresses 10.0.0.0/8, LocalSubnet; profile Public; disabled'],
  ['a rule on any protocol, no action', sz(`${FW}\\FirewallRules`, 'X', 'v2.10|Dir=In|Name=Odd|'), 'Inbound rule "Odd" = Action (none); any protocol'],
  ['protocol by number', sz(`${FW}\\FirewallRules`, 'X', 'v2.10|Action=Allow|Dir=In|Protocol=132|Name=SCTP|'), 'Inbound rule "SCTP" = Allow; protocol 132'],
  ['not a rule string', sz(`${FW}\\FirewallRules`, 'X', 'Action=Allow|Dir=In|'), undefined],
  // Profile settings, as GPMC's profile rows word them.
  ['firewall on', dword(`${FW}\\DomainProfile`, 'EnableFirewall', 1), 'Domain profile: Firewall state = On'],
  ['inbound block', dword(`${FW}\\PublicProfile`, 'DefaultInboundAction', 1), 'Public profile: Inbound connections = Block'],
  ['outbound allow', dword(`${FW}\\PrivateProfile`, 'defaultoutboundaction', 0), 'Private profile: Outbound connections = Allow'],
  ['notifications off', dword(`${FW}\\DomainProfile`, 'DisableNotifications', 1), 'Domain profile: Display a notification = No'],
  ['local rules not merged', dword(`${FW}\\PublicProfile`, 'AllowLocalPolicyMerge', 0), 'Public profile: Apply local firewall rules = No'],
  ['log size', dword(`${FW}\\DomainProfile\\Logging`, 'LogFileSize', 16384), 'Domain profile: Logging: Size limit (KB) = 16384'],
  ['log path', sz(`${FW}\\DomainProfile\\Logging`, 'LogFilePath', '%systemroot%\\system32\\logfiles\\firewall\\domainfw.log'), 'Domain profile: Logging: Name = %systemroot%\\system32\\logfiles\\firewall\\domainfw.log'],
  ['a profile value not known', dword(`${FW}\\DomainProfile`, 'SomethingNew', 1), undefined],
  ['a global value', dword(FW, 'PolicyVersion', 538), undefined],
  // AppLocker: enforcement per collection, rules with path, publisher and hash conditions.
  ['enforce', dword(`${SRP}\\Exe`, 'EnforcementMode', 1), 'Executable Rules: Enforcement = Enforce rules'],
  ['audit only', dword(`${SRP}\\Script`, 'EnforcementMode', 0), 'Script Rules: Enforcement = Audit only'],
  ['an unknown mode', dword(`${SRP}\\Msi`, 'EnforcementMode', 7), 'Windows Installer Rules: Enforcement = (unknown mode 7)'],
  ['a path rule with exceptions', sz(`${SRP}\\Script\\6db6b1d1-0d5d-4f2c-a0b5-2d1f0c7f3a11`, 'Value', rule('S-1-5-32-545', '<Conditions><FilePathCondition Path="%OSDRIVE%\\Tools\\*"/></Conditions>', '<Exceptions><FilePathCondition Path="%OSDRIVE%\\Tools\\ok\\*"/></Exceptions>')), 'Script Rules: "Scripts in Tools" = Deny BUILTIN\\Users; path %OSDRIVE%\\Tools\\*; 1 exception(s)'],
  ['a publisher rule for a domain SID', sz(`${SRP}\\Exe\\1`, 'Value', rule('S-1-5-21-1-2-3-1001', '<Conditions><FilePublisherCondition PublisherName="O=CONTOSO" ProductName="TOOL" BinaryName="tool.exe"><BinaryVersionRange LowSection="1.0.0.0" HighSection="*"/></FilePublisherCondition></Conditions>')), 'Executable Rules: "Scripts in Tools" = Deny S-1-5-21-1-2-3-1001; publisher O=CONTOSO, product TOOL, file tool.exe, versions 1.0.0.0 to *'],
  ['a hash rule', sz(`${SRP}\\Dll\\1`, 'Value', rule('S-1-1-0', '<Conditions><FileHashCondition><FileHash Type="SHA256" Data="0xAB" SourceFileName="a.dll" SourceFileLength="1"/></FileHashCondition></Conditions>')), 'DLL Rules: "Scripts in Tools" = Deny Everyone; hash of a.dll'],
  ['rule XML that is not well-formed', sz(`${SRP}\\Exe\\1`, 'Value', '<FilePathRule Name="x"'), undefined],
  ['rule XML with a DOCTYPE', sz(`${SRP}\\Exe\\1`, 'Value', '<!DOCTYPE x [<!ENTITY a "b">]><FilePathRule Name="&a;"/>'), undefined],
  ['an unknown collection', dword(`${SRP}\\Other`, 'EnforcementMode', 1), undefined],
  // NRPT: a rule's namespace and servers.
  ['NRPT namespace', { op: 'set', key: `${NRPT}\\DA-{1}`, name: 'Name', type: 7, data: encodeMultiString(['.corp.contoso.com', 'intranet']) }, 'NRPT rule DA-{1}: Namespace = .corp.contoso.com, intranet'],
  ['NRPT servers', sz(`${NRPT}\\DA-{1}`, 'GenericDNSServers', '10.0.0.53'), 'NRPT rule DA-{1}: DNS servers = 10.0.0.53'],
  // Outside the areas, or not a set: no words.
  ['a policy value', dword('HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows\\System', 'EnableSmartScreen', 1), undefined],
  ['a deletion', { op: 'deleteValue', key: `${FW}\\DomainProfile`, name: 'EnableFirewall' }, undefined],
];

test('firewall, AppLocker and NRPT values in words; anything not known gets none', () => {
  for (const [what, op, expected] of CASES) {
    const w = describeExtensionValue(op);
    assert.is(w ? `${w.setting} = ${w.value}` : undefined, expected, what);
  }
});

test('show, show --json and report word them; a value without words stays a record', async () => {
  const dir = tempDir('gpreg-ext-');
  try {
    const pol = path.join(dir, 'Registry.pol');
    writeFileSync(pol, encodePol(opsToPol([dword(`${FW}\\DomainProfile`, 'EnableFirewall', 1), sz(`${FW}\\FirewallRules`, '{A1}', RDP), dword(FW, 'PolicyVersion', 538)])));
    const text = await runCli(['show', pol]);
    assert.match(text.stdout, 'Windows Firewall with Advanced Security (3 record(s)):\n');
    assert.match(text.stdout, '  Domain profile: Firewall state = On (offset 0x8)\n');
    assert.match(text.stdout, '  Inbound rule "Remote Desktop - User Mode (TCP-In)" = Allow; TCP;');
    assert.match(text.stdout, '  set HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\WindowsFirewall "PolicyVersion" = REG_DWORD 538');
    const json = JSON.parse((await runCli(['show', '--json', pol])).stdout);
    const rows = json.unexplained;
    assert.equal(rows.map((u: { words?: { setting: string } }) => u.words?.setting), ['Domain profile: Firewall state', 'Inbound rule "Remote Desktop - User Mode (TCP-In)"', undefined]);
    const html = (await runCli(['report', pol, '-o', '-'])).stdout;
    assert.match(html, '<th scope="col">Setting</th><th scope="col">Value</th>');
    assert.match(html, '<td>Domain profile: Firewall state</td><td>On</td>');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The NSA's AppLocker GPOs come in an Audit and an Enforced copy that differ only in EnforcementMode.
const nsa = (file: string) => (CORPUS ? path.join(CORPUS, 'pol', file) : '');
if (CORPUS && existsSync(nsa('nsa_9d039189.pol')) && existsSync(nsa('nsa_13181c0b.pol'))) {
  test('real: the NSA\'s Audit AppLocker GPO reads "Audit only", its Enforced copy "Enforce rules"; every rule has words', () => {
    for (const [file, mode] of [['nsa_9d039189.pol', 'Audit only'], ['nsa_13181c0b.pol', 'Enforce rules']] as const) {
      const loaded = loadBytes(new Uint8Array(readFileSync(nsa(file))), { path: nsa(file), format: 'pol' });
      const words = loaded.ops.map(describeExtensionValue);
      assert.ok(words.every((w) => w !== undefined), file);
      const modes = words.filter((w) => w!.setting.endsWith(': Enforcement')).map((w) => w!.value);
      assert.equal(modes, Array(5).fill(mode), file);
    }
  });
} else {
  test.skip('real AppLocker GPOs: ../shared/corpus is absent', () => {});
  console.log('  NOTICE: extensions.test.ts: NSA AppLocker check SKIPPED (../shared/corpus absent)');
}

// GPMC's report of the baseline lists each profile value it read (<q3:DomainProfile><q3:EnableFirewall>
// <q3:Value>true</q3:Value>…): each must have words here, agreeing with GPMC's true/false or number.
const BASELINE = path.resolve(ROOT, '..', 'shared', 'gpo-backups', 'ms-security-baseline', 'Win11_24H2', '{DAD42DA1-8499-42FE-A1CD-9E39196D8B98}');
if (existsSync(path.join(BASELINE, 'gpreport.xml'))) {
  test('real baseline: every firewall profile value GPMC reports has words that agree with it', () => {
    const report = new TextDecoder('utf-16le').decode(readFileSync(path.join(BASELINE, 'gpreport.xml')));
    const gpmc = new Map<string, string>();
    for (const p of report.matchAll(/<q\d+:(Domain|Private|Public)Profile>([\s\S]*?)<\/q\d+:\1Profile>/g)) {
      for (const v of p[2]!.matchAll(/<q\d+:(\w+)>\s*<q\d+:Value>([^<]*)<\/q\d+:Value>/g)) gpmc.set(`${p[1]} profile/${v[1]}`, v[2]!);
    }
    assert.ok(gpmc.size >= 20, `${gpmc.size} profile values in GPMC's report`);
    const pol = path.join(BASELINE, 'DomainSysvol', 'GPO', 'Machine', 'registry.pol');
    const loaded = loadBytes(new Uint8Array(readFileSync(pol)), { path: pol, format: 'pol' });
    // GPMC's true is the value's 1; the words say what that 1 means for the value.
    const meaning: Record<string, [string, string]> = {
      EnableFirewall: ['On', 'Off'], DefaultInboundAction: ['Block', 'Allow'], DefaultOutboundAction: ['Block', 'Allow'],
      DisableNotifications: ['No', 'Yes'], AllowLocalPolicyMerge: ['Yes', 'No'], AllowLocalIPsecPolicyMerge: ['Yes', 'No'],
      LogDroppedPackets: ['Yes', 'No'], LogSuccessfulConnections: ['Yes', 'No'],
    };
    let checked = 0;
    for (const [where, value] of gpmc) {
      const [profile, name] = where.split('/') as [string, string];
      const op = loaded.ops.find((o) => o.op === 'set' && o.name === name && o.key.toLowerCase().includes(`\\${profile.split(' ')[0]!.toLowerCase()}profile`));
      assert.ok(op, where);
      const w = describeExtensionValue(op!);
      assert.ok(w?.setting.startsWith(`${profile}: `), `${where}: ${w?.setting}`);
      const expected = meaning[name] ? meaning[name]![value === 'true' ? 0 : 1] : value;
      assert.is(w!.value, expected, where);
      checked++;
    }
    assert.is(checked, gpmc.size);
  });
} else {
  test.skip('real baseline: ../shared/gpo-backups is absent', () => {});
  console.log('  NOTICE: extensions.test.ts: GPMC firewall check SKIPPED (../shared/gpo-backups absent)');
}

test.run();
