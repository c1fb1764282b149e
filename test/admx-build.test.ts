/**
 * Building template policies: the records each construct of fixtures/admx/all-elements gives, per
 * state. The expected lists were written by hand from the rules (the Group Policy editor's
 * behaviour as the issue and docs/admx.md state it), not produced by gpreg.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPolicyDefinitions } from '../src/admx/load.js';
import { buildPolicies, buildPolicy, readPolicies, type RegOp } from '../src/index.js';
import { decodePol, encodePol, opsToPol } from '../src/pol.js';
import { decodeValue } from '../src/registry/values.js';
import { regTypeName } from '../src/registry/types.js';
import { fixture } from './helpers.js';

const set = await loadPolicyDefinitions(fixture('admx/all-elements'));
const P = 'Software\\Policies\\Gpreg\\';
/** `set Key:Name = TYPE value`, the key without hive and without the common prefix. */
const show = (ops: readonly RegOp[]) =>
  ops.map((o) => {
    const k = o.key.replace(/^HKEY_[A-Z_]+\\/, '').replace(P, '');
    if (o.op === 'set') {
      const v = decodeValue(o.type, o.data);
      return `set ${k}:${o.name} = ${regTypeName(o.type)} ${JSON.stringify(typeof v.value === 'bigint' ? String(v.value) : v.value)}${o.soft ? ' soft' : ''}`;
    }
    return `${o.op} ${k}${'name' in o ? `:${o.name}` : ''}`;
  });
const build = (id: string, setting: object) => show(buildPolicy(id, setting, { set }).ops);

const cases: Array<[string, object, string[]]> = [
  ['Values', { state: 'enabled' }, ['set Values:On = REG_SZ "yes"', 'set Values\\Extra:A = REG_DWORD 1', 'set Other:B = REG_QWORD "4294967296"']],
  ['Values', { state: 'disabled' }, ['deleteValue Values:On', 'set Values:Off = REG_DWORD 7']],
  // Defaults from the ADML: Plain checked; Valued and Listed unchecked. Unchecked without falseValue: **del.
  ['Booleans', { state: 'enabled' }, ['set Booleans:Plain = REG_DWORD 1', 'set Booleans:Valued = REG_SZ "off"', 'deleteValue Booleans\\Sub:Listed', 'deleteValue Booleans\\Sub:F1']],
  ['Booleans', { state: 'enabled', Plain: false, Valued: true, Listed: 'true' }, ['deleteValue Booleans:Plain', 'set Booleans:Valued = REG_SZ "on"', 'set Booleans\\Sub:Listed = REG_DWORD 1', 'set Booleans\\Sub:T1 = REG_DWORD 11']],
  // Disabled: **del. except a boolean with falseValue/falseList, which writes those.
  ['Booleans', { state: 'disabled' }, ['deleteValue Booleans:Plain', 'set Booleans:Valued = REG_SZ "off"', 'deleteValue Booleans\\Sub:F1']],
  // DecSoft has neither default nor value: not written. storeAsText: REG_SZ. longDecimal: QWORD.
  ['Numbers', { state: 'enabled' }, ['set Numbers:Numbers = REG_DWORD 1', 'set Numbers:Dec = REG_DWORD 10', 'set Numbers:DecText = REG_SZ "3"', 'set Numbers:Long = REG_QWORD "5000000000"']],
  ['Numbers', { state: 'enabled', Dec: 50, DecSoft: 4 }, ['set Numbers:Numbers = REG_DWORD 1', 'set Numbers:Dec = REG_DWORD 50', 'set Numbers:DecText = REG_SZ "3"', 'set Numbers\\Soft:DecSoft = REG_DWORD 4 soft', 'set Numbers:Long = REG_QWORD "5000000000"']],
  ['Numbers', { state: 'disabled' }, ['set Numbers:Numbers = REG_DWORD 0', 'deleteValue Numbers:Dec', 'deleteValue Numbers:DecText', 'deleteValue Numbers\\Soft:DecSoft', 'deleteValue Numbers:Long']],
  // An empty text is still written; expandable → REG_EXPAND_SZ.
  ['Texts', { state: 'enabled', Name: 'gp', Combo: '', Lines: ['a', 'b'] }, ['set Texts:Name = REG_SZ "gp"', 'set Texts:Path = REG_EXPAND_SZ "%SystemRoot%\\\\gpreg"', 'set Texts:Combo = REG_SZ ""', 'set Texts:Lines = REG_MULTI_SZ ["a","b"]']],
  ['Texts', { state: 'disabled' }, ['deleteValue Texts:Name', 'deleteValue Texts:Path', 'deleteValue Texts:Combo', 'deleteValue Texts:Lines']],
  // The dropdown's defaultItem="1" is High, with its valueList.
  ['Choice', { state: 'enabled' }, ['set Choice:Choice = REG_DWORD 1', 'set Choice:Mode = REG_SZ "high"', 'set Choice\\High:Boost = REG_DWORD 2']],
  ['Choice', { state: 'enabled', Mode: 'low' }, ['set Choice:Choice = REG_DWORD 1', 'set Choice:Mode = REG_DWORD 1']],
  ['Choice', { state: 'disabled' }, ['set Choice:Choice = REG_DWORD 0', 'deleteValue Choice:Mode']],
  // Non-additive lists: **delvals. then items; additive: items only; names per valuePrefix/explicitValue.
  [
    'Lists',
    { state: 'enabled', Named: ['x'], Numbered: ['%a%', 'b'], Prefixed: ['p'], Pairs: [{ name: 'n', value: 'v' }] },
    ['set Lists:Lists = REG_DWORD 1', 'deleteAllValues Lists\\Named', 'set Lists\\Named:x = REG_SZ "x"', 'deleteAllValues Lists\\Numbered', 'set Lists\\Numbered:1 = REG_EXPAND_SZ "%a%"', 'set Lists\\Numbered:2 = REG_EXPAND_SZ "b"', 'set Lists\\Prefixed:Item1 = REG_SZ "p"', 'deleteAllValues Lists\\Pairs', 'set Lists\\Pairs:n = REG_SZ "v"'],
  ],
  ['Lists', { state: 'disabled' }, ['deleteValue Lists:Lists', 'deleteAllValues Lists\\Named', 'deleteAllValues Lists\\Numbered', 'deleteAllValues Lists\\Prefixed', 'deleteAllValues Lists\\Pairs']],
];
for (const [id, setting, want] of cases) {
  test(`${id} ${JSON.stringify(setting)}`, () => {
    assert.equal(build(id, setting), want);
    assert.equal(build(id, { state: 'notConfigured' }), []);
  });
}

test('hives: User policies go to HKCU, Machine and Both (by default) to HKLM', () => {
  assert.match(buildPolicy('Booleans', { state: 'disabled' }, { set }).ops[0]!.key, /^HKEY_CURRENT_USER\\/);
  assert.match(buildPolicy('Numbers', { state: 'disabled' }, { set, hive: 'HKEY_CURRENT_USER' }).ops[0]!.key, /^HKEY_CURRENT_USER\\/);
  assert.match(buildPolicy('Values', { state: 'disabled' }, { set, hive: 'HKEY_CURRENT_USER' }).ops[0]!.key, /^HKEY_LOCAL_MACHINE\\/);
});

test('errors name the option and what is allowed', () => {
  const code = (id: string, s: object) => {
    try {
      buildPolicy(id, s, { set });
    } catch (e) {
      return `${(e as { code: string }).code}: ${(e as Error).message}`;
    }
    return 'no error';
  };
  assert.match(code('Texts', { state: 'enabled' }), /^POLICY_MISSING_OPTION: Name: .*no default/);
  assert.match(code('Numbers', { state: 'enabled', Dec: 4 }), /^POLICY_OUT_OF_RANGE: Dec: expected 5 to 50, found 4/);
  assert.match(code('Texts', { state: 'enabled', Name: '12345678901' }), /^POLICY_OUT_OF_RANGE: Name: at most 10 characters/);
  assert.match(code('Texts', { state: 'enabled', Name: 'a', Lines: ['1', '2', '3', '4'] }), /^POLICY_OUT_OF_RANGE: Lines: at most 3 strings/);
  assert.match(code('Choice', { state: 'enabled', Mode: 'medium' }), /^POLICY_BAD_ENUM: Mode: expected one of Mode_Low \("Low"\), Mode_High \("High & boosted"\)/);
  assert.match(code('Choice', { state: 'enabled', Nope: 1 }), /^POLICY_UNKNOWN_OPTION: Nope: Choice has no such option; it has Mode/);
  // Options by element id, by label, any case; enum items by id or by what the dropdown shows.
  assert.equal(build('Choice', { state: 'enabled', 'mode:': 'HIGH & BOOSTED' }), build('Choice', { state: 'enabled', Mode: 'Mode_High' }));
});

test('**del. and **delvals. are REG_SZ " " (size 4) in the .pol, as the editor writes them', () => {
  const recs = decodePol(encodePol(opsToPol(buildPolicy('Lists', { state: 'disabled' }, { set }).ops))).records;
  for (const r of recs.filter((r) => r.name.startsWith('**'))) {
    assert.is(r.type, 1);
    assert.equal([...r.data], [0x20, 0, 0, 0]);
  }
});

test('several policies: keys in the editor\'s order (component-wise, no case), each key\'s records together', () => {
  const all = buildPolicies(
    ['Values', 'Numbers', 'Choice', 'Lists'].map((policy) => ({ policy, setting: { state: 'disabled' } })),
    { set },
  );
  const keys = all.ops.map((o) => o.key.replace(/^HKEY_[A-Z_]+\\/, '').replace(P, ''));
  assert.equal([...new Set(keys)], ['Choice', 'Lists', 'Lists\\Named', 'Lists\\Numbered', 'Lists\\Pairs', 'Lists\\Prefixed', 'Numbers', 'Numbers\\Soft', 'Values']);
  for (let i = 1; i < keys.length; i++) if (keys[i] !== keys[i - 1]) assert.not.ok(keys.slice(0, i - 1).includes(keys[i]!));
});

test('read(build(p, s)) = s for every fixture case, options included', () => {
  for (const [id, setting] of cases) {
    const built = buildPolicy(id, setting, { set });
    const r = readPolicies(built.ops, { catalog: set });
    const p = r.policies.find((x) => x.policy === id)!;
    assert.is(p.state, (setting as { state: string }).state, `${id} ${JSON.stringify(setting)}`);
    if (p.state === 'enabled') {
      const norm = (m: Map<string, unknown>) => JSON.stringify(Object.fromEntries([...m].filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1))), (_, v) => (typeof v === 'bigint' ? String(v) : v));
      assert.is(norm(p.options), norm(built.setting.options), `${id} ${JSON.stringify(setting)}`);
    }
    assert.equal(r.unexplained, []);
  }
});

test.run();
