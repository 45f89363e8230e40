//! Vietnamese letters: NFC normalisation, diacritic folding (đ→d), words and their byte
//! offsets, whitespace collapsing and slugs; [`syllable`]s, their parts, tones and canonical
//! form. Knows nothing of OCR or the index; every other stage calls it for the same answers.

pub mod syllable;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A byte range `[start, end)` in the text a value was read from.
pub type Span = [usize; 2];

/// The symbols English OCR writes for some marked letters (`B§` for *Bộ*, `K¢` for *Kế*).
pub const OCR_LETTER_SYMBOLS: [char; 2] = ['§', '¢'];

/// Whether `c` belongs to a word: a letter, a digit, a combining mark, or one of the
/// [`OCR_LETTER_SYMBOLS`].
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c) || OCR_LETTER_SYMBOLS.contains(&c)
}

/// Symbols English OCR writes for a marked vowel inside a word (`ngu@i` for *người*, `d&u` for
/// *đầu*, `S@` for *Sở*, `k¥` for *kỹ*, `hi€n` for *hiện*, `Quy£t` for *Quyết*) that stand
/// for themselves elsewhere (`R & D`, an e-mail's `@`, a price): a word's letters only as
/// restoring reads OCR, and only beside a letter.
pub const OCR_VOWEL_SYMBOLS: [char; 5] = ['@', '&', '¥', '€', '£'];

/// Whether `c`, after `prev` and before `next()`, belongs to a word as restoring reads OCR: a
/// [`is_word_char`], or one of [`OCR_VOWEL_SYMBOLS`] beside a letter, but not between two
/// capitals (`KH&CN`, `ĐBQH&HĐND`: two abbreviations joined); or a `$` that starts a word
/// before a letter or a 6 (`$6 Tư pháp`: English OCR's S of *Sở*, where `$196` is a price),
/// or follows a letter (another engine's marked vowel: `nghi$p`, `H$i`, `k$ thuật` for
/// *nghiệp*, *Hội*, *kỹ thuật*).
/// The next character is asked for only for those symbols (a tokenizer's every character
/// passes here).
#[inline]
pub fn is_ocr_word_char(c: char, prev: Option<char>, next: impl FnOnce() -> Option<char>) -> bool {
    if is_word_char(c) {
        return true;
    }
    if c == '$' && !prev.is_some_and(char::is_alphabetic) {
        let starts = !prev.is_some_and(char::is_alphanumeric);
        return starts && next().is_some_and(|n| n.is_alphabetic() || n == '6');
    }
    if !OCR_VOWEL_SYMBOLS.contains(&c) && c != '$' {
        return false;
    }
    let next = next();
    (prev.is_some_and(char::is_alphabetic) || next.is_some_and(char::is_alphabetic))
        && !(prev.is_some_and(char::is_uppercase) && next.is_some_and(char::is_uppercase))
}

/// The words of `s` as restoring reads OCR: runs of [`is_ocr_word_char`].
pub fn ocr_words(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut prev = None;
    for (i, c) in s.char_indices() {
        let next = || s[i + c.len_utf8()..].chars().next();
        match (is_ocr_word_char(c, prev, next), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push(&s[st..i]);
                start = None;
            }
            _ => {}
        }
        prev = Some(c);
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

/// Whether a word as written ([`word_spans`]) is one nobody writes in Vietnamese, as OCR
/// leaves it: a letter of another alphabet (`NÑVT`, `TTøg`, an eth `Ð` read for Đ), a symbol
/// read for a letter or a figure (`K¢`, `1§1/2006`), two tones (`TRỬỞNG`), or marked vowels
/// no syllable has (`QUỐA`). Not judged: a word with a digit (a code) but for such a symbol,
/// one with no mark but a Đ or none at all (an abbreviation, `TTĐT`, or a foreign word),
/// whose plain letters OCR misreads as words; nor what follows a word's first vowels (`Đắk`,
/// `BÔXIT` are written so).
pub fn misread_word(word: &str) -> bool {
    if word.contains(OCR_LETTER_SYMBOLS) {
        return true;
    }
    if word.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let foreign = |c: char| c.is_alphabetic() && !syllable::is_vietnamese_letter(c);
    if word.chars().any(foreign) {
        return true;
    }
    let lower = word.to_lowercase();
    if lower.chars().all(|c| c.is_ascii() || c == 'đ') {
        return false;
    }
    syllable::split_tone(&lower)
        .is_none_or(|(letters, _)| !syllable::vowels_make_a_nucleus(&letters))
}

/// The words of `s` (runs of [`is_word_char`]) with the byte offset each starts at.
pub fn word_spans(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = s.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = rest.by_ref().find(|(_, c)| is_word_char(*c))?;
        let mut end = s.len();
        while let Some(&(i, c)) = rest.peek() {
            if !is_word_char(c) {
                end = i;
                break;
            }
            rest.next();
        }
        Some((start, &s[start..end]))
    })
}

/// The words of `s`: runs of [`is_word_char`].
pub fn words(s: &str) -> impl Iterator<Item = &str> {
    word_spans(s).map(|(_, w)| w)
}

/// The text in Unicode NFC, the form every stage works on (tantivy's tokenizers split NFD
/// text in the middle of words).
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Removes every tone and vowel mark and maps đ→d, Đ→D, and a dotless ı to i (an i without
/// its dot: `Turkyilmaz` finds `Türkyılmaz`); keeps case.
/// `Nghị quyết` → `Nghi quyet`, `ĐỔI` → `DOI`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        match c {
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            'ı' => out.push('i'),
            c if is_combining_mark(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// [`fold`], then lowercase.
pub fn fold_lower(s: &str) -> String {
    fold(s).to_lowercase()
}

/// Whether `s`, folded, starts with `prefix` (already folded: `"noi nhan"`). Folds only as
/// many characters as the prefix has (one folded character per character of NFC text), so
/// that testing every line of a document costs little. A run of white space in `s`, a line
/// break included, counts as one space: pages that put a paragraph's first word on a line of
/// its own (`Căn` / `cứ Luật …`) still start with `can cu`.
pub fn starts_with_folded(s: &str, prefix: &str) -> bool {
    fold_lower(&head_spaced(s, prefix.chars().count())).starts_with(prefix)
}

/// The first `n` characters of `s` with each run of white space made one space.
pub fn head_spaced(s: &str, n: usize) -> String {
    let mut head = String::with_capacity(n + 4);
    let mut count = 0;
    let mut in_space = false;
    for c in s.chars() {
        if count == n {
            break;
        }
        if c.is_whitespace() {
            if in_space {
                continue;
            }
            in_space = true;
            head.push(' ');
        } else {
            in_space = false;
            head.push(c);
        }
        count += 1;
    }
    head
}

/// `s` without a footnote mark glued to a heading's last word (`ĐIỀU KHOẢN THI HÀNH7`,
/// `QUYẾT ĐỊNH1` in a consolidated text): one to three digits right after a word in capitals
/// that is a syllable (it has a vowel: `QH15`, `CP2` are codes and stay).
pub fn without_footnote_mark(s: &str) -> &str {
    let t = s.trim_end();
    let letters = t.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = t.len() - letters.len();
    let word = letters.rsplit(char::is_whitespace).next().unwrap_or("");
    let syllable = word.chars().count() >= 2
        && word.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
        && has_vowel(word);
    if (1..=3).contains(&digits) && syllable && letters.contains(char::is_whitespace) {
        letters
    } else {
        s
    }
}

/// Whether `word` has a vowel, marked or not: a syllable may be read in it (`QH`, `ĐVHC` have
/// none: codes, acronyms).
pub fn has_vowel(word: &str) -> bool {
    fold_lower(word)
        .chars()
        .any(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'))
}

/// The byte offset where the line holding byte `at` of `text` starts.
pub fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |p| p + 1)
}

/// Whether only white space stands between the start of the line holding byte `at` of `text`
/// and `at`: looks back over that white space alone, so a test of every word of a long line
/// stays linear.
pub fn starts_line(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches(|c: char| c != '\n' && c.is_whitespace());
    before.is_empty() || before.ends_with('\n')
}

/// Collapses every run of white space (line breaks included) to one space, and trims.
pub fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A lowercase ASCII slug: `Lạng Sơn` → `lang-son`.
pub fn slug(s: &str) -> String {
    let folded = fold_lower(s);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Capitalises the first letter of each word and lowercases the rest:
/// `LẠNG SƠN` → `Lạng Sơn`.
pub fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// True when the text has letters and none of them is lowercase (`KẾ HOẠCH`, `UBND TỈNH`).
pub fn is_upper_line(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// Lines of `text` with the byte offset at which each starts (without its line break).
pub fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        (start, raw.trim_end_matches(['\n', '\r']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_starts_its_line_after_white_space_alone() {
        let text = "a) x\n  b) y\nz c)";
        assert!(starts_line(text, 0));
        assert!(starts_line(text, text.find("b)").unwrap()));
        assert!(!starts_line(text, text.find("c)").unwrap()));
        assert!(!starts_line(text, text.find('x').unwrap()));
    }

    #[test]
    fn folding_removes_marks_and_d_bar() {
        assert_eq!(fold("Nghị quyết số"), "Nghi quyet so");
        assert_eq!(fold("ĐỔI MỚI đột phá"), "DOI MOI dot pha");
        assert_eq!(fold_lower("Chuyển Đổi Số"), "chuyen doi so");
        // NFD input folds the same as NFC input.
        let nfd: String = "nghệ".nfd().collect();
        assert_eq!(fold(&nfd), "nghe");
    }

    #[test]
    fn footnote_marks_come_off_headings() {
        assert_eq!(
            without_footnote_mark("ĐIỀU KHOẢN THI HÀNH7"),
            "ĐIỀU KHOẢN THI HÀNH"
        );
        assert_eq!(without_footnote_mark("QUYẾT ĐỊNH1"), "QUYẾT ĐỊNH");
        assert_eq!(
            without_footnote_mark("TÀI KHOẢN LOẠI 6"),
            "TÀI KHOẢN LOẠI 6"
        );
        assert_eq!(
            without_footnote_mark("NGHỊ QUYẾT SỐ 57-NQ/TW"),
            "NGHỊ QUYẾT SỐ 57-NQ/TW"
        );
        assert_eq!(
            without_footnote_mark("LUẬT SỐ 43/2024/QH15"),
            "LUẬT SỐ 43/2024/QH15"
        );
        assert_eq!(without_footnote_mark("KHÓA QH15"), "KHÓA QH15");
        assert_eq!(without_footnote_mark("Điều 5"), "Điều 5");
    }

    #[test]
    fn prefixes_match_across_a_line_break() {
        assert!(starts_with_folded("Căn\ncứ Luật số 72/2025/QH15", "can cu"));
        assert!(starts_with_folded("Căn  cứ", "can cu"));
        assert!(!starts_with_folded("Căn\nhộ", "can cu"));
        assert_eq!(head_spaced("a \n\t b c", 3), "a b");
    }

    #[test]
    fn slugs_and_case() {
        assert_eq!(slug("Lạng Sơn"), "lang-son");
        assert_eq!(slug("  Bà Rịa - Vũng Tàu "), "ba-ria-vung-tau");
        assert_eq!(title_case("LẠNG SƠN"), "Lạng Sơn");
        assert!(is_upper_line("UBND TỈNH LẠNG SƠN"));
        assert!(!is_upper_line("Độc lập - Tự do"));
        assert!(!is_upper_line("- 1."));
    }

    #[test]
    fn ocr_words_take_a_vowel_symbol_beside_a_letter() {
        assert_eq!(
            ocr_words(
                "ngu@i d&u S@ Tai, R & D, @ &m 5@ KH&CN k¥ nang, 500 ¥ hi€n (€164) $6 $196 \
                 Quy£t £5 nghi$p H$i US$ 5"
            ),
            [
                "ngu@i", "d&u", "S@", "Tai", "R", "D", "&m", "5", "KH", "CN", "k¥", "nang", "500",
                "hi€n", "164", "$6", "196", "Quy£t", "5", "nghi$p", "H$i", "US$", "5"
            ]
        );
        assert_eq!(
            words("ngu@i d&u").collect::<Vec<_>>(),
            ["ngu", "i", "d", "u"]
        );
    }

    #[test]
    fn a_word_nobody_writes_is_one_ocr_misread() {
        for w in [
            "NÑVT",
            "TTøg",
            "TGĐÐ",
            "K¢",
            "1§1",
            "QUỐA",
            "TRỬỞNG",
            "quôa",
        ] {
            assert!(misread_word(w), "{w}");
        }
        for w in [
            "Đắk", "LẮK", "BÔXIT", "TTĐT", "QĐ", "TTg", "VNeID", "C35", "NV1", "Website", "người",
            "THUỞ", "khuỷu", "Quyết",
        ] {
            assert!(!misread_word(w), "{w}");
        }
    }

    #[test]
    fn words_with_their_offsets() {
        let t = "Nghị quyết số 57-NQ/TW, ciia B§ (x)";
        let v: Vec<_> = word_spans(t).collect();
        let ws: Vec<&str> = v.iter().map(|(_, w)| *w).collect();
        assert_eq!(
            ws,
            ["Nghị", "quyết", "số", "57", "NQ", "TW", "ciia", "B§", "x"]
        );
        for (at, w) in v {
            assert!(t[at..].starts_with(w));
        }
        let nfd: String = "nghệ an".nfd().collect();
        assert_eq!(words(&nfd).count(), 2);
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" ,. ").count(), 0);
    }

    #[test]
    fn line_offsets_point_at_line_starts() {
        let t = "ab\ncd\r\n\nef";
        let v: Vec<_> = lines_with_offsets(t).collect();
        assert_eq!(v, vec![(0, "ab"), (3, "cd"), (7, ""), (8, "ef")]);
        for (off, line) in v {
            assert!(t[off..].starts_with(line));
        }
    }
}
