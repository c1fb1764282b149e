/**
 * Policy Analyzer's `.PolicyRules` files (#21): read (tolerant of attribute or element fields),
 * written in Microsoft's conventions, every entry kept both ways; a rule file is a `compare` source,
 * and `convert` writes one from a GPO or a tree. The real-data check: each Microsoft baseline in
 * ../shared, written as a rule file, meets the baseline it came from, both ways, 100%.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GpregError, detectFileFormat, loadBytes } from '../src/index.js';
import { parsePolicyRules, serializePolicyRules } from '../src/formats/policyrules.js';
import { unitsOfPolicyRules } from '../src/compare/policyrules.js';
import { fixture, readBytes, runCli, tempDir } from './helpers.js';
import { SHARED_GPOS } from './gpmc.js';

const tmp = tempDir('gpreg-policyrules-');
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

test('a rule file is told from its bytes, whatever its name; other XML is not one', () => {
  assert.is(detectFileFormat(readBytes(SMALL)), 'policyrules');
  assert.is(detectFileFormat(readBytes(SMALL), 'baseline.xml'), 'policyrules');
  const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="utf-16"?>\r\n<PolicyRules/>', 'utf16le')]));
  assert.is(detectFileFormat(utf16), 'policyrules');
  assert.is.not(detectFileFormat(new Uint8Array(Buffer.from('<?xml version="1.0"?><policyDefinitions/>'))), 'policyrules');
  assert.is.not(detectFileFormat(new Uint8Array(Buffer.from('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\Software\\PolicyRules]\r\n'))), 'policyrules');
});

test('a rule file loads as any input: its registry entries as operations in both hives, each with its element\'s line', () => {
  const loaded = loadBytes(readBytes(SMALL));
  assert.is(loaded.format, 'policyrules');
  assert.equal(loaded.ops.map((o) => `${o.op} ${o.key}`), [
    'set HKEY_LOCAL_MACHINE\\Software\\Policies\\Contoso',
    'set HKEY_LOCAL_MACHINE\\Software\\Policies\\Contoso',
    'deleteValue HKEY_LOCAL_MACHINE\\Software\\Policies\\Contoso',
    'deleteAllValues HKEY_LOCAL_MACHINE\\Software\\Policies\\Contoso\\Cleared',
    'set HKEY_CURRENT_USER\\Software\\Policies\\Contoso',
  ]);
  // The lines of the fixture's <ComputerConfig> and <UserConfig> elements, as an editor numbers them.
  const text = readFileSync(SMALL, 'utf8').split('\n');
  const elementLines = text.flatMap((l, i) => (/^\s*<(ComputerConfig|UserConfig)[\s>]/.test(l) ? [i + 1] : []));
  assert.equal(loaded.positions.map((p) => p.line), elementLines);
  assert.is(loaded.rules!.rules.length, 9);
});

test('CLI: show, dump, check and report read a rule file as its GPOs taken together, security template and audit policy included', async () => {
  const shown = await runCli(['show', SMALL]);
  assert.is(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /^Policy Analyzer rules .*small\.PolicyRules: 3 GPOs taken together \("Contoso - Computer", "Contoso - User", "Contoso - Domain"\)/);
  assert.match(shown.stdout, /== Machine ==[\s\S]*"Level" = REG_DWORD 4294967295 \(line 7\)[\s\S]*MinimumPasswordLength: 14[\s\S]*Audit Logon: Success and Failure[\s\S]*== User ==[\s\S]*"Wallpaper"/);
  const json = JSON.parse((await runCli(['show', '--json', SMALL])).stdout) as { rules: string; gpos: string[]; sides: Record<string, { unexplained?: unknown[]; security?: unknown; audit?: unknown } | null> };
  assert.equal(json.gpos, ['Contoso - Computer', 'Contoso - User', 'Contoso - Domain']);
  assert.ok(json.sides['Machine']!.security && json.sides['Machine']!.audit, JSON.stringify(Object.keys(json.sides['Machine']!)));
  assert.ok(!json.sides['User']!.security);
  const dumped = JSON.parse((await runCli(['dump', SMALL])).stdout) as { format: string; ops: unknown[]; rules: unknown[] };
  assert.is(dumped.format, 'policyrules');
  assert.is(dumped.ops.length, 5);
  assert.is(dumped.rules.length, 9);
  const checked = await runCli(['check', SMALL]);
  assert.is(checked.code, 0, checked.stderr);
  const page = path.join(tmp, 'rules.html');
  assert.is((await runCli(['report', SMALL, '-o', page])).code, 0);
  const html = readFileSync(page, 'utf8');
  assert.match(html, 'MinimumPasswordLength');
  assert.match(html, 'Wallpaper');
});

test('CLI: diff takes a rule file on either side, against a GPO folder or another rule file, side by side with the security template and audit policy', async () => {
  const gpo = fixture('gpo', '{00000000-1111-2222-3333-444444444444}');
  const rules = path.join(tmp, 'gpo.PolicyRules');
  assert.is((await runCli(['convert', gpo, rules])).code, 0);
  // The GPO and its rule file say the same, except what a rule file cannot hold (preferences).
  const same = JSON.parse((await runCli(['diff', '--json', gpo, rules])).stdout) as { sides: Record<string, { same: boolean; policies: unknown[]; registry: unknown[]; parts: Array<{ area: string }> }> };
  for (const side of ['Machine', 'User']) {
    assert.equal(same.sides[side]!.registry, [], side);
    assert.equal(same.sides[side]!.policies, [], side);
    assert.ok(same.sides[side]!.parts.every((p) => p.area === 'preferences'), JSON.stringify(same.sides[side]!.parts));
  }
  // One line of the security template changed: the diff names it, and exits 1.
  const edited = path.join(tmp, 'edited.PolicyRules');
  const text = readFileSync(rules, 'utf8');
  assert.match(text, '<LineItem>LockoutBadCount = 10</LineItem>');
  writeFileSync(edited, text.replace('<LineItem>LockoutBadCount = 10</LineItem>', '<LineItem>LockoutBadCount = 3</LineItem>'));
  const changed = await runCli(['diff', rules, edited]);
  assert.is(changed.code, 1);
  assert.match(changed.stdout, 'LockoutBadCount: 10 → 3');
  const usage = await runCli(['diff', rules, fixture('policies', 'offer-remote-assistance', 'enabled.pol')]);
  assert.is(usage.code, 2);
  assert.match(usage.stderr, 'USAGE');
});

test('CLI: converting a rule file to a registry file says what it leaves out; --fail-on-lossy refuses', async () => {
  const out = path.join(tmp, 'rules.reg');
  const r = await runCli(['convert', SMALL, out]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, 'CONVERT_SKIPPED_ENTRIES: 4 SecurityTemplate and AuditSubcategory entries are no registry values');
  const refused = await runCli(['convert', '--fail-on-lossy', SMALL, path.join(tmp, 'refused.reg')]);
  assert.is(refused.code, 2);
  assert.match(refused.stderr, 'CONVERT_LOSSY');
});

(SHARED_GPOS ? test : test.skip)('each Microsoft baseline GPO and the rule file written from it: diff finds nothing (registry, policies, security template, audit policy)', async () => {
  if (!SHARED_GPOS) return;
  let n = 0;
  for (const set of ['Win11_24H2', 'M365_2306', 'Edge128']) {
    for (const dir of readdirSync(path.join(SHARED_GPOS, set)).filter((d) => d.startsWith('{'))) {
      const gpo = path.join(SHARED_GPOS, set, dir);
      const rules = path.join(tmp, `${dir}.PolicyRules`);
      assert.is((await runCli(['convert', gpo, rules])).code, 0, gpo);
      const r = await runCli(['diff', gpo, rules]);
      assert.is(r.code, 0, `${gpo}: ${r.stdout.slice(0, 1500)}`);
      n++;
    }
  }
  assert.is(n, 15);
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
