#!/usr/bin/env python3
"""Counts the words with a stroked Đ in capitals (codes and abbreviations: NĐ, QĐ-UBND's QĐ,
HĐND, ĐBQH) of a truth folder, and how many of them a restored folder (eval_restore's DUMP=DIR)
writes otherwise, file by file, word by word (files whose word counts differ are skipped).

    DUMP=/tmp/out target/release/examples/eval_restore /tmp/rd60
    python3 tools/count_stroked_codes.py /tmp/rd60 /tmp/out
"""
import collections
import os
import re
import sys
import unicodedata


def words(path):
    text = unicodedata.normalize("NFC", open(path, encoding="utf-8").read())
    return re.findall(r"[\wĐđ]+", text)


def main(truth_dir, out_dir):
    total = wrong = 0
    misses = collections.Counter()
    for name in sorted(os.listdir(out_dir)):
        truth, out = words(os.path.join(truth_dir, name)), words(os.path.join(out_dir, name))
        if len(truth) != len(out):
            continue
        for want, got in zip(truth, out):
            if "Đ" in want and sum(c.isupper() for c in want) >= 2:
                total += 1
                if want != got:
                    wrong += 1
                    misses[want] += 1
    print(f"{total} words with Đ in capitals, {wrong} written otherwise")
    print("most missed:", ", ".join(f"{w} ×{n}" for w, n in misses.most_common(12)))


if __name__ == "__main__":
    main(*sys.argv[1:3])
