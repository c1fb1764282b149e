#!/usr/bin/env node
// Makes the screenshots of the HTML reports in docs/img/ (report.png, diff.png, audit.png): builds a
// small demo GPO, a changed copy of it and a third GPO with gpreg itself, from the Windows 11
// templates in ../shared/admx, renders `report`, `diff --html` and `audit --html`, and photographs
// them in Debian's Chromium. Run after `npm run build`: node scripts/screenshots.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADMX = path.resolve(ROOT, '..', 'shared', 'admx', 'windows-11-25h2');
if (!existsSync(ADMX)) {
  console.error(`no templates at ${ADMX}`);
  process.exit(2);
}
const tmp = mkdtempSync(path.join(tmpdir(), 'gpreg-shots-'));
const gpreg = (...args) => {
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'bin', 'gpreg.js'), ...args], { cwd: tmp, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (e) {
    if (e.status !== 1) throw e; // 1: findings or differences, which the demo has on purpose
  }
};

/** A SYSVOL-style GPO folder with the given policies: [id, ...flags] per policy. */
function gpo(name, machine, user) {
  const dir = path.join(tmp, 'Policies', name);
  for (const [side, policies] of [['Machine', machine], ['User', user]]) {
    mkdirSync(path.join(dir, side), { recursive: true });
    const pol = path.join(dir, side, 'Registry.pol');
    policies.forEach(([id, ...flags], i) => (i === 0 ? gpreg('build', id, '--admx', ADMX, ...flags, '-o', pol) : gpreg('set', pol, id, '--admx', ADMX, ...flags)));
  }
  writeFileSync(path.join(dir, 'gpt.ini'), '[General]\r\nVersion=65537\r\n');
  return dir;
}

const before = gpo('{31B2F340-016D-11D2-945F-00C04FB984F9}', [
  ['RA_Unsolicit', '--state', 'enabled', '--control', 'view', '--helper', 'CONTOSO\\HelpDesk'],
  ['Microsoft.Policies.AutoPlay:Autorun', '--state', 'enabled', '--option', 'Autorun_Box=Autorun_None'],
  ['CPL_Personalization_NoLockScreen', '--state', 'enabled'],
  ['EnableScriptBlockLogging', '--state', 'enabled', '--option', 'EnableScriptBlockInvocationLogging=true'],
], [['Microsoft.Policies.StartMenu:NoRun', '--state', 'enabled']]);
gpreg('set-value', path.join(before, 'Machine', 'Registry.pol'), 'HKLM\\Software\\Contoso\\Kiosk', 'Mode', '--type', 'REG_SZ', '--data', 'locked');
const after = gpo('{6AC1786C-016F-11D2-945F-00C04FB984F9}', [
  ['RA_Unsolicit', '--state', 'enabled', '--control', 'full', '--helper', 'CONTOSO\\HelpDesk', '--helper', 'CONTOSO\\Tier2'],
  ['Microsoft.Policies.AutoPlay:Autorun', '--state', 'enabled', '--option', 'Autorun_Box=Autorun_NoCD'],
  ['CPL_Personalization_NoLockScreen', '--state', 'disabled'],
  ['PreventOnedriveFileSync', '--state', 'enabled'],
], []);
gpo('{A1B2C3D4-0000-4000-8000-00000000C0DE}', [['PreventOnedriveFileSync', '--state', 'enabled']], [['Microsoft.Policies.StartMenu:NoRun', '--state', 'disabled']]);

const pages = { report: path.join(tmp, 'report.html'), diff: path.join(tmp, 'diff.html'), audit: path.join(tmp, 'audit.html') };
gpreg('report', '--admx', ADMX, before, '-o', pages.report);
gpreg('diff', '--admx', ADMX, '--html', '-o', pages.diff, before, after);
gpreg('audit', '--admx', ADMX, '--html', '-o', pages.audit, path.join(tmp, 'Policies'));

const browser = await chromium.launch({ executablePath: process.env.GPREG_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
for (const [name, file] of Object.entries(pages)) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
  await page.goto(pathToFileURL(file).href);
  await page.screenshot({ path: path.join(ROOT, 'docs', 'img', `${name}.png`), fullPage: false });
  await page.close();
}
await browser.close();
console.log(`docs/img/{report,diff,audit}.png from ${tmp}`);
