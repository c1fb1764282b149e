/**
 * What trips a new admin in the first hour (issue #23): exit codes that lie, messages that do not
 * say what to do, a crash when the output is piped into `head`.
 */

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type RegOp } from '../src/index.js';
import { encodePol, opsToPol } from '../src/pol.js';
import { encodeDword } from '../src/registry.js';
import { fixture, ROOT, runCli, tempDir } from './helpers.js';

const tmp = tempDir('gpreg-stumbles-');
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('output piped into a reader that stops early (| head): exit 0, no stack trace', () => {
  // Far more than a pipe holds (64 KiB), so gpreg is still writing when head has gone.
  const ops: RegOp[] = Array.from({ length: 20_000 }, (_, i) => ({ op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Gpreg', name: `Value${i}`, type: 4, data: encodeDword(i) }));
  const pol = path.join(tmp, 'big.pol');
  writeFileSync(pol, encodePol(opsToPol(ops)));
  const bin = path.join(ROOT, 'bin', 'gpreg.js');
  for (const args of [['show', '--records', pol], ['dump', pol]]) {
    const script = `set -o pipefail; "${process.execPath}" "${bin}" ${args.map((a) => `"${a}"`).join(' ')} 2>"${tmp}/err" | head -n 1 >/dev/null`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 60_000 });
    const err = spawnSync('cat', [`${tmp}/err`], { encoding: 'utf8' }).stdout;
    assert.equal([r.status, err], [0, ''], args.join(' '));
  }
});

test('--admx naming a missing or empty folder is exit 2, whether given or from $GPREG_ADMX', async () => {
  const empty = path.join(tmp, 'empty');
  mkdirSync(empty);
  const file = fixture('policies', 'offer-remote-assistance', 'enabled.pol');
  for (const [argv, env] of [
    [['show', '--admx', path.join(tmp, 'nope'), file], {}],
    [['show', '--admx', empty, file], {}],
    [['policies'], { GPREG_ADMX: empty }],
  ] as const) {
    const r = await runCli([...argv], { env: { ...env } });
    assert.is(r.code, 2, argv.join(' '));
    assert.is(r.stdout, '');
    assert.match(r.stderr, 'ADMX_NO_TEMPLATES');
  }
  assert.match((await runCli(['policies'], { env: { GPREG_ADMX: empty } })).stderr, '(from $GPREG_ADMX)');
});

test('templates without the language asked for (and no en-US) are exit 2, naming the languages there are', async () => {
  const fr = path.join(tmp, 'fr-only');
  const src = fixture('admx', 'all-elements');
  mkdirSync(path.join(fr, 'fr-FR'), { recursive: true });
  for (const f of readdirSync(src).filter((n) => n.endsWith('.admx'))) cpSync(path.join(src, f), path.join(fr, f));
  for (const f of readdirSync(path.join(src, 'en-US'))) cpSync(path.join(src, 'en-US', f), path.join(fr, 'fr-FR', f));
  const r = await runCli(['policies', '--admx', fr]);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'ADMX_NO_LANGUAGE');
  assert.match(r.stderr, 'no en-US folder (it has fr-FR: use --lang fr-FR)');
  assert.is((await runCli(['policies', '--admx', fr, '--lang', 'fr-FR'])).code, 0);
  // A language missing beside en-US is not fatal: en-US is used, as the help says.
  assert.is((await runCli(['policies', '--admx', src, '--lang', 'de-DE'])).code, 0);
});

test('an unknown option is named (with the value it swallowed), a missing argument too', async () => {
  const cases: [string[], string][] = [
    [['show', '--lenient', 'x.pol'], 'unknown option --lenient for `gpreg show` (it took "x.pol" as its value)'],
    [['show', 'x.pol', '--lenient'], 'Unknown argument: lenient'],
    [['show', '-Z', 'x.pol'], 'unknown option -Z for `gpreg show`'],
    [['show'], 'missing <files..>: the usage is `gpreg show <files..>`'],
    [['diff', 'a.pol'], 'missing <b>: the usage is `gpreg diff <a> <b>`'],
    [['set-value', 'x.pol'], 'missing <key> <name>'],
  ];
  for (const [argv, message] of cases) {
    const r = await runCli(argv);
    assert.is(r.code, 2, argv.join(' '));
    assert.match(r.stderr, message, argv.join(' '));
  }
  // Known options, their negations and camel-case spellings are not called unknown.
  assert.match((await runCli(['dump', '--lenient'])).stderr, 'missing <file>');
  assert.match((await runCli(['audit', '--no-json'])).stderr, 'missing <folder>');
});

test('one strictness option in dump: --strict and --lenient act on both formats, the format\'s default is its reader\'s, and both at once is a usage error', async () => {
  const pol = fixture('pol/corrupt/missing-rbracket.pol');
  const reg = path.join(tmp, 'bad-dword.reg');
  writeFileSync(reg, Buffer.from('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\A]\r\n"x"=dword:zz\r\n', 'latin1'));
  const codes = async (file: string) => [(await runCli(['dump', file])).code, (await runCli(['dump', '--strict', file])).code, (await runCli(['dump', '--lenient', file])).code];
  assert.equal(await codes(pol), [2, 2, 1], 'a .pol: strict by default, as Windows');
  assert.equal(await codes(reg), [1, 2, 1], 'a .reg: lenient by default, as regedit');
  const both = await runCli(['dump', '--strict', '--lenient', pol]);
  assert.equal([both.code, both.stdout], [2, '']);
  assert.match(both.stderr, 'USAGE');
});

test('audit of a folder with nothing to audit says so and exits 1; unexplained records are counted, and why', async () => {
  const empty = path.join(tmp, 'no-gpo');
  mkdirSync(empty);
  writeFileSync(path.join(empty, 'notes.txt'), 'not a policy file');
  const r = await runCli(['audit', empty]);
  assert.is(r.code, 1);
  assert.match(r.stdout, `Nothing to audit: no .pol or .reg file and no GPO part`);
  assert.is((await runCli(['audit', '--json', empty])).code, 1);
  // A GPO whose records no built-in policy explains: "clean" (no findings), but not silently.
  const gpo = path.join(tmp, '{55555555-5555-5555-5555-555555555555}');
  mkdirSync(path.join(gpo, 'Machine'), { recursive: true });
  writeFileSync(path.join(gpo, 'Machine', 'Registry.pol'), encodePol(opsToPol([{ op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Gpreg', name: 'V', type: 4, data: encodeDword(1) }])));
  const a = await runCli(['audit', gpo]);
  assert.is(a.code, 0);
  assert.match(a.stdout, '1 file(s) in 1 GPO(s): 0 unreadable, 0 with findings, 1 clean; 1 of 1 record(s) no policy explains');
  assert.match(a.stderr, "gpreg: hint: 1 record(s) no policy explains, read with gpreg's built-in catalog only");
  // The folder given is itself the GPO: named by its GUID, not by the path below it.
  assert.match(a.stdout, 'GPO "{55555555-5555-5555-5555-555555555555}" {55555555-5555-5555-5555-555555555555}');
  assert.is((await runCli(['audit', '--json', gpo])).stderr, '');
});

test('messages say what to do: --from a policy file, a .reg without header, a damaged .pol, build onto an existing .reg', async () => {
  const lgpo = path.join(tmp, 'lgpo.txt');
  writeFileSync(lgpo, 'Computer\r\nSoftware\\Policies\\X\r\nV\r\nDWORD:1\r\n\r\n');
  const cases: [string[], string, string][] = [
    [['build', '--from', lgpo, '-o', path.join(tmp, 'x.pol')], 'JSON_BAD_DOCUMENT', `is LGPO.exe text, not a \`gpreg show --json\` document: convert it with \`gpreg convert ${lgpo} Registry.pol\``],
    [['build', '--from', fixture('policies', 'offer-remote-assistance', 'enabled.pol'), '-o', path.join(tmp, 'x.pol')], 'JSON_BAD_DOCUMENT', 'is a Registry.pol (PReg) file, not a `gpreg show --json` document: turn it into that JSON with `gpreg show --json'],
  ];
  const noHeader = path.join(tmp, 'no-header.reg');
  writeFileSync(noHeader, '[HKEY_CURRENT_USER\\Software\\Caf\u00e9]\r\n"v"="x"\r\n');
  cases.push([['show', noHeader], 'REG_BAD_HEADER', 'hint: a .reg starts with the line "Windows Registry Editor Version 5.00" (or "REGEDIT4"); for a file written as UTF-8 without a BOM, add that line and read it with --encoding utf-8']);
  const cut = path.join(tmp, 'cut.pol');
  writeFileSync(cut, readFileSync(fixture('policies', 'offer-remote-assistance', 'enabled.pol')).subarray(0, 300));
  cases.push([['show', cut], 'POL_TRUNCATED', 'hint: recover what can be read, and see every problem, with `gpreg dump --lenient FILE`']);
  const reg = path.join(tmp, 'existing.reg');
  cpSync(fixture('policies', 'offer-remote-assistance', 'enabled.reg'), reg);
  cases.push([['build', 'offer-remote-assistance', '--state', 'disabled', '-o', reg], 'OUTPUT_EXISTS', "to change this policy in the .reg and keep the file's other keys and values, use `gpreg set"]);
  for (const [argv, code, message] of cases) {
    const r = await runCli(argv);
    assert.is(r.code, 2, argv.join(' '));
    assert.match(r.stderr, code, argv.join(' '));
    assert.match(r.stderr, message, argv.join(' '));
  }
});

test('build --from: an edited presentation is refused, naming the option to edit; edited options are built', async () => {
  const shown = (await runCli(['show', '--json', fixture('policies', 'offer-remote-assistance', 'enabled.pol')])).stdout;
  const from = (name: string, text: string) => {
    const f = path.join(tmp, name);
    writeFileSync(f, text);
    return f;
  };
  const out = path.join(tmp, 'rebuilt.pol');
  const edited = await runCli(['build', '--from', from('p.json', shown.replace('"Allow helpers to only view the computer"', '"Allow helpers to remotely control the computer"')), '-o', out]);
  assert.is(edited.code, 2);
  assert.match(edited.stderr, 'JSON_BAD_DOCUMENT: policies[0].presentation[0].value was edited, but "presentation" only shows the options and is not read back: edit policies[0].options.control instead');
  assert.not.ok(existsSync(out));
  // The options edited (the presentation left as read): built, no complaint about the stale presentation.
  const options = await runCli(['build', '--from', from('o.json', shown.replace('"control": "view"', '"control": "full"')), '-o', out]);
  assert.is(options.code, 0, options.stderr);
  assert.match((await runCli(['show', out])).stdout, 'Configure Offer Remote Assistance (RA_Unsolicit): Enabled');
});

test('show --json records the templates it read with; build --from without them names them', async () => {
  const admx = fixture('admx', 'all-elements');
  const pol = path.join(tmp, 'choice.pol');
  assert.is((await runCli(['build', 'Choice', '--admx', admx, '--state', 'enabled', '--option', 'Mode=Mode_Low', '-o', pol])).code, 0);
  const json = (await runCli(['show', '--json', '--admx', admx, pol])).stdout;
  assert.equal(JSON.parse(json).templates, { folders: [admx], lang: 'en-US' });
  assert.is(JSON.parse((await runCli(['show', '--json', pol])).stdout).templates, undefined);
  const doc = path.join(tmp, 'choice.json');
  writeFileSync(doc, json);
  const r = await runCli(['build', '--from', doc, '-o', path.join(tmp, 'choice2.pol')]);
  assert.is(r.code, 2);
  assert.match(r.stderr, `POLICY_UNKNOWN: unknown policy "Gpreg.Policies.Test:Choice"`);
  assert.match(r.stderr, `the document was made with the templates of ${admx}, and this run has none: give --admx ${JSON.stringify(admx)}`);
  assert.is((await runCli(['build', '--from', doc, '--admx', admx, '-o', path.join(tmp, 'choice2.pol')])).code, 0);
});

test('check takes many files and GPO folders in one call (templates loaded once): each is said, the worst status wins', async () => {
  const good = fixture('policies', 'offer-remote-assistance', 'enabled.pol');
  const cut = path.join(tmp, 'cut-many.pol');
  writeFileSync(cut, readFileSync(good).subarray(0, 300));
  const r = await runCli(['check', good, fixture('policies', 'offer-remote-assistance', 'disabled.reg'), cut, fixture('gpo', '{00000000-1111-2222-3333-444444444444}')]);
  assert.is(r.code, 2);
  assert.match(r.stdout, `${good}: clean\n`);
  assert.match(r.stdout, 'disabled.reg: clean\n');
  assert.match(r.stdout, '{00000000-1111-2222-3333-444444444444}: no Registry.pol to check\n');
  assert.match(r.stderr, `gpreg: ${cut}: POL_TRUNCATED: `);
  // Without the damaged file: clean, exit 0; one file alone fails as before.
  assert.is((await runCli(['check', good, fixture('policies', 'offer-remote-assistance', 'disabled.reg')])).code, 0);
  const alone = await runCli(['check', cut]);
  assert.equal([alone.code, alone.stderr.startsWith('gpreg: POL_TRUNCATED: ')], [2, true]);
});

test('show takes many files in one call: each report in turn; --json gives an array (one file: its document, as before)', async () => {
  const a = fixture('policies', 'offer-remote-assistance', 'enabled.pol');
  const b = fixture('policies', 'offer-remote-assistance', 'disabled.reg');
  const text = await runCli(['show', a, b]);
  assert.is(text.code, 0, text.stderr);
  assert.match(text.stdout, `${a} (pol, HKEY_LOCAL_MACHINE)\n`);
  assert.match(text.stdout, `\n\n${b} (reg)\n`);
  const json = JSON.parse((await runCli(['show', '--json', a, b])).stdout);
  assert.equal(json.map((d: { file: string; policies: Array<{ state: string }> }) => [d.file, d.policies[0]!.state]), [[a, 'enabled'], [b, 'disabled']]);
  assert.is(JSON.parse((await runCli(['show', '--json', a])).stdout).file, a);
});

test.run();
