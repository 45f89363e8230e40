//! Fields filled in at signing. Vietnamese e-office systems let the clerk (văn thư) sign a
//! document with the body's certificate and, in the same act, write its number and day into
//! the blanks of the header — as signature widgets whose appearance is `542` or `06`. The
//! document's own text has `Số:      /TB-UBND` and `ngày    tháng 11`; the widgets hold the
//! rest. Other signature widgets are identity boxes (`Ký bởi: …`, e-mail, signing time) that
//! are not the document and stay out of it.
//!
//! PDFium cannot read a widget's appearance text directly, so a second copy of the page is
//! flattened (in memory; the file is never written) and the characters it gained are the
//! widgets' text.

use std::sync::LazyLock;

use pdfium_render::prelude::*;
use regex::Regex;

/// The text a signature widget draws into a blank of the page, and where (PDF points).
#[derive(Debug, Clone, PartialEq)]
pub struct Filler {
    pub text: String,
    pub left: f32,
    pub right: f32,
    pub bottom: f32,
    pub top: f32,
}

/// A filler is what a blank of the header takes: a number (`542`, `15B`), a day or a month
/// (`06`), a number with its code (`542/TB-UBND`) or a date (`06/11/2024`). An identity box
/// has words, an e-mail, a time.
static FILLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\d{1,6}[A-Za-zĐđ]?(?:/[0-9A-Za-zĐđ\-/.]{1,30})?|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4})$",
    )
    .expect("filler pattern")
});

/// A character: what it is and where (left, bottom, right, top).
type Glyph = (char, [f32; 4]);

/// The page's characters with their places, in the order of its text.
pub fn glyphs(page: &PdfPage) -> Vec<Glyph> {
    let Ok(text) = page.text() else {
        return Vec::new();
    };
    text.chars()
        .iter()
        .filter_map(|c| {
            // A character PDFium generated (a line break) has no place: it is kept, nowhere.
            let place = c.loose_bounds().map_or([0.0; 4], |b| {
                [
                    b.left().value,
                    b.bottom().value,
                    b.right().value,
                    b.top().value,
                ]
            });
            Some((c.unicode_char()?, place))
        })
        .collect()
}

/// The rectangles of a page's widget annotations (signature fields and other form fields).
pub fn widget_rects(page: &PdfPage) -> Vec<[f32; 4]> {
    page.annotations()
        .iter()
        .filter(|a| a.annotation_type() == PdfPageAnnotationType::Widget)
        .filter_map(|a| a.bounds().ok())
        .map(|b| {
            [
                b.left().value,
                b.bottom().value,
                b.right().value,
                b.top().value,
            ]
        })
        .collect()
}

/// The fillers of `page`, a copy of the page that is flattened here (its rendering then shows
/// every widget).
pub fn read(page: &mut PdfPage) -> Vec<Filler> {
    let rects = widget_rects(page);
    if rects.is_empty() {
        return Vec::new();
    }
    let before = glyphs(page);
    if page.flatten().is_err() {
        return Vec::new();
    }
    let gained = gained(&before, &glyphs(page));
    fillers_in(&rects, &gained)
}

/// The glyphs of `after` that `before` does not have (as a multiset, by character and place).
fn gained(before: &[Glyph], after: &[Glyph]) -> Vec<Glyph> {
    let key = |g: &Glyph| {
        (
            g.0,
            (g.1[0] * 4.0).round() as i64,
            (g.1[1] * 4.0).round() as i64,
        )
    };
    let mut pool: std::collections::HashMap<(char, i64, i64), usize> =
        std::collections::HashMap::new();
    for g in before {
        *pool.entry(key(g)).or_default() += 1;
    }
    after
        .iter()
        .filter(|g| match pool.get_mut(&key(g)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .copied()
        .collect()
}

/// Each widget's gained text, read top to bottom and left to right; those that are fillers.
fn fillers_in(rects: &[[f32; 4]], gained: &[Glyph]) -> Vec<Filler> {
    let mut out = Vec::new();
    for r in rects {
        let mut inside: Vec<&Glyph> = gained
            .iter()
            .filter(|(c, b)| {
                let (x, y) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
                !c.is_whitespace() && x >= r[0] && x <= r[2] && y >= r[1] && y <= r[3]
            })
            .collect();
        if inside.is_empty() {
            continue;
        }
        inside.sort_by(|a, b| {
            let line = |g: &Glyph| (-(g.1[1] + g.1[3]) / 4.0).round() as i64;
            line(a).cmp(&line(b)).then(a.1[0].total_cmp(&b.1[0]))
        });
        let text: String = inside.iter().map(|g| g.0).collect();
        if !FILLER.is_match(&text) {
            continue;
        }
        let fold = |f: fn(f32, f32) -> f32, i: usize, init: f32| {
            inside.iter().map(|g| g.1[i]).fold(init, f)
        };
        out.push(Filler {
            text,
            left: fold(f32::min, 0, f32::MAX),
            bottom: fold(f32::min, 1, f32::MAX),
            right: fold(f32::max, 2, f32::MIN),
            top: fold(f32::max, 3, f32::MIN),
        });
    }
    out
}

/// `text` with each filler written into its blank: after the last character left of it on
/// its line (or, with none, before the first right of it; with no line, at the end).
/// `chars` are the page's characters in the order of `text`, one per `char` of it.
pub fn fill(chars: &[Glyph], fillers: &[Filler]) -> String {
    let mut after: Vec<(usize, &str)> = Vec::new();
    let mut at_end = Vec::new();
    for f in fillers {
        let mid = (f.bottom + f.top) / 2.0;
        let on_line = |b: &[f32; 4]| b[1] <= mid && mid <= b[3];
        let left = chars
            .iter()
            .enumerate()
            .filter(|(_, (c, b))| !c.is_whitespace() && on_line(b) && b[2] <= f.left + 1.0)
            .max_by(|a, b| a.1 .1[2].total_cmp(&b.1 .1[2]));
        let right = chars
            .iter()
            .enumerate()
            .filter(|(_, (c, b))| !c.is_whitespace() && on_line(b) && b[0] >= f.right - 1.0)
            .min_by(|a, b| a.1 .1[0].total_cmp(&b.1 .1[0]));
        match (left, right) {
            (Some((i, _)), _) => after.push((i + 1, &f.text)),
            (None, Some((i, _))) => after.push((i, &f.text)),
            (None, None) => at_end.push(f.text.as_str()),
        }
    }
    after.sort_by_key(|a| a.0);
    let mut out = String::new();
    let mut next = after.iter().peekable();
    for (i, (c, _)) in chars.iter().enumerate() {
        while let Some((_, t)) = next.next_if(|(at, _)| *at == i) {
            put(&mut out, t);
        }
        if c.is_whitespace() && out.ends_with(' ') && *c == ' ' {
            continue;
        }
        out.push(*c);
    }
    for (_, t) in next {
        put(&mut out, t);
    }
    for t in at_end {
        out.push('\n');
        out.push_str(t);
    }
    out
}

/// Writes `t` as a word of its own.
fn put(out: &mut String, t: &str) {
    if !out.is_empty() && !out.ends_with(char::is_whitespace) {
        out.push(' ');
    }
    out.push_str(t);
    out.push(' ');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(s: &str, x: f32, y: f32) -> Vec<Glyph> {
        s.chars()
            .enumerate()
            .map(|(i, c)| {
                (
                    c,
                    [x + 6.0 * i as f32, y, x + 6.0 * i as f32 + 5.0, y + 10.0],
                )
            })
            .collect()
    }

    #[test]
    fn a_number_and_a_day_go_into_their_blanks() {
        let mut page = word("Số:", 100.0, 700.0);
        page.push((' ', [118.0, 700.0, 120.0, 710.0]));
        page.extend(word("/TB-UBND", 160.0, 700.0));
        page.push((' ', [210.0, 700.0, 212.0, 710.0]));
        page.extend(word("ngày", 300.0, 700.0));
        page.push((' ', [324.0, 700.0, 326.0, 710.0]));
        page.extend(word("tháng", 350.0, 700.0));
        let fillers = [
            Filler {
                text: "542".into(),
                left: 128.0,
                right: 150.0,
                bottom: 701.0,
                top: 709.0,
            },
            Filler {
                text: "06".into(),
                left: 330.0,
                right: 342.0,
                bottom: 701.0,
                top: 709.0,
            },
        ];
        assert_eq!(fill(&page, &fillers), "Số: 542 /TB-UBND ngày 06 tháng");
    }

    #[test]
    fn only_numbers_and_days_are_fillers() {
        let rects = [[0.0, 0.0, 100.0, 20.0], [0.0, 100.0, 200.0, 150.0]];
        let mut gained = word("542", 10.0, 5.0);
        gained.extend(word("Ký", 10.0, 130.0));
        gained.extend(word("ttcbth@quangngai.gov.vn", 10.0, 115.0));
        let f = fillers_in(&rects, &gained);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].text, "542");
        for ok in ["06", "15B", "542/TB-UBND", "06/11/2024"] {
            assert!(FILLER.is_match(ok), "{ok}");
        }
        for no in ["06.11.2024 09:27:05", "+07:00", "TRUNGTÂM", "a@b.vn"] {
            assert!(!FILLER.is_match(no), "{no}");
        }
    }
}
