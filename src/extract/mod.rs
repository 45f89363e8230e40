//! Reading a record out of a document's text: its own number, date, place, issuer, type,
//! subject, signer, recipients, and every document it cites with the relation.
//!
//! One verb, [`extract`] (text → record); the numbers and dates it reads are the shared
//! vocabulary's ([`crate::number`], [`crate::date`]). Abbreviations are data in
//! `dictionaries/`. Every value keeps its byte span in the text. Knows nothing of OCR or of the
//! index.

pub mod cite;
pub mod header;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use crate::dict;
use crate::issuer::issuer_name;
use crate::number::{self, DocKey};
use crate::record::{sha256_hex, Record, Relation, Review, Source, Status};
use crate::text::{collapse_ws, fold_lower, Span};

/// The type name of a type code (`KH` → `Kế hoạch`).
pub fn type_name(code: Option<&str>) -> Option<String> {
    code.and_then(|c| dict::get().doc_type(c))
        .map(|(_, n)| n.to_string())
}

fn planner_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:^|[.;:]\s+)(?P<who>\p{Lu}[^.;:]{1,60}?)\s+xây\s+dựng\s+[Kk]ế\s+hoạch")
            .expect("planner regex")
    })
}

/// The province a text speaks of most, by the dictionary of provinces, and how often: none
/// where two are named as often (a letter to several provinces names each once). A province
/// named among the recipients (`Kính gửi: Thuế tỉnh Tây Ninh`, `Nơi nhận:`) is theirs rather
/// than the sender's: those mentions count only where the rest of the text names none (a
/// province's letter to its own newspaper, `Báo Lạng Sơn`).
fn province_mentioned(text: &str, recipients: &[String]) -> Option<(String, usize)> {
    // (A name the page's wrapping broke, `Thành phố Hồ` / `Chí Minh`, is named too.)
    let folded = fold_lower(&collapse_ws(text));
    let theirs = fold_lower(&collapse_ws(&recipients.join("\n")));
    let count = |hay: &str, f: &str| cite::phrases_at(hay, f).count();
    // Per province: its mentions outside the recipients, and among them.
    let counts: Vec<(usize, usize, &String)> = dict::get()
        .provinces
        .iter()
        .filter_map(|(name, f)| {
            let all = count(&folded, f);
            let among = if all > 0 {
                count(&theirs, f).min(all)
            } else {
                0
            };
            (all > 0).then_some((all - among, among, name))
        })
        .collect();
    let most = |mut named: Vec<(usize, &String)>| {
        named.retain(|c| c.0 > 0);
        named.sort_by_key(|c| std::cmp::Reverse(c.0));
        match named[..] {
            [(n, name), (m, _), ..] if n > m => Some((name.clone(), n)),
            [(n, name)] => Some((name.clone(), n)),
            _ => None,
        }
    };
    if counts.iter().any(|c| c.0 > 0) {
        most(counts.iter().map(|c| (c.0, c.2)).collect())
    } else {
        most(counts.iter().map(|c| (c.1, c.2)).collect())
    }
}

/// The first words (folded) of a central body's name: ministries, the Government and its
/// office, the National Assembly, the Party's central organs, national agencies.
const CENTRAL: &[&str] = &[
    "bo ",
    "chinh phu",
    "thu tuong",
    "quoc hoi",
    "van phong chinh phu",
    "van phong quoc hoi",
    "uy ban thuong vu quoc hoi",
    "ban chap hanh trung uong",
    "bo chinh tri",
    "ban bi thu",
    "ngan hang nha nuoc",
    "kiem toan nha nuoc",
    "toa an nhan dan toi cao",
    "vien kiem sat nhan dan toi cao",
    "tong cuc",
    "thanh tra chinh phu",
    "van phong trung uong",
    "chu tich nuoc",
    "van phong chu tich nuoc",
    "bao hiem xa hoi viet nam",
    "kho bac nha nuoc",
];

/// Whether the header's first issuer line is a central body's (`BỘ TÀI CHÍNH`), or names
/// the centre (`BAN TỔ CHỨC TRUNG ƯƠNG`).
fn is_central(issuer_lines: &[(String, Span)]) -> bool {
    issuer_lines.first().is_some_and(|(l, _)| {
        let f = fold_lower(l);
        CENTRAL.iter().any(|c| f.starts_with(c)) || f.ends_with("trung uong")
    })
}

/// The record that `text` makes. `source` is where it came from (its hash keys a document
/// whose own number is unknown); without one the text's own hash is used.
pub fn extract(text: &str, source: Option<Source>) -> Record {
    extract_at_most(text, source, MAX_NUMBERS)
}

/// [`extract`], reading at most `max_numbers` of the text's document numbers.
fn extract_at_most(text: &str, source: Option<Source>, max_numbers: usize) -> Record {
    let mut h = header::read_header(text);
    let closing = header::read_closing(text);
    // No header at all: the number and date its appendix's heading gives it, in review.
    let from_appendix = (h.number.is_none() && h.issuer_lines.is_empty())
        .then(|| appendix_own(text))
        .flatten();
    if let Some((found, date)) = &from_appendix {
        h.number = Some(found.clone());
        h.date = date.or(h.date);
    }
    let mut spans = BTreeMap::new();

    let own = h.number.as_ref().filter(|n| n.number.seq.is_some());
    // A province is written as the dictionary writes it, whatever OCR left of its marks.
    let d = dict::get();
    let as_province = |p: &str| d.province(p).map_or_else(|| p.to_string(), str::to_string);
    let from_header = h.locality.as_deref().map(as_province).or_else(|| {
        h.place
            .as_ref()
            .and_then(|(p, _)| d.province(p))
            .map(str::to_string)
    });
    // Neither the issuer nor the place names one (a letter without its header, a header OCR
    // garbled): the province the text names most is a guess, said in review.
    let mentioned = from_header
        .is_none()
        .then(|| province_mentioned(text, &closing.recipients))
        .flatten();
    let locality = from_header.or_else(|| mentioned.as_ref().map(|m| m.0.clone()));
    // A date whose day OCR garbled keeps what can be read of it (its month and year), in
    // review below.
    let date = h
        .date
        .map(|(d, _)| d)
        .or_else(|| h.garbled_date.and_then(|g| g.0));
    // A central body's document is no province's, wherever it was signed: its own number and
    // the local numbers it cites without naming their province are not scoped to one.
    let scope = if h.locality.is_none() && is_central(&h.issuer_lines) {
        None
    } else {
        locality.clone()
    };
    let key = match own {
        Some(n) => DocKey::scoped(&n.number, scope.as_deref(), date.map(|d| d.year)),
        None => DocKey::from_hash(
            &source
                .as_ref()
                .map_or_else(|| sha256_hex(text.as_bytes()), |s| s.sha256.clone()),
        ),
    };
    if let Some(n) = &h.number {
        spans.insert("number".to_string(), n.span);
    }
    if let Some((_, s)) = h.date {
        spans.insert("date".into(), s);
    }
    if let Some((_, s)) = &h.place {
        spans.insert("place".into(), *s);
    }

    // The title names the type; a consolidated text keeps the title of what it consolidates,
    // and its number says what it is. A letter (`V/v`) is a công văn whatever its number's
    // first letters (`5348/CT-CS`: CT is the issuer, Cục Thuế, not a chỉ thị).
    let number_type = h.number.as_ref().and_then(|n| n.number.type_code());
    // A text without its header: the type its appendix's heading calls it (`Kèm theo Công văn
    // số 5435/CT-NVT`: CT is Cục Thuế), else a letter's greeting at its top (`Kính gửi:`)
    // says it is a công văn.
    let appendix_type = from_appendix
        .as_ref()
        .and_then(|(f, _)| cite::type_before(text, f.span[0]));
    // (Its words may be broken over lines: `Kính` / `gửi: …`.)
    let greeting = || {
        h.issuer_lines.is_empty() && crate::text::starts_with_folded(text.trim_start(), "kinh gui")
    };
    let type_code = number_type
        .filter(|c| *c == "VBHN")
        .or_else(|| {
            h.title_type.map(|(c, s)| {
                spans.insert("type".into(), s);
                c
            })
        })
        .or_else(|| h.vv.then_some("CV"))
        .or(appendix_type)
        .or(number_type)
        .or_else(|| (h.number.is_some() || greeting()).then_some("CV"));

    let issuer = if h.issuer_lines.is_empty() {
        planner_re().captures(text).and_then(|c| {
            let m = c.name("who")?;
            spans.insert("issuer".into(), [m.start(), m.end()]);
            Some(collapse_ws(m.as_str()))
        })
    } else {
        let first = h.issuer_lines[0].1[0];
        let last = h.issuer_lines[h.issuer_lines.len() - 1].1[1];
        spans.insert("issuer".into(), [first, last]);
        Some(
            h.issuer_lines
                .iter()
                .map(|(l, _)| l.as_str())
                .collect::<Vec<_>>()
                .join(" / "),
        )
    };
    if let Some((_, s)) = &h.subject {
        spans.insert("subject".into(), *s);
    }
    if let Some((_, s)) = &closing.signer {
        spans.insert("signer".into(), *s);
    }
    if let Some((_, s)) = &closing.signer_title {
        spans.insert("signer_title".into(), *s);
    }
    // The lists of recipients: `recipients`, then `recipients.2`, … (a letter's `Kính gửi`
    // and its `Nơi nhận` lie apart).
    for (k, s) in closing.recipient_blocks.iter().enumerate() {
        let key = match k {
            0 => "recipients".to_string(),
            _ => format!("recipients.{}", k + 1),
        };
        spans.insert(key, *s);
    }

    let own_span = h.number.as_ref().map(|n| n.span);
    // One more than the most (and the own number, which is not a citation): whether the
    // text holds more is known without reading further.
    let own_date = h.date.map(|d| d.0);
    let mut found: Vec<number::Found> = number::find_numbers_at_most(text, max_numbers + 2)
        .into_iter()
        .filter(|f| Some(f.span) != own_span)
        .filter(|f| !names_itself(text, f, own.map(|o| &o.number), own_date))
        .collect();
    let mut review = unread_number(text, h.number.is_some());
    // A date without its day: left blank on the page (`ngày … tháng 12 năm 2024`), or a day
    // OCR garbled (`ngày OF tháng 02`), and then perhaps more of it.
    let dayless = match (h.date, h.garbled_date) {
        (Some((d, s)), _) if !d.is_full() => Some((Some(d), s)),
        (None, garbled) => garbled,
        _ => None,
    };
    if let Some((read, s)) = dayless {
        let written = collapse_ws(&text[s[0]..s[1]]);
        review.push(Review::of_text(
            "date",
            match read {
                Some(d) => format!(
                    "the date reads \"{written}\": it has no day (blank on the page, or \
                     unreadable), so only {} is kept",
                    d.iso()
                ),
                None => format!("the date reads \"{written}\", which could not be read"),
            },
        ));
    }
    review.extend(signature_reviews(&closing, || is_draft(text)));
    review.extend(long_subject(h.subject.as_ref().map(|s| s.0.as_str())));
    if let Some((found, date)) = &from_appendix {
        review.push(Review::of_text(
            "number",
            format!(
                "the text has no header: its number{} {} read from its appendix's heading, \
                 \"{}\"",
                if date.is_some() { " and date" } else { "" },
                if date.is_some() { "are" } else { "is" },
                collapse_ws(&text[found.span[0]..date.map_or(found.span[1], |d| d.1[1])])
            ),
        ));
    }
    if let Some((province, n)) = &mentioned {
        review.push(Review::of_text(
            "locality",
            format!(
                "neither the issuer nor the place names a province: {province} is the one the \
                 text names most ({n} time{}), which a document about it may name without \
                 being its",
                if *n == 1 { "" } else { "s" }
            ),
        ));
    }
    if found.len() > max_numbers {
        found.truncate(max_numbers);
        review.push(Review::of_text(
            "cites",
            format!(
                "the text holds more than {max_numbers} document numbers: only the first \
                 {max_numbers} were read as citations"
            ),
        ));
    }
    let own_norm = own.map(|n| n.number.norm());
    let mut cites = cite::citations(text, &found, own_norm.as_deref(), scope.as_deref());
    // A cited document's date in a year its number does not have (`37/2025/TT-BNNMT ngày
    // 02/7/2023`): OCR misread a figure of one of them, or the text has a slip.
    for c in &cites {
        let year = number::parse_number(&c.number).and_then(|n| n.year);
        if let (Some(y), Some(d)) = (year, c.date) {
            if y != d.year {
                review.push(Review::of_text(
                    "cites",
                    format!(
                        "{} is cited as of {}, a year its number does not have: one of the two \
                         is misread or mistyped",
                        c.number,
                        d.iso()
                    ),
                ));
            }
        }
    }
    // A consolidated text changes nothing itself: the articles it carries say what the texts
    // it consolidates did.
    if type_code == Some("VBHN") {
        for c in cites.iter_mut().filter(|c| c.relation != Relation::Basis) {
            c.relation = Relation::References;
        }
    }

    // The header's lines as written, or the one phrase a plan names its maker with.
    let lines: Vec<&str> = if h.issuer_lines.is_empty() {
        issuer.iter().map(String::as_str).collect()
    } else {
        h.issuer_lines.iter().map(|(l, _)| l.as_str()).collect()
    };
    let (mut issuer_name, issuer_parent) =
        issuer_name(&lines, locality.as_deref()).map_or((None, None), |n| (Some(n.name), n.parent));
    // No issuer in the header (a seal over it, a page that lost its top): the national body
    // the number's code names (`08/2025/NQ-CP`), said in review.
    if issuer_name.is_none() && issuer.is_none() {
        let from_code = own.and_then(|o| {
            o.number
                .codes
                .iter()
                .find_map(|c| Some((c, crate::dict::get().body_of_code(c)?)))
        });
        if let Some((code, body)) = from_code {
            issuer_name = Some(body.to_string());
            review.push(Review::of_text(
                "issuer",
                format!(
                    "the header names no issuer: {body} is the body the number's code {code} \
                     names"
                ),
            ));
        }
    }
    let mut rec = Record {
        key,
        number: own.map(|n| n.number.written.clone()),
        symbol: h
            .number
            .as_ref()
            .filter(|n| n.number.seq.is_none())
            .map(|n| n.number.symbol()),
        status: Status::Ingested,
        doc_type: type_name(type_code),
        date,
        place: h.place.map(|(p, _)| as_province(&p)),
        issuer_name,
        issuer_parent,
        issuer,
        locality,
        subject: h.subject.map(|(s, _)| s),
        signer: closing.signer.map(|(s, _)| s),
        signer_title: closing.signer_title.map(|(t, _)| t),
        recipients: closing.recipients,
        cites,
        spans,
        source,
        text: text.to_string(),
        restoration: None,
        scan: None,
        review,
        overrides: Vec::new(),
        identified_as: None,
    };
    review_misread_words(&mut rec);
    rec
}

/// A header field holding a word nobody writes ([`crate::text::misread_word`]: `THUẾ QUỐA`,
/// `TGĐÐ Cổng`), in review: OCR misread it, and restoring, which reads syllables, had nothing
/// to read it as.
fn review_misread_words(rec: &mut Record) {
    let fields = [
        ("issuer", rec.issuer_name.as_slice()),
        ("subject", rec.subject.as_slice()),
        ("signer", rec.signer.as_slice()),
        ("signer_title", rec.signer_title.as_slice()),
        ("recipients", rec.recipients.as_slice()),
    ];
    let mut said = Vec::new();
    for (field, values) in fields {
        let words: Vec<String> = values
            .iter()
            .flat_map(|v| crate::text::words(v))
            .filter(|w| crate::text::misread_word(w))
            .map(|w| format!("«{w}»"))
            .collect();
        if !words.is_empty() {
            said.push(Review::of_text(
                field,
                format!(
                    "{} can be no word as written: OCR may have misread {}",
                    words.join(", "),
                    if words.len() == 1 { "it" } else { "them" }
                ),
            ));
        }
    }
    rec.review.extend(said);
}

/// The most document numbers read from one text. A real document cites hundreds, a gazette
/// issue thousands; a text of a million (16 MiB of bare numbers, under `--max-text-bytes`)
/// took 1.9 GB to extract and index. Above this, the first are read and the record says so
/// in `review`: memory stays under 1 GiB whatever the text.
pub const MAX_NUMBERS: usize = 200_000;

/// A subject (trích yếu) in sentence case longer than this many characters is said in
/// review: such a subject sums a document up in a line or a few (the longest of the 246
/// realdocs' is 152), and one this long has most likely run on into the body, which no mark
/// ended. A subject in capitals ends where the body's sentence case starts, and runs long
/// where the document repeals a list of others (874 characters in one realdoc).
const SUBJECT_MAX: usize = 400;

/// A subject in sentence case over [`SUBJECT_MAX`] characters, in review.
fn long_subject(subject: Option<&str>) -> Option<Review> {
    let s = subject?;
    let n = s.chars().count();
    (n > SUBJECT_MAX && !crate::text::is_upper_line(s)).then(|| {
        Review::of_text(
            "subject",
            format!(
            "the subject runs to {n} characters, longer than a summary runs: it may have run on \
             into the body"
        ),
        )
    })
}

/// Whether `f` is the document's own number as its appendix's heading misprints it: in a
/// heading `(Kèm theo Quyết định số: 203/QĐ-UBND ngày 28 tháng 11 năm 2025 …)` of a text
/// numbered 2031/QĐ-UBND and dated that day (or `55/TT-BCT` of 55/2025/TT-BCT), its codes the
/// text's own, its year too where it has one, and its date the text's. An appendix's heading
/// names the text it belongs to.
fn names_itself(
    text: &str,
    f: &number::Found,
    own: Option<&number::DocNumber>,
    own_date: Option<crate::date::Date>,
) -> bool {
    let (Some(own), Some(own_date)) = (own, own_date) else {
        return false;
    };
    if f.number.codes != own.codes || f.number.year.is_some_and(|y| Some(y) != own.year) {
        return false;
    }
    // The heading's opening parenthesis, on the number's line or the one before (`(Ban hành
    // kèm` / `theo Thông tư số 55/TT-BCT ngày …`).
    let line = crate::text::line_start(text, f.span[0]);
    let from = crate::text::line_start(text, line.saturating_sub(1));
    let Some(open) = text[from..f.span[0]].rfind('(').map(|p| from + p) else {
        return false;
    };
    let inside = &text[open + 1..f.span[0]];
    let heading = !inside.contains(')')
        && ["kem theo", "ban hanh kem theo"]
            .iter()
            .any(|p| crate::text::starts_with_folded(inside.trim_start(), p));
    heading && crate::date::date_at_start(&text[f.span[1]..]).is_some_and(|(d, _)| d == own_date)
}

/// Lines of a text's top in which a `Số:` label is looked for.
const LABEL_LINES: usize = 30;

/// A text without its header (a letter as a site publishes it from its greeting on, a first
/// page lost) may still name itself in its appendix's heading, a line of its own in
/// parentheses: `(Kèm theo Công văn số 174/CV-BCĐ ngày 02 tháng 12 năm 2025 của Ban Chỉ
/// đạo)`. The number there (with `seq`) and the date after it, where one follows; none
/// where the heading names none. (In the typed documents that have their header, such a
/// heading names their own number in 71 of 73.)
fn appendix_own(text: &str) -> Option<(number::Found, Option<(crate::date::Date, Span)>)> {
    for (start, line) in crate::text::lines_with_offsets(text) {
        let t = line.trim_start();
        if !t.starts_with('(') {
            continue;
        }
        // (Its words may be broken over lines: `(kèm` / `theo Công văn số …`.)
        let from = start + (line.len() - t.len());
        if !crate::text::starts_with_folded(text[from + 1..].trim_start(), "kem theo") {
            continue;
        }
        // The heading up to its closing parenthesis, over a line or three.
        let stretch = &text[from..];
        let close = stretch
            .char_indices()
            .take_while(|(i, _)| *i < 400)
            .find(|(_, c)| *c == ')')
            .map(|(i, _)| i)?;
        let heading = &stretch[..close];
        let found = number::find_numbers(heading)
            .into_iter()
            .find(|f| f.number.seq.is_some())?;
        let date = crate::date::date_at_start(&heading[found.span[1]..]).map(|(d, s)| {
            (
                d,
                [from + found.span[1] + s[0], from + found.span[1] + s[1]],
            )
        });
        let span = [from + found.span[0], from + found.span[1]];
        return Some((number::Found { span, ..found }, date));
    }
    None
}

/// A `Số:` label at the text's top whose line holds digits no number was read from (`Số:
/// 123456789/QĐ-UBND`: more digits than a number has; a mangled symbol), or a label OCR
/// garbled before what is left of a number and its symbol (`S86: 8T /QD-UBND`, `S6:46°
/// /TB-UBND`), or a line of a number alone whose label OCR lost and whose figures it read
/// as letters (`S1/2025/QĐ-UBND`: 81 or 51): said in review, never a silently numberless
/// record. (A blank label, `Số: /QĐ-UBND`, is a draft's or a form's.)
fn unread_number(text: &str, read: bool) -> Vec<Review> {
    if read {
        return Vec::new();
    }
    static GARBLED: OnceLock<Regex> = OnceLock::new();
    let garbled = GARBLED.get_or_init(|| {
        Regex::new(r"(?:^|\s)([Ss][^\s:]{0,3}:[ \t]*(\S{1,6}[ \t]*/[ \t]*[A-ZĐ]\S*))")
            .expect("valid regex")
    });
    static ALONE: OnceLock<Regex> = OnceLock::new();
    let alone = ALONE.get_or_init(|| {
        Regex::new(r"^[ \t]*(\w{1,5}[ \t]*/[ \t]*(?:(?:19|20)\d\d[ \t]*/[ \t]*)?[A-ZĐ]{1,5}[-–][A-ZĐ]\S*)[ \t]*$")
            .expect("valid regex")
    });
    text.lines()
        .take(LABEL_LINES)
        .find_map(|line| {
            let (said, after) = match line.split_once("Số:").or_else(|| line.split_once("SỐ:"))
            {
                Some((_, after)) => (format!("Số: {}", after.trim()), after.trim()),
                None => match garbled.captures(line) {
                    Some(c) => (c.get(1)?.as_str().to_string(), c.get(2)?.as_str()),
                    None => {
                        let c = alone.captures(line)?;
                        (c.get(1)?.as_str().to_string(), c.get(1)?.as_str())
                    }
                },
            };
            after.chars().any(|c| c.is_ascii_digit()).then(|| {
                Review::of_text(
                    "number",
                    format!(
                        "the header says \"{}\", but no document number could be read from it",
                        said.chars().take(44).collect::<String>()
                    ),
                )
            })
        })
        .into_iter()
        .collect()
}

/// What the record says in review of its signature where the signer or the title was not
/// read (a draft, as `draft` tells where no signer was read, is unsigned: nothing): the
/// signer's review, then the title's.
fn signature_reviews(closing: &header::Closing, draft: impl Fn() -> bool) -> Vec<Review> {
    let (signer, title) = match (&closing.signer, &closing.signer_title) {
        (Some(_), Some(_)) => return Vec::new(),
        (Some(_), None) => (
            "read from the last line after the recipients, with no title above it: the title \
             may be lost, or the line no signer's"
                .to_string(),
            Some(
                "none read above the signer's name: OCR may have lost it (a seal over it, a \
                 faint scan)",
            ),
        ),
        (None, _) if draft() => return Vec::new(),
        (None, Some((title, _))) => (
            format!(
                "the signature's title \"{title}\" was read, but no name under it: OCR may \
                 have lost it, or the page it was on"
            ),
            // What OCR lost under the title may be the title's own last lines.
            Some(
                "read without a name under it: OCR may have lost its last lines with the name \
                 (KT. CHỦ TỊCH without PHÓ CHỦ TỊCH)",
            ),
        ),
        (None, None) => (
            "no signature was read (a title in capitals, a name under it): OCR may have lost \
             it, or the text has none"
                .to_string(),
            None,
        ),
    };
    std::iter::once(Review::of_text("signer", signer))
        .chain(title.map(|t| Review::of_text("signer_title", t)))
        .collect()
}

/// Whether the text is a draft (`DỰ THẢO`, `(Dự thảo)` on a line of its own in its header):
/// unsigned, so a signer is not missed.
fn is_draft(text: &str) -> bool {
    text.lines().take(LABEL_LINES).any(|line| {
        let f = fold_lower(line.trim().trim_matches(['(', ')']));
        f.starts_with("du thao") && f.split_whitespace().count() <= 3
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A closing block: a list of recipients, a signer's title and name.
    const SIGNED: &str = "\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLò Văn Sáu\n";

    #[test]
    fn a_subject_longer_than_a_summary_runs_is_in_review() {
        assert!(long_subject(Some("Về việc giao đất")).is_none());
        let repeals = "BÃI BỎ QUYẾT ĐỊNH SỐ 55/2014/QĐ-UBND CỦA UBND TỈNH ".repeat(10);
        assert!(long_subject(Some(&repeals)).is_none());
        let long = "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc ".repeat(10);
        let r = long_subject(Some(&long)).unwrap();
        assert_eq!(r.field, "subject");
        assert!(r.reason.contains("run on into the body"), "{}", r.reason);
    }

    /// A header field with a word OCR misread past reading (a foreign letter, two tones,
    /// vowels no syllable has) is in review, the words named; a name's `Đắk`, a loanword, an
    /// abbreviation and a code are words as written.
    #[test]
    fn a_field_with_a_word_nobody_writes_is_in_review() {
        let closing = |title: &str, items: &str| {
            format!(
                "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK\n\nSố: 9/KH-UBND\nĐắk Lắk, ngày 05 tháng 3 năm \
                 2025\n\nKẾ HOẠCH\nKhai thác BÔXIT\n\nNội dung.\n\nNơi nhận:\n{items}- Lưu: \
                 VT.\n\n{title}\n\nLò Văn Sáu\n"
            )
        };
        let typed = extract(
            &closing(
                "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
                "- VP UBND tỉnh: LĐVP, TTĐT, C35;\n",
            ),
            None,
        );
        assert!(typed.review.is_empty(), "{:?}", typed.review);
        let ocr = extract(
            &closing(
                "KT. CHỦ TỊCH\nTRƯỞNG BAN THUẾ QUỐA",
                "- VPCP: TGĐÐ Cổng, NÑVT;\n- Sở K¢ hoạch;\n",
            ),
            None,
        );
        let said = |field: &str| {
            ocr.review
                .iter()
                .find(|x| x.field == field)
                .map(|x| x.reason.clone())
        };
        assert!(said("signer_title").unwrap().contains("«QUỐA»"));
        let items = said("recipients").unwrap();
        for w in ["«TGĐÐ»", "«NÑVT»", "«K¢»"] {
            assert!(items.contains(w), "{w}: {items}");
        }
        assert_eq!(ocr.review.len(), 2, "{:?}", ocr.review);
    }

    /// A letter without its header: the province its text names most is a guess, in review;
    /// none where two are named alike, and the recipients' provinces count only where the rest
    /// names none.
    #[test]
    fn a_province_the_text_names_is_a_guess_in_review() {
        let locality = |text: &str| {
            let r = extract(text, None);
            let said = r.review.iter().any(|x| x.field == "locality");
            assert_eq!(said, r.locality.is_some(), "{:?}", r.review);
            r.locality
        };
        let body = "Kính gửi: Sở Nội vụ.\n\nĐể triển khai trên địa bàn tỉnh Lai Châu, đề nghị Sở \
                    phối hợp với các huyện của tỉnh Lai Châu và Báo Lạng Sơn.\n";
        assert_eq!(locality(body).as_deref(), Some("Lai Châu"));
        // Named alike: no guess; a name broken over lines is named too.
        let tie = "Kính gửi: Sở Nội vụ.\n\nCác tỉnh Lai Châu và Lạng Sơn báo cáo.\n";
        assert_eq!(locality(tie), None);
        let broken = "Kính gửi: Sở Nội vụ.\n\nCác tỉnh Lai\nChâu, Lạng Sơn và Lai\nChâu.\n";
        assert_eq!(locality(broken).as_deref(), Some("Lai Châu"));
        // A province the recipients name is theirs: the body's counts.
        let to = "Kính gửi: Ủy ban nhân dân tỉnh Lạng Sơn.\n\nTheo đề nghị của tỉnh Lai \
                  Châu, ...\n";
        assert_eq!(locality(to).as_deref(), Some("Lai Châu"));
        let only_to = "Kính gửi: Ủy ban nhân dân tỉnh Lạng Sơn.\n\nĐề nghị báo cáo.\n";
        assert_eq!(locality(only_to).as_deref(), Some("Lạng Sơn"));
        // A header that names it says nothing in review.
        let headed = "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\n\nSố: 9/KH-UBND\nLai Châu, ngày 05 tháng 3 \
                      năm 2025\n\nKẾ HOẠCH\nThử\n\nCác tỉnh Lạng Sơn, Lạng Sơn.\n";
        let r = extract(&format!("{headed}{SIGNED}"), None);
        assert_eq!(r.locality.as_deref(), Some("Lai Châu"));
        assert!(r.review.is_empty(), "{:?}", r.review);
    }

    /// A letter without its header names itself in its appendix's heading: its number and
    /// date are read from there, in review, and it does not cite itself.
    #[test]
    fn a_headless_letter_is_numbered_by_its_appendixs_heading() {
        let text = "Kính gửi: Sở Nội vụ tỉnh Tây Lĩnh.\n\nThực hiện Kế hoạch số 12/KH-UBND ngày \
                    03/01/2025, đề nghị Sở báo cáo theo mẫu kèm theo.\n\nPHỤ LỤC\n(Kèm theo Công \
                    văn số:\n88/SNV-VP ngày 17 tháng 11 năm 2025 của Sở Nội vụ)\n";
        let r = extract(text, None);
        assert_eq!(r.number.as_deref(), Some("88/SNV-VP"));
        assert_eq!(r.date.map(|d| d.iso()).as_deref(), Some("2025-11-17"));
        let cited: Vec<&str> = r.cites.iter().map(|c| c.number.as_str()).collect();
        assert_eq!(cited, ["12/KH-UBND"]);
        let said: Vec<&str> = r.review.iter().map(|x| x.field.as_str()).collect();
        assert!(said.contains(&"number"), "{:?}", r.review);
        // A heading in the body's sentence is no appendix's (`mẫu kèm theo Công văn số …`),
        // and a text with its header keeps the header's number.
        let body = "Kính gửi: Sở Nội vụ.\n\nBáo cáo theo mẫu kèm theo Công văn số 88/SNV-VP \
                    ngày 17/11/2025.\n";
        assert_eq!(extract(body, None).number, None);
        let headed = "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: 9/KH-UBND\nTây Lĩnh, ngày 05 tháng 3 \
                      năm 2025\n\nKẾ HOẠCH\nThử\n\n(Kèm theo Kế hoạch số 7/KH-UBND)\n";
        assert_eq!(extract(headed, None).number.as_deref(), Some("9/KH-UBND"));
    }

    /// A headless letter is a công văn: as its appendix's heading calls it, whatever its
    /// number's first letters (CT, Cục Thuế), the heading broken over lines; or by its
    /// greeting, itself broken.
    #[test]
    fn a_header_without_its_issuer_takes_the_body_its_numbers_code_names_in_review() {
        // The seal over the issuer's lines: OCR read the motto and the number alone.
        let text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n\
                    Số: 41/2026/NQ-CP\n\nHà Nội, ngày 12 tháng 3 năm 2026\n\nNGHỊ QUYẾT\n\
                    Về việc thí điểm cấp phép khai thác cảng cạn\n\nCHÍNH PHỦ\n\n\
                    Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\n";
        let r = extract(text, None);
        assert_eq!(r.issuer_name.as_deref(), Some("Chính phủ"));
        assert_eq!(r.issuer, None);
        assert!(
            r.review.iter().any(|v| v.field == "issuer"),
            "{:?}",
            r.review
        );
        // A code of several bodies names none (`TW`), nor does an unknown one.
        for number in ["41-NQ/TW", "41/KH-BQLKCN"] {
            let r = extract(&text.replace("41/2026/NQ-CP", number), None);
            assert_eq!(r.issuer_name, None, "{number}");
        }
    }

    #[test]
    fn a_cited_date_in_a_year_its_number_does_not_have_is_in_review() {
        let text = "Căn cứ Thông tư số 37/2025/TT-BTC ngày 02/7/2023 của Bộ Tài chính;\n\
                    Căn cứ Thông tư số 40/2025/TT-BTC ngày 02/7/2025 của Bộ Tài chính;\n";
        let r = extract(text, None);
        let cites: Vec<_> = r.review.iter().filter(|v| v.field == "cites").collect();
        assert_eq!(cites.len(), 1, "{:?}", r.review);
        assert!(cites[0]
            .reason
            .starts_with("37/2025/TT-BTC is cited as of 2023-07-02"));
    }

    #[test]
    fn a_headless_letter_is_a_cong_van() {
        let text =
            "Kính gửi: Các doanh nghiệp.\n\nCục Thuế hướng dẫn như sau.\n\nPhụ lục 1\n(Kèm\n\
                    theo Công văn số 5435/CT-NVT ngày 21/11/2025 của Cục Thuế)\n";
        let r = extract(text, None);
        assert_eq!(r.number.as_deref(), Some("5435/CT-NVT"));
        assert_eq!(r.date.map(|d| d.iso()).as_deref(), Some("2025-11-21"));
        assert_eq!(r.doc_type.as_deref(), Some("Công văn"));
        assert!(r.cites.is_empty(), "{:?}", r.cites);
        let bare = "Kính\ngửi: Công ty TNHH Ánh Dương.\n\nTrả lời công văn số 13/CV-AD ngày \
                    13/11/2025 của Công ty, Cục Hải quan có ý kiến như sau.\n";
        let r = extract(bare, None);
        assert_eq!((r.number, r.doc_type.as_deref()), (None, Some("Công văn")));
        // A text that opens otherwise says nothing of its type.
        assert_eq!(extract("Đề nghị các sở báo cáo.\n", None).doc_type, None);
    }

    /// An appendix's heading that misprints the text's own number (its codes, year and date
    /// the text's) names the text, not another document; another day's is another's.
    #[test]
    fn an_appendixs_heading_with_a_misprinted_own_number_is_no_citation() {
        let head = "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: 2031/QĐ-UBND\nTây Lĩnh, ngày 28 tháng \
                    11 năm 2025\n\nQUYẾT ĐỊNH\nVề việc công bố\n\nCăn cứ Quyết định số \
                    12/QĐ-UBND ngày 03/01/2025;\n";
        let cited = |appendix: &str| -> Vec<String> {
            let r = extract(&format!("{head}{SIGNED}\nPHỤ LỤC\n{appendix}\n"), None);
            r.cites.into_iter().map(|c| c.number).collect()
        };
        let own = "(Kèm theo Quyết định số: 203/QĐ-UBND ngày 28 tháng 11 năm 2025 của Chủ tịch)";
        assert_eq!(cited(own), ["12/QĐ-UBND"]);
        let other = "(Kèm theo Quyết định số 203/QĐ-UBND ngày 20 tháng 11 năm 2025)";
        assert_eq!(cited(other), ["12/QĐ-UBND", "203/QĐ-UBND"]);
        // The heading broken before the number.
        let broken = "(Ban hành kèm\ntheo Quyết định số 203/QĐ-UBND ngày 28 tháng 11 năm 2025)";
        assert_eq!(cited(broken), ["12/QĐ-UBND"]);
    }

    #[test]
    fn numbers_past_the_most_are_not_read_and_the_record_says_so() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: 9/KH-UBND\nTây Lĩnh, ngày 05 tháng 3 \
                    năm 2025\n\nKẾ HOẠCH\nThử\n\n10/KH-UBND 11/KH-UBND 12/KH-UBND\n";
        let text = &format!("{text}{SIGNED}");
        // As many as the most: all read, nothing said.
        let r = extract_at_most(text, None, 3);
        assert_eq!(r.number.as_deref(), Some("9/KH-UBND"));
        assert_eq!(r.cites.len(), 3);
        assert!(r.review.is_empty(), "{:?}", r.review);
        // One more than the most: the first read, and the record says the rest were not.
        let r = extract_at_most(text, None, 2);
        assert_eq!(r.number.as_deref(), Some("9/KH-UBND"));
        let read: Vec<&str> = r.cites.iter().map(|c| c.number.as_str()).collect();
        assert_eq!(read, ["10/KH-UBND", "11/KH-UBND"]);
        assert_eq!(r.review.len(), 1);
        assert_eq!(r.review[0].field, "cites");
        assert!(
            r.review[0].reason.contains("more than 2"),
            "{}",
            r.review[0].reason
        );
    }

    /// A number with more digits than a number has is not read as one, and the record says
    /// so; a document without a label (a draft) gets no such flag.
    #[test]
    fn a_label_whose_number_cannot_be_read_is_said() {
        let head = "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: 123456789/QĐ-UBND\n\
            Tây Lĩnh, ngày 05 tháng 3 năm 2025\n\nQUYẾT ĐỊNH\nVề việc thử\n";
        let head = &format!("{head}{SIGNED}");
        let r = extract(head, None);
        assert!(r.number.is_none());
        assert_eq!(r.review.len(), 1, "{:?}", r.review);
        assert_eq!(r.review[0].field, "number");
        assert!(
            r.review[0].reason.contains("123456789/QĐ-UBND"),
            "{:?}",
            r.review
        );
        // A label OCR garbled, before what is left of the number and its symbol; a blank
        // number is a draft's, and a citation in the text is no label.
        for (garbled, says) in [
            ("S86: 8T /QD-UBND", "S86: 8T /QD-UBND"),
            ("S6:46° /TB-UBND", "S6:46° /TB-UBND"),
            ("S1/2025/QĐ-UBND", "S1/2025/QĐ-UBND"),
        ] {
            let r = extract(&head.replace("Số: 123456789/QĐ-UBND", garbled), None);
            assert_eq!(r.number, None, "{garbled}");
            let said: Vec<&str> = r.review.iter().map(|x| x.reason.as_str()).collect();
            assert!(said.iter().any(|x| x.contains(says)), "{garbled}: {said:?}");
        }
        for unsaid in ["Số: /QĐ-UBND", "Căn cứ số 242-KH/TU của Tỉnh ủy"] {
            let r = extract(&head.replace("Số: 123456789/QĐ-UBND", unsaid), None);
            assert!(!r.review.iter().any(|x| x.field == "number"), "{unsaid}");
        }
        let read = extract(&head.replace("123456789", "12345678"), None);
        assert_eq!(read.number.as_deref(), Some("12345678/QĐ-UBND"));
        assert!(read.review.is_empty());
        let draft = extract(
            "DỰ THẢO\nQUYẾT ĐỊNH\nVề việc thử, ngày 05 tháng 3 năm 2025\n",
            None,
        );
        assert!(draft.review.is_empty());
    }

    /// A signed document whose signer could not be read says so in review, with the title
    /// where it was read; a draft, unsigned, does not.
    #[test]
    fn a_signer_not_read_is_said() {
        let head = "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: 12/QĐ-UBND\n\
            Tây Lĩnh, ngày 05 tháng 3 năm 2025\n\nQUYẾT ĐỊNH\nVề việc thử\n\nĐiều 1. Thử./.\n";
        let said = |text: &str| -> Vec<String> {
            let r = extract(text, None);
            r.review
                .iter()
                .filter(|x| x.field == "signer")
                .map(|x| x.reason.clone())
                .collect()
        };
        assert_eq!(said(&format!("{head}{SIGNED}")), Vec::<String>::new());
        let unsigned = said(head);
        assert_eq!(unsigned.len(), 1);
        assert!(unsigned[0].contains("no signature"), "{unsigned:?}");
        let lost = format!("{head}\nNơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHU TICH\n");
        let r = extract(&lost, None);
        assert_eq!(r.signer, None);
        assert_eq!(
            r.signer_title.as_deref(),
            Some("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH")
        );
        assert!(said(&lost)[0].contains("no name under it"));
        assert!(r.review.iter().any(|x| x.field == "signer_title"));
        let draft = head.replace("QUYẾT ĐỊNH", "DỰ THẢO\nQUYẾT ĐỊNH");
        assert_eq!(said(&draft), Vec::<String>::new());
        // A name right after the list, its title lost: both in review.
        let untitled = extract(
            &format!("{head}\nNơi nhận:\n- Lưu: VT.\nLò Văn Sáu\n"),
            None,
        );
        assert_eq!(untitled.signer.as_deref(), Some("Lò Văn Sáu"));
        let fields: Vec<&str> = untitled.review.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, ["signer", "signer_title"]);
    }

    /// A date without its day, left blank or garbled by OCR (`ngày OF`, `n80y 34`), keeps its
    /// month and year, and the record says so.
    #[test]
    fn a_date_without_its_day_keeps_its_month_and_year_in_review() {
        let head = |date: &str| {
            format!(
                "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: 24/TTr-UBND\nTây Lĩnh, {date}\n\n\
                 TỜ TRÌNH\nVề việc thử\n{SIGNED}"
            )
        };
        for (date, read, says) in [
            (
                "ngày OF tháng 02 năm 2025",
                "2025-02",
                "ngày OF tháng 02 năm 2025",
            ),
            (
                "n80y 34 tháng 12 nám 2024",
                "2024-12",
                "n80y 34 tháng 12 nám 2024",
            ),
            ("ngày    tháng 6 năm 2025", "2025-06", "no day"),
        ] {
            let r = extract(&head(date), None);
            assert_eq!(r.date.map(|d| d.iso()).as_deref(), Some(read), "{date}");
            assert_eq!(r.place.as_deref(), Some("Tây Lĩnh"), "{date}");
            assert_eq!(r.review.len(), 1, "{date}: {:?}", r.review);
            assert_eq!(r.review[0].field, "date");
            assert!(r.review[0].reason.contains(says), "{:?}", r.review);
            assert_eq!(r.key.scope(), Some(&format!("tay-linh:{}", &read[..4])[..]));
        }
        let full = extract(&head("ngày 05 tháng 02 năm 2025"), None);
        assert_eq!(full.date.map(|d| d.iso()).as_deref(), Some("2025-02-05"));
        assert!(full.review.is_empty(), "{:?}", full.review);
    }
}
