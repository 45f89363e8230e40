//! Dates as the genre writes them — `ngày 22/12/2024`, `22-12-2024`, `ngày 14 tháng 6 năm
//! 2025`, and the blanks of a draft (`ngày    tháng 6 năm 2025` → `2025-06`) — read into ISO
//! form, partial where the text leaves part blank.

use std::sync::OnceLock;

use regex::Regex;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text::Span;

/// A date, possibly partial. In a record it is written in ISO form (`2025-06-14`, `2025-06`,
/// `2025`).
/// Ordered as its ISO form is: by year, then month, then day, the unknown first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }

    fn checked(year: &str, month: Option<&str>, day: Option<&str>) -> Option<Date> {
        let year: u16 = year.parse().ok()?;
        let month: Option<u8> = month.and_then(|m| m.parse().ok());
        let day: Option<u8> = day.and_then(|d| d.parse().ok());
        if !(1900..=2100).contains(&year)
            || month.is_some_and(|m| !(1..=12).contains(&m))
            || day.is_some_and(|d| !(1..=31).contains(&d))
            || (day.is_some() && month.is_none())
        {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses what a user types: `2025-06-14`, `2025-06`, `2025`, `14/6/2025`.
    pub fn parse_user(s: &str) -> Option<Date> {
        let s = s.trim();
        let p: Vec<&str> = s.split(['-', '/', '.']).collect();
        match p.as_slice() {
            [y] => Date::checked(y, None, None),
            [y, m] if y.len() == 4 => Date::checked(y, Some(m), None),
            [m, y] if y.len() == 4 => Date::checked(y, Some(m), None),
            [y, m, d] if y.len() == 4 => Date::checked(y, Some(m), Some(d)),
            [d, m, y] if y.len() == 4 => Date::checked(y, Some(m), Some(d)),
            _ => None,
        }
    }

    /// Whether day, month and year are all known.
    pub fn is_full(&self) -> bool {
        self.month.is_some() && self.day.is_some()
    }

    /// A sortable integer, `YYYYMMDD`, with 00 for what is unknown.
    pub fn ordinal(&self) -> i64 {
        i64::from(self.year) * 10_000
            + i64::from(self.month.unwrap_or(0)) * 100
            + i64::from(self.day.unwrap_or(0))
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse_user(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("{s:?} is not a date (YYYY-MM-DD)")))
    }
}

fn numeric_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?P<d>\d{1,2})[ \t]*(?P<s>[/.\-])[ \t]*(?P<m>\d{1,2})[ \t]*[/.\-][ \t]*(?P<y>\d{4})",
        )
        .expect("date regex")
    })
}

fn words_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            // The words with their marks, stripped, or as an English OCR engine reads them
            // (`ngay 17 thang 10 nim 2025`); a hard-wrapped line may break anywhere in it. A
            // day written by hand may come out of OCR with zeros before it or a stroke after
            // it (`ngay 005 thang`, `ngay 24- thang`), and its `y` may be read `v` (`ngav03
            // thang`), its `năm` with a tone (`nắm`). OCR reads a day's or a month's 1 as I
            // or l, its 0 as O (`tháng I1`, `tháng II`, `ngày l5`: [`figures`]).
            &format!(
                r"(?i)ng[àa][yv][\s.…_]*0*(?P<d>{FIGURES})?[\s.…_\-]*th[áa]ng[\s.…_]*(?P<m>{FIGURES})?[\s.…_]*n[ăaâiắằẳẵặáàảãạấầẩẫậ]m[\s.…_]*(?P<y>\d{{4}})"
            ),
        )
        .expect("date words regex")
    })
}

/// A day or a month in figures as OCR may read them: one or two digits, or a 1 read as I, l
/// or `|` and a 0 as O beside a digit or a 1 (`I1`, `II`, `l5`, `1O`, `O1`).
const FIGURES: &str = r"\d{1,2}|[Il|]\d|\d[OIl|]|[Il|][OIl|]|O[\dIl|]|[Il|]";

/// A day or month [`FIGURES`] matched, in digits.
fn figures(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'O' | 'o' => '0',
            'I' | 'i' | 'l' | 'L' | '|' => '1',
            c => c,
        })
        .collect()
}

/// The first date in `text` written in words (`ngày 14 tháng 6 năm 2025`), blanks allowed.
pub fn find_words_date(text: &str) -> Option<(Date, Span)> {
    words_re().captures(text).and_then(|c| words_date(&c))
}

/// Every date in `text` written in words, in order ([`find_words_date`]): where each match
/// is no date (`tháng 13`), none for it.
pub fn words_dates(text: &str) -> impl Iterator<Item = Option<(Date, Span)>> + '_ {
    words_re().captures_iter(text).map(|c| words_date(&c))
}

fn words_date(c: &regex::Captures) -> Option<(Date, Span)> {
    let m = c.get(0)?;
    let d = Date::checked(
        c.name("y")?.as_str(),
        c.name("m").map(|m| figures(m.as_str())).as_deref(),
        c.name("m")
            .and(c.name("d"))
            .map(|d| figures(d.as_str()))
            .as_deref(),
    )?;
    Some((d, [m.start(), m.end()]))
}

/// The month and year of a date in words whose day OCR garbled (`ngày OF tháng 02 năm 2025`:
/// February 2025), or its year alone where the month is garbled too; none without a year.
pub fn month_and_year(text: &str) -> Option<Date> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?i)thang[\s.…_]*(?P<m>(?:{FIGURES})(?-u:\b))?.{{0,12}}?n[aei]m[\s.…_]*(?P<y>\d{{4}})"
        ))
        .expect("month and year regex")
    });
    // (Folded: OCR's `nám`, `nim` are `năm`.)
    let folded = crate::text::fold_lower(text);
    let c = re.captures(&folded)?;
    let year = c.name("y")?.as_str();
    Date::checked(
        year,
        c.name("m").map(|m| figures(m.as_str())).as_deref(),
        None,
    )
    .or_else(|| Date::checked(year, None, None))
}

/// A date at the very start of `text` (after spaces, commas and an optional `ngày`), in
/// figures or in words: what follows a cited number (`57-NQ/TW, ngày 22/12/2024`).
pub fn date_at_start(text: &str) -> Option<(Date, Span)> {
    let lead = text.len()
        - text
            .trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == '(')
            .len();
    let rest = &text[lead..];
    // A letter "dated" so (`số 0825-03/HW-TCHQ đề ngày 05/9/2025`).
    let dated = ["đề", "Đề", "de"]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .filter(|r| r.starts_with([' ', '\t', '\n']))
        .map_or(0, |r| rest.len() - r.trim_start().len());
    let after_ngay = ["ngày", "Ngày", "ngay", "Ngay", "NGÀY", "NGAY"]
        .iter()
        .find_map(|w| rest[dated..].strip_prefix(w))
        .map(|r| (rest.len() - r.len(), r));
    if let Some((skip, r)) = after_ngay {
        let ws = r.len() - r.trim_start().len();
        let body = &r[ws..];
        // An English OCR engine reads a day's leading 0 as `(` or `O` (`ngay (3/6/2025`);
        // right after `ngày` neither can be meant.
        let zero = usize::from(
            body.starts_with(['(', 'O', 'o'])
                && body[1..].starts_with(|c: char| c.is_ascii_digit())
                && !body[1..].starts_with('0'),
        );
        if let Some(c) = numeric_re().captures(&body[zero..]) {
            let m = c.get(0)?;
            if m.start() == 0 && (zero == 0 || c["d"].len() == 1) {
                let d = Date::checked(&c["y"], Some(&c["m"]), Some(&c["d"]))?;
                let start = lead + skip + ws + zero;
                return Some((d, [lead, start + m.end()]));
            }
        }
        // A day whose two digits OCR set apart (`ngay 3 1/08/2015`: the 31st).
        let b = body.as_bytes();
        if b.len() > 3 && b[0].is_ascii_digit() && b[1] == b' ' && b[2].is_ascii_digit() {
            // (What a date can span: `31 / 12 / 2025`, not the rest of the text.)
            let end = body.char_indices().nth(20).map_or(body.len(), |(i, _)| i);
            let joined = format!("{}{}", &body[..1], &body[2..end]);
            let c = numeric_re()
                .captures(&joined)
                .filter(|c| c["d"].len() == 2 && c.get(0).is_some_and(|m| m.start() == 0));
            if let Some(c) = c {
                if let Some(d) = Date::checked(&c["y"], Some(&c["m"]), Some(&c["d"])) {
                    return Some((d, [lead, lead + skip + ws + c[0].len() + 1]));
                }
            }
        }
    }
    if let Some(c) = numeric_re().captures(rest) {
        let m = c.get(0)?;
        if m.start() == 0 {
            let d = Date::checked(&c["y"], Some(&c["m"]), Some(&c["d"]))?;
            return Some((d, [lead, lead + m.end()]));
        }
    }
    if let Some(c) = words_re().captures(rest) {
        if c.get(0)?.start() == 0 {
            let (d, [_, end]) = words_date(&c)?;
            return Some((d, [lead, lead + end]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_words_and_blanks() {
        let (d, s) = date_at_start(", ngày 22/12/2024 của Bộ Chính trị").unwrap();
        assert_eq!(d.iso(), "2024-12-22");
        assert_eq!(&", ngày 22/12/2024 của"[s[0]..s[1]], "ngày 22/12/2024");
        assert_eq!(
            date_at_start(" ngày 01/4/2025").unwrap().0.iso(),
            "2025-04-01"
        );
        assert_eq!(date_at_start(" 22-12-2024").unwrap().0.iso(), "2024-12-22");
        assert_eq!(date_at_start(" của UBND"), None);
        let (d, s) = date_at_start(" đề ngày 05/9/2025 (nhận ngày 15/9/2025)").unwrap();
        assert_eq!(d.iso(), "2025-09-05");
        assert_eq!(&" đề ngày 05/9/2025 ("[s[0]..s[1]], "đề ngày 05/9/2025");
        assert_eq!(date_at_start(" đề nghị ngày 05/9/2025"), None);
        // A day's two digits OCR set apart, right after `ngày`.
        let t = " ngay 3 1/08/2015 cua Uy ban";
        let (d, s) = date_at_start(t).unwrap();
        assert_eq!(d.iso(), "2015-08-31");
        assert_eq!(&t[s[0]..s[1]], "ngay 3 1/08/2015");
        assert_eq!(date_at_start(" ngày 4 5/2025"), None);
        // OCR's `(` or `O` for the 0 of a day, only right after `ngày`.
        let (d, s) = date_at_start(" ngay\n(3/6/2025 cua Ban").unwrap();
        assert_eq!(d.iso(), "2025-06-03");
        assert_eq!(&" ngay\n(3/6/2025 cua Ban"[s[0]..s[1]], "ngay\n(3/6/2025");
        assert_eq!(
            date_at_start(" ngày O9/6/2025").unwrap().0.iso(),
            "2025-06-09"
        );
        assert_eq!(date_at_start(" ngày O/6/2025"), None);
        let (d, _) = find_words_date("Lạng Sơn, ngày 14 tháng 6 năm 2025").unwrap();
        assert_eq!(d.iso(), "2025-06-14");
        let (d, _) = find_words_date("Lạng Sơn, ngày       tháng 6 năm 2025").unwrap();
        assert_eq!(d.iso(), "2025-06");
        let (d, _) = find_words_date("ngày … tháng … năm 2025").unwrap();
        assert_eq!(d.iso(), "2025");
        assert_eq!(date_at_start(" ngày 32/13/2024"), None);
        // A day's or a month's 1 read as I or l, its 0 as O (Vietnamese OCR's `tháng I1`).
        for (text, iso) in [
            ("Hà Nội, ngày 18 tháng II năm 2025", "2025-11-18"),
            ("Đắk Lắk, ngày 24\ntháng I1 năm 2025", "2025-11-24"),
            ("ngày l5 tháng 1O năm 2025", "2025-10-15"),
            ("ngày 3 tháng I năm 2025", "2025-01-03"),
            ("Lào Cai, ngày\n20 tháng 11 nắm 2025", "2025-11-20"),
            ("Hà Nội, ngày\nO1 tháng 12 năm 2025", "2025-12-01"),
        ] {
            assert_eq!(find_words_date(text).unwrap().0.iso(), iso, "{text}");
        }
        assert_eq!(
            month_and_year("ngày OF tháng I2 năm 2025").unwrap().iso(),
            "2025-12"
        );
        // A word's letter is no day (`ngày lễ`), nor is O alone a month.
        assert_eq!(find_words_date("ngày lễ tháng 3 năm 2025"), None);
        assert_eq!(find_words_date("ngày 5 tháng O năm 2025"), None);
        // Stripped or read by an English OCR engine.
        assert_eq!(
            date_at_start(", ngay 03/6/2025 cia Ban").unwrap().0.iso(),
            "2025-06-03"
        );
        for (text, iso) in [
            ("Lai Chéu, ngay 17 thang 10 nim 2025", "2025-10-17"),
            // A day written by hand, with OCR's zeros before it or a stroke after it.
            ("Quang Ngai, ngay 005 thang 02 nam 2025", "2025-02-05"),
            ("Quang Ngai, ngay 24- thang 01 nam 2025", "2025-01-24"),
            ("Quang Ngai, ngav03 thang 02 nam 2025", "2025-02-03"),
            ("Tây Lĩnh, ngày 0 tháng 01 năm 2025", "2025-01"),
        ] {
            let (d, _) = find_words_date(text).unwrap();
            assert_eq!(d.iso(), iso, "{text}");
        }
    }

    #[test]
    fn user_dates() {
        assert_eq!(Date::parse_user("2025-06-14").unwrap().ordinal(), 20250614);
        assert_eq!(Date::parse_user("2025-06").unwrap().iso(), "2025-06");
        assert_eq!(Date::parse_user("14/6/2025").unwrap().iso(), "2025-06-14");
        assert_eq!(Date::parse_user("2025").unwrap().iso(), "2025");
        assert_eq!(Date::parse_user("hôm qua"), None);
    }
}
