#!/usr/bin/env python3
"""`vanthu ingest` of rendered realdocs against extraction from the text drawn.

    python3 tools/eval_ingest_rendered.py VANTHU EXPORT.jsonl TRUTH_DIR

EXPORT.jsonl is `vanthu export` of an archive that ingested OUT_DIR/pdf
(`tools/make_rendered_realdocs.sh`); TRUTH_DIR/rNNN.gt.txt the text each page was drawn from.
Each record is compared with `VANTHU extract --json` of its text: header fields the same, in
the record's review, or silently different; citations (by number, codes folded) right, not in
the truth, missed. `VERBOSE=1` lists what differs silently.
"""
import json
import os
import re
import subprocess
import sys

FIELDS = ["number", "date", "place", "type", "issuer_name", "subject", "signer",
          "signer_title", "locality"]


def norm(number):
    return re.sub(r"[^0-9A-Z]", "", number.upper().replace("Đ", "D"))


def main():
    vanthu, export, truth_dir = sys.argv[1:4]
    same = {f: 0 for f in FIELDS}
    review = {f: 0 for f in FIELDS}
    silent = []
    right = extra = missed = n = 0
    for line in open(export, encoding="utf-8"):
        r = json.loads(line)
        stem = os.path.basename(r["source"]["path"]).split(".")[0]
        out = subprocess.run([vanthu, "extract", "--json",
                              os.path.join(truth_dir, stem + ".gt.txt")],
                             capture_output=True, text=True).stdout
        t = json.loads(out)
        t["type"] = t.get("doc_type", t.get("type"))
        n += 1
        in_review = {x["field"] for x in (r.get("review") or [])}
        for f in FIELDS:
            if r.get(f) == t.get(f):
                same[f] += 1
            elif f in in_review:
                review[f] += 1
            else:
                silent.append((stem, f, r.get(f), t.get(f)))
        a = {norm(c["number"]) for c in r.get("cites", [])}
        b = {norm(c["number"]) for c in t.get("cites", [])}
        right += len(a & b)
        extra += len(a - b)
        missed += len(b - a)
    print(f"{n} records; citations right {right}, not in the truth {extra}, missed {missed}")
    print(", ".join(f"{f} {same[f]}/{n} ({review[f]} in review)" for f in FIELDS))
    if os.environ.get("VERBOSE"):
        for s in silent:
            print("   ", str(s)[:300])


if __name__ == "__main__":
    main()
