//! Vietnamese syllables: the tone apart from the letters, and where the tone mark goes.
//!
//! A syllable is letters with vowel marks (â ê ô ơ ư ă, đ) plus at most one tone (huyền `à`,
//! sắc `á`, hỏi `ả`, ngã `ã`, nặng `ạ`). Two placements of the tone are in use: the older
//! puts it on the first vowel of an open `oa`, `oe`, `uy` (*hòa*, *thúy*), the newer on the
//! second (*hoà*, *thuý*). They are one syllable: [`canonical`] maps both to the older form,
//! which the language model uses; [`place_tone`] writes either.

use unicode_normalization::UnicodeNormalization;

/// The six tones, as their combining marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tone {
    Level,
    Grave,
    Acute,
    Hook,
    Tilde,
    Dot,
}

impl Tone {
    fn mark(self) -> Option<char> {
        match self {
            Tone::Level => None,
            Tone::Grave => Some('\u{300}'),
            Tone::Acute => Some('\u{301}'),
            Tone::Hook => Some('\u{309}'),
            Tone::Tilde => Some('\u{303}'),
            Tone::Dot => Some('\u{323}'),
        }
    }

    fn of_mark(c: char) -> Option<Tone> {
        Some(match c {
            '\u{300}' => Tone::Grave,
            '\u{301}' => Tone::Acute,
            '\u{309}' => Tone::Hook,
            '\u{303}' => Tone::Tilde,
            '\u{323}' => Tone::Dot,
            _ => return None,
        })
    }
}

/// Which vowel of an open `oa`, `oe`, `uy` carries the tone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// *hòa*, *thúy*
    Old,
    /// *hoà*, *thuý*
    New,
}

const VOWELS: &str = "aăâeêioôơuưy";
const MARKED_VOWELS: &str = "ăâêôơư";

pub fn is_vowel(c: char) -> bool {
    VOWELS.contains(c)
}

/// Splits a lowercase syllable into its letters (vowel marks kept, NFC) and its tone. `None`
/// when it carries two tones.
pub fn split_tone(s: &str) -> Option<(String, Tone)> {
    let mut tone = Tone::Level;
    let mut letters = String::with_capacity(s.len());
    for c in s.nfd() {
        match Tone::of_mark(c) {
            Some(t) if tone == Tone::Level => tone = t,
            Some(_) => return None,
            None => letters.push(c),
        }
    }
    Some((letters.nfc().collect(), tone))
}

/// The index (in chars) of the vowel that carries the tone in `letters` (lowercase, no tone).
fn tone_position(letters: &[char], style: Style) -> Option<usize> {
    let first = letters.iter().position(|c| is_vowel(*c))?;
    let mut start = first;
    // "qu" and "gi" + vowel: the u / i belongs to the onset.
    let qu = letters.len() > 2 && letters[0] == 'q' && letters[1] == 'u' && letters.len() > 2;
    let gi = letters.len() > 2
        && letters[0] == 'g'
        && letters[1] == 'i'
        && letters.get(2).is_some_and(|c| is_vowel(*c));
    if first == 1 && (qu || gi) {
        start = 2;
    }
    let mut end = start;
    while end < letters.len() && is_vowel(letters[end]) {
        end += 1;
    }
    if end == start {
        return Some(first);
    }
    let cluster = &letters[start..end];
    let coda = end < letters.len();
    if let Some(p) = cluster.iter().rposition(|c| MARKED_VOWELS.contains(*c)) {
        return Some(start + p);
    }
    Some(match cluster.len() {
        1 => start,
        _ if coda => end - 1,
        2 if style == Style::New && matches!(cluster, ['o', 'a'] | ['o', 'e'] | ['u', 'y']) => {
            end - 1
        }
        3 => start + 1,
        _ => start,
    })
}

/// Writes `tone` on the right vowel of `letters` (lowercase, vowel marks, no tone).
pub fn place_tone(letters: &str, tone: Tone, style: Style) -> String {
    let Some(mark) = tone.mark() else {
        return letters.to_string();
    };
    let chars: Vec<char> = letters.chars().collect();
    let Some(pos) = tone_position(&chars, style) else {
        return letters.to_string();
    };
    let mut out = String::with_capacity(letters.len() + 3);
    for (i, c) in chars.iter().enumerate() {
        out.push(*c);
        if i == pos {
            out.push(mark);
        }
    }
    out.nfc().collect()
}

/// The one spelling of a syllable the model knows: older tone placement, NFC, lowercase.
pub fn canonical(s: &str) -> Option<String> {
    let lower = s.to_lowercase();
    let (letters, tone) = split_tone(&lower)?;
    Some(place_tone(&letters, tone, Style::Old))
}

/// The placement style a written syllable shows, if it shows one (an open `oa`/`oe`/`uy`
/// with a tone).
pub fn style_of(s: &str) -> Option<Style> {
    let lower = s.to_lowercase();
    let (letters, tone) = split_tone(&lower)?;
    tone.mark()?;
    let old = place_tone(&letters, tone, Style::Old);
    let new = place_tone(&letters, tone, Style::New);
    if old == new {
        None
    } else if lower == old {
        Some(Style::Old)
    } else if lower == new {
        Some(Style::New)
    } else {
        None
    }
}

/// The onsets of Vietnamese syllables, the longest first.
const ONSETS: [&str; 27] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];
/// The vowels a Vietnamese syllable has (its nucleus, with a glide that ends it).
const NUCLEI: [&str; 56] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "oo", "ôi", "ơi", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "iêu", "yêu", "oai", "oay", "oeo", "uây",
    "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "ue", "ya",
];

/// Lowercase `letters` (no tone) after their onset, split where their first run of vowels
/// ends.
fn vowels_and_rest(letters: &str) -> (&str, &str) {
    let onset = ONSETS
        .iter()
        .find(|o| letters.starts_with(*o))
        .map_or(0, |o| o.len());
    let rest = &letters[onset..];
    let vowels_end = rest
        .char_indices()
        .find(|(_, c)| !is_vowel(*c))
        .map_or(rest.len(), |(i, _)| i);
    rest.split_at(vowels_end)
}

/// The nucleus (one to three vowels) and the coda of lowercase `letters` (no tone) after
/// their onset, where they have the shape of a Vietnamese syllable; `None` where not.
fn nucleus_and_coda(letters: &str) -> Option<(&str, &str)> {
    const CODAS: [&str; 9] = ["ch", "ng", "nh", "c", "m", "n", "p", "t", ""];
    let (nucleus, coda) = vowels_and_rest(letters);
    let shaped = if nucleus.is_empty() {
        // "gi", "gì": the i of the onset is the vowel.
        letters.starts_with("gi") && coda.is_empty() || letters == "gin"
    } else {
        NUCLEI.contains(&nucleus) && CODAS.contains(&coda)
    };
    shaped.then_some((nucleus, coda))
}

/// Whether the first vowels of lowercase `letters` (no tone) after their onset are vowels a
/// syllable has (`uô`, `oa`; not `ôa`), whatever follows them: a name's final (`Đắk`) or a
/// loanword written as one word (`bôxit`) has them, a vowel OCR misread may not (`quôa`).
pub fn vowels_make_a_nucleus(letters: &str) -> bool {
    let (vowels, _) = vowels_and_rest(letters);
    vowels.is_empty() || NUCLEI.contains(&vowels)
}

/// Whether lowercase `letters` (no tone) have the shape of a Vietnamese syllable: an onset,
/// one to three vowels, a coda.
pub fn has_syllable_shape(letters: &str) -> bool {
    nucleus_and_coda(letters).is_some()
}

/// Whether a syllable (its letters with their vowel marks, as [`split_tone`] gives them, and
/// its tone) is spelled as Vietnamese spells: [`has_syllable_shape`], and none of what a
/// mistyped or broken word shows and no word of the language has.
///
/// - A vowel that needs a final ending the syllable: *iê*, *yê*, *uyê*, *uô*, *ươ*, *ă*, *â*
///   (`điệ`, `hiệ`, `ngườ`, `ầ`: a word cut, or typed with its last letters lost).
/// - Where the syllable bears a mark, a final stop (*c*, *ch*, *p*, *t*) under a tone other
///   than the rising or the heavy one (`hơp`, `nhât`, `viêc`: a tone the typist lost), a *ch*
///   or *nh* after a vowel that never takes one (`trỡnh`, `dọch`), or a final after a vowel
///   that ends in a glide (`theomẫu`: two words run together).
///
/// A word with no mark at all is left alone by the second rule and after: `chip`, `top`, `main`
/// are words of other languages that Vietnamese text carries as they are.
pub fn spelled_as_vietnamese(letters: &str, tone: Tone) -> bool {
    let Some((nucleus, coda)) = nucleus_and_coda(letters) else {
        return false;
    };
    let needs_final = ["iê", "yê", "uyê", "uô", "ươ", "ă", "â", "oă", "uâ"];
    if coda.is_empty() && needs_final.contains(&nucleus) {
        return false;
    }
    let marked = tone != Tone::Level || letters.chars().any(|c| "ăâêôơưđ".contains(c));
    if !marked || coda.is_empty() {
        return true;
    }
    let stop = matches!(coda, "c" | "ch" | "p" | "t");
    let takes_ch_nh = ["a", "ê", "i", "y", "oa", "uê", "uy", "uyê"];
    // The vowels that end the syllable themselves (a glide, or an open *ia*, *ua*, *ưa*).
    let open = [
        "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ui", "ưi",
        "ưu", "ươi", "ươu", "iêu", "yêu", "uôi", "oai", "oay", "oeo", "uây", "uya", "uyu", "ua",
        "ưa", "ya",
    ];
    let glide_ends = open.contains(&nucleus);
    !(stop && !matches!(tone, Tone::Acute | Tone::Dot)
        || matches!(coda, "ch" | "nh") && !takes_ch_nh.contains(&nucleus)
        || glide_ends)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tones_split_and_place() {
        assert_eq!(split_tone("việt"), Some(("viêt".into(), Tone::Dot)));
        assert_eq!(split_tone("hoà"), Some(("hoa".into(), Tone::Grave)));
        assert_eq!(place_tone("viêt", Tone::Dot, Style::Old), "việt");
        assert_eq!(place_tone("hoa", Tone::Grave, Style::Old), "hòa");
        assert_eq!(place_tone("hoa", Tone::Grave, Style::New), "hoà");
        assert_eq!(place_tone("thuy", Tone::Acute, Style::New), "thuý");
        assert_eq!(place_tone("hoang", Tone::Grave, Style::Old), "hoàng");
        assert_eq!(place_tone("quôc", Tone::Acute, Style::Old), "quốc");
        assert_eq!(place_tone("gi", Tone::Grave, Style::Old), "gì");
        assert_eq!(place_tone("giup", Tone::Acute, Style::Old), "giúp");
        assert_eq!(place_tone("mua", Tone::Grave, Style::Old), "mùa");
        assert_eq!(place_tone("khoai", Tone::Acute, Style::Old), "khoái");
        assert_eq!(place_tone("nguyên", Tone::Level, Style::Old), "nguyên");
        assert_eq!(place_tone("ươi", Tone::Acute, Style::Old), "ưới");
        assert_eq!(place_tone("a", Tone::Acute, Style::Old), "á");
        assert_eq!(place_tone("", Tone::Acute, Style::Old), "");
    }

    #[test]
    fn canonical_forms_merge_placements() {
        assert_eq!(canonical("hoà"), canonical("hòa"));
        assert_eq!(canonical("Thuý").as_deref(), Some("thúy"));
        assert_eq!(canonical("KẾ").as_deref(), Some("kế"));
        assert_eq!(style_of("hoà"), Some(Style::New));
        assert_eq!(style_of("hòa"), Some(Style::Old));
        assert_eq!(style_of("hoàng"), None);
    }

    #[test]
    fn syllable_shapes() {
        for s in [
            "nghiêng", "quyêt", "gi", "đươc", "khuya", "a", "oanh", "uyên", "thanh",
        ] {
            assert!(has_syllable_shape(s), "{s}");
        }
        for s in ["ubnd", "online", "str", "ciia", "kgvx", "internet"] {
            assert!(!has_syllable_shape(s), "{s}");
        }
    }

    #[test]
    fn spelled_as_vietnamese_keeps_the_language_and_drops_broken_words() {
        let spelled = |w: &str| {
            let (letters, tone) = split_tone(w).unwrap();
            spelled_as_vietnamese(&letters, tone)
        };
        for w in [
            "nghiêng",
            "quyết",
            "gì",
            "giường",
            "giữa",
            "được",
            "khuya",
            "á",
            "oanh",
            "uyên",
            "thành",
            "huých",
            "khuỷu",
            "hươu",
            "thuở",
            "xoong",
            "khuyếch",
            "ếch",
            "hợp",
            "cấp",
            "quản",
            "chip",
            "main",
            "cap",
            "hoạch",
            "quốc",
            "yêu",
            "người",
            "tuần",
            "rượu",
            "kìa",
        ] {
            assert!(spelled(w), "{w}");
        }
        for w in [
            "điệ",
            "hiệ",
            "ngườ",
            "ầ",
            "ă",
            "xă",
            "uô",
            "hơp",
            "nhât",
            "viêc",
            "đươc",
            "thưc",
            "hòat",
            "trỡnh",
            "dọch",
            "rônh",
            "theomẫu",
            "xiàn",
        ] {
            assert!(!spelled(w), "{w}");
        }
    }
}

/// One lowercase letter's parts: with its vowel mark but no tone, bare, and its tone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Letter {
    pub marked: char,
    pub bare: char,
    pub tone: Tone,
}

fn letter_table() -> &'static rustc_hash::FxHashMap<char, Letter> {
    static T: std::sync::OnceLock<rustc_hash::FxHashMap<char, Letter>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let mut t = rustc_hash::FxHashMap::default();
        for marked in "aăâeêioôơuưyđ".chars() {
            let bare = crate::text::fold(&marked.to_string())
                .chars()
                .next()
                .unwrap_or(marked);
            for tone in [
                Tone::Level,
                Tone::Grave,
                Tone::Acute,
                Tone::Hook,
                Tone::Tilde,
                Tone::Dot,
            ] {
                let mut s = marked.to_string();
                if let Some(m) = tone.mark() {
                    if marked == 'đ' {
                        continue;
                    }
                    s.push(m);
                }
                let c: String = s.nfc().collect();
                if let Some(ch) = c.chars().next().filter(|_| c.chars().count() == 1) {
                    t.insert(ch, Letter { marked, bare, tone });
                }
            }
        }
        t
    })
}

/// Whether `c` is a letter Vietnamese writes: a letter of ASCII, a vowel with the marks
/// Vietnamese gives it, or đ.
pub fn is_vietnamese_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || c.to_lowercase()
            .next()
            .is_some_and(|l| letter_table().contains_key(&l))
}

/// The parts of a lowercase letter; a letter outside Vietnamese is its own bare form.
#[inline]
pub fn letter(c: char) -> Letter {
    if c.is_ascii() {
        return Letter {
            marked: c,
            bare: c,
            tone: Tone::Level,
        };
    }
    letter_table().get(&c).copied().unwrap_or(Letter {
        marked: c,
        bare: c,
        tone: Tone::Level,
    })
}

/// A word's letters (lowercased, one char each) and its tone; `None` when it carries two
/// tones or a letter that lowercases to more than one char.
pub fn analyse(word: &str, out: &mut Vec<Letter>) -> Option<Tone> {
    out.clear();
    let mut tone = Tone::Level;
    for c in word.chars() {
        let mut low = c.to_lowercase();
        let l = low.next()?;
        if low.next().is_some() {
            return None;
        }
        let parts = letter(l);
        if parts.tone != Tone::Level {
            if tone != Tone::Level {
                return None;
            }
            tone = parts.tone;
        }
        out.push(parts);
    }
    Some(tone)
}

/// The look-up key of a syllable: its letters with vowel marks, then the tone's digit
/// (`việt` → `viêt5`); one key for every tone placement.
pub fn key_of(letters: &[Letter], tone: Tone, out: &mut String) {
    out.clear();
    out.extend(letters.iter().map(|l| l.marked));
    out.push(match tone {
        Tone::Level => '0',
        Tone::Grave => '1',
        Tone::Acute => '2',
        Tone::Hook => '3',
        Tone::Tilde => '4',
        Tone::Dot => '5',
    });
}

#[cfg(test)]
mod letter_tests {
    use super::*;

    #[test]
    fn letters_split_into_parts() {
        assert_eq!(
            letter('ế'),
            Letter {
                marked: 'ê',
                bare: 'e',
                tone: Tone::Acute
            }
        );
        assert_eq!(letter('đ').bare, 'd');
        let mut v = Vec::new();
        let mut k = String::new();
        let t = analyse("Việt", &mut v).unwrap();
        key_of(&v, t, &mut k);
        assert_eq!(k, "viêt5");
        let t = analyse("hoà", &mut v).unwrap();
        key_of(&v, t, &mut k);
        let t2 = analyse("hòa", &mut Vec::new()).unwrap();
        assert_eq!(t, t2);
        assert_eq!(k, "hoa1");
        assert_eq!(analyse("hóà", &mut v), None);
    }
}
