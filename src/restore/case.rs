//! Letter case: a word's pattern (lower, title, capitals), the case a restored word is
//! written in, and writing it so.

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Case {
    Lower,
    Title,
    Upper,
}

pub(super) fn case_of(s: &str) -> Option<Case> {
    let mut chars = s.chars().filter(|c| c.is_alphabetic());
    let first = chars.next()?;
    let (mut rest, mut upper, mut lower) = (false, false, false);
    for c in chars {
        rest = true;
        upper |= c.is_uppercase();
        lower |= c.is_lowercase();
    }
    if first.is_lowercase() && !upper {
        Some(Case::Lower)
    } else if first.is_uppercase() && !upper {
        Some(Case::Title)
    } else if first.is_uppercase() && !lower {
        Some(if rest { Case::Upper } else { Case::Title })
    } else {
        None
    }
}

/// The case a word is restored in: its own pattern; in text from an English OCR engine, which
/// reads a marked vowel as a capital, a short word of mixed case takes the case of its first
/// letter (`NOi`, `MGi` for *Nội*, *Môi*; `cOng`, `duGng` for *công*, *dưỡng*), a `$` a
/// capital S's (`$6`, *Sở*). One that starts with a consonant of two letters in capitals
/// (`CHi THI`, `NGHiA`, `CHiNH`: the small i OCR's for a marked Ĩ, Ỉ) is in capitals: the
/// second letter of such a consonant is no vowel OCR reads as a capital; so is one whose
/// small letters are that i alone, with a capital after it (`TiNH`, *TỈNH*; but `ThuGng`,
/// *Thường*, is in title case: its G is OCR's).
/// `case` is the word's own pattern (`case_of`), already worked out.
pub(super) fn case_in(case: Option<Case>, s: &str, ocr: bool) -> Option<Case> {
    case.or_else(|| {
        let first = s.chars().next()?;
        let small_i_then_capital = s.chars().all(|c| !c.is_lowercase() || c == 'i')
            && s.chars().skip_while(|&c| c != 'i').any(char::is_uppercase);
        (ocr && s.chars().count() <= 7).then_some(
            if capital_consonant(s) || (first.is_uppercase() && small_i_then_capital) {
                Case::Upper
            } else if first.is_uppercase() || first == '$' {
                Case::Title
            } else {
                Case::Lower
            },
        )
    })
}

/// Whether `s` starts with a consonant of two letters (three: NGH) written in capitals.
fn capital_consonant(s: &str) -> bool {
    let b = s.as_bytes();
    match b {
        [b'N', b'G', b'H', ..] => true,
        [a, b'H', ..] => matches!(a, b'C' | b'G' | b'K' | b'N' | b'P' | b'T'),
        [b'T', b'R', ..] => true,
        _ => false,
    }
}

/// Appends `s` (lowercase) to `out` in `case`.
pub(super) fn push_cased(out: &mut String, s: &str, case: Case) {
    match case {
        Case::Lower => out.push_str(s),
        Case::Upper => out.extend(s.chars().flat_map(char::to_uppercase)),
        Case::Title => {
            let mut c = s.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_patterns() {
        assert!(case_of("UBND") == Some(Case::Upper));
        assert!(case_of("Nghị") == Some(Case::Title));
        assert!(case_of("VNeID").is_none());
        // English OCR's capitals for marked vowels: the first letter says the case.
        let case_in = |s: &str, ocr: bool| case_in(case_of(s), s, ocr);
        assert!(case_in("cOng", true) == Some(Case::Lower));
        assert!(case_in("NOi", true) == Some(Case::Title));
        assert!(case_in("MGi", true) == Some(Case::Title));
        assert!(case_in("CHi", true) == Some(Case::Upper));
        assert!(case_in("NGHiA", true) == Some(Case::Upper));
        assert!(case_in("NGi", true) == Some(Case::Title));
        assert!(case_in("TiNH", true) == Some(Case::Upper));
        assert!(case_in("XAy", true) == Some(Case::Title));
        assert!(case_in("ThuGng", true) == Some(Case::Title));
        assert!(case_in("cOng", false).is_none());
        let cased = |s: &str, case: Case| {
            let mut out = String::from("…");
            push_cased(&mut out, s, case);
            out
        };
        assert_eq!(cased("kế", Case::Upper), "…KẾ");
        assert_eq!(cased("đổi", Case::Title), "…Đổi");
        assert_eq!(cased("đổi", Case::Lower), "…đổi");
    }
}
