import { readFileSync } from 'node:fs';
import * as fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPolicy, readPolicies, type RegOp } from '../src/index.js';
import { decodePol, encodePol, opsToPol, polToOps } from '../src/pol.js';
import { parseReg, regToOps, serializeReg } from '../src/reg.js';
import { fixture, HEADER_ONLY, readBytes, sameBytes } from './helpers.js';

const TS = 'HKEY_LOCAL_MACHINE\\Software\\policies\\Microsoft\\Windows NT\\Terminal Services';
const u16 = (s: string) => new Uint8Array(Buffer.from(s + '\0', 'utf16le'));
const dw = (n: number) => new Uint8Array([n, 0, 0, 0]);
const readFile = (file: string) => {
  const bytes = file.endsWith('not-configured.pol') ? HEADER_ONLY : readBytes(file);
  return readPolicies(file.endsWith('.pol') ? polToOps(decodePol(bytes)).ops : regToOps(parseReg(bytes)));
};
const codes = (r: ReturnType<typeof readPolicies>) => r.policies[0]!.findings.map((f) => f.code);

const settings = JSON.parse(readFileSync(fixture('policies/offer-remote-assistance/settings.json'), 'utf8')) as Record<string, { state: string; control?: string; helpers?: string[] }>;
for (const [state, s] of Object.entries(settings)) {
  for (const ext of ['pol', 'reg']) {
    test(`golden ${state}.${ext} reads back as ${s.state}`, () => {
      const r = readFile(fixture(`policies/offer-remote-assistance/${state}.${ext}`));
      if (state === 'not-configured' && ext === 'pol') {
        assert.equal(r.policies, []);
        return;
      }
      const p = r.policies[0]!;
      assert.is(p.state, s.state);
      if (s.state === 'enabled') assert.equal(Object.fromEntries(p.options), { control: s.control, helpers: s.helpers });
      assert.equal(r.unexplained, []);
    });
  }
}

test('findings: the seed page\'s REG_MULTI_SZ layout is read and reported; Windows ignores it', () => {
  const r = readPolicies([
    { op: 'set', key: TS, name: 'fAllowUnsolicited', type: 4, data: dw(1) },
    { op: 'set', key: TS, name: 'fAllowUnsolicitedFullControl', type: 4, data: dw(0) },
    { op: 'set', key: `${TS}\\RAUnsolicit`, name: 'fAllowUnsolicited', type: 7, data: new Uint8Array(Buffer.from('CONTOSO\\A\0CONTOSO\\B\0\0', 'utf16le')) },
  ]);
  assert.equal(r.policies[0]!.options.get('helpers'), ['CONTOSO\\A', 'CONTOSO\\B']);
  assert.ok(codes(r).includes('POLICY_MULTI_SZ_LAYOUT'));
  assert.match(r.policies[0]!.findings.find((f) => f.code === 'POLICY_MULTI_SZ_LAYOUT')!.message, 'Windows ignores');
});

test('findings: no helpers, full control, helper form, duplicate, enum value outside the definition, firewall note', () => {
  const none = readPolicies(buildPolicy('offer-remote-assistance', { state: 'enabled', control: 'full', helpers: [] }).ops);
  assert.equal(codes(none), ['POLICY_FULL_CONTROL', 'POLICY_EMPTY_LIST', 'POLICY_NOTE']);
  const odd = readPolicies([
    { op: 'set', key: TS, name: 'fAllowUnsolicited', type: 4, data: dw(1) },
    { op: 'set', key: TS, name: 'fAllowUnsolicitedFullControl', type: 4, data: dw(7) },
    { op: 'deleteAllValues', key: `${TS}\\RAUnsolicit` },
    { op: 'set', key: `${TS}\\RAUnsolicit`, name: 'HelpDesk', type: 1, data: u16('HelpDesk') },
    { op: 'set', key: `${TS}\\RAUnsolicit`, name: 'x', type: 1, data: u16('BAD*NAME\\y') },
  ]);
  assert.equal(codes(odd).sort(), ['POLICY_BAD_ENUM', 'POLICY_BAD_HELPER', 'POLICY_HELPER_NO_DOMAIN', 'POLICY_LIST_MISMATCH', 'POLICY_NOTE']);
  assert.is(odd.policies[0]!.state, 'enabled');
  assert.is(odd.policies[0]!.options.has('control'), false);
});

test('findings: policy values in the wrong hive', () => {
  const user = readPolicies(buildPolicy('offer-remote-assistance', { state: 'disabled' }).ops.map((o) => ({ ...o, key: o.key.replace('HKEY_LOCAL_MACHINE', 'HKEY_CURRENT_USER') }) as RegOp));
  assert.is(user.policies[0]!.state, 'disabled');
  assert.ok(codes(user).includes('POLICY_WRONG_HIVE'));
});

test('conflicting evidence is unknown with the reason, never a guess', () => {
  const r = readPolicies([
    { op: 'set', key: TS, name: 'fAllowUnsolicited', type: 4, data: dw(1) },
    { op: 'deleteValue', key: TS, name: 'fAllowUnsolicitedFullControl' },
    { op: 'deleteAllValues', key: `${TS}\\RAUnsolicit` },
  ]);
  assert.is(r.policies[0]!.state, 'unknown');
  assert.match(r.policies[0]!.reason!, 'conflicting evidence');
  const bad = readPolicies([{ op: 'set', key: TS, name: 'fAllowUnsolicited', type: 4, data: dw(5) }]);
  assert.is(bad.policies[0]!.state, 'unknown');
  assert.ok(codes(bad).includes('POLICY_BAD_VALUE'));
});

test('records no policy explains are listed; a later record overrides an earlier one', () => {
  const r = readPolicies([
    { op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Other', name: 'x', type: 4, data: dw(1) },
    ...buildPolicy('offer-remote-assistance', { state: 'enabled', control: 'view', helpers: ['C\\A'] }).ops,
    { op: 'set', key: TS, name: 'fAllowUnsolicited', type: 4, data: dw(0) },
    { op: 'set', key: TS, name: 'fSomethingElse', type: 4, data: dw(0) },
  ]);
  assert.equal(r.unexplained, [0, 6]);
  assert.is(r.policies[0]!.state, 'unknown'); // 0 (disabled) now, with helpers and control still set
});

// Random valid settings survive build → file bytes → read, for both formats.
const helper = fc.tuple(fc.stringMatching(/^[A-Z][A-Z0-9]{0,7}$/), fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ._-]{0,10}[A-Za-z0-9]$/)).map(([d, n]) => `${d}\\${n}`);
const settingArb = fc.oneof(
  fc.record({ state: fc.constant('enabled' as const), control: fc.constantFrom('full', 'view'), helpers: fc.uniqueArray(helper, { maxLength: 6, selector: (h) => h.toUpperCase() }) }),
  fc.constant({ state: 'disabled' as const }),
  fc.constant({ state: 'notConfigured' as const }),
);
const readBack = (r: ReturnType<typeof readPolicies>) => {
  const p = r.policies[0];
  if (!p || p.state === 'notConfigured') return { state: 'notConfigured' };
  return p.state === 'enabled' ? { state: p.state, ...Object.fromEntries(p.options) } : { state: p.state };
};

test('property: read(build(s)) = s through .pol bytes and through .reg bytes; .pol → .reg → .pol keeps the records', () => {
  fc.assert(
    fc.property(settingArb, (s) => {
      const want = JSON.parse(JSON.stringify(s));
      const pol = encodePol(opsToPol(buildPolicy('offer-remote-assistance', s).ops));
      assert.equal(readBack(readPolicies(polToOps(decodePol(pol)).ops)), want);
      const reg = serializeReg(buildPolicy('offer-remote-assistance', s, { target: 'reg' }).ops).bytes;
      assert.equal(readBack(readPolicies(regToOps(parseReg(reg)))), want);
      // the .pol's own conversion to .reg reads back the same, and converts back to the same records
      const viaReg = regToOps(parseReg(serializeReg(polToOps(decodePol(pol)).ops).bytes));
      assert.equal(readBack(readPolicies(viaReg)), want);
      // **delvals. becomes [-KEY][KEY] in a .reg (reported as lossy), so the records differ only there.
      const back = encodePol(opsToPol(viaReg));
      const names = (b: Uint8Array) => decodePol(b).records.map((r) => r.name).filter((n) => n !== '**delvals.' && n !== '**DeleteKeys' && n !== '');
      assert.equal(names(back), names(pol));
    }),
    { numRuns: 200 },
  );
});

test('property: .pol → .reg → .pol gives identical records for RA_Solicit (no list, nothing lossy)', () => {
  fc.assert(
    fc.property(fc.record({ state: fc.constant('enabled'), control: fc.constantFrom('full', 'view'), expiry: fc.integer({ min: 1, max: 99 }), units: fc.constantFrom('minutes', 'hours', 'days'), method: fc.constantFrom('mapi', 'mailto') }), (s) => {
      const pol = encodePol(opsToPol(buildPolicy('RA_Solicit', s).ops));
      const back = encodePol(opsToPol(regToOps(parseReg(serializeReg(polToOps(decodePol(pol)).ops).bytes))));
      assert.ok(sameBytes(back, pol));
      assert.equal(readBack(readPolicies(polToOps(decodePol(pol)).ops, {})).state, 'enabled');
    }),
    { numRuns: 100 },
  );
});

test.run();
