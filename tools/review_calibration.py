#!/usr/bin/env python3
"""How well restoration's confidence finds its own errors: `restore --json` of every
DIR/*.ocr.txt, each changed word aligned (difflib, word by word, tone placement aside) to the
proofread truth beside it (*.gt.txt), and for each cut the share of changed words flagged
under it, how many of those are wrong, and how many of the errors they are.

    python3 tools/review_calibration.py BIN [DIR]

BIN is a vanthu binary; DIR defaults to /tmp/real-truth (tools/make_real_ocr_pairs.sh, then
tools/truth_corrections.py apply). Words the alignment cannot pair are left out.
"""
import json,subprocess,sys,glob,re,difflib,unicodedata
binp=sys.argv[1]
dirp=sys.argv[2] if len(sys.argv)>2 else '/tmp/real-truth'
def norm(w):
    w=unicodedata.normalize('NFC',w.lower())
    # tone placement aside: old/new style
    for a,b in [('òa','oà'),('óa','oá'),('ỏa','oả'),('õa','oã'),('ọa','oạ'),('òe','oè'),('óe','oé'),('ỏe','oẻ'),('õe','oẽ'),('ọe','oẹ'),('ùy','uỳ'),('úy','uý'),('ủy','uỷ'),('ũy','uỹ'),('ụy','uỵ')]:
        w=w.replace(a,b)
    return re.sub(r'[^\w]','',w)
rows=[]
for f in sorted(glob.glob(dirp+'/*.ocr.txt')):
    d=json.loads(subprocess.run([binp,'restore','--json',f],capture_output=True,text=True).stdout)
    text=d['text']; gt=open(f.replace('.ocr.txt','.gt.txt'),encoding='utf-8').read()
    toks=[(m.start(),m.end(),m.group()) for m in re.finditer(r'\S+',text)]
    gw=[norm(w) for w in gt.split()]; rw=[norm(t[2]) for t in toks]
    sm=difflib.SequenceMatcher(None,rw,gw,autojunk=False)
    amap={}
    for tag,i1,i2,j1,j2 in sm.get_opcodes():
        if tag in ('equal','replace') and i2-i1==j2-j1:
            for k in range(i2-i1): amap[i1+k]=j1+k
    starts=[t[0] for t in toks]
    import bisect
    for c in d['changes']:
        i=bisect.bisect_right(starts,c['start'])-1
        if i<0 or i not in amap: continue
        ok = rw[i]==gw[amap[i]]
        rows.append((c['confidence'],ok))
n=len(rows); wrong=sum(1 for r in rows if not r[1])
print(f'{n} changed words aligned, {wrong} wrong')
for cut in (0.3,0.5,0.6,0.7,0.9,0.99):
    fl=[r for r in rows if r[0]<cut]; fw=sum(1 for r in fl if not r[1])
    print(f'< {cut}: flagged {100*len(fl)/n:.1f}%, of them wrong {100*fw/max(1,len(fl)):.0f}%, errors caught {100*fw/max(1,wrong):.0f}%')
