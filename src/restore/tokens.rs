//! The words of a text as the restorer reads them: their spans, lines and sentence ends; and
//! the words that are written as they must be where they stand (a list's letter, a heading's
//! Roman numeral).

use super::model::ends_sentence;
use crate::text::{is_ocr_word_char, starts_line};

/// A word of the input.
pub(super) struct Token {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) line: usize,
    /// Ends a sentence after it.
    pub(super) boundary_after: bool,
}

pub(super) fn tokenize(text: &str) -> (Vec<Token>, usize) {
    let mut tokens: Vec<Token> = Vec::new();
    let mut line = 0;
    let mut start: Option<usize> = None;
    let mut prev = None;
    for (i, c) in text.char_indices() {
        let before = prev.replace(c);
        if is_ocr_word_char(c, before, || text[i + c.len_utf8()..].chars().next()) {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take() {
            tokens.push(Token {
                start: s,
                end: i,
                line,
                boundary_after: false,
            });
        }
        if ends_sentence(c, &text[i + c.len_utf8()..]) {
            if let Some(t) = tokens.last_mut() {
                t.boundary_after = true;
            }
        }
        if c == '\n' {
            line += 1;
        }
    }
    if let Some(s) = start {
        tokens.push(Token {
            start: s,
            end: text.len(),
            line,
            boundary_after: true,
        });
    }
    (tokens, line + 1)
}

/// The runs of tokens that share a line, in order: `from..to` each.
pub(super) fn line_runs(tokens: &[Token]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let line = tokens.get(from)?.line;
        let to = from + tokens[from..].iter().take_while(|t| t.line == line).count();
        let run = from..to;
        from = to;
        Some(run)
    })
}

/// The list letters that lost their stroke: Vietnamese lists and the points of an article run
/// a, b, c, d, đ, e, so a `d` that follows a `d` of the same list is *đ*. A list's letter
/// starts a line (`d)`, `d.`, or alone on the line, a table's cell) and follows the letter
/// that last started one; or it is written in a run of letters (`điểm c, d, đ, e`, `điểm d và
/// điểm đ`). One flag per token.
pub(super) fn list_letters(text: &str, tokens: &[Token]) -> Vec<bool> {
    let mut line_previous: Option<char> = None;
    // The last letter alone, as the list reads it, and where it ends.
    let mut last_letter: Option<(usize, char)> = None;
    let mut flags = Vec::with_capacity(tokens.len());
    for t in tokens {
        let mut cs = text[t.start..t.end].chars();
        let (Some(c), None) = (cs.next(), cs.next()) else {
            flags.push(false);
            continue;
        };
        if !c.is_alphabetic() {
            flags.push(false);
            continue;
        }
        let is_d = matches!(c, 'd' | 'D');
        let stroked = if starts_line(text, t.start) && labels_line(&text[t.end..]) {
            let stroked = is_d && matches!(line_previous, Some('d' | 'D'));
            line_previous = Some(if stroked { 'đ' } else { c });
            stroked
        } else {
            is_d && last_letter.is_some_and(|(end, before)| {
                matches!(before, 'd' | 'D') && between_letters_of_a_run(&text[end..t.start])
            })
        };
        last_letter = Some((t.end, if stroked { 'đ' } else { c }));
        flags.push(stroked);
    }
    flags
}

/// Whether what follows a letter at a line's start makes it a list's: `)`, a full stop and a
/// space, or nothing more on the line.
fn labels_line(after: &str) -> bool {
    let rest = after.split('\n').next().unwrap_or("");
    rest.starts_with(')') || rest.starts_with(". ") || rest.trim().is_empty() || rest == "."
}

/// Whether the text between two letters joins them in one run of a list's letters (`c, d`,
/// `d và điểm đ`, `b hoặc c`): commas, semicolons, and the words *và*, *hoặc*, *điểm*, marked
/// or not.
fn between_letters_of_a_run(gap: &str) -> bool {
    if gap.len() > 24 {
        return false;
    }
    let words = gap
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|w| !w.is_empty());
    let mut any = false;
    for w in words {
        let w = crate::text::fold_lower(w);
        if !matches!(w.as_str(), "va" | "hoac" | "diem") {
            return false;
        }
        any = true;
    }
    any || gap.contains(',') || gap.contains(';')
}

/// A Roman numeral of I, V and X written as one (`VI`, `XI`: letters that make a syllable,
/// *vì*, *xi*): a heading's, the first word of its line followed by a full stop, a bracket, a
/// dash or nothing (`VI. TỔ CHỨC THỰC HIỆN`, `VI-6.`, `VI` alone), or a part's, after the
/// word that numbers it (`Chương VI`, `Phụ lục VI`, `khóa XI`, `lần thứ XI`).
pub(super) fn roman_numeral(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    let w = &text[t.start..t.end];
    if w.is_empty() || w.len() > 5 || !w.bytes().all(|b| matches!(b, b'I' | b'V' | b'X')) {
        return false;
    }
    let after = text[t.end..].trim_start_matches([' ', '\t']);
    let heading = starts_line(text, t.start)
        && (after.is_empty() || after.starts_with(['.', ')', '-', '\n', '\r']));
    let part = || {
        i > 0 && tokens[i - 1].line == t.line && {
            let before = crate::text::fold_lower(&text[tokens[i - 1].start..tokens[i - 1].end]);
            matches!(
                before.as_str(),
                "chuong" | "phan" | "muc" | "khoa" | "quy" | "tap" | "luc" | "thu"
            )
        }
    };
    heading || part()
}

/// A Roman numeral that OCR read with digits (`I11.` for `III.`, `Il.` for `II.`), of I, V, X
/// and ones: a heading's (the first word of its line, followed by a full stop), or a
/// period's (`quý I11/2025`, `1V/2025`).
pub(super) fn roman_heading(text: &str, t: &Token) -> Option<String> {
    let w = &text[t.start..t.end];
    let roman = |c: char| matches!(c, 'I' | 'V' | 'X');
    let one = |c: char| matches!(c, '1' | 'l');
    // The word's own checks first: the look back to the line's start is for the rare word
    // that passes them, so that a long line stays linear.
    let looks_roman = w.len() <= 5
        && w.chars().all(|c| roman(c) || one(c))
        && w.chars().any(roman)
        && w.chars().any(one);
    // A period: `quý I11/2025`, `1V/2025` (a quarter, a month in roman numerals).
    let period = || {
        let after = text[t.end..].strip_prefix('/').unwrap_or("");
        after.len() >= 4
            && after.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && (after.starts_with("19") || after.starts_with("20"))
    };
    (looks_roman && ((text[t.end..].starts_with('.') && starts_line(text, t.start)) || period()))
        .then(|| w.chars().map(|c| if one(c) { 'I' } else { c }).collect())
}
