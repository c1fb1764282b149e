#!/usr/bin/python3
"""Samba's own PReg code (python3-samba, C NDR) as an independent oracle for gpreg's tests.

Reads one JSON request on stdin, writes one JSON answer on stdout:
  {"decode": ["a.pol", ...]}  -> {"decode": [{"entries": [...]} | {"error": "..."}, ...]}
  {"encode": [[entry, ...], ...]} -> {"encode": ["hex of the file Samba packs", ...]}

An entry is {"key", "name", "type", "value"} where value is Samba's own reading of the data:
{"str": s} for REG_SZ/REG_EXPAND_SZ (Samba cuts at the NUL), {"int": "n"} for DWORD/QWORD
(decimal string), {"hex": h} for bytes, null for no data (Samba keeps no data for REG_NONE). gpreg's side is put in the same form by the test.
"""
import json, struct, sys
from samba.dcerpc import preg, misc
from samba.ndr import ndr_pack, ndr_unpack

def value(e):
    d = e.data
    if d is None:
        return None
    if isinstance(d, str):
        return {"str": d}
    if isinstance(d, int):
        return {"int": str(d)}  # a string: QWORDs do not fit a JSON reader's double
    return {"hex": bytes(d).hex()}

def decode(path):
    try:
        f = ndr_unpack(preg.file, open(path, 'rb').read())
    except Exception as ex:  # Samba's NDR raises RuntimeError with (code, text)
        return {"error": str(ex)}
    return {"signature": f.header.signature, "version": f.header.version,
            "entries": [{"key": e.keyname, "name": e.valuename, "type": e.type, "value": value(e)} for e in f.entries]}

def encode(entries):
    f = preg.file()
    f.header.signature = 'PReg'
    f.header.version = 1
    out = []
    for c in entries:
        e = preg.entry()
        e.keyname, e.valuename, e.type = c["key"], c["name"], c["type"]
        v = c["value"]
        if v is None:
            pass
        elif "str" in v:
            e.data = v["str"]
        elif "int" in v:
            e.data = int(v["int"])
        else:
            e.data = bytes.fromhex(v["hex"])
        out.append(e)
    f.entries = out
    f.num_entries = len(out)
    return ndr_pack(f).hex()

req = json.load(sys.stdin)
ans = {}
if "decode" in req:
    ans["decode"] = [decode(p) for p in req["decode"]]
if "encode" in req:
    ans["encode"] = [encode(es) for es in req["encode"]]
json.dump(ans, sys.stdout)
