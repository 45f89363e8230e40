//! Citations: every document number in the body, with what the citing document does to it.
//!
//! The relation is read from the clause that leads to a citation. The clause starts at a
//! boundary — `;`, a full stop, a colon, a list marker, a line opening with `Căn cứ` or
//! `Thực hiện`, the line after an upper-case title — or at the previous citation in the same
//! clause. In the first case the citation is the document's own ("Thực hiện Kế hoạch số
//! 242-KH/TU" → implements); in the second it belongs to the description of the previous one
//! ("Kế hoạch 242-KH/TU … thực hiện Nghị quyết 57-NQ/TW" → the document references 57-NQ/TW,
//! and 242-KH/TU, per the text, implements it), unless the two are coordinated ("… 03/NQ-CP
//! … và Chương trình … 150-CTr/TU"), when the second shares the first's role.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use super::header::{starts_with_marker, starts_with_opener};
use super::type_name;
use crate::date::{date_at_start, Date};
use crate::dict::{self, PhrasePlace};
use crate::number::Found;
use crate::record::{Citation, DocKey, Relation};
use crate::text::{
    collapse_ws, fold_lower, is_upper_line, lines_with_offsets, starts_with_folded, title_case,
};

/// Lowercase words that end an issuer phrase ("của UBND tỉnh **về** việc …").
const ISSUER_STOPS: [&str; 32] = [
    "về", "thực", "triển", "tại", "trên", "và", "thông", "đã", "với", "để", "nhằm", "theo",
    "hướng", "gửi", "kèm", "đề", "giao", "bảo", "phê", "quy", "sửa", "thay", "bãi", "trong", "là",
    "có", "được", "cho", "nêu", "năm", "ngày", "số",
];

/// Words that make a clause more than a list of documents.
const VERBS: [&str; 12] = [
    "thuc hien",
    "trien khai",
    "ve",
    "tai",
    "theo",
    "huong dan",
    "sua doi",
    "thay the",
    "bai bo",
    "can cu",
    "ban hanh",
    "kem theo",
];

fn has_phrase(hay: &str, phrase: &str) -> bool {
    phrase_at(hay, phrase).is_some()
}

/// Where `phrase` stands in `hay` at word boundaries, first to last.
pub(super) fn phrases_at<'a>(hay: &'a str, phrase: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(p) = hay.get(from..)?.find(phrase) {
            let s = from + p;
            let e = s + phrase.len();
            from = s + 1;
            while !hay.is_char_boundary(from) {
                from += 1;
            }
            let before_ok = s == 0 || !hay[..s].chars().next_back().unwrap().is_alphanumeric();
            let after_ok = e == hay.len() || !hay[e..].chars().next().unwrap().is_alphanumeric();
            if before_ok && after_ok {
                return Some(s);
            }
        }
        None
    })
}

/// Where `phrase` first stands in `hay` at word boundaries.
fn phrase_at(hay: &str, phrase: &str) -> Option<usize> {
    phrases_at(hay, phrase).next()
}

/// Whether `phrase` ends `text` but for the cited number's type and `số` (`xin gửi kèm theo
/// công văn số`): the number is its object.
fn governs(text: &str, phrase: &str) -> bool {
    let Some(at) = phrases_at(text, phrase).last() else {
        return false;
    };
    let rest = text[at + phrase.len()..].trim();
    let rest = rest
        .strip_suffix(" so")
        .or(rest.strip_suffix("so"))
        .unwrap_or(rest);
    let rest = rest.trim_end_matches([' ', ':']).trim();
    rest.is_empty()
        || dict::get()
            .type_titles
            .iter()
            .any(|(t, _)| rest == t.as_str())
}

/// Whether `phrase` stands in `text` as a verb, not as the day something is counted from
/// (`kể từ ngày nhận được quyết định …`, `ngày hết hiệu lực của …`).
fn near_verb(text: &str, phrase: &str) -> bool {
    phrases_at(text, phrase).any(|s| {
        let before = text[..s].trim_end();
        !before.ends_with(" ngay") && before != "ngay"
    })
}

/// Whether `phrase` is the act of the clause `text` (folded, list markers gone) itself: it
/// opens the clause, or follows only an article's number (`điều 3.`), or the words that make
/// it the citing document's (`quyết định này sửa đổi`, `về việc sửa đổi`, `ban hành Thông tư
/// sửa đổi`).
fn own_verb(text: &str, phrase: &str) -> bool {
    let Some(at) = phrase_at(text, phrase) else {
        return false;
    };
    let before = text[..at].trim_end_matches(|c: char| !c.is_alphanumeric());
    let before = article_re().replace(before, "");
    let before = before.trim();
    // The enacting words: `Bộ trưởng … ban hành Thông tư sửa đổi, bổ sung …`.
    let enacts = || {
        dict::get().type_titles.iter().any(|(t, _)| {
            before.strip_suffix(t.as_str()).is_some_and(|b| {
                let b = b.trim_end();
                b.ends_with(" ban hanh") || b == "ban hanh"
            })
        })
    };
    before.is_empty()
        || ["nay", "viec", "ve"]
            .iter()
            .any(|w| before.rsplit(' ').next() == Some(w))
        || enacts()
}

fn article_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^dieu \d{1,3}[a-z]?\s*\.?$").expect("article regex"))
}

/// The first article's heading at a line's start (`Điều 1.`, `Điều 1:`): where a text of
/// articles leaves its preamble.
fn first_article_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?m)^[ \t]*Điều 1[.:][ \t]").expect("first article regex"))
}

fn starts_with_phrase(hay: &str, phrase: &str) -> bool {
    hay.starts_with(phrase)
        && hay[phrase.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
}

fn lead_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:(?:[-+•*]|[a-z]\)|\d{1,2}[.)]|[ivxlc]{1,5}\.|v/v:?)\s*)+")
            .expect("lead regex")
    })
}

/// What a change verb in `window` says is done by a draft or a bill (`dự thảo Nghị quyết …
/// sửa đổi, bổ sung … Nghị quyết số X`, `đang xây dựng Nghị định sửa đổi … Nghị định số X`,
/// `dự án Luật Thuế … (sửa đổi)`): the citing document changes nothing; the cited one is
/// only referred to.
fn change_by_draft(window: &str, rel: Relation) -> Relation {
    // (And a proposal to change it, or a change yet to be made: `Về đề nghị sửa đổi, bổ sung
    // Nghị định số …`, `trong quá trình sửa đổi, bổ sung Nghị định số …`.)
    let draft = [
        "du thao",
        "du an",
        "dang xay dung",
        "xay dung du thao",
        "de nghi sua doi",
        "kien nghi sua doi",
        // (`Đề nghị ban hành Nghị định … thay thế Nghị định số …`: a proposal.)
        "de nghi ban hanh",
        "de xuat sua doi",
        "nghien cuu sua doi",
        "qua trinh sua doi",
    ];
    if rel.changes() && draft.iter().any(|p| has_phrase(window, p)) {
        Relation::References
    } else {
        rel
    }
}

/// The relation the clause `window` (folded, lowercase) gives to the citation it leads to.
fn relation_of(window: &str) -> Option<Relation> {
    // "Căn cứ các quy định trên, trường hợp … Nghị định số …": the grounds are what was said
    // above; the sentence's own clause follows the comma.
    let window = if refers_back(window) {
        window
            .split_once(',')
            .map_or("", |(_, rest)| rest.trim_start())
    } else {
        window
    };
    relation_in(window).map(|r| change_by_draft(window, implements_by(window, r)))
}

/// `Triển khai xây dựng hạ tầng số … theo Quyết định số X`, `thực hiện giải quyết TTHC theo
/// Quyết định này và Quyết định số X`: the work is done as X provides, X is not what is
/// carried out (that is `Thực hiện Quyết định số X`, `Thực hiện nhiệm vụ tại …`).
fn implements_by(window: &str, rel: Relation) -> Relation {
    let by = || {
        phrases_at(window, "theo").any(|at| {
            let rest = window[at + 4..].trim_start();
            !starts_with_phrase(rest, "doi") && !starts_with_phrase(rest, "de nghi")
        })
    };
    if rel == Relation::Implements && by() {
        Relation::References
    } else {
        rel
    }
}

fn relation_in(window: &str) -> Option<Relation> {
    let d = dict::get();
    let w = lead_re().replace(window, "");
    let after_type = d
        .type_titles
        .iter()
        .find(|(t, _)| starts_with_phrase(&w, t))
        .map(|(t, _)| w[t.len()..].trim_start())
        // Only a title's short form ("Kế hoạch thực hiện các nhiệm vụ … tại Nghị quyết số"),
        // not a sentence about the plan ("Kế hoạch triển khai thực hiện phải bám sát …").
        .filter(|a| a.split_whitespace().count() <= 10 && !has_phrase(a, "phai"));
    let matches = |text: &str, rel_place: PhrasePlace, phrase: &str| match rel_place {
        PhrasePlace::Start => starts_with_phrase(text, phrase),
        PhrasePlace::Near => near_verb(text, phrase),
        PhrasePlace::Own => own_verb(text, phrase),
        PhrasePlace::Object => governs(text, phrase),
        PhrasePlace::Short => {
            text.split_whitespace().count() <= 14
                && !has_phrase(text, "phai")
                && text.find(phrase).is_some_and(|at| {
                    // A document type names what does the implementing ("Chương trình hành
                    // động … thực hiện"), unlike "Sau 5 năm thực hiện …".
                    d.type_titles
                        .iter()
                        .any(|(t, _)| has_phrase(&text[..at], t))
                })
        }
    };
    // The clause as it stands first; then without a leading type name ("Kế hoạch thực hiện
    // …"), so that "Hướng dẫn thực hiện" stays a guide.
    d.relations
        .iter()
        .find(|(_, place, phrase)| matches(&w, *place, phrase))
        .or_else(|| {
            let a = after_type?;
            // Not the verb of a document named at the clause's start (`- Luật sửa đổi, bổ
            // sung … Luật Di sản văn hóa số 32/2009/QH12`): that one does the changing.
            d.relations
                .iter()
                .filter(|(_, place, _)| *place != PhrasePlace::Own)
                .find(|(_, place, phrase)| matches(a, *place, phrase))
        })
        .map(|(rel, _, _)| *rel)
}

/// The first relation phrase (in the table's order) anywhere in `window`, and its relation.
fn relation_phrase(window: &str) -> Option<(Relation, &'static str)> {
    dict::get()
        .relations
        .iter()
        .find(|(_, _, phrase)| has_phrase(window, phrase))
        .map(|(r, _, phrase)| (*r, phrase.as_str()))
}

/// Any relation phrase anywhere in `window`: what a cited document does to the next one.
fn relation_anywhere(window: &str) -> Option<Relation> {
    relation_phrase(window).map(|(r, _)| change_by_draft(window, r))
}

fn is_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "TP" | "Tp" | "Q" | "TL" | "KT" | "TM" | "TUQ" | "PP" | "ThS" | "TS" | "PGS" | "GS" | "Th"
    )
}

/// A line in capitals that heads something: not a document number that the page's wrapping
/// put on a line of its own (`Căn cứ Luật Đê điều số` / `79/2006/QH11;`).
fn is_heading(line: &str) -> bool {
    is_upper_line(line) && !line.trim_start().starts_with(|c: char| c.is_ascii_digit())
}

/// The longest line a heading can be (bytes).
const HEADING_MAX: usize = 400;

/// The first line of `s` when it is short enough to be a heading.
fn short_line(s: &str) -> Option<&str> {
    let mut end = s.len().min(HEADING_MAX + 1);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let head = &s[..end];
    match head.find('\n') {
        Some(i) => Some(head[..i].trim_end_matches('\r')),
        None if s.len() <= HEADING_MAX => Some(head),
        None => None,
    }
}

/// How far back through the clauses a list item looks for its introduction, or a lower-case
/// clause for the verb it carries on: real lists are far shorter; a hostile text of endless
/// items must not make every item walk back through all the others.
const LOOK_BACK: usize = 1000;

/// Clause boundaries of `text`, sorted byte offsets.
fn boundaries(text: &str) -> Vec<usize> {
    let mut b = vec![0];
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if matches!(c, ';' | '.' | ':') {
            let next_ws = bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
            if !next_ws {
                continue;
            }
            if c == '.' {
                let word_start = text[..i]
                    .char_indices()
                    .rev()
                    .find(|(_, ch)| !ch.is_alphanumeric())
                    .map_or(0, |(p, ch)| p + ch.len_utf8());
                if is_abbreviation(&text[word_start..i]) || item_number(text, word_start, i) {
                    continue;
                }
            }
            b.push(i + 1);
        }
    }
    let mut prev_upper = false;
    let mut prev_line = "";
    let mut after_blank = false;
    let full = full_width(text);
    for (off, line) in lines_with_offsets(text) {
        let t = line.trim_start();
        if t.trim().is_empty() {
            after_blank = true;
            continue;
        }
        let upper = is_heading(t);
        let item = starts_with_marker(t) && !wrapped_hyphen(prev_line, t);
        // A paragraph of its own that starts with a capital (a table's cell, `Thông tư số
        // …` under a column headed `… sửa đổi, bổ sung, thay thế`) is no clause of the one
        // before; but a blank line after a line as wide as the text's is only its spacing
        // (a PDF's text with a blank line after every line, `… của Ban Thường vụ` / `` /
        // `Tỉnh ủy thực hiện …`).
        let cell = after_blank
            && t.starts_with(char::is_uppercase)
            && prev_line.trim().chars().count() < full;
        if prev_upper || upper || item || cell || starts_with_opener(t) {
            b.push(off + (line.len() - t.len()));
        }
        prev_upper = upper;
        prev_line = line;
        after_blank = false;
    }
    b.sort_unstable();
    b.dedup();
    b
}

/// How many characters make a line as wide as the text's (three quarters of its widest
/// lines, the tenth widest in a hundred): a line that wide was wrapped, not ended.
fn full_width(text: &str) -> usize {
    let mut widths: Vec<usize> = text
        .lines()
        .map(|l| l.trim().chars().count())
        .filter(|&n| n > 0)
        .collect();
    if widths.is_empty() {
        return usize::MAX;
    }
    widths.sort_unstable();
    widths[widths.len() * 9 / 10] * 3 / 4
}

/// The number of a numbered item at a line's start (`1. Quyết định số …`): the line's own
/// boundary opens the item with its marker, which the item's list then knows it by.
fn item_number(text: &str, word_start: usize, dot: usize) -> bool {
    let word = &text[word_start..dot];
    let alone = |s: Option<&str>| s.is_some_and(|s| s.trim().is_empty());
    (1..=2).contains(&word.len())
        && word.bytes().all(|c| c.is_ascii_digit())
        && alone(text[..word_start].rsplit('\n').next())
        // A number alone on its line (`4.` / `Quyết định số …`) keeps its boundary.
        && !alone(text[dot + 1..].split('\n').next())
}

/// A dash at a line's start that the page's wrapping put inside a name (`Bộ Lao động` / `-
/// Thương binh và Xã hội`, `kinh tế` / `- xã hội`): the line before ends in a word, and the
/// words after the dash go on a compound, not an item of a list.
fn wrapped_hyphen(prev_line: &str, t: &str) -> bool {
    let Some(rest) = t.strip_prefix(['-', '–']) else {
        return false;
    };
    if !prev_line.trim_end().ends_with(char::is_alphabetic) {
        return false;
    }
    let rest = rest.trim_start();
    let f = fold_lower(&crate::text::head_spaced(rest, 16));
    rest.starts_with(char::is_lowercase) || f.starts_with("thuong binh") || f.starts_with("xa hoi")
}

/// The issuer phrase of a citation's tail ("của Ban Thường vụ Tỉnh ủy thực hiện …" → "Ban
/// Thường vụ Tỉnh ủy"), and the province it names, if any.
fn issuer_of(tail: &str) -> (Option<String>, Option<String>) {
    let t = collapse_ws(tail);
    let t = t.trim_start_matches([',', ' ']);
    let Some(rest) = t.strip_prefix("của ") else {
        return (None, None);
    };
    let mut words: Vec<&str> = Vec::new();
    let all: Vec<&str> = rest.split(' ').collect();
    for (i, w) in all.iter().enumerate() {
        let bare = w.trim_end_matches([',', ';', '.', ':', ')']);
        // "và" inside a name ("Sở Khoa học và Công nghệ") is followed by a capital, unless
        // what follows is another document ("của Chính phủ và Chương trình hành động số …").
        let starts_document = || {
            let d = crate::dict::get();
            (1..=3).any(|n| {
                let phrase = all[i + 1..(i + 1 + n).min(all.len())].join(" ");
                d.type_of_title(phrase.trim_end_matches([',', ';', '.']))
                    .is_some()
            })
        };
        let joins_name = bare == "và"
            && all
                .get(i + 1)
                .is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase))
            && !starts_document();
        // "ban hành" ends the name; "Ủy ban", "Ban Thường vụ" are names.
        let issues = bare == "ban"
            && all
                .get(i + 1)
                .is_some_and(|n| n.trim_end_matches([',', ';', '.']) == "hành");
        // A long name goes on to the province it ends with (`Cục trưởng Cục Thi hành án dân
        // sự thành phố` / `Hà Nội`).
        let province_goes_on = || {
            let capital = bare.starts_with(char::is_uppercase);
            let from = words.len().saturating_sub(3);
            let after = (from..words.len()).any(|k| {
                let f = fold_lower(words[k]);
                f == "tinh" || (f == "pho" && k > 0 && fold_lower(words[k - 1]) == "thanh")
            });
            capital && after && words.len() < 14
        };
        if (words.len() >= 10 && !province_goes_on())
            || issues
            || (ISSUER_STOPS.contains(&bare) && !joins_name)
            || bare.starts_with('(')
        {
            break;
        }
        if !bare.is_empty() {
            words.push(bare);
        }
        if bare.len() != w.len() {
            break;
        }
    }
    // (`của Chủ tịch UBND tỉnh` / `Điều 4. …`: the next article is no part of the name.)
    let structure = |w: &str| matches!(fold_lower(w).as_str(), "dieu" | "khoan" | "chuong");
    if let Some(cut) = words.windows(2).position(|p| {
        structure(p[0]) && p[1].starts_with(|c: char| c.is_ascii_digit() || c.is_uppercase())
    }) {
        words.truncate(cut);
    }
    if words.is_empty() {
        return (None, None);
    }
    let mut locality = None;
    let d = dict::get();
    for (i, w) in words.iter().enumerate() {
        let f = fold_lower(w);
        let from = match f.as_str() {
            "tinh" => i + 1,
            "pho" if i > 0 && fold_lower(words[i - 1]) == "thanh" => i + 1,
            _ => continue,
        };
        let name: Vec<&str> = words[from..]
            .iter()
            .take_while(|n| n.chars().next().is_some_and(char::is_uppercase))
            .copied()
            .collect();
        // The longest run of words that is a province (`Vĩnh Phúc`, not `Vĩnh Phúc Quy`).
        let known = (1..=name.len().min(4))
            .rev()
            .find_map(|n| d.province(&name[..n].join(" ")));
        locality = match known {
            Some(p) => Some(p.to_string()),
            None if f == "tinh" && !name.is_empty() => Some(title_case(&name.join(" "))),
            None => locality,
        };
        if locality.is_some() {
            break;
        }
    }
    (Some(words.join(" ")), locality)
}

/// Where the stretch of at most `n` characters before byte `end` of `text` starts.
pub(super) fn chars_back(text: &str, end: usize, n: usize) -> usize {
    text[..end]
        .char_indices()
        .rev()
        .nth(n)
        .map_or(0, |(i, _)| i)
}

/// The issuer a bracket's number is said of before the bracket: `kiến nghị của Ủy ban nhân
/// dân tỉnh Hưng Yên (văn bản số 84/BC-UBND …)`.
fn issuer_before(text: &str, start: usize) -> (Option<String>, Option<String>) {
    let from = chars_back(text, start, 160);
    let window = &text[from..start];
    let Some(paren) = window.rfind('(') else {
        return (None, None);
    };
    // Only the number's own words inside the bracket (`văn bản số`, `Tờ trình số`).
    let inside = &window[paren + 1..];
    if inside.contains(')') || inside.chars().count() > 24 {
        return (None, None);
    }
    let head = &window[..paren];
    let Some(cua) = head.rfind("của ") else {
        return (None, None);
    };
    let phrase = collapse_ws(&head[cua..]);
    let phrase = phrase.trim();
    match issuer_of(phrase) {
        // The issuer's words run up to the bracket.
        (Some(who), loc) if phrase == format!("của {who}") => (Some(who), loc),
        _ => (None, None),
    }
}

/// The issuer a clause names as its subject before the number, the verb and the type between
/// (`Cục Thuế tỉnh Vĩnh Phúc (nay là Thuế tỉnh Phú Thọ) có Thông báo số 565/TB-CTVPH`, `Cục
/// Thi hành án dân sự thành phố Hà Nội chỉ gửi công văn số 1310/CV-THANDS`), and its
/// province: a letter tells who issued what. The subject is the clause's whole start, read
/// as an issuer's name ([`issuer_of`]), what is in brackets left out.
fn issuer_as_subject(text: &str, start: usize) -> (Option<String>, Option<String>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"^(?P<who>\p{Lu}.*?)\s+(?:(?:đã|chỉ|cũng|tiếp tục|đang)\s+)*(?:có|ban hành|gửi|ký)\s+(?P<kind>[\p{L} ]{2,20}?)\s+số\s*$",
        )
        .expect("issuer as subject regex")
    });
    let from = chars_back(text, start, 200);
    let window = collapse_ws(&text[from..start]);
    // The clause: after the last stop, semicolon, colon or comma (`Ngày 26/02/2025, …`).
    let clause = window
        .rfind(['.', ';', ':', ','])
        .map_or(window.as_str(), |at| &window[at + 1..])
        .trim_start();
    // What is in brackets is no part of the name (`(nay là Thuế tỉnh Phú Thọ)`).
    let mut plain = String::with_capacity(clause.len());
    let mut depth = 0usize;
    for ch in clause.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(ch),
            _ => {}
        }
    }
    let plain = collapse_ws(&plain);
    let Some(c) = re.captures(&plain) else {
        return (None, None);
    };
    let kind = fold_lower(&c["kind"]);
    if kind != "van ban" && dict::get().type_of_title(&c["kind"]).is_none() {
        return (None, None);
    }
    // (A body's name, not a clause's opening words: `Sau khi Thủ tướng Chính phủ ban hành`.)
    let who = c["who"].trim();
    if !super::header::starts_a_body(who) {
        return (None, None);
    }
    match issuer_of(&format!("của {who}")) {
        (Some(name), loc) if name == who => (Some(name), loc),
        _ => (None, None),
    }
}

/// The date a sentence opens with, said of the number that ends its first clause (`Ngày
/// 01/7/2025, Cục Thuế đã có công điện số 102/CĐ-CT …`, `Ngày 22/10/2025, tại Thông báo số
/// …`): a letter tells what was issued when. Only where the clause before the number is a
/// few words with no other figure (not `Ngày 5/3, Sở đã họp; ngày 7/3 … theo Kế hoạch số`).
fn date_before(text: &str, from: usize, start: usize) -> Option<Date> {
    let from = chars_back(text, start, 160).max(from).min(start);
    let window = &text[from..start];
    // The clause opens after the last stop, or at a line of it that starts with `Ngày` (after
    // a heading); other line breaks only wrap it.
    let tail = &window[window.rfind(['.', ';', ':']).map_or(0, |i| i + 1)..];
    let line = tail.rfind('\n').map(|i| &tail[i + 1..]);
    let clause = [line, Some(tail)]
        .into_iter()
        .flatten()
        .map(str::trim_start)
        .find(|c| c.starts_with("Ngày"))?;
    let clause = &clause["Ngày".len()..];
    let (date, span) = date_at_start(clause)?;
    let rest = clause[span[1]..].trim_start().strip_prefix(',')?;
    let few = rest.split_whitespace().count() <= 14;
    (few && !rest.contains(|c: char| c.is_ascii_digit())).then_some(date)
}

/// The province of an issuer since renamed, in the bracket after it: `của Chi cục Thuế khu
/// vực XII (nay là Thuế thành phố Huế)`.
fn now_known_as(after_date: &str, who: &str) -> Option<String> {
    let mut end = after_date.len().min(who.len() + 200);
    while !after_date.is_char_boundary(end) {
        end -= 1;
    }
    let t = collapse_ws(&after_date[..end]);
    let t = t.trim_start_matches([',', ' ']);
    let rest = t.strip_prefix("của ")?.strip_prefix(who)?.trim_start();
    let inner = rest.strip_prefix("(nay là ")?;
    let inner = &inner[..inner.find(')')?];
    issuer_of(&format!("của {inner}")).1
}

/// The type a citation's preceding words name ("Công văn số 1234/UBND-VX" → CV).
pub(super) fn type_before(text: &str, start: usize) -> Option<&'static str> {
    let from = chars_back(text, start, 40);
    let before = fold_lower(&collapse_ws(&text[from..start]));
    let before = before.trim_end_matches([' ', ':']);
    let before = before.strip_suffix(" so").unwrap_or(before).trim_end();
    let d = dict::get();
    d.type_titles
        .iter()
        .find(|(t, _)| {
            before.ends_with(t.as_str())
                && before[..before.len() - t.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
        .and_then(|(_, code)| d.doc_type(code).map(|(c, _)| c))
}

struct Mention<'a> {
    found: &'a Found,
    norm: String,
    date: Option<Date>,
    year: Option<u16>,
    issuer: Option<String>,
    locality: Option<String>,
    type_code: Option<&'static str>,
}

/// The document's citations, one per cited number, in order of first mention.
///
/// `found` are the numbers of `text`, the own number excluded; `own_norm` is the own
/// number's normalised form (a document does not cite itself); `locality` is the document's
/// province, the scope of cited local numbers whose issuer names none.
pub fn citations(
    text: &str,
    found: &[Found],
    own_norm: Option<&str>,
    locality: Option<&str>,
) -> Vec<Citation> {
    let found: Vec<&Found> = found
        .iter()
        .filter(|f| Some(f.number.norm().as_str()) != own_norm)
        .collect();
    let mentions = mentions(text, &found);
    let keys = keys(&mentions, locality);
    let roles = roles(text, &mentions, &keys);
    merge(&mentions, roles, &keys)
}

/// What is written about each number where it stands: the date, issuer and type after or
/// before it.
fn mentions<'a>(text: &str, found: &[&'a Found]) -> Vec<Mention<'a>> {
    let mut mentions: Vec<Mention> = Vec::with_capacity(found.len());
    for (i, f) in found.iter().enumerate() {
        let tail_end = found
            .get(i + 1)
            .map_or(text.len(), |n| n.span[0])
            .min(text.len());
        let mut tail_end = tail_end.min(f.span[1] + 300);
        while !text.is_char_boundary(tail_end) {
            tail_end -= 1;
        }
        // Skip a footnote mark glued to the number (`238-KH/TU1, ngày …`).
        let tail = text[f.span[1]..tail_end].trim_start_matches(|c: char| c.is_ascii_digit());
        let (date, after_date) = match date_at_start(tail) {
            Some((d, sp)) => (Some(d), &tail[sp[1]..]),
            None => {
                let prev_end = i.checked_sub(1).map_or(0, |p| found[p].span[1]);
                (date_before(text, prev_end, f.span[0]), tail)
            }
        };
        let (issuer, cited_locality) = match issuer_of(after_date) {
            (None, _) => match issuer_before(text, f.span[0]) {
                (None, _) => issuer_as_subject(text, f.span[0]),
                known => known,
            },
            (Some(who), None) => {
                let now = now_known_as(after_date, &who);
                (Some(who), now)
            }
            known => known,
        };
        mentions.push(Mention {
            found: f,
            norm: f.number.norm(),
            date,
            year: date.map(|d| d.year).or(f.number.year),
            issuer,
            locality: cited_locality,
            type_code: f
                .number
                .type_code()
                .or_else(|| type_before(text, f.span[0])),
        });
    }
    mentions
}

/// One key per number: the year and province of its fullest mention.
fn keys<'m>(mentions: &'m [Mention], locality: Option<&str>) -> HashMap<&'m str, DocKey> {
    // One pass: each number's first mention, its first year and its first province.
    let mut seen: HashMap<&str, (&Mention, Option<u16>, Option<&str>)> = HashMap::new();
    for m in mentions {
        let e = seen.entry(m.norm.as_str()).or_insert((m, None, None));
        e.1 = e.1.or(m.year);
        e.2 = e.2.or(m.locality.as_deref());
    }
    seen.into_iter()
        .map(|(norm, (m, year, loc))| {
            let key = DocKey::scoped(&m.found.number, loc.or(locality), year);
            (norm, key)
        })
        .collect()
}

/// A mention's relation; for one that follows another in the same sentence, the number it
/// is said of, and how.
type Role = (Relation, Option<DocKey>, Option<Relation>);

/// The spans of the "Căn cứ" clauses: from "Căn cứ" to the first clause that is no further
/// ground (another opener, a line in capitals, a list marker) or the end of its sentence. A
/// clause may list several grounds without repeating "Căn cứ" (`Căn cứ Nghị định số …;` /
/// `Nghị định số …;`): every document it names is a basis.
///
/// In a text of articles, only the preamble's (before `body`, where its first article
/// starts): a `Căn cứ` inside an article (`chi … theo chuẩn đầu ra: Căn cứ quy định tại
/// Thông tư số …`) says what to apply, not what the text is issued on. (A letter's reasoning
/// has no articles: its `Căn cứ` are its grounds.)
fn grounds(text: &str, bounds: &[usize], body: usize) -> Vec<[usize; 2]> {
    let mut out: Vec<[usize; 2]> = Vec::new();
    let mut open: Option<usize> = None;
    for &b in bounds {
        let clause = text[b..].trim_start();
        let can_cu = starts_with_folded(clause, "can cu") && (open.is_some() || b < body);
        if open.is_none() && !can_cu {
            continue;
        }
        let before = text[..b].trim_end();
        let ends_sentence = before.ends_with('.');
        if let Some(start) = open {
            // Only a short line can be a heading: a paragraph-long line is not looked through
            // again at every clause (that made a long paragraph quadratic).
            let first_line = short_line(clause);
            if can_cu && !ends_sentence {
                continue;
            }
            // A marker that a hard wrap put at a line's start mid-sentence (`Căn cứ khoản 25`
            // / `Điều 5 Luật …`) opens nothing.
            let wrapped =
                !before.ends_with([';', ':', '.', ',']) && !text[before.len()..b].contains("\n\n");
            // A letter's reasoning after its grounds (`Căn cứ … Nghị định số …;` / `Tại công
            // văn của Thuế tỉnh … tại công văn số …`) names no further ground.
            let reasoning = before.ends_with(';') && clause.starts_with("Tại ");
            if ends_sentence
                || reasoning
                || starts_with_opener(clause)
                || (starts_with_marker(clause) && !wrapped)
                || first_line.is_some_and(is_heading)
            {
                out.push([start, b]);
                open = None;
            }
        }
        if open.is_none() && can_cu && !refers_back(clause) {
            open = Some(b);
        }
    }
    if let Some(start) = open {
        out.push([start, text.len()]);
    }
    out
}

/// "Căn cứ các quy định nêu trên, …": the ground is what was said above, and the sentence's
/// own clause follows the comma; the documents it names are no grounds.
fn refers_back(clause: &str) -> bool {
    starts_with_folded(clause, "can cu") && {
        let head = clause.split([',', ';', '.']).next().unwrap_or("");
        head.split_whitespace().count() <= 8 && has_phrase(&fold_lower(&collapse_ws(head)), "tren")
    }
}

/// For a number in an item of a list (`a) Quyết định số …`), the relation its introduction
/// states of every item (`Các quyết định sau hết hiệu lực …:`, `Bãi bỏ các văn bản sau:`).
fn list_relation(text: &str, bounds: &[usize], bound: usize) -> Option<Relation> {
    let item = text[bound..].trim_start();
    let kind = |t: &str| -> Option<char> {
        let c = t.chars().next()?;
        starts_with_marker(t).then_some(if c.is_ascii_digit() {
            '1'
        } else {
            c.to_ascii_lowercase().min('a')
        })
    };
    let at = bounds.partition_point(|b| *b < bound);
    let Some(k) = kind(item) else {
        // A change's label before the colon (`a) Sửa đổi, bổ sung: 01 thủ tục … tại Quyết
        // định số …`, `Bãi bỏ: 06 thủ tục … tại Quyết định số X; … tại Quyết định số Y`):
        // what the label says is done to it, and to each clause after it up to a full stop.
        let mut j = at.checked_sub(1)?;
        loop {
            let clause = text[bounds[j]..bounds[j + 1]].trim_end();
            if clause.ends_with(':') {
                let words = lead_re()
                    .replace(clause.trim_start(), "")
                    .split_whitespace()
                    .count();
                return (words <= LABEL_WORDS)
                    .then(|| intro_relation(clause))
                    .flatten();
            }
            if !clause.ends_with(';') || j + LOOK_BACK < at {
                return None;
            }
            j = j.checked_sub(1)?;
        }
    };
    // Back through the items of this kind to the clause that ends with a colon.
    for j in (at.saturating_sub(LOOK_BACK)..at).rev() {
        let clause = text[bounds[j]..].trim_start();
        let end = bounds.get(j + 1).copied().unwrap_or(text.len());
        let body = &text[bounds[j]..end];
        if kind(clause) == Some(k) {
            continue;
        }
        if !body.trim_end().ends_with(':') && !article_title(text, bounds, j) {
            // An item's own continuation (`… tỉnh Hòa Bình.` after its `;`).
            if j + 1 < at && kind(text[bounds[j + 1]..].trim_start()) == Some(k) {
                continue;
            }
            return None;
        }
        return intro_relation(body);
    }
    None
}

/// How many words a change's label before its colon may have (`a) Sửa đổi, bổ sung:`,
/// `Bãi bỏ một phần:`), its list marker aside ([`list_relation`]).
const LABEL_WORDS: usize = 6;

/// The change a clause ending with a colon says is made to what follows it (`Bãi bỏ các văn
/// bản sau:`), if any ([`list_relation`]).
fn intro_relation(body: &str) -> Option<Relation> {
    // (A name in quotation marks says nothing of the items: `Tại cột “Tên VBQPPL quy định
    // nội dung sửa đổi, bổ sung, thay thế” là văn bản sau đây:`.)
    let intro = fold_lower(&collapse_ws(&unquoted(body)));
    // (A change verb that must be the clause's own is so here too: `1. Phạm vi điều chỉnh:`
    // introduces no change.)
    let lead = lead_re().replace(&intro, "");
    dict::get()
        .relations
        .iter()
        .find(|(_, place, phrase)| match place {
            PhrasePlace::Own => own_verb(&lead, phrase),
            _ => has_phrase(&intro, phrase),
        })
        .map(|(r, _, _)| change_by_draft(&intro, *r))
        .filter(|r| r.changes() && passive_relation(&intro).is_none())
}

/// `text` without what its curly quotation marks enclose (a name, a title, a column's
/// heading), the marks kept; an unclosed mark encloses nothing.
fn unquoted(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('“') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('“') {
        let Some(close) = rest[open..].find('”') else {
            break;
        };
        out.push_str(&rest[..open + '“'.len_utf8()]);
        rest = &rest[open + close..];
    }
    out.push_str(rest);
    out.into()
}

/// Clause `j` is an article's title (`Điều 1. Bãi bỏ toàn bộ các quyết định` / `1. Quyết
/// định số …`): it says what the article's items are, as an introduction ending in a colon
/// does.
fn article_title(text: &str, bounds: &[usize], j: usize) -> bool {
    let Some(before) = j.checked_sub(1).map(|i| text[bounds[i]..bounds[j]].trim()) else {
        return false;
    };
    before
        .strip_prefix("Điều")
        .and_then(|r| r.trim_start().strip_suffix('.'))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()))
}

/// The words before a number are a document's type alone (`Quyết định số`, `Nghị quyết`).
fn names_a_document(before: &str) -> bool {
    let f = fold_lower(&collapse_ws(before));
    let f = f.trim();
    let f = f.strip_suffix("so").unwrap_or(f).trim_end();
    !f.is_empty() && dict::get().type_titles.iter().any(|(t, _)| f == t.as_str())
}

/// Per clause of the boundaries: how many documents it names, and where the first starts.
type ClauseNumbers = (usize, usize);

/// How many clauses on a sentence may carry what its first clause's document undergoes.
const CARRIED_CLAUSES: usize = 4;

/// How far ahead a document of a list looks for what the list undergoes: real lists are far
/// shorter, and every item of an endless one must not read all the others.
const LIST_ITEMS: usize = 64;

/// "Nghị quyết số … hết hiệu lực kể từ ngày …" in the text's own articles: it repeals what
/// it names.
fn ends_in_force(
    text: &str,
    bounds: &[usize],
    numbers: &[ClauseNumbers],
    end: usize,
) -> Option<Relation> {
    // To the clause's end, and on through the clauses that go on its sentence: in lower
    // case, naming no document (`… pháp luật; quy định mức chi … hết hiệu lực kể từ …`), or
    // each naming the next document of a list (`… tại các Quyết định số 3684/QĐ-BVHTTDL
    // ngày 27/12/2022; Quyết định số 1647/QĐ-BVHTTDL ngày 26/6/2023; … hết hiệu lực …`).
    let from = bounds.partition_point(|b| *b <= end);
    let mut next = text.len();
    let mut carried = 0;
    for (k, &b) in bounds[from..].iter().enumerate().take(LIST_ITEMS) {
        next = b;
        if !text[..b].trim_end().ends_with([';', ',']) {
            break;
        }
        let clause_end = bounds.get(from + k + 1).copied().unwrap_or(text.len());
        let clause = &text[b..clause_end];
        let (count, first) = numbers[from + k];
        let goes_on = clause.trim_start().starts_with(char::is_lowercase) && count == 0;
        let next_item = count == 1 && names_a_document(&text[b..first]);
        if goes_on {
            carried += 1;
        }
        if !(goes_on || next_item) || carried > CARRIED_CLAUSES {
            break;
        }
        next = clause_end;
    }
    let raw = &text[end..next];
    if !(raw.contains("lực") || raw.contains("LỰC") || raw.contains("luc")) {
        return None;
    }
    let tail = fold_lower(&collapse_ws(raw));
    (has_phrase(&tail, "het hieu luc")
        && !has_phrase(&tail, "da het hieu luc")
        && has_phrase(&tail, "ke tu"))
    .then_some(Relation::Repeals)
}

/// The words between two numbers join a second object to the verb that governed the first:
/// the first's date, then `và` and a phrase that says nothing new of its own (`bãi bỏ Danh
/// mục … kèm theo Quyết định 1037 ngày 14/5/2025 và Quy trình … ban hành kèm theo Quyết
/// định số 1416`).
fn joins_a_second_object(window: &str) -> bool {
    let Some((_, span)) = date_at_start(window) else {
        return false;
    };
    let rest = window[span[1]..].trim_start();
    starts_with_phrase(rest, "va")
        && relation_of(&rest[2..]).is_none_or(|r| r == Relation::References)
}

/// A clause that goes on a list begun before a semicolon (`thay thế Danh mục … mục A;` / `số
/// thứ tự 01 … tại Quyết định số X`): it opens in lower case, and the change the list's first
/// clause states (replaces, amends, repeals) is said of what this one names too. Only within
/// the sentence, and only a verb whose subject is this document.
fn change_carried_on(
    text: &str,
    bounds: &[usize],
    numbers: &[ClauseNumbers],
    bound: usize,
) -> Option<Relation> {
    let opens_lower = |at: usize| {
        text[at..]
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
    };
    if !opens_lower(bound) {
        return None;
    }
    let at = bounds.partition_point(|b| *b < bound);
    for j in (at.saturating_sub(LOOK_BACK)..at).rev() {
        let end = bounds[j + 1];
        if !text[..end].trim_end().ends_with([';', ',']) {
            return None;
        }
        let raw = &text[bounds[j]..end];
        let clause = fold_lower(&collapse_ws(raw));
        // The verb is this document's only before the first document the clause names: in
        // `Nghị quyết số 43/2023 … sửa đổi … Nghị quyết số 17/2019 …;` it is the other's, in
        // `Bãi bỏ khoản 1 Điều 3 Nghị quyết số 22/2024 …;` this one's.
        if let Some(rel) = relation_of(&clause).filter(|r| r.changes()) {
            let (count, first) = numbers[j];
            if count == 0 {
                return Some(rel);
            }
            let head = fold_lower(&collapse_ws(&text[bounds[j]..first]));
            return relation_of(&head).filter(|r| *r == rel);
        }
        if !opens_lower(bounds[j]) {
            return None;
        }
    }
    None
}

/// The words before a number open another item of the same list, whatever was said of the
/// one before (`… hướng dẫn thi hành Luật … và Nghị định số`): `và` or a comma, then the
/// document's type.
fn opens_an_item(window: &str) -> bool {
    let w = window.trim_end_matches([' ', ':']);
    let w = w.strip_suffix(" so").unwrap_or(w).trim_end();
    dict::get().type_titles.iter().any(|(t, _)| {
        w.strip_suffix(t.as_str())
            .map(str::trim_end)
            .is_some_and(|b| b.ends_with(" va") || b == "va" || b.ends_with(','))
    })
}

/// The relation of a passive clause between two numbers: "X được sửa đổi, bổ sung bởi Y",
/// "X bị bãi bỏ tại Y": what the relation says of them goes from the second to the first.
/// Only the relation's own verb counts: "được" or "bị" just before it ("đã được sửa đổi",
/// "bị bãi bỏ"), not "các nhiệm vụ được giao tại".
fn passive_relation(window: &str) -> Option<Relation> {
    let (relation, phrase) = relation_phrase(window)?;
    let at = window.find(phrase)?;
    window[..at]
        .split_whitespace()
        .rev()
        .take(2)
        .any(|w| {
            matches!(
                w.trim_matches(|c: char| !c.is_alphanumeric()),
                "duoc" | "bi"
            )
        })
        .then_some(relation)
}

/// What a bracket says of a document sent with the letter (folded): `(gửi kèm)`, `(… đính
/// kèm theo)` ([`sent_with`]).
const SENT_WITH: &[&str] = &["gui kem", "gui kem theo", "dinh kem", "dinh kem theo"];

/// A number the rest of its sentence says is sent with this letter, in brackets: `Cục Thống
/// kê đã có công văn số 2273/CTK-CSCL ngày 15/10/2025 phúc đáp Cục Thuế (công văn gửi kèm).`,
/// `Văn bản số 9671-CV/BTCTW … (gửi kèm theo), …`, or the brackets it stands in (`(… theo Báo
/// cáo số 11296/BC-BNV … của Bộ Nội vụ gửi kèm)`). Up to the next number or the sentence's end.
fn sent_with(text: &str, end: usize, next: usize) -> bool {
    let mut stop = next.min(end + 300).min(text.len());
    while !text.is_char_boundary(stop) {
        stop -= 1;
    }
    let tail = &text[end..stop];
    // (The first full stop that ends a sentence, `2025.` not `10.2025`.)
    let tail = tail
        .match_indices('.')
        .find(|(at, _)| tail[at + 1..].starts_with([' ', '\n']))
        .map_or(tail, |(at, _)| &tail[..at]);
    // Inside the brackets, their last words (`(danh mục theo Báo cáo số 11296/BC-BNV ngày
    // 27/11/2025 của Bộ Nội vụ gửi kèm)`), where no appendix of this letter is what is sent.
    if let Some(close) = tail.find(')').filter(|&c| !tail[..c].contains('(')) {
        let inner = fold_lower(&collapse_ws(&tail[..close]));
        let sent = SENT_WITH
            .iter()
            .any(|p| inner.strip_suffix(p).is_some_and(|r| r.ends_with(' ')));
        if sent && !has_phrase(&inner, "phu luc") {
            return true;
        }
    }
    let mut rest = tail;
    while let Some(open) = rest.find('(') {
        let inner = &rest[open + 1..];
        let Some(close) = inner.find(')') else {
            break;
        };
        let f = fold_lower(&collapse_ws(&inner[..close]));
        // What is sent is the document itself (`công văn gửi kèm`, `bản chụp được gửi kèm
        // theo`), not an appendix of this letter (`theo Phụ lục đính kèm`).
        let f = ["van ban", "ban chup", "ban sao"]
            .into_iter()
            .chain(dict::get().type_titles.iter().map(|(t, _)| t.as_str()))
            .find_map(|t| f.strip_prefix(t).map(str::trim_start))
            .unwrap_or(&f);
        let f = f.strip_prefix("duoc ").unwrap_or(f);
        if SENT_WITH.contains(&f) {
            return true;
        }
        rest = &inner[close + 1..];
    }
    false
}

/// Quotation marks counted from a clause's start, read on from where the last count stopped:
/// a clause of many numbers is read once, not once per number.
#[derive(Default)]
struct Quotes {
    bound: usize,
    at: usize,
    open: usize,
    close: usize,
    straight: usize,
}

impl Quotes {
    /// Whether `text[bound..to]` leaves a quotation open: more opening than closing curly
    /// marks, or an odd number of straight ones.
    fn open_at(&mut self, text: &str, bound: usize, to: usize) -> bool {
        if bound != self.bound || to < self.at {
            *self = Quotes {
                bound,
                at: bound,
                ..Quotes::default()
            };
        }
        for c in text[self.at..to].chars() {
            match c {
                '“' => self.open += 1,
                '”' => self.close += 1,
                '"' => self.straight += 1,
                _ => {}
            }
        }
        self.at = to;
        self.open > self.close || self.straight % 2 == 1
    }
}

/// Relations, mention by mention.
fn roles(text: &str, mentions: &[Mention], keys: &HashMap<&str, DocKey>) -> Vec<Role> {
    let bounds = boundaries(text);
    // Where a text of articles leaves its preamble: a `Căn cứ` after it is no ground.
    let body = first_article_re()
        .find(text)
        .map_or(text.len(), |m| m.start());
    let grounds = grounds(text, &bounds, body);
    let mut numbers: Vec<ClauseNumbers> = vec![(0, 0); bounds.len()];
    for m in mentions {
        let j = bounds.partition_point(|b| *b <= m.found.span[0]) - 1;
        let n = &mut numbers[j];
        if n.0 == 0 {
            n.1 = m.found.span[0];
        }
        n.0 += 1;
    }
    let mut roles: Vec<Role> = Vec::new();
    let mut quotes = Quotes::default();
    let mut prev_quoted = false;
    for (i, m) in mentions.iter().enumerate() {
        let start = m.found.span[0];
        let bound = bounds[bounds.partition_point(|b| *b <= start) - 1];
        let prev_end = i.checked_sub(1).map(|p| mentions[p].found.span[1]);
        // A number inside quotation marks belongs to a name (`Bãi bỏ TTHC: “Đăng ký … theo
        // Thông tư số 200/2014/TT-BTC …” tại Quyết định số 2083/QĐ-BTC`): the clause's verb is
        // not said of it, and the number after the closing mark is the verb's object.
        let quoted = quotes.open_at(text, bound, start);
        let after_quoted = std::mem::replace(&mut prev_quoted, quoted);
        if quoted {
            roles.push((Relation::References, None, None));
            continue;
        }
        let prev_end = prev_end.filter(|&pe| !(pe > bound && after_quoted));
        let mut role = match prev_end {
            Some(pe) if pe > bound => {
                let window = fold_lower(&collapse_ws(&text[pe..start]));
                let coordinated = (!VERBS.iter().any(|v| has_phrase(&window, v))
                    && (has_phrase(&window, "va") || window.contains(',')))
                    || opens_an_item(&window)
                    || joins_a_second_object(&window);
                if coordinated {
                    roles[i - 1].clone()
                } else if let Some(rel) = passive_relation(&window) {
                    // The edge is this one's, to the one before: reported on that one.
                    let key = keys[m.norm.as_str()].clone();
                    if roles[i - 1].1.is_none() {
                        roles[i - 1].1 = Some(key);
                        roles[i - 1].2 = Some(rel);
                    }
                    (Relation::References, None, None)
                } else {
                    let prev_key = keys[mentions[i - 1].norm.as_str()].clone();
                    (
                        Relation::References,
                        Some(prev_key),
                        Some(relation_anywhere(&window).unwrap_or(Relation::References)),
                    )
                }
            }
            _ => {
                let window = fold_lower(&collapse_ws(&text[bound..start]));
                let rel = relation_of(&window)
                    // "(được sửa đổi, bổ sung bởi Thông tư số …)" says what another did.
                    .filter(|r| !(r.changes() && passive_relation(&window).is_some()))
                    .filter(|r| !(*r == Relation::Basis && start > body))
                    // A plain mention (`… ban hành kèm theo Nghị quyết số`) may still be
                    // what its list or sentence repeals.
                    .filter(|r| *r != Relation::References)
                    .or_else(|| list_relation(text, &bounds, bound))
                    .or_else(|| ends_in_force(text, &bounds, &numbers, m.found.span[1]))
                    .or_else(|| change_carried_on(text, &bounds, &numbers, bound))
                    .unwrap_or(Relation::References);
                (rel, None, None)
            }
        };
        // (Only a number the sentence is about, not one inside another's description.)
        if role.0 == Relation::References && role.1.is_none() {
            let next = mentions.get(i + 1).map_or(text.len(), |n| n.found.span[0]);
            if sent_with(text, m.found.span[1], next) {
                role.0 = Relation::Attached;
            }
        }
        // Every document a clause of grounds names is a basis, also one its words say
        // something of ("Căn cứ Nghị quyết số X … thực hiện Nghị quyết số Y": Y too); what
        // they say of it stays as the reported edge.
        // Grounds are sorted and apart: the last one starting at or before `start`.
        let g = grounds.partition_point(|g| g[0] <= start);
        if g > 0 && start < grounds[g - 1][1] {
            role.0 = Relation::Basis;
        }
        roles.push(role);
    }
    roles
}

/// Merges the mentions of one number into one citation.
fn merge(mentions: &[Mention], roles: Vec<Role>, keys: &HashMap<&str, DocKey>) -> Vec<Citation> {
    let mut out: Vec<Citation> = Vec::new();
    let mut index: HashMap<DocKey, usize> = HashMap::new();
    for (m, (relation, via, via_relation)) in mentions.iter().zip(roles) {
        let key = keys[m.norm.as_str()].clone();
        let via = via.filter(|v| *v != key);
        let via_relation = via.as_ref().and(via_relation);
        match index.get(&key) {
            Some(&at) => {
                let c = &mut out[at];
                c.relation = c.relation.min(relation);
                c.spans.push(m.found.span);
                c.date = c.date.take().or(m.date);
                c.issuer = c.issuer.take().or_else(|| m.issuer.clone());
                c.doc_type = c.doc_type.take().or_else(|| type_name(m.type_code));
                if c.via.is_none() && via.is_some() {
                    c.via = via;
                    c.via_relation = via_relation;
                }
            }
            None => {
                index.insert(key.clone(), out.len());
                out.push(Citation {
                    key,
                    number: m.found.number.written.clone(),
                    relation,
                    doc_type: type_name(m.type_code),
                    date: m.date,
                    issuer: m.issuer.clone(),
                    via,
                    via_relation,
                    spans: vec![m.found.span],
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::find_numbers;

    #[test]
    fn sentence_ends_after_multibyte_punctuation() {
        // OCR of a turned page: a period right after a three-byte character.
        let b = boundaries("‹S ©. — x. Thực hiện Kế hoạch số 1/KH-UBND.");
        assert!(b.windows(2).all(|w| w[0] < w[1]));
        let c = cites("b0 ‹S. ©. Căn cứ Nghị quyết số 9/NQ-CP; ‹. x");
        assert_eq!(c.len(), 1);
    }

    fn cites(text: &str) -> Vec<Citation> {
        citations(text, &find_numbers(text), None, Some("Tây Lĩnh"))
    }

    #[test]
    fn head_citation_implements_nested_ones_reference() {
        let t = "KẾ HOẠCH\nTriển khai thực hiện Nghị quyết số 91-NQ/TW, ngày 12/3/2024 của Ban \
                 Chấp hành Trung ương\n\nThực hiện Kế hoạch số 134-KH/TU, ngày 20/7/2024 của Ban \
                 Thường vụ Tỉnh ủy thực hiện Nghị quyết số 91-NQ/TW; Căn cứ Nghị định số \
                 52/2024/NĐ-CP và Thông tư số 08/2024/TT-BNV; UBND tỉnh ban hành Kế hoạch.";
        let c = cites(t);
        let by = |n: &str| c.iter().find(|c| c.number == n).unwrap();
        assert_eq!(c.len(), 4);
        assert_eq!(by("91-NQ/TW").relation, Relation::Implements);
        assert_eq!(by("91-NQ/TW").spans.len(), 2);
        assert_eq!(
            by("91-NQ/TW").date.map(|d| d.iso()).as_deref(),
            Some("2024-03-12")
        );
        assert_eq!(by("91-NQ/TW").key.as_str(), "91-NQ-TW");
        let kh = by("134-KH/TU");
        assert_eq!(kh.relation, Relation::Implements);
        assert_eq!(kh.key.as_str(), "134-KH-TU@tay-linh:2024");
        assert_eq!(kh.issuer.as_deref(), Some("Ban Thường vụ Tỉnh ủy"));
        assert_eq!(by("52/2024/NĐ-CP").relation, Relation::Basis);
        assert_eq!(by("08/2024/TT-BNV").relation, Relation::Basis);
    }

    #[test]
    fn nested_citations_remember_what_cites_them() {
        let t = "Thực hiện Kế hoạch số 56/KH-UBND ngày 21/02/2025 của UBND tỉnh về việc \
                 Triển khai thực hiện Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ và \
                 Chương trình hành động số 150-CTr/TU ngày 20/02/2025 của Ban Thường vụ Tỉnh ủy.";
        let c = cites(t);
        assert_eq!(c[0].relation, Relation::Implements);
        assert_eq!(c[1].relation, Relation::References);
        assert_eq!(c[1].via.as_ref(), Some(&c[0].key));
        assert_eq!(c[1].via_relation, Some(Relation::Implements));
        // Coordinated with the previous one: same role.
        assert_eq!(c[2].via.as_ref(), Some(&c[0].key));
        assert_eq!(c[2].doc_type.as_deref(), Some("Chương trình"));
    }

    #[test]
    fn issuer_stops_before_the_next_document() {
        let t = "Thực hiện Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ và Chương trình \
                 hành động số 150-CTr/TU ngày 20/02/2025 của Ban Thường vụ Tỉnh ủy Lạng Sơn; \
                 Kế hoạch của Sở Khoa học và Công nghệ.";
        let c = cites(t);
        assert_eq!(c[0].issuer.as_deref(), Some("Chính phủ"));
        assert_eq!(
            c[1].issuer.as_deref(),
            Some("Ban Thường vụ Tỉnh ủy Lạng Sơn")
        );
    }

    #[test]
    fn cited_issuer_names_its_province() {
        let t = "Tham khảo Kế hoạch số 77/KH-UBND ngày 02/5/2024 của UBND tỉnh Đông Hải về việc.";
        let c = cites(t);
        assert_eq!(c[0].key.as_str(), "77-KH-UBND@dong-hai:2024");
        assert_eq!(c[0].relation, Relation::References);
    }

    #[test]
    fn a_long_issuers_name_goes_on_to_its_province() {
        let t = "Tại Quyết định số 466/QĐ-CTHADS ngày 04/12/2023 của Cục trưởng Cục Thi hành án \
                 dân sự thành phố Hà Nội có nêu.";
        let c = cites(t);
        assert_eq!(
            c[0].issuer.as_deref(),
            Some("Cục trưởng Cục Thi hành án dân sự thành phố Hà Nội")
        );
        assert_eq!(c[0].key.as_str(), "466-QD-CTHADS@ha-noi:2023");
        // Not past a name that ends without a province.
        let t = "Theo Công văn số 15/CV-BQL ngày 04/12/2023 của Phó Trưởng Ban Quản lý dự án \
                 đầu tư xây dựng công trình giao thông Phó Chủ tịch có nêu.";
        assert!(cites(t)[0]
            .issuer
            .as_deref()
            .is_some_and(|i| i.split(' ').count() <= 10));
    }

    #[test]
    fn other_relations() {
        for (t, r) in [
            (
                "Sửa đổi, bổ sung một số điều của Quyết định số 15/2024/QĐ-UBND.",
                Relation::Amends,
            ),
            (
                "Quyết định này thay thế Quyết định số 15/2024/QĐ-UBND.",
                Relation::Replaces,
            ),
            ("Bãi bỏ Quyết định số 15/2024/QĐ-UBND.", Relation::Repeals),
            ("Đính chính Thông tư số 70/2024/TT-BTC.", Relation::Corrects),
            (
                "Phúc đáp Công văn số 1875/UBND-KT ngày 3/9/2024.",
                Relation::Replies,
            ),
            (
                "Hướng dẫn thực hiện Thông tư số 08/2024/TT-BNV.",
                Relation::Guides,
            ),
            ("(Kèm theo Kế hoạch số 212/KH-UBND)", Relation::Attached),
            (
                "Kế hoạch thực hiện Nghị quyết số 91-NQ/TW",
                Relation::Implements,
            ),
        ] {
            assert_eq!(cites(t)[0].relation, r, "{t}");
        }
    }

    #[test]
    fn a_clause_of_grounds_lists_bases_and_a_passive_edge_points_back() {
        let t = "Căn cứ Nghị định số 10/2010/NĐ-CP ngày 1/1/2010 được sửa đổi, bổ sung bởi Nghị\n\
            định số 20/2013/NĐ-CP ngày 1/1/2013;\nNghị định số 50/2015/NĐ-CP ngày 1/1/2015;\n\
            Theo đề nghị của Vụ trưởng tại Tờ trình số 7/TTr-VP ngày 2/1/2025;\n";
        let c = cites(t);
        let rel: Vec<(&str, Relation)> =
            c.iter().map(|c| (c.number.as_str(), c.relation)).collect();
        assert_eq!(
            rel,
            [
                ("10/2010/NĐ-CP", Relation::Basis),
                ("20/2013/NĐ-CP", Relation::Basis),
                ("50/2015/NĐ-CP", Relation::Basis),
                ("7/TTr-VP", Relation::References),
            ]
        );
        // 20/2013 amends 10/2010, not the other way round: reported on 10/2010.
        assert_eq!(c[0].via.as_ref().map(|k| k.as_str()), Some("20-2013-ND-CP"));
        assert_eq!(c[0].via_relation, Some(Relation::Amends));
        assert_eq!(c[1].via, None);
        // "được giao tại" is no passive of the relation's verb.
        let t = "Thực hiện Kế hoạch số 160/KH-UBND ngày 14/6/2025 thực hiện các nhiệm vụ được giao tại Nghị quyết số 57-NQ/TW.";
        let c = cites(t);
        assert_eq!(c[0].via, None);
        assert_eq!(
            c[1].via.as_ref().map(|k| k.as_str()),
            Some("160-KH-UBND@tay-linh:2025")
        );
    }

    #[test]
    fn a_cited_province_is_a_known_one_and_a_central_text_scopes_nothing() {
        let t = "Bãi bỏ Quyết định số 44/2023/QĐ-UBND ngày 5/6/2023 của UBND tỉnh Vĩnh Phúc Quy định về giá.";
        assert_eq!(cites(t)[0].key.as_str(), "44-2023-QD-UBND@vinh-phuc:2023");
        let t = "Căn cứ Quyết định số 12/QĐ-UBND ngày 1/2/2024 của UBND thành phố Hải Phòng;";
        assert_eq!(cites(t)[0].key.as_str(), "12-QD-UBND@hai-phong:2024");
    }

    #[test]
    fn what_the_articles_end_and_what_another_text_did() {
        let t = "Điều 3.\n1. Quyết định này có hiệu lực kể từ ngày 01/12/2025.\n\
            2. Các quyết định sau hết hiệu lực kể từ ngày Quyết định này có hiệu lực:\n\
            a) Quyết định số 08/2019/QĐ-UBND ngày 25/3/2019 của UBND tỉnh Hòa Bình.\n\
            b) Quyết định số 44/2023/QĐ-UBND ngày 30/11/2023 của UBND tỉnh Vĩnh Phúc.\n\
            Điều 4. Nghị quyết số 03/2024/NQ-HĐND ngày 5/7/2024 hết hiệu lực kể từ ngày 08/12/2025.\n\
            Điều 5. Thủ tục theo Điều 76 Thông tư số 38/2015/TT-BTC (được sửa đổi, bổ sung bởi \
            Thông tư số 39/2018/TT-BTC).\n";
        let rel: Vec<Relation> = cites(t).iter().map(|c| c.relation).collect();
        assert_eq!(
            rel,
            [
                Relation::Repeals,
                Relation::Repeals,
                Relation::Repeals,
                Relation::References,
                Relation::References,
            ]
        );
        // What 39/2018 did to 38/2015 is reported on 38/2015.
        let c = cites(t);
        assert_eq!(
            c[3].via.as_ref().map(|k| k.as_str()),
            Some("39-2018-TT-BTC")
        );
    }

    #[test]
    fn what_an_articles_items_undergo() {
        // An article's title says what its numbered items undergo, with or without a colon.
        let t = "Điều 1. Bãi bỏ toàn bộ các\nquyết định\n1. Quyết định số\n43/2017/QĐ-UBND ngày \
            29/9/2017 của UBND tỉnh quy định trình tự.\n2. Quyết định số\n40/2013/QĐ-UBND ngày \
            13/9/2013 của UBND tỉnh.\nĐiều 2. Bãi bỏ các văn bản sau:\n1. Quyết định \
            90/2004/QĐ-UB ngày 5/5/2004.\nĐiều 3. Hiệu lực thi hành\n1. Quyết định này có \
            hiệu lực kể từ ngày ký.\n2. Bãi bỏ khoản 1 Điều 3 Nghị quyết số 22/2024/NQ-HĐND \
            ngày 04/10/2024 quy định thi hành Luật Thủ đô số 39/2024/QH15; khoản 1 Mục I của \
            Phụ lục ban hành kèm theo Nghị quyết số 33/2025/NQ-HĐND ngày 29/9/2025.\n\
            3. Nghị quyết số 01/2024/NQ-HĐND ngày 29/3/2024 của Hội đồng nhân dân tỉnh về \
            mức phân bổ kinh phí; quy định mức chi bảo đảm cho công tác kiểm tra hết hiệu lực \
            kể từ ngày Nghị quyết này có hiệu lực thi hành.\n\
            4. Nghị quyết số 17/2019/NQ-HĐND được sửa đổi bởi Nghị quyết số 43/2023/NQ-HĐND; \
            khoản 2 của Quyết định số 5/2020/QĐ-UBND.\n";
        let rel: Vec<(String, Relation)> = cites(t)
            .iter()
            .map(|c| (c.number.clone(), c.relation))
            .collect();
        let want = [
            ("43/2017/QĐ-UBND", Relation::Repeals),
            ("40/2013/QĐ-UBND", Relation::Repeals),
            ("90/2004/QĐ-UB", Relation::Repeals),
            ("22/2024/NQ-HĐND", Relation::Repeals),
            ("39/2024/QH15", Relation::References),
            ("33/2025/NQ-HĐND", Relation::Repeals),
            ("01/2024/NQ-HĐND", Relation::Repeals),
            ("17/2019/NQ-HĐND", Relation::References),
            ("43/2023/NQ-HĐND", Relation::References),
            ("5/2020/QĐ-UBND", Relation::References),
        ];
        let want: Vec<(String, Relation)> = want.iter().map(|(n, r)| (n.to_string(), *r)).collect();
        assert_eq!(rel, want);
    }

    #[test]
    fn an_issuer_named_as_the_clauses_subject() {
        let t = "Ngày 26/02/2025, Cục Thuế tỉnh Tây Lĩnh (nay là Thuế tỉnh Đông Hà) có Thông \
            báo số 565/TB-CTTL về việc điều chỉnh; Cục Thi hành án dân sự thành phố Hà Nội chỉ \
            gửi công văn số 1310/CV-THANDS ngày 22/8/2025. Sau khi Thủ tướng Chính phủ ban \
            hành Chỉ thị số 13/CT-TTg, Ngân hàng Nhà nước Việt Nam tiếp tục ban hành Quyết \
            định số 3539/QĐ-NHNN.\n";
        let got: Vec<(Option<String>, String)> = cites(t)
            .into_iter()
            .map(|c| (c.issuer, c.key.as_str().to_string()))
            .collect();
        let want = [
            (Some("Cục Thuế tỉnh Tây Lĩnh"), "565-TB-CTTL@tay-linh:?"),
            (
                Some("Cục Thi hành án dân sự thành phố Hà Nội"),
                "1310-CV-THANDS@ha-noi:2025",
            ),
            (None, "13-CT-TTG"),
            (Some("Ngân hàng Nhà nước Việt Nam"), "3539-QD-NHNN"),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(i, k)| (i.map(str::to_string), k.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_document_sent_with_the_letter() {
        // Said after it in brackets, or by the brackets it stands in; not an appendix.
        let t = "Cục Thống kê đã có công văn số 2273/CTK-CSCL ngày 15/10/2025 (công văn gửi \
            kèm). Đối với 355 nhiệm vụ (danh mục cụ thể theo Báo cáo số 11296/BC-BNV ngày \
            27/11/2025 của Bộ Nội vụ gửi kèm), các Bộ rà soát. Thực hiện (theo Kế hoạch số \
            12/KH-UBND và Phụ lục đính kèm), các sở báo cáo.\n";
        use Relation::{Attached, References as Refs};
        let rel: Vec<Relation> = cites(t).iter().map(|c| c.relation).collect();
        assert_eq!(rel, [Attached, Attached, Refs]);
    }

    #[test]
    fn a_changes_label_before_its_colon() {
        // The label says what is done to the document its clause names, and to each clause
        // after it up to the sentence's end; a longer clause before a colon is no label.
        let t = "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\na) Sửa đổi, bổ sung: 01 \
            thủ tục hành chính tại số thứ tự 106 trong phụ lục tại Quyết định 897/QĐ-TTPV ngày \
            24/6/2025.\nBãi bỏ: 06 thủ tục tại Mục I Danh mục ban hành kèm theo Quyết định số \
            719/QĐ-UBND ngày 11/4/2024; số thứ tự 01, 02 Danh mục ban hành kèm theo Quyết \
            định số 241/QĐ-UBND ngày 07/02/2025.\nCác đơn vị thực hiện sửa đổi, bổ sung quy \
            trình nội bộ theo hướng dẫn như sau: 01 thủ tục tại Quyết định số 12/QĐ-UBND.\n";
        use Relation::{Amends, References as Refs, Repeals};
        let rel: Vec<Relation> = cites(t).iter().map(|c| c.relation).collect();
        assert_eq!(rel, [Amends, Repeals, Repeals, Refs]);
    }

    #[test]
    fn a_list_of_documents_that_ends_in_force_together() {
        let t = "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\nCác thủ tục hành chính đã \
            công bố tại các\nQuyết định số 3684/QĐ-BVHTTDL ngày 27/12/2022;\nQuyết định số \
            1647/QĐ-BVHTTDL ngày 26/6/2023; Quyết\nđịnh số 4347/QĐ-BVHTTDL ngày 14/11/2025 hết\n\
            hiệu lực kể từ ngày Quyết định này có hiệu lực thi hành.\n\
            3. Nguồn kinh phí: Thực hiện theo quy định tại khoản 1 Điều 13 Nghị định số \
            66/2025/NĐ-CP của Chính phủ.\n\
            5. Về đề nghị sửa đổi, bổ sung Nghị định số 76/2019/NĐ-CP: Giao Bộ Nội vụ tổng \
            hợp kiến nghị trong quá trình sửa đổi, bổ sung Nghị định số 76/2019/NĐ-CP.\n\
            Cục Thuế nhận được văn bản số 01/CV-CS ngày 10/09/2025 của Công ty.\n";
        use Relation::{References as Refs, Repeals, Replies};
        let rel: Vec<Relation> = cites(t).iter().map(|c| c.relation).collect();
        assert_eq!(rel, [Repeals, Repeals, Repeals, Refs, Refs, Replies]);
        // A list whose last document only was in force says nothing of the others.
        let t = "Căn cứ hồ sơ: Quyết định số 1/QĐ-UBND ngày 2/1/2020; Quyết định số \
            2/QĐ-UBND ngày 3/1/2020 đã hết hiệu lực.\n";
        assert!(cites(t).iter().all(|c| c.relation != Relation::Repeals));
        // A proposal to issue a replacement replaces nothing.
        let t = "Đề nghị ban hành Nghị định xử phạt vi phạm hành chính và Nghị định thay thế \
            Nghị định số 24/2018/NĐ-CP ngày 27/02/2018 của Chính phủ.\n";
        assert_eq!(relation(t, "24/2018/NĐ-CP"), Relation::References);
    }

    #[test]
    fn a_name_wrapped_at_its_dash_and_what_a_notice_rests_on() {
        // `Bộ Lao động` / `- Thương binh và Xã hội` is no item of a list.
        let t =
            "- Thông tư liên tịch số\n01/2012/TTLT-BQP-BLĐTBXH ngày 05/01/2012 của Bộ Lao động\n\
            - Thương binh và Xã hội hướng dẫn thực hiện Quyết định số 62/2011/QĐ-TTg của Thủ \
            tướng Chính phủ;\n";
        let c = cites(t);
        assert_eq!(c[1].relation, Relation::References);
        // The grounds end where what the notice rests on begins.
        let t = "Căn cứ Thông tư số 31/2022/TT-BTC ngày 08/6/2022 của Bộ Tài chính;\n\
            Trên cơ sở Đơn đề nghị số 0825-03/HW-TCHQ đề ngày 05/9/2025 của Công ty;\n";
        let c = cites(t);
        assert_eq!(c[0].relation, Relation::Basis);
        assert_eq!(c[1].relation, Relation::References);
        assert_eq!(c[1].date.map(|d| d.iso()).as_deref(), Some("2025-09-05"));
    }

    fn relation(text: &str, number: &str) -> Relation {
        let c = cites(text);
        c.iter()
            .find(|c| c.number == number)
            .unwrap_or_else(|| panic!("{number} not cited in {c:?}"))
            .relation
    }

    #[test]
    fn a_can_cu_inside_an_article_is_no_ground() {
        let t = "Căn cứ Nghị định số 10/2024/NĐ-CP ngày 01/02/2024 của Chính phủ;\n\
                 QUYẾT ĐỊNH:\nĐiều 1. Chi xây dựng chương trình đào tạo: Căn cứ quy định tại \
                 Thông tư số 76/2018/TT-BTC ngày 17/8/2018 của Bộ Tài chính.\n";
        assert_eq!(relation(t, "10/2024/NĐ-CP"), Relation::Basis);
        assert_eq!(relation(t, "76/2018/TT-BTC"), Relation::References);
        // A letter has no articles: its reasoning's grounds are grounds.
        let t = "Kính gửi: Thuế tỉnh Đông Hải.\nCăn cứ Thông tư số 80/2021/TT-BTC ngày \
                 29/9/2021 của Bộ Tài chính, Cục Thuế có ý kiến như sau.\n";
        assert_eq!(relation(t, "80/2021/TT-BTC"), Relation::Basis);
    }

    /// A table's cell is a paragraph of its own: the words of its column's heading are no
    /// verb of the document it names; a text with a blank line after every line still reads
    /// its sentences whole.
    #[test]
    fn a_cell_under_a_heading_of_changes_is_no_change() {
        let wide = "Các thủ tục hành chính được công bố tại Quyết định này được thực hiện tại";
        let table = format!(
            "Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính được sửa \
             đổi.\n{wide}\nbộ phận một cửa.\n\nSTT\n\nTên thủ tục\n\nTên văn bản quy định nội dung \
             sửa đổi,\nbổ sung, thay thế\n\n1\n\nCấp lại chứng chỉ\n\nThông\ntư số \
             64/2025/TT-BTC\n"
        );
        assert_eq!(relation(&table, "64/2025/TT-BTC"), Relation::References);
        let spaced = "Thực hiện Kế hoạch số 242-KH/TU, ngày 03/6/2025 của Ban Thường vụ \n\nTỉnh \
                      ủy, Sở Nội vụ ban hành Kế hoạch này.\n";
        assert_eq!(relation(spaced, "242-KH/TU"), Relation::Implements);
        let c = cites(
            "Thực hiện Kế hoạch số 242-KH/TU ngày 03/6/2025 của Ban Thường vụ Tỉnh ủy thực \n\nhiện \
             Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Sở ban hành Kế hoạch.\n",
        );
        let nq = c.iter().find(|c| c.number == "57-NQ/TW").unwrap();
        assert_eq!(nq.via_relation, Some(Relation::Implements), "{nq:?}");
    }

    /// A list's introduction that names a column in quotation marks says nothing of its
    /// items: the words of the name are no verb.
    #[test]
    fn a_name_in_quotation_marks_introduces_no_change() {
        let t = "Chú thích:\nTại cột “Tên văn bản quy định nội dung sửa đổi, bổ sung, thay thế” \
                 là văn bản sau đây:\n- Thông tư số 64/2025/TT-BTC ngày 30 tháng 6 năm 2025.\n";
        assert_eq!(relation(t, "64/2025/TT-BTC"), Relation::References);
        let t = "Điều 2. Bãi bỏ các văn bản sau:\n- Thông tư số 64/2025/TT-BTC ngày 30 tháng 6 \
                 năm 2025.\n";
        assert_eq!(relation(t, "64/2025/TT-BTC"), Relation::Repeals);
        assert_eq!(unquoted("a “b” c “d"), "a “” c “d");
    }

    /// A sentence that opens with a date tells when the number that ends its first clause
    /// was issued; a date farther back, or with figures between, tells nothing.
    #[test]
    fn a_date_that_opens_the_sentence_is_the_numbers() {
        let date = |t: &str, n: &str| {
            cites(t)
                .into_iter()
                .find(|c| c.number == n)
                .and_then(|c| c.date)
                .map(|d| d.iso())
        };
        let t = "Kính gửi: Sở Tài chính.\nNgày 01/7/2025, Sở Nội vụ đã có công\nvăn số 102/SNV-VP \
                 đề nghị các đơn vị rà soát.\n";
        assert_eq!(date(t, "102/SNV-VP").as_deref(), Some("2025-07-01"));
        let t = "Ngày 22/10/2025, tại Thông báo số 569/TB-VPCP, Văn phòng đã thông báo.\n";
        assert_eq!(date(t, "569/TB-VPCP").as_deref(), Some("2025-10-22"));
        // Its own date wins; figures between, or another clause, say nothing.
        let t = "Ngày 01/7/2025, Sở đã có Công văn số 12/SNV-VP ngày 30/6/2025.\n";
        assert_eq!(date(t, "12/SNV-VP").as_deref(), Some("2025-06-30"));
        let t = "Ngày 01/7/2025, Sở họp với 12 đơn vị theo Kế hoạch số 7/KH-SNV.\n";
        assert_eq!(date(t, "7/KH-SNV"), None);
        let t = "Ngày 01/7/2025, Sở đã họp; các đơn vị thực hiện Kế hoạch số 7/KH-SNV.\n";
        assert_eq!(date(t, "7/KH-SNV"), None);
    }

    #[test]
    fn amends_only_as_the_documents_own_act() {
        // The verb of this document: at the clause's start, after an article, after `này`,
        // in the enacting words.
        let own = [
            "Điều 3. Sửa đổi khoản 9 Điều 1 Quyết định số 373/QĐ-TTg ngày 01/3/2013.",
            "Điều 2. Quyết định này sửa đổi, bổ sung Quyết định số 1947/QĐ-UBND.",
            "Bộ trưởng Bộ Quốc phòng ban hành Thông tư sửa đổi, bổ sung một số điều của \
             Thông tư số 67/2024/TT-BQP.",
        ];
        for t in own {
            let n = crate::number::find_numbers(t)[0].number.written.clone();
            assert_eq!(relation(t, &n), Relation::Amends, "{t}");
        }
        // A procedure's name, a requirement, another body's task, a law named at the
        // clause's start: the citing document changes nothing.
        let not_own = [
            "2. Cấp, bổ sung, sửa đổi, cấp lại, thu hồi Giấy chứng nhận lưu hành tự do quy \
             định tại khoản 1 Điều 11 Nghị định số 69/2018/NĐ-CP.",
            "Trường hợp có yêu cầu sửa đổi, bổ sung hồ sơ, Sở Y tế có văn bản trả lời theo \
             Mẫu số 16 tại Phụ lục I của Nghị định số 163/2025/NĐ-CP.",
            "c) Văn phòng Chính phủ chủ trì tham mưu sửa đổi, bổ sung Nghị định số \
             118/2025/NĐ-CP.",
            "- Luật sửa đổi, bổ sung một số điều của Luật Di sản văn hóa số 32/2009/QH12.",
        ];
        for t in not_own {
            let n = crate::number::find_numbers(t)[0].number.written.clone();
            assert_eq!(relation(t, &n), Relation::References, "{t}");
        }
    }

    #[test]
    fn a_reply_is_the_letters_own_answer() {
        let t = "Kính gửi: Công ty TNHH Sao Mai.\n(Đ/c: Lô 15, Cụm công nghiệp Tân Lập)\n\
                 Trả lời công văn số 1025/CV-SM ngày 01/11/2025 của Công ty, Cục Hải quan có ý \
                 kiến như sau:";
        assert_eq!(relation(t, "1025/CV-SM"), Relation::Replies);
        let t = "Cục Thuế nhận được Báo cáo số 157/BC-HĐTV ngày 27/10/2025 của Hội đồng tư vấn.";
        assert_eq!(relation(t, "157/BC-HĐTV"), Relation::Replies);
        let t = "Bộ nhận được kiến nghị của cử tri do Ủy ban chuyển đến tại Văn bản số \
                 1691/UBDN ngày 28/10/2025.";
        assert_eq!(relation(t, "1691/UBDN"), Relation::Replies);
        // The day a procedure counts from, and another's letter.
        let t = "- Trong thời hạn 10 ngày, kể từ ngày nhận được quyết định bổ nhiệm kèm theo \
                 hồ sơ quy định tại khoản 1 Điều 6 Thông tư số 11/2020/TT-BTP.";
        assert_eq!(relation(t, "11/2020/TT-BTP"), Relation::References);
        let t = "Bước 3: Sở Y tế có văn bản trả lời theo Mẫu số 16 của Nghị định số \
                 163/2025/NĐ-CP.";
        assert_eq!(relation(t, "163/2025/NĐ-CP"), Relation::References);
    }

    #[test]
    fn grounds_said_above_and_a_letters_reasoning_are_no_basis() {
        let t = "Căn cứ điểm d khoản 2 Điều 7 Nghị định số 126/2020/NĐ-CP của Chính phủ;\n\
                 Tại công văn của Thuế tỉnh đề xuất 02 phương án là chưa phù hợp với chỉ đạo \
                 tại công văn số 5029/TCT-PC ngày 09/11/2023.\n\
                 Căn cứ các quy định trên, trường hợp thuê đất đến ngày 01/8/2024 (ngày Nghị \
                 định số 103/2024/NĐ-CP có hiệu lực) thì tiếp tục được ổn định.";
        assert_eq!(relation(t, "126/2020/NĐ-CP"), Relation::Basis);
        assert_eq!(relation(t, "5029/TCT-PC"), Relation::References);
        assert_eq!(relation(t, "103/2024/NĐ-CP"), Relation::References);
    }

    #[test]
    fn work_done_as_a_document_provides_does_not_implement_it() {
        let t = "- Triển khai xây dựng, phát triển hạ tầng số phục vụ Chính phủ số theo Quyết \
                 định số 1132/QĐ-TTg ngày 26/9/2023.";
        assert_eq!(relation(t, "1132/QĐ-TTg"), Relation::References);
        let t = "Thực hiện Kết luận số 192-KL/TW ngày 19/9/2025 của Bộ Chính trị, Bộ đề nghị:";
        assert_eq!(relation(t, "192-KL/TW"), Relation::Implements);
    }

    #[test]
    fn a_number_in_quotation_marks_is_part_of_a_name() {
        let t = "Điều 2. Bãi bỏ TTHC “Đăng ký chế độ kế toán theo Thông tư số 200/2014/TT-BTC \
                 hướng dẫn chế độ kế toán” tại Quyết định số 2083/QĐ-BTC ngày 29/09/2016.";
        assert_eq!(relation(t, "200/2014/TT-BTC"), Relation::References);
        assert_eq!(relation(t, "2083/QĐ-BTC"), Relation::Repeals);
        let t = "7. Thay thế cụm từ “Thông tư số 36/2018/TT-BTC” bằng cụm từ “Thông tư số \
                 100/2025/TT-BTC”.";
        assert_eq!(relation(t, "36/2018/TT-BTC"), Relation::References);
    }

    #[test]
    fn an_issuer_named_before_the_bracket_or_renamed_after_it() {
        let t = "Xét báo cáo và đề xuất của Ủy ban nhân dân tỉnh Hưng Yên (văn bản số 84/BC-UBND \
                 ngày 19 tháng 11 năm 2025) về tình hình cung ứng vật liệu xây dựng.";
        let c = cites(t);
        assert_eq!(
            c[0].issuer.as_deref(),
            Some("Ủy ban nhân dân tỉnh Hưng Yên")
        );
        assert_eq!(c[0].key.to_string(), "84-BC-UBND@hung-yen:2025");
        let t = "Cục Thuế nhận được Công văn số 3374/CCTKV02-NVDTPC ngày 30/6/2025 của Chi cục \
                 Thuế khu vực II (nay là Thuế thành phố Hồ Chí Minh) về mẫu biểu.";
        let c = cites(t);
        assert_eq!(c[0].key.to_string(), "3374-CCTKV02-NVDTPC@ho-chi-minh:2025");
        // A bracket that says more than the number's own words names no issuer.
        let t = "Theo đề nghị của Sở Tài chính (đã thống nhất với các sở tại văn bản số \
                 12/STC-NS) về kinh phí.";
        assert_eq!(cites(t)[0].issuer, None);
    }

    #[test]
    fn the_next_article_is_no_part_of_an_issuers_name() {
        let t = "Điều 3. Thay thế Danh mục tại Quyết định số 1740/QĐ-UBND ngày 30/6/2025 của \
                 Chủ tịch UBND tỉnh\nĐiều 4. Chánh Văn phòng UBND tỉnh chịu trách nhiệm.";
        let c = cites(t);
        assert_eq!(c[0].issuer.as_deref(), Some("Chủ tịch UBND tỉnh"));
        assert_eq!(c[0].key.to_string(), "1740-QD-UBND@tay-linh:2025");
        // A province whose name folds like a structure word keeps it.
        let t = "Công văn số 1010/PTH-KTr2 ngày 04/9/2025 của Thuế tỉnh Phú Thọ về thuế.";
        assert_eq!(cites(t)[0].key.to_string(), "1010-PTH-KTR2@phu-tho:2025");
    }
}
