//! The header's number and date, read again where they are handwritten or stamped: the digits
//! of `Số: 88/QĐ-UBND` and the day and month of `…, ngày 05 tháng 02 năm 2025` are cropped
//! from the first page — between the printed words around them — and read again as digits
//! only, by two models, as a word and as a line, from both grey conversions and at half size;
//! the readings vote. What wins fills in digits the page could not read; unless two thirds of
//! the readings agree with the page's own the field is in doubt, and the record says so (`review`)
//! rather than guess.

use crate::text::fold_lower;

use super::digits::Reading;
use super::Word;

/// One way of reading a crop again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pass {
    /// Tesseract's `eng` model (its digits are trained on more fonts and hands) or the page's.
    pub eng: bool,
    /// As one word (else as one line).
    pub word: bool,
    /// From the other grey conversion than the page's.
    pub other_grey: bool,
    /// At half size (strokes of a large hand come to the size the models know).
    pub half: bool,
}

const PASSES: [Pass; 5] = [
    Pass {
        eng: true,
        word: true,
        other_grey: false,
        half: false,
    },
    Pass {
        eng: true,
        word: false,
        other_grey: false,
        half: false,
    },
    Pass {
        eng: false,
        word: true,
        other_grey: false,
        half: false,
    },
    Pass {
        eng: false,
        word: false,
        other_grey: false,
        half: true,
    },
    Pass {
        eng: true,
        word: true,
        other_grey: true,
        half: false,
    },
];

/// A header field that re-reading could not make sure of.
#[derive(Clone, Debug, PartialEq)]
pub struct Doubt {
    /// `number` or `date`.
    pub field: &'static str,
    /// `number`, `day` or `month`.
    pub part: &'static str,
    /// What the page's text now says (the vote's winner).
    pub read: String,
    /// Every reading, the page's first.
    pub readings: Vec<String>,
    /// What else the handwriting reader finds likely (a day or a month at least a tenth as
    /// likely as its reading: `07` where it read `03`), for a signature to vouch for.
    pub likely: Vec<String>,
    pub bbox: [u32; 4],
}

/// Where the fields are looked for: the top of the page.
const HEADER_FRACTION: f32 = 0.45;

fn leading_digits(t: &str) -> &str {
    let end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    &t[..end]
}

/// A field to read again: the word holding it and the words before and after it on its line.
#[derive(Debug, PartialEq, Eq)]
struct Target {
    field: &'static str,
    /// `number`, `day` or `month`.
    part: &'static str,
    word: usize,
    before: usize,
    after: Option<usize>,
    /// Bytes of the word before the field (`Số:` in `Số:04`); 0 when it stands alone.
    prefix: usize,
}

/// The number's digits after `Số:`, and the day and the month after `ngày` and `tháng`, in the
/// header of a page `h` pixels high.
fn targets(words: &[Word], h: usize) -> Vec<Target> {
    let mut out = Vec::new();
    let in_header = |w: &Word| (w.bbox[1] as f32) < h as f32 * HEADER_FRACTION;
    let folded: Vec<String> = words.iter().map(|w| fold_lower(&w.text)).collect();
    let same_line = |i: usize, j: usize| j < words.len() && words[j].line == words[i].line;
    for i in 0..words.len() {
        if !in_header(&words[i]) {
            continue;
        }
        let f = folded[i].as_str();
        // `Số:` (not `Sở`, the department: `SỞ KHOA HỌC`), its colon glued on or not, or `Số`
        // before digits and a code (`Số 88/QĐ-UBND`, `Số 88 /QĐ-UBND`).
        // The header's `Số` has its capital; the body's `số 11-CT/TW` has not.
        let capital = words[i].text.starts_with('S');
        // Or the hand read as letters glued to a colonless `Số` (`Sôi /CT-UBND`), where the
        // code follows on the line.
        let coded_next = same_line(i, i + 1) && words[i + 1].text.starts_with('/');
        let glued_hand = capital && f.len() > 2 && f.starts_with("so") && !f.starts_with("so:");
        let glued = capital && f.starts_with("so:") && f.len() > 3 || glued_hand && coded_next;
        if glued && out.iter().all(|t: &Target| t.field != "number") {
            let prefix = match words[i].text.find(':') {
                Some(k) => k + 1,
                None => words[i].text.char_indices().nth(2).map_or(0, |(k, _)| k),
            };
            if !words[i].text[prefix..].starts_with('/') {
                out.push(Target {
                    field: "number",
                    part: "number",
                    word: i,
                    before: i,
                    after: same_line(i, i + 1).then_some(i + 1),
                    prefix,
                });
            }
            continue;
        }
        let so = capital
            && (f == "so:" || f == "so" && !words[i].text.to_lowercase().contains(['ở', 'ơ']));
        if so && same_line(i, i + 1) {
            let mut j = i + 1;
            if folded[j] == ":" && same_line(i, j + 1) {
                j += 1;
            }
            let coded = |k: usize| {
                words
                    .get(k)
                    .is_some_and(|w| w.text.contains('/') || w.text.contains('-'))
            };
            let number_like = f == "so:"
                || j > i + 1
                || words[j].text.starts_with(|c: char| c.is_ascii_digit())
                    && (coded(j) || same_line(i, j + 1) && coded(j + 1));
            if !number_like {
                continue;
            }
            // A blank number (`Số: /QĐ-UBND`) has nothing to read.
            if !words[j].text.starts_with('/') && out.iter().all(|t: &Target| t.field != "number") {
                out.push(Target {
                    field: "number",
                    part: "number",
                    word: j,
                    before: j - 1,
                    after: same_line(i, j + 1).then_some(j + 1),
                    prefix: 0,
                });
            }
        }
        // `ngày`, or glued to the place before it by OCR (`Lĩnh,ngày`), its day the next word;
        // or the day's hand glued on by OCR (`ngày0B`, `ngày-|Ệ`), read from after `ngày`.
        // Then `tháng` and the month.
        let ngay = f == "ngay" || f.ends_with(",ngay");
        let glued_day = f.len() > 4
            && f.starts_with("ngay")
            && !f[4..].starts_with(|c: char| c.is_alphabetic());
        let day = if ngay {
            Some((i + 1, 0, i + 2))
        } else if glued_day {
            let prefix = words[i].text.char_indices().nth(4).map_or(0, |(k, _)| k);
            Some((i, prefix, i + 1))
        } else {
            None
        };
        if let Some((word, prefix, thang)) = day {
            if same_line(i, thang + 1) && folded[thang] == "thang" {
                out.push(Target {
                    field: "date",
                    part: "day",
                    word,
                    before: i,
                    after: Some(thang),
                    prefix,
                });
                out.push(Target {
                    field: "date",
                    part: "month",
                    word: thang + 1,
                    before: thang,
                    after: same_line(i, thang + 2).then_some(thang + 2),
                    prefix: 0,
                });
            }
        }
    }
    out
}

/// The box to read a target in: from the end of the word before to the start of the word
/// after (or of the code after the digits, `88/QĐ-UBND`), as high as the line.
fn field_box(words: &[Word], t: &Target) -> [u32; 4] {
    let (b, w) = (&words[t.before], &words[t.word]);
    let right = |x: &Word| x.bbox[0] + x.bbox[2];
    let chars_of = |s: &str| s.chars().count() as u32;
    // How wide the letters of the print before word `k` on its line are (dates only: the
    // place's name stands there, printed).
    let letter_before = |k: usize| {
        k.checked_sub(1)
            .map(|j| &words[j])
            .filter(|n| t.field == "date" && n.line == w.line && n.bbox[0] < words[k].bbox[0])
            .map(|n| n.bbox[2] / chars_of(&n.text).max(1))
    };
    let x0 = if let (true, Some(letter)) = (t.prefix > 0, letter_before(t.word)) {
        // After `ngày`, as wide as the print before it makes four letters (the hand glued on
        // is wider than print), and half a letter: a digit the box cuts is read whole.
        (w.bbox[0] + letter * chars_of(&w.text[..t.prefix]) + letter / 2).min(right(w))
    } else if let (0, Some(letter)) = (t.prefix, letter_before(t.before)) {
        // After `ngày` (or `tháng`), or where its letters end if OCR's box for it took in a
        // stroke of the hand after it (`ngày` and the 1 of 15).
        (right(b) + 2).min(b.bbox[0] + letter * chars_of(&b.text) + letter / 2)
    } else if t.prefix > 0 {
        // After `Số:`, in proportion to the characters.
        w.bbox[0] + w.bbox[2] * chars_of(&w.text[..t.prefix]) / chars_of(&w.text).max(1)
    } else {
        right(b) + 2
    };
    let digits = leading_digits(&w.text[t.prefix..]);
    let x1 = if t.prefix == 0 && !digits.is_empty() && digits.len() < w.text.len() {
        // The code is glued on: cut after the digits, in proportion to the characters.
        // Half a character more: digits are narrower than the code's capitals.
        let chars = 2 * w.text.chars().count() as u32;
        w.bbox[0] + (w.bbox[2] * (2 * digits.chars().count() as u32 + 1)).div_ceil(chars)
    } else {
        match t.after {
            Some(a) => words[a].bbox[0].saturating_sub(2),
            None => right(w) + w.bbox[3],
        }
    };
    let x1 = x1.max(x0 + 4);
    let line: Vec<&Word> = [Some(t.before), Some(t.word), t.after]
        .into_iter()
        .flatten()
        .map(|k| &words[k])
        .collect();
    let top = line.iter().map(|x| x.bbox[1]).min().unwrap_or(0);
    let bottom = line
        .iter()
        .map(|x| x.bbox[1] + x.bbox[3])
        .max()
        .unwrap_or(top + 1);
    let pad = (bottom - top) / 5;
    let y0 = top.saturating_sub(pad);
    [x0, y0, x1 - x0, bottom + pad - y0]
}

/// A crop of grey page `g` (`w`×`h`) at `bbox`, on a white border (tesseract reads a glyph
/// that touches the edge badly), halved when `half`: the pixels and their width and height.
pub fn crop(g: &[u8], w: usize, h: usize, bbox: [u32; 4], half: bool) -> (Vec<u8>, usize, usize) {
    let [x, y, bw, bh] = bbox.map(|v| v as usize);
    let x0 = x.min(w.saturating_sub(1));
    let y0 = y.min(h.saturating_sub(1));
    let x1 = (x + bw).min(w).max(x0 + 1);
    let y1 = (y + bh).min(h).max(y0 + 1);
    let (cw, ch) = (x1 - x0, y1 - y0);
    let mut img = image::GrayImage::from_pixel(cw as u32, ch as u32, image::Luma([255]));
    for (r, row) in (y0..y1).enumerate() {
        for (c, col) in (x0..x1).enumerate() {
            if let Some(&v) = g.get(row * w + col) {
                img.put_pixel(c as u32, r as u32, image::Luma([v]));
            }
        }
    }
    if half && cw >= 4 && ch >= 4 {
        img = image::imageops::resize(
            &img,
            cw as u32 / 2,
            ch as u32 / 2,
            image::imageops::FilterType::Triangle,
        );
    }
    let border = (img.height() / 3).max(10);
    let mut out = image::GrayImage::from_pixel(
        img.width() + 2 * border,
        img.height() + 2 * border,
        image::Luma([255]),
    );
    image::imageops::replace(&mut out, &img, i64::from(border), i64::from(border));
    let (ow, oh) = (out.width() as usize, out.height() as usize);
    (out.into_raw(), ow, oh)
}

/// At least this sure of every digit, the handwriting reader ([`super::digits`]) is believed
/// over tesseract's passes, which are trained on print.
const HAND_SURE: f32 = 0.9;

/// A value the handwriting reader finds at least this fraction as likely as its reading is
/// worth a signature's vouching.
const LIKELY: f32 = 10.0;

/// Reads the header's number and date again (`reread(box, pass)` reads a crop as digits with
/// tesseract, `hand(box)` with the handwriting reader) and votes; the winner replaces the
/// digits in the word. Returns the fields in doubt.
///
/// A field the page read as digits and tesseract's passes agree on (two thirds) is sure, and keeps the page's
/// digits, unless the handwriting reader is sure of others: then it is in doubt. Otherwise the
/// handwriting reader, where it is sure, gives the digits (it was trained on hands, they on
/// print); the field is sure only if the page read the same. Else the passes vote, with the
/// handwriting reader's one voice among them, and a tie is its. A day is 1–31 and a month
/// 1–12: a reading that is neither has no vote, and the reader gives the likeliest that is.
pub fn check(
    words: &mut [Word],
    h: usize,
    reread: &dyn Fn([u32; 4], Pass) -> Option<String>,
    hand: &dyn Fn([u32; 4]) -> Option<Reading>,
) -> Vec<Doubt> {
    let mut doubts = Vec::new();
    for t in targets(words, h) {
        if words[t.word].known {
            continue;
        }
        let bbox = field_box(words, &t);
        let word = &words[t.word];
        let (head, body) = word.text.split_at(t.prefix);
        let first = leading_digits(body).to_string();
        let mut readings = vec![first.clone()];
        readings.extend(PASSES.iter().map(|&p| reread(bbox, p).unwrap_or_default()));
        // A day is 1–31 and a month 1–12: a reading that is neither (`45`) has no vote.
        let allowed = values(t.part);
        let fits = |r: &str| allowed.as_ref().is_none_or(|v| v.iter().any(|x| x == r));
        // The reader's likeliest value a day or month can take, and the others it finds likely.
        let (handwritten, likely): (Option<Reading>, Vec<String>) = match (hand(bbox), &allowed) {
            (Some(r), Some(v)) => {
                let ranked = r.ranked(v.iter().map(String::as_str));
                let top = ranked.first().map_or(0.0, |c| c.1);
                let likely = ranked
                    .iter()
                    .skip(1)
                    .take_while(|c| c.1 * LIKELY >= top)
                    .map(|c| c.0.to_string())
                    .collect();
                (ranked.first().map(|c| r.reading_of(c.0)), likely)
            }
            (r, _) => (r, Vec::new()),
        };
        let agree = |readings: &[String]| {
            let votes: Vec<&str> = readings
                .iter()
                .map(|r| if fits(r) { r.as_str() } else { "" })
                .collect();
            let winner = vote(&votes, handwritten.as_ref().map(|r| r.digits.as_str()));
            let n = votes.iter().filter(|r| Some(**r) == winner).count();
            let sure = winner == Some(first.as_str()) && n * 3 >= readings.len() * 2;
            (winner.map(str::to_string), sure)
        };
        // A page that read digits keeps them (a printed number the crops cut short must not
        // lose a digit): the passes only fill in what the page could not read as digits.
        let page_read_digits = !first.is_empty()
            && body[first.len()..]
                .chars()
                .next()
                .is_none_or(|c| "/-".contains(c));
        let print_sure = page_read_digits && agree(&readings).1;
        let hand_sure = handwritten
            .as_ref()
            .filter(|r| r.confidence >= HAND_SURE && r.digits.len() >= first.len());
        if let Some(r) = &handwritten {
            readings.push(r.digits.clone());
        }
        // Print the passes agree on is sure if the handwriting reader read it too: the same
        // digits (a day or month the same value, `04` and `4`), or, not sure of them, the same
        // and a 1 (it reads the printed `/` after a number, `212/KH`, as one). A hand every
        // pass misread alike is caught where the reader read it otherwise.
        let same = |r: &Reading| {
            let zero = |c: char| allowed.is_some() && c == '0';
            r.digits.trim_start_matches(zero) == first.trim_start_matches(zero)
                || r.confidence < HAND_SURE && r.digits.strip_prefix(first.as_str()) == Some("1")
        };
        let (chosen, sure) = match hand_sure {
            _ if print_sure => (None, handwritten.as_ref().is_none_or(same)),
            Some(r) => (Some(r.digits.clone()), r.digits == first),
            // Sure only of clean digits: `8Š` voted `8` by every pass is a hand the passes
            // could not read (88), not an 8.
            None => {
                let (winner, sure) = agree(&readings);
                (
                    winner.filter(|_| !page_read_digits),
                    sure && page_read_digits,
                )
            }
        };
        if let Some(win) = chosen.filter(|w| *w != first || body.len() > first.len()) {
            // The digits, and what OCR made of the rest of the hand (`8Š`, `05#`), up to the
            // code (`/QĐ-UBND`) or the word's end.
            let cut = if page_read_digits {
                first.len()
            } else {
                body.find('/').unwrap_or(body.len()).max(first.len())
            };
            // `ngày` and its day are two words again (`ngày 05`); `Số:88` reads as it is.
            let gap = if head.ends_with(char::is_alphabetic) {
                " "
            } else {
                ""
            };
            words[t.word].text = format!("{head}{gap}{win}{}", &body[cut..]);
        }
        if !sure {
            doubts.push(Doubt {
                field: t.field,
                part: t.part,
                read: words[t.word].text.clone(),
                readings,
                likely,
                bbox,
            });
        }
    }
    doubts
}

/// The reading most passes gave; none when every pass read nothing. Ties go to `hand`, the
/// handwriting reader's (tesseract's passes, trained on print, that each read a hand
/// differently are no majority against it), else to the earliest.
fn vote<'a>(readings: &[&'a str], hand: Option<&str>) -> Option<&'a str> {
    let mut best: Option<(&str, usize)> = None;
    for &r in readings.iter().filter(|r| !r.is_empty()) {
        let n = readings.iter().filter(|o| **o == r).count();
        let better =
            best.is_none_or(|(b, m)| n > m || n == m && hand == Some(r) && hand != Some(b));
        if better {
            best = Some((r, n));
        }
    }
    best.map(|(r, _)| r)
}

/// What a part of a field can be: a day 1–31 and a month 1–12, written with a leading zero or
/// without; none for the number (anything).
fn values(part: &str) -> Option<Vec<String>> {
    let top = match part {
        "day" => 31,
        "month" => 12,
        _ => return None,
    };
    let mut v: Vec<String> = (1..=top)
        .flat_map(|d: u32| [d.to_string(), format!("{d:02}")])
        .collect();
    v.dedup();
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x: u32, y: u32) -> Word {
        Word {
            text: text.into(),
            conf: 90.0,
            bbox: [x, y, 20 * text.chars().count() as u32, 40],
            line: (1, 1, y),
            known: false,
        }
    }

    /// The handwriting reader's reading of `digits`, `sure` of each (the rest spread evenly).
    fn hand_read(digits: &str, sure: f32) -> Reading {
        let odds = digits
            .bytes()
            .map(|b| {
                std::array::from_fn(|d| {
                    if d == usize::from(b - b'0') {
                        sure
                    } else {
                        (1.0 - sure) / 9.0
                    }
                })
            })
            .collect();
        Reading {
            digits: digits.into(),
            confidence: sure,
            odds,
        }
    }

    fn header() -> Vec<Word> {
        vec![
            word("Số:", 300, 500),
            word("88/QĐ-UBND", 380, 500),
            word("Quảng", 1300, 500),
            word("Ngãi,", 1420, 500),
            word("ngày", 1540, 500),
            word("{Ệ", 1640, 500),
            word("tháng", 1700, 500),
            word("02", 1820, 500),
            word("năm", 1880, 500),
            word("2025", 1960, 500),
            word("Số", 300, 3000),
            word("12", 380, 3000),
        ]
    }

    #[test]
    fn the_number_day_and_month_are_found_in_the_header_only() {
        let t: Vec<(&str, usize)> = targets(&header(), 3508)
            .iter()
            .map(|t| (t.field, t.word))
            .collect();
        assert_eq!(t, vec![("number", 1), ("date", 5), ("date", 7)]);
    }

    #[test]
    fn a_department_is_no_number() {
        let ws = vec![
            word("SỞ", 300, 400),
            word("KHOA", 380, 400),
            word("Số", 300, 500),
            word("8", 380, 500),
            word("cán", 420, 500),
            word("Số", 300, 600),
            word("12", 380, 600),
            word("/KH-UBND", 430, 600),
        ];
        let t: Vec<usize> = targets(&ws, 3508).iter().map(|t| t.word).collect();
        assert_eq!(t, vec![6]);
    }

    #[test]
    fn a_number_glued_to_its_label_is_read_and_the_bodys_so_is_not() {
        let mut ws = vec![
            word("Số:⁄‡6", 300, 500),
            word("/CT-UBND", 500, 500),
            word("số", 300, 900),
            word("11-CT/TW", 360, 900),
        ];
        let t = targets(&ws, 3508);
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].word, t[0].prefix), (0, "Số:".len()));
        let b = field_box(&ws, &t[0]);
        // `Số:` is 3 of 6 characters of a 120-wide word; the field ends where `/CT` starts.
        assert_eq!((b[0], b[0] + b[2]), (360, 498));
        let d = check(&mut ws, 3508, &|_, _| Some("16".into()), &|_| None);
        assert_eq!(ws[0].text, "Số:16");
        assert_eq!(d.len(), 1, "the page read no digits: in review");
    }

    #[test]
    fn a_hand_read_as_letters_after_a_colonless_so_is_read_again() {
        let mut ws = vec![
            word("Sôi", 300, 500),
            word("/CT-UBND", 400, 500),
            word("Sơn", 300, 600),
            word("La", 380, 600),
        ];
        let t = targets(&ws, 3508);
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].word, t[0].prefix), (0, "Sô".len()));
        let hand = |_| Some(hand_read("11", 0.95));
        let d = check(&mut ws, 3508, &|_, _| None, &hand);
        assert_eq!(ws[0].text, "Sô 11");
        assert_eq!(d.len(), 1, "the page read no digits: in review");
    }

    #[test]
    fn the_box_lies_between_the_printed_words() {
        let ws = header();
        let t = targets(&ws, 3508);
        // `Số:` ends at 360; the digits are the first 2 of 10 characters of a 200-wide word.
        assert_eq!(field_box(&ws, &t[0])[0], 362);
        assert_eq!(field_box(&ws, &t[0])[2], 380 + 50 - 362);
        // The day: from the end of `ngày` (1620) to the start of `tháng` (1700).
        let b = field_box(&ws, &t[1]);
        assert_eq!((b[0], b[0] + b[2]), (1622, 1698));
    }

    #[test]
    fn readings_vote_and_disagreement_is_a_doubt() {
        let mut ws = header();
        // Every pass reads the number 89 and the month 02; the day reads 16 but once 18.
        let reread = |b: [u32; 4], p: Pass| -> Option<String> {
            Some(match b[0] {
                362 => "89".into(),
                1622 if p.half => "18".into(),
                1622 => "16".into(),
                _ => "02".into(),
            })
        };
        let d = check(&mut ws, 3508, &reread, &|_| None);
        assert_eq!(ws[1].text, "88/QĐ-UBND", "the page read digits: kept");
        assert_eq!(ws[5].text, "16", "the page read no digits: filled in");
        assert_eq!(ws[7].text, "02");
        // The page read 88 and every pass 89: in doubt; the day's passes disagreed (and the
        // page read no digits); the month is sure.
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].field, d[0].read.as_str()), ("number", "88/QĐ-UBND"));
        assert_eq!(d[0].readings, vec!["88", "89", "89", "89", "89", "89"]);
        assert_eq!((d[1].field, d[1].read.as_str()), ("date", "16"));
    }

    #[test]
    fn the_handwriting_reader_is_believed_where_it_is_sure() {
        let sure = |d: &str| Some(hand_read(d, 0.97));
        let mut ws = header();
        ws[1].text = "8Š".into();
        ws.insert(2, word("/QĐ-UBND", 430, 500));
        // Tesseract's passes read 8 (the second 8 in a hand they do not know); the hand
        // reader is sure of 88 and of the day 16.
        let hand = |b: [u32; 4]| match b[0] {
            362 => sure("88"),
            1622 => sure("16"),
            _ => None,
        };
        let d = check(
            &mut ws,
            3508,
            &|b, _| Some(if b[0] == 362 { "8" } else { "02" }.into()),
            &hand,
        );
        assert_eq!(ws[1].text, "88", "what OCR made of the hand is dropped");
        assert_eq!(ws[6].text, "16");
        assert_eq!(ws[8].text, "02", "the month: sure, untouched");
        // The page read neither as the hand reader did: both in review.
        let fields: Vec<(&str, &str)> = d.iter().map(|d| (d.field, d.read.as_str())).collect();
        assert_eq!(fields, vec![("number", "88"), ("date", "16")]);
        assert_eq!(d[0].readings.last().map(String::as_str), Some("88"));
    }

    #[test]
    fn junk_after_the_digits_is_never_sure_however_the_passes_agree() {
        let mut ws = header();
        ws[1].text = "8Š".into();
        ws.insert(2, word("/QĐ-UBND", 430, 500));
        let d = check(
            &mut ws,
            3508,
            &|b, _| Some(if b[0] == 362 { "8" } else { "02" }.into()),
            &|_| None,
        );
        assert_eq!(ws[1].text, "8");
        assert_eq!(d.iter().filter(|d| d.part == "number").count(), 1);
    }

    #[test]
    fn print_that_every_pass_agrees_on_is_kept_and_a_hand_read_otherwise_is_a_doubt() {
        let mut ws = header();
        ws[5].text = "16".into();
        // The reader: sure of 89 for the number; 16, unsure, for the day; 2 for the month 02.
        let hand = |b: [u32; 4]| match b[0] {
            362 => Some(hand_read("89", 0.95)),
            1622 => Some(hand_read("16", 0.5)),
            _ => Some(hand_read("2", 0.6)),
        };
        let reread = |b: [u32; 4], _: Pass| -> Option<String> {
            Some(match b[0] {
                362 => "88".into(),
                1622 => "16".into(),
                _ => "02".into(),
            })
        };
        let d = check(&mut ws, 3508, &reread, &hand);
        assert_eq!(ws[1].text, "88/QĐ-UBND");
        assert_eq!(ws[5].text, "16");
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].field, d[0].read.as_str()), ("number", "88/QĐ-UBND"));
        // Every pass read 16, and so did the page; the reader, unsure, read 46 (a flagged 1 it
        // took for a 4, or a hand every pass misread alike): in doubt, 16 kept. The printed
        // slash read as a 1 after 88 (881, unsure) is no disagreement.
        let mut ws = header();
        ws[1].text = "88".into();
        ws.insert(2, word("/QĐ-UBND", 430, 500));
        ws[6].text = "16".into();
        let hand = |b: [u32; 4]| match b[0] {
            362 => Some(hand_read("881", 0.7)),
            1622 => Some(hand_read("46", 0.5)),
            _ => None,
        };
        let d = check(&mut ws, 3508, &|b, p| reread([b[0], 0, 0, 0], p), &hand);
        let parts: Vec<(&str, &str)> = d.iter().map(|d| (d.part, d.read.as_str())).collect();
        assert_eq!(parts, [("day", "16")]);
    }

    #[test]
    fn a_day_glued_to_ngay_is_read_after_it() {
        let mut ws = vec![
            word("Quảng", 1300, 500),
            word("Ngãi,", 1420, 500),
            word("ngày0B", 1540, 500),
            word("tháng", 1700, 500),
            word("02", 1820, 500),
            word("năm", 1880, 500),
        ];
        let t = targets(&ws, 3508);
        let got: Vec<(usize, usize)> = t.iter().map(|t| (t.word, t.prefix)).collect();
        assert_eq!(got, vec![(2, "ngày".len()), (4, 0)]);
        // `Ngãi,`: 100 wide for 5 letters; four of them and a half after 1540.
        let b = field_box(&ws, &t[0]);
        assert_eq!((b[0], b[0] + b[2]), (1540 + 80 + 10, 1698));
        let hand = |b: [u32; 4]| (b[0] == 1630).then(|| hand_read("05", 0.95));
        let d = check(&mut ws, 3508, &|_, _| Some("02".into()), &hand);
        assert_eq!(ws[2].text, "ngày 05");
        assert_eq!(d.len(), 1, "the page did not read 05: in review");
    }

    /// A day is 1–31: the passes' `45` has no vote, and the reader's `75` (a flagged 1 it
    /// took for a 7 or a 1) is its likeliest day, 15. Passes that each read something else
    /// are no majority against the reader: the tie is its. Neither is sure.
    #[test]
    fn a_day_that_cannot_be_has_no_vote_and_a_tie_goes_to_the_hand() {
        let mut odds = hand_read("75", 0.99);
        odds.odds[0] = [0.0, 0.34, 0.0, 0.0, 0.17, 0.0, 0.0, 0.48, 0.0, 0.0];
        odds.confidence = 0.48;
        let day = |reread: &dyn Fn([u32; 4], Pass) -> Option<String>, r: &Reading| {
            let mut ws = header();
            let hand = |b: [u32; 4]| (b[0] == 1622).then(|| r.clone());
            let d = check(&mut ws, 3508, reread, &hand);
            let doubt = d.into_iter().find(|d| d.part == "day").expect("in doubt");
            (ws[5].text.clone(), doubt)
        };
        let (got, doubt) = day(
            &|b, p| {
                let day = match (p.eng, p.word) {
                    (true, _) => "45",
                    (false, true) => "2",
                    _ => "",
                };
                Some(if b[0] != 1622 { "02" } else { day }.into())
            },
            &odds,
        );
        assert_eq!(got, "15");
        assert_eq!(doubt.readings.last().map(String::as_str), Some("15"));
        // 4, 42, 3 and the reader's 22 once each: 22.
        let each = |b: [u32; 4], p: Pass| -> Option<String> {
            let day = match (p.eng, p.word, p.other_grey) {
                (true, true, false) => "4",
                (true, false, _) => "42",
                (false, true, _) => "3",
                _ => "",
            };
            Some(if b[0] != 1622 { "02" } else { day }.into())
        };
        let (got, _) = day(&each, &hand_read("22", 0.7));
        assert_eq!(got, "22");
        // The reader's 03, where it found 07 nearly as likely: 07 is said, for a signature.
        let mut r = hand_read("03", 0.62);
        r.odds[1][7] = 0.38;
        let (got, doubt) = day(&each, &r);
        assert_eq!(got, "03");
        assert_eq!(doubt.likely, vec!["07"]);
    }

    #[test]
    fn crops_are_clipped_bordered_and_halved() {
        let g = vec![0u8; 100 * 50];
        let (c, cw, ch) = crop(&g, 100, 50, [90, 40, 20, 20], false);
        assert_eq!(c.len(), cw * ch);
        assert_eq!((cw, ch), (10 + 20, 10 + 20));
        assert_eq!(c[0], 255, "white border");
        let (_, hw, _) = crop(&g, 100, 50, [0, 0, 40, 40], true);
        assert_eq!(hw, 20 + 20);
    }
}
