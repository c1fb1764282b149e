/**
 * Finding a policy as people ask for it: by a registry path (with or without its hive, a key or a
 * value: "which policy sets this value?"), and, for a name that is none, a did-you-mean.
 */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CATALOG, PolicySet } from '../src/index.js';
import { distanceWithin, suggestPolicies } from '../src/policy/suggest.js';
import { fixture, runCli } from './helpers.js';

const ADMX = fixture('admx', 'all-elements');
const found = async (search: string) => {
  const r = await runCli(['policies', '--admx', ADMX, '--search', search]);
  assert.is(r.code, 0, r.stderr);
  return [...r.stdout.matchAll(/^Gpreg\.Policies\.Test:(\w+):/gm)].map((m) => m[1]);
};

test('--search with a registry path: the hive is optional, a key finds what is under it, a value the policy that writes it', async () => {
  const cases: [string, string[]][] = [
    // A key: as a plain search does, with or without the hive; a hive keeps its class only (Booleans is User).
    ['Software\\Policies\\Gpreg', ['Values', 'Booleans', 'Numbers', 'Texts', 'Choice', 'Lists']],
    ['HKLM\\Software\\Policies\\Gpreg', ['Values', 'Numbers', 'Texts', 'Choice', 'Lists']],
    ['HKEY_CURRENT_USER\\Software\\Policies\\Gpreg', ['Booleans', 'Numbers']],
    ['HKLM:\\software\\policies\\gpreg\\values', ['Values']],
    // A value: the policy's own, an option's, a list item's (under an option's key), a list's key.
    ['HKLM\\Software\\Policies\\Gpreg\\Values\\On', ['Values']],
    ['Software\\Policies\\Gpreg\\Values\\On', ['Values']],
    ['HKLM\\Software\\Policies\\Gpreg\\Numbers\\Dec', ['Numbers']],
    ['HKCU\\Software\\Policies\\Gpreg\\Booleans\\Sub\\T1', ['Booleans']],
    ['HKLM\\Software\\Policies\\Gpreg\\Booleans\\Sub\\T1', []],
    ['HKLM\\Software\\Policies\\Gpreg\\Lists\\Named', ['Lists']],
    ['HKLM\\Software\\Policies\\Gpreg\\Values\\Off', ['Values']], // its disabledList
    ['HKLM\\Software\\Policies\\Gpreg\\Other\\B', ['Values']], // an enabledList item with a key of its own
    ['HKLM\\Software\\Policies\\Gpreg\\Values\\Nope', []],
  ];
  for (const [search, expected] of cases) assert.equal(await found(search), expected, search);
});

test('an unknown policy name gets a did-you-mean from display names, ids and aliases', () => {
  const set = new PolicySet(CATALOG);
  const message = (id: string) => {
    try {
      set.find(id);
    } catch (e) {
      return (e as Error).message;
    }
    return '(found)';
  };
  // The exact display name is the one answer: no near miss beside it.
  assert.match(message('Configure Offer Remote Assistance'), 'did you mean Microsoft.Policies.RemoteAssistance:RA_Unsolicit ("Configure Offer Remote Assistance", alias offer-remote-assistance)?');
  assert.not.match(message('Configure Offer Remote Assistance'), 'RA_Solicit');
  assert.match(message('RA_Unsolicted'), 'did you mean Microsoft.Policies.RemoteAssistance:RA_Unsolicit');
  assert.match(message('offer-remote-assistence'), 'did you mean Microsoft.Policies.RemoteAssistance:RA_Unsolicit');
  assert.match(message('solicited remote assistance'), 'RA_Solicit');
  assert.not.match(message('xyzzy'), 'did you mean');
});

test('suggestions: an exact display name first, then near misses, then words of a display name, five at most', async () => {
  const defs = (await import('../src/index.js')).loadPolicyDefinitions;
  const set = await defs(ADMX);
  const names = (q: string) => suggestPolicies(q, set.policies).map((p) => p.name);
  assert.equal(names('check boxes'), ['Booleans']);
  assert.equal(names('Check boxs'), ['Booleans']);
  assert.equal(names('Numbrs'), ['Numbers']);
  assert.equal(names('values'), ['Values']);
  assert.equal(names('nothing like it'), []);
  assert.ok(suggestPolicies('a', set.policies).length <= 5);
});

test('the banded edit distance agrees with the full one, within its limit', () => {
  const full = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), d[i - 1]![j]! + 1, d[i]![j - 1]! + 1);
    return d[a.length]![b.length]!;
  };
  // Every pair of strings over {a, b} up to length 5, for limits 1 to 3.
  const words = [''];
  for (let n = 1; n <= 5; n++) for (const w of words.filter((x) => x.length === n - 1)) words.push(`${w}a`, `${w}b`);
  for (const a of words) for (const b of words) for (const limit of [1, 2, 3]) {
    const f = full(a, b);
    assert.is(distanceWithin(a, b, limit), f <= limit ? f : undefined, `${a}|${b}|${limit}`);
  }
});

test.run();
