//! Vietnamese text in the encodings that came before Unicode: Windows-1258, TCVN3 (ABC, the
//! `.VnTime` fonts) and VNI (the `VNI-Times` fonts). Offices typed in these for twenty years;
//! their files arrive as bytes that are not UTF-8, or as UTF-8 that someone converted without
//! knowing the font (`Ngµy 14 th¸ng 6`, `Keá hoaïch`). Each is decoded every way and the
//! reading whose words are Vietnamese syllables wins. Bytes that no Vietnamese encoding reads
//! as Vietnamese are Windows-1252 where they make text, as an English engine on Windows saved
//! its OCR (`Nghi quyét s6`): what the engine wrote, for restoring.

use crate::text::syllable::{analyse, has_syllable_shape};

/// A legacy encoding vanthu reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Cp1258,
    Tcvn3,
    Vni,
    /// Windows-1252 ("ANSI" on a western Windows): no Vietnamese encoding, but what English
    /// OCR engines saved their text in.
    Cp1252,
}

impl Legacy {
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Cp1258 => "Windows-1258",
            Legacy::Tcvn3 => "TCVN3 (ABC)",
            Legacy::Vni => "VNI",
            Legacy::Cp1252 => "Windows-1252",
        }
    }
}

/// TCVN3 bytes 0xA1..=0xFF (TCVN 5712:1993, the table glibc's iconv has as TCVN5712-1).
const TCVN3_HIGH: [char; 95] = [
    'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ', '\u{300}',
    '\u{309}', '\u{303}', '\u{301}', '\u{323}', 'à', 'ả', 'ã', 'á', 'ạ', 'Ẳ', 'ằ', 'ẳ', 'ẵ', 'ắ',
    'Ẵ', 'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ', 'é', 'ẹ',
    'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò', 'Ổ', 'ỏ', 'õ', 'ó', 'ọ',
    'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', 'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ',
    'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố',
];

fn tcvn3(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0xA1..=0xFF => TCVN3_HIGH[usize::from(b - 0xA1)],
            _ => char::from(b),
        })
        .collect()
}

/// VNI writes a letter and then its marks as a second Latin-1 character: `aù` á, `aâ` â,
/// `aá` ấ, `aê` ă, `aé` ắ; `ô` is ơ, `ö` ư, `ñ` đ, and i and y take single characters.
fn vni(bytes: &[u8]) -> String {
    const TONES: [(u8, char); 5] = [
        (0xF9, '\u{301}'), // ù acute
        (0xF8, '\u{300}'), // ø grave
        (0xFB, '\u{309}'), // û hook
        (0xF5, '\u{303}'), // õ tilde
        (0xEF, '\u{323}'), // ï dot
    ];
    // Circumflex (â, e, o) with a tone, and the breve (a) with a tone.
    const CIRC: [(u8, &str); 6] = [
        (0xE2, "\u{302}"),
        (0xE1, "\u{302}\u{301}"),
        (0xE0, "\u{302}\u{300}"),
        (0xE5, "\u{302}\u{309}"),
        (0xE3, "\u{302}\u{303}"),
        (0xE4, "\u{302}\u{323}"),
    ];
    const BREVE: [(u8, &str); 6] = [
        (0xEA, "\u{306}"),
        (0xE9, "\u{306}\u{301}"),
        (0xE8, "\u{306}\u{300}"),
        (0xFA, "\u{306}\u{309}"),
        (0xFC, "\u{306}\u{303}"),
        (0xEB, "\u{306}\u{323}"),
    ];
    let lower = |b: u8| {
        if b.is_ascii_uppercase() || (0xC0..=0xDE).contains(&b) {
            b + 0x20
        } else {
            b
        }
    };
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let base: Option<&str> = match b {
            0xF4 => Some("ơ"),
            0xD4 => Some("Ơ"),
            0xF6 => Some("ư"),
            0xD6 => Some("Ư"),
            0xF1 => Some("đ"),
            0xD1 => Some("Đ"),
            0xED => Some("í"),
            0xCD => Some("Í"),
            0xEC => Some("ì"),
            0xCC => Some("Ì"),
            0xE6 => Some("ỉ"),
            0xC6 => Some("Ỉ"),
            0xF3 => Some("ĩ"),
            0xD3 => Some("Ĩ"),
            0xF2 => Some("ị"),
            0xD2 => Some("Ị"),
            0xEE => Some("ỵ"),
            0xCE => Some("Ỵ"),
            _ => None,
        };
        // A vowel that takes a mark from the next character (ơ and ư included).
        let vowel = matches!(b.to_ascii_lowercase(), b'a' | b'e' | b'o' | b'u' | b'y')
            || matches!(b, 0xF4 | 0xD4 | 0xF6 | 0xD6);
        match base {
            Some(s) => out.push_str(s),
            None => out.push(char::from(b)),
        }
        i += 1;
        if !vowel {
            continue;
        }
        let Some(&m) = bytes.get(i) else { break };
        let m = lower(m);
        let lb = b.to_ascii_lowercase();
        let marks = if lb == b'a' {
            CIRC.iter()
                .chain(BREVE.iter())
                .find(|(c, _)| *c == m)
                .map(|(_, s)| *s)
        } else if matches!(lb, b'e' | b'o') {
            CIRC.iter().find(|(c, _)| *c == m).map(|(_, s)| *s)
        } else {
            None
        };
        if let Some(s) = marks {
            out.push_str(s);
            i += 1;
        } else if let Some((_, t)) = TONES.iter().find(|(c, _)| *c == m) {
            out.push(*t);
            i += 1;
        }
    }
    crate::text::nfc(&out)
}

fn cp1258(bytes: &[u8]) -> String {
    let (s, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
    crate::text::nfc(&s)
}

/// Share of a text's words that are Vietnamese syllables (marks included), and how many words.
fn vietnamese_share(text: &str) -> (f64, usize) {
    let mut letters = Vec::new();
    let (mut words, mut good) = (0usize, 0usize);
    for w in crate::text::words(text) {
        // Abbreviations (UBND, KH) are no evidence either way.
        let abbreviation = w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase());
        if w.is_empty() || !w.chars().any(char::is_alphabetic) || abbreviation {
            continue;
        }
        words += 1;
        let ok = analyse(w, &mut letters).is_some() && {
            let bare: String = letters.iter().map(|l| l.marked).collect();
            has_syllable_shape(&bare.to_lowercase())
        };
        good += usize::from(ok);
    }
    (
        if words == 0 {
            0.0
        } else {
            good as f64 / words as f64
        },
        words,
    )
}

/// Whether `text` has marks at all: a reading without any is no better than ASCII.
fn marked_share(text: &str) -> f64 {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count().max(1);
    text.chars()
        .filter(|c| c.is_alphabetic() && !c.is_ascii())
        .count() as f64
        / letters as f64
}

/// Reads bytes that are not UTF-8 as the legacy encoding that makes the most Vietnamese of
/// them; none when no reading makes Vietnamese.
pub fn decode_bytes(bytes: &[u8]) -> Option<(Legacy, String)> {
    let readings = [
        (Legacy::Cp1258, cp1258(bytes)),
        (Legacy::Tcvn3, crate::text::nfc(&tcvn3(bytes))),
        (Legacy::Vni, vni(bytes)),
    ];
    best(readings.into_iter()).map(|(e, t, _)| (e, t))
}

/// The reading that is most Vietnamese, with its share of syllables; none when no reading is
/// Vietnamese with marks.
fn best(readings: impl Iterator<Item = (Legacy, String)>) -> Option<(Legacy, String, f64)> {
    readings
        .map(|(e, t)| {
            let (share, words) = vietnamese_share(&t);
            (share, words, marked_share(&t), e, t)
        })
        .filter(|(share, words, marked, ..)| *words > 0 && *share >= 0.8 && *marked > 0.02)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(share, _, _, e, t)| (e, t, share))
}

/// Bytes that are not UTF-8 and read as Vietnamese in no legacy encoding, read as Windows-1252
/// where that makes text: every byte a character of it (none of the five it leaves undefined,
/// no control but tab, line and page ends), most of the text letters, and its accented
/// letters nine in ten in words with Latin letters. English OCR of a Vietnamese page, saved
/// as "ANSI" (`Nghi quyét s6 57-NQ/TW`, `B§`), is such text. Not bytes with Windows-1258's
/// *đ*, *ư*, *₫* or its combining tilde, which Western text hardly has (`ð`, `ý`, `þ`, `Þ`):
/// Vietnamese the syllable test doubted (a page mostly in English) stays refused, never
/// read with its letters changed.
pub fn decode_ansi(bytes: &[u8]) -> Option<String> {
    if bytes
        .iter()
        .any(|b| matches!(b, 0xD0 | 0xF0 | 0xDD | 0xFD | 0xDE | 0xFE))
    {
        return None;
    }
    let (s, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    let control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c');
    if s.chars().any(control) {
        return None;
    }
    let (mut letters, mut shown) = (0usize, 0usize);
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        shown += 1;
        letters += usize::from(c.is_alphanumeric());
    }
    // Its accented letters are in words of Latin letters (`quyét`, `Viét`), not words of
    // their own (`ÿþ`, a byte-order mark's bytes in the middle of a text).
    let (mut accented, mut in_words) = (0usize, 0usize);
    for w in s.split_whitespace() {
        if w.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) {
            accented += 1;
            in_words += usize::from(w.chars().any(|c| c.is_ascii_alphabetic()));
        }
    }
    (letters * 2 > shown && in_words * 10 >= accented * 9).then(|| crate::text::nfc(&s))
}

/// UTF-8 text that is a legacy encoding read as Latin-1 (`Ngµy 14 th¸ng 6`, `Keá hoaïch`):
/// its proper reading, when it has one and it is clearly more Vietnamese than the text as is.
pub fn repair_latin1(text: &str) -> Option<(Legacy, String)> {
    // Only text whose every character is Latin-1 can have been bytes read as Latin-1; and it
    // must use the upper half, which plain ASCII (already fine) does not.
    if text.is_ascii() || text.chars().any(|c| u32::from(c) > 0xFF) {
        return None;
    }
    let bytes: Vec<u8> = text.chars().map(|c| u32::from(c) as u8).collect();
    let (now, _) = vietnamese_share(text);
    let readings = [
        (Legacy::Tcvn3, crate::text::nfc(&tcvn3(&bytes))),
        (Legacy::Vni, vni(&bytes)),
    ];
    best(readings.into_iter())
        .filter(|(_, _, share)| *share > now + 0.1)
        .map(|(e, t, _)| (e, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latin1(s: &str) -> Vec<u8> {
        s.chars().map(|c| u32::from(c) as u8).collect()
    }

    #[test]
    fn english_ocr_saved_as_ansi_reads_as_windows_1252() {
        let bytes = b"Nghi quy\xe9t s6 57-NQ/TW, ngay 22/12/2024 ciia B\xa7 Chinh tri\r\n";
        assert_eq!(decode_bytes(bytes), None);
        assert_eq!(
            decode_ansi(bytes).as_deref(),
            Some("Nghi quyét s6 57-NQ/TW, ngay 22/12/2024 ciia B§ Chinh tri\r\n")
        );
        // A byte Windows-1252 leaves undefined, or a control, is no text of it.
        assert_eq!(decode_ansi(b"Nghi quy\x81t"), None);
        assert_eq!(decode_ansi(b"Nghi\x01 quy\xe9t"), None);
        // Nor are bytes that are mostly symbols.
        assert_eq!(decode_ansi(b"\xa7\xa7\xa7 \xb6\xb6 a"), None);
        // Nor accented letters standing alone, as a byte-order mark's bytes in mid-text.
        assert_eq!(decode_ansi(b"abc \xff\xfe def"), None);
        // Windows-1258 of a page mostly in English, which the syllable test doubts: its *Đ*
        // and *ư* are no Windows-1252 letters to read it by.
        let cp1258 = b"Minutes of the meeting with the \xd0i\xea\xf2n Bi\xean delegation on \
                       the M\xfd\xf2ng Nh\xe9 road project, signed by the director";
        assert_eq!(decode_bytes(cp1258), None);
        assert_eq!(decode_ansi(cp1258), None);
    }

    #[test]
    fn tcvn3_words() {
        assert_eq!(
            tcvn3(&latin1("Ngµy 14 th¸ng 6 n¨m 2025")),
            "Ngày 14 tháng 6 năm 2025"
        );
        assert_eq!(
            tcvn3(&latin1("B¶o Th¾ng, M\u{ad}êng Kh\u{ad}¬ng")),
            "Bảo Thắng, Mường Khương"
        );
        assert_eq!(
            tcvn3(&latin1("KÕ ho¹ch sè 12/KH-UBND")),
            "Kế hoạch số 12/KH-UBND"
        );
    }

    #[test]
    fn vni_words() {
        assert_eq!(vni(&latin1("Xin chaøo caùc baïn")), "Xin chào các bạn");
        assert_eq!(
            vni(&latin1("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")),
            "Cộng hòa xã hội chủ nghĩa Việt Nam"
        );
        assert_eq!(
            vni(&latin1(
                "Ñaûng, öu tieân, thöïc hieän, Quoác hoäi, naêm, ñaëc bieät"
            )),
            "Đảng, ưu tiên, thực hiện, Quốc hội, năm, đặc biệt"
        );
        assert_eq!(vni(&latin1("KEÁ HOAÏCH")), "KẾ HOẠCH");
    }

    #[test]
    fn detection_picks_the_reading_that_is_vietnamese() {
        let t = latin1("Keá hoaïch soá 12/KH-UBND ngaøy 14 thaùng 6 naêm 2025 cuûa UBND tænh");
        let (e, s) = decode_bytes(&t).unwrap();
        assert_eq!(e, Legacy::Vni);
        assert!(
            s.starts_with("Kế hoạch số 12/KH-UBND ngày 14 tháng 6 năm 2025 của UBND tỉnh"),
            "{s}"
        );
        let t = latin1("KÕ ho¹ch sè 12/KH-UBND ngµy 14 th¸ng 6 n¨m 2025 cña UBND tØnh");
        assert_eq!(
            decode_bytes(&t).unwrap(),
            (
                Legacy::Tcvn3,
                "Kế hoạch số 12/KH-UBND ngày 14 tháng 6 năm 2025 của UBND tỉnh".to_string()
            )
        );
        // Windows-1258 writes tones as combining characters: 0xEC acute, 0xF2 dot, 0xD2 hook.
        let (e, s) =
            decode_bytes(b"K\xea\xec hoa\xf2ch s\xf4\xec 12 cu\xd2a UBND ti\xd2nh").unwrap();
        assert_eq!(
            (e, s.as_str()),
            (Legacy::Cp1258, "Kế hoạch số 12 của UBND tỉnh")
        );
        // Text that is already right is left alone; so is non-Vietnamese Latin-1.
        assert_eq!(repair_latin1("Kế hoạch số 12"), None);
        assert_eq!(repair_latin1("Café déjà vu à Paris"), None);
        assert_eq!(
            repair_latin1("Ngµy 14 th¸ng 6 n¨m 2025 cña UBND tØnh").map(|r| r.1),
            Some("Ngày 14 tháng 6 năm 2025 của UBND tỉnh".to_string())
        );
    }
}
