//! Document numbers (*số, ký hiệu*) in their three forms — administrative `160/KH-UBND`,
//! normative `30/2020/NĐ-CP`, Party `57-NQ/TW` — found in running text or parsed from what a
//! user types, and normalised so that every spelling of one number has one form.

use std::fmt;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::dict;
use crate::text::{fold, slug, Span};

/// A record's identity: the normalised document number, scoped by province and year when its
/// issuer is local (`160-KH-UBND@lang-son:2025`, `?` for what is unknown), bare when national
/// (`57-NQ-TW`); or, for a document whose own number is unknown, its content hash
/// (`sha256:0123…`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocKey(String);

const HASH_PREFIX: &str = "sha256:";

/// A place as a key's scope writes it: its slug, or `?`.
fn slug_or_unknown(place: &str) -> String {
    let place = place.trim();
    if place == "?" {
        "?".into()
    } else {
        slug(place)
    }
}

impl DocKey {
    /// The key of a document number: the number alone when national, else scoped by the
    /// province (its slug) and the year (`locality`'s, else the number's own).
    pub fn scoped(number: &DocNumber, locality: Option<&str>, year: Option<u16>) -> DocKey {
        let norm = number.norm();
        if number.is_national() {
            return DocKey(norm);
        }
        let place = locality.map(slug).filter(|s| !s.is_empty());
        DocKey(format!(
            "{norm}@{}:{}",
            place.as_deref().unwrap_or("?"),
            year.or(number.year)
                .map_or_else(|| "?".to_string(), |y| y.to_string())
        ))
    }

    /// The key of a document known by its content hash (hex), its own number being unknown.
    pub fn from_hash(sha256: &str) -> DocKey {
        DocKey(format!("{HASH_PREFIX}{}", &sha256[..16.min(sha256.len())]))
    }

    /// A key as a user types it in full: `sha256:…`, or a number with its scope
    /// (`160/kh-ubnd@lang-son:2025` → `160-KH-UBND@lang-son:2025`); a number without one is
    /// its bare, national form. None when it names no number.
    pub fn parse(typed: &str) -> Option<DocKey> {
        let typed = typed.trim();
        if typed.starts_with(HASH_PREFIX) {
            return Some(DocKey(typed.to_string()));
        }
        let (number, scope) = match typed.split_once('@') {
            Some((n, s)) => (n, Some(s)),
            None => (typed, None),
        };
        let norm = parse_number(number)?.norm();
        // The scope as keys write it, however typed (`@Tây-Linh:2024` → `@tay-linh:2024`).
        let scope = scope.map(|s| match s.split_once(':') {
            Some((place, year)) => format!("{}:{}", slug_or_unknown(place), year.trim()),
            None => slug_or_unknown(s),
        });
        Some(DocKey(match scope {
            Some(s) => format!("{norm}@{s}"),
            None => norm,
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the document is known by its content hash, not by a number.
    pub fn is_hash(&self) -> bool {
        self.0.starts_with(HASH_PREFIX)
    }

    /// The normalised number, unscoped (`160-KH-UBND@lang-son:2025` → `160-KH-UBND`); none
    /// for a content hash.
    pub fn number(&self) -> Option<&str> {
        if self.is_hash() {
            return None;
        }
        Some(self.0.split('@').next().unwrap_or(&self.0))
    }

    /// The scope of a local number (`lang-son:2025`); none for a national number or a hash.
    pub fn scope(&self) -> Option<&str> {
        self.0.split_once('@').map(|(_, s)| s)
    }

    /// The scope's province slug and year, each none where unknown (`?`).
    pub fn place_and_year(&self) -> (Option<&str>, Option<&str>) {
        match self.scope() {
            Some(s) => {
                let (place, year) = s.split_once(':').unwrap_or((s, "?"));
                (
                    Some(place).filter(|p| *p != "?"),
                    Some(year).filter(|y| *y != "?"),
                )
            }
            None => (None, None),
        }
    }
}

impl fmt::Display for DocKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A parsed document number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocNumber {
    /// The sequence number as written (`01`), none when the number is left blank.
    pub seq: Option<String>,
    /// The year of a normative number (`30/2020/NĐ-CP` → 2020).
    pub year: Option<u16>,
    /// The letter groups as written: `["KH", "UBND"]`, `["NQ", "TW"]`.
    pub codes: Vec<String>,
    /// The number as written, white space removed and dashes made plain.
    pub written: String,
}

impl DocNumber {
    /// The normalised, unscoped form: sequence without leading zeros, year, then the codes,
    /// folded to ASCII capitals, joined by `-`. `57-NQ/TW`, `57/NQ-TW` and `57 nq tw` are all
    /// `57-NQ-TW`; `30/2020/NĐ-CP` is `30-2020-ND-CP`.
    pub fn norm(&self) -> String {
        let mut parts: Vec<String> = Vec::with_capacity(self.codes.len() + 2);
        if let Some(s) = &self.seq {
            // (`66.7` as `66-7`: typed, a sequence's parts are split as the codes are.)
            let t = s.trim_start_matches('0').replace('.', "-");
            parts.push(if t.is_empty() { "0".into() } else { t });
        }
        if let Some(y) = self.year {
            parts.push(y.to_string());
        }
        // `SNN&MT` as `SNN-MT`: what a user types is split at the `&` (and the `.`).
        parts.extend(
            self.codes
                .iter()
                .flat_map(|c| c.split(['&', '.']))
                .filter(|c| !c.is_empty())
                .map(|c| fold(c).to_uppercase()),
        );
        parts.join("-")
    }

    /// The symbol (*ký hiệu*) alone: `KH-UBND`.
    pub fn symbol(&self) -> String {
        self.codes.join("-")
    }

    /// The type code when the first letter group is a document type (`KH`), none for a
    /// công văn number whose groups are issuer and unit (`1234/UBND-VX`).
    pub fn type_code(&self) -> Option<&'static str> {
        let d = dict::get();
        let first = self.codes.first()?;
        d.doc_type(first).map(|(c, _)| c)
    }

    /// True when any letter group is a national issuer (`TW`, `CP`, `TTg`, `BCĐTW`…): such a
    /// number names one document in the whole country and needs no scope.
    pub fn is_national(&self) -> bool {
        let d = dict::get();
        self.codes
            .iter()
            .skip(usize::from(self.type_code().is_some()))
            .any(|c| d.issuer_is_national(c) == Some(true))
    }
}

/// A number found in text, with its byte span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub number: DocNumber,
    pub span: Span,
    /// Code groups read as another known code (OCR's look-alikes, `CQTTBCP` → `CQTTBCĐ`; a
    /// type glued to an issuer, `TTBKHĐT` → `TT-BKHĐT`): each as written, and as read.
    pub mended: Vec<(String, String)>,
}

/// A letter group, with up to three digits after it (`QH15`, `BCĐ138`) and then perhaps a
/// place's letters (`BCĐ389QNg`, Quảng Ngãi's board 389); `&` or `.` may join two (`SNN&MT`,
/// the Sở Nông nghiệp và Môi trường; `V.I`, a department of the Government's office).
/// Cyrillic capitals that look like Latin ones (`BТС` typed with a Cyrillic Т and С) count
/// as those, and so does the Icelandic eth `Ð` that OCR gives for `Đ`. The place's letters
/// end at an ASCII word boundary: a Unicode `\b` keeps the regex off its DFAs on any text
/// with a letter outside ASCII (every Vietnamese text), and `find_numbers` then ran the
/// slowest engine over the whole text (12% of restoring general text's instructions).
const CODE: &str = r"[A-ZĐÐАВЕКМНОРСТХ][A-Za-zĐđÐАВЕКМНОРСТХ]*(?:\d{1,3}[A-Z][A-Za-z]{0,3}(?-u:\b)|\d{0,3})(?:[&.][A-ZĐ][A-Za-zĐđ]*){0,3}";

/// The Latin letter a Cyrillic look-alike stands for.
fn latin(c: char) -> char {
    match c {
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'Ð' => 'Đ',
        c => c,
    }
}
const SEP: &str = r"[-/–—]";

/// A type's code `QĐ` as OCR engines trained on French, Portuguese, Spanish or German read
/// it: its Q a zero, its Đ a `B`, a `D` or both (`12/2021/0B-TTg`, `133/0BD-TTg`,
/// `1466/0D-UBND`, `00D`). A code never starts with a digit, so such a group is taken only
/// first, and only where an issuer's code follows it (`/0D` alone is read as no number).
const QD_READ_AS_DIGIT: &str = r"0[0O]?(?:BD|[BDĐÐ])";

/// The legislature's code `QH15` read with its Q a zero (`31/2024/0H15`), as the same
/// engines read `QĐ`: taken only after a year, where a law's number has it.
const QH_READ_AS_DIGIT: &str = r"0H1\d";

/// A number's figures as OCR may read them: up to eight digits, a 1 among them read as `I`,
/// `l` or a bar and a 0 as `O` (`8l/2025/QĐ-UBND`, `1O5/KH-UBND`, `I2/TB-UBND`), where no
/// document writes a letter; at least one digit, and the first letter beside one.
const SEQ_FIGURES: &str = r"[IlO|]?\d[\dIlO|]{0,7}";

/// [`SEQ_FIGURES`] (or a year, `2O25`) in digits.
fn in_digits(figures: &str) -> String {
    figures
        .chars()
        .map(|c| match c {
            'O' => '0',
            'I' | 'l' | '|' => '1',
            c => c,
        })
        .collect()
}

fn number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?P<seq>{SEQ_FIGURES}(?:[-.]\d{{1,4}})?)(?:[ \t]*/[ \t]*(?P<year>(?:19|2[0O])[\dOIl]{{2}}))?[ \t]*{SEP}\s*(?P<codes>(?:{QD_READ_AS_DIGIT}[ \t]*{SEP}[ \t]*{CODE}|{QH_READ_AS_DIGIT}(?-u:\b)|{CODE})(?:(?:[ \t]*{SEP}[ \t]*\.?|{SEP}[ \t]*\r?\n(?:[ \t]*\r?\n)?[ \t]*){CODE})*)"
        ))
        .expect("number regex")
    })
}

fn blank_number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"Số\s*:?[ \t.…_]*(?P<codes>{SEP}[ \t]*{CODE}(?:[ \t]*{SEP}[ \t]*{CODE})*)"
        ))
        .expect("blank number regex")
    })
}

/// Whether a number's first group of codes is a word written with a capital (`Khong`, `Khu`):
/// one capital, then two or more lower-case letters making a syllable; or fewer, where a word
/// in lower case follows (`2007 - Vo dich`, `2010 - Bo cuoc`, `1970 - A quan`:
/// `followed_by_word`).
fn first_group_is_a_word(codes: &str, followed_by_word: bool) -> bool {
    let first = codes
        .split(['-', '/', '–', '—'])
        .next()
        .unwrap_or("")
        .trim();
    let mut cs = first.chars();
    let Some(head) = cs.next() else { return false };
    let rest = cs.as_str();
    head.is_uppercase()
        && rest.chars().count() >= if followed_by_word { 0 } else { 2 }
        && rest.chars().all(char::is_lowercase)
        && crate::text::syllable::has_syllable_shape(&first.to_lowercase())
}

fn split_codes(s: &str) -> Vec<String> {
    s.split(['-', '/', '–', '—'])
        .map(|c| {
            c.trim()
                .trim_start_matches('.')
                .chars()
                .map(latin)
                .collect::<String>()
        })
        .filter(|c| !c.is_empty())
        .collect()
}

/// A trailing footnote mark glued to the last group (`57-NQ/TW1` in a typed copy) is dropped
/// when the group without it is a known code and the group with it is not (`QH15` stays): how
/// many characters were dropped. A type's code counts only where the type stands: after a type
/// (`115/CV-PA83`, the police's PA83) the group is an issuer's, and `PA` (phương án) is none.
/// `None` where an issuer's code of the table (national or local) has three digits run on
/// (`QH112`): a legislature's number and a footnote's mark, which cannot be told apart (QH11
/// and 2, or a QH12 cut), so the number is not read. An issuer the table never numbers that
/// has three digits (`BCĐ138`, a board named by its programme) keeps them.
fn strip_footnote(codes: &mut [String]) -> Option<usize> {
    let d = dict::get();
    let Some((last, before)) = codes.split_last_mut() else {
        return Some(0);
    };
    let letters = last.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = last.len() - letters.len();
    // Any issuer of the table, national or local (`UBND1` is a footnote's mark too).
    let known_issuer = d.issuer_is_national(letters).is_some();
    if digits >= 3 && known_issuer {
        return if d.issuer_is_numbered(letters) {
            None
        } else {
            Some(0)
        };
    }
    let typed = before.iter().any(|c| d.doc_type(c).is_some());
    if digits > 0
        && d.issuer_is_national(last).is_none()
        && (known_issuer || !typed && d.doc_type(letters).is_some())
    {
        last.truncate(letters.len());
        return Some(digits);
    }
    Some(0)
}

/// Whether OCR gives `seen` for the letter `truth` in a code (`QB` for `QĐ`, `COTTBCD` for
/// `CQTTBCĐ`, `TIr` for `TTr`). A D for a Đ is no confusion but the stroke lost.
fn confusable(seen: char, truth: char) -> bool {
    matches!(
        (seen, truth),
        ('O', 'Q')
            | ('Q', 'O')
            | ('0', 'O')
            | ('0', 'Q')
            | ('B', 'Đ')
            | ('P', 'Đ')
            | ('8', 'B')
            | ('1', 'I')
            | ('L', 'I')
            | ('I', 'T')
            | ('5', 'S')
    )
}

/// Whether the tables know `code`, a type's or an issuer's (folded: `QD`, `Qđ` are `QĐ`).
fn known_code(code: &str) -> bool {
    let d = dict::get();
    d.doc_type(code).is_some() || d.issuer_is_national(code).is_some()
}

/// A lone code that is a type's code glued to an issuer's (`25/2023/TTBKHĐT` typed for
/// `TT-BKHĐT`): the two, when the whole is no code of its own and exactly one split fits.
fn glued_codes(codes: &[String]) -> Option<(String, String)> {
    let d = dict::get();
    let [code] = codes else {
        return None;
    };
    if known_code(code) {
        return None;
    }
    let mut fits = code.char_indices().skip(2).take(3).filter(|(at, _)| {
        d.doc_type(&code[..*at]).is_some() && d.issuer_is_national(&code[*at..]).is_some()
    });
    let (at, _) = fits.next()?;
    if fits.next().is_some() {
        return None;
    }
    Some((code[..at].to_string(), code[at..].to_string()))
}

/// Whether a group is `QĐ` with both its letters misread (`0B`, `0D`, `00D`, `0BD`, `Q0D`,
/// `OB`, `QDB`): a Q, an O or a zero, perhaps a zero or an O more, then what OCR makes of a Đ
/// (a B, a D, both, or the Đ itself). Neither letter is read right, so [`confusable`]'s count of
/// one letter in two does not take them; no code of the tables is written so.
fn qd_garbled(code: &str) -> bool {
    let b = code.as_bytes();
    let (first, rest) = match b {
        [f, r @ ..] => (*f, r),
        [] => return false,
    };
    let rest = match rest {
        [b'0' | b'O', r @ ..] => r,
        r => r,
    };
    matches!(first, b'Q' | b'O' | b'0')
        && (matches!(rest, [b'B'] | [b'D'] | [b'B', b'D'] | [b'D', b'B'])
            || rest == "Đ".as_bytes()
            || rest == "Ð".as_bytes())
}

/// A capital with a mark no code's letter has (Đ aside): Vietnamese OCR's, reading a code's
/// letters as a syllable's.
fn marked_capital(c: char) -> bool {
    c.is_uppercase() && !c.is_ascii() && !matches!(c, 'Đ' | 'Ð')
}

/// A known code OCR wrote with a marked capital: the code with the mark dropped from its
/// letter (`ÙBND` → `UBND`), or without the one marked vowel it set in (`CHỌQ` → `CHQ`).
fn unmarked_code(code: &str) -> Option<String> {
    let n = code.chars().filter(|&c| marked_capital(c)).count();
    if n == 0 {
        return None;
    }
    let known = |c: &str| c.chars().count() >= 2 && known_code(c);
    let folded: String = code
        .chars()
        .map(|c| {
            if marked_capital(c) {
                crate::text::fold(&c.to_string())
            } else {
                c.to_string()
            }
        })
        .collect();
    if known(&folded) {
        return Some(folded);
    }
    let clean: String = code.chars().filter(|&c| !marked_capital(c)).collect();
    (n == 1 && known(&clean)).then_some(clean)
}

/// Where the codes `text[start..end]` end when OCR marked a capital of one ([`unmarked_code`]):
/// the letters after the last group run on with it (`TB-CHỌQ`), or the group after a dash
/// opens with it (`QĐ-ÙBND`); and the groups after it. None where no known code is so.
fn marked_code_end(text: &str, start: usize, end: usize) -> Option<usize> {
    let run_from = |at: usize| {
        text[at..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(text.len(), |p| at + p)
    };
    let opens_marked = |at: usize| text[at..].chars().next().is_some_and(marked_capital);
    // (After a separator, whatever its width: `–` is three bytes.)
    let separator = |c: char| matches!(c, '-' | '/' | '–' | '—');
    let after_separator = |at: usize| {
        text[at..]
            .chars()
            .next()
            .filter(|&c| separator(c))
            .map(|c| at + c.len_utf8())
    };
    let mut end = if opens_marked(end) {
        let group = text[start..end]
            .char_indices()
            .rfind(|&(_, c)| separator(c))
            .map_or(start, |(p, c)| start + p + c.len_utf8());
        let run = run_from(end);
        unmarked_code(text[group..run].trim())?;
        run
    } else if let Some(group) = after_separator(end).filter(|&g| opens_marked(g)) {
        let run = run_from(group);
        unmarked_code(&text[group..run])?;
        run
    } else {
        return None;
    };
    // The groups the mark kept the number from reaching (`123/CHỌQ-GSQL`).
    loop {
        let Some(group) = after_separator(end) else {
            return Some(end);
        };
        if !text[group..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c == 'Đ')
        {
            return Some(end);
        }
        end = run_from(group);
    }
}

/// The known code an unknown one stands for when OCR confused a few of its letters with
/// look-alikes, and no other known code is as close; none for a known code or no close one.
fn mend_code(code: &str) -> Option<String> {
    // (The tables look a code up folded: `ÙBND` is found as UBND, and written so.)
    if let Some(clean) = unmarked_code(code) {
        return Some(clean);
    }
    if known_code(code) {
        return None;
    }
    let d = dict::get();
    if qd_garbled(code) {
        return Some("QĐ".to_string());
    }
    if let Some(n) = code.strip_prefix("0H") {
        return Some(format!("QH{n}"));
    }
    // The legislature's 1 read as I or l (`QHI5`, Vietnamese OCR's; `OHI5`, its Q an O too),
    // and its second figure, too, read as a letter (`QHIS`: an S for the 5, an O for a 0).
    if let Some(n) = code.strip_prefix("QH").or_else(|| code.strip_prefix("OH")) {
        let mut cs = n.chars();
        if matches!(cs.next(), Some('I' | 'l')) && cs.as_str().len() == 1 {
            let d = match cs.next() {
                Some('S') => Some('5'),
                Some('O') => Some('0'),
                d => d.filter(char::is_ascii_digit),
            };
            if let Some(d) = d {
                return Some(format!("QH1{d}"));
            }
        }
    }
    // A code's small g at its end OCR read without its tail (`TTe`, `TTq` for the Prime
    // Minister's `TTg`).
    if let Some(head) = code.strip_suffix(['e', 'q', '9']) {
        let g = format!("{head}g");
        if known_code(&g) {
            return Some(g);
        }
    }
    let seen: Vec<char> = code.chars().flat_map(char::to_uppercase).collect();
    let mut best: Vec<(usize, &String)> = Vec::new();
    for known in &d.codes {
        let k: Vec<char> = known.chars().flat_map(char::to_uppercase).collect();
        if k.len() != seen.len() {
            continue;
        }
        // A D for a Đ is no confusion: the stroke is lost in every code English OCR or an
        // ASCII keyboard writes (`OD` is `QĐ` with one letter confused, as `QD` is with none).
        let mut confusions = 0;
        let fits = seen.iter().zip(&k).all(|(s, t)| {
            if s == t || (*s, *t) == ('D', 'Đ') {
                true
            } else if confusable(*s, *t) {
                confusions += 1;
                true
            } else {
                false
            }
        });
        if fits && confusions > 0 && confusions * 3 < k.len().max(2) * 2 {
            best.push((confusions, known));
        }
    }
    best.sort();
    best.dedup_by(|a, b| a.1 == b.1);
    match best.as_slice() {
        [(_, k)] => return Some(k.to_string()),
        [(a, k), (b, _), ..] if a < b => return Some(k.to_string()),
        _ => {}
    }
    // A stroked D OCR doubled in a type's code (`QĐĐ` for `QĐ`, an eth beside the Đ): the
    // one type it leaves. Only that letter: a real code has other letters doubled (Khánh
    // Hòa's tax office writes `2249/KHH-NVDTPC`, which is no kế hoạch).
    let undoubled: Vec<String> = (1..seen.len())
        .filter(|&i| seen[i] == seen[i - 1] && matches!(seen[i], 'Đ' | 'D'))
        .map(|i| {
            let mut c = seen.clone();
            c.remove(i);
            c.into_iter().collect::<String>()
        })
        .filter(|c| d.doc_type(c).is_some())
        .collect();
    if let [one] = undoubled.as_slice() {
        return d.doc_type(one).map(|(code, _)| code.to_string());
    }
    // One letter too many in a national issuer's code (`TVW` for `TW`): only those, whose
    // numbers are not scoped, so that a local code (`SKHCN`) is never cut down to another;
    // and only a sign, a stray stroke, or a letter OCR makes of its neighbour's strokes (a V
    // beside a W, a letter doubled), so that a company's own code (`CVHQ`) is not read as
    // another's (`CHQ`).
    if seen.len() < 3 {
        return None;
    }
    let split_off = |i: usize| {
        let c = seen[i];
        // (`BVHTT&DL`: the ampersand a ministry's own code does without; `ITTg`: a stroke
        // of the frame or the stamp read as an I or an l.)
        !c.is_alphanumeric()
            || matches!(c, 'I' | 'L')
            || [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter_map(|j| seen.get(j))
                .any(|&n| n == c || matches!((c, n), ('V', 'W') | ('W', 'V')))
    };
    let mut cut: Vec<String> = (0..seen.len())
        .filter(|&i| split_off(i))
        .map(|i| {
            seen.iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| *c)
                .collect::<String>()
        })
        .filter(|c| d.issuer_is_national(c) == Some(true))
        .collect();
    cut.sort();
    cut.dedup();
    match cut.as_slice() {
        [one] => d
            .codes
            .iter()
            .find(|k| fold(k).to_uppercase() == fold(one))
            .cloned(),
        _ => None,
    }
}

fn written(seq: Option<&str>, year: Option<&str>, first_sep: char, codes: &str) -> String {
    let mut w = seq.unwrap_or("").to_string();
    if let Some(y) = year {
        w.push('/');
        w.push_str(y);
    }
    w.push(if first_sep == '/' { '/' } else { '-' });
    // (A speck OCR read as a dot after a dash, `CT-.CS`, is none of the code's.)
    let mut after_sep = false;
    for c in codes.chars().filter(|c| !c.is_whitespace()) {
        if !(after_sep && c == '.') {
            w.push(if matches!(c, '–' | '—') { '-' } else { c });
        }
        after_sep = matches!(c, '-' | '/' | '–' | '—');
    }
    w
}

/// Where a number starts whose first digit OCR set apart from the rest by a space
/// (`sé 1 466/QD-UBND`, `só 3 7/2023/NQ-HDND`, `s6 1 2/2021/0B-TTg`: 1466, 37, 12 on the
/// page): one digit between `số` as OCR reads it (a word of up to three letters starting with
/// an s: `so`, `sé`, `s6`, `Số:`; or `56`, `86`, `36`) and the digits at `at`, one space
/// either side. Lists and tables set a row's number before a document's (`1 12/QĐ-UBND`)
/// with no `số` before it.
fn split_first_digit(text: &str, at: usize) -> Option<usize> {
    let head = text[..at].strip_suffix(' ')?;
    let digit = head.len().checked_sub(1)?;
    // (Or a 1 read as I, l or a bar: `số I 18/2025/NĐ-CP`, Vietnamese OCR's 118.)
    if !matches!(head.as_bytes()[digit], b'0'..=b'9' | b'I' | b'l' | b'|') {
        return None;
    }
    let before = head[..digit].strip_suffix(' ')?;
    // (A space of more than a byte, a no-break one, may stand before the word.)
    let word_at = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = before[word_at..].trim_end_matches([':', '.']);
    let mut cs = word.chars();
    let so = match cs.next() {
        Some('s' | 'S') => word.chars().count() <= 3 && cs.all(char::is_alphanumeric),
        // Its s read as a digit too (`dinh 56 1 466/0D-UBND`, `86`, `36`).
        Some('3' | '5' | '8') => cs.as_str() == "6",
        _ => false,
    };
    so.then_some(digit)
}

/// Every document number in `text`, in order. Dates (`22/12/2024`) are never numbers: a
/// number's symbol must have letters.
pub fn find_numbers(text: &str) -> Vec<Found> {
    find_numbers_at_most(text, usize::MAX)
}

/// The first `max` document numbers of `text` ([`find_numbers`]): what is read of a text
/// holding more is bounded, whatever the text.
pub fn find_numbers_at_most(text: &str, max: usize) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for c in number_re().captures_iter(text) {
        if out.len() >= max {
            break;
        }
        let m = c.get(0).unwrap();
        // Not the tail of a longer token (`A12/KH`, `2024/…`, `x.5-QĐ`).
        if let Some(prev) = text[..m.start()].chars().next_back() {
            // Nor a chainage (`K0+000 - K16+500`), nor the year of a standard
            // (`QCVN 62-MT:2016/BTNMT`), nor what follows OCR's fraction slash (`3 1⁄2024/QH15`
            // for 31/2024/QH15: not a law of number 2024).
            if (prev.is_alphanumeric() && !after_so(&text[..m.start()]))
                || matches!(prev, '/' | '.' | '-' | '_' | '+' | '⁄' | '∕')
            {
                continue;
            }
            // (A year glued after a code's colon; `Số:280/BC-UBND` is a label's number.)
            let seq = &text[m.start()..];
            let year_like =
                seq.len() >= 5 && opens_with_year(seq) && !seq.as_bytes()[4].is_ascii_digit();
            if prev == ':' && year_like {
                let head = text[..m.start() - 1].trim_end_matches(char::is_alphanumeric);
                let word = &text[head.len()..m.start() - 1];
                if !word.is_empty() && crate::text::fold_lower(word) != "so" {
                    continue;
                }
            }
        }
        // A digit OCR set apart from the rest (`số 1 466/QĐ-UBND`): the number starts there.
        let start = split_first_digit(text, m.start()).unwrap_or(m.start());
        // A form's number (`theo mẫu số 01/TK-SDDPNN`, `trên tờ khai 05/KK-TNCN`) names no
        // document.
        let head = &text[..start];
        let from = head.char_indices().rev().nth(11).map_or(0, |(i, _)| i);
        let before = crate::text::fold_lower(&head[from..]);
        let before = before.trim_end_matches(|c: char| c.is_whitespace() || c == ':');
        if before.ends_with("mau so") || before.ends_with(" mau") || before.ends_with("to khai") {
            continue;
        }
        // A technical standard's number (`QCVN 62-MT:2016/BTNMT`, `TCVN 5574:2018`) names no
        // document of the graph.
        if before.ends_with("qcvn") || before.ends_with("tcvn") || before.ends_with("qcdp") {
            continue;
        }
        let codes_m = c.name("codes").unwrap();
        // A word after a year or a list's number (`1900 - Khong tham dự`, `6 - Khu 2`, and
        // text without its marks, `Dieu 3 - Giao`): a code is in capitals (`NQ`, `TTr`), not
        // a capital and a syllable in lower case.
        let followed_by_word = text[codes_m.end()..]
            .strip_prefix([' ', '\t'])
            .is_some_and(|r| r.starts_with(char::is_lowercase));
        if first_group_is_a_word(codes_m.as_str(), followed_by_word) {
            continue;
        }
        // Nor is a code set apart by a spaced dash, alone and with a sentence after it: a
        // list's item or a status (`“01 - NNT phải cung cấp …”`), unlike `1025-CVHQ` and
        // what *số* names (`Luật số 45 - L ngày …`).
        let spaced_dash = text[c.name("seq").map_or(m.start(), |s| s.end())..codes_m.start()]
            .starts_with(char::is_whitespace);
        if followed_by_word
            && spaced_dash
            && !before.ends_with("so")
            && c.name("year").is_none()
            && !codes_m.as_str().contains(['-', '/', '–', '—'])
        {
            continue;
        }
        // A last group that runs on into more letters (`57-NQ/TW -Aaê`) is not part of the
        // number: drop groups from the end until what is left ends cleanly.
        let mut codes_end = codes_m.end();
        let runs_on = |end: usize| {
            text[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        };
        // (A capital Vietnamese OCR marked in a known code, `TB-CHỌQ`, `QĐ-ÙBND`: the
        // number runs on to its end, and [`mend_code`] unmarks it.)
        if let Some(end) = marked_code_end(text, codes_m.start(), codes_end) {
            codes_end = end;
        }
        while runs_on(codes_end) {
            let part = &text[codes_m.start()..codes_end];
            match part.rfind(['-', '/', '–', '—']) {
                Some(p) => {
                    codes_end = codes_m.start()
                        + text[codes_m.start()..codes_m.start() + p].trim_end().len()
                }
                None => break,
            }
        }
        let mut codes = split_codes(&text[codes_m.start()..codes_end]);
        // (A zero for the Q of `QH15` only where a law's year stands before it.)
        if c.name("year").is_none() && codes.first().is_some_and(|g| g.starts_with("0H")) {
            continue;
        }
        let Some(dropped) = strip_footnote(&mut codes) else {
            continue;
        };
        let mut mended: Vec<(String, String)> = Vec::new();
        for c in codes.iter_mut() {
            if let Some(m) = mend_code(c) {
                mended.push((c.clone(), m.clone()));
                *c = m;
            }
        }
        if let Some((kind, body)) = glued_codes(&codes) {
            mended.push((codes[0].clone(), format!("{kind}-{body}")));
            codes = vec![kind, body];
        }
        let mut end = codes_end - dropped;
        // A group that runs on into more letters or digits is not a number (`5-Ab3c`).
        if dropped == 0 && runs_on(end) {
            continue;
        }
        // A standard's number, its year after a colon (`62-MT:2016/BTNMT`), whatever OCR
        // made of the `QCVN` before it (`OCVN 62-MT:2016/BTNMT`).
        if standards_year(&text[end..]) {
            continue;
        }
        // Trailing white space is never part of the symbol.
        while end > start && bytes[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        // (The digit set apart, then the rest: `1 466` is 1466, `1 01` is 101.)
        // (Figures OCR read as letters, `8l`, `2O25`, in digits: [`in_digits`].)
        let seq_digits = c.name("seq").map(|s| in_digits(s.as_str()));
        let year_digits = c.name("year").map(|y| in_digits(y.as_str()));
        let seq = seq_digits.as_deref().map(|s| {
            let apart = in_digits(text[start..m.start()].trim_end());
            format!("{apart}{s}")
        });
        let year = year_digits.as_deref();
        let between = &text[c
            .name("year")
            .map_or(c.name("seq").unwrap().end(), |y| y.end())
            ..codes_m.start()];
        let first_sep = between
            .chars()
            .find(|ch| !ch.is_whitespace())
            .unwrap_or('/');
        // A sequence in two parts (a company's `0825-03/HW-TCHQ`, `01-10/2025/CV-TKV`; the
        // Government's `66.7/2025/NQ-CP`) only before a slash: `57-12-NQ` is no number.
        if c.name("seq")
            .is_some_and(|s| s.as_str().contains(['-', '.']))
            && first_sep != '/'
        {
            continue;
        }
        // An eth is written as the Đ it stands for, a Cyrillic look-alike as its Latin
        // letter (`BKHĐТ` typed with a Cyrillic Т is `BKHĐT`).
        let mut written_codes: String = text[codes_m.start()..end].chars().map(latin).collect();
        for (from, to) in &mended {
            written_codes = written_codes.replacen(from.as_str(), to, 1);
        }
        // Figures OCR read as letters (`8l`, `2O25`): mended in the text as a code is.
        let figures = [(c.name("seq"), &seq_digits), (c.name("year"), &year_digits)];
        for (written, digits) in figures {
            if let (Some(w), Some(d)) = (written, digits) {
                if w.as_str() != d {
                    mended.push((w.as_str().to_string(), d.clone()));
                }
            }
        }
        let mut written = written(seq.as_deref(), year, first_sep, &written_codes);
        // A company's or a foreign body's year at the end (`1025/PLYK/2025`,
        // `09/HDTLMM/2025`): the number's year, written where it stands.
        let mut year: Option<u16> = year.and_then(|y| y.parse().ok());
        if year.is_none() && first_sep == '/' {
            if let Some(y) = trailing_year(&text[end..]) {
                year = Some(y);
                written.push_str(&format!("/{y}"));
                end += 5;
            }
        }
        out.push(Found {
            number: DocNumber {
                written,
                seq,
                year,
                codes,
            },
            span: [start, end],
            mended,
        });
    }
    out
}

/// Whether `head` ends with the word *số* glued to the number after it (`Nghị định
/// số142/2018/NĐ-CP`), its marks as written (*sơ* is another word).
fn after_so(head: &str) -> bool {
    let word = head.trim_end_matches(char::is_alphabetic);
    head.len() - word.len() <= "số".len()
        && !word.ends_with(|c: char| c.is_alphanumeric())
        && head[word.len()..].to_lowercase() == "số"
}

/// Whether `rest` starts with a standard's year after its colon (`:2016/BTNMT`, `:2018`).
fn standards_year(rest: &str) -> bool {
    let Some(y) = rest.strip_prefix(':') else {
        return false;
    };
    opens_with_year(y)
        && y.as_bytes()
            .get(4)
            .is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// Whether `s` opens with a year's four digits, 19xx or 20xx (what follows unread).
fn opens_with_year(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 4
        && (s.starts_with("19") || s.starts_with("20"))
        && b[2..4].iter().all(u8::is_ascii_digit)
}

/// The year that `/2025` at the start of `rest` writes, when nothing runs on after it.
fn trailing_year(rest: &str) -> Option<u16> {
    let y = rest.strip_prefix('/')?;
    let year = opens_with_year(y) && {
        let mut after = y[4..].chars();
        match after.next() {
            None => true,
            // (A sentence's full stop, not `2025.1`.)
            Some('.') => after.next().is_none_or(|c| !c.is_alphanumeric()),
            Some(c) => !c.is_alphanumeric() && !matches!(c, '/' | '-' | '_'),
        }
    };
    year.then(|| y[..4].parse().ok()).flatten()
}

/// A blank number in a header (`Số:      /VP-KGVX`, a draft): the symbol alone.
pub fn find_blank_number(text: &str) -> Option<Found> {
    let c = blank_number_re().captures(text)?;
    let codes_m = c.name("codes")?;
    let codes = split_codes(codes_m.as_str());
    if codes.is_empty() {
        return None;
    }
    Some(Found {
        number: DocNumber {
            seq: None,
            year: None,
            written: codes_m.as_str().split_whitespace().collect(),
            codes,
        },
        span: [codes_m.start(), codes_m.end()],
        mended: Vec::new(),
    })
}

/// Parses a number as a user types it: `57-NQ/TW`, `57/NQ-TW`, `57 nq tw`, `160/kh-ubnd`,
/// `30/2020/nđ-cp`. Codes are taken case-blind.
pub fn parse_number(s: &str) -> Option<DocNumber> {
    let parts: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect();
    let (seq, rest) = parts.split_first()?;
    if !seq.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let is_year = |y: &str| {
        y.len() == 4
            && y.chars().all(|c| c.is_ascii_digit())
            && (y.starts_with("19") || y.starts_with("20"))
    };
    // A sequence in two parts (`0825-03/HW-TCHQ`), as [`find_numbers`] reads it.
    let (seq, rest) = match rest.split_first() {
        Some((second, more))
            if !more.is_empty()
                && (1..=4).contains(&second.len())
                && second.chars().all(|c| c.is_ascii_digit())
                && !is_year(second) =>
        {
            (format!("{seq}-{second}"), more)
        }
        _ => (seq.to_string(), rest),
    };
    let (year, rest) = match rest.split_first() {
        Some((y, more)) if !more.is_empty() && is_year(y) => (y.parse().ok(), more),
        _ => (None, rest),
    };
    // (A year at the end, `1025/PLYK/2025`, as [`find_numbers`] reads it.)
    let (year, rest) = match rest.split_last() {
        Some((y, more)) if year.is_none() && !more.is_empty() && is_year(y) => {
            (y.parse().ok(), more)
        }
        _ => (year, rest),
    };
    if rest.is_empty()
        || rest
            .iter()
            .any(|p| !p.chars().next().is_some_and(char::is_alphabetic))
    {
        return None;
    }
    let codes: Vec<String> = rest.iter().map(|p| p.to_uppercase()).collect();
    Some(DocNumber {
        written: s.trim().to_string(),
        seq: Some(seq),
        year,
        codes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        find_numbers(text).iter().map(|f| f.number.norm()).collect()
    }

    #[test]
    fn a_type_code_glued_to_an_issuer_code_is_split() {
        let f = find_numbers("Thông tư số 25/2023/TTBKHĐT ngày 31/12/2023");
        assert_eq!(f[0].number.codes, ["TT", "BKHĐT"]);
        assert_eq!(f[0].number.written, "25/2023/TT-BKHĐT");
        // A code of its own stays whole.
        let f = find_numbers("Công văn số 12/TTCP ngày 01/02/2025");
        assert_eq!(f[0].number.codes, ["TTCP"]);
    }

    #[test]
    fn a_year_at_the_end_is_the_numbers_year() {
        let f = find_numbers(
            "Trả lời công văn số 1025/PLYK/2025 ngày 10/11/2025 và số 09/HDTLMM/2025.",
        );
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].number.written, "1025/PLYK/2025");
        assert_eq!(f[0].number.year, Some(2025));
        assert_eq!(f[0].number.codes, ["PLYK"]);
        assert_eq!(f[1].number.written, "09/HDTLMM/2025");
        // As typed, the same number.
        let typed = parse_number("1025/plyk/2025").unwrap();
        assert_eq!(typed.norm(), f[0].number.norm());
        // Not a year that runs on (`/2025x`, `/2025/ABC`, `/2025-01`), nor one after a dash.
        for t in [
            "số 12/QĐ-UBND/2025x",
            "số 5/KH-UBND/2025/ABC",
            "số 8/CV/2025-01",
            "57-NQ/2025",
        ] {
            let f = find_numbers(t);
            assert!(f.iter().all(|f| f.number.year.is_none()), "{t}: {f:?}");
        }
    }

    #[test]
    fn a_real_code_with_a_doubled_letter_is_kept() {
        let f =
            find_numbers("công văn số 2249/KHH-NVDTPC ngày 04/6/2025 và Quyết định số 87/QĐĐ-UBND");
        assert_eq!(f[0].number.written, "2249/KHH-NVDTPC");
        assert_eq!(f[1].number.written, "87/QĐ-UBND");
    }

    #[test]
    fn an_older_legislatures_number_is_kept() {
        let f = find_numbers(
            "Luật Phòng cháy và chữa cháy số 27/2001/QH10 và Pháp lệnh số 44/2002/UBTVQH10.",
        );
        assert_eq!(f[0].number.written, "27/2001/QH10");
        assert!(f[0].number.is_national());
        assert_eq!(f[1].number.written, "44/2002/UBTVQH10");
    }

    #[test]
    fn three_forms_parse() {
        let t = "Kế hoạch số 160/KH-UBND, Nghị định 30/2020/NĐ-CP và Nghị quyết số 57-NQ/TW.";
        let f = find_numbers(t);
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].number.written, "160/KH-UBND");
        assert_eq!(f[0].number.norm(), "160-KH-UBND");
        assert_eq!(&t[f[0].span[0]..f[0].span[1]], "160/KH-UBND");
        assert_eq!(f[1].number.norm(), "30-2020-ND-CP");
        assert_eq!(f[1].number.year, Some(2020));
        assert_eq!(f[2].number.written, "57-NQ/TW");
        assert!(f[2].number.is_national());
        assert!(!f[0].number.is_national());
        assert!(f[1].number.is_national());
        assert_eq!(f[0].number.type_code(), Some("KH"));
    }

    #[test]
    fn a_companys_sequence_in_two_parts() {
        let t = "Đơn số 0825-03/HW-TCHQ ngày 05/9/2025, Công văn số 01-10/2025/CV-TKV; 57-12-NQ; \
            Nghị quyết số 66.7/2025/NQ-CP; 1.5-NQ";
        let f = find_numbers(t);
        let w: Vec<&str> = f.iter().map(|f| f.number.written.as_str()).collect();
        assert_eq!(
            w,
            ["0825-03/HW-TCHQ", "01-10/2025/CV-TKV", "66.7/2025/NQ-CP"]
        );
        assert_eq!(f[1].number.year, Some(2025));
        assert!(f[2].number.is_national());
        // Typed as a user types it, it is the same document.
        for (typed, found) in [
            ("0825-03/hw-tchq", &f[0]),
            ("01-10/2025/CV-TKV", &f[1]),
            ("66.7/2025/NQ-CP", &f[2]),
        ] {
            assert_eq!(parse_number(typed).unwrap().norm(), found.number.norm());
        }
        assert_eq!(
            parse_number("12/2021/QĐ-TTg").unwrap().norm(),
            "12-2021-QD-TTG"
        );
    }

    #[test]
    fn ocr_confused_codes_are_mended() {
        let f = find_numbers(
            "Quy định 204-QB/TW, 204-Qb/TW; Thông báo 07-TB/COTTBCD; S6 11-KH/TU; 57-NQ/TVW; \
             Tờ trình 239/TIr-UBND; Quyết định 87/QĐÐ-UBND; Quyết định 304/OD-UB; 133/QĐ-ITTg",
        );
        let w: Vec<&str> = f.iter().map(|f| f.number.written.as_str()).collect();
        assert_eq!(
            w,
            [
                "204-QĐ/TW",
                "204-QĐ/TW",
                "07-TB/CQTTBCĐ",
                "11-KH/TU",
                "57-NQ/TW",
                "239/TTr-UBND",
                "87/QĐ-UBND",
                "304/QĐ-UB",
                "133/QĐ-TTg"
            ]
        );
        // Known codes, and unknown ones with no close known code, stay as written.
        let f = find_numbers("Công văn 96/SKHCN-QLCN và 1875/UBND-KT, 6619-TB/VPTU, 1025-CVHQ");
        let w: Vec<&str> = f.iter().map(|f| f.number.written.as_str()).collect();
        assert_eq!(
            w,
            ["96/SKHCN-QLCN", "1875/UBND-KT", "6619-TB/VPTU", "1025-CVHQ"]
        );
    }

    #[test]
    fn qd_read_with_a_zero_is_mended_where_an_issuer_follows() {
        let t = "Quyết định 12/2021/0B-TTg, 133/0BD-TTg, 1466/0D-UBND, 9/00D-UBND, 407/Q0D-UBND, \
                 1000/QDB-BNNMT";
        let f = find_numbers(t);
        let w: Vec<&str> = f.iter().map(|f| f.number.written.as_str()).collect();
        assert_eq!(
            w,
            [
                "12/2021/QĐ-TTg",
                "133/QĐ-TTg",
                "1466/QĐ-UBND",
                "9/QĐ-UBND",
                "407/QĐ-UBND",
                "1000/QĐ-BNNMT"
            ]
        );
        assert_eq!(f[0].mended, [("0B".to_string(), "QĐ".to_string())]);
        // A code starts with a letter: digits alone after a slash are no number.
        assert!(norms("tỷ lệ 12/0D và 3/0B; 12/05-UBND").is_empty());
    }

    #[test]
    fn a_first_digit_ocr_set_apart_after_so_is_the_numbers() {
        let t =
            "Căn cứ Quyết định sé 1 466/QD-UBND ngày 29/12/2023; Nghị quyết só 3 7/2023/NQ-HDND; \
                 Số: 1 01/2024/ND-CP; Quyết định 56 1 2/2021/0B-TTg";
        let f = find_numbers(t);
        let w: Vec<&str> = f.iter().map(|f| f.number.written.as_str()).collect();
        assert_eq!(
            w,
            [
                "1466/QD-UBND",
                "37/2023/NQ-HDND",
                "101/2024/ND-CP",
                "12/2021/QĐ-TTg"
            ]
        );
        assert_eq!(&t[f[0].span[0]..f[0].span[1]], "1 466/QD-UBND");
        // A no-break space before `số` is a space of two bytes.
        assert_eq!(norms("Căn cứ\u{a0}số 1 466/QĐ-UBND"), ["1466-QD-UBND"]);
        assert_eq!(norms("\u{3000}s 1 2/QĐ-UBND"), ["12-QD-UBND"]);
        // A row's number in a list or a table, and a number after a word that is no `số`,
        // stay apart.
        assert_eq!(
            norms("1 12/QĐ-UBND\nĐiều 2 15/QĐ-UBND; số  1 20/QĐ-UBND"),
            ["12-QD-UBND", "15-QD-UBND", "20-QD-UBND"]
        );
    }

    #[test]
    fn dates_are_never_numbers() {
        assert!(norms("ngày 22/12/2024, ngày 01-4-2025, năm 2025-2030, 6619/2025").is_empty());
        assert_eq!(
            norms("số 71/NQ-CP, ngày 01/4/2025 của Chính phủ"),
            vec!["71-NQ-CP"]
        );
    }

    #[test]
    fn mixed_case_codes_and_split_lines() {
        assert_eq!(
            norms("08-QĐi/TW; 206/QĐ-TTg; 150-CTr/TU"),
            vec!["8-QDI-TW", "206-QD-TTG", "150-CTR-TU"]
        );
        let t = "Nghị quyết số 57-\n\nNQ/TW, ngày";
        let f = find_numbers(t);
        assert_eq!(f[0].number.written, "57-NQ/TW");
        assert_eq!(&t[f[0].span[0]..f[0].span[1]], "57-\n\nNQ/TW");
    }

    #[test]
    fn footnote_marks_are_dropped_but_legislature_numbers_kept() {
        let t = "Nghị quyết số 57-NQ/TW1, ngày 22/12/2024";
        let f = find_numbers(t);
        assert_eq!(f[0].number.written, "57-NQ/TW");
        assert_eq!(&t[f[0].span[0]..f[0].span[1]], "57-NQ/TW");
        assert_eq!(norms("Kế hoạch số 238-KH/TU1, ngày"), vec!["238-KH-TU"]);
        assert_eq!(norms("Luật số 59/2020/QH14."), vec!["59-2020-QH14"]);
        assert!(norms("Luật số 13/2008/QH112 ngày").is_empty());
        // After a type, the group is an issuer's: a unit's number is no footnote.
        assert_eq!(norms("Công văn số 115/CV-PA83 ngày"), vec!["115-CV-PA83"]);
        assert_eq!(norms("Phương án số 7/PA2, ngày"), vec!["7-PA"]);
        // A board named by its programme's number (`BCĐ138`, `BCĐ389`) keeps all three digits.
        let t = "Số: 04/QĐ-BCĐ138\nQuảng Ngãi, ngày 05 tháng 02 năm 2025";
        assert_eq!(find_numbers(t)[0].number.written, "04/QĐ-BCĐ138");
        // …and a province's letters after it (`BCĐ389QNg`, Quảng Ngãi's board 389): the number
        // is whole, not cut to `01/KH`. A word run on after a group's digits is no such suffix.
        let t = "Căn cứ Kế hoạch số 01/KH-BCĐ389QNg ngày 10/12/2021 của Ban Chỉ đạo 389 tỉnh";
        assert_eq!(find_numbers(t)[0].number.written, "01/KH-BCĐ389QNg");
        assert!(norms("Luật số 45/2019/QH14Căn cứ Luật").is_empty());
    }

    #[test]
    fn blank_numbers_and_typed_numbers() {
        let f = find_blank_number("Số:          /VP-KGVX Lạng Sơn, ngày").unwrap();
        assert_eq!(f.number.symbol(), "VP-KGVX");
        assert_eq!(f.number.seq, None);
        for typed in ["57-NQ/TW", "57/NQ-TW", "57 nq tw", "057-nq-tw"] {
            assert_eq!(parse_number(typed).unwrap().norm(), "57-NQ-TW", "{typed}");
        }
        assert_eq!(parse_number("160/kh-ubnd").unwrap().norm(), "160-KH-UBND");
        assert_eq!(
            parse_number("30/2020/nđ-cp").unwrap().norm(),
            "30-2020-ND-CP"
        );
        assert_eq!(parse_number("22/12/2024"), None);
        assert_eq!(parse_number("nghị quyết"), None);
    }

    #[test]
    fn a_group_that_runs_on_is_left_out() {
        let t = "nghi  57-NQ/TW -Aaê";
        let f = find_numbers(t);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].number.written, "57-NQ/TW");
        assert_eq!(&t[f[0].span[0]..f[0].span[1]], "57-NQ/TW");
    }

    #[test]
    fn not_inside_longer_tokens() {
        assert!(norms("mã A12/KH-UB và x.5-QĐ").is_empty());
    }

    #[test]
    fn keys_are_scoped_where_the_issuer_is_local() {
        let local = parse_number("160/KH-UBND").unwrap();
        let k = DocKey::scoped(&local, Some("Lạng Sơn"), Some(2025));
        assert_eq!(k.as_str(), "160-KH-UBND@lang-son:2025");
        assert_eq!(k.number(), Some("160-KH-UBND"));
        assert_eq!(k.scope(), Some("lang-son:2025"));
        assert_eq!(k.place_and_year(), (Some("lang-son"), Some("2025")));
        let k = DocKey::scoped(&local, None, None);
        assert_eq!(k.as_str(), "160-KH-UBND@?:?");
        assert_eq!(k.place_and_year(), (None, None));
        let national = DocKey::scoped(&parse_number("57-NQ/TW").unwrap(), Some("Lạng Sơn"), None);
        assert_eq!(national.as_str(), "57-NQ-TW");
        assert_eq!(national.scope(), None);
        let h = DocKey::from_hash("0123456789abcdef0123");
        assert_eq!(h.as_str(), "sha256:0123456789abcdef");
        assert!(h.is_hash());
        assert_eq!(h.number(), None);
        assert_eq!(DocKey::parse("sha256:0123456789abcdef"), Some(h));
        assert_eq!(
            DocKey::parse(" 160/kh-ubnd@lang-son:2025")
                .unwrap()
                .as_str(),
            "160-KH-UBND@lang-son:2025"
        );
        assert_eq!(DocKey::parse("57 nq tw").unwrap().as_str(), "57-NQ-TW");
        assert_eq!(
            DocKey::parse("160/kh-ubnd@Lạng Sơn:2025").unwrap().as_str(),
            "160-KH-UBND@lang-son:2025"
        );
        assert_eq!(
            DocKey::parse("160-kh-ubnd@lang-son").unwrap().scope(),
            Some("lang-son")
        );
        assert_eq!(DocKey::parse("nghị quyết"), None);
    }

    #[test]
    fn vietnamese_ocrs_ones_read_as_letters_and_a_code_after_a_blank_line() {
        let f = find_numbers("Luật số 54/2024/QHI5; Nghị định số I 18/2025/NĐ-CP ngày 9/6/2025");
        let written: Vec<&str> = f.iter().map(|f| f.number.written.as_str()).collect();
        assert_eq!(written, ["54/2024/QH15", "118/2025/NĐ-CP"]);
        // Its 5 read as an S too.
        let f = find_numbers("Luật số 55/2024/QHIS ngày 29/11/2024");
        assert_eq!(f[0].number.written, "55/2024/QH15");
        let f = find_numbers("- Thông tư số 10/2025/TT-\n\nBKHCN ngày 27/6/2025");
        assert_eq!(f[0].number.written, "10/2025/TT-BKHCN");
        // A Roman numeral is no digit where no `số` is before it.
        let f = find_numbers("Phụ lục I 18/2025/NĐ-CP");
        assert_eq!(f[0].number.written, "18/2025/NĐ-CP");
    }

    #[test]
    fn a_small_g_read_without_its_tail_is_mended() {
        let f = find_numbers("S6: 2634/QD-TTe; số 12/CĐ-TTq; số 7/KH-UBNDe");
        let written: Vec<&str> = f.iter().map(|f| f.number.written.as_str()).collect();
        // (Only where the code with a g is one the tables know.)
        assert_eq!(written, ["2634/QD-TTg", "12/CĐ-TTg", "7/KH-UBNDe"]);
    }

    #[test]
    fn figures_ocr_read_as_letters_are_digits() {
        let f = find_numbers(
            "S6: 8l/2025/QD-UBND; Số: 1O5/KH-UBND, số I2/TB-UBND và 12/2O24/NĐ-CP; A1l/KH-X",
        );
        let written: Vec<&str> = f.iter().map(|f| f.number.written.as_str()).collect();
        assert_eq!(
            written,
            [
                "81/2025/QD-UBND",
                "105/KH-UBND",
                "12/TB-UBND",
                "12/2024/NĐ-CP"
            ]
        );
        assert_eq!(f[0].number.seq.as_deref(), Some("81"));
        assert_eq!(f[3].number.year, Some(2024));
        // Mended in the text as a code is.
        assert!(f[0].mended.contains(&("8l".to_string(), "81".to_string())));
        assert!(f[3]
            .mended
            .contains(&("2O24".to_string(), "2024".to_string())));
        // No letters alone, nor a letter away from the figures.
        assert!(find_numbers("Mục II/KH-UBND, lô l/QĐ").is_empty());
    }

    #[test]
    fn a_marked_vowel_vietnamese_ocr_set_inside_a_known_code_is_dropped() {
        let f = find_numbers(
            "Số: 39305/TB-CHỌQ; Công văn số 123/CHỌQ-GSQL; số 45/TB-CHỌN; Quyết định số \
             1818/QĐ-ÙBND; Luật số 22/2023/OHI5; số 7/TB–CHỌQ; số 9/QĐ–ÙBND; số 3/CHỌQ–GSQL",
        );
        let written: Vec<&str> = f.iter().map(|f| f.number.written.as_str()).collect();
        // (`CHN` is no code: the group stays off the number, as before.)
        assert_eq!(
            written,
            [
                "39305/TB-CHQ",
                "123/CHQ-GSQL",
                "45/TB",
                "1818/QĐ-UBND",
                "22/2023/QH15",
                "7/TB-CHQ",
                "9/QĐ-UBND",
                "3/CHQ-GSQL"
            ]
        );
    }

    #[test]
    fn a_speck_after_a_codes_dash_is_no_part_of_it() {
        let f = find_numbers("SỐ: 5282/CT-.CS\nV/v chính sách thuế");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].number.written, "5282/CT-CS");
        assert_eq!(
            f[0].number.norm(),
            parse_number("5282/CT-CS").unwrap().norm()
        );
    }

    #[test]
    fn numbers_as_real_pages_write_them() {
        let written = |t: &str| -> Vec<String> {
            find_numbers(t)
                .into_iter()
                .map(|f| f.number.written)
                .collect()
        };
        // Broken at its dash by the page's wrapping; `&` inside a group.
        assert_eq!(
            written("Quyết định số 4347/QĐ-\nBVHTTDL ngày"),
            ["4347/QĐ-BVHTTDL"]
        );
        assert_eq!(
            written("Tờ trình số 596/TTr-SNN&MT ngày"),
            ["596/TTr-SNN&MT"]
        );
        assert_eq!(
            parse_number("596/TTr-SNN&MT").unwrap().norm(),
            find_numbers("596/TTr-SNN&MT")[0].number.norm()
        );
        // A road's chainage and a form's number are no documents.
        assert!(written("đoạn K0+000 - K16+500 và K16+500- K21+600").is_empty());
        assert!(written("theo mẫu số 01/TK-SDDPNN ban hành").is_empty());
        assert!(written("nộp tháng 3/2025 (trên tờ khai 05/KK-TNCN)").is_empty());
        // A line that ends after a whole number does not take the next line's word.
        assert_eq!(written("số 12/QĐ-UBND\nBan hành"), ["12/QĐ-UBND"]);
        // A standard's number and year, and what follows a fraction slash, are no documents.
        assert!(written("theo cột B QCVN 62-MT:2016/BTNMT - Quy chuẩn").is_empty());
        assert!(written("theo c6t B OCVN 62-MT:2016/BTNMT - Quy chudn").is_empty());
        // A law's `QH15` with its Q read as a zero, after a year only.
        assert_eq!(
            written("Luât Nhà à sé 27/2023/0H15, Luât"),
            ["27/2023/QH15"]
        );
        assert!(written("phòng 12-0H15 và 12/0H12").is_empty());
        assert_eq!(written("Số: 12/QĐ-UBND: ngày 2016"), ["12/QĐ-UBND"]);
        assert!(written("Luật Đất đai số 3 1⁄2024/QH15, Luật Nhà ở").is_empty());
        // A label's colon glued to its number is no standard's; nor is *số* glued to it a
        // longer token, unlike other letters.
        assert_eq!(written("Số:280/BC-UBND"), ["280/BC-UBND"]);
        assert_eq!(
            written("Nghị định số142/2018/NĐ-CP và Số12/QĐ-UBND"),
            ["142/2018/NĐ-CP", "12/QĐ-UBND"]
        );
        assert!(written("mã hồ sơ142/2018/NĐ-CP, lúcso12/QĐ-UBND").is_empty());
        // Cyrillic look-alikes typed into a code are written as the Latin letters.
        assert_eq!(
            written("Thông tư số 105/2025/TT-BTС và 02/2024/TT-BKHĐТ"),
            ["105/2025/TT-BTC", "02/2024/TT-BKHĐT"]
        );
        assert_eq!(written("Số:2016/QĐ-UBND ngày"), ["2016/QĐ-UBND"]);
        // A word after a year or a list's number is no code; a code in mixed case is.
        assert!(written("1900 - Khong tham dự\n1904 - Khong tham dự").is_empty());
        assert!(written("Mỏ đá 6 - Khu 2, xã Thường Tân").is_empty());
        assert!(written("Dieu 3 - Giao Uy ban nhan dan").is_empty());
        assert!(written("trạng thái “01 - NNT phải cung cấp”").is_empty());
        assert_eq!(written("công văn số 1025-CVHQ ngày"), ["1025-CVHQ"]);
        // Codes joined by dots (`E.K.LM`, a company's initials).
        assert_eq!(
            written("văn bản số 14/2025/CV-E.K.LM ngày"),
            ["14/2025/CV-E.K.LM"]
        );
        // Two letters are a word where a word in lower case follows; a code where none does.
        assert!(written("2007 - Vo dich 2009 - Vong bang 2010 - Bo cuoc").is_empty());
        assert!(written("Hang ba 1970 - A quan 1972 - Vong bang").is_empty());
        assert_eq!(written("Luật số 45 - L ngày"), ["45-L"]);
        assert_eq!(written("Công văn số 15/Ct ngày"), ["15/Ct"]);
        assert_eq!(written("số 12/Ttg-KTN ngày"), ["12/Ttg-KTN"]);
    }
}
