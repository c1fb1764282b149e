/**
 * The frame every HTML report shares: one self-contained page (no script, no external style, font
 * or image), a Content-Security-Policy that allows only the page's own stylesheet (by hash), print
 * rules, and the one way text from files gets into markup: {@link text}.
 *
 * Files come from anyone. Every string from a file or a template goes through `text`, which escapes
 * markup characters and shows control characters, bidi overrides and NULs as visible escapes, and
 * cuts very long strings (saying so). Markup is only ever built from literals and `text`'s output.
 */

import { createHash } from 'node:crypto';
import { UNSAFE_FIELD_CHARS, visibleEscape } from '../../text.js';

/** Markup: a string already escaped, as opposed to text from a file. */
export interface Html {
  readonly html: string;
}

/** Longest run of one string shown in a cell; the rest is cut, and the cut says how long it was. */
export const MAX_SHOWN = 2000;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Markup from a literal the code wrote (never from a file). */
export const raw = (html: string): Html => ({ html });

/**
 * Text from a file or a template, as markup: `& < > " '` as entities (safe in elements and quoted
 * attributes), each unsafe character as a marked visible escape, and past `max` characters cut
 * with the full length said.
 */
export function text(value: string, max = MAX_SHOWN): Html {
  const { shown, tail } = cut(value, max);
  return { html: escapeText(shown) + tail };
}

/** `& < > " '` as entities, each unsafe character as a marked visible escape. */
function escapeText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!).replace(UNSAFE_FIELD_CHARS, (c) => `<span class="esc" title="control or direction character">${visibleEscape(c)}</span>`);
}

/** The first `max` characters (never half a surrogate pair), and the note that says what was cut. */
function cut(value: string, max: number): { shown: string; tail: string } {
  if (value.length <= max) return { shown: value, tail: '' };
  const end = /[\ud800-\udbff]/.test(value[max - 1] ?? '') ? max - 1 : max;
  return { shown: value.slice(0, end), tail: `<span class="cut">… cut: ${value.length.toLocaleString('en-US')} characters in all</span>` };
}

/**
 * Running text from a template (an explain text) as paragraphs: its line breaks are the author's
 * layout, not unsafe characters. A blank line starts a paragraph, a single break is a `<br>` (one
 * line is inline text, without `<p>`); every piece is escaped as {@link text} escapes, so any other control character is still a visible escape.
 */
export function paragraphs(value: string, max = MAX_SHOWN): Html {
  const { shown, tail } = cut(value, max);
  const paras = shown
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n\s*/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p !== '');
  // One paragraph without a break needs no layout: it stays inline text, as text() gives it.
  if (paras.length === 1 && !paras[0]!.includes('\n')) return { html: escapeText(paras[0]!) + tail };
  return { html: paras.map((p) => `<p>${p.split('\n').map(escapeText).join('<br>')}</p>`).join('') + tail };
}

/** Text for an attribute value (an id, a title): escaped, with unsafe characters as plain escapes. */
export function attr(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!).replace(UNSAFE_FIELD_CHARS, visibleEscape);
}

type Part = Html | string | number | undefined | false | null | readonly Part[];

/**
 * A template tag for markup: literal parts are markup, and every `${}` is text unless it is already
 * {@link Html} (or a list of parts, joined). `false`, `null` and `undefined` write nothing.
 */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0]!;
  parts.forEach((p, i) => {
    out += join(p) + strings[i + 1]!;
  });
  return { html: out };
}

function join(p: Part): string {
  if (p === undefined || p === null || p === false) return '';
  if (Array.isArray(p)) return (p as readonly Part[]).map(join).join('');
  if (typeof p === 'object') return (p as Html).html;
  return text(String(p)).html;
}

/** A table with a caption, header cells (`scope="col"`) and rows of cells; the first cell of a row is its header when `rowHeader`. */
export function table(options: { caption?: string | Html; head: readonly string[]; rows: ReadonlyArray<readonly Part[]>; rowHeader?: boolean; className?: string }): Html {
  const rows = options.rows.map((cells) => html`<tr>${cells.map((c, i) => (i === 0 && options.rowHeader ? html`<th scope="row">${c}</th>` : html`<td>${c}</td>`))}</tr>`);
  return html`<table${options.className ? raw(` class="${attr(options.className)}"`) : ''}>${options.caption !== undefined ? html`<caption>${options.caption}</caption>` : ''}<thead><tr>${options.head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * Most rows a table of records, changes or findings shows: a page of tens of thousands of rows
 * takes a browser many seconds to open (100,000 records: 25 s), so the rest is counted and the
 * note says which command lists them all.
 */
export const MAX_ROWS = 2000;

/** The first `max` rows, and a note of how many more there are and where to find them (empty when none). */
export function firstRows<T>(rows: readonly T[], max: number, rest: string): { shown: readonly T[]; note: Html } {
  if (rows.length <= max) return { shown: rows, note: html`` };
  return { shown: rows.slice(0, max), note: html`<p class="cut">… and ${(rows.length - max).toLocaleString('en-US')} more (${rows.length.toLocaleString('en-US')} in all, the first ${max.toLocaleString('en-US')} shown): ${rest}</p>` };
}

/** `1 record`, `2 records`, `1,000 records`: a count with its noun. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}

/** A language tag as HTML's `lang` takes it (BCP 47's shape: `de-DE`, `zh-Hant-TW`). */
const LANG_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * Template text (a display name, a category, an explain text, a dialog label) marked with its
 * language when that is not the page's English, so that screen readers, hyphenation and
 * translation tools read it as what it is. `lang` is a definition's (its ADML folder).
 */
export function inLang(lang: string | undefined, content: Part, block = false): Html {
  if (!lang || /^en(-|$)/i.test(lang) || !LANG_TAG.test(lang)) return html`${content}`;
  // Paragraphs need a block around them: a <p> inside a <span> is not HTML.
  return block ? html`<div lang="${raw(attr(lang))}">${content}</div>` : html`<span lang="${raw(attr(lang))}">${content}</span>`;
}

/** A word for a state or a severity, with a class for colour: the word is always there, colour only helps. */
export function badge(word: string, kind: string): Html {
  return html`<span class="badge ${raw(attr(kind))}">${word}</span>`;
}

const STYLE = `
:root{color-scheme:light;--fg:#1b1b1b;--muted:#595959;--line:#c8c8c8;--head:#f0f2f5;--accent:#0b5cad}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);margin:0 auto;padding:1.5rem;max-width:1200px}
h1{font-size:1.6rem;margin:0 0 .75rem}h2{font-size:1.3rem;margin:2rem 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid var(--accent)}
h3{font-size:1.1rem;margin:1.5rem 0 .4rem}h4{font-size:1rem;margin:1.2rem 0 .3rem;color:var(--accent)}
a{color:var(--accent)}a:focus-visible,summary:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
table{border-collapse:collapse;width:100%;margin:.3rem 0 1rem}
caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
td .mono,th .mono,td.mono,dd.mono{overflow-wrap:anywhere}
thead th{background:var(--head)}
th[scope=row]{font-weight:600;width:34%}th[scope=row] .muted{font-weight:normal}
table.policies td:nth-child(2){width:9rem}
table.changes{table-layout:fixed}table.changes th:nth-child(1){width:28%}table.changes th:nth-child(2){width:7.5rem}table.changes th:nth-child(3){width:10rem}
table.opts{margin:0;font-size:.95em;table-layout:fixed}table.opts th{font-weight:normal;background:none}table.opts th[scope=row]{width:40%}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0 0 1rem}dl.meta dt{font-weight:600}dl.meta dd{margin:0;overflow-wrap:anywhere}
code,.mono{font-family:ui-monospace,"Cascadia Mono",Consolas,"DejaVu Sans Mono",monospace;font-size:.92em}
.muted{color:var(--muted)}
.badge{display:inline-block;padding:0 .4rem;border-radius:.6rem;border:1px solid currentColor;font-weight:600;white-space:nowrap}
.enabled,.added{color:#136c2e}.disabled,.removed{color:#a4262c}.notConfigured,.same{color:var(--muted)}.unknown,.changed,.warning{color:#8a5300}.error{color:#a4262c}.info{color:#0b5cad}
.esc{font-family:ui-monospace,Consolas,monospace;background:#fff3c4;color:#6b4e00;border:1px dotted #b58900;padding:0 .1em}
.cut{display:inline-block;margin-left:.3em;font-style:italic;color:var(--muted)}
details{margin:.25rem 0}summary{cursor:pointer;color:var(--accent)}details>div{white-space:pre-wrap;margin:.3rem 0 .3rem 1rem;color:var(--fg)}
ul.items{margin:0;padding-left:1.1rem}
nav.toc>ul{margin:.2rem 0}nav.toc ul ul{columns:2;margin:.1rem 0 .4rem}nav.toc h2{font-size:1.1rem;border:none;margin:1rem 0 .2rem}
section.gpo{content-visibility:auto;contain-intrinsic-size:auto 800px}
footer{margin-top:2rem;color:var(--muted);font-size:.9em}
form.filters{display:flex;gap:1rem;flex-wrap:wrap;margin:.5rem 0}form.filters fieldset{border:1px solid var(--line);padding:.2rem .6rem}form.filters label{margin-right:.8rem;white-space:nowrap}
table.compare tbody.by-status{display:none}
body:has(#order-status:checked) table.compare tbody.by-setting{display:none}body:has(#order-status:checked) table.compare tbody.by-status{display:table-row-group}
body:has(#show-differences:checked) table.compare tr.same:not(.differs){display:none}body:has(#show-conflicts:checked) table.compare tbody tr:not(.conflict){display:none}
table.compare{table-layout:fixed}table.compare thead th:first-child{width:6.5rem}table.compare thead th:nth-child(2){width:22%}table.compare th[scope=row]{width:auto}ol.sources{margin:0;padding-left:1.4rem}
@media print{
body{max-width:none;padding:0;font-size:10.5pt}
a{color:inherit;text-decoration:none}
thead{display:table-header-group}tr,dl.meta,.finding{break-inside:avoid}
h2,h3,h4{break-after:avoid}
nav.toc,form.filters{display:none}
.badge{border:none;padding:0}
}
`.trim();

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/**
 * No script may run, nothing may be fetched: the page's one stylesheet is allowed by its hash, and
 * images only as data: URLs (none are used today).
 */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;

/** The whole page: doctype, CSP first in the head, the stylesheet, the body. */
export function page(options: { title: string; body: Html; generator: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${attr(options.generator)}">
<meta name="referrer" content="no-referrer">
<title>${attr(options.title.length > 200 ? options.title.slice(0, 200) + '…' : options.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${options.body.html}
</body>
</html>
`;
}
