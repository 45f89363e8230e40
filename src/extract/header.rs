//! The blocks around a document's body: the header (issuer, number, place and date, type
//! title, subject) and the closing (recipients, signature). Read line by line, because that is
//! how the format of Decree 30/2020 lays them out; each value keeps its byte span.

use std::sync::OnceLock;

use regex::Regex;

use crate::date::{month_and_year, words_dates, Date};
use crate::dict;
use crate::number::{find_blank_number, find_numbers, Found};
use crate::text::syllable::canonical;
use crate::text::Span;
use crate::text::{
    collapse_ws, fold_lower, is_upper_line, line_start, lines_with_offsets, starts_with_folded,
    title_case, without_footnote_mark,
};

/// What the header block says.
#[derive(Debug, Default)]
pub struct Header {
    /// The own number; its `seq` is none when the number is left blank.
    pub number: Option<Found>,
    pub date: Option<(Date, Span)>,
    pub place: Option<(String, Span)>,
    pub issuer_lines: Vec<(String, Span)>,
    /// The province named by the issuer lines (`UBND TỈNH LẠNG SƠN` → Lạng Sơn).
    pub locality: Option<String>,
    /// Type code of the title line (`KẾ HOẠCH` → KH).
    pub title_type: Option<(&'static str, Span)>,
    pub subject: Option<(String, Span)>,
    /// A `V/v` subject line: the document is a công văn.
    pub vv: bool,
    /// The date of a place-and-date line whose day OCR garbled (`ngày OF tháng 02 năm 2025`).
    pub garbled_date: Option<Garbled>,
}

/// A date OCR garbled: what of it can be read (its month and year), and where it stands.
pub type Garbled = (Option<Date>, Span);

/// The mottos of the right-hand column, folded, as far as an English OCR engine keeps them
/// (`Hanh phtic`); the Party's motto is found by its last four words (`PANG CONG SAN VIET
/// NAM`), see [`without_mottos`].
const MOTTOS: [&str; 3] = [
    "cong hoa xa hoi chu nghia",
    "cong san viet nam",
    "doc lap - tu do",
];

/// Words that open a body paragraph, and so end a subject.
const BODY_OPENERS: [&str; 15] = [
    "can cu",
    // (What a notice rests on besides its legal grounds: an application, a letter.)
    "tren co so",
    "sau khi ",
    "thoi gian qua",
    "thuc hien",
    "trien khai",
    "theo de nghi",
    "theo ",
    "xet ",
    "kinh gui",
    // (A letter's reply, after the addressee's address: `(Đ/c: …)` / `Trả lời công văn số …`.)
    "tra loi",
    "phuc dap",
    "de ",
    "nham ",
    "noi nhan",
];

fn marker_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:[-+•*]\s|[a-zđ]\)\s|\d{1,2}[.)]\s|[IVXLC]{1,5}\.\s|Điều\s+\d|Phần\s)")
            .expect("marker regex")
    })
}

/// A list marker or heading number opens the line (`- `, `a) `, `1. `, `II. `, `Điều 2`).
pub fn starts_with_marker(line: &str) -> bool {
    marker_re().is_match(line)
}

/// The line opens a body paragraph with a capitalised opener (`Căn cứ`, `Thực hiện`…).
pub fn starts_with_opener(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_uppercase) && {
        let f = fold_lower(&crate::text::head_spaced(line, 16));
        BODY_OPENERS.iter().any(|o| f.starts_with(o))
    }
}

fn is_rule(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '-' | '_' | '*' | '=' | '.' | ' '))
}

/// Removes the national and Party mottos that a two-column header puts beside the issuer
/// (`UBND TỈNH LẠNG SƠN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`): the text before the first
/// motto, trimmed.
fn without_mottos(line: &str) -> &str {
    let folded = fold_lower(line);
    // fold_lower keeps one char per char for NFC Vietnamese, so char positions carry over.
    let cut = MOTTOS
        .iter()
        .filter_map(|m| {
            let at = folded.find(m)?;
            if !m.starts_with("cong san") {
                return Some(at);
            }
            // ĐẢNG before it, however OCR read its first letter (DANG, PANG, BANG).
            let before = folded[..at].trim_end();
            let word = before.rsplit(' ').next().unwrap_or("");
            Some(if word.len() == 4 && word.ends_with("ang") {
                before.len() - word.len()
            } else {
                at
            })
        })
        // The national motto with a word of it garbled (`CỘNG HÔOA`, `NGHIÏA`: French OCR's):
        // found by its middle, `xã hội chủ`, two words after its start.
        .chain(folded.find("xa hoi chu").map(|at| {
            let mut start = at;
            for _ in 0..2 {
                let before = folded[..start].trim_end();
                start = before.rfind(' ').map_or(0, |sp| sp + 1);
            }
            start
        }))
        .min()
        .map(|byte| folded[..byte].chars().count());
    let end = match cut {
        Some(chars) => line
            .char_indices()
            .nth(chars)
            .map_or(line.len(), |(i, _)| i),
        None => line.len(),
    };
    line[..end].trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '-' | '_'))
}

fn locality_of_issuer(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        let f = fold_lower(w);
        let skip = match f.as_str() {
            "tinh" | "tp." | "tp" => 1,
            "thanh" => 2, // THÀNH PHỐ X, THÀNH ỦY X
            _ => continue,
        };
        let mut j = i + skip;
        if f == "tinh" && words.get(j).is_some_and(|n| fold_lower(n) == "uy") {
            j += 1;
        }
        if j < words.len() {
            return Some(title_case(&words[j..].join(" ")));
        }
    }
    None
}

/// Reads the header block: everything before the type title, the `V/v` line or `Kính gửi`.
/// Lines may be hard-wrapped anywhere (a published page breaks a date, a title or an issuer
/// over lines), and the two columns of the header come one after the other.
pub fn read_header(text: &str) -> Header {
    let lines: Vec<(usize, &str)> = lines_with_offsets(text).take(80).collect();
    let mut h = Header::default();
    let (zone_end_line, subject_from) = find_title(&lines, &mut h);
    let zone_end = lines.get(zone_end_line).map_or(text.len(), |(o, _)| *o);
    let zone = &text[..zone_end];
    h.number = own_number(zone).or_else(|| consolidated_number(text));
    // A titled document's date is above its title; a letter's may follow its V/v.
    let region_end = match h.title_type {
        Some(_) => zone_end,
        None => date_region_end(&lines, zone_end_line, text.len()),
    };
    read_place_and_date(text, zone_end, region_end, &mut h);
    // A consolidated text's date stands by its number at the end.
    if let (None, Some(n)) = (h.date, h.number.as_ref().filter(|n| n.span[0] >= zone_end)) {
        h.date = words_date_in(text, n.span[1], n.span[1] + 600, Some(n.span));
    }
    read_issuer(&lines[..zone_end_line], zone_end, &mut h);
    read_subject(&lines, subject_from, &mut h);
    h
}

/// The lines of `lines` from `i` that are not blank, as far as `max` of them, with their
/// indices, across one blank line between two: the pieces a hard-wrapped line may have been
/// broken into.
fn next_pieces<'a>(
    lines: &[(usize, &'a str)],
    i: usize,
    max: usize,
) -> Vec<(usize, usize, &'a str)> {
    let mut pieces = Vec::new();
    let mut blank = false;
    for (k, (o, l)) in lines.iter().enumerate().skip(i) {
        if pieces.len() == max {
            break;
        }
        if l.trim().is_empty() {
            // One blank line between pieces: an OCR'd page's (`QUYẾT` / / `ĐỊNH`).
            if blank {
                break;
            }
            blank = true;
            continue;
        }
        blank = false;
        pieces.push((k, *o, *l));
    }
    pieces
}

/// Whether a line (folded) opens with a letter's `V/v` (*về việc*), or with what English OCR
/// makes of it as a word of its own (`Viv`, `Vlv`, `V1v`, `V|v`, `V/y`).
fn opens_with_vv(f: &str) -> bool {
    f.starts_with("v/v")
        || ["viv", "vlv", "v1v", "v|v", "v/y"].iter().any(|v| {
            f.strip_prefix(v)
                .is_some_and(|r| r.is_empty() || r.starts_with([' ', ':', '.', '\t']))
        })
}

/// The line where the header zone ends — the type title (noted in `h`, whole even when it is
/// wrapped: `QUYẾT` / `ĐỊNH`), the `V/v` line or `Kính gửi`; else the 15th line — and the
/// line where the subject starts.
fn find_title(lines: &[(usize, &str)], h: &mut Header) -> (usize, usize) {
    let d = dict::get();
    for (i, (_, line)) in lines.iter().enumerate().take(40) {
        let t = line.trim();
        let f = fold_lower(t);
        if opens_with_vv(&f) || f.starts_with("kinh gui") {
            return (i, i);
        }
        if !is_upper_line(t) {
            continue;
        }
        let pieces = next_pieces(lines, i, 3);
        let mut joined = String::new();
        for &(k, off, piece) in &pieces {
            let p = piece.trim();
            if !is_upper_line(p) {
                break;
            }
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(p);
            let Some((c, _)) = d
                .type_of_title(without_footnote_mark(&joined).trim_end_matches(':'))
                .and_then(|code| d.doc_type(code))
            else {
                continue;
            };
            let (_, first, first_line) = pieces[0];
            let lead = first_line.len() - first_line.trim_start().len();
            let end = off + piece.trim_end().len();
            h.title_type = Some((c, [first + lead, end]));
            return (i, k + 1);
        }
    }
    let end = lines.len().min(15);
    (end, end)
}

/// Where a place-and-date line may still be when the header zone has none: a letter's comes
/// after its `V/v` subject, up to `Kính gửi` (at most 12 lines on).
fn date_region_end(lines: &[(usize, &str)], zone_end_line: usize, len: usize) -> usize {
    lines
        .iter()
        .skip(zone_end_line + 1)
        .take(12)
        .find(|(_, l)| fold_lower(l.trim()).starts_with("kinh gui"))
        .or_else(|| lines.get(zone_end_line + 13))
        .map_or(len, |(o, _)| *o)
}

/// A consolidated text's number, where the gazette puts it: after the text, in the block
/// that authenticates it (`XÁC THỰC VĂN BẢN HỢP NHẤT` … `Số: 05/VBHN-BTC`).
fn consolidated_number(text: &str) -> Option<Found> {
    let mut from = text.len().saturating_sub(3000);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let tail = &text[from..];
    find_numbers(tail)
        .into_iter()
        .rev()
        .find(|f| f.number.type_code() == Some("VBHN"))
        .map(|mut f| {
            f.span = [f.span[0] + from, f.span[1] + from];
            f
        })
}

/// How far back on its line [`own_number`] looks before a number for its label (bytes).
const LABEL_LOOK_BACK: usize = 300;

/// The document's own number: after "Số", else the first number in the zone; else a blank
/// number.
fn own_number(zone: &str) -> Option<Found> {
    let found = find_numbers(zone);
    // What stands before a number on its line, when that is short: a label (`Số:`), a
    // two-column header's issuer (`UBND TỈNH LẠNG SƠN Số:`). A longer run is a sentence, and
    // is not looked through (a one-line text of thousands of numbers stays linear).
    let line_before = |f: &Found| -> Option<&str> {
        let at = f.span[0];
        let mut from = at.saturating_sub(LABEL_LOOK_BACK);
        while !zone.is_char_boundary(from) {
            from += 1;
        }
        let start = from + line_start(&zone[from..], at - from);
        (start > from || from == 0 || zone.as_bytes()[from - 1] == b'\n')
            .then(|| zone[start..at].trim())
    };
    // The header's own label, `Số:` opening a line: a number in a banner or a summary above
    // the header (`… theo Quyết định số 12/QĐ-TTg …`) never names the document.
    let labelled = found.iter().find(|f| {
        line_before(f).is_some_and(|b| {
            let label = b.trim_end_matches([':', '.', ' ']);
            matches!(label, "Số" | "SỐ" | "Số hiệu")
        })
    });
    if let Some(f) = labelled {
        return Some(f.clone());
    }
    // Else a label however OCR read it (`S6:`, `SO`), after nothing but capitals on its line
    // (a two-column line: `UBND TỈNH LẠNG SƠN Số: …`); else a number that opens a line after at
    // most a short label. A number in a sentence (`… Kế hoạch số 5/KH-UBND của …`) is a
    // citation, never the document's own.
    found
        .iter()
        .find(|f| {
            let Some(before) = line_before(f) else {
                return false;
            };
            let before = before.trim_end_matches([':', '.', ' ']);
            // Only the word before matters: fold a short tail, not the whole line.
            let tail_start = before.char_indices().rev().nth(3).map_or(0, |(i, _)| i);
            let (rest, label) = before.split_at(tail_start);
            let l = fold_lower(label);
            NUMBER_LABELS.iter().any(|s| l.ends_with(s)) && !rest.chars().any(char::is_lowercase)
        })
        .or_else(|| {
            found
                .iter()
                .find(|f| line_before(f).is_some_and(|b| b.chars().count() <= 6))
        })
        .cloned()
        .or_else(|| find_blank_number(zone))
}

/// The first date in words in `text[from..to]` (`to` bounded by the text and moved back to a
/// character's boundary), its span in `text`, that is no cited document's: not right after a
/// number other than the text's own (`Thực hiện Kết luận số 15-KL/ĐU` / `ngày 29 tháng 10 năm
/// 2025 …` in a letter without its header: that date is the conclusion's).
fn words_date_in(text: &str, from: usize, to: usize, own: Option<Span>) -> Option<(Date, Span)> {
    let mut to = to.min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    words_dates(&text[from..to])
        .map(|d| d.map(|(d, s)| (d, [s[0] + from, s[1] + from])))
        .find(|d| d.is_none_or(|(_, s)| !cited_date(text, s[0], own)))
        .flatten()
}

/// Whether the date at `at` follows a document number other than `own` (what is between
/// them spaces or a comma): the cited document's date.
fn cited_date(text: &str, at: usize, own: Option<Span>) -> bool {
    let before = text[..at].trim_end_matches(|c: char| c.is_whitespace() || c == ',');
    let from = super::cite::chars_back(before, before.len(), 40);
    crate::number::find_numbers(&before[from..])
        .last()
        .is_some_and(|f| {
            let end = f.span[1] + from;
            end == before.len() && own.is_none_or(|o| o[1] != end)
        })
}

/// Place and date: "Lạng Sơn, ngày 14 tháng 6 năm 2025", looked for in the header zone, else
/// after it up to `region_end`. The place may end the line before (`Hà Nội,` / `ngày …`).
fn read_place_and_date(text: &str, zone_end: usize, region_end: usize, h: &mut Header) {
    let own = h.number.as_ref().map(|n| n.span);
    let found = words_date_in(text, 0, zone_end, own)
        .or_else(|| words_date_in(text, zone_end, region_end.max(zone_end), own));
    let Some((date, span)) = found else {
        if let Some((place, date)) = place_of_garbled_date(text, region_end.max(zone_end)) {
            h.place = Some(place);
            h.garbled_date = Some(date);
        }
        return;
    };
    h.date = Some((date, span));
    let date_line = line_start(text, span[0]);
    let mut place_from = date_line;
    let on_line =
        text[date_line..span[0]].trim_end_matches(|c: char| c.is_whitespace() || after_place(c));
    if date_line > 0 && capitalised(on_line) {
        // The place begun on the line before: ending with a comma (`Hà Nội,` / `ngày …`), or
        // broken by the page's wrapping (`Thành phố Hồ Chí` / `Minh, ngày …`).
        // (OCR may set a blank line or two between them: `Huế,` / / `ngày 2l tháng I1 …`.)
        let mut prev_start = line_start(text, date_line - 1);
        for _ in 0..2 {
            if !on_line.is_empty()
                || prev_start == 0
                || !text[prev_start..date_line].trim().is_empty()
            {
                break;
            }
            prev_start = line_start(text, prev_start - 1);
        }
        let prev = text[prev_start..date_line].trim();
        let wrapped = !on_line.is_empty() && begins_place(prev);
        if (on_line.is_empty() && prev.ends_with(after_place)) || wrapped {
            place_from = prev_start;
        }
    }
    let from = h
        .number
        .as_ref()
        .map(|n| n.span[1])
        .filter(|e| *e > place_from && *e <= span[0])
        .unwrap_or(place_from);
    let before =
        text[from..span[0]].trim_end_matches(|c: char| c.is_whitespace() || after_place(c));
    let start = place_start(before);
    let place = before[start..].trim();
    if !place.is_empty() {
        let s = from + start;
        h.place = Some((collapse_ws(place), [s, s + place.len()]));
    }
}

/// The comma between a place and its date (`Hà Nội, ngày …`), or what OCR read it as
/// (`Hà Nội. ngày …`, `Huế; ngày …`): no place's name ends with one.
fn after_place(c: char) -> bool {
    matches!(c, ',' | '.' | ';')
}

/// Whether every word of `s` starts with a capital, as a place's words do.
fn capitalised(s: &str) -> bool {
    s.split_whitespace()
        .all(|w| w.starts_with(char::is_uppercase))
}

/// Whether `prev`, the line before a place-and-date line that starts with a place, may be the
/// place's first words the page's wrapping set apart (`Thành phố Hồ Chí` / `Minh, ngày …`,
/// `Hà` / `Nội, ngày …`): short, no figures nor label, not a heading in capitals.
fn begins_place(prev: &str) -> bool {
    !prev.is_empty()
        && prev.chars().count() <= 30
        && !prev.contains(|c: char| c.is_ascii_digit() || c == ':')
        && !is_upper_line(prev)
}

/// Where the place's name starts at the end of `before` (the text before `, ngày`): its
/// capitalised words, `Thành phố Hồ Chí Minh`'s one lower-case word among them.
fn place_start(before: &str) -> usize {
    let mut start = before.len();
    let mut words = before.split_whitespace().rev().peekable();
    while let Some(w) = words.next() {
        let city = w == "phố" && words.peek().is_some_and(|p| fold_lower(p) == "thanh");
        if !city && !w.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        start = w.as_ptr() as usize - before.as_ptr() as usize;
    }
    start
}

/// The place of a place-and-date line whose date OCR garbled (`Quảng Ngãi, ngàyà tháng 02 năm
/// 2025`, `Quảng Ngãi, ngàW/† tháng 5`) in `text[..zone_end]` (the header, or a letter's
/// lines after it where the date is looked for): the line's words before the
/// comma, all of them the place's, where what follows it begins as `ngày` does and holds
/// `tháng`; and that date: its month and year where they can be read, and its span.
fn place_of_garbled_date(text: &str, zone_end: usize) -> Option<((String, Span), Garbled)> {
    let lines: Vec<(usize, &str)> = lines_with_offsets(&text[..zone_end]).collect();
    lines.iter().enumerate().find_map(|(k, &(off, line))| {
        let comma = line.find(',')?;
        let mut date = line[comma + 1..].trim();
        let date_at = off + (date.as_ptr() as usize - line.as_ptr() as usize);
        let mut after = fold_lower(date);
        // A date the page broke after its day (`Hà Nội, ngày I§` / `tháng I1 năm 2025`): the
        // next line is the rest of it.
        if after.starts_with("nga") && !after.contains("thang") {
            if let Some(&(next_off, next)) = lines.get(k + 1) {
                if fold_lower(next.trim_start()).starts_with("thang") {
                    date = text[date_at..next_off + next.trim_end().len()].trim_end();
                    after = fold_lower(date);
                }
            }
        }
        // (Or `ngày` garbled too, where a month and a year follow: `n80y 34 tháng 12 nám 2024`.)
        let month_at = after.find("thang")?;
        let read = month_and_year(date);
        let date_like = after.starts_with("nga") || month_at <= 12 && read.is_some();
        if !date_like {
            return None;
        }
        let before = line[..comma].trim_end();
        let start = place_start(before);
        let words = before[start..].split_whitespace().count();
        if !before[..start].trim().is_empty() || !(1..=5).contains(&words) {
            return None;
        }
        // (A place of one word may have its first words on the line before, capitalised, as
        // with a date read: `Hà` / `Nội, ngày 2Ï`.)
        let from = match k.checked_sub(1).map(|j| lines[j]) {
            Some((prev_off, prev))
                if words == 1
                    && begins_place(prev.trim())
                    && prev.split_whitespace().count() <= 3
                    && capitalised(prev) =>
            {
                prev_off
            }
            _ => off,
        };
        let before = text[from..off + before.len()].trim_end();
        let start = place_start(before);
        let place = &before[start..];
        Some((
            (
                collapse_ws(place),
                [from + start, from + start + place.len()],
            ),
            (read, [date_at, date_at + date.len()]),
        ))
    })
}

/// Words that open a line of an issuing body's name (folded): a header line that starts
/// with none of them is the rest of the line above, broken by the page's wrapping.
const BODY_STARTS: &[&str] = &[
    "uy ban",
    "ubnd",
    "hdnd",
    "hoi dong",
    "hoi",
    "tinh",
    "thanh pho",
    "tp",
    "bo",
    "so",
    "cuc",
    "tong cuc",
    "chi cuc",
    "van phong",
    "ban",
    "chinh phu",
    "thu tuong",
    "dang uy",
    "dang bo",
    "quoc hoi",
    "huyen",
    "xa",
    "phuong",
    "thi xa",
    "quan",
    "trung tam",
    "cong an",
    "kho bac",
    "bao hiem",
    "hoc vien",
    "truong",
    "vien",
    "ngan hang",
    "toa an",
    "thanh tra",
    "doan",
    "mat tran",
    "lien doan",
    "dai hoc",
    "benh vien",
    "chi bo",
    "quan khu",
    "thue",
    "phong",
    "dai",
    "bao",
    "tong cong ty",
    "cong ty",
    "chi nhanh",
    "lien minh",
    "ubmttq",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "dang",
    "bch",
    "btv",
    "kiem toan",
    "to",
];

pub(super) fn starts_a_body(line: &str) -> bool {
    let f = fold_lower(line);
    BODY_STARTS
        .iter()
        .any(|w| f == *w || f.strip_prefix(w).is_some_and(|r| r.starts_with([' ', '.'])))
}

/// Whether a header's line is in capitals, as OCR reads them: every letter a capital, or a
/// body's name whose first word OCR read in small letters after its first (`Úy BAN NHÂN DÂN`,
/// the Ỷ's hook lost to a small y) and whose other words, two or more, are in capitals.
fn upper_as_ocr_reads(line: &str) -> bool {
    if is_upper_line(line) {
        return true;
    }
    let mut words = line.split_whitespace();
    let first = words.next().unwrap_or("");
    let rest: Vec<&str> = words.collect();
    first.starts_with(char::is_uppercase)
        && rest.len() >= 2
        && rest.iter().all(|w| is_upper_line(w))
        && starts_a_body(line)
}

/// A motto's first line (`CỘNG HÒA XÃ HỘI…`, `ĐẢNG CỘNG SẢN VIỆT NAM`, however wrapped).
fn starts_a_motto(line: &str) -> bool {
    let f = fold_lower(line);
    f.starts_with("cong hoa")
        || f == "cong"
        || f.starts_with("dang cong san")
        || f.starts_with("doc lap")
}

/// Issuer lines: upper-case lines of the zone before the number and date, outside the
/// mottos' block; a piece the page's wrapping broke off is joined to its line. Also the
/// locality they name.
fn read_issuer(zone_lines: &[(usize, &str)], zone_end: usize, h: &mut Header) {
    let issuer_end = [h.number.as_ref().map(|n| n.span[0]), h.date.map(|d| d.1[0])]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(zone_end);
    let (mut in_motto, mut joinable) = (false, false);
    for (off, line) in zone_lines {
        if *off >= issuer_end {
            break;
        }
        let cut = issuer_end - off < line.len();
        let mut line = &line[..line.len().min(issuer_end - off)];
        // The number's label, in capitals as OCR may read it (`SỐ:`, `SO:`), before the
        // number or its colon ending the line: no body's name (*Sở*), however it folds.
        if cut || line.trim_end().ends_with(':') {
            line = without_number_label(line);
        }
        let t = line.trim();
        if in_motto {
            // The block ends with its rule, a blank line or the motto's second line.
            in_motto = !(t.is_empty() || is_rule(t) || fold_lower(t).starts_with("doc lap"));
            joinable = false;
            continue;
        }
        if starts_a_motto(t) {
            in_motto = true;
            joinable = false;
            continue;
        }
        let cleaned = without_mottos(line);
        // A number whose label OCR merged into it (`S1/2025/QĐ-UBND` for *Số: 51/…*) names
        // no body: no body's name has a figure beside a slash.
        let numbered = cleaned.as_bytes().windows(2).any(|w| {
            (w[0].is_ascii_digit() && w[1] == b'/') || (w[0] == b'/' && w[1].is_ascii_digit())
        });
        if cleaned.is_empty() || is_rule(cleaned) || numbered || !upper_as_ocr_reads(cleaned) {
            joinable = false;
            continue;
        }
        let s = off + (cleaned.as_ptr() as usize - line.as_ptr() as usize);
        match h.issuer_lines.last_mut() {
            // A piece that starts no body's name, or follows one word alone (`CỤC` / `THUẾ`)
            // or a head that names no body alone (`VĂN PHÒNG` / `CHÍNH PHỦ`).
            Some((prev, span))
                if joinable
                    && (!starts_a_body(cleaned)
                        || !prev.contains(' ')
                        || NAMELESS_HEADS.contains(&fold_lower(prev).as_str())) =>
            {
                prev.push(' ');
                prev.push_str(&collapse_ws(cleaned));
                span[1] = s + cleaned.len();
            }
            _ => h
                .issuer_lines
                .push((collapse_ws(cleaned), [s, s + cleaned.len()])),
        }
        // A line cut short by a motto beside it is whole.
        joinable = cleaned.len() == line.trim_end().len() - (line.len() - line.trim_start().len());
    }
    h.locality = h
        .issuer_lines
        .iter()
        .rev()
        .find_map(|(l, _)| locality_of_issuer(l));
}

/// The number's label, *Số*, folded, as OCR reads it.
const NUMBER_LABELS: [&str; 4] = ["so", "s6", "s0", "se"];

/// `line` (which ends where the number starts) without the label that ends it: `Số:`,
/// `SỐ:`, `SO`, `S6:` as OCR reads it.
fn without_number_label(line: &str) -> &str {
    let before = line.trim_end_matches([':', '.', ' ', '\t']);
    // (A space of more than a byte, a no-break or an ideographic one, may stand before it.)
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    if NUMBER_LABELS.contains(&fold_lower(&before[start..]).as_str()) {
        &line[..start]
    } else {
        line
    }
}

/// Heads of a body's name that name no body alone (folded): a header line of one of them
/// alone was broken from the rest of its name (`VĂN PHÒNG` / `CHÍNH PHỦ`). Unlike `ỦY BAN NHÂN
/// DÂN` / `TỈNH …`, whose two lines are kept as the header sets them.
const NAMELESS_HEADS: &[&str] = &[
    "van phong",
    "tong cuc",
    "chi cuc",
    "trung tam",
    "hoc vien",
    "ngan hang",
    "kho bac",
    "bao hiem",
    "thanh tra",
    "kiem toan",
];

/// The line that names who decides, after a title in capitals and its subject (`CHỦ TỊCH ỦY
/// BAN NHÂN DÂN TỈNH`, `BỘ TRƯỞNG BỘ Y TẾ`, `HỘI ĐỒNG NHÂN DÂN TỈNH …`), folded.
const AUTHORITY_STARTS: &[&str] = &[
    "chu tich",
    "bo truong",
    "thu tuong",
    "chinh phu",
    "hoi dong nhan dan",
    "uy ban nhan dan",
    "ubnd",
    "giam doc",
    "cuc truong",
    "tong cuc truong",
    "truong ban",
    "ban thuong vu",
    "ban chap hanh",
    "ban chi dao",
    "thong doc",
    "tong kiem toan",
    "chanh an",
    "vien truong",
    "quoc hoi",
    "uy ban thuong vu",
    "bo chinh tri",
    "ban bi thu",
    "tong giam doc",
    "chanh thanh tra",
    "tong thanh tra",
    "chanh van phong",
    "khoa ",
];

/// Words after which a line of a title in capitals must go on (`… CỦA` / `CHỦ TỊCH UBND
/// THÀNH PHỐ VỀ VIỆC …`), in lower case ([`goes_on`]).
const GOES_ON: &[&str] = &[
    "của", "và", "về", "cho", "tại", "thuộc", "trên", "theo", "với", "các", "những", "trong", "từ",
    "đến", "việc", "đối", "là", "giữa", "nhằm",
];

/// Whether a line whose last word is `word` must go on ([`GOES_ON`]): a word written with
/// its marks as one of them (`TỪ`, not `TỬ` in `ĐIỆN TỬ`), or one without any marks (text
/// stripped of them, or OCR's) as one of them stripped.
fn goes_on(word: &str) -> bool {
    let lower = word.to_lowercase();
    let bare = fold_lower(&lower);
    GOES_ON
        .iter()
        .any(|g| *g == lower || (bare == lower && fold_lower(g) == bare))
}

/// A line that opens with the day something happened (`Ngày 03/01/2025, Phó Chủ tịch … chủ
/// trì họp`, `Sáng ngày 5/3`, `Hôm nay`, `Vào hồi 14 giờ`): a notice's or minutes' first
/// paragraph, not a line of the subject (which goes on in lower case: `… của Bộ Chính trị`
/// / `ngày 22/12/2024`).
fn opens_with_a_day(t: &str) -> bool {
    if !t.starts_with(char::is_uppercase) {
        return false;
    }
    let f = fold_lower(&crate::text::head_spaced(t, 24));
    if f.starts_with("hom nay") {
        return true;
    }
    [
        "ngay ",
        "sang ngay ",
        "chieu ngay ",
        "toi ngay ",
        "vao ngay ",
        "vao hoi ",
        "vao luc ",
    ]
    .iter()
    .any(|p| {
        f.strip_prefix(p)
            .is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// The place-and-date line (`Hà Nội, ngày …`, `ngày … tháng …`): not a line of the subject.
/// Also when the page's wrapping broke it (`Hà Nội, ngày 18` / `tháng 11 năm 2025`).
fn is_date_line(t: &str) -> bool {
    let f = fold_lower(t);
    let Some(at) = f.find("ngay") else {
        return false;
    };
    let (before, after) = (f[..at].trim_end(), f[at + 4..].trim_start());
    let place = before.is_empty()
        || (before.chars().count() <= 40
            && !before.contains(|c: char| c.is_ascii_digit())
            && t.starts_with(char::is_uppercase));
    // The day in words' order (`ngày 18 tháng …`), not a date in figures (`ngày 12/3/2024`).
    let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let day = digits > 0
        && (after.len() == digits
            || after[digits..].starts_with(|c: char| c.is_whitespace() || c == 't'));
    place && (after.is_empty() || day || after.starts_with(|c: char| ".…_".contains(c)))
}

/// A line of a year or a span of years alone (`2025-2026`, `2021 – 2030`): a subject's
/// last words that the page's wrapping set apart (`… NĂM HỌC` / `2025-2026`), in neither
/// case.
fn is_years(t: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?$").expect("years regex")
    })
    .is_match(t)
}

/// A line of a document's number alone (`136/2025/NĐ-CP`, `57-NQ/TW.`): the end of a
/// subject in sentence case that the page's wrapping set apart (`… triển khai Nghị định` /
/// `136/2025/NĐ-CP`), in neither case.
fn is_number_alone(t: &str) -> bool {
    let t = t.trim_end_matches(['.', ',', ';']);
    crate::number::find_numbers(t)
        .first()
        .is_some_and(|f| f.span == [0, t.len()])
}

/// Subject: the lines after the title (or the V/v line) up to the body. A subject in
/// capitals runs on through lines in capitals, less the line naming who decides (`CHỦ TỊCH
/// ỦY BAN NHÂN DÂN TỈNH`) at its end; one in sentence case ends at a line in capitals. The
/// place-and-date line, a body's opener or a list marker ends either.
fn read_subject(lines: &[(usize, &str)], subject_from: usize, h: &mut Header) {
    let mut parts: Vec<(usize, &str)> = Vec::new();
    let mut upper: Option<bool> = None;
    let mut after_blank = false;
    // Blank lines between every line (a double-spaced copy) say nothing of where it ends.
    let head = &lines[..lines.len().min(40)];
    let blanks = head.iter().filter(|(_, l)| l.trim().is_empty()).count();
    let double_spaced = 2 * blanks >= head.len();
    for (off, line) in lines.iter().skip(subject_from).take(24) {
        let t = line.trim();
        let f = fold_lower(t);
        let has_content = upper.is_some();
        // After a blank line the subject goes on only where the words say so: the line
        // before ends mid-phrase (`… chỉ đạo của`, `…,`) or this one starts in lower case
        // or with a figure (a double-spaced copy, an OCR'd page).
        if t.is_empty() {
            after_blank = true;
            continue;
        }
        if after_blank && has_content {
            let prev = parts.last().map_or("", |p| p.1);
            let last = prev.rsplit(' ').next().unwrap_or("");
            let more = double_spaced
                || goes_on(last)
                || ["ngay", "so", "nam", "thang"].contains(&fold_lower(last).as_str())
                || prev.ends_with([',', '-'])
                || t.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit())
                // A subject in capitals goes on in capitals (an OCR'd page sets its lines
                // apart: `VỀ VIỆC CÔNG BỐ DANH` / / `MỤC THỦ TỤC …`), up to a list's first
                // item or a line that announces (`QUYẾT ĐỊNH:`); who decides is cut below.
                || (upper == Some(true)
                    && is_upper_line(t)
                    && !starts_with_marker(t)
                    && !t.ends_with(':'));
            if !more {
                break;
            }
        }
        after_blank = false;
        // The line the place of the place-and-date line starts on, where the page broke it
        // after the place (`Hà Nội,` / `ngày 25 tháng 11 năm 2025`).
        let lead = line.len() - line.trim_start().len();
        let place_at = h.place.as_ref().is_some_and(|p| p.1[0] == off + lead);
        // The title of what a consolidated text consolidates (`NGHỊ ĐỊNH`) is no subject.
        if parts.is_empty()
            && is_upper_line(t)
            && dict::get().type_of_title(t.trim_end_matches(':')).is_some()
        {
            continue;
        }
        if parts.is_empty() && h.title_type.is_none() {
            if !opens_with_vv(&f) {
                break;
            }
            h.vv = true;
        } else if has_content
            // A line in capitals within a subject in capitals opens no paragraph.
            && (((starts_with_opener(t) || starts_with_marker(t))
                && !(upper == Some(true) && is_upper_line(t)))
                || is_rule(t)
                || is_date_line(t)
                || place_at
                || opens_with_a_day(t)
                || parts.len() >= if upper == Some(true) { 20 } else { 12 }
                || (is_upper_line(t) != (upper == Some(true))
                    && !is_years(t)
                    && !is_number_alone(t)))
        {
            break;
        }
        if upper.is_none() {
            let body = if opens_with_vv(&f) {
                t[3..].trim_start_matches([' ', ':'])
            } else {
                t
            };
            if !body.is_empty() {
                upper = Some(is_upper_line(body));
            }
        }
        parts.push((off + lead, t));
    }
    if upper == Some(true) {
        // The last line naming who decides, where the line before it is whole.
        let cut = (1..parts.len()).rev().find(|&k| {
            let f = fold_lower(parts[k].1);
            let prev = parts[k - 1].1;
            let last = prev.rsplit(' ').next().unwrap_or("");
            AUTHORITY_STARTS.iter().any(|a| f.starts_with(a))
                && !goes_on(last)
                && !prev.ends_with([',', '-'])
        });
        if let Some(k) = cut {
            parts.truncate(k);
        }
    }
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return;
    };
    let span = [first.0, last.0 + last.1.len()];
    let mut subject = collapse_ws(&parts.iter().map(|p| p.1).collect::<Vec<_>>().join(" "));
    // A letter's `V/v`, and one a titled text puts before its subject (`CÔNG ĐIỆN` / `V/V
    // PHÁT ĐỘNG …`): no part of the subject.
    if h.vv || opens_with_vv(&fold_lower(subject.get(..3).unwrap_or(""))) {
        subject = subject[3..].trim_start_matches([' ', ':']).to_string();
    }
    subject = without_footnote_mark(&subject).to_string();
    subject = without_leading_noise(&subject).to_string();
    // A bar is what OCR made of a rule or a stroke of the seal, never a subject's
    // (`biện pháp | bảo đảm`).
    if subject.contains('|') {
        subject = collapse_ws(&subject.replace('|', " "));
    }
    subject = ve_viec_mended(&subject);
    // A titled text's subject starts with a capital (`Về việc`), which OCR may have lost
    // (`ve viec` restored as *về việc*); a letter's, after its `V/v`, need not.
    if !h.vv {
        if let Some(rest) = subject.strip_prefix("về việc") {
            subject = format!("Về việc{rest}");
        }
    }
    // A trích yếu ends without a stop (Decree 30); one a letter puts after it is no part of it.
    if (subject.ends_with('.') && !subject.ends_with("..")) || subject.ends_with([';', ',']) {
        subject.pop();
    }
    if !subject.is_empty() {
        h.subject = Some((subject, span));
    }
}

/// A subject less what a scan's stamp or signature left before it: marks of punctuation
/// (`,Về việc`), and a run of symbols before its `Về việc` (`^ .^A ,À k4 £ ˆ Lá Â° Về việc …`).
fn without_leading_noise(subject: &str) -> &str {
    let s =
        subject.trim_start_matches(|c: char| c.is_whitespace() || ",.;:-_–—·•*`~^'".contains(c));
    let f = fold_lower(s);
    // Folding keeps the length in chars, not in bytes: find the char index, then the byte.
    let Some(at_char) = f.find("ve viec").map(|b| f[..b].chars().count()) else {
        return s;
    };
    let at = s.char_indices().nth(at_char).map_or(s.len(), |(i, _)| i);
    let before = &s[..at];
    let noise = before
        .chars()
        .filter(|c| {
            !(c.is_alphanumeric() || c.is_whitespace() || ",.;:-–—()/\"“”'%&+".contains(*c))
        })
        .count();
    if at > 0 && at_char <= 80 && noise >= 2 {
        &s[at..]
    } else {
        s
    }
}

/// A subject that opens with OCR's reading of *Về việc*, the formula's first word garbled or
/// glued to the second (`Và việc`, `Vềviệc`, `Vêviệc`, `\\@ việc`), opens with *Về việc*:
/// no trích yếu starts with another word before *việc*.
fn ve_viec_mended(subject: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?:v[aeo]?|[^\p{L}\p{N}\s]{1,3})\s*viec\b").expect("ve viec regex")
    });
    let f = fold_lower(&crate::text::head_spaced(subject, 16));
    let Some(m) = re.find(&f) else {
        return subject.to_string();
    };
    let chars = f[..m.end()].chars().count();
    let at = subject
        .char_indices()
        .nth(chars)
        .map_or(subject.len(), |(i, _)| i);
    let written = &subject[..at];
    if written.to_lowercase() == "về việc" {
        return subject.to_string();
    }
    let formula = if is_upper_line(written) {
        "VỀ VIỆC"
    } else if subject.starts_with(char::is_lowercase) {
        "về việc"
    } else {
        "Về việc"
    };
    format!("{formula}{}", &subject[at..])
}

/// The offices a signature block names (Decree 30's forms), for [`mend_title_line`].
const TITLES: &[&str] = &[
    "CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
    "TỔNG GIÁM ĐỐC",
    "CHÁNH VĂN PHÒNG",
    "PHÓ CHÁNH VĂN PHÒNG",
    "CHÁNH THANH TRA",
    "PHÓ CHÁNH THANH TRA",
    "TRƯỞNG BAN",
    "PHÓ TRƯỞNG BAN",
    "TRƯỞNG PHÒNG",
    "PHÓ TRƯỞNG PHÒNG",
    "BÍ THƯ",
    "PHÓ BÍ THƯ",
    "BỘ TRƯỞNG",
    "THỨ TRƯỞNG",
    "THỦ TƯỚNG",
    "PHÓ THỦ TƯỚNG",
    "CỤC TRƯỞNG",
    "PHÓ CỤC TRƯỞNG",
    "VỤ TRƯỞNG",
    "HIỆU TRƯỞNG",
    "ỦY BAN NHÂN DÂN",
    "HỘI ĐỒNG NHÂN DÂN",
    "BAN THƯỜNG VỤ",
    "THƯỜNG TRỰC",
];

/// A line of a title split from its prefix (`KT.`, `TM.`, `TL.`, `Q.`).
fn title_prefix(line: &str) -> (&str, &str) {
    match line.split_once(". ") {
        Some((p, r)) if p.chars().count() <= 2 && p.chars().all(char::is_alphabetic) => {
            (&line[..p.len() + 2], r)
        }
        _ => ("", line),
    }
}

/// Whether each line of a signer's title (joined with ` / `) is an office of [`TITLES`], in
/// either placement of its tones (`UỶ BAN`): a title read so is right whatever restoration
/// doubted in its letters.
pub fn title_is_known(title: &str) -> bool {
    title.split(" / ").all(|line| {
        let rest = office_words(title_prefix(line).1);
        TITLES.iter().any(|t| office_words(t) == rest)
    })
}

/// An office's words, in one placement of their tones and lower case (`UỶ BAN`, `ỦY BAN`
/// alike).
fn office_words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| canonical(w).unwrap_or_else(|| w.to_lowercase()))
        .collect()
}

/// A line of a signer's title as OCR gave it, mended where it is one of [`TITLES`] (after
/// `KT.`, `TM.`, `TL.`, `Q.`) with marks lost or its last letter cut (`PHO CHU TỊCH`, `PHÓ
/// CHỦ TỊC`): every mark it has is the title's (`THỦ TRƯỞNG` is no `THỨ TRƯỞNG`). What a seal
/// left before it (`__ PHÓ TRƯỞNG PHÒNG`) goes.
fn mend_title_line(line: &str) -> String {
    let line = line.trim_start_matches(|c: char| !c.is_alphanumeric());
    let (prefix, rest) = title_prefix(line);
    match TITLES.iter().find(|t| title_lost_marks(rest, t)) {
        Some(t) => format!("{prefix}{t}"),
        None => line.to_string(),
    }
}

/// Whether `written` is `title` with marks lost, and perhaps its last letter: letter by
/// letter the same bare letter, each either the title's or without its marks.
fn title_lost_marks(written: &str, title: &str) -> bool {
    let (w, t): (Vec<char>, Vec<char>) = (written.chars().collect(), title.chars().collect());
    let cut = w.len() + 1 == t.len() && t.len() >= 7;
    (w.len() == t.len() || cut)
        && w.iter().zip(&t).all(|(a, b)| {
            let bare = |c: &char| fold_lower(&c.to_string());
            a == b || (bare(a) == bare(b) && bare(a) == a.to_lowercase().to_string())
        })
}

/// What the closing block says.
#[derive(Debug, Default)]
pub struct Closing {
    pub recipients: Vec<String>,
    /// Where each list of recipients stands (`Kính gửi`, `Nơi nhận`), its heading to its
    /// last item.
    pub recipient_blocks: Vec<Span>,
    pub signer: Option<(String, Span)>,
    /// The title's lines, joined with ` / `, and where they stand.
    pub signer_title: Option<(String, Span)>,
}

/// Military ranks written before a signer's name, lower case.
const RANKS: &[&str] = &[
    "đại tướng",
    "thượng tướng",
    "trung tướng",
    "thiếu tướng",
    "đại tá",
    "thượng tá",
    "trung tá",
    "thiếu tá",
    "đô đốc",
    "phó đô đốc",
    "chuẩn đô đốc",
];

/// A personal name: two to six words, each capitalised, not all capitals, no digits.
fn looks_like_name(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && !is_upper_line(t)
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '.')
        })
}

/// Where the main text ends: before the first appendix after `Nơi nhận` (`PHỤ LỤC`, a list's
/// title above `(Kèm theo Quyết định …)`), whose tables' headings are no signature.
fn main_text_end(lines: &[(usize, &str)]) -> usize {
    let Some(noi) = lines
        .iter()
        .position(|(_, l)| starts_with_folded(l.trim_start(), "noi nhan"))
    else {
        return lines.len();
    };
    let opens_appendix = |k: usize| {
        if !lines[k]
            .1
            .trim_start()
            .starts_with(['P', 'p', 'K', 'k', '('])
        {
            return false;
        }
        let next = lines.get(k + 1).map_or("", |(_, l)| l.trim());
        let f = fold_lower(&format!("{} {next}", lines[k].1.trim()));
        [
            "phu luc",
            "(kem theo",
            "(ban hanh kem theo",
            "kem theo quyet dinh",
        ]
        .iter()
        .any(|a| f.starts_with(a))
    };
    let Some(mut k) = (noi + 1..lines.len()).find(|&k| opens_appendix(k)) else {
        return lines.len();
    };
    // The appendix's title in capitals above it.
    while k > noi + 1 {
        let t = lines[k - 1].1.trim();
        if !t.is_empty() && !is_upper_line(t) {
            break;
        }
        k -= 1;
    }
    k
}

/// Reads recipients (`Kính gửi:`, `Nơi nhận:`) and the signature (authority lines, name).
pub fn read_closing(text: &str) -> Closing {
    let lines: Vec<(usize, &str)> = lines_with_offsets(text).collect();
    let mut c = Closing::default();

    // Recipients.
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].1.trim();
        let head = ["kinh gui", "noi nhan"]
            .iter()
            .find(|h| starts_with_folded(t, h))
            .copied();
        i += 1;
        let Some(head) = head else { continue };
        let start = lines[i - 1].0;
        let mut end = start + lines[i - 1].1.trim_end().len();
        let mut items: Vec<String> = Vec::new();
        // "Kính gửi: Sở Nội vụ." on one line. Beside `Nơi nhận:`, a line in capitals is the
        // signer's block's first (`Nơi nhận: TL. CHỦ TỊCH`, two columns run together).
        let rest = t[t.find(':').map_or(t.len(), |p| p + 1)..].trim();
        let block = head == "noi nhan" && is_upper_line(rest);
        if !rest.is_empty() && !rest.starts_with('-') && !block {
            items.push(rest.to_string());
        } else if rest.starts_with('-') {
            items.push(rest.trim_start_matches('-').trim().to_string());
        }
        while i < lines.len() {
            let raw = lines[i].1;
            let t = raw.trim();
            if t.is_empty() {
                i += 1;
                continue;
            }
            // A line between two items that opens with no dash: the last one's, wrapped, where
            // that has not ended (`- Văn phòng Trung ương và các` / `Ban của Đảng;`), else an
            // item whose dash OCR read as another mark (`= VP UBND tỉnh`, `> Các Cục:`) or
            // lost; after a dash alone, the dash's item.
            let last_open = items.last().map(|l| !item_ended(l));
            // (A line in capitals there may be the signer's title, but not after a mark.)
            let between = head == "noi nhan"
                && (misread_dash(t) || (!is_upper_line(t) && next_item_is_dashed(&lines[i + 1..])));
            if let Some(item) = t.strip_prefix(['-', '+', '•']) {
                items.push(item.trim().to_string());
            } else if head == "noi nhan"
                && items.last().is_some_and(String::is_empty)
                && !is_upper_line(t)
            {
                *items.last_mut().expect("non-empty") = t.to_string();
            } else if last_open == Some(true)
                && head == "noi nhan"
                && (between
                    || raw.starts_with([' ', '\t'])
                    || t.chars().next().is_some_and(char::is_lowercase))
            {
                let last = items.last_mut().expect("non-empty");
                last.push(' ');
                last.push_str(t);
            } else if last_open != Some(true) && between {
                let item = t.trim_start_matches(|c: char| !c.is_alphanumeric());
                items.push(item.trim().to_string());
            } else {
                break;
            }
            end = lines[i].0 + raw.trim_end().len();
            i += 1;
        }
        c.recipient_blocks.push([start, end]);
        for item in items {
            // (A colon too: OCR reads the semicolon that ends an item as one, `- CT, PCT
            // UBND tỉnh:`; an item that heads a list of its own, `- Các Sở:`, names them
            // as well without it.)
            let item = collapse_ws(item.trim_end_matches([';', '.', ',', ':', ' ']));
            let f = fold_lower(&item);
            if item.is_empty()
                || f.starts_with("luu")
                || f.starts_with("nhu tren")
                || archive_copy_as_ocr_reads(&f)
            {
                continue;
            }
            if !c.recipients.contains(&item) {
                c.recipients.push(item);
            }
        }
    }

    // Signature: a name-like line whose nearest line above (a "(Đã ký)" aside) is an
    // upper-case title; the title is the run of upper-case lines above it. Looked for after
    // the end of the articles (`…/.`) or `Nơi nhận`, then just above them, then at the end of
    // the main text.
    let end = main_text_end(&lines);
    let is_aside = |t: &str| t.starts_with('(') && t.ends_with(')');
    // What OCR makes of a handwritten signature or a seal between the title and the name
    // (`‹ : vš`, `TH nà`): no word of three letters, and not a name's part (`Vũ` / `Chiến
    // Thắng`, a name the page's wrapping broke).
    let is_scribble = |t: &str| {
        let mut words = t.split_whitespace();
        let capital = |w: &str| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(char::is_alphabetic)
                && w.chars().count() >= 2
        };
        !words
            .clone()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
            && !words.all(capital)
    };
    let non_blank: Vec<(usize, usize, &str)> = lines[..end]
        .iter()
        .enumerate()
        .map(|(i, (off, l))| (i, *off, *l))
        .filter(|(_, _, l)| {
            let t = l.trim();
            !t.is_empty() && !is_aside(t) && !is_scribble(t)
        })
        .collect();
    let anchor = non_blank.iter().position(|(_, _, l)| {
        let t = l.trim();
        t.ends_with("/.") || starts_with_folded(t, "noi nhan")
    });
    let n = non_blank.len();
    let order: Vec<usize> = match anchor {
        Some(a) => (a + 1..n.min(a + 40))
            .chain((a.saturating_sub(20).max(1)..=a).rev())
            .chain((n.saturating_sub(60).max(1)..n).rev())
            .collect(),
        None => (n.saturating_sub(60).max(1)..n).rev().collect(),
    };
    // What OCR made of a signature or a seal, one or two short lines, may stand between the
    // title and the name (`x~ qrauL————`): never an item of a list, nor a name.
    let is_stroke =
        |t: &str| t.split_whitespace().count() <= 3 && !opens_item(t) && !looks_like_name(t);
    for j in order {
        let (_, off, line) = non_blank[j];
        let Some(above) = (j.saturating_sub(3)..j)
            .rev()
            .take_while(|&k| k + 1 == j || is_stroke(non_blank[k + 1].2.trim()))
            .find(|&k| is_upper_line(non_blank[k].2.trim()))
        else {
            continue;
        };
        // A rank before the name (`Thượng tướng Vũ Hải Sản`) is not part of it.
        let ranked = line.trim();
        let t = RANKS
            .iter()
            .find_map(|r| {
                let head = ranked.get(..r.len())?;
                (head.to_lowercase() == *r).then(|| ranked[r.len()..].trim_start())
            })
            .unwrap_or(ranked);
        if is_upper_line(t) {
            continue;
        }
        // A name the page's wrapping broke (`Trần` / `Chí Hùng`).
        let mut end_line = line;
        let mut name = t.to_string();
        if let Some((_, _, next)) = non_blank.get(j + 1) {
            let n = next.trim();
            let joined = format!("{name} {n}");
            if n.split_whitespace().count() <= 2
                && !is_upper_line(n)
                && joined.split_whitespace().count() <= 4
                && looks_like_name(&joined)
            {
                name = joined;
                end_line = next;
            }
        }
        if !looks_like_name(&name) {
            continue;
        }
        let mut title: Vec<String> = Vec::new();
        let mut first = above;
        for k in (0..=above).rev() {
            let u = non_blank[k].2.trim();
            if !is_upper_line(u) || title.len() == 4 || ends_a_list_of_recipients(u) {
                break;
            }
            title.insert(0, mend_title_line(&collapse_ws(u)));
            first = k;
        }
        let title_span = run_span(&non_blank[first..=above]);
        let s = off + (t.as_ptr() as usize - line.as_ptr() as usize);
        let e = end_line.trim_end().as_ptr() as usize + end_line.trim_end().len();
        let e = s + (e - t.as_ptr() as usize);
        c.signer = Some((collapse_ws(&name), [s, e]));
        c.signer_title = Some((title.join(" / "), title_span));
        break;
    }
    // A name with no title above it, where OCR lost the title (a seal over it, a faint
    // scan): the main text's last line, right after the last item of the list of recipients
    // (`- Lưu: VT, NC.` / `Nguyễn Hoàng Giang`). Its title stays unknown, which the record
    // says in review.
    if c.signer.is_none() && anchor.is_some() && n >= 2 {
        let (_, off, line) = non_blank[n - 1];
        let t = line.trim();
        let after_list = opens_item(non_blank[n - 2].2.trim_start());
        if after_list && t.split_whitespace().count() <= 4 && looks_like_name(t) {
            let s = off + (t.as_ptr() as usize - line.as_ptr() as usize);
            c.signer = Some((collapse_ws(t), [s, s + t.len()]));
        }
    }
    // A title with no name under it to read (OCR lost the name, or the page it was on; a
    // signature alone): the title is kept, and the record says in review that the name is
    // missing.
    if c.signer.is_none() {
        if let Some(a) = anchor {
            c.signer_title = title_alone(&non_blank[a + 1..n.min(a + 40)]);
        }
    }
    c
}

/// Whether an item of a list of recipients has ended: at its semicolon or full stop, not at
/// an abbreviation's (`… phường Xuân Hòa, TP.` / `Hồ Chí Minh);`).
fn item_ended(item: &str) -> bool {
    let Some(head) = item.strip_suffix('.') else {
        return item.ends_with(';');
    };
    let last = head
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let abbreviation = (1..=3).contains(&last.chars().count())
        && last.chars().next().is_some_and(char::is_uppercase)
        && last.chars().all(char::is_alphabetic);
    !abbreviation
}

/// Whether a line (trimmed) opens an item of a list with its mark: a dash, a plus, a bullet.
fn opens_item(t: &str) -> bool {
    t.starts_with(['-', '+', '•'])
}

/// Whether the next line with words of `lines` is an item of a list, opening with its mark
/// ([`opens_item`]) or one OCR read for a dash ([`misread_dash`]).
fn next_item_is_dashed(lines: &[(usize, &str)]) -> bool {
    lines
        .iter()
        .map(|(_, l)| l.trim())
        .find(|l| !l.is_empty())
        .is_some_and(|l| opens_item(l) || misread_dash(l))
}

/// Whether a line opens with a mark OCR reads for an item's dash, and a space.
fn misread_dash(t: &str) -> bool {
    t.strip_prefix(['=', '>', '»', '~', '*', '·', '–', '—', '_', '¬'])
        .is_some_and(|r| r.starts_with(' '))
}

/// Whether an item of the recipients (folded) is the archive's copy, `Lưu: VT, …`, as OCR
/// garbled its `Lưu` (`lju: VỊ, …`, `Liu: VỀ …`, `1ưu: VI, …`, `Lu: VT, …`, its ư read as two
/// letters in `LIuU: VIC5`, `11uU: VÌ`): a word one letter off *lưu* (its L read as a one or
/// an I), a colon, then the *Văn thư*'s V.
fn archive_copy_as_ocr_reads(f: &str) -> bool {
    let Some((head, rest)) = f.split_once(':') else {
        return false;
    };
    let head: String = head
        .trim()
        .chars()
        .enumerate()
        .map(|(i, c)| if i == 0 && "1i|".contains(c) { 'l' } else { c })
        .collect();
    strsim::levenshtein(&head, "luu") <= 1 && rest.trim_start().starts_with('v')
}

/// A line in capitals that is OCR's of the last item of the recipients beside the title
/// (`- Lưu: VT, HCC.` read `LANH VÌ, IIPEVHCC.`, `LAU; VÌ, 1CCP.`): a colon or a semicolon in
/// it, or a full stop at its end after two words or more. A title has none of them (`KT.
/// CHỦ TỊCH`).
fn ends_a_list_of_recipients(t: &str) -> bool {
    t.contains([':', ';']) || (t.ends_with('.') && t.split_whitespace().count() >= 2)
}

/// The offices of [`TITLES`] that are bodies: a line of a title only after `TM.`.
const BODIES: &[&str] = &[
    "ỦY BAN NHÂN DÂN",
    "HỘI ĐỒNG NHÂN DÂN",
    "BAN THƯỜNG VỤ",
    "THƯỜNG TRỰC",
];

/// The signer's title in `lines` (those after the end of the articles or `Nơi nhận`) where
/// no name is under it, and where it stands: the first run of lines in capitals that is no
/// item of the list, as far as each line is an office of [`TITLES`] once mended
/// ([`mend_title_line`]), a body only after `TM.` (a header in capitals comes next where OCR
/// lost the rest of the page). None where that run starts with no office.
fn title_alone(lines: &[(usize, usize, &str)]) -> Option<(String, Span)> {
    let first = lines.iter().position(|(_, _, l)| {
        let t = l.trim();
        is_upper_line(t) && !opens_item(t)
    })?;
    let mut title: Vec<String> = Vec::new();
    for (_, _, l) in &lines[first..] {
        let t = l.trim();
        if !is_upper_line(t) || opens_item(t) || title.len() == 4 {
            break;
        }
        let line = mend_title_line(&collapse_ws(t));
        let (prefix, office) = title_prefix(&line);
        let office = office_words(office);
        let body = BODIES.iter().any(|b| office_words(b) == office);
        if !title_is_known(&line) || (body && prefix.is_empty()) {
            break;
        }
        title.push(line);
    }
    if title.is_empty() {
        return None;
    }
    let span = run_span(&lines[first..first + title.len()]);
    Some((title.join(" / "), span))
}

/// Where a run of lines (index, offset, line; not empty) stands in the text, from its first
/// line's first letter to its last line's last.
fn run_span(run: &[(usize, usize, &str)]) -> Span {
    let (_, top, top_line) = run[0];
    let (_, bottom, bottom_line) = run[run.len() - 1];
    [
        top + (top_line.len() - top_line.trim_start().len()),
        bottom + bottom_line.trim_end().len(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A header as a legal-database page hard-wraps it: the columns one after the other,
    /// every field liable to be broken over lines.
    const WRAPPED: &str = "ỦY BAN NHÂN\nDÂN\nTỈNH\nTÂY LĨNH\n-------\n\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
        Độc lập - Tự do - Hạnh phúc\n---------------\n\nSố:\n318/QĐ-UBND\n\nThành phố Tây\n\
        Lĩnh, ngày 04\ntháng12 năm 2025\n\nQUYẾT\nĐỊNH\nVỀ VIỆC SỬA ĐỔI QUYẾT ĐỊNH SỐ 12/QĐ-UBND CỦA\n\
        CHỦ TỊCH UBND TỈNH VỀ DANH MỤC THỦ TỤC\nCHỦ TỊCH ỦY BAN NHÂN\nDÂN TỈNH\n\
        Căn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\nĐiều 1. Sửa đổi.\n\n\
        Nơi nhận:\n- Như Điều 1;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nHà\nVăn Lâm\n\n\
        DANH MỤC\nTHỦ TỤC\n(Kèm theo Quyết định số 318/QĐ-UBND)\nTT\nTên TTHC\n";

    #[test]
    fn a_summary_above_the_header_names_no_document_and_a_consolidated_text_is_numbered_at_its_end()
    {
        let t = "Tóm tắt: sửa đổi Luật số 45/2019/QH14 về thi đua.\n\nBỘ NỘI VỤ\n-----\n\
            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 77/BNV-TĐKT\n\
            V/v hướng dẫn khen thưởng\n\nHà Nội, ngày 3 tháng 3 năm 2025\n\nKính gửi: Các bộ.\n";
        let h = read_header(t);
        assert_eq!(h.number.unwrap().number.written, "77/BNV-TĐKT");
        assert_eq!(h.subject.unwrap().0, "hướng dẫn khen thưởng");
        assert_eq!(h.date.unwrap().0.iso(), "2025-03-03");
        let t = "BỘ TÀI CHÍNH\n\nVĂN BẢN HỢP NHẤT\nNGHỊ ĐỊNH\nQuy định chi tiết về phí\n\n\
            Nghị định số 12/2023/NĐ-CP ngày 5 tháng 3 năm 2023 của Chính phủ.\n\nĐiều 1. Phạm vi\n\n\
            XÁC THỰC VĂN BẢN HỢP NHẤT\nSố: 05/VBHN-BTC\nHà Nội, ngày 20 tháng 6 năm 2024\n";
        let h = read_header(t);
        assert_eq!(h.number.unwrap().number.written, "05/VBHN-BTC");
        assert_eq!(h.date.unwrap().0.iso(), "2024-06-20");
        assert_eq!(h.subject.unwrap().0, "Quy định chi tiết về phí");
    }

    #[test]
    fn a_number_in_a_sentence_is_never_the_documents_own() {
        let t =
            "Kính gửi: Sở Tài chính.\nThực hiện Kế hoạch số 5/KH-UBND ngày 2/3/2025 của Ủy ban \
            nhân dân tỉnh, đề nghị báo cáo.\n";
        assert!(read_header(t).number.is_none());
        // A label however OCR read it still names it.
        assert!(read_header("UBND TỈNH TÂY LĨNH S6: 212/KH-UBND\n")
            .number
            .is_some());
    }

    #[test]
    fn after_a_blank_line_a_subject_goes_on_where_its_words_say_so() {
        let t = "UBND TỈNH TÂY LĨNH\nVĂN PHÒNG\n-----\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
            Độc lập - Tự do - Hạnh phúc\n-----\nSố: 12/VP-KT\nTây Lĩnh, ngày 2 tháng 3 năm 2025\n\
            V/v thực hiện ý kiến chỉ đạo của\n\nThường trực Tỉnh ủy tại Thông\n\nbáo số 66-TB/VPTU\n\n\
            Kính gửi: Sở Tài chính.\nNội dung.\nNội dung.\nNội dung.\n";
        assert_eq!(
            read_header(t).subject.unwrap().0,
            "thực hiện ý kiến chỉ đạo của Thường trực Tỉnh ủy tại Thông báo số 66-TB/VPTU"
        );
    }

    #[test]
    fn a_line_naming_a_government_inside_the_subject_is_no_authority() {
        let t = "BỘ CÔNG THƯƠNG\n-----\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
            Độc lập - Tự do - Hạnh phúc\n-----\nSố: 9/2025/TT-BCT\n\
            Hà Nội, ngày 2 tháng 12 năm 2025\nTHÔNG TƯ\n\
            QUY ĐỊNH VỀ HẠN NGẠCH THUẾ QUAN ĐỂ THỰC HIỆN HIỆP ĐỊNH GIỮA\n\
            CHÍNH PHỦ NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM VÀ CHÍNH PHỦ NƯỚC\n\
            TÂY LĨNH GIAI ĐOẠN 2025 - 2030\nCăn cứ Luật Quản lý ngoại thương số 05/2017/QH14;\n";
        assert!(read_header(t)
            .subject
            .unwrap()
            .0
            .ends_with("CHÍNH PHỦ NƯỚC TÂY LĨNH GIAI ĐOẠN 2025 - 2030"));
        // A titled text's `V/V` before its subject is no part of it.
        let t = "THỦ TƯỚNG CHÍNH PHỦ\n-----\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
            Độc lập - Tự do - Hạnh phúc\n-----\nSố: 9/CĐ-TTg\nHà Nội, ngày 30 tháng 11 năm 2025\n\
            CÔNG ĐIỆN\nV/V PHÁT ĐỘNG CHIẾN DỊCH SỬA CHỮA NHÀ Ở\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n";
        assert_eq!(
            read_header(t).subject.unwrap().0,
            "PHÁT ĐỘNG CHIẾN DỊCH SỬA CHỮA NHÀ Ở"
        );
    }

    #[test]
    fn a_subjects_last_word_spelled_as_one_that_goes_on_is_no_such_word() {
        // `TỬ` (electronic) is no `TỪ` (from): the authority line after it is cut.
        let t = "CHÍNH PHỦ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
            Độc lập - Tự do - Hạnh phúc\n-----\nSố: 9/NQ-CP\nHà Nội, ngày 2 tháng 12 năm 2025\n\
            NGHỊ QUYẾT\nVỀ VIỆC THÍ ĐIỂM CẤP THỊ THỰC ĐIỆN TỬ\nCHÍNH PHỦ\n\
            Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n";
        assert_eq!(
            read_header(t).subject.unwrap().0,
            "VỀ VIỆC THÍ ĐIỂM CẤP THỊ THỰC ĐIỆN TỬ"
        );
        // Stripped of its marks, `TU` may be either: the subject goes on.
        let t = t.replace("ĐIỆN TỬ\nCHÍNH PHỦ", "TU\nCHINH PHU NUOC TAY LINH");
        assert!(read_header(&t)
            .subject
            .unwrap()
            .0
            .ends_with("TU CHINH PHU NUOC TAY LINH"));
    }

    #[test]
    fn years_the_wrapping_set_apart_end_the_subject() {
        let t = "HỘI ĐỒNG NHÂN DÂN\nTỈNH TÂY LĨNH\n-----\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
            Độc lập - Tự do - Hạnh phúc\n-----\nSố: 41/2025/NQ-HĐND\n\
            Tây Lĩnh, ngày 2 tháng 12 năm 2025\nNGHỊ QUYẾT\n\
            QUY ĐỊNH MỨC HỌC PHÍ TRÊN ĐỊA BÀN TỈNH TÂY LĨNH NĂM HỌC\n2025 - 2026\n\
            Căn cứ Luật Giáo dục số 43/2019/QH14;\n";
        assert_eq!(
            read_header(t).subject.unwrap().0,
            "QUY ĐỊNH MỨC HỌC PHÍ TRÊN ĐỊA BÀN TỈNH TÂY LĨNH NĂM HỌC 2025 - 2026"
        );
        let t = t.replace("NĂM HỌC\n2025 - 2026\n", "NĂM HỌC\n2025-2026\n");
        assert!(read_header(&t)
            .subject
            .unwrap()
            .0
            .ends_with("NĂM HỌC 2025-2026"));
    }

    #[test]
    fn a_subject_in_capitals_may_run_to_many_lines() {
        // A decision repealing three others names each: sixteen lines in capitals, ended
        // by the preamble in sentence case.
        let line = "QUYẾT ĐỊNH SỐ 15/2014/QĐ-UBND NGÀY 31/12/2014 CỦA UBND TỈNH TÂY LĨNH QUY ĐỊNH";
        let subject = vec![line; 16].join("\n");
        let t = format!(
            "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\nSố: 81/2025/QĐ-UBND\n\
             Tây Lĩnh, ngày 17 tháng 11 năm 2025\nQUYẾT ĐỊNH\nBÃI BỎ {subject}\n\
             Căn cứ Luật Tổ chức chính quyền địa phương;\n"
        );
        let got = read_header(&t).subject.unwrap().0;
        assert_eq!(got.matches("QUYẾT ĐỊNH SỐ").count(), 16, "{got}");
        assert!(!got.contains("Căn cứ"), "{got}");
    }

    #[test]
    fn a_notices_first_paragraph_opening_with_its_day_is_no_subject() {
        let t = "UBND TỈNH TÂY LĨNH\n-----\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
            Độc lập - Tự do - Hạnh phúc\n-----\nSố: 7/TB-UBND\nTây Lĩnh, ngày 8 tháng 1 năm 2025\n\
            THÔNG BÁO\nKết luận của Phó Chủ tịch UBND tỉnh Hà Văn Lâm tại cuộc họp nghe\n\
            báo cáo tiến độ dự án Hồ chứa nước Nậm Pồ trong thời gian đến\n\
            Ngày 03/01/2025, Phó Chủ tịch UBND tỉnh Hà Văn Lâm chủ trì họp nghe\n\
            báo cáo tiến độ dự án. Tham dự họp có lãnh đạo các sở, ngành.\n";
        assert_eq!(
            read_header(t).subject.unwrap().0,
            "Kết luận của Phó Chủ tịch UBND tỉnh Hà Văn Lâm tại cuộc họp nghe báo cáo tiến độ \
             dự án Hồ chứa nước Nậm Pồ trong thời gian đến"
        );
        // A date in lower case goes on the subject.
        assert!(!opens_with_a_day("ngày 22/12/2024 của Bộ Chính trị"));
        assert!(opens_with_a_day("Sáng ngày 5/3/2025, tại trụ sở"));
        assert!(!opens_with_a_day("Ngày Pháp luật Việt Nam năm 2025"));
    }

    #[test]
    fn a_signers_title_is_mended_where_ocr_lost_its_marks_or_its_last_letter() {
        for (read, mended) in [
            ("PHO CHU TỊCH", "PHÓ CHỦ TỊCH"),
            ("CHU TỊCH", "CHỦ TỊCH"),
            ("PHÓ CHỦ TỊC", "PHÓ CHỦ TỊCH"),
            ("KT. CHU TỊCH", "KT. CHỦ TỊCH"),
            (
                "__ PHÓ TRƯỞNG PHÒNG PHỤ TRÁCH",
                "PHÓ TRƯỞNG PHÒNG PHỤ TRÁCH",
            ),
            ("TM. UY BAN NHAN DAN", "TM. ỦY BAN NHÂN DÂN"),
            ("THU TUONG", "THỦ TƯỚNG"),
            // Another office, or more words than a title: as written.
            ("CHỦ NHIỆM", "CHỦ NHIỆM"),
            ("CHU TỊCH UBND TINH", "CHU TỊCH UBND TINH"),
            ("PHÓ TRƯỞNG ĐOÀN", "PHÓ TRƯỞNG ĐOÀN"),
            // Its own marks, another title's: as written.
            ("THỦ TRƯỞNG", "THỦ TRƯỞNG"),
            ("THỦ TƯỚNG", "THỦ TƯỚNG"),
        ] {
            assert_eq!(mend_title_line(read), mended, "{read}");
        }
    }

    #[test]
    fn what_a_stamp_or_ocr_left_before_ve_viec_is_no_subject() {
        assert_eq!(
            without_leading_noise("^ .^A ,À k4 £ ˆ Lá Â° ˆ Ẩ ° Lá `-4 Về việc điều chỉnh dự toán"),
            "Về việc điều chỉnh dự toán"
        );
        assert_eq!(
            without_leading_noise(",Về việc triển khai"),
            "Về việc triển khai"
        );
        // Words before `về việc` stay.
        let s = "Báo cáo kết quả giải quyết kiến nghị về việc thu hồi đất";
        assert_eq!(without_leading_noise(s), s);
        for garbled in [
            "Và việc thụ lý",
            "Vềviệc thụ lý",
            "Vêviệc thụ lý",
            "\\@ việc thụ lý",
        ] {
            assert_eq!(ve_viec_mended(garbled), "Về việc thụ lý", "{garbled}");
        }
        assert_eq!(ve_viec_mended("và việc giao đất"), "về việc giao đất");
        assert_eq!(ve_viec_mended("VÀ VIỆC GIAO ĐẤT"), "VỀ VIỆC GIAO ĐẤT");
        assert_eq!(
            ve_viec_mended("Việc làm cho thanh niên"),
            "Việc làm cho thanh niên"
        );
        assert_eq!(ve_viec_mended("Vì việc chung"), "Vì việc chung");
        // A titled text's subject as OCR left it: its capital lost, a bar in it; a letter's
        // after its `V/v` stays as written.
        let subject = |title: &str, subject: &str| {
            let text = format!(
                "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: 4/TB-UBND\n\
                 Tây Lĩnh, ngày 24 tháng 01 năm 2025\n{title}\n{subject}\n\nKính gửi: Bà Lò Thị Gái\n"
            );
            read_header(&text).subject.map(|s| s.0)
        };
        assert_eq!(
            subject("THÔNG BÁO", "về việc thụ lý | giải quyết khiếu nại").as_deref(),
            Some("Về việc thụ lý giải quyết khiếu nại")
        );
        assert_eq!(
            subject("", "V/v về việc thụ lý").as_deref(),
            Some("về việc thụ lý")
        );
    }

    #[test]
    fn a_hard_wrapped_header_is_read_whole() {
        let h = read_header(WRAPPED);
        assert_eq!(h.number.unwrap().number.written, "318/QĐ-UBND");
        assert_eq!(h.date.unwrap().0.iso(), "2025-12-04");
        assert_eq!(h.place.unwrap().0, "Thành phố Tây Lĩnh");
        let issuer: Vec<&str> = h.issuer_lines.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(issuer, ["ỦY BAN NHÂN DÂN", "TỈNH TÂY LĨNH"]);
        assert_eq!(h.locality.as_deref(), Some("Tây Lĩnh"));
        assert_eq!(h.title_type.unwrap().0, "QĐ");
        assert_eq!(
            h.subject.unwrap().0,
            "VỀ VIỆC SỬA ĐỔI QUYẾT ĐỊNH SỐ 12/QĐ-UBND CỦA CHỦ TỊCH UBND TỈNH VỀ DANH MỤC THỦ TỤC"
        );
        // The signer under the main text, not a heading of the appendix's table.
        assert_eq!(read_closing(WRAPPED).signer.unwrap().0, "Hà Văn Lâm");
    }

    const LETTER: &str = "UBND TỈNH TÂY LĨNH\nVĂN PHÒNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
        Độc lập - Tự do - Hạnh phúc\n\nSố:     /VP-KT Tây Lĩnh, ngày    tháng 9 năm 2024\n\
        V/v góp ý dự thảo Kế hoạch\nchuyển đổi số\n\nKính gửi: Sở Nội vụ.\n\nThực hiện ý kiến ...\n\
        Nơi nhận:\n- Như trên;\n- Chủ tịch UBND tỉnh;\n- Lưu: VT, KT.\n\nKT. CHÁNH VĂN PHÒNG\n\
        PHÓ CHÁNH VĂN PHÒNG\n\n(Đã ký)\n\nLò Thị Mai\n";

    #[test]
    fn a_head_alone_joins_its_name_and_a_place_alone_ends_the_subject() {
        // The Government's office on two lines, the place on a line of its own, and a
        // subject in sentence case whose last line is a number.
        let t = "VĂN PHÒNG\nCHÍNH PHỦ\n-------\n\nCỘNG HÒA\nXÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
            Độc lập - Tự do - Hạnh phúc\n---------------\n\nSố: 10001/VPCP-NN\nV/v\n\
            triển khai Nghị định\n136/2025/NĐ-CP\n\nHà Nội,\nngày 25 tháng 11 năm 2025\n\n\
            Kính gửi: Bộ Nông nghiệp và Môi trường\n";
        let h = read_header(t);
        let lines: Vec<_> = h.issuer_lines.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(lines, ["VĂN PHÒNG CHÍNH PHỦ"]);
        assert_eq!(h.place.unwrap().0, "Hà Nội");
        assert_eq!(h.subject.unwrap().0, "triển khai Nghị định 136/2025/NĐ-CP");
        let t = t.replace("136/2025/NĐ-CP\n\n", "số 136/2025/NĐ-CP về phân cấp\n");
        assert_eq!(
            read_header(&t).subject.unwrap().0,
            "triển khai Nghị định số 136/2025/NĐ-CP về phân cấp"
        );
    }

    #[test]
    fn a_cited_documents_date_is_not_the_texts() {
        // A letter without its header: the first date in words is a cited conclusion's.
        let t = "Kính gửi: Sở Nông nghiệp và Môi trường.\n\nThực hiện Kết luận số 15-KL/ĐU\n\
            ngày 29 tháng 10 năm 2025 của Ban Thường vụ, Ủy ban nhân dân tỉnh có ý kiến.\n";
        assert_eq!(read_header(t).date, None);
        // The text's own number right before its date (a place OCR lost) is no citation.
        let own = "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: 24/TTr-UBND ngày 03 tháng 02 năm 2025\n\
            \nTỜ TRÌNH\nVề việc thử\n";
        assert_eq!(read_header(own).date.unwrap().0.iso(), "2025-02-03");
    }

    #[test]
    fn header_of_a_draft_letter() {
        let h = read_header(LETTER);
        let n = h.number.unwrap();
        assert_eq!(n.number.seq, None);
        assert_eq!(n.number.symbol(), "VP-KT");
        assert_eq!(h.date.unwrap().0.iso(), "2024-09");
        let (place, sp) = h.place.unwrap();
        assert_eq!(place, "Tây Lĩnh");
        assert_eq!(&LETTER[sp[0]..sp[1]], "Tây Lĩnh");
        let lines: Vec<_> = h.issuer_lines.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(lines, vec!["UBND TỈNH TÂY LĨNH", "VĂN PHÒNG"]);
        assert_eq!(h.locality.as_deref(), Some("Tây Lĩnh"));
        assert!(h.vv);
        assert_eq!(h.subject.unwrap().0, "góp ý dự thảo Kế hoạch chuyển đổi số");
    }

    #[test]
    fn closing_of_a_draft_letter() {
        let c = read_closing(LETTER);
        assert_eq!(c.recipients, vec!["Sở Nội vụ", "Chủ tịch UBND tỉnh"]);
        assert_eq!(c.signer.unwrap().0, "Lò Thị Mai");
        assert_eq!(
            c.signer_title.map(|t| t.0).as_deref(),
            Some("KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG")
        );
    }

    /// What OCR makes of a signature and a seal between the title and the name (`x~ qrauL`,
    /// `l`, `À \` F‹`) does not hide the signer; a name the page broke (`Vũ` / `Chiến Thắng`)
    /// is no scribble; a recipient between a title and a name is no stroke.
    #[test]
    fn the_signer_is_found_under_what_ocr_made_of_the_signature() {
        let text = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\
             x~ qrauL————\nl\n:\nÀ ` F‹\nTrần Văn Tâm\n";
        let c = read_closing(text);
        assert_eq!(c.signer.unwrap().0, "Trần Văn Tâm");
        let (title, [a, b]) = c.signer_title.unwrap();
        assert_eq!(title, "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH");
        // Where the title's lines stand: a doubt restoration left in them puts it in review,
        // unless every line is an office.
        assert_eq!(&text[a..b], "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH");
        assert!(title_is_known(&title));
        assert!(!title_is_known("KT. CHỦ TỊCH / PHỐ CHỦ TỊC"));
        assert!(title_is_known(
            "TM. UỶ BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
        ));
        let c =
            read_closing("Nơi nhận:\n- Lưu: VT.\n\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nVũ\nChiến Thắng\n");
        assert_eq!(c.signer.unwrap().0, "Vũ Chiến Thắng");
        // A recipient between a title and a name is no stroke: the title is not the name's
        // (which is read as a name whose title is lost, and said in review).
        let c = read_closing("Nơi nhận:\nPHÓ CHỦ TỊCH\n- Như trên;\n- Lưu: VT.\nTrần Văn Tâm\n");
        assert_eq!(c.signer_title, None);
        assert_eq!(c.signer.unwrap().0, "Trần Văn Tâm");
        // A place-and-date line whose date OCR garbled still gives its place.
        let h = read_header(
            "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\nSố: 12/QĐ-UBND\nTây Lĩnh, ngàyà tháng 02 năm 2025\n\
             QUYẾT ĐỊNH\nVề việc thử\n",
        );
        assert_eq!(h.date, None);
        assert_eq!(h.place.map(|p| p.0).as_deref(), Some("Tây Lĩnh"));
        // A comma after the place that OCR read as a full stop is no part of it.
        for line in [
            "Tây Lĩnh. ngày 3 tháng 02 năm 2025",
            "Tây Lĩnh.\nngày 3 tháng 02 năm 2025",
        ] {
            let h = read_header(&format!(
                "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\nSố: 12/QĐ-UBND\n{line}\nQUYẾT ĐỊNH\nVề việc thử\n"
            ));
            assert_eq!(h.place.map(|p| p.0).as_deref(), Some("Tây Lĩnh"), "{line}");
        }
        // So where the page broke the place over two lines (`Tây` / `Lĩnh, ngày 2Ï`); a line
        // before that is no part of a place stays out of it.
        for (head, place) in [
            (
                "Độc lập - Tự do - Hạnh phúc\nTây\nLĩnh, ngày 2Ï\n",
                "Tây Lĩnh",
            ),
            ("Độc lập - Tự do - Hạnh phúc\nLĩnh, ngày 2Ï\n", "Lĩnh"),
            ("Số: 12/QĐ-UBND\nLĩnh, ngày 2Ï\n", "Lĩnh"),
        ] {
            let h = read_header(&format!(
                "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n{head}tháng I1 năm 2025\nQUYẾT ĐỊNH\nVề việc thử\n"
            ));
            assert_eq!(h.place.map(|p| p.0).as_deref(), Some(place), "{head}");
        }
        // The block's first line beside `Nơi nhận:` is no recipient.
        let c = read_closing("Nơi nhận: TL. CHỦ TỊCH\n- Sở Nội vụ;\n- Lưu: VT.\n");
        assert_eq!(c.recipients, ["Sở Nội vụ"]);
        // A name whose title OCR lost, right after the list: read, without a title.
        let c = read_closing("Nơi nhận:\n- Sở Nội vụ;\n- Lưu: VT.\n\nNguyễn Văn Tâm\n");
        assert_eq!(c.signer.unwrap().0, "Nguyễn Văn Tâm");
        assert_eq!(c.signer_title, None);
        let c = read_closing("Nơi nhận:\n- Sở Nội vụ;\n- Lưu: VT.\nGhi chú thêm\nNguyễn Văn Tâm\n");
        assert_eq!(c.signer, None);
        // OCR's colon for an item's semicolon is no part of the recipient.
        let c = read_closing("Nơi nhận:\n- CT, PCT UBND tỉnh:\n- VPUB: PCVP, KTN:\n- Lưu: VT.\n");
        assert_eq!(c.recipients, ["CT, PCT UBND tỉnh", "VPUB: PCVP, KTN"]);
        // An item's wrapped line opens with a capital; an item whose dash OCR misread or lost
        // (a seal over it) is one of the list, which goes on after it.
        let c = read_closing(
            "Nơi nhận:\n-\nCông ty TNHH Sao Mai (12 Lê Lợi, phường 3, TP.\nTây Lĩnh);\n\
             - Văn phòng Trung ương và các\nBan của Đảng;\n> VP UBND TỈNH: LĐVP, TH;\n\n\
             Viễn thông Tây Lĩnh;\n- Cổng thông tin điện tử tỉnh;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\n",
        );
        assert_eq!(
            c.recipients,
            [
                "Công ty TNHH Sao Mai (12 Lê Lợi, phường 3, TP. Tây Lĩnh)",
                "Văn phòng Trung ương và các Ban của Đảng",
                "VP UBND TỈNH: LĐVP, TH",
                "Viễn thông Tây Lĩnh",
                "Cổng thông tin điện tử tỉnh",
            ]
        );
        // The first item's dash lost.
        let c = read_closing("Nơi nhận:\n\nNhư trên;\n\n- Sở Nội vụ;\n- Lưu: VT.\n");
        assert_eq!(c.recipients, ["Sở Nội vụ"]);
        let c = read_closing("Nơi nhận:\nSở Tư pháp;\n- Sở Nội vụ;\n- Lưu: VT.\n");
        assert_eq!(c.recipients, ["Sở Tư pháp", "Sở Nội vụ"]);
        // Items marked with a plus or a bullet wrap as dashed ones do.
        for mark in ["+", "•"] {
            let c = read_closing(&format!(
                "Nơi nhận:\n{mark} Sở Nội vụ;\n{mark} Văn phòng Trung ương và các\nBan của \
                 Đảng;\n{mark} Lưu: VT.\n"
            ));
            assert_eq!(
                c.recipients,
                ["Sở Nội vụ", "Văn phòng Trung ương và các Ban của Đảng"],
                "{mark}"
            );
        }
        // The archive's copy, its `Lưu` garbled, is no recipient.
        let c = read_closing("Nơi nhận:\n- Sở Nội vụ;\n- lju: VỊ, VX17UH)\n- Liu: VỀ I1IPVHCC\n");
        assert_eq!(c.recipients, ["Sở Nội vụ"]);
        for lost in ["11uU: VÌ I1IPVHCEC", "LIuU: VIC5 (2h)", "Lu: VT", "1ưu: VI"] {
            let c = read_closing(&format!("Nơi nhận:\n- Sở Nội vụ;\n- {lost}\n"));
            assert_eq!(c.recipients, ["Sở Nội vụ"], "{lost}");
        }
        assert!(!archive_copy_as_ocr_reads("lao: vu ke hoach"));
        assert!(!archive_copy_as_ocr_reads("lien: van phong"));
        // The list's last item beside the title, in capitals as OCR read it, is no part of
        // the title.
        for lost in ["LANH VÌ, IIPEVHCC.", "LAU; VÌ, 1CCP."] {
            let c = read_closing(&format!(
                "Nơi nhận:\n- Sở Nội vụ;\n{lost}\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn Tâm\n"
            ));
            assert_eq!(c.signer_title.unwrap().0, "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH");
        }
    }

    /// A signature's title whose name OCR lost (or the page it was on) is kept, where it
    /// stands; a heading in capitals after the list is no title.
    #[test]
    fn a_title_without_its_name_is_kept() {
        let text = "Nơi nhận:\n- Như Điều 5;\n- Lưu: VT, KTN.\n\nTM. UY BAN NHAN DAN\n\n\
                    KT. CHU TICH\nR\n";
        let c = read_closing(text);
        assert_eq!(c.signer, None);
        let (title, [a, b]) = c.signer_title.unwrap();
        assert_eq!(title, "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH");
        assert_eq!(&text[a..b], "TM. UY BAN NHAN DAN\n\nKT. CHU TICH");
        // What OCR kept of a title above the next document's header: the title's lines.
        let c = read_closing(
            "Nơi nhận:\n- Lưu: VT.\n\nTM. UỶ BAN NHÂN DÂN\n\nHỘI ĐỒNG NHÂN DÂN\nTỈNH TÂY LĨNH\n",
        );
        assert_eq!(c.signer_title.unwrap().0, "TM. UỶ BAN NHÂN DÂN");
        let c = read_closing("Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nBẢNG TỔNG HỢP\n");
        assert_eq!((c.signer, c.signer_title), (None, None));
        // None without the end of the articles or a list of recipients to read after.
        let c = read_closing("Báo cáo gửi Sở.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n");
        assert_eq!(c.signer_title, None);
    }

    #[test]
    fn a_letters_label_in_capitals_and_its_date_broken_after_a_garbled_day() {
        // Vietnamese OCR of a letter: its label in capitals (`SỐ:`, no *Sở*), a speck after
        // a dash of the number, its day unreadable and its date broken after it.
        let t = "BỘ TÀI CHÍNH\nCỤC THUẾ\n\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\n\
            Độc lập - Tự do - Hạnh phúc\n\nSỐ: 5282/CT-.CS\nV/v chính sách thuế GTGT\n\n\
            Hà Nội, ngày I§\ntháng I1 năm 2025\n\nKính gửi: Thuế tỉnh Tây Lĩnh\n";
        let h = read_header(t);
        let issuer: Vec<&str> = h.issuer_lines.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(issuer, ["BỘ TÀI CHÍNH", "CỤC THUẾ"]);
        // A space of more than a byte before the label.
        assert_eq!(
            without_number_label("UBND TỈNH\u{3000}s6: "),
            "UBND TỈNH\u{3000}"
        );
        assert_eq!(without_number_label("\u{a0}số "), "\u{a0}");
        assert_eq!(h.number.unwrap().number.written, "5282/CT-CS");
        assert_eq!(h.place.unwrap().0, "Hà Nội");
        assert!(h.date.is_none());
        let (read, span) = h.garbled_date.unwrap();
        assert_eq!(read.unwrap().iso(), "2025-11");
        assert_eq!(&t[span[0]..span[1]], "ngày I§\ntháng I1 năm 2025");
        // The place's line and the date's apart, a blank line between them.
        let t = t.replace("Hà Nội, ngày I§\n", "Hà Nội,\n\nngày 2l ");
        let h = read_header(&t);
        assert_eq!(h.place.unwrap().0, "Hà Nội");
        assert_eq!(h.date.unwrap().0.iso(), "2025-11-21");
    }

    #[test]
    fn a_subject_in_capitals_goes_on_past_the_blank_lines_ocr_set_between_its_lines() {
        let t = "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\n\
            Độc lập - Tự do - Hạnh phúc\n\nSố: 1622/QĐ-UBND\n\nTây Lĩnh, ngày\n\
            20 tháng 11 năm 2025\n\nQUYẾT ĐỊNH\n\nVỀ VIỆC CÔNG BỐ DANH\n\n\
            MỤC THỦ TỤC HÀNH CHÍNH TRONG\nLĨNH VỰC ĐẤU THẦU\n\n\
            THUỘC PHẠM VI CHỨC NĂNG QUẢN LÝ CỦA SỞ TÀI CHÍNH\n\n\
            CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH TÂY LĨNH\n\nCăn cứ Luật Tổ chức chính quyền địa \
            phương;\n\nQUYẾT ĐỊNH:\n\nĐiều 1. Công bố.\n";
        assert_eq!(
            read_header(t).subject.unwrap().0,
            "VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH TRONG LĨNH VỰC ĐẤU THẦU THUỘC PHẠM VI \
             CHỨC NĂNG QUẢN LÝ CỦA SỞ TÀI CHÍNH"
        );
    }

    #[test]
    fn a_title_ocr_broke_over_a_blank_line_and_a_vv_english_ocr_read_as_a_word() {
        let t = "BỘ TƯ PHÁP\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n\
            Số: 3303/QĐ-BTP\nHà Nội, ngày 19 tháng 11 năm 2025\n\nQUYẾT\n\nĐỊNH\n\n\
            VỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH\nBỘ TRƯỞNG BỘ TƯ PHÁP\n\nCăn cứ Nghị định;\n";
        let h = read_header(t);
        assert_eq!(h.title_type.unwrap().0, "QĐ");
        assert_eq!(h.subject.unwrap().0, "VỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH");
        let t = "VĂN PHÒNG CHÍNH PHỦ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
            Độc lập - Tự do - Hạnh phúc\n\nSố: 11306/VPCP-NN\n\nViv\n\n\
            đề xuất giải pháp tháo gỡ khó khăn\n\nHà Nội, ngày 18 tháng 11 năm 2025\n\n\
            Kính gửi: Bộ Nông nghiệp và Môi trường.\n";
        let h = read_header(t);
        assert_eq!(h.subject.unwrap().0, "đề xuất giải pháp tháo gỡ khó khăn");
        assert!(opens_with_vv("vlv: gop y") && !opens_with_vv("vivu"));
    }

    #[test]
    fn mottos_are_cut_from_issuer_lines() {
        assert_eq!(
            without_mottos("UBND TỈNH LẠNG SƠN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            "UBND TỈNH LẠNG SƠN"
        );
        assert_eq!(
            without_mottos("TỈNH ỦY LAI CHÂU ĐẢNG CỘNG SẢN VIỆT NAM"),
            "TỈNH ỦY LAI CHÂU"
        );
        assert_eq!(
            without_mottos("TINH UY LAI CHAU PANG CONG SAN VIET NAM"),
            "TINH UY LAI CHAU"
        );
        assert_eq!(
            without_mottos("UBND TINH LANG SON Doc lap - Tu do - Hanh phtic"),
            "UBND TINH LANG SON"
        );
        // A word of the motto garbled, at its start or its end: found by its middle.
        for garbled in [
            "ỦY BAN NHÂN DÂN CỘNG HÔOA XÃ HỘI CHỦ NGHÏA VIỆT NAM",
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHIÏA VIỆT NAM",
        ] {
            assert_eq!(without_mottos(garbled), "ỦY BAN NHÂN DÂN", "{garbled}");
        }
        assert_eq!(without_mottos("CỘNG HÒA XÃ HỘI CHỦ NGHIÏA VIỆT NAM"), "");
        // A body's first word with OCR's small letters is still the header's line in capitals.
        assert!(upper_as_ocr_reads("Ủy BAN NHÂN DÂN"));
        assert!(!upper_as_ocr_reads("Ủy ban nhân dân"));
        assert!(!upper_as_ocr_reads("Kính GỬI ÔNG"));
        // A number whose label OCR merged into it is no body's line.
        let h = read_header(
            "ỦY BAN NHÂN\nDÂN\nTHÀNH PHỐ TÂY LĨNH\n\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\n\
             Độc lập - Tự do - Hạnh phúc\n\nS1/2025/QĐ-UBND\n\nTây Lĩnh, ngày\n\
             17 tháng 11 năm 2025\n\nQUYẾT ĐỊNH\n",
        );
        let lines: Vec<&str> = h.issuer_lines.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(lines, ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ TÂY LĨNH"]);
        let h = read_header(
            "Ủy BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nTỈNH TÂY LĨNH\n\
             Độc lập - Tự do - Hạnh phúc\nSố: 12/QĐ-UBND\nTây Lĩnh, ngày 05 tháng 02 năm 2025\n\
             QUYẾT ĐỊNH\nVề việc thử\n",
        );
        let lines: Vec<&str> = h.issuer_lines.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(lines, ["Ủy BAN NHÂN DÂN", "TỈNH TÂY LĨNH"]);
        assert_eq!(
            locality_of_issuer("TỈNH ỦY LAI CHÂU").as_deref(),
            Some("Lai Châu")
        );
    }
}
