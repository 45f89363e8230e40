//! The words tesseract reads, with their boxes (its TSV output), and the page's text made
//! from them as tesseract makes it — a line's words joined by spaces, a paragraph's lines by
//! line breaks, paragraphs by a blank line — except where a line runs across the header's two
//! columns (`Số: 88/QĐ-UBND    Quảng Ngãi, ngày 05 tháng 02 năm 2025`): there the right
//! column's words go on a line of their own, so that the number and the date are each read on
//! their own line.

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
