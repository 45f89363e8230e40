#!/usr/bin/env python3
"""Extraction from OCR'd real pages against extraction from the same pages' truth.

    python3 tools/eval_ocr_extract.py VANTHU TRUTH_DIR OCR_DIR...

TRUTH_DIR/rNNN.gt.txt is each page's truth (`tools/truth_corrections.py apply`), OCR_DIR/rNNN.ocr.txt
the page as an OCR engine read it (`tools/make_real_ocr_pairs.sh`, `tools/make_real_ocr_variant.sh`).
Each is run through `VANTHU extract --json` (restored, then read), and what the OCR's record
says is compared with what the truth's says:

- citations (by number, codes folded): right, not in the truth, missed; and the dates of
  those right, right or wrong;
- header fields: the same as the truth's, different but named in the record's `review`, or
  different and not named (silently wrong).

The truth's own record is the yardstick, so a number the truth text itself misreads (a
handwritten digit) counts against the OCR that reads it right: the header figures are for
comparing builds, not absolute. `VERBOSE=1` lists what differs.
"""
import collections
import glob
import json
import os
import re
import subprocess
import sys

FIELDS = ["number", "date", "place", "doc_type", "issuer_name", "subject", "signer",
          "signer_title", "recipients", "locality"]


def record(vanthu, path):
    out = subprocess.run([vanthu, "extract", "--json", path], capture_output=True, text=True)
    try:
        return json.loads(out.stdout)
    except ValueError:
        return {}


def norm(number):
    number = number.upper().replace("Đ", "D")
    return "-".join(p.lstrip("0") or "0" for p in re.split(r"[-/ ]+", number) if p)


def cites(rec):
    return {norm(c["number"]): c.get("date") or "" for c in rec.get("cites", []) if c.get("number")}


def main():
    vanthu, truth_dir, sets = sys.argv[1], sys.argv[2], sys.argv[3:]
    verbose = bool(os.environ.get("VERBOSE"))
    truth = {os.path.basename(p)[:-len(".gt.txt")]: record(vanthu, p)
             for p in sorted(glob.glob(os.path.join(truth_dir, "r*.gt.txt")))}
    for s in sets:
        c = collections.Counter()
        fields = {f: collections.Counter() for f in FIELDS}
        seen = []
        for page, t in truth.items():
            path = os.path.join(s, page + ".ocr.txt")
            if not os.path.exists(path):
                continue
            r = record(vanthu, path)
            got, want = cites(r), cites(t)
            for n, d in got.items():
                if n not in want:
                    c["not in truth"] += 1
                    seen.append((page, "cite", n, None))
                    continue
                c["right"] += 1
                if d and d == want[n]:
                    c["dates right"] += 1
                elif d:
                    c["dates wrong"] += 1
                    seen.append((page, "cite date", n, (d, want[n])))
            missed = [n for n in want if n not in got]
            c["missed"] += len(missed)
            seen.extend((page, "missed cite", n, None) for n in missed)
            flagged = {x["field"] for x in r.get("review", [])}
            for f in FIELDS:
                if r.get(f) == t.get(f):
                    fields[f]["right"] += 1
                elif f in flagged or (f == "issuer_name" and "issuer" in flagged):
                    fields[f]["review"] += 1
                else:
                    fields[f]["silent"] += 1
                    seen.append((page, f, r.get(f), t.get(f)))
        print(f"{s}: citations right {c['right']}, not in the truth {c['not in truth']}, "
              f"missed {c['missed']}; their dates right {c['dates right']}, wrong {c['dates wrong']}")
        print("    " + ", ".join(
            f"{f} {v['right']}/{sum(v.values())} ({v['review']} in review)" for f, v in fields.items()))
        if verbose:
            for x in seen:
                print("     ", x)


if __name__ == "__main__":
    main()
