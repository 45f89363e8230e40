#!/usr/bin/env python3
"""Recipients item by item: how many items of each truth's list an OCR reading's record has.

    python3 tools/eval_recipients.py TRUTH_VANTHU VANTHU TRUTH_DIR OCR_DIR

TRUTH_DIR/rNNN.gt.txt is each page's truth, OCR_DIR/rNNN.ocr.txt its OCR
(`tools/make_rendered_realdocs.sh`). The truth's lists are read by TRUTH_VANTHU (one build
for every comparison: the lists as wholes change with the reader), the OCR's by VANTHU.
Prints the truth's items, those found exactly in the OCR record's list, and the OCR's items
that are in no truth list.
"""
import glob
import json
import os
import subprocess
import sys


def record(vanthu, path):
    out = subprocess.run([vanthu, "extract", "--json", path], capture_output=True, text=True)
    return json.loads(out.stdout or "{}")


def main():
    truth_bin, ocr_bin, truth_dir, ocr_dir = sys.argv[1:5]
    total = found = others = 0
    for t in sorted(glob.glob(os.path.join(truth_dir, "r*.gt.txt"))):
        page = os.path.basename(t)[: -len(".gt.txt")]
        want = set(record(truth_bin, t).get("recipients") or [])
        got = set(record(ocr_bin, os.path.join(ocr_dir, page + ".ocr.txt")).get("recipients") or [])
        total += len(want)
        found += len(want & got)
        others += len(got - want)
    print(f"truth items {total}, found exactly {found}, others {others}")


if __name__ == "__main__":
    main()
