//! A reader of handwritten digits, for the number and the day that a clerk writes by hand into
//! a printed header (`Số: 87 /QĐ-UBND`, `ngày 05 tháng 02`), which tesseract's models, trained
//! on print, misread or drop.
//!
//! The field's strip is cut into glyphs (connected strokes, those one above another joined,
//! rule lines and specks left out, a glyph as wide as two split where that reads better), each
//! glyph normalised as MNIST's digits are (its box fitted in 20×20, its centre of mass at the
//! middle of 28×28), and read by three small perceptrons (784 → 256 → 11; the eleventh class
//! is "not a digit": slashes, printed letters, specks) whose probabilities are averaged,
//! trained apart by `tools/train_digits.py` on MNIST digits, digits in script and print fonts
//! and drawn European 7s and 1s (`dictionaries/digits.mlp`, 617 KB, built in).

use std::sync::OnceLock;

/// The glyph side the model reads, and the box a glyph is fitted in.
const SIDE: usize = 28;
const BOX: usize = 20;
/// The "not a digit" class.
const JUNK: usize = 10;

/// One layer: a row of i8 weights per output, each row's scale, and the biases.
struct Layer {
    inputs: usize,
    weights: Vec<i8>,
    scales: Vec<f32>,
    biases: Vec<f32>,
}

impl Layer {
    fn apply(&self, x: &[f32], out: &mut Vec<f32>) {
        out.clear();
        out.extend(
            self.weights
                .chunks_exact(self.inputs)
                .zip(self.scales.iter().zip(&self.biases))
                .map(|(row, (s, b))| {
                    let dot: f32 = row.iter().zip(x).map(|(&w, &v)| f32::from(w) * v).sum();
                    dot * s + b
                }),
        );
    }
}

/// The perceptron of `digits.mlp`.
struct Model {
    hidden: Layer,
    out: Layer,
}

impl Model {
    /// The models of a file, one after another; none if any is malformed.
    fn parse_all(mut b: &[u8]) -> Option<Vec<Model>> {
        let mut out = Vec::new();
        while !b.is_empty() {
            let (m, used) = Model::parse(b)?;
            out.push(m);
            b = &b[used..];
        }
        (!out.is_empty()).then_some(out)
    }

    /// One model from the start of `b`, and how many bytes it took.
    fn parse(b: &[u8]) -> Option<(Model, usize)> {
        let rest = b.strip_prefix(b"VTDIGIT1")?;
        let u = |i: usize| -> Option<usize> {
            Some(u32::from_le_bytes(rest.get(i * 4..i * 4 + 4)?.try_into().ok()?) as usize)
        };
        let (inputs, hidden, classes, fit) = (u(0)?, u(1)?, u(2)?, u(3)?);
        if inputs != SIDE * SIDE || classes != JUNK + 1 || fit != BOX {
            return None;
        }
        let mut at = 16;
        let mut layer = |inputs: usize, outputs: usize| -> Option<Layer> {
            let w = rest.get(at..at + inputs * outputs)?;
            at += inputs * outputs;
            let mut floats = |n: usize| -> Option<Vec<f32>> {
                let f = rest.get(at..at + 4 * n)?;
                at += 4 * n;
                Some(
                    f.chunks_exact(4)
                        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                        .collect(),
                )
            };
            Some(Layer {
                inputs,
                weights: w.iter().map(|&v| v as i8).collect(),
                scales: floats(outputs)?,
                biases: floats(outputs)?,
            })
        };
        let hidden_layer = layer(inputs, hidden)?;
        let out = layer(hidden, classes)?;
        Some((
            Model {
                hidden: hidden_layer,
                out,
            },
            8 + at,
        ))
    }

    /// The probability of each class for a normalised glyph.
    fn classify(&self, glyph: &[f32]) -> [f32; JUNK + 1] {
        let (mut h, mut z) = (Vec::new(), Vec::new());
        self.hidden.apply(glyph, &mut h);
        h.iter_mut().for_each(|v| *v = v.max(0.0));
        self.out.apply(&h, &mut z);
        let max = z.iter().copied().fold(f32::MIN, f32::max);
        let mut p = [0f32; JUNK + 1];
        for (o, v) in p.iter_mut().zip(&z) {
            *o = (v - max).exp();
        }
        let sum: f32 = p.iter().sum();
        p.iter_mut().for_each(|v| *v /= sum);
        p
    }
}

fn models() -> &'static [Model] {
    static M: OnceLock<Vec<Model>> = OnceLock::new();
    M.get_or_init(|| {
        Model::parse_all(include_bytes!("../../dictionaries/digits.mlp"))
            .expect("the built-in digits.mlp is well formed (a unit test reads it)")
    })
}

/// The class probabilities of a normalised glyph, averaged over the models.
fn classify(glyph: &[f32]) -> [f32; JUNK + 1] {
    let ms = models();
    let mut p = [0f32; JUNK + 1];
    for m in ms {
        for (a, b) in p.iter_mut().zip(m.classify(glyph)) {
            *a += b / ms.len() as f32;
        }
    }
    p
}

/// Digits read from a field's strip, and how sure the reader is of the least sure of them.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    pub digits: String,
    pub confidence: f32,
    /// For each digit read, how likely each of 0–9 was.
    pub odds: Vec<[f32; 10]>,
}

impl Reading {
    /// Those of `candidates` with as many digits as were read, with how likely the reader finds
    /// each (the product of its digits' odds), likeliest first.
    pub fn ranked<'a>(&self, candidates: impl IntoIterator<Item = &'a str>) -> Vec<(&'a str, f32)> {
        let mut out: Vec<(&str, f32)> = candidates
            .into_iter()
            .filter(|c| c.len() == self.odds.len() && c.bytes().all(|b| b.is_ascii_digit()))
            .map(|c| {
                let odds = c.bytes().zip(&self.odds);
                (c, odds.map(|(b, o)| o[usize::from(b - b'0')]).product())
            })
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out
    }

    /// The reading of `digits` (one of the candidates [`Reading::ranked`] gives: the day of
    /// `75`, a 1 read as a 7, among 1–31 is 15), with how sure the reader is of its least sure
    /// digit.
    pub fn reading_of(&self, digits: &str) -> Reading {
        let least = digits
            .bytes()
            .zip(&self.odds)
            .map(|(b, o)| o[usize::from(b - b'0')])
            .fold(1f32, f32::min);
        Reading {
            digits: digits.to_string(),
            confidence: least,
            odds: self.odds.clone(),
        }
    }
}

/// A glyph: the box of its strokes in the strip, and which components it is made of.
#[derive(Clone, Debug)]
struct Glyph {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
    parts: Vec<u32>,
}

impl Glyph {
    fn width(&self) -> usize {
        self.x1 - self.x0
    }
    fn height(&self) -> usize {
        self.y1 - self.y0
    }
    fn join(&mut self, o: &Glyph) {
        self.x0 = self.x0.min(o.x0);
        self.y0 = self.y0.min(o.y0);
        self.x1 = self.x1.max(o.x1);
        self.y1 = self.y1.max(o.y1);
        self.parts.extend_from_slice(&o.parts);
    }
}

/// Otsu's threshold of a grey histogram: ink is darker than it.
fn otsu(pixels: &[u8]) -> u8 {
    let mut hist = [0u64; 256];
    for &p in pixels {
        hist[p as usize] += 1;
    }
    let total = pixels.len() as f64;
    let sum: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    let (mut below, mut below_sum, mut best, mut at) = (0f64, 0f64, -1f64, 128u8);
    for (t, &n) in hist.iter().enumerate() {
        below += n as f64;
        below_sum += t as f64 * n as f64;
        let above = total - below;
        if below == 0.0 || above == 0.0 {
            continue;
        }
        let (m0, m1) = (below_sum / below, (sum - below_sum) / above);
        let between = below * above * (m0 - m1) * (m0 - m1);
        if between > best {
            best = between;
            at = t as u8;
        }
    }
    at
}

/// Labels the 8-connected components of `mask` (`w`×`h`); returns the labels (0: none) and
/// each component's box.
fn components(mask: &[bool], w: usize, h: usize) -> (Vec<u32>, Vec<Glyph>) {
    let mut label = vec![0u32; w * h];
    let mut boxes = Vec::new();
    let mut stack = Vec::new();
    for start in 0..w * h {
        if !mask[start] || label[start] != 0 {
            continue;
        }
        let id = boxes.len() as u32 + 1;
        let mut g = Glyph {
            x0: start % w,
            y0: start / w,
            x1: start % w + 1,
            y1: start / w + 1,
            parts: vec![id],
        };
        label[start] = id;
        stack.push(start);
        while let Some(p) = stack.pop() {
            let (x, y) = (p % w, p / w);
            g.x0 = g.x0.min(x);
            g.x1 = g.x1.max(x + 1);
            g.y0 = g.y0.min(y);
            g.y1 = g.y1.max(y + 1);
            for dy in -1i64..=1 {
                for dx in -1i64..=1 {
                    let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                    if nx < 0 || ny < 0 || nx >= w as i64 || ny >= h as i64 {
                        continue;
                    }
                    let q = ny as usize * w + nx as usize;
                    if mask[q] && label[q] == 0 {
                        label[q] = id;
                        stack.push(q);
                    }
                }
            }
        }
        boxes.push(g);
    }
    (label, boxes)
}

/// Area-averaging resize of `img` (`w`×`h`) to `nw`×`nh`, as `tools/train_digits.py` does.
fn resize(img: &[f32], w: usize, h: usize, nw: usize, nh: usize) -> Vec<f32> {
    let weights = |n_in: usize, n_out: usize| -> Vec<Vec<(usize, f32)>> {
        (0..n_out)
            .map(|o| {
                let (a, b) = (
                    o as f32 * n_in as f32 / n_out as f32,
                    (o + 1) as f32 * n_in as f32 / n_out as f32,
                );
                let end = (b.ceil() as usize).min(n_in);
                (a as usize..end)
                    .map(|i| (i, (b.min(i as f32 + 1.0) - a.max(i as f32)) / (b - a)))
                    .filter(|&(_, f)| f > 0.0)
                    .collect()
            })
            .collect()
    };
    let (wy, wx) = (weights(h, nh), weights(w, nw));
    let mut out = vec![0f32; nw * nh];
    for (oy, ry) in wy.iter().enumerate() {
        for (ox, rx) in wx.iter().enumerate() {
            let mut acc = 0.0;
            for &(iy, fy) in ry {
                for &(ix, fx) in rx {
                    acc += img[iy * w + ix] * fy * fx;
                }
            }
            out[oy * nw + ox] = acc;
        }
    }
    out
}

/// A glyph's ink (0..1, `w`×`h`) → the 28×28 the model reads: its tight box fitted in 20×20
/// keeping its shape, its centre of mass at the middle.
fn normalise(ink: &[f32], w: usize, h: usize) -> Vec<f32> {
    let mut out = vec![0f32; SIDE * SIDE];
    let on = |x: usize, y: usize| ink[y * w + x] > 0.2;
    let xs = (0..w).filter(|&x| (0..h).any(|y| on(x, y)));
    let ys = (0..h).filter(|&y| (0..w).any(|x| on(x, y)));
    let (Some((x0, x1)), Some((y0, y1))) = (
        xs.clone().min().zip(xs.max()),
        ys.clone().min().zip(ys.max()),
    ) else {
        return out;
    };
    let (bw, bh) = (x1 + 1 - x0, y1 + 1 - y0);
    let tight: Vec<f32> = (y0..=y1)
        .flat_map(|y| (x0..=x1).map(move |x| (x, y)))
        .map(|(x, y)| ink[y * w + x])
        .collect();
    let s = BOX as f32 / bw.max(bh) as f32;
    let (nw, nh) = (
        ((bw as f32 * s).round() as usize).clamp(1, BOX),
        ((bh as f32 * s).round() as usize).clamp(1, BOX),
    );
    let small = resize(&tight, bw, bh, nw, nh);
    let mass: f32 = small.iter().sum();
    let (mut cx, mut cy) = (nw as f32 / 2.0, nh as f32 / 2.0);
    if mass > 0.0 {
        cx = (0..nh * nw)
            .map(|i| (i % nw) as f32 * small[i])
            .sum::<f32>()
            / mass;
        cy = (0..nh * nw)
            .map(|i| (i / nw) as f32 * small[i])
            .sum::<f32>()
            / mass;
    }
    let place = |c: f32, n: usize| -> usize {
        let o = (SIDE as f32 / 2.0 - 0.5 - c).round().max(0.0) as usize;
        o.min(SIDE - n)
    };
    let (ox, oy) = (place(cx, nw), place(cy, nh));
    for y in 0..nh {
        out[(oy + y) * SIDE + ox..(oy + y) * SIDE + ox + nw]
            .copy_from_slice(&small[y * nw..(y + 1) * nw]);
    }
    out
}

/// What the strip's pixels say: its grey, its labels, and how dark its ink is.
struct Strip<'a> {
    grey: &'a [u8],
    label: Vec<u32>,
    w: usize,
    paper: f32,
    ink: f32,
}

impl Strip<'_> {
    /// The glyph's ink from column `x0` to `x1` (its own strokes only), normalised and read.
    fn read(&self, g: &Glyph, x0: usize, x1: usize) -> [f32; JUNK + 1] {
        let (w, h) = (x1 - x0, g.height());
        let mut ink = vec![0f32; w * h];
        for y in 0..h {
            for x in 0..w {
                let p = (g.y0 + y) * self.w + x0 + x;
                if g.parts.contains(&self.label[p]) {
                    let v = (self.paper - f32::from(self.grey[p])) / (self.paper - self.ink);
                    ink[y * w + x] = v.clamp(0.0, 1.0);
                }
            }
        }
        classify(&normalise(&ink, w, h))
    }

    /// The column of least ink in the middle of a glyph (where two touching digits meet).
    fn waist(&self, g: &Glyph) -> usize {
        let (a, b) = (g.x0 + g.width() * 3 / 10, g.x0 + g.width() * 7 / 10);
        (a..b.max(a + 1))
            .min_by_key(|&x| {
                (g.y0..g.y1)
                    .filter(|&y| g.parts.contains(&self.label[y * self.w + x]))
                    .count()
            })
            .unwrap_or((g.x0 + g.x1) / 2)
    }
}

fn best(p: &[f32; JUNK + 1]) -> (usize, f32) {
    p.iter()
        .copied()
        .enumerate()
        .fold((0, f32::MIN), |a, (i, v)| if v > a.1 { (i, v) } else { a })
}

/// Reads the digits whose glyphs lie across columns `from..to` of a strip of grey page `g`
/// (`w`×`h`): rows `top..bottom`, columns `left..right` (wider than the field, so that a glyph
/// the field's box cuts is whole). None when no digit is found.
pub fn read(
    g: &[u8],
    w: usize,
    h: usize,
    (left, right): (usize, usize),
    (top, bottom): (usize, usize),
    (from, to): (usize, usize),
) -> Option<Reading> {
    let (right, bottom) = (right.min(w), bottom.min(h));
    if left + 4 >= right || top + 4 >= bottom {
        return None;
    }
    let (sw, sh) = (right - left, bottom - top);
    let grey: Vec<u8> = (top..bottom)
        .flat_map(|y| g[y * w + left..y * w + right].iter().copied())
        .collect();
    let t = otsu(&grey);
    let paper = {
        let mut v: Vec<u8> = grey.clone();
        v.sort_unstable();
        f32::from(v[v.len() * 9 / 10])
    };
    let ink_level = {
        let mut v: Vec<u8> = grey.iter().copied().filter(|&p| p <= t).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_unstable();
        f32::from(v[v.len() / 10])
    };
    // A strip without real contrast (paper only) has nothing written in it.
    if paper - ink_level < 60.0 {
        return None;
    }
    let mask: Vec<bool> = grey.iter().map(|&p| p <= t).collect();
    let (label, parts) = components(&mask, sw, sh);
    let line = sh as f32 / 1.4;
    let min_side = (line / 12.0).max(2.0) as usize;
    let (from, to) = (from.saturating_sub(left), to.saturating_sub(left));
    // Strokes of the field: centred in it or cut by its edges (a word's box that took in a
    // digit's edge), not specks, not a rule line.
    let mut glyphs: Vec<Glyph> = parts
        .into_iter()
        .filter(|c| {
            let rule = c.width() > 3 * c.height() && (c.height() as f32) < line / 5.0;
            c.x1 > from
                && c.x0 < to
                && !rule
                && (c.width() >= min_side || c.height() >= min_side)
                && c.width().max(c.height()) >= 2 * min_side
        })
        .collect();
    glyphs.sort_by_key(|c| c.x0);
    // Strokes one above another are one glyph (a 5's bar, a 7's).
    let mut joined: Vec<Glyph> = Vec::new();
    for c in glyphs {
        match joined.last_mut() {
            Some(p) if overlap(p, &c) * 2 > p.width().min(c.width()) => p.join(&c),
            _ => joined.push(c),
        }
    }
    let tallest = joined.iter().map(Glyph::height).max()?;
    joined.retain(|c| c.height() * 20 >= tallest * 9);
    let strip = Strip {
        grey: &grey,
        label,
        w: sw,
        paper,
        ink: ink_level,
    };
    let mut out = String::new();
    let mut confidence = 1f32;
    let mut odds = Vec::new();
    'glyphs: for c in &joined {
        let whole = strip.read(c, c.x0, c.x1);
        let mut picks = vec![whole];
        // As wide as two digits: two touching digits, where the halves read better.
        if c.width() * 10 > c.height() * 11 {
            let m = strip.waist(c);
            let (a, b) = (strip.read(c, c.x0, m), strip.read(c, m, c.x1));
            let (ba, bb) = (best(&a), best(&b));
            if ba.0 != JUNK && bb.0 != JUNK && ba.1.min(bb.1) > best(&whole).1 {
                picks = vec![a, b];
            }
        }
        for p in picks {
            let (class, sure) = best(&p);
            if class == JUNK {
                if out.is_empty() {
                    continue;
                }
                // The digits end where something else starts (`574/UBND`).
                break 'glyphs;
            }
            out.push(char::from(b'0' + class as u8));
            confidence = confidence.min(sure);
            odds.push(std::array::from_fn(|d| p[d]));
        }
    }
    (!out.is_empty()).then_some(Reading {
        digits: out,
        confidence,
        odds,
    })
}

fn overlap(a: &Glyph, b: &Glyph) -> usize {
    a.x1.min(b.x1).saturating_sub(a.x0.max(b.x0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The day of `fixtures/handwritten/handwritten_212_kh_ubnd.png` (`ngày 02 tháng`, the 02
    /// in a script hand): the strip from `ngày` to `tháng`, and a strip with nothing written.
    #[test]
    fn a_handwritten_day_is_read_and_blank_paper_is_nothing() {
        let png = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/handwritten/handwritten_212_kh_ubnd.png"
        );
        let img = image::open(png).unwrap().to_luma8();
        let (w, h) = (img.width() as usize, img.height() as usize);
        let g = img.as_raw();
        let r = read(g, w, h, (400, 613), (469, 522), (454, 560)).unwrap();
        assert_eq!(r.digits, "02");
        assert!(r.confidence > 0.5, "{r:?}");
        assert_eq!(read(g, w, h, (1200, 1500), (600, 660), (1250, 1450)), None);
    }

    /// `75` with the 7 nearly a 1: among the days 1–31 it is 15; `3` among two-digit days
    /// has none; and the ranking says how likely each candidate is.
    #[test]
    fn the_likeliest_of_candidates_is_taken_from_each_digits_odds() {
        let mut seven = [0.0; 10];
        (seven[7], seven[1], seven[4]) = (0.48, 0.34, 0.18);
        let mut five = [0.0; 10];
        (five[5], five[3]) = (0.99, 0.01);
        let r = Reading {
            digits: "75".into(),
            confidence: 0.48,
            odds: vec![seven, five],
        };
        let days: Vec<String> = (1..=31).map(|d: u32| format!("{d:02}")).collect();
        let likeliest = r.ranked(days.iter().map(String::as_str))[0].0;
        let day = r.reading_of(likeliest);
        assert_eq!((day.digits.as_str(), day.confidence), ("15", 0.34));
        let ranked = r.ranked(["15", "13", "5", "x5"]);
        assert_eq!(ranked.iter().map(|c| c.0).collect::<Vec<_>>(), ["15", "13"]);
        assert!((ranked[0].1 - 0.34 * 0.99).abs() < 1e-6);
        assert!(r.ranked(["5"]).is_empty());
    }

    #[test]
    fn the_built_in_models_load() {
        let ms = models();
        assert!(!ms.is_empty());
        for m in ms {
            assert_eq!(m.hidden.inputs, SIDE * SIDE);
            assert_eq!(m.out.biases.len(), JUNK + 1);
        }
        let b = include_bytes!("../../dictionaries/digits.mlp");
        assert!(
            Model::parse_all(&b[..b.len() - 1]).is_none(),
            "a cut file is refused"
        );
    }
}
