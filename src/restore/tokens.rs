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

/// The list letters that lost their stroke: Vietnamese lists run a) b) c) d) đ) e), so a
/// `d)` that starts a line after a line that started `d)` is `đ)`. One flag per token.
pub(super) fn list_letters(text: &str, tokens: &[Token]) -> Vec<bool> {
    let mut previous: Option<char> = None;
    tokens
        .iter()
        .map(|t| {
            let mut cs = text[t.start..t.end].chars();
            let (Some(c), None) = (cs.next(), cs.next()) else {
                return false;
            };
            if !c.is_alphabetic() || !text[t.end..].starts_with(')') || !starts_line(text, t.start)
            {
                return false;
            }
            let stroked = matches!(c, 'd' | 'D') && matches!(previous, Some('d' | 'D'));
            previous = Some(if stroked { 'đ' } else { c });
            stroked
        })
        .collect()
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
