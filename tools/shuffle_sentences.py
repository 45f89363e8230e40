#!/usr/bin/env python3
"""Held-out text as unrelated sentences: each paragraph of IN split into sentences (a full
stop, ! or ? before a capital), those of four words or more shuffled (fixed seed) and written
one per line to OUT_DIR/NAME.txt. A test set of sentences drawn from many articles (news, as
issue 17's general set is) gives the document's evidence nothing to lean on; this measures
restoration so.

    python3 tools/shuffle_sentences.py /tmp/vanthu-corpus/viwiki-heldout/viwiki-heldout.txt /tmp/wkshuf
    cargo run --release --example eval_restore -- /tmp/wkshuf
"""
import os
import random
import re
import sys


def main():
    src, out = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    sentences = []
    with open(src, encoding="utf-8") as f:
        for paragraph in f:
            for s in re.split(r"(?<=[.!?])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ])", paragraph.strip()):
                if len(s.split()) >= 4:
                    sentences.append(s.strip())
    random.Random(seed).shuffle(sentences)
    os.makedirs(out, exist_ok=True)
    name = os.path.splitext(os.path.basename(src))[0] + "-sentences.txt"
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write("\n".join(sentences) + "\n")
    print(f"{len(sentences)} sentences → {os.path.join(out, name)}")


if __name__ == "__main__":
    main()
