#!/usr/bin/env python3
"""Two builds' `vanthu restore --ocr` of the rendered realdocs' OCR, word by word against the
truth (`tools/make_rendered_realdocs.sh`): each build's share of the aligned words restored
exactly (marks and case), and the words where they differ, which of them is right.

    J=2 LANGS=eng,vie SHOW=40 python3 tools/restore_rendered.py OLD_VANTHU NEW_VANTHU /tmp/r0 /tmp/r5

Words are aligned on their bare letters (marks and case folded) with difflib; a file whose
restoration does not keep its OCR's word count is skipped. LANGS: the OCR sets to read
(`eng`, `vie`); J: files restored at once; SHOW: how many differing words to list.
"""
import collections
import difflib
import glob
import os
import subprocess
import sys
import unicodedata
from concurrent.futures import ThreadPoolExecutor


def bare(w):
    w = unicodedata.normalize("NFD", w)
    w = "".join(c for c in w if unicodedata.category(c) != "Mn")
    return w.replace("Đ", "D").replace("đ", "d").lower()


def restored(vanthu, path):
    out = subprocess.run([vanthu, "restore", "--ocr", path], capture_output=True, text=True)
    return out.stdout.split()


def compare(job):
    """Counts of one OCR file: aligned words, right by A, right by B; and the words A and B
    restore differently (file, truth, OCR, A, B)."""
    a, b, d, lang, truth = job
    name = os.path.basename(truth)[: -len(".gt.txt")]
    ocr = f"{d}/{lang}/{name}.ocr.txt"
    if not os.path.exists(ocr):
        return None
    tw = [unicodedata.normalize("NFC", w) for w in open(truth, encoding="utf-8").read().split()]
    ow = open(ocr, encoding="utf-8").read().split()
    ra, rb = restored(a, ocr), restored(b, ocr)
    if len(ra) != len(ow) or len(rb) != len(ow):
        return None
    c = collections.Counter()
    diffs = []
    sm = difflib.SequenceMatcher(None, [bare(w) for w in tw], [bare(w) for w in ow], autojunk=False)
    for tag, i1, i2, j1, _ in sm.get_opcodes():
        if tag != "equal":
            continue
        for k in range(i2 - i1):
            w, x, y = tw[i1 + k], ra[j1 + k], rb[j1 + k]
            c["n"] += 1
            c["a"] += x == w
            c["b"] += y == w
            if x != y:
                diffs.append((name, w, ow[j1 + k], x, y))
    return c, diffs


def main():
    a, b, sets = sys.argv[1], sys.argv[2], sys.argv[3:]
    langs = os.environ.get("LANGS", "eng").split(",")
    jobs = [(a, b, d, lang, t) for d in sets for lang in langs
            for t in sorted(glob.glob(os.path.join(d, "truth", "*.gt.txt")))]
    total = collections.Counter()
    diffs = []
    with ThreadPoolExecutor(int(os.environ.get("J", "1"))) as ex:
        for r in ex.map(compare, jobs):
            if r:
                total.update(r[0])
                diffs += r[1]
    n = total["n"] or 1
    print(f"aligned words {total['n']}: A {100 * total['a'] / n:.2f}%  B {100 * total['b'] / n:.2f}%")
    better = sum(1 for d in diffs if d[4] == d[1])
    worse = sum(1 for d in diffs if d[3] == d[1])
    print(f"differ {len(diffs)}: B right {better}, A right {worse}")
    for d in diffs[: int(os.environ.get("SHOW", "40"))]:
        print(d)


if __name__ == "__main__":
    main()
