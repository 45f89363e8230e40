#!/usr/bin/env python3
"""The text of the pages that the OCR-pair tools render: lines of Decree 30/2020 and of
Vietnamese Wikipedia (never ../shared/seeds or ../shared/scans-real), cut into page-sized
chunks, one file each. Shared by tools/make_ocr_pairs.sh and tools/make_varied_ocr_pairs.sh,
which take different lines of the same sources.

    ocr_pages_text.py SHARED OUT PAGES_PER_SOURCE WIKI_EVERY WIKI_REMAINDER LINES STEP \
                      DECREE_OFFSET PREFIX
writes OUT/PREFIXNNN.txt: first PAGES chunks of the decree, then PAGES of Wikipedia; chunk p
of a source is LINES lines from (offset + p * STEP) modulo the source's length less 12.
"""
import os, re, sys

shared, out = sys.argv[1], sys.argv[2]
pages, every, remainder, lines, step, nd_offset = map(int, sys.argv[3:9])
prefix = sys.argv[9] if len(sys.argv) > 9 else ''


def lines_of(path):
    with open(path, encoding='utf-8') as f:
        for l in f:
            l = re.sub(r'[|*#`>]+', ' ', l).strip()
            if len(l) > 20:
                yield l


nd = []
for name in sorted(os.listdir(f'{shared}/reference/nd30-2020')):
    nd.extend(lines_of(f'{shared}/reference/nd30-2020/{name}'))
wiki = []
with open(f'{shared}/corpus/viwiki.txt', encoding='utf-8') as f:
    for i, l in enumerate(f):
        if i % every == remainder and 80 < len(l) < 1500:
            wiki.append(l.strip())
        if len(wiki) > pages * 12:
            break
n = 0
for src, offset in ((nd, nd_offset), (wiki, 0)):
    for p in range(pages):
        start = (offset + p * step) % max(1, len(src) - 12)
        chunk = src[start:start + lines]
        with open(f'{out}/{prefix}{n:03d}.txt', 'w', encoding='utf-8') as f:
            f.write('\n'.join(chunk) + '\n')
        n += 1
