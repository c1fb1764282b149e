/**
 * Template bytes to a small element tree with positions, through saxes (a conforming, streaming
 * XML parser). ADMX and ADML files are a few hundred KB at most, so a tree is cheap and lets the
 * loader look ahead (a policy's elements before its presentation).
 *
 * Safety: saxes never fetches or expands external entities or DTDs; a DOCTYPE is refused here
 * outright, so an entity can neither reach the network nor blow up in memory.
 */

import iconv from 'iconv-lite';
import { createRequire } from 'node:module';
import type { SaxesParser as Parser } from 'saxes';

/**
 * saxes (CommonJS) is loaded the first time a document is parsed: half the commands never parse XML,
 * and its import (with xmlchars) was a tenth of their start-up.
 */
let SaxesParser: typeof Parser | undefined;
const saxes = (): typeof Parser => (SaxesParser ??= (createRequire(import.meta.url)('saxes') as { SaxesParser: typeof Parser }).SaxesParser);

/**
 * An element's attributes by local name (`xmlns:xsd` is `xsd`, `xsi:type` is `type`). A view over
 * saxes' own null-prototype object, so no copy is made per element (a template set has ~500k).
 */
const NO_PREFIXED: Map<string, string> = new Map();

export class XmlAttributes {
  private local: Map<string, string> | undefined;
  constructor(private readonly raw: Readonly<Record<string, string>>) {}

  /** Prefixed names by local name, built only for an element that has any. */
  private prefixed(): Map<string, string> {
    if (!this.local) {
      let found: Map<string, string> | undefined;
      for (const k in this.raw) if (k.includes(':')) (found ??= new Map()).set(localName(k), this.raw[k]!);
      this.local = found ?? NO_PREFIXED;
    }
    return this.local;
  }

  get(name: string): string | undefined {
    return this.raw[name] ?? this.prefixed().get(name);
  }

  /** The attribute names (local names). An array: a generator here cost more than the parse's own work. */
  keys(): string[] {
    const out = Object.keys(this.raw);
    for (let i = 0; i < out.length; i++) if (out[i]!.includes(':')) out[i] = localName(out[i]!);
    return out;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return Object.entries(this.raw)
      .map(([k, v]): [string, string] => [localName(k), v])
      [Symbol.iterator]();
  }
}

/** One XML element: local name (prefix dropped), attributes, children and text, and where it starts. */
export interface XmlElement {
  name: string;
  attrs: XmlAttributes;
  children: XmlElement[];
  /** The element's own text (character data and CDATA directly inside it), concatenated. */
  text: string;
  line: number;
  column: number;
  /**
   * With `spans`: where the element is in the decoded text (decodeXmlBytes), from its `<` to just
   * after its end tag (or `/>`), so an editor can replace one element and keep every other byte.
   */
  span?: [number, number];
}

/** Options for {@link parseXml}. */
export interface ParseXmlOptions {
  /** Record each element's span in the text (for editors; templates do without). */
  spans?: boolean;
  /**
   * Read past a DOCTYPE instead of refusing it (Microsoft's DDF files carry OMA's). It is never
   * interpreted: an entity it declares stays unknown, so a reference to one is an error.
   */
  skipDoctype?: boolean;
}

/** Why a file could not be parsed, with the position saxes reported. */
export class XmlError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/**
 * Bytes to text. Templates come as UTF-8 (with or without BOM) or UTF-16 (with BOM, some declaring
 * `encoding='unicode'`); a UTF-16 file without BOM is recognised by its `<` followed by a NUL.
 */
export function decodeXmlBytes(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xff && b[1] === 0xfe) return b.toString('utf16le', 2);
  if (b[0] === 0xfe && b[1] === 0xff) return iconv.decode(b.subarray(2), 'utf-16be');
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.toString('utf8', 3);
  if (b[0] === 0x3c && b[1] === 0x00) return b.toString('utf16le');
  if (b[0] === 0x00 && b[1] === 0x3c) return iconv.decode(b, 'utf-16be');
  return b.toString('utf8');
}

function localName(n: string): string {
  const i = n.indexOf(':');
  return i < 0 ? n : n.slice(i + 1);
}

/**
 * Parses a template into its root element. Throws {@link XmlError} with line and column for
 * malformed XML, a DOCTYPE, or an entity reference XML does not predefine.
 */
export function parseXml(bytes: Uint8Array, options: ParseXmlOptions = {}): XmlElement {
  // The declaration's encoding has been applied above (and `unicode` is not a name saxes knows).
  const decoded = decodeXmlBytes(bytes);
  const text = decoded.replace(/^(<\?xml[^>]*?)\sencoding\s*=\s*(['"])[^'"]*\2/, '$1');
  // What the line above took out lies in the declaration, before every element: spans shift by it.
  const shift = decoded.length - text.length;
  let opened = -1;
  const parser = new (saxes())({ xmlns: false, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: XmlError | undefined;
  // The first error ends the parse: saxes would go on and report every bad character after it,
  // which made a damaged file of a few MB cost seconds (one error object per character).
  parser.on('error', (e) => {
    failure ??= new XmlError(e.message.replace(/^\d+:\d+: /, ''), parser.line, parser.column);
    throw failure;
  });
  if (!options.skipDoctype) {
    parser.on('doctype', () => {
      failure ??= new XmlError('a DOCTYPE is not allowed in a template (entities are never expanded)', parser.line, parser.column);
      throw failure;
    });
  }
  if (options.spans) parser.on('opentagstart', () => {
    opened = text.lastIndexOf('<', parser.position - 1);
  });
  parser.on('opentag', (tag) => {
    const attrs = new XmlAttributes(tag.attributes as Record<string, string>);
    const el: XmlElement = { name: localName(tag.name), attrs, children: [], text: '', line: parser.line, column: parser.column };
    if (options.spans) el.span = [opened + shift, opened + shift];
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root ??= el;
    stack.push(el);
  });
  parser.on('closetag', () => {
    const el = stack.pop();
    if (el?.span) el.span[1] = parser.position + shift;
  });
  const addText = (t: string) => {
    const top = stack[stack.length - 1];
    // Indentation between child elements is no element's text; skipping it saves most of the
    // string building (a text-only element such as <string> keeps its blanks).
    if (!top || (top.children.length > 0 && !/\S/.test(t))) return;
    top.text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  try {
    parser.write(text).close();
  } catch (e) {
    failure ??= new XmlError((e as Error).message.replace(/^\d+:\d+: /, ''), parser.line, parser.column);
  }
  if (failure) throw failure;
  if (!root) throw new XmlError('no root element', parser.line, parser.column);
  return root;
}

/** The first child element with this name. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
}

/** Every child element with this name. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/**
 * Text escaped for XML so that a reader (this one, saxes, any XML 1.0 parser) gives it back as it
 * was: `&`, `<`, `>`, `"` as entities; a CR as `&#13;` (readers turn a raw CR LF into LF); in an
 * attribute (`attribute`), a line feed and a tab too (readers turn them into spaces). Characters
 * XML 1.0 cannot carry at all are written as U+FFFD (none occur in a real GPO).
 */
export function xmlText(text: string, attribute = false): string {
  return text
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
    .replace(attribute ? /[\r\n\t]/g : /\r/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');
}
