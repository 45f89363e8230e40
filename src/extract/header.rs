//! The blocks around a document's body: the header (issuer, number, place and date, type
//! title, subject) and the closing (recipients, signature). Read line by line, because that is
//! how the format of Decree 30/2020 lays them out; each value keeps its byte span.

use std::sync::OnceLock;

use regex::Regex;

use crate::date::{find_words_date, Date};
use crate::dict;
use crate::number::{find_blank_number, find_numbers, Found};
use crate::text::Span;
use crate::text::{collapse_ws, fold_lower, is_upper_line, lines_with_offsets, title_case};

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
}

/// The mottos of the right-hand column, folded, as far as an English OCR engine keeps them
/// (`Hanh phtic`); the Party's motto is found by its last four words (`PANG CONG SAN VIET
/// NAM`), see [`without_mottos`].
const MOTTOS: [&str; 3] = [
    "cong hoa xa hoi chu nghia",
    "cong san viet nam",
    "doc lap - tu do",
];

/// Words that open a body paragraph, and so end a subject.
const BODY_OPENERS: [&str; 10] = [
    "can cu",
    "thuc hien",
    "trien khai",
    "theo de nghi",
    "theo ",
    "xet ",
    "kinh gui",
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
        let f = fold_lower(&line.chars().take(16).collect::<String>());
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
pub fn read_header(text: &str) -> Header {
    let lines: Vec<(usize, &str)> = lines_with_offsets(text).take(80).collect();
    let mut h = Header::default();
    let zone_end_line = find_title(&lines, &mut h);
    let zone_end = lines.get(zone_end_line).map_or(text.len(), |(o, _)| *o);
    let zone = &text[..zone_end];
    h.number = own_number(zone);
    read_place_and_date(zone, &mut h);
    read_issuer(&lines[..zone_end_line], zone_end, &mut h);
    read_subject(&lines, zone_end_line, &mut h);
    h
}

/// The line where the header zone ends: the type title (noted in `h`), the `V/v` line or
/// `Kính gửi`; else the 15th line.
fn find_title(lines: &[(usize, &str)], h: &mut Header) -> usize {
    let d = dict::get();
    for (i, (off, line)) in lines.iter().enumerate().take(40) {
        let t = line.trim();
        let lead = line.len() - line.trim_start().len();
        let f = fold_lower(t);
        if is_upper_line(t) {
            if let Some(code) = d.type_of_title(t.trim_end_matches(':')) {
                if let Some((c, _)) = d.doc_type(code) {
                    h.title_type = Some((c, [off + lead, off + lead + t.len()]));
                    return i;
                }
            }
        }
        if f.starts_with("v/v") || f.starts_with("kinh gui") {
            return i;
        }
    }
    lines.len().min(15)
}

/// The document's own number: after "Số", else the first number in the zone; else a blank
/// number.
fn own_number(zone: &str) -> Option<Found> {
    let found = find_numbers(zone);
    found
        .iter()
        .find(|f| {
            let before = zone[..f.span[0]].trim_end_matches([' ', '\t', ':', '.']);
            // Only the word before matters: fold a short tail, not the whole zone.
            let tail_start = before.char_indices().rev().nth(3).map_or(0, |(i, _)| i);
            fold_lower(&before[tail_start..]).ends_with("so")
        })
        .or_else(|| found.first())
        .cloned()
        .or_else(|| find_blank_number(zone))
}

/// Place and date: "Lạng Sơn, ngày 14 tháng 6 năm 2025".
fn read_place_and_date(zone: &str, h: &mut Header) {
    let Some((date, span)) = find_words_date(zone) else {
        return;
    };
    h.date = Some((date, span));
    let line_start = zone[..span[0]].rfind('\n').map_or(0, |p| p + 1);
    let from = h
        .number
        .as_ref()
        .map(|n| n.span[1])
        .filter(|e| *e > line_start && *e <= span[0])
        .unwrap_or(line_start);
    let before = zone[from..span[0]].trim_end_matches([' ', '\t', ',']);
    let mut start = before.len();
    for w in before.split_whitespace().rev() {
        if !w.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        start = w.as_ptr() as usize - before.as_ptr() as usize;
    }
    let place = before[start..].trim();
    if !place.is_empty() {
        let s = from + start;
        h.place = Some((place.to_string(), [s, s + place.len()]));
    }
}

/// Issuer lines: upper-case lines of the zone before the number and date; the locality
/// they name.
fn read_issuer(zone_lines: &[(usize, &str)], zone_end: usize, h: &mut Header) {
    let issuer_end = [h.number.as_ref().map(|n| n.span[0]), h.date.map(|d| d.1[0])]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(zone_end);
    for (off, line) in zone_lines {
        if *off >= issuer_end {
            break;
        }
        let line = &line[..line.len().min(issuer_end - off)];
        let cleaned = without_mottos(line);
        if cleaned.is_empty() || is_rule(cleaned) || !is_upper_line(cleaned) {
            continue;
        }
        let s = off + (cleaned.as_ptr() as usize - line.as_ptr() as usize);
        h.issuer_lines
            .push((collapse_ws(cleaned), [s, s + cleaned.len()]));
    }
    h.locality = h
        .issuer_lines
        .iter()
        .rev()
        .find_map(|(l, _)| locality_of_issuer(l));
}

/// Subject: the lines after the title (or the V/v line) up to the body.
fn read_subject(lines: &[(usize, &str)], zone_end_line: usize, h: &mut Header) {
    let subject_from = if h.title_type.is_some() {
        zone_end_line + 1
    } else {
        zone_end_line
    };
    let mut parts: Vec<&str> = Vec::new();
    let mut span: Option<Span> = None;
    for (off, line) in lines.iter().skip(subject_from).take(24) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let f = fold_lower(t);
        if parts.is_empty() {
            if h.title_type.is_none() {
                if !f.starts_with("v/v") {
                    break;
                }
                h.vv = true;
            }
        } else if starts_with_opener(t)
            || starts_with_marker(t)
            || is_upper_line(t)
            || is_rule(t)
            || parts.len() >= 8
        {
            break;
        }
        let lead = line.len() - line.trim_start().len();
        let s = off + lead;
        span = Some([span.map_or(s, |sp| sp[0]), s + t.len()]);
        parts.push(t);
    }
    if let Some(span) = span {
        let mut subject = collapse_ws(&parts.join(" "));
        if h.vv {
            subject = subject[3..].trim_start_matches([' ', ':']).to_string();
        }
        if !subject.is_empty() {
            h.subject = Some((subject, span));
        }
    }
}

/// What the closing block says.
#[derive(Debug, Default)]
pub struct Closing {
    pub recipients: Vec<String>,
    pub signer: Option<(String, Span)>,
    pub signer_title: Option<String>,
}

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

/// Reads recipients (`Kính gửi:`, `Nơi nhận:`) and the signature (authority lines, name).
pub fn read_closing(text: &str) -> Closing {
    let lines: Vec<(usize, &str)> = lines_with_offsets(text).collect();
    let mut c = Closing::default();

    // Recipients.
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].1.trim();
        let f = fold_lower(t);
        let head = ["kinh gui", "noi nhan"]
            .iter()
            .find(|h| f.starts_with(*h))
            .copied();
        i += 1;
        let Some(head) = head else { continue };
        let mut items: Vec<String> = Vec::new();
        // "Kính gửi: Sở Nội vụ." on one line.
        let rest = t[t.find(':').map_or(t.len(), |p| p + 1)..].trim();
        if !rest.is_empty() && !rest.starts_with('-') {
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
            if let Some(item) = t.strip_prefix(['-', '+', '•']) {
                items.push(item.trim().to_string());
            } else if !items.is_empty()
                && (raw.starts_with([' ', '\t'])
                    || t.chars().next().is_some_and(char::is_lowercase))
                && !items.last().is_some_and(|l| l.ends_with(['.', ';']))
                && head == "noi nhan"
            {
                let last = items.last_mut().expect("non-empty");
                last.push(' ');
                last.push_str(t);
            } else {
                break;
            }
            i += 1;
        }
        for item in items {
            let item = collapse_ws(item.trim_end_matches([';', '.', ',', ' ']));
            let f = fold_lower(&item);
            if item.is_empty() || f.starts_with("luu") || f.starts_with("nhu tren") {
                continue;
            }
            if !c.recipients.contains(&item) {
                c.recipients.push(item);
            }
        }
    }

    // Signature: the last name-like line whose nearest line above (a "(Đã ký)" aside) is an
    // upper-case title; the title is the run of upper-case lines above it.
    let tail_from = lines.len().saturating_sub(60);
    let is_aside = |t: &str| t.starts_with('(') && t.ends_with(')');
    let non_blank: Vec<(usize, usize, &str)> = lines[tail_from..]
        .iter()
        .enumerate()
        .map(|(i, (off, l))| (tail_from + i, *off, *l))
        .filter(|(_, _, l)| !l.trim().is_empty() && !is_aside(l.trim()))
        .collect();
    for j in (1..non_blank.len()).rev() {
        let (_, off, line) = non_blank[j];
        let t = line.trim();
        if !looks_like_name(t) || !is_upper_line(non_blank[j - 1].2.trim()) {
            continue;
        }
        let mut title: Vec<String> = Vec::new();
        for k in (0..j).rev() {
            let u = non_blank[k].2.trim();
            if !is_upper_line(u) || title.len() == 4 {
                break;
            }
            title.insert(0, collapse_ws(u));
        }
        let s = off + (line.len() - line.trim_start().len());
        c.signer = Some((collapse_ws(t), [s, s + t.len()]));
        c.signer_title = Some(title.join(" / "));
        break;
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    const LETTER: &str = "UBND TỈNH TÂY LĨNH\nVĂN PHÒNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
        Độc lập - Tự do - Hạnh phúc\n\nSố:     /VP-KT Tây Lĩnh, ngày    tháng 9 năm 2024\n\
        V/v góp ý dự thảo Kế hoạch\nchuyển đổi số\n\nKính gửi: Sở Nội vụ.\n\nThực hiện ý kiến ...\n\
        Nơi nhận:\n- Như trên;\n- Chủ tịch UBND tỉnh;\n- Lưu: VT, KT.\n\nKT. CHÁNH VĂN PHÒNG\n\
        PHÓ CHÁNH VĂN PHÒNG\n\n(Đã ký)\n\nLò Thị Mai\n";

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
            c.signer_title.as_deref(),
            Some("KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG")
        );
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
        assert_eq!(
            locality_of_issuer("TỈNH ỦY LAI CHÂU").as_deref(),
            Some("Lai Châu")
        );
    }
}
