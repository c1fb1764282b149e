#!/usr/bin/python3
"""Wine's own regedit as an independent oracle for gpreg's .reg tests.

Reads one JSON request on stdin, writes one JSON answer on stdout:
  {"imports": [{"file": "a.reg", "root": "HKEY_CURRENT_USER\\\\Software\\\\GpregTest\\\\a",
                "before": "optional .reg imported first"}, ...],
   "exports": [{"file": "in.reg", "root": "HKEY_...", "out": "exported.reg"}, ...]}
For each import: the root is deleted, `before` (if any) then `file` are imported with
`wine regedit /S`, and the tree under root is exported with `wine regedit /E` and read back here:
  {"imports": [{"state": {"KEY": {"name": {"type": n, "data": "hex"}}}}, ...]}
For each export: `file` is imported and root exported to `out` (bytes left for the caller).

The export is read by this file's own small reader, not by gpreg. The Wine prefix lives in
$GPREG_WINEPREFIX (default: gpreg-wine in the temp folder) and is created on first use.
"""
import json, os, re, subprocess, sys, tempfile

PREFIX = os.environ.get('GPREG_WINEPREFIX', os.path.join(tempfile.gettempdir(), 'gpreg-wine'))
ENV = dict(os.environ, WINEPREFIX=PREFIX, WINEDEBUG='-all')

def wine(*args):
    # no pipes: services started by the first wine process inherit them and keep them open
    return subprocess.run(('wine',) + args, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)

def ensure_prefix():
    if not os.path.exists(os.path.join(PREFIX, 'user.reg')):
        subprocess.run(['wine', 'wineboot', '-i'], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        subprocess.run(['wineserver', '-w'], env=ENV, timeout=300)

def read_text(path):
    b = open(path, 'rb').read()
    return b[2:].decode('utf-16le') if b[:2] == b'\xff\xfe' else b.decode('latin-1')

def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == '\\' and i + 1 < len(s):
            n = s[i + 1]
            out.append({'n': '\n', 'r': '\r', '0': '\0'}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)

def parse_export(text):
    out, cur = {}, None
    text = re.sub(r'\\\r?\n\s*', '', text)  # join hex continuation lines
    for line in text.split('\r\n'):
        if line.startswith('['):
            cur = line[1:-1]
            out.setdefault(cur, {})
            continue
        if cur is None or not line or line.startswith('Windows Registry') or line.startswith('REGEDIT'):
            continue
        if line.startswith('@='):
            name, rest = '', line[2:]
        else:
            m = re.match(r'"((?:[^"\\]|\\.)*)"=(.*)$', line)
            if not m:
                raise SystemExit('oracle cannot read export line: %r' % line)
            name, rest = unescape(m.group(1)), m.group(2)
        if rest.startswith('"'):
            t, data = 1, (unescape(rest[1:-1]) + '\0').encode('utf-16le').hex()
        elif rest.startswith('dword:'):
            t, data = 4, int(rest[6:], 16).to_bytes(4, 'little').hex()
        else:
            m = re.match(r'hex(?:\(([0-9a-fA-F]+)\))?:(.*)$', rest)
            t = int(m.group(1), 16) if m.group(1) else 3
            data = m.group(2).replace(',', '').strip()
        out[cur][name] = {'type': t, 'data': data}
    return out

def delete_tree(root, tmp):
    f = os.path.join(tmp, 'delete.reg')
    open(f, 'wb').write(b'\xff\xfe' + ('Windows Registry Editor Version 5.00\r\n\r\n[-%s]\r\n' % root).encode('utf-16le'))
    wine('regedit', '/S', f)

def main():
    req = json.load(sys.stdin)
    ensure_prefix()
    ans = {'imports': [], 'exports': []}
    with tempfile.TemporaryDirectory() as tmp:
        for item in req.get('imports', []):
            delete_tree(item['root'], tmp)
            if item.get('before'):
                wine('regedit', '/S', os.path.abspath(item['before']))
            wine('regedit', '/S', os.path.abspath(item['file']))
            out = os.path.join(tmp, 'out.reg')
            if os.path.exists(out):
                os.remove(out)
            wine('regedit', '/E', out, item['root'])
            ans['imports'].append({'state': parse_export(read_text(out)) if os.path.exists(out) else {}})
        for item in req.get('exports', []):
            delete_tree(item['root'], tmp)
            wine('regedit', '/S', os.path.abspath(item['file']))
            wine('regedit', '/E', os.path.abspath(item['out']), item['root'])
            ans['exports'].append({'ok': os.path.exists(item['out'])})
    json.dump(ans, sys.stdout)

if __name__ == '__main__':
    main()
