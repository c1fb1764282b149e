import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPolicy, findPolicy, GpregError, CATALOG } from '../src/index.js';
import { decodePol, encodePol, opsToPol } from '../src/pol.js';
import { serializeReg } from '../src/reg.js';
import { fixture, HEADER_ONLY, readBytes, sameBytes } from './helpers.js';

const settings = JSON.parse(readFileSync(fixture('policies/offer-remote-assistance/settings.json'), 'utf8')) as Record<string, unknown>;

for (const [state, setting] of Object.entries(settings)) {
  test(`golden ${state}.pol (packed by Samba from DESIGN §5's records) = buildPolicy`, () => {
    const built = encodePol(opsToPol(buildPolicy('offer-remote-assistance', setting).ops));
    // Not Configured writes no records: the golden is the bare header (not committed, see HEADER_ONLY).
    const golden = state === 'not-configured' ? HEADER_ONLY : readBytes(fixture(`policies/offer-remote-assistance/${state}.pol`));
    assert.ok(sameBytes(built, golden));
  });
  test(`golden ${state}.reg (written by hand from DESIGN §5) = buildPolicy for .reg`, () => {
    const built = serializeReg(buildPolicy('RA_Unsolicit', setting, { target: 'reg' }).ops).bytes;
    assert.ok(sameBytes(built, readBytes(fixture(`policies/offer-remote-assistance/${state}.reg`))));
  });
}

test('the enabled records in order: policy value, control, **delvals., helpers in the user\'s order', () => {
  const { records } = decodePol(readBytes(fixture('policies/offer-remote-assistance/enabled.pol')));
  assert.equal(records.map((r) => r.name), ['fAllowUnsolicited', 'fAllowUnsolicitedFullControl', '**delvals.', 'CONTOSO\\HelpDesk', 'CONTOSO\\Tier2 Support']);
  const reversed = buildPolicy('offer-remote-assistance', { state: 'enabled', control: 'full', helpers: ['B\\b', 'A\\a'] }).ops;
  assert.equal(reversed.filter((o) => o.op === 'set').map((o) => 'name' in o && o.name).slice(2), ['B\\b', 'A\\a']);
});

test('policies are found by ADMX name or alias, any case', () => {
  assert.is(findPolicy('ra_unsolicit').name, 'RA_Unsolicit');
  assert.is(findPolicy('Offer-Remote-Assistance').name, 'RA_Unsolicit');
  assert.is(findPolicy('solicited-remote-assistance').name, 'RA_Solicit');
  assert.throws(() => findPolicy('__proto__'), (e: GpregError) => e.code === 'POLICY_UNKNOWN');
  assert.equal(CATALOG.map((p) => p.name), ['RA_Unsolicit', 'RA_Solicit']);
});

const invalid: Array<[string, unknown, string, string]> = [
  ['unknown state', { state: 'on' }, 'POLICY_BAD_STATE', 'state'],
  ['unknown control', { state: 'enabled', control: 'partial', helpers: [] }, 'POLICY_BAD_ENUM', 'control'],
  ['empty helper', { state: 'enabled', helpers: ['CONTOSO\\A', ' '] }, 'POLICY_BAD_HELPER', 'helpers[1]'],
  ['duplicate helpers, other case', { state: 'enabled', helpers: ['CONTOSO\\HelpDesk', 'contoso\\helpdesk'] }, 'POLICY_DUPLICATE_HELPER', 'helpers[1]'],
  ['forbidden character', { state: 'enabled', helpers: ['CONTOSO\\Help*Desk'] }, 'POLICY_BAD_HELPER', 'helpers[0]'],
  ['two backslashes', { state: 'enabled', helpers: ['A\\B\\C'] }, 'POLICY_BAD_HELPER', 'helpers[0]'],
  ['empty domain', { state: 'enabled', helpers: ['\\Name'] }, 'POLICY_BAD_HELPER', 'helpers[0]'],
  ['control character', { state: 'enabled', helpers: ['CONTOSO\\a\nb'] }, 'POLICY_BAD_HELPER', 'helpers[0]'],
  ['too long for a value name', { state: 'enabled', helpers: ['D\\' + 'x'.repeat(16383)] }, 'POLICY_BAD_HELPER', 'helpers[0]'],
  ['helpers not a list', { state: 'enabled', helpers: 'CONTOSO\\A' }, 'POLICY_BAD_OPTION', 'helpers'],
  ['unknown option', { state: 'enabled', colour: 'red' }, 'POLICY_UNKNOWN_OPTION', 'colour'],
  ['__proto__ as an option', JSON.parse('{"state":"enabled","__proto__":{"x":1}}'), 'POLICY_UNKNOWN_OPTION', '__proto__'],
  ['options when disabled', { state: 'disabled', control: 'view' }, 'POLICY_OPTION_NOT_ALLOWED', 'control'],
];
for (const [what, setting, code, field] of invalid) {
  test(`invalid setting: ${what} → ${code} naming ${field}`, () => {
    try {
      buildPolicy('offer-remote-assistance', setting);
      assert.unreachable();
    } catch (e) {
      assert.instance(e, GpregError);
      assert.is((e as GpregError).code, code);
      assert.is((e as GpregError).field, field);
      assert.ok((e as GpregError).message.startsWith(field + ':'), (e as GpregError).message);
    }
  });
}
assert.is(({} as Record<string, unknown>)['x'], undefined);

test('a helper without a domain is allowed, with a warning; the control defaults to full with a note', () => {
  const b = buildPolicy('offer-remote-assistance', { state: 'enabled', helpers: ['Administrators'] });
  assert.equal(b.diagnostics.map((d) => [d.severity, d.code]), [['warning', 'POLICY_HELPER_NO_DOMAIN'], ['info', 'POLICY_DEFAULT_OPTION'], ['info', 'POLICY_NOTE']]);
  assert.is(b.setting.options.get('control'), 'full');
});

test('RA_Solicit: the same engine, other elements (decimal range, three enums)', () => {
  const b = buildPolicy('solicited-remote-assistance', { state: 'enabled', control: 'view', expiry: 4, units: 'days', method: 'mailto' });
  assert.equal(opsToPol(b.ops).records.map((r) => [r.name, Buffer.from(r.data).readUInt32LE(0)]), [
    ['fAllowToGetHelp', 1], ['fAllowFullControl', 0], ['MaxTicketExpiry', 4], ['MaxTicketExpiryUnits', 2], ['fUseMailto', 1],
  ]);
  assert.equal(opsToPol(buildPolicy('RA_Solicit', { state: 'disabled' }).ops).records.map((r) => r.name), ['fAllowToGetHelp', '**del.fAllowFullControl', '**del.MaxTicketExpiry', '**del.MaxTicketExpiryUnits', '**del.fUseMailto']);
  assert.throws(() => buildPolicy('RA_Solicit', { state: 'enabled', expiry: 100 }), (e: GpregError) => e.code === 'POLICY_OUT_OF_RANGE' && e.field === 'expiry');
  assert.throws(() => buildPolicy('RA_Solicit', { state: 'enabled' }), (e: GpregError) => e.code === 'POLICY_MISSING_OPTION' && e.field === 'expiry');
  assert.is(buildPolicy('RA_Solicit', { state: 'enabled', expiry: '7' }).setting.options.get('expiry'), 7);
});

test.run();
