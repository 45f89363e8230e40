//! The verdict "does this line need restoring": each word seen once (its kind, case, marks,
//! lexicon id), then each line judged by its words, and the text by whether it shows the marks
//! of English OCR.

use super::case::{case_of, push_cased, Case};
use super::model::UNK;
use super::tokens::{tokenize, Token};
use super::Restorer;
use crate::text::syllable::{analyse, Letter, Tone};
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// A text with fewer words that make no syllable is never judged to be in another language
/// ([`Restorer::another_language`]).
const FOREIGN_TEXT_WORDS: usize = 3;

/// What kind of word a token is, for the verdicts on lines and texts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A syllable, stripped or not.
    Word,
    /// Letters and digits the OCR channel has seen (`s6`, `B§`): garbled Vietnamese.
    KnownGarble,
    /// Letters no syllable has: a foreign word or an abbreviation in lower case.
    Foreign,
    /// Numbers, abbreviations, codes, punctuation.
    Other,
}

/// One token, analysed once.
#[derive(Clone)]
pub(super) struct Seen<'m> {
    pub(super) kind: Kind,
    /// Its case pattern, when it has one.
    pub(super) case: Option<Case>,
    /// The syllables its bare letters may stand for.
    pub(super) cands: &'m [u32],
    /// An abbreviation in capitals (UBND, KH, KGVX, TW, BCĐ): no syllable of the lexicon has its
    /// letters, so it is never a garbled or stripped syllable.
    pub(super) abbreviation: bool,
    /// Its tone and lexicon id (`UNK` when none), and where its letters lie in
    /// [`Scratch::all_letters`]; no tone when the word is no syllable.
    pub(super) tone: Option<Tone>,
    pub(super) own: u32,
    pub(super) letters: std::ops::Range<usize>,
    pub(super) has_letter: bool,
    pub(super) odd: bool,
    /// Letters alone, more than one, that make no syllable and that the OCR channel has not
    /// seen (`comité`, `résolution`, `established`; not `ciia`, English OCR's *của*): a word
    /// of another language, or OCR's.
    pub(super) unshaped: bool,
    pub(super) marked: bool,
    pub(super) known: bool,
    /// Seen otherwise than written (`ĐIÊỄM` as *ĐIỄM*, `thırc` as *thực*): its own reading,
    /// chosen, is written, not the word as it stands.
    pub(super) rewritten: bool,
    /// An [`Seen::abbreviation`] that is a word English OCR misread in capitals
    /// ([`Restorer::o_read_as_q`], [`Restorer::d_read_as_p_or_b`]: `TRUGNG`, `PANG`): in
    /// OCR'd text, its line is restored, whatever else it holds (`KT. TRUGNG`).
    pub(super) misread_capitals: bool,
}

/// A word as it is seen, a ư another engine read as two letters made one again: `ır` and
/// `ür` (German OCR's `thırc`, `dır`, `tür`, `xür` for *thực*, *dự*, *từ*, *xử*, as English
/// OCR writes `chirc` for *chức*: no vowel of a syllable is followed by an r); and any other
/// dotless ı an i (no Vietnamese word has one).
pub(super) fn dotted(w: &str) -> Cow<'_, str> {
    if w.contains('ı') || w.contains("ür") {
        Cow::Owned(w.replace("ır", "ư").replace("ür", "ư").replace('ı', "i"))
    } else {
        Cow::Borrowed(w)
    }
}

/// A word whose vowel OCR wrote twice in a row with a tone on one or both (`BỐỒ`, `ĐIÊỄM`,
/// `PHẠAM`) with the vowel once, and whether the two tones differ. Two tones (Vietnamese OCR
/// of a capital whose tone it could not settle): the vowel without one (`BÔ`), a syllable
/// that has lost its tone, which the words around it give back. One, or two alike: the vowel
/// with it (`ĐIỄM`). None for any other word, or one with a third tone.
pub(super) fn toned_pair_once(w: &str) -> Option<(String, bool)> {
    let letters = toned_letters(w);
    if letters.iter().filter(|l| l.1.is_some()).count() > 2 {
        return None;
    }
    // (A toned letter is a vowel, and so is the like letter beside it.)
    let at = (1..letters.len()).find(|&i| {
        let (a, b) = (&letters[i - 1], &letters[i]);
        (a.1.is_some() || b.1.is_some()) && a.0.to_lowercase() == b.0.to_lowercase()
    })?;
    let (a, b) = (letters[at - 1].1, letters[at].1);
    let two = a.is_some() && b.is_some() && a != b;
    let tone = if two { None } else { a.or(b) };
    Some((without_letter(&letters, at, tone), two))
}

/// The tone marks, as they decompose.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Each letter of `w` decomposed: its base and marks without the tone, and its tone.
fn toned_letters(w: &str) -> Vec<(String, Option<char>)> {
    use unicode_normalization::UnicodeNormalization;
    w.chars()
        .map(|c| {
            let d: String = c.to_string().nfd().collect();
            let tone = d.chars().find(|m| TONES.contains(m));
            (d.chars().filter(|m| !TONES.contains(m)).collect(), tone)
        })
        .collect()
}

/// `letters` without the one at `at`, the one before it toned `tone` (none: untoned).
fn without_letter(letters: &[(String, Option<char>)], at: usize, tone: Option<char>) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for (i, l) in letters.iter().enumerate() {
        if i == at {
            continue;
        }
        out.push_str(&l.0);
        if i + 1 == at {
            out.extend(tone);
        } else if i != at - 1 {
            out.extend(l.1);
        }
    }
    out.nfc().collect()
}

/// Buffers reused from word to word.
#[derive(Default)]
pub(super) struct Scratch {
    pub(super) letters: Vec<Letter>,
    /// The letters of every token of the text, one after the other.
    pub(super) all_letters: Vec<Letter>,
    pub(super) key: String,
    pub(super) bare: String,
    /// What the channel says each OCR token (lowercased) of the text may stand for
    /// ([`Restorer::ocr_readings`]): a text says its words many times.
    pub(super) readings: FxHashMap<String, OcrReadings>,
}

/// A token's readings from the channel ([`Restorer::ocr_readings`]), and whether it had any
/// but those with a marked vowel too few.
pub(super) type OcrReadings = (Vec<(u32, f32)>, bool);

impl Scratch {
    /// Analyses `word`: its tone (none for a word of two tones); fills `letters` and `bare`.
    pub(super) fn analyse(&mut self, word: &str) -> Option<Tone> {
        let tone = analyse(word, &mut self.letters)?;
        self.bare.clear();
        self.bare.extend(self.letters.iter().map(|l| l.bare));
        Some(tone)
    }

    pub(super) fn marked(&self, tone: Tone) -> bool {
        tone != Tone::Level || self.letters.iter().any(|l| l.marked != l.bare)
    }
}

impl Restorer {
    /// Whether a line reads as Vietnamese already: most of its syllables carry marks and
    /// nearly all are in the lexicon.
    pub fn needs_restoring(&self, line: &str) -> bool {
        let (tokens, _) = tokenize(line);
        let seen = self.see_all(line, &tokens, &mut Scratch::default());
        self.line_needs_restoring(&seen, false).unwrap_or(false)
    }

    /// [`Restorer::see`] of every token of `text`.
    ///
    /// A word seen before in the text is as it was (a text says its words many times: a
    /// document of 2,000 words has some 400–550 different ones); its letters are those of its
    /// first sighting.
    pub(super) fn see_all(&self, text: &str, tokens: &[Token], s: &mut Scratch) -> Vec<Seen<'_>> {
        self.see_each(text, tokens, s, |w| match self.like_vowels_toned_once(w) {
            Some(once) => Cow::Owned(once),
            None => dotted(w),
        })
    }

    /// A word no syllable of the model is, whose vowel OCR wrote twice with a tone on one or
    /// both (`ĐIÊỄM`, `PHẠAM`, `BỐỒ`), with the vowel once: with its tone where one is toned
    /// or both alike, where that is a syllable (*ĐIỄM*, *PHẠM*); without one where the two
    /// differ (`BÔ`: [`toned_pair_once`]). `soóc` and `xoong`, syllables, stay.
    fn like_vowels_toned_once(&self, w: &str) -> Option<String> {
        if w.is_ascii() {
            return None;
        }
        let id = |w: &str| {
            let mut letters = Vec::new();
            let tone = analyse(w, &mut letters)?;
            self.model.id_of(&letters, tone, &mut String::new())
        };
        match toned_pair_once(w)? {
            (once, true) => Some(once),
            (once, false) => (id(w).is_none() && id(&once).is_some()).then_some(once),
        }
    }

    /// [`Restorer::see_all`] of a text whose marks are another alphabet's: each word as
    /// its letters are without them (`Só` as `So`, `cüa` as `cua`), so that it is read as a
    /// stripped word is; the channel still reads it as written.
    pub(super) fn see_unmarked(
        &self,
        text: &str,
        tokens: &[Token],
        s: &mut Scratch,
    ) -> Vec<Seen<'_>> {
        s.all_letters.clear();
        self.see_each(text, tokens, s, |w| {
            if w.is_ascii() || w.chars().any(|c| c.is_ascii_digit()) {
                return Cow::Borrowed(w);
            }
            let folded = crate::text::fold(&dotted(w));
            // A vowel the engine wrote twice, each with its marks (`HOÔA`, `nhâán`), once:
            // Vietnamese, not an abbreviation in capitals.
            let lower = folded.to_lowercase();
            match self
                .vowel_once(&lower)
                .or_else(|| self.marked_first_once(w, &lower))
            {
                Some(once) if folded.is_ascii() => {
                    // In the word's case (a capital first where its case is mixed: `HóÓ`).
                    let case =
                        case_of(&folded).unwrap_or(if folded.starts_with(char::is_uppercase) {
                            Case::Title
                        } else {
                            Case::Lower
                        });
                    let mut cased = String::with_capacity(once.len());
                    push_cased(&mut cased, &once, case);
                    Cow::Owned(cased)
                }
                _ => Cow::Owned(folded),
            }
        })
    }

    /// [`Restorer::see`] of every token of `text` as `as_seen` gives it, once a word.
    fn see_each<'t>(
        &self,
        text: &'t str,
        tokens: &[Token],
        s: &mut Scratch,
        as_seen: impl Fn(&'t str) -> Cow<'t, str>,
    ) -> Vec<Seen<'_>> {
        let mut before: FxHashMap<&str, Seen> = FxHashMap::default();
        tokens
            .iter()
            .map(|t| {
                let w = &text[t.start..t.end];
                before
                    .entry(w)
                    .or_insert_with(|| {
                        let seen_as = as_seen(w);
                        let mut seen = self.see(&seen_as, s);
                        seen.rewritten = seen_as != w;
                        seen
                    })
                    .clone()
            })
            .collect()
    }

    /// What the verdicts need to know of one word, worked out once.
    pub(super) fn see(&self, w: &str, s: &mut Scratch) -> Seen<'_> {
        let has_digit = w.bytes().any(|b| b.is_ascii_digit());
        let has_letter = w.chars().any(char::is_alphabetic);
        let mixed = has_digit || w.contains(crate::text::OCR_LETTER_SYMBOLS);
        let tone = s.analyse(w);
        let (marked, own) = match tone {
            Some(t) => (
                s.marked(t),
                self.model.id_of(&s.letters, t, &mut s.key).unwrap_or(UNK),
            ),
            None => (false, UNK),
        };
        let known = own != UNK;
        let from = s.all_letters.len();
        if tone.is_some() {
            s.all_letters.extend_from_slice(&s.letters);
        }
        let letters = from..s.all_letters.len();
        let case = case_of(w);
        let cands = if tone.is_some() {
            self.model.candidates(&s.bare)
        } else {
            &[]
        };
        // A vowel another engine wrote twice, each with its own marks (`nhâán`, `Quáâng`,
        // `HOÔA`: Portuguese and Spanish OCR): Vietnamese, garbled, where the letters with
        // the vowel once make a syllable.
        let doubled = marked && cands.is_empty() && self.vowel_once(&s.bare).is_some();
        // An abbreviation: capitals whose letters no syllable has, Đ among them or not
        // (`UBND`, `BCĐ`, `GDĐT`: an engine that writes the Đ of an abbreviation writes it
        // so, where a channel that reads its letters alone finds *bộ*, *gặt*). (Such a word
        // always has a tone, Level, and its bare letters are its lowercase, đ as d: `cands`
        // are its letters'.)
        let abbreviation = w.len() >= 2
            && w.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ')
            && cands.is_empty();
        let kind = if !has_letter {
            Kind::Other
        } else if mixed {
            if self.channel.knows(&w.to_lowercase()) {
                Kind::KnownGarble
            } else {
                Kind::Other
            }
        } else if tone.is_none() || case.is_none() || abbreviation {
            Kind::Other
        } else if cands.is_empty() && !doubled && !self.channel.knows(&w.to_lowercase()) {
            Kind::Foreign
        } else {
            Kind::Word
        };
        Seen {
            kind,
            case,
            cands,
            abbreviation,
            tone,
            own,
            letters,
            has_letter,
            // OCR's marks: letters mixed with digits or symbols, marks that make no syllable.
            odd: mixed || tone.is_none() || (marked && !known),
            unshaped: !mixed
                && has_letter
                && (tone.is_none() || cands.is_empty())
                && !doubled
                && !abbreviation
                && w.chars().all(char::is_alphabetic)
                && w.chars().nth(1).is_some()
                && !self.channel.knows(&w.to_lowercase()),
            marked,
            known,
            rewritten: false,
            misread_capitals: abbreviation && (self.o_read_as_q(w) || self.d_read_as_p_or_b(w)),
        }
    }

    /// A word's bare letters (lower case) with a vowel written twice in a row written once,
    /// where they make no syllable as they are and do so: `nhaan`, `hooa`, `quaang` (other
    /// engines' `nhâán`, `HOÔA`, `QUÀÂNG`) as `nhan`, `hoa`, `quang`; not `cuu` (*cứu*) nor
    /// `xoong`, syllables as they are.
    pub(super) fn vowel_once(&self, bare: &str) -> Option<String> {
        if !self.model.candidates(bare).is_empty() {
            return None;
        }
        self.like_vowels_once(bare, |_, v| {
            matches!(v, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
        })
    }

    /// [`Restorer::vowel_once`] for a word whose bare letters are a syllable as they are
    /// (`too`, `coong`), where the first of its two like vowels carries a mark (`TÓó`, `TÔô`,
    /// `CÓONG`): no Vietnamese spelling marks the first of two (`xoong`, `soóc`); an A, E, I,
    /// O or Y, since `cúu` is *cứu*. `bare` is `word` folded, a letter each.
    pub(super) fn marked_first_once(&self, word: &str, bare: &str) -> Option<String> {
        let w: Vec<char> = word.chars().collect();
        if w.len() != bare.len() {
            return None;
        }
        self.like_vowels_once(bare, |i, v| {
            matches!(v, b'a' | b'e' | b'i' | b'o' | b'y') && !w[i - 1].is_ascii()
        })
    }

    /// `bare` (lower case) with the second of two like letters in a row written once, the
    /// first pair `pair` takes (its index, the letter) whose removal leaves a syllable's
    /// letters.
    fn like_vowels_once(&self, bare: &str, pair: impl Fn(usize, u8) -> bool) -> Option<String> {
        let b = bare.as_bytes();
        (1..b.len())
            .filter(|&i| b[i] == b[i - 1] && pair(i, b[i]))
            .map(|i| format!("{}{}", &bare[..i], &bare[i + 1..]))
            .find(|once| !self.model.candidates(once).is_empty())
    }

    /// A line needs restoring when few of its words carry marks or many are not syllables;
    /// in text an English OCR engine made (`ocr`), when one word's marks make no syllable
    /// (`trién`). `None` when the line has too little to tell: one unmarked word among codes
    /// (`- Luu: VT, KGVX(HTHT).`); the text around it decides.
    pub(super) fn line_needs_restoring(&self, seen: &[Seen], ocr: bool) -> Option<bool> {
        let mut words = 0;
        let mut marked = 0;
        let mut unknown = 0;
        for w in seen {
            if ocr && w.misread_capitals {
                return Some(true);
            }
            match w.kind {
                Kind::KnownGarble => return Some(true),
                Kind::Other | Kind::Foreign => continue,
                Kind::Word => {}
            }
            if ocr && w.marked && !w.known {
                return Some(true);
            }
            words += 1;
            marked += usize::from(w.marked);
            unknown += usize::from(!w.known);
        }
        if words == 1 && (marked == 0 || unknown == 1) {
            return (seen.len() <= 3).then_some(true);
        }
        Some(words >= 2 && (marked * 10 < words * 3 || unknown * 10 > words * 2))
    }

    /// Whether a text is in another language (`The committee was established…`, `Le comité a
    /// été créé…`): as many of its words make no syllable as do. (A line of foreign names
    /// or titles in a Vietnamese text is restored with the text: `Các nước ngoài châu Âu:
    /// Algérie, Argentina…`.)
    pub(super) fn another_language(seen: &[Seen]) -> bool {
        let unshaped = seen.iter().filter(|w| w.unshaped).count();
        let syllables = seen.iter().filter(|w| w.kind == Kind::Word).count();
        unshaped >= FOREIGN_TEXT_WORDS && unshaped >= syllables
    }

    /// Whether the text shows the marks of English OCR rather than of plain stripping: words
    /// that mix letters with digits or symbols (`s6`, `B§`), or carry marks that make no
    /// Vietnamese syllable (`quyét`). Stripped text has neither; the OCR channel, which has
    /// learned that `so` is often *sơ*, would only mislead it. In typed text (`codes_typed`),
    /// a piece of a code ([`super::in_code`]: `1.003901.H42`) is no sign of OCR, nor is a
    /// word of capitals and digits alone (`F0`, `H5N1`, `N95`, vitamin `D3`: health news is
    /// full of them); in page images' OCR either may be one (`S86` for *Số*), and counts.
    pub(super) fn looks_ocr_garbled(
        text: &str,
        tokens: &[Token],
        seen: &[Seen],
        codes_typed: bool,
    ) -> bool {
        let words = seen.iter().filter(|w| w.has_letter).count();
        let code = |t: &Token| {
            super::in_code(text, t)
                || text[t.start..t.end]
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        };
        let odd = seen
            .iter()
            .zip(tokens)
            .filter(|(w, t)| w.has_letter && w.odd && !(codes_typed && code(t)))
            .count();
        words > 0 && odd * 100 >= words * 2
    }
}
