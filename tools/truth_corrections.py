#!/usr/bin/env python3
"""Hand corrections of the Vietnamese OCR of the evaluation half of ../shared/scans-real.

`tools/make_real_ocr_pairs.sh` reads each scan with vanthu's OCR in `vie` (taken as the truth)
and `eng`; but `vie` drops tone marks (`chính quyên`, `sửa đôi, bộ sung một sô điêu`), which
made the held-out real-OCR figure understate. The eval half's `vie` text was proofread against
the page images by people (2026-12-01); the corrections are kept here as word edits, not as
copies of the documents:

    python3 tools/truth_corrections.py diff EVAL_DIR PROOFREAD_DIR > eval/gold/scans-real/ocr-corrections.tsv
    python3 tools/truth_corrections.py apply EVAL_DIR OUT_DIR

`apply` writes OUT_DIR/rNNN.gt.txt (corrected), rNNN.ocr.txt (the eng reading) and
OUT_DIR/seeds/rNNN.txt, for `cargo run --release --example eval_restore -- OUT_DIR/seeds
OUT_DIR`. A scan whose eng reading equals its vie reading was read from its text layer, not
OCR'd: it is left out. A correction whose words are no longer at their line is made where they
now are, on the nearest line (at most NEAR away) that has them; one whose words are nowhere near
(the OCR changed) is reported and not applied.
"""
import difflib
import os
import sys

# How far (in lines) a correction's words are looked for when the OCR has moved them.
NEAR = 30
TSV = os.path.join(os.path.dirname(__file__), "..", "eval", "gold", "scans-real", "ocr-corrections.tsv")


def lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")


def diff(eval_dir, proof_dir):
    print("# file\tline\tword\twords\tfrom\tto   (word: 0-based index in the line split on white space)")
    for name in sorted(os.listdir(proof_dir)):
        if not name.endswith(".txt"):
            continue
        n = name[:-4]
        a = lines(os.path.join(eval_dir, n + ".gt.txt"))
        b = lines(os.path.join(proof_dir, name))
        assert len(a) == len(b), f"{n}: {len(a)} lines, proofread {len(b)}"
        for k, (la, lb) in enumerate(zip(a, b)):
            wa, wb = la.split(), lb.split()
            if wa == wb:
                continue
            sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
            for tag, i1, i2, j1, j2 in sm.get_opcodes():
                if tag != "equal":
                    print(f"{n}\t{k}\t{i1}\t{i2 - i1}\t{' '.join(wa[i1:i2])}\t{' '.join(wb[j1:j2])}")


def apply(eval_dir, out):
    edits = {}
    with open(TSV, encoding="utf-8") as f:
        for row in f:
            if row.startswith("#"):
                continue
            n, line, word, count, old, new = row.rstrip("\n").split("\t")
            edits.setdefault(n, []).append((int(line), int(word), int(count), old, new))
    os.makedirs(os.path.join(out, "seeds"), exist_ok=True)
    applied = missed = 0
    names = sorted(f[:-7] for f in os.listdir(eval_dir) if f.endswith(".gt.txt"))
    for n in names:
        gt = lines(os.path.join(eval_dir, n + ".gt.txt"))
        ocr_path = os.path.join(eval_dir, n + ".ocr.txt")
        with open(ocr_path, encoding="utf-8") as f:
            ocr = f.read()
        if ocr == "\n".join(gt):
            print(f"{n}: read from its text layer, left out", file=sys.stderr)
            continue
        words = [l.split() for l in gt]
        # Right to left within a line, so that earlier indices stay valid.
        moved = []
        for line, word, count, old, new in sorted(edits.get(n, []), key=lambda e: (e[0], -e[1])):
            ws = words[line] if line < len(words) else []
            if " ".join(ws[word:word + count]) != old:
                moved.append((line, word, count, old, new))
                continue
            ws[word:word + count] = new.split()
            applied += 1
        # The OCR has since moved some lines (a footer read as two columns, not across the
        # page): a correction not where it was is made where its words now are, if they are on
        # one line at most NEAR lines away and no other line as near has them.
        for line, word, count, old, new in moved:
            spots = sorted(
                (abs(k - line), abs(j - word), k, j)
                for k in range(max(0, line - NEAR), min(len(words), line + NEAR + 1))
                for j in range(len(words[k]))
                if " ".join(words[k][j:j + count]) == old
            )
            if not spots or (len(spots) > 1 and spots[1][:2] == spots[0][:2]):
                missed += 1
                print(f"{n}:{line + 1}: {old!r} not found, correction not applied", file=sys.stderr)
                continue
            _, _, k, j = spots[0]
            words[k][j:j + count] = new.split()
            applied += 1
        text = "\n".join(" ".join(ws) if ws != l.split() else l for ws, l in zip(words, gt))
        for path in (os.path.join(out, n + ".gt.txt"), os.path.join(out, "seeds", n + ".txt")):
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        with open(os.path.join(out, n + ".ocr.txt"), "w", encoding="utf-8") as f:
            f.write(ocr)
    print(f"{applied} corrections applied, {missed} not found", file=sys.stderr)


if __name__ == "__main__":
    cmd = sys.argv[1:2]
    if cmd == ["diff"] and len(sys.argv) == 4:
        diff(sys.argv[2], sys.argv[3])
    elif cmd == ["apply"] and len(sys.argv) == 4:
        apply(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
