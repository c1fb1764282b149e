/**
 * The HTML reports as text (the browser suite, browser.test.ts, checks what a person sees): one
 * self-contained page, a CSP that allows no script, every string from a file or template escaped,
 * and the CLI's usage rules (-o required, no silent overwrite).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { buildPolicy, loadPolicyDefinitions } from '../src/index.js';
import { encodePol, opsToPol, polRecord } from '../src/pol.js';
import { serializeReg } from '../src/reg.js';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { attr, paragraphs, text } from '../src/render/html/page.js';
import { LONG, makeHostileGpo } from './hostile-gpo.js';
import { fixture, runCli, tempDir } from './helpers.js';

const out = () => path.join(tempDir('gpreg-html-'), 'page.html');
const hostile = makeHostileGpo();

/** What every page must be: one document, its own CSP first, no script, nothing fetched. */
function assertSafePage(page: string): void {
  assert.ok(page.startsWith('<!DOCTYPE html>'));
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page);
  assert.ok(csp, 'a CSP meta element');
  assert.ok(page.indexOf(csp![0]) < page.indexOf('<style>'), 'the CSP comes before the stylesheet');
  assert.match(csp![1]!, /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:; base-uri 'none'; form-action 'none'$/);
  // Every tag in the page is one the renderer writes: text from files holds no raw '<'.
  const ALLOWED = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'main', 'section', 'footer', 'nav', 'h1', 'h2', 'h3', 'h4', 'p', 'dl', 'dt', 'dd', 'span', 'div', 'br', 'a', 'ul', 'li', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'details', 'summary']);
  for (const m of page.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)) {
    assert.ok(ALLOWED.has(m[1]!.toLowerCase()), `unexpected tag <${m[1]}>`);
    assert.not.match(m[2]!, /\son[a-z]+\s*=/i, `event handler in <${m[1]}${m[2]}>`);
    assert.not.match(m[2]!, /\s(?:src|href|action|formaction|srcset)\s*=\s*"(?!#)/i, `a link leaving the page in <${m[1]}${m[2]}>`);
    assert.not.match(m[2]!, /\sstyle\s*=/i, 'no style attribute (the CSP would block it)');
  }
  assert.is(page.split('</style>').length, 2, 'one stylesheet, closed once');
  // eslint-disable-next-line no-control-regex
  assert.not.match(page, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/, 'no raw control or direction character');
}

test('report of a hostile GPO: every string is text, the page runs nothing, long strings are cut and say so', async () => {
  const o = out();
  const r = await runCli(['report', '--admx', hostile.admx, hostile.gpo, '-o', o]);
  assert.is(r.code, 0, r.stderr);
  const page = readFileSync(o, 'utf8');
  assertSafePage(page);
  assert.ok(page.includes('&lt;script&gt;alert(&quot;script&quot;)&lt;/script&gt;'));
  assert.ok(page.includes('&quot;&gt;&lt;img src=x onerror=alert(&quot;img&quot;)&gt;'));
  assert.ok(page.includes('<span class="esc" title="control or direction character">\\u202e</span>'));
  // A REG_SZ ends at its first NUL, as regedit shows it; the bytes after it are in the binary copy.
  assert.ok(page.includes('62 00 65 00 66 00 6f 00 72 00 65 00 00 00 61 00'));
  assert.ok(page.includes('<span class="esc" title="control or direction character">\\x1b</span>]0;pwned'));
  assert.ok(page.includes(`… cut: ${LONG.length.toLocaleString('en-US')} characters in all`));
  assert.ok(page.length < 400_000, `${page.length} bytes: a 1 MB value is cut, not copied`);
  // The hostile template's display name and explain text, and the helpers of Offer Remote Assistance.
  assert.ok(page.includes('Values &lt;script&gt;'));
  assert.ok(page.includes('&lt;/style&gt;&lt;script&gt;'));
  assert.ok(page.includes('CONTOSO\\&lt;script&gt;'));
});

test('text(): markup characters as entities, NULs and controls as marked escapes, cut past the limit without splitting a pair', () => {
  assert.is(text('a<b>&"\'').html, 'a&lt;b&gt;&amp;&quot;&#39;');
  assert.is(text('x\u0000y\u202ez').html, 'x<span class="esc" title="control or direction character">\\x00</span>y<span class="esc" title="control or direction character">\\u202e</span>z');
  assert.is(text('abc😀', 4).html, 'abc<span class="cut">… cut: 5 characters in all</span>');
  assert.is(attr('"><x\u0007'), '&quot;&gt;&lt;x\\x07');
});

test('paragraphs(): an explain text\'s line breaks are its layout (no \\x0a markers); other controls stay escapes; cut as text() cuts', () => {
  const esc = (e: string) => `<span class="esc" title="control or direction character">${e}</span>`;
  const cases: [string, string][] = [
    ['One.\n\nTwo.', '<p>One.</p><p>Two.</p>'],
    ['One.\r\n\r\nTwo.\r\nstill two.', '<p>One.</p><p>Two.<br>still two.</p>'],
    ['\n\nA\n \n\n\nB\n', '<p>A</p><p>B</p>'],
    ['a<b>\u0007\u202e', `a&lt;b&gt;${esc('\\x07')}${esc('\\u202e')}`], // one line: inline, as text() gives it
    ['a<b>\n\u0007', `<p>a&lt;b&gt;<br>${esc('\\x07')}</p>`],
    ['', ''],
  ];
  for (const [input, expected] of cases) assert.is(paragraphs(input).html, expected, JSON.stringify(input));
  assert.is(paragraphs('ab\n\ncd😀', 7).html, '<p>ab</p><p>cd</p><span class="cut">… cut: 8 characters in all</span>');
});

test('diff --html and audit --html of the hostile GPO are as safe', async () => {
  const d = out();
  const rd = await runCli(['diff', '--admx', hostile.admx, '--html', '-o', d, fixture('pol', 'good', 'every-type.pol'), path.join(hostile.gpo, 'DomainSysvol', 'GPO', 'Machine', 'registry.pol')]);
  assert.is(rd.code, 1, rd.stderr);
  assertSafePage(readFileSync(d, 'utf8'));
  const a = out();
  const ra = await runCli(['audit', '--admx', hostile.admx, '--html', '-o', a, hostile.root]);
  assert.ok(ra.code === 0 || ra.code === 1, ra.stderr);
  const page = readFileSync(a, 'utf8');
  assertSafePage(page);
  assert.ok(page.includes('&lt;script&gt;alert(&quot;script&quot;)&lt;/script&gt;&lt;/style&gt;'), 'the GPO name from bkupInfo.xml, escaped');
});

test('a huge binary value and a long multi-string are cut where shown, saying how large they are', async () => {
  const { typedData } = await import('../src/render/html/values.js');
  const bin = typedData(3, new Uint8Array(20 * 1024 * 1024));
  assert.ok(bin.html.length < 3000, `${bin.html.length} characters`);
  assert.match(bin.html, '… cut: 20,971,520 bytes in all');
  const items = Array.from({ length: 1000 }, (_, i) => `item${i}`).join('\u0000') + '\u0000\u0000';
  const multi = typedData(7, new Uint8Array(Buffer.from(items, 'utf16le')));
  assert.is(multi.html.split('<li>').length - 1, 200);
  assert.match(multi.html, '… cut: 1,000 strings in all');
});

test('a page stays light: past 2,000 records no policy explains, the rest are counted and the note names the command that lists them', async () => {
  const records = Array.from({ length: 5000 }, (_, i) => polRecord(`Software\\Contoso\\App${i % 50}`, `Value${i}`, 4, new Uint8Array([i & 255, 0, 0, 0])));
  const file = path.join(tempDir('gpreg-html-big-'), 'Registry.pol');
  writeFileSync(file, encodePol({ records }));
  const o = out();
  assert.is((await runCli(['report', file, '-o', o])).code, 0);
  const page = readFileSync(o, 'utf8');
  assert.match(page, '(5,000 records no policy explains)');
  assert.match(page, '… and 3,000 more (5,000 in all, the first 2,000 shown): `gpreg show --records FILE` lists every record');
  assert.is(page.split('>Set value<').length - 1, 2000);
});

test('report: usage and safety: -o is required, an existing report is not replaced without --force', async () => {
  const none = await runCli(['report', fixture('pol', 'good', 'every-type.pol')]);
  assert.is(none.code, 2);
  assert.match(none.stderr, /output/);
  const o = out();
  writeFileSync(o, 'keep me');
  const r = await runCli(['report', fixture('pol', 'good', 'every-type.pol'), '-o', o]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /OUTPUT_EXISTS/);
  assert.is(readFileSync(o, 'utf8'), 'keep me');
  assert.is((await runCli(['report', fixture('pol', 'good', 'every-type.pol'), '-o', o, '--force'])).code, 0);
  assert.ok(readFileSync(o, 'utf8').includes('Extra Registry Settings'));
  const bad = await runCli(['report', fixture('pol', 'corrupt', 'bad-signature.pol'), '-o', out()]);
  assert.is(bad.code, 2, 'a damaged file is an error, and nothing is written');
});

test('report: a SYSVOL GPO is named by its {GUID} folder, a missing side is said, stdin is named, and the same input gives the same page', async () => {
  const root = tempDir('gpreg-html-sysvol-');
  const gpo = path.join(root, '{11111111-2222-3333-4444-555555555555}');
  mkdirSync(path.join(gpo, 'Machine'), { recursive: true });
  mkdirSync(path.join(gpo, 'User'));
  copyFileSync(fixture('policies', 'offer-remote-assistance', 'enabled.pol'), path.join(gpo, 'Machine', 'Registry.pol'));
  const o = out();
  assert.is((await runCli(['report', gpo, '-o', o])).code, 0);
  const page = readFileSync(o, 'utf8');
  assert.match(page, '<h1>{11111111-2222-3333-4444-555555555555}</h1>');
  assert.match(page, '<dt>GUID</dt><dd class="mono">{11111111-2222-3333-4444-555555555555}</dd>');
  assert.match(page, '<dt>User</dt><dd class="muted">no Registry.pol: this side sets nothing</dd>');
  assert.match(page, '<h2>Computer Configuration</h2>');
  assert.match(page, 'Configure Offer Remote Assistance');
  const again = out();
  assert.is((await runCli(['report', gpo, '-o', again])).code, 0);
  assert.is(readFileSync(again, 'utf8'), page, 'no timestamp: the same page byte for byte');
  const piped = await runCli(['report', '-', '-o', '-'], { stdin: readFileSync(fixture('policies', 'offer-remote-assistance', 'enabled.pol')) });
  assert.is(piped.code, 0);
  assert.match(piped.stdout, '<h1>(standard input)</h1>');
});

test('report: a .reg with HKLM and HKCU keys shows each record under its side, other hives under "Other keys"', async () => {
  const utf16 = (t: string) => new Uint8Array(Buffer.from(t + '\u0000', 'utf16le'));
  const { bytes } = serializeReg([
    { op: 'set', key: 'HKEY_CURRENT_USER\\Software\\Contoso', name: 'Theme', type: 1, data: utf16('dark') },
    { op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Contoso', name: 'Mode', type: 1, data: utf16('kiosk') },
    { op: 'set', key: 'HKEY_CLASSES_ROOT\\.contoso', name: '', type: 1, data: utf16('Contoso.File') },
  ]);
  const file = path.join(tempDir('gpreg-html-reg-'), 'mixed.reg');
  writeFileSync(file, bytes);
  const o = out();
  assert.is((await runCli(['report', file, '-o', o])).code, 0);
  const page = readFileSync(o, 'utf8');
  const at = (t: string) => page.indexOf(t);
  assert.ok(at('<h2>Computer Configuration</h2>') < at('kiosk') && at('kiosk') < at('<h2>User Configuration</h2>'));
  assert.ok(at('<h2>User Configuration</h2>') < at('dark') && at('dark') < at('<h2>Other keys</h2>'));
  assert.ok(at('<h2>Other keys</h2>') < at('Contoso.File'));
});

test('diff --html: two GPO folders side by side (policies first, with options before and after), and a .pol against a .reg with the why of each format difference', async () => {
  const root = tempDir('gpreg-html-diff-');
  const gpo = (name: string, pol: string) => {
    const dir = path.join(root, name);
    mkdirSync(path.join(dir, 'Machine'), { recursive: true });
    mkdirSync(path.join(dir, 'User'));
    copyFileSync(fixture('policies', 'offer-remote-assistance', pol), path.join(dir, 'Machine', 'Registry.pol'));
    return dir;
  };
  const o = out();
  const r = await runCli(['diff', '--html', '-o', o, gpo('old', 'enabled.pol'), gpo('new', 'disabled.pol')]);
  assert.is(r.code, 1, r.stderr);
  const page = readFileSync(o, 'utf8');
  const at = (t: string) => page.indexOf(t);
  assert.ok(at('<h2>Computer Configuration</h2>') >= 0 && at('<h2>User Configuration</h2>') > at('<h2>Computer Configuration</h2>'));
  assert.ok(at('<h3>Policy changes (1)</h3>') < at('<h3>Registry changes'), 'policies first');
  assert.match(page, '<span class="badge removed">Removed</span>');
  assert.match(page, /Enabled<\/span> → <span class="badge disabled">Disabled/);
  assert.match(page, '<h3>Policy changes (0)</h3>', 'the User side: nothing changed');
  const mixed = out();
  const m = await runCli(['diff', '--html', '-o', mixed, fixture('policies', 'offer-remote-assistance', 'enabled.pol'), fixture('policies', 'offer-remote-assistance', 'enabled.reg')]);
  assert.is(m.code, 1, m.stderr);
  assert.match(readFileSync(mixed, 'utf8'), "a .reg cannot clear a key&#39;s values (**delvals.)");
});

test('template text is marked with its language (--lang de-DE): names, explain, labels, dropdown items; English and gpreg\'s own words are not', async () => {
  // A copy of the all-elements templates with a German Gpreg.Test.adml; Gpreg.Base.adml only in en-US (falls back).
  const dir = tempDir('gpreg-lang-');
  const src = fixture('admx/all-elements');
  for (const f of ['Gpreg.Base.admx', 'Gpreg.Test.admx']) copyFileSync(path.join(src, f), path.join(dir, f));
  mkdirSync(path.join(dir, 'en-US'));
  mkdirSync(path.join(dir, 'de-DE'));
  for (const f of ['Gpreg.Base.adml', 'Gpreg.Test.adml']) copyFileSync(path.join(src, 'en-US', f), path.join(dir, 'en-US', f));
  const german = readFileSync(path.join(src, 'en-US', 'Gpreg.Test.adml'), 'utf8').replace('>Choice</string>', '>Auswahl</string>').replace('>A dropdown list.</string>', '>Eine Auswahlliste.</string>');
  writeFileSync(path.join(dir, 'de-DE', 'Gpreg.Test.adml'), german);
  const set = await loadPolicyDefinitions([dir], { lang: 'de-DE' });
  const choice = set.find('Gpreg.Policies.Test:Choice');
  assert.is(choice.lang, 'de-DE');
  assert.is(choice.displayName, 'Auswahl');
  const mode = choice.elements[0]!;
  assert.ok(mode.type === 'enum');
  const built = [...buildPolicy(choice, { state: 'enabled', [mode.option]: mode.type === 'enum' ? mode.items[0]!.id : '' }, { target: 'pol' }).ops, ...buildPolicy('offer-remote-assistance', { state: 'disabled' }, { target: 'pol' }).ops];
  const pol = path.join(dir, 'Registry.pol');
  writeFileSync(pol, encodePol(opsToPol(built)));
  const o = out();
  const r = await runCli(['report', '--admx', dir, '--lang', 'de-DE', pol, '-o', o]);
  assert.is(r.code, 0, r.stderr);
  const page = readFileSync(o, 'utf8');
  assertSafePage(page);
  assert.match(page, '<html lang="en">');
  assert.match(page, '<span lang="de-DE">Auswahl</span>');
  assert.match(page, '<span lang="de-DE">Eine Auswahlliste.</span>');
  // The dialog's label and the chosen item are the template's text; "Enabled" and the built-in policy are English.
  const labels = [...page.matchAll(/<th scope="row"><span lang="de-DE">([^<]*)<\/span><\/th><td><span lang="de-DE">/g)];
  assert.ok(labels.length >= 1, 'a dropdown row: label and item marked');
  assert.not.match(page, /lang="de-DE">Configure Offer Remote Assistance/);
  assert.not.match(page, /lang="de-DE">Enabled/);
});

test('the page\'s own words follow --lang (en-US, fr-FR, de-DE): headings, states, labels; the parts in those words say their language', async () => {
  const dir = tempDir('gpreg-lang-');
  const pol = path.join(dir, 'choice.pol');
  assert.is((await runCli(['build', 'Choice', '--admx', fixture('admx', 'all-elements'), '--state', 'enabled', '-o', pol])).code, 0);
  const pageIn = async (lang?: string) => (await runCli(['report', '--admx', fixture('admx', 'all-elements'), ...(lang ? ['--lang', lang] : []), pol, '-o', '-'])).stdout;
  const cases: [string | undefined, string, string[]][] = [
    [undefined, 'en', ['<h2>Computer Configuration</h2>', '<h3>Administrative Templates <', 'class="badge enabled">Enabled<', 'Supported on: ', '<summary>Explain</summary>', '<h2>Findings</h2>']],
    ['fr-FR', 'fr-FR', ['<h2>Configuration de l&#39;ordinateur</h2>', '<h3>Modèles d&#39;administration <', 'class="badge enabled">Activé<', 'Pris en charge sur: ', '<summary>Explication</summary>', '<h2>Constats</h2>']],
    ['de-DE', 'de-DE', ['<h2>Computerkonfiguration</h2>', '<h3>Administrative Vorlagen <', 'class="badge enabled">Aktiviert<', 'Unterstützt auf: ', '<summary>Erklärung</summary>', '<h2>Befunde</h2>']],
  ];
  for (const [lang, tag, words] of cases) {
    const page = await pageIn(lang);
    if (tag !== 'en') assert.match(page, `<main lang="${tag}">`, lang);
    for (const w of words) assert.match(page, w, `${lang}: ${w}`);
  }
  // The page is English where gpreg's words are not translated (header, footer); the findings inside the French part say so.
  const fr = await pageIn('fr-FR');
  assert.match(fr, '<html lang="en">');
  assert.match(fr, '<h2>Constats</h2>\n<div lang="en">');
  assert.not.match(await pageIn(), '<main lang=');
});

test('diff and audit: --html needs -o, and -o is only for --html', async () => {
  const a = fixture('pol', 'good', 'every-type.pol');
  for (const argv of [['diff', '--html', a, a], ['diff', '-o', out(), a, a], ['audit', '--html', path.dirname(a)], ['audit', '-o', out(), path.dirname(a)]]) {
    const r = await runCli(argv);
    assert.is(r.code, 2, argv.join(' '));
    assert.match(r.stderr, /USAGE/);
  }
  const o = out();
  assert.is((await runCli(['diff', '--html', '-o', o, a, a])).code, 0);
  assert.ok(readFileSync(o, 'utf8').includes('The two do the same'));
  assert.ok(!existsSync(o + '.bak'));
});

test.run();
