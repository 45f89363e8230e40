//! Page clean-up before OCR: grey from the red channel, so that red seals and red signatures
//! fade into the paper instead of blotting the black text under them; rotation by quarter
//! turns.

use crate::record::PageImage;

/// How a colour page becomes grey.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Grey {
    /// Chosen by the page: `red` where it has red ink (a seal, a red signature), else `luma`.
    Auto,
    /// The red channel: red ink turns as light as the paper.
    Red,
    /// Luminance (ITU-R 601), as most tools do: red ink stays mid-grey.
    Luma,
}

impl Grey {
    pub fn as_str(self) -> &'static str {
        match self {
            Grey::Auto => "auto",
            Grey::Red => "red",
            Grey::Luma => "luma",
        }
    }
}

/// Whether a page has red ink: one pixel in 2,000 or more plainly red (a seal or a red
/// signature covers far more; specks of colour noise far less).
pub fn has_red_ink(img: &PageImage) -> bool {
    if img.channels != 3 {
        return false;
    }
    let red = img
        .data
        .chunks_exact(3)
        .filter(|p| {
            let (r, g, b) = (i32::from(p[0]), i32::from(p[1]), i32::from(p[2]));
            r > 120 && r - g > 60 && r - b > 50
        })
        .count();
    red > 0 && red * 2000 >= img.data.len() / 3
}

/// The conversion `mode` comes to for this page: `Auto` decided, grey pages `Luma` (they
/// have one channel whatever is asked).
pub fn choose(img: &PageImage, mode: Grey) -> Grey {
    match (img.channels, mode) {
        (1, _) => Grey::Luma,
        (_, Grey::Auto) if has_red_ink(img) => Grey::Red,
        (_, Grey::Auto) => Grey::Luma,
        (_, m) => m,
    }
}

/// The page as one 8-bit grey channel.
pub fn grey(img: &PageImage, mode: Grey) -> Vec<u8> {
    match img.channels {
        1 => img.data.clone(),
        3 => match choose(img, mode) {
            Grey::Red => img.data.chunks_exact(3).map(|p| p[0]).collect(),
            _ => img
                .data
                .chunks_exact(3)
                .map(|p| {
                    ((299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2])) / 1000)
                        as u8
                })
                .collect(),
        },
        n => img.data.chunks_exact(n as usize).map(|p| p[0]).collect(),
    }
}

/// A grey page turned `degrees` clockwise (0, 90, 180 or 270): the pixels and the new width
/// and height.
pub fn rotate_cw(g: &[u8], w: usize, h: usize, degrees: u16) -> (Vec<u8>, usize, usize) {
    match degrees % 360 {
        90 => {
            // New (x, y) = (h - 1 - oy, ox): new width h, height w.
            let mut out = vec![0u8; w * h];
            for oy in 0..h {
                let row = &g[oy * w..(oy + 1) * w];
                let nx = h - 1 - oy;
                for (ox, &v) in row.iter().enumerate() {
                    out[ox * h + nx] = v;
                }
            }
            (out, h, w)
        }
        180 => {
            let mut out = g.to_vec();
            out.reverse();
            (out, w, h)
        }
        270 => {
            let mut out = vec![0u8; w * h];
            for oy in 0..h {
                let row = &g[oy * w..(oy + 1) * w];
                for (ox, &v) in row.iter().enumerate() {
                    out[(w - 1 - ox) * h + oy] = v;
                }
            }
            (out, h, w)
        }
        _ => (g.to_vec(), w, h),
    }
}

/// Blocks of ink (see [`is_blank`]) at or above which a page is read.
const INK_BLOCKS: usize = 16;

/// Whether a grey page has nothing to read, so that OCR (about a second a page) is not run:
/// fewer than [`INK_BLOCKS`] squares of 1/50 inch a quarter of whose pixels are ink, ink being
/// 60 levels darker than the paper (the median of a sample). Scanner speckle and paper grain
/// make lone dark pixels, not such squares; one line of text makes dozens, a page number
/// alone a few. It stops at the first page's worth of ink found, so a page of text costs
/// little more than its first lines.
pub fn is_blank(g: &[u8], w: usize, h: usize, dpi: u32) -> bool {
    if w == 0 || h == 0 || g.len() < w * h {
        return false;
    }
    let mut hist = [0usize; 256];
    let mut n = 0usize;
    for &v in g.iter().step_by(7) {
        hist[usize::from(v)] += 1;
        n += 1;
    }
    let mut seen = 0;
    let paper = hist
        .iter()
        .position(|&c| {
            seen += c;
            seen * 2 >= n
        })
        .unwrap_or(255);
    if paper < 60 {
        // A dark page (a photograph, a negative): not for this test.
        return false;
    }
    let ink = (paper - 60) as u8;
    let side = (dpi as usize / 50).clamp(4, 64);
    let need = side * side / 4;
    let cols = w.div_ceil(side);
    let mut counts = vec![0usize; cols];
    let mut blocks = 0usize;
    for (y, row) in g.chunks_exact(w).take(h).enumerate() {
        for (x, &v) in row.iter().enumerate() {
            if v < ink {
                counts[x / side] += 1;
            }
        }
        if (y + 1) % side == 0 || y + 1 == h {
            blocks += counts.iter().filter(|&&c| c >= need).count();
            if blocks >= INK_BLOCKS {
                return false;
            }
            counts.iter_mut().for_each(|c| *c = 0);
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn red_ink_fades_from_the_red_channel_only() {
        let img = PageImage {
            width: 3,
            height: 1,
            channels: 3,
            // black text, red seal, white paper
            data: vec![0, 0, 0, 200, 20, 30, 255, 255, 255],
            dpi: None,
            known: Vec::new(),
        };
        assert_eq!(grey(&img, Grey::Red), vec![0, 200, 255]);
        let l = grey(&img, Grey::Luma);
        assert_eq!((l[0], l[2]), (0, 255));
        assert!(l[1] < 80, "luminance keeps the seal dark: {}", l[1]);
        // One red pixel of three is a page with red ink; a black-and-white one has none.
        assert_eq!(choose(&img, Grey::Auto), Grey::Red);
        let plain = PageImage {
            data: vec![0, 0, 0, 128, 128, 128, 255, 255, 255],
            ..img.clone()
        };
        assert_eq!(choose(&plain, Grey::Auto), Grey::Luma);
        assert_eq!(choose(&plain, Grey::Red), Grey::Red);
    }

    #[test]
    fn quarter_turns() {
        // 3×2:  a b c
        //       d e f
        let g = b"abcdef";
        let (r, w, h) = rotate_cw(g, 3, 2, 90);
        assert_eq!((w, h), (2, 3));
        assert_eq!(&r, b"daebfc");
        let (r, _, _) = rotate_cw(g, 3, 2, 180);
        assert_eq!(&r, b"fedcba");
        let (r, w, h) = rotate_cw(g, 3, 2, 270);
        assert_eq!((w, h), (2, 3));
        assert_eq!(&r, b"cfbead");
        let (back, _, _) = rotate_cw(&rotate_cw(g, 3, 2, 90).0, 2, 3, 270);
        assert_eq!(&back, g);
    }

    #[test]
    fn a_page_without_ink_is_blank_and_one_line_of_text_is_not() {
        let (w, h) = (600usize, 800usize);
        // Paper with grain and lone specks of dust.
        let mut g: Vec<u8> = (0..w * h).map(|i| 225 + (i * 7919 % 23) as u8).collect();
        for i in (0..w * h).step_by(997) {
            g[i] = 0;
        }
        assert!(is_blank(&g, w, h, 100));
        // A short line of "text": strokes 3 px wide, 20 px tall, every 8 px.
        for x in (100..220).step_by(8) {
            for y in 300..320 {
                for dx in 0..3 {
                    g[y * w + x + dx] = 30;
                }
            }
        }
        assert!(!is_blank(&g, w, h, 100));
        // A black page (a photograph's dark background) is never called blank.
        assert!(!is_blank(&vec![10u8; w * h], w, h, 100));
    }
}
