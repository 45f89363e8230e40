#!/usr/bin/env python3
"""Two restorations of the same stripped text, word by word against the truth: how many words
the second gets right that the first got wrong (better) and the other way (worse). For a
change whose score moves by a few words, which of them moved.

    DUMP=/tmp/a target/release/examples/eval_restore /tmp/vanthu-corpus/viwiki-heldout
    PRUNE=3 DUMP=/tmp/b target/release/examples/eval_restore /tmp/vanthu-corpus/viwiki-heldout
    python3 tools/compare_restored.py /tmp/vanthu-corpus/viwiki-heldout /tmp/a /tmp/b [N]

TRUTH holds NAME.txt (or NAME.gt.txt) for each restored NAME.txt of A and B; restoration keeps
lines, so the three are compared line by line (a line whose words do not line up is skipped).
N: list the first N words that moved.
"""
import glob
import os
import re
import sys
import unicodedata


def words(line):
    return re.findall(r"\w+", unicodedata.normalize("NFC", line))


def main():
    truth, a_dir, b_dir = sys.argv[1:4]
    show = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    better = worse = 0
    moved = []
    for fa in sorted(glob.glob(os.path.join(a_dir, "*.txt"))):
        name = os.path.basename(fa)
        fb = os.path.join(b_dir, name)
        ft = os.path.join(truth, name)
        if not os.path.exists(ft):
            ft = os.path.join(truth, name[: -len(".txt")] + ".gt.txt")
        if not (os.path.exists(fb) and os.path.exists(ft)):
            continue
        la, lb, lt = (open(f, encoding="utf-8").read().split("\n") for f in (fa, fb, ft))
        if not len(la) == len(lb) == len(lt):
            print(f"{name}: lines differ in number, skipped", file=sys.stderr)
            continue
        for a, b, t in zip(la, lb, lt):
            if a == b:
                continue
            wa, wb, wt = words(a), words(b), words(t)
            if not len(wa) == len(wb) == len(wt):
                continue
            for x, y, z in zip(wa, wb, wt):
                if x == y:
                    continue
                right_a, right_b = x.lower() == z.lower(), y.lower() == z.lower()
                if right_b and not right_a:
                    better += 1
                    moved.append(f"+ {z}: {x} → {y}")
                elif right_a and not right_b:
                    worse += 1
                    moved.append(f"- {z}: {x} → {y}")
    print(f"better {better} worse {worse}")
    print("\n".join(moved[:show]))


if __name__ == "__main__":
    main()
