// Writes a synthetic `reg export`-shaped file (UTF-16LE with BOM, 5.00): keys with 1–20 values of
// every type regedit exports, hex data wrapped as regedit wraps it. Streamed in chunks, so the
// generator never holds the whole file. Usage: node scripts/make-reg-export.mjs OUT MB [SEED]
import { createWriteStream } from 'node:fs';

export async function makeRegExport(out, megabytes, seed = 20261123, variant = 0) {
  let x = seed >>> 0 || 1;
  const r = (n) => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x % n;
  };
  const words = ['Software', 'Microsoft', 'Windows', 'CurrentVersion', 'Explorer', 'Policies', 'Classes', 'CLSID', 'Services', 'Parameters', 'Control', 'Session Manager', 'Internet Settings', 'Shell Extensions'];
  const str = (n) => Array.from({ length: n }, () => String.fromCharCode(97 + r(26))).join('');
  const hex = (prefix, n) => {
    let line = prefix;
    let len = prefix.length;
    for (let i = 0; i < n; i++) {
      line += r(256).toString(16).padStart(2, '0');
      if (i === n - 1) break;
      line += ',';
      len += 3;
      if (len >= 77) {
        line += '\\\r\n  ';
        len = 2;
      }
    }
    return line;
  };
  const target = megabytes * 1024 * 1024;
  const stream = createWriteStream(out);
  const write = (s) => new Promise((ok) => (stream.write(Buffer.from(s, 'utf16le')) ? ok() : stream.once('drain', ok)));
  stream.write(Buffer.from([0xff, 0xfe]));
  let size = 2;
  let chunk = 'Windows Registry Editor Version 5.00\r\n';
  let keyNo = 0;
  let values = 0;
  while (size + chunk.length * 2 < target) {
    chunk += `\r\n[HKEY_LOCAL_MACHINE\\${['SOFTWARE', ...Array.from({ length: 2 + r(4) }, () => words[r(words.length)])].join('\\')}\\K${keyNo++}]\r\n`;
    const n = 1 + r(20);
    for (let i = 0; i < n; i++) {
      const name = r(20) === 0 ? '@' : `"${str(6 + r(20))}"`;
      const eq = name === '@' ? '@=' : name + '=';
      const k = r(100);
      // `variant` changes every 100th value (without drawing from r, so the rest stays the same).
      const changed = variant !== 0 && values % 100 === 37;
      if (k < 45) chunk += `${eq}"${changed ? 'CHANGED ' : ''}${str(5 + r(60))}"\r\n`;
      else if (k < 75) {
        const d = r(0xffffffff); // drawn even when changed, so the sequence stays the same
        chunk += `${eq}dword:${(changed ? 0xdead : d).toString(16).padStart(8, '0')}\r\n`;
      }
      else if (k < 88) chunk += hex(`${eq}hex:`, 4 + r(120)) + '\r\n';
      else if (k < 93) chunk += hex(`${eq}hex(2):`, 2 * (8 + r(40))) + ',00,00\r\n';
      else if (k < 97) chunk += hex(`${eq}hex(7):`, 2 * (8 + r(40))) + ',00,00,00,00\r\n';
      else if (k < 99) chunk += hex(`${eq}hex(b):`, 8) + '\r\n';
      else chunk += `${eq}hex(0):\r\n`;
      values++;
    }
    if (chunk.length > 1 << 20) {
      size += chunk.length * 2;
      await write(chunk);
      chunk = '';
    }
  }
  size += chunk.length * 2 + 4;
  await write(chunk + '\r\n');
  await new Promise((ok) => stream.end(ok));
  return { bytes: size, keys: keyNo, values };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const info = await makeRegExport(process.argv[2], Number(process.argv[3] ?? 100), Number(process.argv[4] ?? 20261123));
  console.log(info);
}
