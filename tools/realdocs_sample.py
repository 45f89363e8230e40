#!/usr/bin/env python3
"""The realdocs sample that has hand-written gold (eval/gold/realdocs/): 48 documents of
../shared/realdocs/docs, half local, drawn by type in proportion, in the order of their
sha256 (so the draw depends on nothing we chose), leaving out the 11 documents over 40,000
characters (long appendices), which are scored against the site's metadata only.

    python3 tools/realdocs_sample.py [REALDOCS]   # prints one file name per line
"""
import json
import sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "../../shared/realdocs")
PER_TYPE = {
    "local": {"Quyết định": 20, "Nghị quyết": 4},
    "central": {"Công văn": 8, "Thông báo": 4, "Quyết định": 3, "Thông tư": 3,
                "Công điện": 2, "Nghị quyết": 2, "Nghị định": 1, "Văn bản hợp nhất": 1},
}
rows = [json.loads(l) for l in open(root / "metadata.jsonl", encoding="utf-8")]
rows = [r for r in rows if r["file"].startswith("docs/") and r["derived"]["chars"] <= 40000]
rows.sort(key=lambda r: r["derived"]["sha256"])
for level, types in PER_TYPE.items():
    for t, n in types.items():
        picked = [r for r in rows if r["derived"]["level"] == level and r["type"] == t][:n]
        for r in picked:
            print(Path(r["file"]).name)
