#!/usr/bin/env python3
"""Scores restoration of the Vietnamese OCR of real scans against the truth.

    python3 tools/eval_vie_ocr.py TRUTH_DIR OCR_DIR OUT_DIR

TRUTH_DIR/rNNN.gt.txt is the truth (`tools/truth_corrections.py apply`), OCR_DIR/rNNN.gt.txt the
Vietnamese OCR as read (`tools/make_real_ocr_pairs.sh`), OUT_DIR/rNNN.txt that OCR restored:

    for f in OCR_DIR/*.gt.txt; do target/release/vanthu restore --ocr $f > OUT_DIR/$(basename $f .gt.txt).txt; done

Prints the share of the truth's words that come out right (tone placement ignored, case
counted) as read and as restored, and how many words restoring made right, made wrong, or
changed and left wrong, with the wrong ones.
"""
import collections
import difflib
import os
import re
import sys
import unicodedata

TONES = "\u0300\u0301\u0309\u0303\u0323"


def words(t):
    return re.findall(r"[^\s.,;:()\"“”]+", unicodedata.normalize("NFC", t))


def canon(w):
    """The word with its tone mark moved to the end: tone placement (hòa, hoà) ignored."""
    d = unicodedata.normalize("NFD", w)
    tones = "".join(c for c in d if c in TONES)
    return unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES)) + tones


def aligned(gt, out):
    """For each word of the truth, the word of `out` in its place (where one is)."""
    m = {}
    sm = difflib.SequenceMatcher(None, [canon(w) for w in gt], [canon(w) for w in out], autojunk=False)
    for tag, a1, a2, b1, b2 in sm.get_opcodes():
        if tag in ("equal", "replace") and a2 - a1 == b2 - b1:
            for k in range(a2 - a1):
                m[a1 + k] = out[b1 + k]
    return m


def main():
    truth_dir, ocr_dir, out_dir = sys.argv[1:4]
    total = right_ocr = right_out = 0
    made_right = made_wrong = still_wrong = 0
    wrong = collections.Counter()
    for f in sorted(os.listdir(truth_dir)):
        if not f.endswith(".gt.txt"):
            continue
        n = f[: -len(".gt.txt")]
        gt = words(open(os.path.join(truth_dir, f), encoding="utf-8").read())
        ocr = aligned(gt, words(open(os.path.join(ocr_dir, f), encoding="utf-8").read()))
        out = aligned(gt, words(open(os.path.join(out_dir, n + ".txt"), encoding="utf-8").read()))
        total += len(gt)
        for i, g in enumerate(gt):
            a, b = ocr.get(i), out.get(i)
            ok_a = a is not None and canon(a) == canon(g)
            ok_b = b is not None and canon(b) == canon(g)
            right_ocr += ok_a
            right_out += ok_b
            if a is None or b is None or a == b:
                continue
            if ok_b and not ok_a:
                made_right += 1
            elif ok_a and not ok_b:
                made_wrong += 1
                wrong[(g, b)] += 1
            else:
                still_wrong += 1
    print(f"{total} words: as read {right_ocr / total:.2%}, restored {right_out / total:.2%}")
    print(f"made right {made_right}, made wrong {made_wrong}, changed and still wrong {still_wrong}")
    for (g, b), c in wrong.most_common(20):
        print(f"  wrong: {g} → {b} ×{c}")


if __name__ == "__main__":
    main()
