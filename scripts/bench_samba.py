#!/usr/bin/python3
"""Times Samba's C NDR PReg decoder and encoder on one file (for npm run bench).

decode_s:  ndr_unpack alone. It fills C structures; Python objects for the entries are made only
           when f.entries is read.
read_s:    ndr_unpack, then every entry's key, name, type and data read into Python: the same work
           as gpreg's decodePol, which returns every record as a JavaScript object.
encode_s:  ndr_pack of the unpacked file.
Prints JSON: {"decode_s": [...], "read_s": [...], "encode_s": [...], "entries": n}."""
import gc, json, sys, time
from samba.dcerpc import preg
from samba.ndr import ndr_pack, ndr_unpack

data = open(sys.argv[1], 'rb').read()
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
dec, read, enc = [], [], []
f = out = rows = None
for _ in range(runs):
    # Free the previous run's objects before timing, as the Node side collects garbage first.
    f = out = rows = None
    gc.collect()
    t = time.perf_counter(); f = ndr_unpack(preg.file, data); dec.append(time.perf_counter() - t)
    f = None
    gc.collect()
    t = time.perf_counter()
    f = ndr_unpack(preg.file, data)
    rows = [(e.keyname, e.valuename, e.type, e.data) for e in f.entries]
    read.append(time.perf_counter() - t)
    t = time.perf_counter(); out = ndr_pack(f); enc.append(time.perf_counter() - t)
    assert out == data, 'Samba did not re-pack the same bytes'
json.dump({"decode_s": dec, "read_s": read, "encode_s": enc, "entries": len(rows)}, sys.stdout)
