/**
 * Offer Remote Assistance against the real clients: Samba decodes each .pol gpreg builds into
 * exactly the records of DESIGN §5 (typed here by hand), and Wine's regedit, importing each .reg
 * gpreg builds on top of stale helpers and opposite values, ends in exactly the state the setting
 * means. Required in CI; skipped with a notice elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPolicy } from '../../src/index.js';
import { encodePol, opsToPol } from '../../src/pol.js';
import { serializeReg } from '../../src/reg.js';
import { comparableState, ROOT, tempDir } from '../helpers.js';

const TS = 'Software\\policies\\Microsoft\\Windows NT\\Terminal Services';
const HKTS = `HKEY_LOCAL_MACHINE\\${TS}`;
const HELPERS = ['CONTOSO\\HelpDesk', 'CONTOSO\\Tier2 Support'];
const hex16 = (s: string) => Buffer.from(s + '\0', 'utf16le').toString('hex');
const dw = (n: number) => Buffer.from([n, 0, 0, 0]).toString('hex');
const samba = spawnSync('/usr/bin/python3', ['-c', 'import samba.ndr'], { encoding: 'utf8' }).status === 0;
const wine = spawnSync('wine', ['--version'], { encoding: 'utf8' }).status === 0;

const settings = {
  enabled: { state: 'enabled', control: 'view', helpers: HELPERS },
  disabled: { state: 'disabled' },
  notConfigured: { state: 'notConfigured' },
} as const;

// DESIGN §5, by hand: [key, name, type, Samba's reading of the data].
const RECORDS: Record<keyof typeof settings, Array<[string, string, number, unknown]>> = {
  enabled: [
    [TS, 'fAllowUnsolicited', 4, { int: '1' }],
    [TS, 'fAllowUnsolicitedFullControl', 4, { int: '0' }],
    [`${TS}\\RAUnsolicit`, '**delvals.', 1, { str: ' ' }],
    ...HELPERS.map((h): [string, string, number, unknown] => [`${TS}\\RAUnsolicit`, h, 1, { str: h }]),
  ],
  disabled: [
    [TS, 'fAllowUnsolicited', 4, { int: '0' }],
    [TS, '**del.fAllowUnsolicitedFullControl', 1, { str: ' ' }],
    [`${TS}\\RAUnsolicit`, '**delvals.', 1, { str: ' ' }],
  ],
  notConfigured: [],
};

// What the registry must hold after the import, by hand (key → value → type/data).
const STATE: Record<keyof typeof settings, Record<string, Record<string, { type: number; data: string }>>> = {
  enabled: {
    [HKTS]: { fAllowUnsolicited: { type: 4, data: dw(1) }, fAllowUnsolicitedFullControl: { type: 4, data: dw(0) } },
    [`${HKTS}\\RAUnsolicit`]: Object.fromEntries(HELPERS.map((h) => [h, { type: 1, data: hex16(h) }])),
  },
  disabled: { [HKTS]: { fAllowUnsolicited: { type: 4, data: dw(0) } } },
  notConfigured: { [HKTS]: {} },
};

const tmp = tempDir('gpreg-policy-interop-');
test.after(() => rmSync(tmp, { recursive: true, force: true }));

if (!samba && !process.env['CI']) console.log('\n  NOTICE: Samba policy checks SKIPPED: python3-samba is not installed.\n');
if (samba || process.env['CI']) {
  test('Samba decodes each built .pol into exactly the records of DESIGN §5', () => {
    const files = Object.entries(settings).map(([state, s]) => {
      const f = path.join(tmp, `${state}.pol`);
      writeFileSync(f, encodePol(opsToPol(buildPolicy('offer-remote-assistance', s).ops)));
      return f;
    });
    const r = spawnSync('/usr/bin/python3', [path.join(ROOT, 'test', 'interop', 'samba_preg.py')], { input: JSON.stringify({ decode: files }), encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const answers = JSON.parse(r.stdout).decode as Array<{ entries: Array<{ key: string; name: string; type: number; value: unknown }> }>;
    Object.keys(settings).forEach((state, i) => {
      assert.equal(answers[i]!.entries.map((e) => [e.key, e.name, e.type, e.value]), RECORDS[state as keyof typeof settings], state);
    });
  });
}

if (!wine && !process.env['CI']) console.log('\n  NOTICE: Wine policy checks SKIPPED: wine is not installed.\n');
if (wine || process.env['CI']) {
  test('Wine imports each built .reg over stale helpers and opposite values and ends in exactly the setting', () => {
    // The registry before: the opposite values and helpers that must not survive.
    const stale = path.join(tmp, 'stale.reg');
    writeFileSync(stale, serializeReg([
      { op: 'set', key: HKTS, name: 'fAllowUnsolicited', type: 4, data: new Uint8Array([1, 0, 0, 0]) },
      { op: 'set', key: HKTS, name: 'fAllowUnsolicitedFullControl', type: 4, data: new Uint8Array([1, 0, 0, 0]) },
      { op: 'set', key: `${HKTS}\\RAUnsolicit`, name: 'STALE\\Old', type: 1, data: new Uint8Array(Buffer.from('STALE\\Old\0', 'utf16le')) },
      { op: 'set', key: `${HKTS}\\RAUnsolicit`, name: 'CONTOSO\\HelpDesk', type: 1, data: new Uint8Array(Buffer.from('STALE DATA\0', 'utf16le')) },
    ]).bytes);
    const imports = Object.entries(settings).map(([state, s]) => {
      const f = path.join(tmp, `${state}.reg`);
      writeFileSync(f, serializeReg(buildPolicy('offer-remote-assistance', s, { target: 'reg' }).ops).bytes);
      return { file: f, before: stale, root: HKTS };
    });
    const r = spawnSync('/usr/bin/python3', [path.join(ROOT, 'test', 'interop', 'wine_reg.py')], { input: JSON.stringify({ imports }), encoding: 'utf8', timeout: 600_000 });
    assert.is(r.status, 0, r.stderr);
    const answers = JSON.parse(r.stdout).imports as Array<{ state: Record<string, Record<string, { type: number; data: string }>> }>;
    Object.keys(settings).forEach((state, i) => {
      assert.equal(comparableState(answers[i]!.state, HKTS), comparableState(STATE[state as keyof typeof settings], HKTS), state);
    });
  });
}

test.run();
