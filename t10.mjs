import { readFileSync, readdirSync } from 'node:fs';
import { parseXml, decodeXmlBytes } from './dist/admx/xml.js';
import { SaxesParser } from 'saxes';
const dirs = ['/work/shared/admx/windows-11-25h2', '/work/shared/admx/office-2016'];
const files = dirs.flatMap(d => [...readdirSync(d).filter(f => /\.admx$/i.test(f)).map(f => d + '/' + f), ...readdirSync(d + '/en-US').map(f => d + '/en-US/' + f)]);
const data = files.map(f => readFileSync(f));
for (let r = 0; r < 3; r++) {
  let t = performance.now(); const texts = data.map(decodeXmlBytes); const tDec = performance.now() - t;
  t = performance.now(); for (const s of texts) { const p = new SaxesParser({ xmlns: false, position: true }); p.write(s).close(); } const tSax = performance.now() - t;
  t = performance.now(); for (const s of texts) { const p = new SaxesParser({ xmlns: false, position: false }); p.write(s).close(); } const tSaxNoPos = performance.now() - t;
  t = performance.now(); for (const b of data) parseXml(b); const tTree = performance.now() - t;
  console.log({ tDec, tSax, tSaxNoPos, tTree });
}
