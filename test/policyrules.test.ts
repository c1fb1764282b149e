/**
 * Policy Analyzer's `.PolicyRules` files (#21): read (tolerant of attribute or element fields),
 * written in Microsoft's conventions, every entry kept both ways; a rule file is a `compare` source,
 * and `convert` writes one from a GPO or a tree. The real-data check: each Microsoft baseline in
 * ../shared, written as a rule file, meets the baseline it came from, both ways, 100%.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GpregError } from '../src/index.js';
import { parsePolicyRules, serializePolicyRules } from '../src/formats/policyrules.js';
import { unitsOfPolicyRules } from '../src/compare/policyrules.js';
import { fixture, readBytes, runCli } from './helpers.js';
import { SHARED_GPOS } from './gpmc.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'gpreg-policyrules-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));
const SMALL = fixture('policyrules', 'small.PolicyRules');

test('every entry of the fixture is read, element and attribute fields alike', () => {
  const doc = parsePolicyRules(readBytes(SMALL));
  assert.equal(doc.diagnostics, []);
  assert.equal(doc.rules.map((r) => r.kind), ['registry', 'registry', 'registry', 'registry', 'registry', 'security', 'security', 'security', 'audit']);
  assert.equal(doc.rules[4], { kind: 'registry', scope: 'User', key: 'Software\\Policies\\Contoso', value: 'Wallpaper', regType: 'REG_SZ', regData: 'C:\\a & b.jpg', policyName: 'Contoso - User' });
  assert.equal(doc.rules[0]!.sourceFile, 'DomainSysvol\\GPO\\Machine\\registry.pol');
  assert.equal(doc.rules.filter((r) => r.kind === 'security').map((r) => r.kind === 'security' && `${r.section}: ${r.line}`), ['System Access: MinimumPasswordLength = 14', 'System Access: PasswordComplexity = 1', 'Privilege Rights: SeDenyNetworkLogonRight = *S-1-5-32-546']);
});

test('written and read back, every entry is kept; written twice, the same text', () => {
  const rules = parsePolicyRules(readBytes(SMALL)).rules;
  const text = serializePolicyRules(rules);
  const again = parsePolicyRules(new Uint8Array(Buffer.from(text)));
  assert.equal(again.rules, rules);
  assert.is(serializePolicyRules(again.rules), text);
  assert.ok(text.startsWith('\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n<PolicyRules>'));
});

test('line breaks, CRs and tabs survive writing and reading, in elements and in the Section attribute (found by fuzzing)', () => {
  const rules = [
    { kind: 'security' as const, section: 'Pr\nivilege\tRights', line: 'a\r\nb = 1', policyName: 'x\ry' },
    { kind: 'registry' as const, scope: 'Machine' as const, key: 'Software\\A', value: 'v\r', regType: 'REG_SZ', regData: 'one\r\ntwo\n' },
  ];
  assert.equal(parsePolicyRules(new Uint8Array(Buffer.from(serializePolicyRules(rules)))).rules, rules);
});

test('entries as operations and parts: numbers from decimal, a list one item per line, the delete markers', () => {
  const { units, diagnostics } = unitsOfPolicyRules(parsePolicyRules(readBytes(SMALL)).rules);
  assert.equal(diagnostics, []);
  assert.equal(units.map((u) => `${u.gpo}/${u.scope}`), ['Contoso - Computer/Machine', 'Contoso - User/User', 'Contoso - Domain/Machine']);
  const ops = units[0]!.ops;
  assert.equal(ops.map((o) => o.op), ['set', 'set', 'deleteValue', 'deleteAllValues']);
  assert.equal([...(ops[0] as { data: Uint8Array }).data], [0xff, 0xff, 0xff, 0xff]);
  assert.equal(Buffer.from((ops[1] as { data: Uint8Array }).data).toString('utf16le'), 'NistP384\0NistP256\0\0');
  assert.equal(units[0]!.parts!.audit!.settings.map((s) => [s.subcategory, s.setting]), [['Audit Logon', 'Success and Failure']]);
  assert.equal(units[2]!.parts!.security!.template.account.map((a) => a.name), ['MinimumPasswordLength', 'PasswordComplexity']);
});

const BAD: Array<[string, string, RegExp]> = [
  ['not XML', '<PolicyRules><ComputerConfig>', /^not well-formed XML/],
  ['another document', '<?xml version="1.0"?><GroupPolicyBackupScheme/>', /expected a <PolicyRules> document, found <GroupPolicyBackupScheme>/],
  ['a DTD with an entity', '<?xml version="1.0"?><!DOCTYPE PolicyRules [<!ENTITY x SYSTEM "file:///etc/passwd">]><PolicyRules>&x;</PolicyRules>', /^not well-formed XML/],
];
for (const [name, text, message] of BAD) {
  test(`bad input is POLICYRULES_BAD with its line: ${name}`, () => {
    try {
      parsePolicyRules(new Uint8Array(Buffer.from(text)));
      assert.unreachable();
    } catch (e) {
      assert.ok(e instanceof GpregError);
      assert.is(e.code, 'POLICYRULES_BAD');
      assert.match(e.reason, message);
    }
  });
}

test('CLI: a rule file is a compare source (one, or one per GPO with --each); convert writes one from a file; entries it cannot read are said', async () => {
  const each = JSON.parse((await runCli(['compare', '--json', '--each', SMALL])).stdout) as { sources: string[] };
  assert.equal(each.sources, ['Contoso - Computer', 'Contoso - User', 'Contoso - Domain']);
  const one = JSON.parse((await runCli(['compare', '--json', SMALL])).stdout) as { sources: string[]; settings: Array<{ name: string; values: unknown[] }> };
  assert.equal(one.sources, [`${SMALL} (3 GPOs)`]);
  assert.ok(one.settings.some((s) => s.name === 'Minimum password length' && s.values[0] === '14'));
  const out = path.join(tmp, 'offer.PolicyRules');
  const r = await runCli(['convert', fixture('policies', 'offer-remote-assistance', 'enabled.pol'), out]);
  assert.is(r.code, 0, r.stderr);
  const written = parsePolicyRules(readFileSync(out));
  assert.ok(written.rules.length > 3);
  assert.ok(written.rules.every((x) => x.kind === 'registry' && x.scope === 'Machine' && x.policyName === 'enabled.pol'));
  const same = await runCli(['compare', '--baseline', fixture('policies', 'offer-remote-assistance', 'enabled.pol'), out]);
  assert.is(same.code, 0, same.stdout);
  const bad = path.join(tmp, 'bad.PolicyRules');
  writeFileSync(bad, '<PolicyRules><ComputerConfig><Key>Software\\Policies\\A</Key><Value>n</Value><RegType>REG_DWORD</RegType><RegData>lots</RegData></ComputerConfig></PolicyRules>');
  const warned = await runCli(['compare', bad, SMALL]);
  assert.match(warned.stderr, 'POLICYRULES_BAD');
  assert.match(warned.stderr, 'REG_DWORD data "lots" is not a 32-bit number');
});

(SHARED_GPOS ? test : test.skip)('each Microsoft baseline written as a .PolicyRules file meets the baseline, both ways, 100%', async () => {
  if (!SHARED_GPOS) return;
  for (const set of ['Win11_24H2', 'M365_2306', 'Edge128']) {
    const tree = path.join(SHARED_GPOS, set);
    const rules = path.join(tmp, `${set}.PolicyRules`);
    assert.is((await runCli(['convert', tree, rules])).code, 0, set);
    for (const [baseline, source] of [[tree, rules], [rules, tree]] as const) {
      const r = await runCli(['compare', '--baseline', baseline, source]);
      assert.is(r.code, 0, `${set}: ${r.stdout.slice(0, 1500)}`);
      assert.match(r.stdout, '100% — ');
    }
    // Read and written again: the same text.
    const text = readFileSync(rules, 'utf8');
    assert.is(serializePolicyRules(parsePolicyRules(new Uint8Array(Buffer.from(text))).rules), text);
  }
});

test.run();
