#!/usr/bin/env python3
"""Scores an archive's records of ../shared/scans-real against eval/gold/scans-real/gold.jsonl.

    python3 tools/eval_scans.py EXPORT.jsonl [GOLD.jsonl]

EXPORT is `vanthu export --archive DIR` after `vanthu ingest --archive DIR ../shared/scans-real`.
For the number and the date, each record is right (the field as the page has it), in review
(wrong or missing, but the record's `review` names the field), or silently wrong (wrong or
missing, and no review) — the issue's "never silently wrong". Also: the issuer names the body
(the gold issuer's words, folded, inside the record's issuer name) and carries no signature text;
and the signer, place and type, exact (NFC), the signer also with its marks folded, and the signer
right, in review or silently wrong as the number and date are.
"""
import json, sys, unicodedata, re, os

def fold(s):
    s = unicodedata.normalize('NFD', s or '').replace('đ', 'd').replace('Đ', 'D')
    return ''.join(c for c in s if not unicodedata.combining(c)).lower()

def key(n):
    return re.sub(r'[\s\-/]+', '', fold(n))

export = sys.argv[1]
gold_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), '..', 'eval', 'gold', 'scans-real', 'gold.jsonl')
recs = {}
for line in open(export, encoding='utf-8'):
    r = json.loads(line)
    src = (r.get('source') or {}).get('path')
    if src:
        recs[os.path.basename(src)] = r
gold = [json.loads(l) for l in open(gold_path, encoding='utf-8') if l.strip()]
tally = {f: {'right': 0, 'review': 0, 'silent': 0} for f in ('number', 'date')}
issuer_ok = sig_text = 0
exact = {f: 0 for f in ('signer', 'place', 'type')}
signer_folded = 0
signer_tally = {'right': 0, 'review': 0, 'silent': 0}
nfc = lambda s: unicodedata.normalize('NFC', s or '')
rows = []
for g in gold:
    r = recs.get(g['file'])
    if r is None:
        print(f"missing record: {g['file']}")
        continue
    flagged = {x['field'] for x in r.get('review', [])}
    out = []
    for f in ('number', 'date'):
        want, got = g[f], r.get(f)
        ok = (key(want) == key(got or '')) if f == 'number' else (want == (got or ''))
        state = 'right' if ok else ('review' if f in flagged else 'silent')
        tally[f][state] += 1
        out.append(f"{f}={got!s:<16} {state:<6}")
    iss = ' '.join(filter(None, [r.get('issuer_name'), r.get('issuer')]))
    gi = fold(g.get('issuer', ''))
    words = [w for w in re.findall(r'\w+', gi) if w not in ('uy', 'ban', 'nhan', 'dan', 'tinh')]
    named = all(w in fold(iss) for w in words) if words else 'quang ngai' in fold(iss) or 'ubnd' in fold(iss)
    issuer_ok += named
    has_sig = bool(re.search(r'ky boi|thoi gian ky|@', fold(iss)))
    sig_text += has_sig
    for f in exact:
        exact[f] += nfc(r.get(f)) == nfc(g.get(f))
    signer_state = 'right' if nfc(r.get('signer')) == nfc(g.get('signer')) else ('review' if 'signer' in flagged else 'silent')
    signer_tally[signer_state] += 1
    signer_folded += bool(r.get('signer')) and fold(r.get('signer')) == fold(g.get('signer'))
    rows.append(f"{g['file'][:8]} gold {g['number']:<14} {g['date']}  " + '  '.join(out) + f"  issuer={'ok' if named else 'NO'}{' SIG' if has_sig else ''}")
print('\n'.join(rows))
n = len(gold)
for f, t in tally.items():
    print(f"{f}: right {t['right']}/{n}, in review {t['review']}, silently wrong {t['silent']}")
print(f"issuer names the body: {issuer_ok}/{n}; issuer with signature text: {sig_text}")
print(f"signer {exact['signer']}/{n} exact ({signer_folded}/{n} with marks folded); place {exact['place']}/{n}; type {exact['type']}/{n}")
print(f"signer: right {signer_tally['right']}/{n}, in review {signer_tally['review']}, silently wrong {signer_tally['silent']} (exact, NFC)")
