#!/usr/bin/env python3
"""The realdocs samples that have hand-written gold.

Draw 1 (eval/gold/realdocs/): 48 documents of ../shared/realdocs/docs, half local, drawn by
type in proportion, in the order of their sha256 (so the draw depends on nothing we chose),
leaving out the 11 documents over 40,000 characters (long appendices), which are scored
against the site's metadata only.

Draw 2 (eval/gold/realdocs2/): 24 more, the next ones in the same order, drawn after every
change to extraction had been tuned on draw 1 — a sample nothing was fitted to when its gold
was written (session 38). Draw 3 (eval/gold/realdocs3/): 24 more, written after draw 2's
findings were fixed. Draw 4 (eval/gold/realdocs4/): 24 more, scored once at the session's end
and not used to change anything (session 38); draw 5 (eval/gold/realdocs5/), 24 more, written
at the start of session 39 and scored once at its end, after draw 3's and draw 4's findings
were fixed; draw 6 (eval/gold/realdocs6/), 24 more, written at the start of session 42 and
scored at its end (the local resolutions are all drawn by then); draw 7
(eval/gold/realdocs7/), 24 more, written at the start of session 43; draw 8
(eval/gold/realdocs8/), 24 more, written at the start of session 44 (what is left after it:
three central letters, a circular and a telegram); draw 9 (eval/gold/realdocs9/), those
five and the 13 letters of headless/, written in session 44 (what is left of docs/ after it:
the 11 documents over 40,000 characters).

    python3 tools/realdocs_sample.py [--draw 2|3|4|5|6|7|8|9] [REALDOCS]   # one file name per line
"""
import json
import sys
from pathlib import Path

args = sys.argv[1:]
draw = 1
if "--draw" in args:
    i = args.index("--draw")
    draw = int(args[i + 1])
    del args[i:i + 2]
root = Path(args[0] if args else Path(__file__).parent / "../../shared/realdocs")
DRAWS = {
    1: {
        "local": {"Quyết định": 20, "Nghị quyết": 4},
        "central": {"Công văn": 8, "Thông báo": 4, "Quyết định": 3, "Thông tư": 3,
                    "Công điện": 2, "Nghị quyết": 2, "Nghị định": 1, "Văn bản hợp nhất": 1},
    },
    2: {
        "local": {"Quyết định": 10, "Nghị quyết": 3},
        "central": {"Công văn": 5, "Thông báo": 2, "Quyết định": 2, "Thông tư": 1,
                    "Công điện": 1},
    },
    3: {
        "local": {"Quyết định": 10, "Nghị quyết": 2},
        "central": {"Công văn": 5, "Thông báo": 2, "Quyết định": 2, "Thông tư": 1,
                    "Công điện": 1, "Nghị quyết": 1},
    },
    4: {
        "local": {"Quyết định": 12},
        "central": {"Công văn": 6, "Thông báo": 2, "Quyết định": 2, "Thông tư": 1,
                    "Công điện": 1},
    },
    5: {
        "local": {"Quyết định": 10, "Nghị quyết": 2},
        "central": {"Công văn": 5, "Thông báo": 2, "Quyết định": 2, "Thông tư": 1,
                    "Công điện": 1, "Nghị quyết": 1},
    },
    6: {
        "local": {"Quyết định": 11},
        "central": {"Công văn": 5, "Thông báo": 2, "Quyết định": 1, "Thông tư": 2,
                    "Công điện": 1, "Nghị quyết": 2},
    },
    7: {
        "local": {"Quyết định": 12},
        "central": {"Công văn": 5, "Thông báo": 2, "Quyết định": 1, "Thông tư": 2,
                    "Công điện": 1, "Nghị quyết": 1},
    },
    8: {
        "local": {"Quyết định": 10},
        "central": {"Công văn": 8, "Thông báo": 2, "Thông tư": 2, "Công điện": 1,
                    "Nghị quyết": 1},
    },
    9: {
        "local": {},
        "central": {"Công văn": 3, "Thông tư": 1, "Công điện": 1},
    },
}
# Draw 9 also takes every letter of headless/ (13, the site left out their headers).
HEADLESS_IN = 9
all_rows = [json.loads(l) for l in open(root / "metadata.jsonl", encoding="utf-8")]
rows = [r for r in all_rows if r["file"].startswith("docs/") and r["derived"]["chars"] <= 40000]
rows.sort(key=lambda r: r["derived"]["sha256"])
for level in ("local", "central"):
    for t in DRAWS[1][level]:
        skip = sum(DRAWS[d][level].get(t, 0) for d in range(1, draw))
        n = DRAWS[draw][level].get(t, 0)
        picked = [r for r in rows if r["derived"]["level"] == level and r["type"] == t]
        for r in picked[skip:skip + n]:
            print(Path(r["file"]).name)
if draw == HEADLESS_IN:
    for r in sorted(all_rows, key=lambda r: r["derived"]["sha256"]):
        if r["file"].startswith("headless/"):
            print(Path(r["file"]).name)
