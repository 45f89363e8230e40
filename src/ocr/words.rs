//! The words tesseract reads, with their boxes (its TSV output), and the page's text made
//! from them as tesseract makes it — a line's words joined by spaces, a paragraph's lines by
//! line breaks, paragraphs by a blank line — except where a line runs across the header's two
//! columns (`Số: 88/QĐ-UBND    Quảng Ngãi, ngày 05 tháng 02 năm 2025`): there the right
//! column's words go on a line of their own, so that the number and the date are each read on
//! their own line.

use crate::text::fold_lower;

/// One word as OCR read it.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    pub text: String,
    /// Tesseract's confidence in the word, 0–100.
    pub conf: f32,
    /// `[x, y, width, height]` in pixels of the page as read.
    pub bbox: [u32; 4],
    /// Tesseract's block, paragraph and line numbers.
    pub line: (u32, u32, u32),
    /// Not OCR'd: the file gives the word (a field filled in at signing).
    pub known: bool,
}

/// The words of tesseract's TSV (level 5 rows), in reading order.
pub fn from_tsv(tsv: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for row in tsv.lines() {
        let f: Vec<&str> = row.splitn(12, '\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let n = |i: usize| f[i].trim().parse::<u32>().unwrap_or(0);
        let text = f[11].trim();
        if text.is_empty() {
            continue;
        }
        out.push(Word {
            text: text.to_string(),
            conf: f[10].trim().parse().unwrap_or(0.0),
            bbox: [n(6), n(7), n(8), n(9)],
            line: (n(2), n(3), n(4)),
            known: false,
        });
    }
    out
}

/// `words` with the words the file gives (`known`) in place of what OCR read there: each goes
/// on the line its middle lies in, after the words left of it; a word OCR read mostly inside
/// its box is dropped. One on no line read by OCR ends the page on a line of its own.
pub fn merge_known(words: &mut Vec<Word>, known: &[crate::record::KnownWord]) {
    for k in known {
        let [x, y, w, h] = k.bbox;
        words.retain(|o| {
            let [ox, oy, ow, oh] = o.bbox;
            let (mx, my) = (ox + ow / 2, oy + oh / 2);
            !(mx >= x && mx <= x + w && my >= y && my <= y + h)
        });
        let mid = y + h / 2;
        let on_line = |o: &Word| o.bbox[1] <= mid && mid <= o.bbox[1] + o.bbox[3];
        let line = words.iter().find(|o| on_line(o)).map(|o| o.line);
        let word = Word {
            text: k.text.clone(),
            conf: 100.0,
            bbox: k.bbox,
            line: line.unwrap_or((u32::MAX, 0, 0)),
            known: true,
        };
        let at = match line {
            Some(l) => words
                .iter()
                .rposition(|o| o.line == l && o.bbox[0] < x)
                .map(|i| i + 1)
                .or_else(|| words.iter().position(|o| o.line == l))
                .unwrap_or(words.len()),
            None => words.len(),
        };
        words.insert(at, word);
    }
}

/// A gap wider than this many times the line's height, from a word ending in the left part of
/// the page to one starting in the right part, separates two columns.
const COLUMN_GAP: u32 = 3;

/// Whether a line breaks between words `a` and `b` (same tesseract line) on a page `width`
/// pixels wide: the gap is a column gutter.
fn column_break(a: &Word, b: &Word, width: usize) -> bool {
    let height = a.bbox[3].max(b.bbox[3]).max(1);
    let a_end = a.bbox[0] + a.bbox[2];
    let gap = b.bbox[0].saturating_sub(a_end);
    let w = width as u32;
    gap > COLUMN_GAP * height && a_end * 100 < w * 55 && b.bbox[0] * 100 > w * 35
}

/// Where a footer's right column starts, in hundredths of the page's width: the signer's
/// block (`KT. CHỦ TỊCH`, the name) is centred on the right half, `Nơi nhận` and its list
/// start at the left margin.
const RIGHT_COLUMN: u32 = 40;

/// Puts the footer's two columns one after the other, as a typed document has them: `Nơi
/// nhận` and its list, then the signer's block (its authority, title and name), where OCR read
/// them line by line across the page (`Nơi nhận:` / `KT. CHỦ TỊCH` / `- Như Điều 4;` / `PHÓ
/// CHỦ TỊCH` …), which leaves the name under a recipient rather than under its title.
///
/// The footer starts on the line of `Nơi nhận` (at the left), or a line beside it, and ends
/// before a line that runs across the page. Each line's words go to the left or the right
/// column by where they start, a line split at its gutter; each column keeps its order.
pub fn footer_columns(words: &mut [Word], width: usize) {
    let w = width as u32;
    // `Nơi nhận:`, as OCR may have read it (`Nơi nhậm`, `Noi nhén:`, `Noi nhgn:`, `ri nhận:`).
    let left = |x: &Word| x.bbox[0] * 100 < w * RIGHT_COLUMN;
    let starts = |k: usize| k == 0 || words[k - 1].line != words[k].line;
    // The last on the page: a body's line may start with `nhận:` too.
    let noi = (0..words.len()).rfind(|&i| {
        let f = fold_lower(&words[i].text);
        let next = words.get(i + 1).filter(|b| b.line == words[i].line);
        let nhan = |t: &str| t.starts_with("nh") && t.trim_end_matches(':').len() == 4;
        let label = f == "noi" && next.is_some_and(|b| nhan(&fold_lower(&b.text)));
        let second = f == "nhan:" && (starts(i) || i > 0 && starts(i - 1));
        (label || second) && left(&words[i])
    });
    let Some(noi) = noi else { return };
    // Tesseract's lines, as ranges of word indices.
    let mut lines: Vec<std::ops::Range<usize>> = Vec::new();
    for i in 0..words.len() {
        match lines.last_mut() {
            Some(l) if words[l.end - 1].line == words[i].line => l.end = i + 1,
            _ => lines.push(i..i + 1),
        }
    }
    let at = lines.iter().position(|l| l.contains(&noi)).unwrap_or(0);
    // Lines of the signer's block that OCR read just before `Nơi nhận`: beside it, or in
    // the right column a little above it (`CHỦ TỊCH`).
    let (top, height) = (words[noi].bbox[1], words[noi].bbox[3]);
    let mut first = at;
    while first > 0 {
        let l = &words[lines[first - 1].start];
        let beside = l.bbox[1] + height / 2 >= top;
        let above_right = !left(l) && l.bbox[1] + 3 * height >= top;
        if !(beside || above_right) {
            break;
        }
        first -= 1;
    }
    let across = |l: &std::ops::Range<usize>| {
        let (a, b) = (&words[l.start], &words[l.end - 1]);
        let gutter = (l.start + 1..l.end).any(|i| column_break(&words[i - 1], &words[i], width));
        !gutter && a.bbox[0] * 100 < w * 30 && (b.bbox[0] + b.bbox[2]) * 100 > w * 70
    };
    let last = (at + 1..lines.len())
        .find(|&k| across(&lines[k]))
        .unwrap_or(lines.len());
    let span = lines[first].start..lines.get(last).map_or(words.len(), |l| l.start);
    // Each line's segments (split at its gutter) go right or left by where the segment's first
    // word of letters or digits starts (not a rule's `__` before `PHÓ TRƯỞNG PHÒNG`).
    let mut right = vec![false; span.len()];
    for l in &lines[first..last] {
        let mut seg = l.start;
        for i in l.start + 1..=l.end {
            if i == l.end || column_break(&words[i - 1], &words[i], width) {
                let lead = (seg..i)
                    .find(|&k| words[k].text.chars().any(char::is_alphanumeric))
                    .unwrap_or(seg);
                right[seg - span.start..i - span.start].fill(!left(&words[lead]));
                seg = i;
            }
        }
    }
    let region = &mut words[span.clone()];
    let mut order: Vec<usize> = (0..region.len()).collect();
    // Stable: each column keeps its order.
    order.sort_by_key(|&i| right[i]);
    let moved: Vec<Word> = order.iter().map(|&i| region[i].clone()).collect();
    region.clone_from_slice(&moved);
}

/// The page's text: every word once, in order, whitespace between them and none inside.
pub fn assemble(words: &[Word], width: usize) -> String {
    let mut text = String::new();
    for i in 0..words.len() {
        if i > 0 {
            let (a, b) = (&words[i - 1], &words[i]);
            if a.line == b.line {
                text.push(if column_break(a, b, width) { '\n' } else { ' ' });
            } else if (a.line.0, a.line.1) == (b.line.0, b.line.1) {
                text.push('\n');
            } else {
                text.push_str("\n\n");
            }
        }
        text.push_str(&words[i].text);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x: u32, line: (u32, u32, u32)) -> Word {
        Word {
            text: text.into(),
            conf: 90.0,
            bbox: [x, 100, 20 * text.chars().count() as u32, 40],
            line,
            known: false,
        }
    }

    #[test]
    fn tsv_rows_become_words() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t300\t400\t80\t40\t95.5\tSố:\n\
                   5\t1\t1\t1\t1\t2\t400\t400\t60\t40\t41.0\t88\n";
        let ws = from_tsv(tsv);
        assert_eq!(ws.len(), 2);
        assert_eq!(ws[1].text, "88");
        assert_eq!(ws[1].bbox, [400, 400, 60, 40]);
        assert_eq!(ws[1].conf, 41.0);
    }

    #[test]
    fn lines_paragraphs_and_the_header_gutter() {
        let ws = vec![
            word("Số:", 300, (1, 1, 1)),
            word("88/QĐ-UBND", 380, (1, 1, 1)),
            word("Quảng", 1300, (1, 1, 1)),
            word("Ngãi", 1420, (1, 1, 1)),
            word("QUYẾT", 1000, (1, 1, 2)),
            word("Căn", 300, (2, 1, 1)),
            word("cứ", 380, (2, 1, 1)),
        ];
        let t = assemble(&ws, 2480);
        assert_eq!(t, "Số: 88/QĐ-UBND\nQuảng Ngãi\nQUYẾT\n\nCăn cứ");
        let texts: Vec<&str> = ws.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(t.split_whitespace().collect::<Vec<_>>(), texts);
        // A blank number's gap (`Số:      /VP`) stays in the left column: one line.
        let ws = vec![
            word("Số:", 300, (1, 1, 1)),
            word("/VP-KGVX", 600, (1, 1, 1)),
        ];
        assert_eq!(assemble(&ws, 2480), "Số: /VP-KGVX");
    }

    /// `Nơi nhận` and its list (left) and the signer's block (right), read by OCR line by
    /// line across the page, one tesseract line holding both: the list first, then the
    /// block; the body above and a line across the page below stay where they are.
    #[test]
    fn a_footers_columns_are_put_one_after_the_other() {
        let at = |text: &str, x: u32, y: u32, line: u32| Word {
            text: text.into(),
            conf: 90.0,
            bbox: [x, y, 20 * text.chars().count() as u32, 40],
            line: (1, 1, line),
            known: false,
        };
        let mut ws = vec![
            at("thực", 300, 1000, 1),
            at("hiện./.", 400, 1000, 1),
            at("CHỦ", 1500, 1050, 2),
            at("TỊCH", 1600, 1050, 2),
            at("Nơi", 300, 1100, 3),
            at("nhận:", 380, 1100, 3),
            at("KT.", 1500, 1100, 3),
            at("PHÓ", 1600, 1100, 3),
            at("-", 300, 1150, 4),
            at("Lưu.", 340, 1150, 4),
            at("__", 300, 1200, 5),
            at("Trần", 1500, 1200, 5),
            at("An", 1600, 1200, 5),
            at("Phụ", 300, 1300, 6),
            at("lục", 400, 1300, 6),
        ];
        // A gutter between `__` and `Trần`: `__` is a rule's stroke on the left.
        ws[10].bbox[2] = 10;
        // The last line runs across the page.
        ws[14].bbox[2] = 1600;
        footer_columns(&mut ws, 2480);
        let texts: Vec<&str> = ws.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "thực",
                "hiện./.",
                "Nơi",
                "nhận:",
                "-",
                "Lưu.",
                "__",
                "CHỦ",
                "TỊCH",
                "KT.",
                "PHÓ",
                "Trần",
                "An",
                "Phụ",
                "lục"
            ]
        );
        // A rule's `__` before the block's first line (`__ PHÓ TRƯỞNG PHÒNG`) goes with it.
        let mut rule = vec![
            at("Nơi", 300, 1100, 3),
            at("nhận:", 380, 1100, 3),
            at("__", 900, 1150, 4),
            at("PHÓ", 1000, 1150, 4),
            at("-", 300, 1200, 5),
            at("Lưu.", 340, 1200, 5),
        ];
        footer_columns(&mut rule, 2480);
        let texts: Vec<&str> = rule.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["Nơi", "nhận:", "-", "Lưu.", "__", "PHÓ"]);
        // `Nơi nhận` as English OCR reads it (`Noi nhén:`, `Noi nhgn:`) is the footer's too.
        for label in ["nhén:", "nhgn:", "nhậm"] {
            let mut misread = vec![
                at("CHỦ", 1500, 1050, 2),
                at("Noi", 300, 1100, 3),
                at(label, 380, 1100, 3),
                at("-", 300, 1150, 4),
            ];
            footer_columns(&mut misread, 2480);
            assert_eq!(misread[3].text, "CHỦ", "{label}");
        }
        // A page without `Nơi nhận` is as OCR read it.
        let mut plain = vec![at("CHỦ", 1500, 1050, 2), at("-", 300, 1150, 4)];
        footer_columns(&mut plain, 2480);
        assert_eq!(plain[0].text, "CHỦ");
    }

    #[test]
    fn known_words_take_their_place_on_their_line() {
        let mut words = vec![
            word("Số:", 100, (1, 1, 1)),
            word("4l", 160, (1, 1, 1)),
            word("/KH-SKHCN", 220, (1, 1, 1)),
            word("Tây", 100, (1, 1, 2)),
        ];
        let known = [crate::record::KnownWord {
            text: "41".into(),
            bbox: [150, words[1].bbox[1], 40, words[1].bbox[3]],
        }];
        merge_known(&mut words, &known);
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["Số:", "41", "/KH-SKHCN", "Tây"]);
        assert!(words[1].known && words[1].line == (1, 1, 1));
    }
}
