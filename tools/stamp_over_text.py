#!/usr/bin/env python3
"""Draws render_scan.py's red seal over the body text of every page of a rendered scan, where
a seal blots the words under it (render_scan.py --stamp puts it over the last lines, which in
left-aligned text is often blank paper). For measuring the red-channel clean-up.

    python3 tools/stamp_over_text.py IN.tif OUT.tif [PATH/TO/render_scan.py]

Copies IN.tif.gt.txt to OUT.tif.gt.txt: the text is the same.
"""
import importlib.util, os, shutil, sys
from PIL import Image

src, out = sys.argv[1], sys.argv[2]
render = sys.argv[3] if len(sys.argv) > 3 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'tools', 'render_scan.py')
spec = importlib.util.spec_from_file_location('render_scan', render)
rs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rs)

im = Image.open(src)
pages = []
for i in range(getattr(im, 'n_frames', 1)):
    im.seek(i)
    p = im.convert('RGB')
    w, h = p.size
    # Two seals a page, over the text column.
    p = rs.stamp(p, int(w * 0.55), int(h * 0.30), int(w * 0.10))
    p = rs.stamp(p, int(w * 0.40), int(h * 0.62), int(w * 0.10))
    pages.append(p)
pages[0].save(out, save_all=True, append_images=pages[1:], compression='tiff_lzw', dpi=(300, 300))
shutil.copy(src + '.gt.txt', out + '.gt.txt')
