//! Restoring Vietnamese tone marks where they are missing (typed without them) or garbled (OCR'd
//! with an English engine): a syllable lexicon proposes candidates for each word, an OCR
//! confusion channel weighs what the scan's letters say, and a trigram language model picks
//! the sequence, by beam search.
//!
//! Lines that already read as Vietnamese pass through unchanged; numbers, document numbers,
//! dates, URLs, e-mail addresses, abbreviations (`UBND`, `VNeID`) and words that are not
//! Vietnamese syllables are never touched. Knows nothing of files or the index.
//!
//! A text is read in steps, each a module: what each word looks like (`verdict`) and which
//! lines to restore (here); each word's readings (`lattice`, with `channel`, `names`,
//! `numerals`); the readings chosen sentence by sentence (`decode`); the document's own
//! evidence weighed and the sentences it could overturn decoded again (`evidence`); the
//! chosen readings written in the word's case and the text's tone placement (here).

pub mod capitals;
mod case;
pub mod channel;
mod decode;
mod evidence;
mod lattice;
pub mod model;
pub mod names;
mod numerals;
mod tokens;
mod verdict;

use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet;
use serde::Serialize;
use smallvec::SmallVec;

use self::case::{case_in, push_cased, Case};
use self::channel::Channel;
use self::decode::{DecodeScratch, Gap, Sure};
pub use self::evidence::DOC_WEIGHT;
use self::evidence::{bare_keys, Again, FirstReading};
pub use self::lattice::READINGS;
use self::lattice::{before_number, in_code, place_runs, spaces_between};
use self::model::{Model, UNK};
use self::numerals::Numerals;
use self::tokens::{line_runs, list_letters, roman_heading, tokenize, Token};
use self::verdict::{Scratch, Seen};
use crate::number::{find_numbers, Found};
use crate::text::syllable::{letter, style_of, Style};
use crate::text::{starts_line, Span};

/// A part of a long text ends at the first paragraph break (a blank line) after this many
/// bytes…
pub const PART: usize = 1 << 20;
/// …or at the first line break after this many.
pub const PART_MAX: usize = 4 << 20;

/// Whether a part of a text that is `len` bytes long ends with the line just added to it
/// (`blank`: that line is blank): see [`PART`].
pub fn part_ends(len: usize, blank: bool) -> bool {
    (len >= PART && blank) || len >= PART_MAX
}

/// Where the first line of `text` ends, its line feed included. A line that runs on past
/// [`PART_MAX`] bytes (a text with no line break, or whose lines end in a carriage return
/// alone) ends at the last space, tab or carriage return before that, else after the last
/// character that fits: a part is never much longer than `PART_MAX`, whatever the text. On
/// bytes, so that a stream reads its lines as the text in memory is cut (UTF-8: every cut is
/// at a character's boundary).
pub fn line_end(text: &[u8]) -> usize {
    let window = &text[..text.len().min(PART_MAX)];
    if let Some(p) = window.iter().position(|&b| b == b'\n') {
        return p + 1;
    }
    if text.len() <= PART_MAX {
        return text.len();
    }
    if let Some(p) = window
        .iter()
        .rposition(|&b| matches!(b, b' ' | b'\t' | b'\r'))
    {
        return p + 1;
    }
    // No blank at all: cut before the character `PART_MAX` falls in.
    let mut end = PART_MAX;
    while end > 1 && text[end] & 0xC0 == 0x80 {
        end -= 1;
    }
    end
}

/// `text` in parts that end as [`part_ends`] says (the last where the text ends), its lines
/// as [`line_end`] ends them (a line cut short ends its part); together they are the text.
pub fn parts(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = 0;
        while end < rest.len() {
            let line = &rest[end..end + line_end(&rest.as_bytes()[end..])];
            end += line.len();
            // A line cut short ends its part.
            let cut = !line.ends_with('\n');
            if cut || part_ends(end, line.bytes().all(|b| b.is_ascii_whitespace())) {
                break;
            }
        }
        let (part, after) = rest.split_at(end);
        rest = after;
        Some(part)
    })
}

/// One word the restorer changed.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Change {
    /// Byte span in the input.
    pub start: usize,
    pub end: usize,
    pub from: String,
    pub to: String,
    /// How sure the model is of `to` against the other candidates, 0–1 (computed by
    /// [`Restorer::restore_detailed`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// The reading the model found likeliest after `to`, as it would be written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternative: Option<String>,
}

/// A restored word the model was less sure of than this is one a person should look at. On
/// the held-out real OCR (English, 10,863 changed words, 2.2% of them wrong), the 1.4% under
/// it are wrong a third of the time and hold a fifth of the errors; under 0.9, 3.7% of the
/// words, a fifth wrong, a third of the errors; under 0.3, 0.5%, a quarter wrong.
pub const UNSURE: f32 = 0.6;

impl Restored {
    /// The changes whose confidence is under `below`, each with its byte span in the
    /// restored text (`changes` are spans of the input; they are filled by the `_detailed`
    /// restorations only).
    pub fn unsure(&self, below: f32) -> Vec<(Span, &Change)> {
        let mut by_start: Vec<&Change> = self.changes.iter().collect();
        by_start.sort_by_key(|c| c.start);
        let mut shift = 0isize;
        let mut out = Vec::new();
        for c in by_start {
            let start = c.start.saturating_add_signed(shift);
            shift += c.to.len() as isize - c.from.len() as isize;
            if c.confidence.is_some_and(|p| p < below) {
                out.push(([start, start + c.to.len()], c));
            }
        }
        out
    }
}

/// Restored text with what changed.
#[derive(Clone, Debug, Serialize)]
pub struct Restored {
    pub text: String,
    /// How many words were changed.
    pub words_changed: usize,
    /// Each change, with its confidence: filled by [`Restorer::restore_detailed`] only.
    pub changes: Vec<Change>,
    /// How many lines were judged to need restoring.
    pub lines_restored: usize,
}

/// The restorer: a language model and an OCR channel.
#[derive(Clone)]
pub struct Restorer {
    pub model: Model,
    pub channel: Channel,
    /// States kept per word.
    pub beam: usize,
    /// States further than this (log10) behind the best are dropped.
    pub prune: f32,
    /// When more states than `beam` are left, those further than this behind the best are
    /// dropped before the rest are weighed with the next word.
    pub ahead_margin: f32,
    /// Weight of the document's evidence in the decoder's score (log10 of its odds); none at 0.
    pub doc_weight: f32,
    /// id → log10 P(written with a capital | the syllable, right after a word in lower case);
    /// empty when the dictionaries have no table of capitals (`capitals`).
    pub capitals: Vec<f32>,
    /// id → how often it is a given or middle name ([`names`]); empty when the dictionaries
    /// have no table of names.
    pub names: Vec<u32>,
    /// id → how many of those times it was a middle name, followed by another; empty when the
    /// table does not tell.
    pub middle_names: Vec<u32>,
    /// The ids of [`names::SURNAMES`].
    pub surnames: FxHashSet<u32>,
    /// The ids of [`names::PLACE_WORDS`].
    pub place_words: FxHashSet<u32>,
    /// The model's id of a comma ([`model::COMMA`]); `None` for a model that learned none,
    /// to which a comma is as a space.
    pub comma: Option<u32>,
    /// The words of numbers spelled out.
    numerals: Numerals,
}

/// The text of a dictionary's table at `path`, `None` where there is none (a dictionaries
/// folder from before the table existed): the tables' loaders share this.
fn read_table(path: &Path) -> anyhow::Result<Option<String>> {
    use anyhow::Context as _;
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("{}: cannot read", path.display())),
    }
}

/// Where the bundled model and channel live: `$VANTHU_DICTIONARIES`; else the source tree
/// vanthu was built from; else `dictionaries/` beside the executable or two levels up from it
/// (`target/release/vanthu` in a moved checkout).
pub fn dictionaries_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("VANTHU_DICTIONARIES") {
        return PathBuf::from(d);
    }
    let built = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dictionaries");
    if built.join(MODEL_FILE).exists() {
        return built;
    }
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1).take(3) {
            let d = dir.join("dictionaries");
            if d.join(MODEL_FILE).exists() {
                return d;
            }
        }
    }
    built
}

pub const MODEL_FILE: &str = "vi-syllables.lm";
pub const CHANNEL_FILE: &str = "ocr-channel.tsv";

/// Adapts `base` (by default the bundled model) to the text of `files` and `texts`, learning
/// only from lines the bundled restorer finds already marked; also says which model it
/// adapted.
pub fn adapt(
    base: Option<PathBuf>,
    files: &[PathBuf],
    texts: &[String],
    strength: f64,
) -> anyhow::Result<(model::Adapted, PathBuf)> {
    let dir = dictionaries_dir();
    let restorer = Restorer::load(&dir)?;
    let other;
    let (model, base) = match base {
        Some(p) => {
            other = Model::load(&p)?;
            (&other, p)
        }
        None => (&restorer.model, dir.join(MODEL_FILE)),
    };
    let keep = |line: &str| !restorer.needs_restoring(line);
    Ok((model.adapt(files, texts, strength, keep)?, base))
}

/// Where a text comes from, for [`Restorer::lines_to_restore`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// A text file, a PDF's text layer: typed, when most of it is marked.
    Typed,
    /// OCR of page images.
    Ocr,
}

/// A sentence decoded again for the document's evidence keeps the readings of the words
/// farther than this from every word the evidence favours another reading of (a trigram's
/// reach).
const AGAIN_AROUND: usize = 2;
/// A text of at least this many syllables, most of them marked, is typed (see
/// [`Restorer::lines_to_restore`]).
const TYPED_TEXT_WORDS: usize = 20;
/// In a typed text, a line of fewer syllables is never restored.
const TYPED_LINE_WORDS: usize = 8;

/// Whether a text (what was seen of it) reads as written by someone or something that knows
/// Vietnamese: typed (~85% of its syllables marked) or the Vietnamese OCR's, not English
/// OCR's (~20%) nor stripped.
fn mostly_marked(seen: &[Seen]) -> bool {
    let (words, marked, _) = marked_words(seen);
    words >= TYPED_TEXT_WORDS && marked * 10 >= words * 6
}

/// Words with marks a text must have for [`latin_marks`] to judge it.
const LATIN_MARKS_WORDS: usize = 20;

/// Whether the marks of a text are another alphabet's, not Vietnamese's nor English OCR's:
/// OCR with a French or Portuguese model (or an old engine's Latin-1 letters) writes *Số* as
/// `Só`, *của* as `cüa`, *Tự do* as `Ty do`; its marks are the ones that language has (á, ê,
/// ô, ã, ü), never those only Vietnamese writes (ă, đ, ơ, ư, a dot below, a hook above).
/// Some 70% of the words with marks of Vietnamese text have one of those. English OCR writes
/// `é` for most marked vowels, which the channel has learned to read; a text most of whose
/// marked words have a letter it has not is another engine's. Judged on at least
/// [`LATIN_MARKS_WORDS`] words with marks, of which under 1 in 20 has a letter beyond
/// Latin-1; and only where nearly every word is a syllable once its marks are gone (a French
/// or English text is not).
fn latin_marks(
    model: &Model,
    channel: &Channel,
    text: &str,
    tokens: &[Token],
    seen: &[Seen],
) -> bool {
    let (mut marked, mut vietnamese, mut english_ocr) = (0, 0, 0);
    // (Stripped text has no word to look at here: a word of ASCII is passed at once. Nor is
    // a word of another script, `中国` or `ا`: general text quotes them, stripped or not.)
    let latin = |c: char| {
        c.is_ascii()
            || ('\u{c0}'..='\u{24f}').contains(&c)
            || ('\u{1e00}'..='\u{1eff}').contains(&c)
    };
    let marked_words = tokens
        .iter()
        .map(|t| &text[t.start..t.end])
        .filter(|w| !w.is_ascii() && !w.bytes().any(|b| b.is_ascii_digit()))
        .filter(|w| w.chars().all(latin));
    for word in marked_words {
        marked += 1;
        vietnamese += usize::from(word.chars().flat_map(char::to_lowercase).any(|c| {
            // (Not another alphabet's letter past Latin-1: German OCR's dotless `ı`.)
            c > '\u{ff}' && crate::text::syllable::letter(c).bare != c
        }));
        english_ocr += usize::from(channel.english_ocr_could_write(word));
    }
    if marked < LATIN_MARKS_WORDS || vietnamese * 20 >= marked || english_ocr * 2 >= marked {
        return false;
    }
    // (Typed text has left by now: the look-ups are for the rare text that gets here.)
    let (mut all, mut foreign) = (0, 0);
    for (t, w) in tokens.iter().zip(seen) {
        let word = &text[t.start..t.end];
        if !w.has_letter || word.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        all += 1;
        foreign += usize::from(if word.is_ascii() {
            w.kind == verdict::Kind::Foreign
        } else {
            model
                .candidates(&crate::text::fold_lower(&verdict::dotted(word)))
                .is_empty()
        });
    }
    // And its marks are the engine's only where they are many: general text that quotes a
    // few names (`Wrocław`, `Fußball`, 43 words in 190,000) is stripped text still.
    foreign * 10 < all && marked * LATIN_MARKED_SHARE >= all
}

/// At least one word in this many of a text whose marks are another alphabet's carries them
/// ([`latin_marks`]): the real pages' French, Portuguese, Spanish and German OCR, one in two
/// to five; typed text, more; English OCR's `é`, one in five.
const LATIN_MARKED_SHARE: usize = 20;

/// A syllable written with a capital after a word in lower case less often than this (log10:
/// 2%) is OCR's capital for a small letter there when the word before leads to it often
/// ([`Reading::capital_in_compound`]). Over the seven OCR'd sets of the real pages, of the
/// 4,614 words in title case after a word in lower case, 38 are small in the truth; the two
/// bounds (on a coarse grid: 1, 2, 5, 10% and 0.05–0.5) take 9 of them and none of the others.
const COMPOUND_CAPITALS: f32 = -1.7;
/// log10 P(syllable | the word before) at or above which the two make one word of two
/// syllables, for [`COMPOUND_CAPITALS`].
const COMPOUND_BIGRAM: f32 = -1.0;

/// The lines of a text whose marks are another alphabet's ([`latin_marks`]) to restore: each
/// with a syllable, unless its foreign words are half as many as its syllables or more (a
/// reference in English: `Classical and computational mechanics`). A foreign word here is
/// one written without marks: a word with marks that is no syllable once they are gone
/// (`ngèy`, `tuéng`) is the engine's garble of a Vietnamese word, as its neighbours `cüa Thü`
/// are, and the channel reads it as written. OCR leaves a few fragments in a line of its
/// own (`bäi nhi&m, di&u döng, cäch chic thänh vien UBND:; Nehi dinh sö`: `m`, `chic`,
/// `Nehi` among eleven syllables), which a quarter did not allow.
fn latin_lines(text: &str, tokens: &[Token], seen: &[Seen], nlines: usize) -> Vec<bool> {
    let mut restore = vec![false; nlines];
    for run in line_runs(tokens) {
        let (w, _, _) = marked_words(&seen[run.clone()]);
        let foreign = tokens[run.clone()]
            .iter()
            .zip(&seen[run.clone()])
            .filter(|(t, s)| s.kind == verdict::Kind::Foreign && text[t.start..t.end].is_ascii())
            .count();
        restore[tokens[run.start].line] = w >= 1 && foreign * 2 <= w;
    }
    restore
}

/// A line's syllables (words that are one, stripped or not), how many of them carry marks,
/// and its words that no syllable has (`Classical`, `mechanics`).
fn marked_words(seen: &[Seen]) -> (usize, usize, usize) {
    seen.iter().fold((0, 0, 0), |(n, m, f), w| match w.kind {
        verdict::Kind::Word => (n + 1, m + usize::from(w.marked), f),
        verdict::Kind::Foreign => (n, m, f + 1),
        _ => (n, m, f),
    })
}

impl Restorer {
    /// Loads the model and channel from `dir`.
    pub fn load(dir: &Path) -> anyhow::Result<Restorer> {
        let model = Model::load(&dir.join(MODEL_FILE))?;
        let channel = Channel::load(&dir.join(CHANNEL_FILE), &model)?;
        let capitals = capitals::load(&dir.join(capitals::CAPITALS_FILE), &model)?;
        let (names, middle_names) = names::load(&dir.join(names::NAMES_FILE), &model)?;
        let surnames = names::SURNAMES.iter().filter_map(|s| model.id(s)).collect();
        let place_words = names::PLACE_WORDS
            .iter()
            .filter_map(|s| model.id(s))
            .collect();
        let comma = model.id(model::COMMA);
        let numerals = Numerals::new(&model);
        Ok(Restorer {
            comma,
            numerals,
            model,
            channel,
            beam: 4,
            prune: 4.0,
            ahead_margin: 3.0,
            doc_weight: DOC_WEIGHT,
            surnames,
            place_words,
            capitals,
            names,
            middle_names,
        })
    }
}

/// What a restored word is written as: a syllable of the model, or as it must be where it
/// stands: a heading's Roman numeral (`I11.` → `III.`), a list's letter (`d)` → `đ)`).
enum Replacement {
    Syllable(u32),
    Written(String),
}

/// Which decoding of a text [`Restorer::decode_sentences`] does.
enum Pass<'a> {
    /// The first, of every sentence: how sure the decoder was of each token's reading is
    /// written into the slice.
    First(&'a mut [Sure]),
    /// Again with the document's evidence, where it says so.
    Again(&'a [Again]),
}

/// The buffers of [`Restorer::decode_span`], reused from sentence to sentence.
#[derive(Default)]
struct SpanScratch {
    decode: DecodeScratch,
    /// Which tokens of the span may change their reading (empty: all).
    free: Vec<bool>,
    /// The span with the symbols' words between its tokens, and which token each is.
    seg: Vec<(u32, Candidates)>,
    seg_breaks: Vec<bool>,
    seg_chosen: Vec<Option<usize>>,
    from: Vec<Option<usize>>,
}

/// Whose name a run of capitalised words is ([`Restorer::one_name`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Named {
    Person,
    Place,
}

/// A word's readings and their channel scores: as many as the decoder weighs
/// ([`lattice::READINGS`]) held inline.
type Readings = SmallVec<[(u32, f32); READINGS]>;
/// A word's candidates: (syllable id, channel log10 score). `None` when the word is left as
/// it is.
type Candidates = Option<Readings>;

/// How sure the decoder must be of a word read in digits for it to be written: below, the
/// number stays. So for a foreign name's word in OCR ([`lattice::foreign_beside`]).
const DIGIT_WORD_SURE: f32 = 0.9;
/// How sure the decoder must be of another tone for a typed text's word in capitals, on a
/// line kept as written ([`lattice::typed_capitals_misread`]), for it to be written: below,
/// the word stays as the text has it. A typist misreads no tone: on the typed realdocs, seeds
/// and fixtures the decoder changes two such words at all, a typist's slip at 0.99 (`KHOA HỌC
/// VA CÔNG NGHỆ`) and a word at 0.10 (kept), where a Vietnamese engine's misread tones in
/// capitals are mostly changed at 0.98–1.
const TYPED_CAPITALS_SURE: f32 = 0.95;
impl Restorer {
    /// Restores `text`, keeping its line breaks and everything that is not a word.
    pub fn restore(&self, text: &str) -> Restored {
        self.restore_inner(text, false, Origin::Typed)
    }

    /// [`Restorer::restore`] of text OCR read from page images: a line is judged on its own
    /// even in a text that is mostly marked, since OCR garbles words anywhere (`bỗ nhiệm`).
    pub fn restore_ocr(&self, text: &str) -> Restored {
        self.restore_inner(text, false, Origin::Ocr)
    }

    /// [`Restorer::restore`], with a confidence for each change.
    pub fn restore_detailed(&self, text: &str) -> Restored {
        self.restore_inner(text, true, Origin::Typed)
    }

    /// [`Restorer::restore_ocr`], with a confidence for each change.
    pub fn restore_ocr_detailed(&self, text: &str) -> Restored {
        self.restore_inner(text, true, Origin::Ocr)
    }

    /// A text longer than [`PART_MAX`] is restored a part at a time ([`parts`]), each part
    /// judged and decoded as a text of its own: the memory a text takes to restore is that of
    /// a part, however long the text (a whole text's tokens, verdicts and lattice took some
    /// fifty times its size).
    fn restore_inner(&self, text: &str, detailed: bool, origin: Origin) -> Restored {
        if text.len() <= PART_MAX {
            return self.restore_part(text, detailed, origin);
        }
        self.restore_each(parts(text), detailed, origin)
    }

    /// The parts of a text restored one by one, put together (the changes' spans are in the
    /// whole text).
    fn restore_each<'a>(
        &self,
        parts: impl Iterator<Item = &'a str>,
        detailed: bool,
        origin: Origin,
    ) -> Restored {
        let mut out = Restored {
            text: String::new(),
            words_changed: 0,
            changes: Vec::new(),
            lines_restored: 0,
        };
        let mut at = 0;
        for part in parts {
            let r = self.restore_part(part, detailed, origin);
            out.text.push_str(&r.text);
            out.words_changed += r.words_changed;
            out.lines_restored += r.lines_restored;
            out.changes.extend(r.changes.into_iter().map(|c| Change {
                start: c.start + at,
                end: c.end + at,
                ..c
            }));
            at += part.len();
        }
        out
    }

    fn restore_part(&self, text: &str, detailed: bool, origin: Origin) -> Restored {
        let (tokens, nlines) = tokenize(text);
        let mut scratch = Scratch::default();
        let mut seen = self.see_all(text, &tokens, &mut scratch);
        // A text whose marks are another alphabet's is read as English OCR's, its marks
        // gone: every line of it, every word by its letters and by what the channel makes of
        // it as written.
        let latin = latin_marks(&self.model, &self.channel, text, &tokens, &seen);
        if latin {
            seen = self.see_unmarked(text, &tokens, &mut scratch);
        }
        let ocr = latin || Self::looks_ocr_garbled(text, &tokens, &seen, origin == Origin::Typed);
        let marked_text = !latin && mostly_marked(&seen);
        let restore_line = if latin {
            latin_lines(text, &tokens, &seen, nlines)
        } else {
            self.lines_to_restore(&tokens, &seen, nlines, ocr, origin, marked_text)
        };
        let unchanged = || Restored {
            text: text.to_string(),
            words_changed: 0,
            changes: Vec::new(),
            lines_restored: 0,
        };
        if Self::another_language(&seen) {
            return unchanged();
        }
        // (OCR of page images may have dropped a tone on a line otherwise as written; a typed
        // text's capitals may carry a Vietnamese engine's misread tone.)
        let capitals_to_weigh = || {
            tokens
                .iter()
                .zip(&seen)
                .any(|(t, w)| lattice::typed_capitals_misread(w, &text[t.start..t.end]))
        };
        let typed_only = !restore_line.contains(&true) && origin == Origin::Typed;
        if typed_only && !capitals_to_weigh() {
            return unchanged();
        }
        // Document numbers: left as they are, and their codes mended in OCR'd text.
        let numbers = find_numbers(text);
        let mut names = Vec::new();
        let mut lattice = self.lattice(
            text,
            &tokens,
            &seen,
            &restore_line,
            (ocr, origin, marked_text),
            &numbers,
            &mut scratch,
            &mut names,
        );
        let places = place_runs(text, &tokens, &seen);
        self.numerals.weigh(text, &tokens, &seen, &mut lattice);
        if !restore_line.contains(&true) && lattice.iter().all(|e| e.1.is_none()) {
            return unchanged();
        }
        let gaps = self.gaps(text, &tokens);
        let mut chosen = vec![None; tokens.len()];
        let mut sure = vec![Sure::UNKNOWN; tokens.len()];
        // How sure the decoder is: for the document's evidence alone.
        let first = Pass::First(if self.doc_weight == 0.0 {
            &mut []
        } else {
            &mut sure
        });
        let flat = if ocr {
            unheard(text, &tokens, &lattice)
        } else {
            Vec::new()
        };
        self.decode_sentences(text, &tokens, &lattice, &gaps, &flat, first, &mut chosen);
        // The document's evidence, a stretch of it at a time: a long text may be many
        // documents, on as many subjects.
        let keys = bare_keys(&seen, &scratch);
        let ends: Vec<bool> = tokens.iter().map(|t| t.boundary_after).collect();
        let first = FirstReading {
            keys: &keys,
            ends: &ends,
            sure: &sure,
        };
        let words = (&tokens[..], &gaps[..], &flat[..]);
        self.decode_again(text, words, &first, &mut lattice, &mut chosen);
        let named = [(&names[..], Named::Person), (&places[..], Named::Place)];
        for (runs, named) in named {
            self.one_name(runs, named, &keys, &ends, &gaps, &lattice, &mut chosen);
        }
        // A word read in digits, or a foreign name's word, is written only where the words
        // around are sure of it (its first reading is as written); so is a typed text's word
        // on a line kept as written (a tone in capitals).
        for i in 0..tokens.len() {
            let digits = matches!(&lattice[i].1, Some(cs) if cs[0].0 == UNK);
            let kept_line = origin == Origin::Typed && !restore_line[tokens[i].line];
            let sure = if kept_line {
                TYPED_CAPITALS_SURE
            } else if digits {
                DIGIT_WORD_SURE
            } else {
                continue;
            };
            if chosen[i].is_some_and(|k| k > 0)
                && self.confidence(&lattice, &chosen, &ends, &gaps, i).0 < sure
            {
                chosen[i] = Some(0);
            }
        }
        // A typed text's words in capitals, none changed: the text as it is.
        if typed_only && chosen.iter().all(|c| c.is_none_or(|k| k == 0)) {
            return unchanged();
        }
        let reading = Reading {
            text,
            numbers: &numbers,
            tokens: &tokens,
            seen: &seen,
            lattice: &lattice,
            gaps: &gaps,
            chosen: &chosen,
            restore_line: &restore_line,
            restorer: self,
            ocr,
            latin,
        };
        self.write(&reading, detailed)
    }

    /// Which lines to restore: each by its own verdict; a line too short to tell follows the
    /// text (restored where most lines are). In a typed text — most of its syllables carry
    /// their marks — only a line that is plainly stripped is
    /// restored (at least [`TYPED_LINE_WORDS`] syllables, under 30% marked): a table's cell
    /// (`Ha`, `Con`), a name (`Tả Phời`), a list of units (`Ban PC, Ban NVT`) or an English
    /// phrase stays as the typist wrote it. (`marked_text`: [`mostly_marked`] of the whole.)
    fn lines_to_restore(
        &self,
        tokens: &[Token],
        seen: &[Seen],
        nlines: usize,
        ocr: bool,
        origin: Origin,
        marked_text: bool,
    ) -> Vec<bool> {
        // Per line: no words (`None`), or its verdict (`Some(None)`: too short to tell).
        let mut verdicts: Vec<Option<Option<bool>>> = vec![None; nlines];
        // Per line: its syllables, how many carry marks, and its foreign words.
        let mut counts: Vec<(usize, usize, usize)> = vec![(0, 0, 0); nlines];
        for run in line_runs(tokens) {
            let line = tokens[run.start].line;
            verdicts[line] = Some(self.line_needs_restoring(&seen[run.clone()], ocr));
            counts[line] = marked_words(&seen[run]);
        }
        // Whatever else it shows: a text's codes (`C4`, `K27+000`) look like OCR's marks, and
        // typed text is ~85% marked where English OCR leaves ~20%.
        // A line of it in a foreign language (a reference, `Tong, Pin (2001). Classical and
        // computational…`) is no stripped line, whatever syllables its words make.
        if origin == Origin::Typed && marked_text {
            return counts
                .iter()
                .map(|&(w, m, f)| w >= TYPED_LINE_WORDS && m * 10 < w * 3 && f * 4 <= w)
                .collect();
        }
        let yes = verdicts.iter().filter(|v| **v == Some(Some(true))).count();
        let no = verdicts.iter().filter(|v| **v == Some(Some(false))).count();
        verdicts
            .iter()
            .map(|v| v.is_some_and(|v| v.unwrap_or(yes > no)))
            .collect()
    }

    /// Each word's own id and what it may stand for (none where it stays as it is: on a line
    /// not restored, in a document number, date, URL or e-mail address, an abbreviation).
    // The text, what was seen of it and the verdicts, each computed once by the caller.
    /// The model's words between each token and the next of its sentence that the tokens do
    /// not have ([`symbols_between`]).
    fn gaps(&self, text: &str, tokens: &[Token]) -> Vec<Gap> {
        tokens
            .iter()
            .zip(tokens.iter().skip(1).map(Some).chain([None]))
            .map(|(a, b)| match b {
                Some(b) if !a.boundary_after => symbols_between(text, a, b, self.comma),
                _ => Gap::new(),
            })
            .collect()
    }

    /// The chosen reading of each word, sentence by sentence, and how sure the decoder was of
    /// it ([`Pass::First`]). Decoding again ([`Pass::Again`], with the document's evidence,
    /// [`Restorer::weigh_document`]), only the sentences where it could overturn a reading,
    /// and in them only the words near those it leans against: a word farther than
    /// [`AGAIN_AROUND`] from every such word keeps its reading (decoding whole sentences again
    /// took a third of the first decoding's time on general text).
    #[allow(clippy::too_many_arguments)]
    fn decode_sentences(
        &self,
        text: &str,
        tokens: &[Token],
        lattice: &[(u32, Candidates)],
        gaps: &[Gap],
        flat: &[bool],
        mut pass: Pass,
        chosen: &mut [Option<usize>],
    ) {
        // A line that starts with a capital may start a sentence although the line before it
        // does not end with a full stop (`Hạnh phúc` / `Số: 41/KH-SKHCN`, a heading, a name
        // on its own line), and so may a capitalised word after a heading's number (`B.3 Sơ
        // đồ định hướng`, `2.1 Mục tiêu`: after a number the model reads the symbol's
        // context, where *số đó* is likelier); a line in lower case goes on the sentence. The
        // decoder weighs both.
        let breaks: Vec<bool> = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                i > 0
                    && text[t.start..].starts_with(char::is_uppercase)
                    && (tokens[i - 1].line != t.line || after_heading_number(text, t))
            })
            .collect();
        let mut d = SpanScratch::default();
        let span = |range, d: &mut SpanScratch, chosen: &mut [Option<usize>], sure: &mut [Sure]| {
            self.decode_span(lattice, gaps, &breaks, flat, range, d, chosen, sure)
        };
        let mut start = 0;
        for i in 0..tokens.len() {
            if !(tokens[i].boundary_after || i + 1 == tokens.len()) {
                continue;
            }
            let sentence = start..i + 1;
            start = i + 1;
            // A sentence whose words all stay as written has nothing to decide (most of a
            // typed text's, or of a Vietnamese OCR's with a tone or two to weigh).
            if lattice[sentence.clone()].iter().all(|e| e.1.is_none()) {
                continue;
            }
            let again = match &mut pass {
                Pass::First(sure) => {
                    d.free.clear();
                    span(sentence, &mut d, chosen, sure);
                    continue;
                }
                Pass::Again(again) => *again,
            };
            if !again[sentence.clone()].contains(&Again::Overturns) {
                continue;
            }
            // The words within reach of one the evidence leans against (marked from each such
            // word: a sentence may be a whole long line).
            d.free.clear();
            d.free.resize(sentence.len(), false);
            for j in sentence.clone().filter(|&j| again[j] != Again::No) {
                let from = j.saturating_sub(AGAIN_AROUND).max(sentence.start);
                let to = (j + AGAIN_AROUND).min(sentence.end - 1);
                d.free[from - sentence.start..=to - sentence.start].fill(true);
            }
            span(sentence, &mut d, chosen, &mut []);
        }
    }

    /// Decodes the tokens of `range` (a sentence), with the symbols' words between them as the
    /// model read them; where `d.free` is given (one flag per token of `range`), a token not
    /// free keeps its chosen reading. Where `sure` is given (one per token, as `chosen`), how
    /// sure the decoder was of each token's reading is written there.
    #[allow(clippy::too_many_arguments)]
    fn decode_span(
        &self,
        lattice: &[(u32, Candidates)],
        gaps: &[Gap],
        breaks: &[bool],
        flat: &[bool],
        range: std::ops::Range<usize>,
        d: &mut SpanScratch,
        chosen: &mut [Option<usize>],
        sure: &mut [Sure],
    ) {
        let SpanScratch {
            decode,
            free,
            seg,
            seg_breaks,
            seg_chosen,
            from,
        } = d;
        let last = range.end - 1;
        let gap = |j: usize| if j < last { &gaps[j][..] } else { &[] };
        let start = range.start;
        let pinned = |j: usize| !free.is_empty() && !free[j - start];
        decode.weigh_sure = !sure.is_empty();
        decode.flat.clear();
        if !range.clone().any(|j| !gap(j).is_empty() || pinned(j)) {
            if !flat.is_empty() {
                decode.flat.extend_from_slice(&flat[range.clone()]);
            }
            self.decode(
                &lattice[range.clone()],
                &breaks[range.clone()],
                &mut chosen[range.clone()],
                decode,
            );
            if !sure.is_empty() {
                sure[range].copy_from_slice(&decode.sure);
            }
            return;
        }
        seg.clear();
        seg_breaks.clear();
        from.clear();
        for j in range {
            // A token that keeps its reading has that one only.
            let pin = match (&lattice[j], chosen[j]) {
                ((own, Some(cs)), Some(k)) if pinned(j) => {
                    Some((*own, Some(SmallVec::from_slice(&cs[k..=k]))))
                }
                _ => None,
            };
            from.push(if pin.is_some() { None } else { Some(j) });
            seg.push(pin.unwrap_or_else(|| lattice[j].clone()));
            seg_breaks.push(breaks[j]);
            decode.flat.push(flat.get(j) == Some(&true));
            for &id in gap(j) {
                seg.push((id, None));
                seg_breaks.push(false);
                decode.flat.push(false);
                from.push(None);
            }
        }
        seg_chosen.clear();
        seg_chosen.resize(seg.len(), None);
        self.decode(seg, seg_breaks, seg_chosen, decode);
        for ((j, c), p) in from.iter().zip(seg_chosen.iter()).zip(&decode.sure) {
            if let Some(j) = j {
                chosen[*j] = *c;
                if !sure.is_empty() {
                    sure[*j] = *p;
                }
            }
        }
    }

    /// The text with each chosen reading written in, in the word's case and the text's style
    /// of tone placement; and what changed.
    fn write(&self, r: &Reading, detailed: bool) -> Restored {
        let Reading {
            text,
            numbers,
            tokens,
            seen,
            lattice,
            gaps,
            chosen,
            restore_line,
            ocr,
            latin,
            ..
        } = *r;
        let styles = style_in(text, tokens);
        let stroked = list_letters(text, tokens);
        // The codes of document numbers on the lines restored (a typed code stays as typed):
        // as extraction reads them in OCR'd text (`07-TB/CQTTBCP` → `CQTTBCĐ`), and with the
        // stroke of a Đ lost with the rest of the marks (`08/2016/ND-CP`, `37/2023/NQ-HDND`)
        // as the tables write them.
        let codes_restored = code_lines(tokens, seen, restore_line);
        let dict = crate::dict::get();
        let mut mends: Vec<(Span, String)> = Vec::new();
        for f in numbers {
            let first = tokens.partition_point(|t| t.start < f.span[0]);
            // A first digit OCR set apart (`số 1 466/QĐ-UBND`) is joined to the rest, as
            // extraction reads the number: its two first words make its `seq` (1466).
            if let [digit, rest, ..] = &tokens[first..] {
                let (d, r) = (&text[digit.start..digit.end], &text[rest.start..rest.end]);
                let split = |seq: &str| seq.strip_prefix(d).is_some_and(|s| s == r);
                if ocr
                    && codes_restored[digit.line]
                    && digit.start == f.span[0]
                    && f.number.seq.as_deref().is_some_and(split)
                {
                    mends.push(([digit.start, rest.end], [d, r].concat()));
                }
            }
            let inside = tokens[first..].iter().take_while(|t| t.end <= f.span[1]);
            for t in inside.filter(|t| codes_restored[t.line]) {
                let w = &text[t.start..t.end];
                let mended = f
                    .mended
                    .iter()
                    // A glued code split (`TTBKHĐT` → `TT-BKHĐT`) would change the words.
                    .find(|(from, to)| ocr && w.eq_ignore_ascii_case(from) && !to.contains('-'))
                    .map(|(_, to)| to.clone());
                if let Some(to) = mended.or_else(|| dict.stroked_code(w)) {
                    mends.push(([t.start, t.end], to));
                }
            }
        }
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut changes = Vec::new();
        let mut words_changed = 0;
        let mut last = 0;
        for (i, t) in tokens.iter().enumerate() {
            // (A word a mend of the words before it took in: `466` of `1 466`.)
            if t.start < last {
                continue;
            }
            // Where the word's replacement ends: its own end, or a later word's.
            let mut end = t.end;
            let w = &text[t.start..t.end];
            let replacement = match (chosen[i], &lattice[i].1) {
                _ if stroked[i] && restore_line[t.line] => {
                    Replacement::Written(if w == "D" { "Đ" } else { "đ" }.to_string())
                }
                // (A number read as one: as any number, below.)
                (Some(c), Some(cands)) if cands[c].0 != UNK => {
                    // The input had it: keep its spelling and tone placement, unless its case
                    // is OCR's (`cAn`: a marked vowel read as a capital). A word that is no
                    // syllable keeps its case too: a code's `TTg`, `TTr` (`0B-TTg`, a number
                    // OCR garbled, or a blank one's `/TTr-UBND`), not *Ttg*.
                    if cands[c].0 == lattice[i].0
                        && (!latin || w.is_ascii())
                        && !seen[i].rewritten
                        && match seen[i].case {
                            Some(_) => !r.capital_in_compound(i, cands[c].0),
                            None => !self.model.is_reading(cands[c].0),
                        }
                    {
                        continue;
                    }
                    Replacement::Syllable(cands[c].0)
                }
                _ if codes_restored[t.line] => {
                    // The mends run in the text's order, a token each.
                    let mended = mends
                        .binary_search_by_key(&t.start, |m| m.0[0])
                        .ok()
                        .map(|k| {
                            end = mends[k].0[1];
                            mends[k].1.clone()
                        });
                    let ocr_read = || {
                        roman_heading(text, t)
                            .or_else(|| so_read_as_digits(text, tokens, i, numbers))
                    };
                    let ocr = ocr && restore_line[t.line];
                    match mended.or_else(|| ocr.then(ocr_read).flatten()) {
                        Some(r) => Replacement::Written(r),
                        None => continue,
                    }
                }
                _ => continue,
            };
            // The word as restored is written straight into `out`, then compared with `w`.
            let at = out.len();
            out.push_str(&text[last..t.start]);
            let from = out.len();
            match &replacement {
                Replacement::Syllable(id) => r.push_restored(&mut out, i, *id, styles),
                Replacement::Written(r) => out.push_str(r),
            }
            let w = &text[t.start..end];
            if &out[from..] == w {
                out.truncate(at);
                continue;
            }
            last = end;
            words_changed += 1;
            if detailed {
                let (confidence, alternative) = match replacement {
                    Replacement::Syllable(_) => {
                        // The review's doubt looks across a full stop: OCR makes stops of
                        // specks (`II.A` → *Là*), and the next words say so. Flagged below
                        // restore::UNSURE on the held-out real English OCR, this catches more
                        // of the errors (4% against 3%, at the same 15% precision) than the
                        // sentence's words alone.
                        let (p, other) = self.confidence(lattice, chosen, &[], gaps, i);
                        let other = other.map(|id| {
                            let mut s = String::new();
                            r.push_restored(&mut s, i, id, styles);
                            s
                        });
                        (p, other)
                    }
                    Replacement::Written(_) => (1.0, None),
                };
                changes.push(Change {
                    start: t.start,
                    end,
                    from: w.to_string(),
                    to: out[from..].to_string(),
                    confidence: Some(confidence),
                    alternative,
                });
            }
        }
        out.push_str(&text[last..]);
        if ocr {
            words_changed += bars_as_one(&mut out, detailed.then_some((text, &mut changes)));
        }
        Restored {
            text: out,
            words_changed,
            changes,
            lines_restored: restore_line.iter().filter(|r| **r).count(),
        }
    }
}

/// A text as the restorer has read it: its words, what each is, what each may stand for, and
/// which reading was chosen.
struct Reading<'a> {
    text: &'a str,
    numbers: &'a [Found],
    tokens: &'a [Token],
    seen: &'a [Seen<'a>],
    lattice: &'a [(u32, Candidates)],
    gaps: &'a [Gap],
    chosen: &'a [Option<usize>],
    restore_line: &'a [bool],
    /// The restorer reading it: its model, its table of capitals, its surnames.
    restorer: &'a Restorer,
    ocr: bool,
    /// The text's marks are another alphabet's ([`latin_marks`]): a word read as its letters
    /// are is still written anew, without them.
    latin: bool,
}

impl Reading<'_> {
    /// Syllable `id` written for token `i`: in its case ([`Reading::case_of_restored`]) and in
    /// the input's style of tone placement ([`Styles`]); in capitals, the older style, as
    /// the headers' formulae are written (*ỦY BAN*, *CỘNG HÒA*: the realdocs write *HÒA*
    /// 242 times, *HOÀ* never; *ỦY* 244 times, *UỶ* 6) whatever the body's style.
    fn push_restored(&self, out: &mut String, i: usize, id: u32, styles: Styles) {
        let model = &self.restorer.model;
        let old = model.written(id, false);
        let case = self.case_of_restored(i, id, old);
        let written = if case != Case::Upper && styles.newer(model, id) {
            model.written(id, true)
        } else {
            old
        };
        push_cased(out, written, case);
    }

    /// The case word `i` is restored in, read as the syllable `id`, `written`.
    fn case_of_restored(&self, i: usize, id: u32, written: &str) -> Case {
        let (t, w) = (
            &self.tokens[i],
            &self.text[self.tokens[i].start..self.tokens[i].end],
        );
        let mut case = case_in(self.seen[i].case, w, self.ocr).unwrap_or(Case::Lower);
        // A token of digits read as a word opening its line is the header's label (`86:
        // 22/TTr-UBND`, [`Restorer::number_label`]): *Số*.
        if w.bytes().all(|c| c.is_ascii_digit()) && (i == 0 || self.tokens[i - 1].line != t.line) {
            case = Case::Title;
        }
        // A word read from figures or symbols alone between words in capitals (`VỤ 6 CẤP`,
        // English OCR's *Ở*) is in capitals too, and so is one whose case OCR mixed (`CƠ cAU
        // TỔ CHỨC`: its small c is OCR's).
        if case == Case::Lower
            && (!w.chars().any(char::is_alphabetic) || self.seen[i].case.is_none())
            && i > 0
            && i + 1 < self.tokens.len()
            && self.capitals_beside(i - 1, i)
            && self.capitals_beside(i + 1, i)
        {
            case = Case::Upper;
        }
        // (`của BG trưởng`: a G for the vowel makes no abbreviation, [`Restorer::o_read_as_q`].)
        let abbreviation = self.seen[i].abbreviation && !self.restorer.o_read_as_q(w);
        if self.ocr && case == Case::Upper && w.chars().count() <= 3 && !abbreviation {
            // `của BO Chinh trị`: English OCR's capital O for *ộ*, in a word
            // between words that are not capitals, not a word in capitals (but `của BCD
            // tỉnh`, an abbreviation, is one). Where the word ends or starts its line of
            // prose (`của BO` ending it, the word before in lower case), the word on the
            // next or the line before (a blank line between them or not, as OCR leaves
            // between paragraphs) stands for the one missing on its own; so both do for a
            // word alone on its line. A word's case is as it is restored (`NOi`, `truGng`:
            // *Nội*, *trưởng*).
            let cased = |j: Option<usize>, lines: std::ops::RangeInclusive<usize>, lower: bool| {
                j.and_then(|j| self.tokens.get(j).zip(self.seen.get(j)))
                    .is_some_and(|(n, s)| {
                        lines.contains(&n.line)
                            && match s.case.or_else(|| {
                                let w = &self.text[n.start..n.end];
                                w.starts_with(char::is_alphabetic)
                                    .then(|| case_in(None, w, true))
                                    .flatten()
                            }) {
                                Some(Case::Lower) => true,
                                Some(Case::Title) => !lower,
                                _ => false,
                            }
                    })
            };
            let (before, after) = (i.checked_sub(1), Some(i + 1));
            let here = t.line..=t.line;
            let around = t.line.saturating_sub(2)..=t.line + 2;
            // The first word of its line or list item (`- BO Chỉ huy Quân sự`, `13. BO Chỉ
            // huy`, `- BO Công Thương`): the word after it in lower case, or the two after
            // it in prose, the second in lower case or the first more than a letter (`BO Y
            // TE`: a capital Y says nothing).
            // (After an abbreviation and a comma, `- UBND, SG Y tế`, it starts an item too.)
            let first = before.is_none_or(|j| {
                let b = &self.tokens[j];
                b.line != t.line
                    || self.seen[j].case.is_none()
                    || (self.seen[j].abbreviation && self.text[b.end..t.start].trim() == ",")
            });
            let long = |j: usize| {
                self.tokens
                    .get(j)
                    .is_some_and(|n| self.text[n.start..n.end].chars().nth(1).is_some())
            };
            // (A word the next line goes on from ends its line with nothing after it but a
            // comma: `thuộc TƯ;` ends its clause.)
            let ends_line = self.text[t.end..]
                .split('\n')
                .next()
                .is_some_and(|rest| matches!(rest.trim(), "" | ","));
            let on = |j: usize| cased(Some(j), here.clone(), false);
            if (cased(before, here.clone(), false) && cased(after, here.clone(), false))
                || (ends_line
                    && cased(before, here.clone(), true)
                    && cased(after, around.clone(), false))
                || (cased(before, around.clone(), false) && cased(after, here.clone(), true))
                || (ends_line && cased(before, around.clone(), true) && cased(after, around, false))
                || (first
                    && (cased(after, here.clone(), true)
                        || (on(i + 1)
                            && (cased(Some(i + 2), here.clone(), true)
                                || (long(i + 1) && on(i + 2))))))
            {
                case = Case::Title;
            }
        }
        if self.ocr && case == Case::Title && self.in_capitals(i) {
            case = Case::Upper;
        }
        // `TO TRINH` / `vé viée dé nghi`: in a state document, the line after a heading in
        // capitals (its subject after its type's name, a signer's name after the title)
        // starts with a capital OCR read small (*Về việc đề nghị*).
        if self.ocr && case == Case::Lower && self.starts_state_subject(i) {
            case = Case::Title;
        }
        // `chinh Iy`, `Ban Quan Iy`: OCR reads a small l as a capital I (a capital L it
        // reads as itself), so a word it reads so inside a sentence starts in lower case:
        // *chỉnh lý*. (At a sentence's start the I may be a capital L worn thin.)
        let in_sentence = i
            .checked_sub(1)
            .is_some_and(|p| !self.tokens[p].boundary_after);
        if self.ocr
            && case == Case::Title
            && in_sentence
            && w.starts_with('I')
            && written.starts_with('l')
        {
            case = Case::Lower;
        }
        if case == Case::Title && self.capital_in_compound(i, id) {
            case = Case::Lower;
        }
        case
    }

    /// Whether word `i`, read as the syllable `id`, is OCR's capital for a small letter inside
    /// a word of two syllables: in title case right after a word in lower case on its line, a
    /// space between them (`triển Khai`, `khó Khăn`, `đối Với`, `tội Phạm`), where the model
    /// has the syllable follow that word often ([`COMPOUND_BIGRAM`]) and the training text
    /// rarely writes it with a capital after a word in lower case ([`COMPOUND_CAPITALS`]).
    /// A name's syllable after a common word is one or the other (*tỉnh Quảng*: 45% in
    /// capitals; *ông Khai*: a rare pair), and so is a title the genre capitalises (*Công ty
    /// Cổ phần*, *Tết Nguyên đán*, *duyệt Kế hoạch*: 3.3%, 4.1%, 5.5%); so, too, is `du
    /// Lịch` (2.9%: *Sở Văn hóa, Thể thao và Du lịch*), which stays as OCR read it.
    fn capital_in_compound(&self, i: usize, id: u32) -> bool {
        let Some(p) = i.checked_sub(1) else {
            return false;
        };
        let (t, before) = (&self.tokens[i], &self.tokens[p]);
        self.ocr
            && self.seen[i].case == Some(Case::Title)
            && self.seen[p].case == Some(Case::Lower)
            && before.line == t.line
            && !before.boundary_after
            && &self.text[before.end..t.start] == " "
            && self
                .restorer
                .capitals
                .get(id as usize)
                .is_some_and(|&c| c < COMPOUND_CAPITALS)
            && {
                let v = decode::read_as(self.lattice, self.chosen, p);
                v != UNK && self.restorer.model.bigram(v, id) >= COMPOUND_BIGRAM
            }
    }

    /// Whether word `j` is a word in capitals, not an abbreviation (`BAN`, `TRÌNH`; not `UBND`).
    fn word_in_capitals(&self, j: usize) -> bool {
        self.seen[j].case == Some(Case::Upper) && !self.seen[j].abbreviation
    }

    /// Whether word `j`, beside word `k` on its line with spaces between them, is a word in
    /// capitals ([`Reading::word_in_capitals`]).
    fn capitals_beside(&self, j: usize, k: usize) -> bool {
        let (a, b) = (&self.tokens[j.min(k)], &self.tokens[j.max(k)]);
        spaces_between(self.text, a, b) && self.word_in_capitals(j)
    }

    /// Whether word `i` starts the line after a heading (two words or more, all in capitals,
    /// none an abbreviation: `TỜ TRÌNH`, `QUYẾT ĐỊNH`) in a state document: one whose number,
    /// written before the heading, has a slash after its sequence (`239/TTr-UBND`, Decree
    /// 30/2020). Such a line starts with a capital there (1,298 of 1,303 in the realdocs and
    /// seeds, the rest codes); the Party's documents (`242-KH/TU`) write their subject in
    /// lower case (*thực hiện Nghị quyết số…*).
    fn starts_state_subject(&self, i: usize) -> bool {
        let t = &self.tokens;
        let Some(p) = i.checked_sub(1).filter(|&p| t[p].line != t[i].line) else {
            return false;
        };
        let start = t[..p]
            .iter()
            .rposition(|x| x.line != t[p].line)
            .map_or(0, |k| k + 1);
        let heading = p > start && (start..=p).all(|j| self.word_in_capitals(j));
        heading
            && self.numbers.first().is_some_and(|f| {
                f.span[1] <= t[start].start
                    && f.number
                        .written
                        .trim_start_matches(|c: char| c.is_ascii_digit())
                        .starts_with('/')
            })
    }

    /// Whether word `i`, in title case, is a word in capitals whose case OCR lost with its marks
    /// among words in capitals: one capital and symbols read for marked letters (`K¢ HOACH`,
    /// `B§`, `$6`: no letter to tell its case by), or a word of two letters whose marked vowel
    /// OCR read small (`Úy BAN NHÂN DÂN`, `TỔNG Bí THƯ`): *KẾ HOẠCH*, *ỦY BAN*, *BÍ THƯ*. The
    /// word after it on its line is a word in capitals, a space between them, and so is the one
    /// before where its line has one, a space between them (`S6: /VP-KT` is the label *Số*,
    /// before a code); a word of two letters first on its line (or after punctuation, `TM. Úy
    /// BAN`) has two such words after it, not a surname's (`Bà NGUYỄN THỊ HOA`).
    fn in_capitals(&self, i: usize) -> bool {
        let t = &self.tokens;
        let w = &self.text[t[i].start..t[i].end];
        let capitals = |j: usize, k: usize| self.capitals_beside(j, k);
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        let symbols = letters <= 1 && w.chars().count() >= 2;
        // First on its line, or after punctuation (`TM. Úy BAN`).
        let first_on_line = i
            .checked_sub(1)
            .is_none_or(|j| !spaces_between(self.text, &t[j], &t[i]));
        let after = i + 1 < t.len() && capitals(i + 1, i);
        if symbols {
            return after && (first_on_line || capitals(i - 1, i));
        }
        // Two letters, or three of which two are capitals (`ÚUy`, `UÚy`: OCR's two reads of
        // one Ủ, the y small).
        let capitals_in_word = w.chars().filter(|c| c.is_uppercase()).count();
        (letters == 2 || (letters == 3 && capitals_in_word >= 2))
            && after
            && if first_on_line {
                i + 2 < t.len()
                    && capitals(i + 2, i + 1)
                    && !self.restorer.surnames.contains(&decode::read_as(
                        self.lattice,
                        self.chosen,
                        i + 1,
                    ))
            } else {
                capitals(i - 1, i)
            }
    }
}

/// The last word of a document type's name (folded), as `số` follows it before a number.
const TYPE_ENDS: [&str; 12] = [
    "dinh", "quyet", "tu", "trinh", "van", "thi", "hoach", "bao", "cao", "dien", "dan", "luan",
];

/// *số* that English OCR read as two digits (`Nghị định 56 118/2021/NĐ-CP`, `Quyết định 36
/// 133/QĐ-TTg`: *s* as 5, 3 or 8, *ố* as 6): such a token between the name of a document's
/// type and its number. A number never stands there, so nothing that was one is changed.
fn so_read_as_digits(text: &str, tokens: &[Token], i: usize, numbers: &[Found]) -> Option<String> {
    let t = &tokens[i];
    let b = &text.as_bytes()[t.start..t.end];
    if !(b.len() == 2 && matches!(b[0], b'3' | b'5' | b'8') && b[1] == b'6') {
        return None;
    }
    let prev = &tokens[i.checked_sub(1)?];
    let type_word =
        TYPE_ENDS.contains(&crate::text::fold_lower(&text[prev.start..prev.end]).as_str());
    (type_word && spaces_between(text, prev, t) && before_number(text, tokens, i, numbers))
        .then(|| "số".to_string())
}

/// A heading's Roman one that English OCR read as a bar (`|. MỤC ĐÍCH`, `|I. NHIỆM VỤ`): at
/// a line's start, bars and ones before a full stop, with at least one bar, become `I`s. The
/// bytes are as many, so offsets stay; each is reported as a change (positions in `original`,
/// whose lines are the same) when `changes` are asked for. Returns how many were mended.
fn bars_as_one(out: &mut String, changes: Option<(&str, &mut Vec<Change>)>) -> usize {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re =
        RE.get_or_init(|| regex::Regex::new(r"(?m)^[ \t]*([|Il1]{0,3}\|[|Il1]{0,3})\.").unwrap());
    let spans: Vec<(usize, usize)> = re
        .captures_iter(out)
        .filter_map(|c| c.get(1))
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut bytes = std::mem::take(out).into_bytes();
    for &(s, e) in &spans {
        bytes[s..e].fill(b'I');
    }
    *out = String::from_utf8(bytes).expect("ASCII replaced by ASCII");
    if let Some((original, changes)) = changes {
        // The same heading in the original: its line and the bar's place in it.
        let starts: Vec<usize> = re
            .captures_iter(original)
            .filter_map(|c| c.get(1))
            .map(|m| m.start())
            .collect();
        for ((s, e), o) in spans.iter().zip(starts) {
            changes.push(Change {
                start: o,
                end: o + (e - s),
                from: original[o..o + (e - s)].to_string(),
                to: out[*s..*e].to_string(),
                // A rule's mend, as a code's or a numeral's written in ([`Replacement::Written`]).
                confidence: Some(1.0),
                alternative: None,
            });
        }
        changes.sort_by_key(|c| c.start);
    }
    spans.len()
}

/// The style of tone placement the input shows, for *uy* (`ủy` old, `uỷ` new) and for *oa*,
/// *oe* (`hòa` old, `hoà` new) apart, as its words in lower and title case show it: a text may
/// write *Ủy ban* and *Cộng hoà* (11 of the realdocs do, 5 the other way round, 2 write both
/// the newer way). Each is old where the input shows neither, as a stripped text: the style
/// most Vietnamese is written in (the training text's Công báo writes *ủy* 1,715 times to
/// *uỷ*'s 22, Wikipedia *hòa* 7,854 times to *hoà*'s 1,046; the realdocs *Ủy* 1,482 times to
/// *Uỷ*'s 18).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Styles {
    uy: Style,
    oa: Style,
}

impl Styles {
    const OLD: Styles = Styles {
        uy: Style::Old,
        oa: Style::Old,
    };

    /// Whether syllable `id` is written the newer way.
    fn newer(&self, model: &Model, id: u32) -> bool {
        if *self == Styles::OLD {
            return false;
        }
        let (letters, _) = model.parts(id);
        let style = if has_uy(letters.iter().map(|l| l.bare)) {
            self.uy
        } else {
            self.oa
        };
        style == Style::New
    }
}

/// Whether letters hold *uy* (the nucleus whose tone the two styles place apart, as they do
/// *oa*'s and *oe*'s).
fn has_uy(mut letters: impl Iterator<Item = char>) -> bool {
    let mut u = false;
    letters.any(|c| {
        let uy = u && c == 'y';
        u = c == 'u';
        uy
    })
}

/// The [`Styles`] the words of the input show.
fn style_in(text: &str, tokens: &[Token]) -> Styles {
    // (old, new) of uy, and of oa / oe.
    let (mut uy, mut oa) = ((0, 0), (0, 0));
    for t in tokens {
        let w = &text[t.start..t.end];
        // Only an open oa / oe / uy with a tone shows the style; look closer at those. (The
        // older style marks the o or the u: no test of the bytes for a bare one.)
        if w.is_ascii() || w.len() > 10 || w.chars().count() > 5 {
            continue;
        }
        // (A word in capitals, a header's formula, shows none: [`Reading::push_restored`].)
        if w.chars().all(|c| !c.is_lowercase()) {
            continue;
        }
        let bare = || {
            w.chars()
                .flat_map(char::to_lowercase)
                .map(|c| letter(c).bare)
        };
        let is_uy = has_uy(bare());
        let mut pairs = bare().zip(bare().skip(1));
        if !is_uy && !pairs.any(|p| matches!(p, ('o', 'a' | 'e'))) {
            continue;
        }
        let Some(style) = style_of(w) else { continue };
        let counts = if is_uy { &mut uy } else { &mut oa };
        match style {
            Style::Old => counts.0 += 1,
            Style::New => counts.1 += 1,
        }
    }
    let of = |(old, new): (u32, u32)| if new > old { Style::New } else { Style::Old };
    Styles {
        uy: of(uy),
        oa: of(oa),
    }
}

/// Whether all that comes before token `t` on its line is a heading's number: digits, dots
/// and a letter or two, no word (`3`, `2.1`, `B.3`, `A1`; not `Mục 3`, `Điều 5`). Looks back
/// over the space and a few bytes of the number alone, so a test of every word of a long line
/// stays linear.
fn after_heading_number(text: &str, t: &Token) -> bool {
    let before = text[..t.start].trim_end_matches([' ', '\t']);
    // A number of more than 8 bytes is none: 9 are enough to tell (`A.A.A.A…` stays linear).
    let tail = &before[before.floor_char_boundary(before.len().saturating_sub(9))..];
    let label_at = before.len() - tail.len()
        + tail
            .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '.')
            .len();
    let b = &before.as_bytes()[label_at..];
    (1..=8).contains(&b.len())
        && b.iter().any(u8::is_ascii_digit)
        && !b
            .windows(2)
            .any(|w| w[0].is_ascii_alphabetic() && w[1].is_ascii_alphabetic())
        && starts_line(text, label_at)
}

/// The lines whose document numbers' codes are restored: the lines restored, and a line of
/// codes alone (`Số: 98/2025/QD-UBND`, no word on it) where most lines of words are.
fn code_lines(tokens: &[Token], seen: &[Seen], restore_line: &[bool]) -> Vec<bool> {
    let mut has_words = vec![false; restore_line.len()];
    for (t, s) in tokens.iter().zip(seen) {
        has_words[t.line] |= s.kind == verdict::Kind::Word;
    }
    let worded = has_words.iter().filter(|w| **w).count();
    let restored = (0..restore_line.len())
        .filter(|&l| has_words[l] && restore_line[l])
        .count();
    (0..restore_line.len())
        .map(|l| restore_line[l] || (!has_words[l] && restored * 2 > worded))
        .collect()
}

/// The words the model's training saw between tokens `a` and `b` of one sentence that the
/// tokens do not have: a comma is a word of the model's (`comma`, its id, where it learned
/// one); another symbol (`/`, `%`, `&`, `+`) is a word of its own ([`model::sentences`]:
/// `người/ngày` is *người*, a symbol, *ngày*), a run of them one word ([`UNK`]), and a symbol
/// joined to a number is that number's word (`50%`, `/2025`).
fn symbols_between(text: &str, a: &Token, b: &Token, comma: Option<u32>) -> Gap {
    let is_number = |t: &Token| !text[t.start..t.end].chars().any(char::is_alphabetic);
    // After a number, a symbol goes on the number's word (training's `in_other`).
    let mut in_other = is_number(a);
    let mut words = SmallVec::new();
    for c in text[a.end..b.start].chars() {
        if let (',', Some(comma)) = (c, comma) {
            words.push(comma);
            in_other = false;
        } else if c.is_whitespace() || matches!(c, ',' | '-' | '–') {
            in_other = false;
        } else if !in_other {
            words.push(UNK);
            in_other = true;
        }
    }
    // A symbol right before a number is the number's word.
    if in_other && words.last() == Some(&UNK) && is_number(b) {
        words.pop();
    }
    words
}

/// Which tokens are unknown words of letters (`HBND`, `BP`: no syllable, no word of the
/// model's; not a Roman numeral, which OCR reads as written: *quý* before `III`), whose
/// coming the decoder does not weigh against the word before them
/// ([`decode::DecodeScratch::flat`]). For OCR'd text: an unknown word there is mostly one OCR
/// garbled, where the model learned one as a foreign name or a rare word, which says much of
/// the word before (*bộ đôi* + a name; OCR's `Bo doi BP` is *Bộ đội*). Typed text keeps that.
fn unheard(text: &str, tokens: &[Token], lattice: &[(u32, Candidates)]) -> Vec<bool> {
    tokens
        .iter()
        .zip(lattice)
        .map(|(t, e)| {
            let w = &text[t.start..t.end];
            let roman = || {
                w.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'))
                    || roman_heading(text, t).is_some()
            };
            e.0 == UNK && e.1.is_none() && w.chars().all(char::is_alphabetic) && !roman()
        })
        .collect()
}

/// The bundled restorer, loaded once for all of the crate's unit tests.
#[cfg(test)]
pub(crate) fn test_restorer() -> &'static Restorer {
    static R: std::sync::OnceLock<Restorer> = std::sync::OnceLock::new();
    R.get_or_init(|| Restorer::load(&dictionaries_dir()).unwrap())
}

impl Restorer {
    /// For looking into a decision (`examples/ocr_readings.rs`): what restoring OCR'd text
    /// makes of one token: whether it is a syllable's shape, and the readings the channel
    /// gives it with their log10 likelihoods.
    #[doc(hidden)]
    pub fn explain_ocr_token(&self, word: &str) -> (bool, Vec<(String, f32)>) {
        let mut s = Scratch::default();
        let seen = self.see(word, &mut s);
        let (readings, _) = self.ocr_readings(&word.to_lowercase());
        let named = readings
            .iter()
            .map(|&(id, sc)| (self.model.written(id, true).to_string(), sc))
            .collect();
        (seen.tone.is_some(), named)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::syllable::{spelled_as_vietnamese, split_tone};

    fn assert_all_in(out: &str, wants: &[&str]) {
        for want in wants {
            assert!(out.contains(want), "{want:?} not in {out}");
        }
    }

    #[test]
    fn a_long_text_goes_in_parts_that_end_at_paragraphs() {
        let para = "Ke hoach thuc hien nghi quyet cua tinh uy.\n".repeat(20_000) + "\n";
        let text = para.repeat(3);
        let got: Vec<&str> = parts(&text).collect();
        assert_eq!(got.concat(), text);
        // Each paragraph is under a part's length: a part ends at the first blank line after
        // PART bytes, so it holds two.
        assert!(para.len() < PART && 2 * para.len() >= PART);
        assert_eq!(got, [&text[..2 * para.len()], &text[2 * para.len()..]]);
        // No blank line: a part ends at the first line break after PART_MAX.
        let lines = "mot dong\n".repeat(PART_MAX / 9 + 10);
        let got: Vec<&str> = parts(&lines).collect();
        assert_eq!(got.len(), 2);
        assert!(got[0].len() >= PART_MAX && got[0].len() < PART_MAX + 9);
        assert!(got[0].ends_with('\n'));
        assert_eq!(parts("").count(), 0);
        // No line feed at all (one long line, or lines that end in a carriage return alone):
        // a line is cut at the last blank before PART_MAX, so no part is much longer.
        for sep in [" ", "\r"] {
            let words = format!("Ke hoach thuc hien{sep}").repeat(PART_MAX / 10);
            let got: Vec<&str> = parts(&words).collect();
            assert_eq!(got.concat(), words);
            assert!(got.len() >= 2 && got.iter().all(|p| p.len() <= PART_MAX));
            assert!(got[0].ends_with([' ', '\r']));
        }
        // Not even a blank: cut at a character's boundary.
        let run = "đ".repeat(PART_MAX);
        let got: Vec<&str> = parts(&run).collect();
        assert_eq!(got.concat(), run);
        assert!(got.iter().all(|p| p.len() <= PART_MAX));
        // A line feed within PART_MAX bytes ends the line as before; the cut is on bytes, the
        // same for a stream.
        assert_eq!(line_end(b"mot dong\nhai"), 9);
        assert_eq!(line_end(b"mot dong"), 8);
    }

    #[test]
    fn parts_restored_one_by_one_put_their_changes_in_the_whole_text() {
        let r = test_restorer();
        let (a, b) = (
            "Ke hoach thuc hien nghi quyet cua tinh uy\n\n",
            "Uy ban nhan dan tinh giao So Tai chinh chu tri\n",
        );
        let whole = r.restore_each([a, b].into_iter(), true, Origin::Typed);
        let text = format!("{a}{b}");
        assert_eq!(whole.text, r.restore(a).text + &r.restore(b).text);
        assert_eq!(
            whole.words_changed,
            r.restore(a).words_changed + r.restore(b).words_changed
        );
        assert!(whole.changes.iter().any(|c| c.start >= a.len()));
        for c in &whole.changes {
            assert_eq!(text[c.start..c.end], c.from, "{c:?}");
        }
    }

    #[test]
    fn unsure_changes_come_with_their_spans_in_the_restored_text() {
        let change = |start: usize, from: &str, to: &str, p: Option<f32>| Change {
            start,
            end: start + from.len(),
            from: from.into(),
            to: to.into(),
            confidence: p,
            alternative: None,
        };
        // `Ke hoach cua tinh` → `Kế hoạch của tính`; the changes in any order.
        let out = Restored {
            text: "Kế hoạch của tính".into(),
            words_changed: 4,
            changes: vec![
                change(13, "tinh", "tính", Some(0.4)),
                change(0, "Ke", "Kế", Some(0.99)),
                change(3, "hoach", "hoạch", None),
                change(9, "cua", "của", Some(0.5)),
            ],
            lines_restored: 1,
        };
        let unsure: Vec<&str> = out
            .unsure(UNSURE)
            .iter()
            .map(|([a, b], _)| &out.text[*a..*b])
            .collect();
        assert_eq!(unsure, ["của", "tính"]);
    }

    /// A symbol between two words is a word of its own to the model, as in training: the
    /// units of a table (`người/ngày`, `lần/năm`) are restored in that context. A slash
    /// with a letter alone on a side is an abbreviation's (`T/M`, `V/v`); a short word beside a
    /// longer one is a word (`bộ/tỉnh`, `án/kế`).
    #[test]
    fn a_symbol_between_words_is_a_word_as_the_model_learned_it() {
        let text = "dong/nguoi/ngay, 50% ngan sach, nam / nam, so 5/2025, tang 3%/nam";
        let (tokens, _) = tokenize(text);
        let gaps: Vec<Vec<u32>> = tokens
            .windows(2)
            .map(|w| symbols_between(text, &w[0], &w[1], Some(7)).to_vec())
            .collect();
        // dong / nguoi / ngay, 50% ngan sach, nam / nam, so 5/2025, tang 3%/nam: a symbol
        // after a number is the number's word; a comma is the model's word (here 7), after a
        // number too.
        let (s, c, o) = (vec![UNK], vec![7], vec![]);
        assert_eq!(
            gaps,
            [&s, &s, &c, &o, &o, &c, &s, &c, &o, &o, &c, &o, &o].map(Vec::clone)
        );
        // A model that learned no comma reads it as a space.
        assert!(symbols_between(text, &tokens[2], &tokens[3], None).is_empty());
        let r = test_restorer();
        for (stripped, want) in [
            // Short on both sides of a slash: an abbreviation, as written.
            ("T/M Uy ban nhan dan", "T/M Ủy ban nhân dân"),
            ("V/v trien khai ke hoach", "V/v triển khai kế hoạch"),
            // A short word beside a long one: words.
            ("du lieu cap bo/tinh", "dữ liệu cấp bộ/tỉnh"),
            ("cho ca nhan/to chuc", "cho cá nhân/tổ chức"),
            ("Muc chi nguoi/ngay", "Mức chi người/ngày"),
            // Two words of two letters: words.
            ("lap du an/ke hoach lien ket", "lập dự án/kế hoạch liên kết"),
            // `so` right before a document number is *số*, whatever came before it.
            (
                "theo Luat Dien luc so 61/2024/QH15",
                "theo Luật Điện lực số 61/2024/QH15",
            ),
            (
                "va Luat Cac to chuc tin dung so\n32/2024/QH15",
                "và Luật Các tổ chức tín dụng số\n32/2024/QH15",
            ),
            ("dinh muc 2 lan/nam", "định mức 2 lần/năm"),
            ("200.000 dong/thang", "200.000 đồng/tháng"),
        ] {
            assert_eq!(
                r.restore(&format!("{stripped}\n")).text,
                format!("{want}\n")
            );
        }
    }

    #[test]
    fn a_tone_the_vietnamese_ocr_dropped_above_a_hat_is_weighed_in_ocr_alone() {
        let r = test_restorer();
        // As OCR with the Vietnamese model reads a scan: every word marked, a few tones set
        // above a hat lost (*tổ chức*, *thẩm quyền*, *chính quyền*, *Hội đồng*, *số*).
        let ocr = "Giao Sở Nội vụ chủ trì, phối hợp với các đơn vị liên quan tô chức thực hiện \
            Kế hoạch này; trường hợp vượt thâm quyền thì báo cáo Chủ tịch Ủy ban nhân dân tỉnh.\n\
            Căn cứ Luật Tổ chức chính quyên địa phương và Nghị quyết sô 12/2025/NQ-HĐND \
            của Hội đông nhân dân tỉnh Tây Lĩnh về tâm nhìn đến năm 2030.\n";
        let out = r.restore_ocr(ocr).text;
        assert_all_in(
            &out,
            &[
                "liên quan tổ chức thực hiện",
                "vượt thẩm quyền thì",
                "chính quyền địa phương",
                "Nghị quyết số 12/2025/NQ-HĐND",
                "của Hội đồng nhân dân tỉnh Tây Lĩnh về tầm nhìn",
                // A word with a hat and no tone that is right as written stays.
                "Ủy ban nhân dân tỉnh.",
                "năm 2030",
            ],
        );
        assert_eq!(out.lines().count(), ocr.lines().count());
        // A word whose marks make no syllable: the hat under the tone lost (`QUYÉT`), or the
        // tone over it (`câp`: no syllable ends in p without one).
        let out = r
            .restore_ocr("Ủy ban nhân dân tỉnh QUYÉT ĐỊNH giao các câp, các ngành thực hiện.\n")
            .text;
        assert_all_in(&out, &["QUYẾT ĐỊNH giao các cấp, các ngành"]);
        // A line restored for one word that makes no syllable (`trắn`): its marked words
        // that are syllables take only the readings their marks fit, not what the English
        // OCR's channel makes of them (*Mèo Được*).
        let out = r
            .restore_ocr(
                "Giao UBND thị trắn Mộ Đức niêm yết công khai danh sách tại trụ sở và nhà văn \
                 hóa các thôn, tổ dân phố; kịp thời báo cáo vê những vướng mắc phát sinh theo \
                 quy đinh s6 12.\n",
            )
            .text;
        assert_all_in(&out, &["thị trấn Mộ Đức niêm yết", "báo cáo về những"]);
        // Typed text keeps its words as written, wrong or not.
        assert_eq!(r.restore(ocr).text, ocr);
        // Correct text OCR'd is left as it is.
        let right = "Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì, phối hợp với các cơ quan \
            liên quan tổ chức thực hiện; trên tinh thần đó, các cấp, các ngành triển khai \
            đồng bộ các giải pháp trọng tâm, bảo đảm tiến độ.\n";
        assert_eq!(r.restore_ocr(right).text, right);
    }

    /// A measure in English OCR's text (`4x4,5 km`, `2x1,8 km`, `x3,9+`) is no word, though
    /// the look-alikes read `4x4` as *xã* (and lost its first digit); `x4` alone, before a
    /// place's name, still is *xã*.
    #[test]
    fn a_measure_in_ocr_text_is_no_word() {
        let r = test_restorer();
        let ocr =
            "Tuyen duong day 4x4,5 km va nhanh re 2x1,8 km, tiet dien 5x0,32+5 x3,9+ 2x40+2x\n";
        let out = r.restore_ocr(ocr).text;
        for m in ["4x4,5 km", "2x1,8 km", "5x0,32+5 x3,9+ 2x40+2x"] {
            assert!(out.contains(m), "{out}");
        }
        let out = r
            .restore_ocr("Thon An Hoi Nam 2, x4 Nghia Ky, huyen Tu Nghia\n")
            .text;
        assert!(out.contains("xã Nghĩa Kỳ"), "{out}");
    }

    /// A unit of measure after a number (`220 kV`, `100 m3`, `20 kg`, `2,4 GHz`) is no word,
    /// though the look-alikes read them as *ko*, *mở*, *kệ*, *Gu*; a word after a number is
    /// restored as ever (`3 ha đất`, `5 ngày`).
    #[test]
    fn a_unit_after_a_number_is_no_word() {
        let ocr = "Duong day 220 kV, cong suat 2x250 MVA, khoi luong 100 m3 dat, nang 20 kg, \
            tan so 2,4 GHz, trong 5 ngay tren 3 ha dat\n";
        assert_ocr_has(
            ocr,
            &[
                "220 kV",
                "2x250 MVA",
                "100 m3 đất",
                "20 kg",
                "2,4 GHz",
                "5 ngày",
                "3 ha đất",
            ],
        );
    }

    /// Restores `ocr` as OCR'd text and asserts that each of `wants` is in what comes out.
    fn assert_ocr_has(ocr: &str, wants: &[&str]) {
        let out = test_restorer().restore_ocr(ocr).text;
        for m in wants {
            assert!(out.contains(m), "{m}: {out}");
        }
    }

    /// A capitalised foreign word beside another in English OCR stays as written (`Smart
    /// Tag`, `Load Switch`, `Audio IC`, `Watch Fit 4 Pro`: the look-alikes read them *Ta*,
    /// *Loa*, *Đười*, *Po*), while the garbled Vietnamese around is restored as ever; so is a
    /// garbled word in lower case beside a foreign name.
    #[test]
    fn a_foreign_name_in_ocr_stays() {
        let ocr = "Thiet bi Samsung Smart Tag 2 gom IC nguon Load Switch va Audio IC, \
            dong ho Huawei Watch Fit 4 Pro 1a thiét bi deo tay 1.82 inch\n";
        assert_ocr_has(
            ocr,
            &[
                "Thiết bị Samsung Smart Tag 2",
                "IC nguồn Load Switch và Audio IC",
                "đồng hồ Huawei Watch Fit 4 Pro là thiết bị đeo tay 1.82 inch",
            ],
        );
    }

    /// Labels and measures of digits and letters stay as written in English OCR (`G3, G4`,
    /// `KT1`, `27g`, `42,9ha`, `Điều 20a`, `Mau 06.docx`: the look-alikes read *Gỗ*, *Gà*,
    /// *KỈ*, *sợ*, *hạ*, *sa*, *doc*), while the channel's own garbles are restored as ever
    /// (`B6`, `1a`, `4m`: *Bộ*, *là*, *âm*), and so is *Số* before a document's number.
    #[test]
    fn labels_and_measures_of_digits_stay() {
        let ocr = "Ma dich vu G2, G3, G4 tai phong KT1, nang 27g, dien tich 42,9ha; \
            bo sung Dieu 20a theo Mau 06.docx cua B6 Tai chinh 1a phat 4m thanh\n\
            Can cu Nghi dinh S61 01/2024/ND-CP cua Chinh phu\n";
        assert_ocr_has(
            ocr,
            &[
                "G2, G3, G4",
                "KT1",
                "nặng 27g",
                "42,9ha",
                "Điều 20a",
                "06.docx",
                "Bộ Tài chính là phát âm thanh",
                "Số 01/2024",
            ],
        );
    }

    /// A province's name in a table of English OCR, a cell alone on its line after a number,
    /// is the province's (*Quảng Ninh*, *Tây Ninh*, *Lai Châu*: the look-alikes and a line
    /// read as a name alone had made *Quan Ninh*, *Từ Ninh*, *Lại Châu*); the same letters
    /// after a surname are a person's given names, left to the decoder; so is `Phủ Thủ tướng`,
    /// a vowel off *Phú Thọ*, and a web address stays as written.
    #[test]
    fn a_province_in_a_table_is_the_province() {
        let ocr = "STT Tinh Ty le\n\n1154\n99,65\n\nQuang Ninh\n\n1219\n\nTay Ninh\n\n1098\n\n\
            Lai Chau\n\n1146\n\nPhu Thu tuong giao Bo Noi vu tai dichvucong.gov.vn\n";
        assert_ocr_has(
            ocr,
            &[
                "Quảng Ninh",
                "Tây Ninh",
                "Lai Châu",
                "Phủ Thủ tướng",
                "dichvucong.gov.vn",
            ],
        );
    }

    /// The style of tone placement is the input's for *uy* and for *oa* apart (`hoà` says
    /// nothing of *Ủy ban*), and a word in the older style counts for it (its o or u marked).
    #[test]
    fn the_style_of_uy_and_of_oa_are_each_the_inputs() {
        let r = test_restorer();
        let ocr = "Uy ban nhan dan, hoa don va thuy loi, hoà giải\n";
        assert_eq!(
            r.restore_ocr(ocr).text,
            "Ủy ban nhân dân, hoá đơn và thủy lợi, hoà giải\n"
        );
        let ocr = "Cộng hòa, hòa giải, hoà\nhoa don va thuy loi\n";
        assert_eq!(
            r.restore_ocr(ocr).text,
            "Cộng hòa, hòa giải, hoà\nhóa đơn và thủy lợi\n"
        );
    }

    #[test]
    fn a_label_of_digits_and_a_capital_is_no_word() {
        let out = test_restorer()
            .restore("Cac dia phuong bao cao theo Phu luc so 1A, 1B va 3A cua Bo Noi vu\n")
            .text;
        assert_eq!(
            out,
            "Các địa phương báo cáo theo Phụ lục số 1A, 1B và 3A của Bộ Nội vụ\n"
        );
    }

    /// A procedure's code (`1.003901.H42`) in a list of them: neither a word English OCR
    /// garbled (its look-alikes had made it *Hà*) nor a sign that the text is OCR's.
    #[test]
    fn a_piece_of_a_code_is_no_word() {
        let row = |code: &str| format!("Thu tuc cap giay phep hanh nghe tu bo di tich ({code})\n");
        let text: String = ["1.003901.H42", "1.001822.H42", "2.001641.H42"]
            .map(row)
            .concat();
        let out = test_restorer().restore(&text).text;
        assert_eq!(out.matches(".H42)").count(), 3, "{out}");
        assert!(
            out.contains("Thủ tục cấp giấy phép hành nghề tu bổ di tích"),
            "{out}"
        );
        let text = "ma B12-3 va 1.0.H42, S86: so X34 hoi";
        let (tokens, _) = tokenize(text);
        let code: Vec<&str> = tokens
            .iter()
            .filter(|t| in_code(text, t))
            .map(|t| &text[t.start..t.end])
            .filter(|w| w.contains(char::is_alphabetic))
            .collect();
        assert_eq!(code, ["B12", "H42"]);
    }

    #[test]
    fn what_english_ocr_does_to_letters_numerals_and_codes_is_mended() {
        let r = test_restorer();
        let ocr = "PANG CONG SAN VIET NAM\n|. MUC DICH YEU CAU\n\
            Ban Thudng vu Pang uy tinh ban hanh K¢ hoach thuc hién nhi¢ém vu\n\
            Nghi quyét s6 57-NQ/TW ciia B§ Chinh tri; bao cao quy I11/2025 va quy 1V/2025\n\
            Thong bao sd 07-TB/CQTTBCP va Quy dinh so 204-QB/TW\n";
        let out = r.restore(ocr).text;
        assert_all_in(
            &out,
            &[
                "ĐẢNG CỘNG SẢN VIỆT NAM",
                "\nI. MỤC ĐÍCH YÊU CẦU",
                "Đảng",
                "Kế hoạch thực hiện nhiệm vụ",
                "của Bộ Chính trị",
                "quý III/2025 và quý IV/2025",
                "07-TB/CQTTBCĐ",
                "204-QĐ/TW",
            ],
        );
        // *số* read as two digits before a number; a count before a number stays.
        let out = r
            .restore("Can cu Nghi dinh 56 118/2021/ND-CP ngay 23/12/2021 va Quyét dinh 36 133/QD-TTg\ntai 56 xa, 36 133 ho\n")
            .text;
        assert!(out.contains("Nghị định số 118/2021/"), "{out}");
        assert!(out.contains("Quyết định số 133/"), "{out}");
        assert!(out.contains("56 xã, 36 133 "), "{out}");
        // So where the page wraps the number to the next line.
        let out = r
            .restore("Can cu khoan 6 Dieu 116 Luat Dat dai; Dieu 44 Nghi dinh 56\n102/2024/ND-CP ngay 30/7/2024 cua Chinh phu va Luat Cac t6 chitc tin dung so\n32/2024/QH15 ngay 29/6/2024;\n")
            .text;
        assert!(out.contains("Nghị định số\n102/2024/"), "{out}");
        assert!(out.contains("tín dụng số\n32/2024/"), "{out}");
        // *ở* read as 6 among words; a number where the words call for one stays.
        let out = r
            .restore(
                "Nghi quyét s6 57 ciia B§ Chinh tri vé nha 6 cho hd nghéo, tai khoan 6 Diéu 14\n",
            )
            .text;
        assert!(out.contains("nhà ở cho hộ nghèo"), "{out}");
        assert!(out.contains("khoản 6 Điều 14"), "{out}");
        // *là* read as 14; counts of households, communes and months stay.
        let out = r
            .restore(
                "Nghi quyét s6 57 ciia B§ Chinh tri, dac biét 14 céng tac kiém tra.\n\
                 Hién con 6 hé ngheo, 14 hé can ngheo; c6 6 x4 dat chuan trong 6 thang.\n",
            )
            .text;
        assert!(out.contains("đặc biệt là công tác"), "{out}");
        assert!(
            out.contains("còn 6 hộ nghèo, 14 hộ cận nghèo; có 6 xã đạt chuẩn trong 6 tháng"),
            "{out}"
        );
        // A symbol written for a marked vowel inside a word is one of its letters.
        let out = r
            .restore("Nghi quyét s6 57 ciia B§ Chinh tri\n1. S@ Tai nguyén va Méi truong hudng d&n ngu@i dan\n")
            .text;
        assert!(out.contains("Sở Tài nguyên và Môi trường"), "{out}");
        assert!(out.contains("hướng dẫn người dân"), "{out}");
        // Two abbreviations joined by `&` are each an abbreviation, strokes and all.
        let out = r
            .restore("Doan DBQH&HDND tinh bao cao ve viec trien khai cong tac nam 2025\n")
            .text;
        assert!(out.contains("Đoàn ĐBQH&HĐND tỉnh"), "{out}");
        // An abbreviation's lost stroke comes back (`HDND`, and `BCD`, `DBQH`, which the model
        // learns from a few dozen sightings), and is context for its neighbours; one the model
        // does not know stays as written (`KDX`).
        let out = r
            .restore("Chu tich HDND tinh, Truong BCD 389 tinh, Doan DBQH va phong KDX bao cao\n")
            .text;
        assert!(out.contains("Chủ tịch HĐND tỉnh"), "{out}");
        assert!(out.contains("BCĐ 389"), "{out}");
        assert!(out.contains("Đoàn ĐBQH và"), "{out}");
        assert!(out.contains(" KDX "), "{out}");
        // Abbreviations stay: `UBND`, `KGVX`, `PC`.
        let out = r
            .restore("Nghi quyét s6 57 ciia UBND tinh, Ban PC, KGVX\n")
            .text;
        assert!(out.contains("UBND tỉnh, Ban PC, KGVX"), "{out}");
        // A heading's numeral read with ones is the numeral, not the syllable *ii*; a capital
        // Ơ, Ọ or Ợ read as Q is that vowel, where the abbreviations with a Q stay.
        let out = r
            .restore(
                "Nghi quyét s6 57 ciia B§ Chinh tri
Il. PHAM VI DIEU CHINH, DOI TUQNG AP DUNG
Ill. TEN GQI CUA BQL, MTQG
Hoi déng BQT va BCĐ cua BQP, CHQ
",
            )
            .text;
        assert!(
            out.contains("\nII. PHẠM VI ĐIỀU CHỈNH, ĐỐI TƯỢNG ÁP DỤNG\n"),
            "{out}"
        );
        assert!(out.contains("\nIII. TÊN GỌI CỦA BQL, MTQG\n"), "{out}");
        // A Q that would be the word's one vowel is an abbreviation's (not *bột*, *bóp*,
        // *cho*), and so is a word with a Đ whose letters make no syllable (not *bộ*).
        assert!(
            out.contains("\nHội đồng BQT và BCĐ của BQP, CHQ\n"),
            "{out}"
        );
        // So is the horn of an ƯƠ read as a G (`DUGC`, `NUGC`, `UOGNG`).
        let out = r
            .restore(
                "Nghi quyét s6 57 ciia B§ Chinh tri
DANH MUC THU TUC HANH CHINH DUGC SUA DOI
NGAN SACH NHA NUGC; BAN CHAP HANH TRUNG UOGNG
",
            )
            .text;
        assert!(
            out.contains("\nDANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI\n"),
            "{out}"
        );
        assert!(
            out.contains("NGÂN SÁCH NHÀ NƯỚC; BAN CHẤP HÀNH TRUNG ƯƠNG"),
            "{out}"
        );
        // And a capital O with a hook or a dot as a G, the word's one vowel (`SG`, `BG`).
        let out = r
            .restore(
                "Nghi quyét s6 57 ciia BG truéng BO Tu phap
THAM QUYEN GIAI QUYET CUA SG GIAO DUC VA DAO TAO
THU TUC HANH CHINH MGI BAN HANH, CUA KGVX, GTGT
KHONG PHU THUOC DIA GIGI HANH CHINH
KT. TRUGNG
NHA NUGC GIAO NHIEM VU 6 CAP THANH PHO
",
            )
            .text;
        assert!(out.contains("của Bộ trưởng Bộ Tư pháp\n"), "{out}");
        assert!(out.contains("CỦA SỞ GIÁO DỤC VÀ ĐÀO TẠO"), "{out}");
        // (And between a consonant, or the onset GI, and a vowel, `MGI`, `GIGI`;
        // abbreviations stay.)
        assert!(
            out.contains("THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH, CỦA KGVX, GTGT"),
            "{out}"
        );
        assert!(out.contains("ĐỊA GIỚI HÀNH CHÍNH"), "{out}");
        // A line whose one word is such a misread is restored, whatever else it holds (the
        // reading, *trưởng* or *trường*, the lines around decide).
        assert!(!out.contains("TRUGNG"), "{out}");
        // A word read from a figure between words in capitals (`VU 6 CAP`) is in capitals.
        assert!(out.contains("NHIỆM VỤ Ở CẤP THÀNH PHỐ"), "{out}");
        // English OCR reads an abbreviation's Đ as B or P too (`HBND`, `HPND`: *HĐND*); a
        // short one the model does not know stays (`BP`, not *BĐ*); one in capitals between
        // words that are not stays in capitals (`của BCD tỉnh`, where `BO` would be *Bộ*).
        let out = r
            .restore("Nghi quyét s6 57 ciia HBND tinh, Doan DBQH va HPND tinh, ciia BCD tinh va Doan BP bao cao\n")
            .text;
        assert!(out.contains("của HĐND tỉnh"), "{out}");
        assert!(out.contains("và HĐND tỉnh"), "{out}");
        assert!(out.contains("của BCĐ tỉnh"), "{out}");
        assert!(out.contains("Đoàn BP báo cáo"), "{out}");
        // `¥` beside a letter is one of the word's letters: `k¥` is *kỹ*.
        let out = r
            .restore("Nghi quyét s6 57 ciia B§ Chinh tri vé nang cao k¥ nang ung phé\n")
            .text;
        assert!(out.contains("kỹ năng"), "{out}");
        // So is a pound sign, for an E with a hat and a tone: `Quy£t` is *Quyết*.
        let out = r
            .restore("Can cu Quy£t dinh s6 12/QD-UBND ciia UBND huy£n ve k£ hoach\n")
            .text;
        assert!(
            out.contains("Quyết định số 12/QĐ-UBND của UBND huyện về kế hoạch"),
            "{out}"
        );
        // And a dollar sign after a letter, for an O, E or Y with its marks (another engine's):
        // `nghi$p` is *nghiệp*, `H$` *Hộ*, `n$i` *nội*.
        let out = r
            .restore("cac Khu cong nghi$p va H$ kinh doanh thuc hién cac n$i dung ciia s6 12\n")
            .text;
        assert!(
            out.contains("các Khu công nghiệp và Hộ kinh doanh thực hiện các nội dung"),
            "{out}"
        );
        // A q whose tail the scan lost is read as g: `chinh guyén` is *chính quyền*.
        let out = r
            .restore("Can cu Luat T6 chirc chinh guyén dia phuong ngay 19/6/2015\n")
            .text;
        assert!(out.contains("chính quyền địa phương"), "{out}");
        // An S read as a 5: `thong 56` is *thông số*.
        let out = r
            .restore("Nghi quyét s6 57 ciia B§ Chinh tri\nnuéc thai chan nudi, he s6 = 0,6; thong 56 tuong ung voi hanh vi vi pham\n")
            .text;
        assert!(out.contains("thông số tương ứng"), "{out}");
        // A formula's symbols stay as written (not *Ko*, *Kỹ*).
        let out = r
            .restore("Nghi quyét s6 57 ciia B§ Chinh tri\nnuéc thai chan nudi, hé s6 Kq = 0,6, Kf = 1,3; thong 56 tuong ung\n")
            .text;
        assert!(out.contains("hệ số Kq = 0,6, Kf = 1,3;"), "{out}");
        // `$` that starts a word before a letter or a 6 is a capital S (`$6`, *Sở*); a price
        // stays.
        let out = r
            .restore("Nghi quyét s6 57 ciia B§ Chinh tri; Giam déc $6 Tu phap, gia $196\n")
            .text;
        assert!(out.contains("Giám đốc Sở Tư pháp, giá $196"), "{out}");
        // A letter too many leaves a syllable, never a word the model knows that is none:
        // `Preview` is not `Review`, `tet` not *TT*.
        let out = r
            .restore(
                "Nghi quyét s6 57 ciia B§ Chinh tri; Image Preview gitip xem truéc cac tap tin\n",
            )
            .text;
        assert!(out.contains("Image Preview giúp xem trước"), "{out}");
    }

    #[test]
    fn typed_text_keeps_what_the_typist_wrote() {
        let r = test_restorer();
        // Table cells, names, units, English and abbreviations in a typed document.
        let typed = "Diện tích trồng tập trung của các xã trên địa bàn tỉnh được thống kê \
            theo từng loại cây trồng chính như sau:\nHa\n61\nCon\nMỏ Tả Phời\n\
            Nhà sản xuất: Huawei Device Co., Ltd\n4x4,5 km\nlần thứ 03 (ba).\n\
            - Ban PC, Ban NVT;\n- Lưu: VT.\n\
            Fung, Yuan-cheng; Tong, Pin (2001). Classical and computational solid mechanics. \
            Volume 1 of Advanced series in engineering science. World Scientific. tr. 66–96.\n";
        let out = r.restore(typed);
        assert_eq!(out.text, typed);
        assert_eq!(out.words_changed, 0);
        // A plainly stripped paragraph inside a typed text is restored.
        let typed = format!(
            "{typed}Sở Tài chính chủ trì, phối hợp với các sở, ngành và Ủy ban nhân dân cấp xã \
             tổ chức thực hiện, định kỳ báo cáo kết quả về Ủy ban nhân dân tỉnh.\n"
        );
        let mixed = format!(
            "{typed}Uy ban nhan dan tinh giao So Tai chinh chu tri thuc hien ke hoach nay.\n"
        );
        let out = r.restore(&mixed);
        assert!(
            out.text
                .contains("ban nhân dân tỉnh giao Sở Tài chính chủ trì thực hiện kế hoạch"),
            "{}",
            out.text
        );
        assert!(out.text.starts_with(&typed));
    }

    #[test]
    fn a_typed_texts_capitals_lose_a_misread_tone_only_where_the_decoder_is_sure() {
        let r = test_restorer();
        // A Vietnamese engine's text file, read as typed: its capitals carry misread tones
        // (*BỔ SUNG*, *THẨM QUYỀN*, *PHẠM VI*, *THÀNH PHỐ*), its lower case is as written.
        let text = "QUYẾT ĐỊNH\nVỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH SỬA ĐỔI, BỐ SUNG \
            THUỘC PHAM VI, THẤM QUYỀN GIẢI QUYẾT CỦA ỦY BAN NHÂN DÂN THÀNH PHÔ TÂY LĨNH\n\
            VỀ THÍ ĐIỄM CHÍNH SÁCH PHÁT TRIẾN KINH TẾ\n\
            Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n";
        let out = r.restore(text);
        assert_all_in(
            &out.text,
            &[
                "SỬA ĐỔI, BỔ SUNG",
                "THUỘC PHẠM VI, THẨM QUYỀN GIẢI QUYẾT",
                "THÀNH PHỐ TÂY LĨNH",
                // (Marks no syllable has: weighed against those they fit.)
                "VỀ THÍ ĐIỂM CHÍNH SÁCH PHÁT TRIỂN KINH TẾ",
                "Căn cứ Luật Tổ chức chính quyền",
            ],
        );
        // Capitals right as written stay, a name's with them; so does a word in lower or title
        // case.
        let text = "ỦY BAN NHÂN DÂN XÃ MỎ TẢ PHỜI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
            Độc lập - Tự do - Hạnh phúc\nKẾ HOẠCH\nTriển khai thi đua năm 2026 ở Mỏ Tả Phời\n";
        let out = r.restore(text);
        assert_eq!(out.text, text);
    }

    #[test]
    fn letters_spelled_out_stay_as_they_are() {
        let r = test_restorer();
        let text = "Do gian no nhiet duoc tinh theo cong thuc t h e r m a l = a L, voi M b o l la do sang.\n";
        let out = r.restore(text).text;
        assert_all_in(&out, &[" t h e r m a l = ", " M b o l là độ sáng"]);
        assert!(
            out.starts_with("Độ giãn nở nhiệt được tính theo công thức"),
            "{out}"
        );
    }

    #[test]
    fn a_code_that_lost_its_stroke_with_the_marks_gets_it_back() {
        let r = test_restorer();
        // A line of the number alone follows the text's lines of words.
        let stripped = "So:\n98/2025/QD-UBND\n\
            Can cu Nghi dinh so 08/2016/ND-CP ngay 25/01/2016 cua Chinh phu va Nghi quyet \
            so 37/2023/NQ-HDND cua Hoi dong nhan dan tinh;\n\
            Thuc hien Huong dan so 12/HD-UBND cua Uy ban nhan dan tinh ve viec nay.\n\
            Tiep tuc thuc hien Ke hoach so 119/KH-BCD389QNg cua Ban Chi dao 389 tinh.\n";
        let out = r.restore(stripped).text;
        assert_all_in(
            &out,
            &[
                "Số:\n98/2025/QĐ-UBND\n",
                "số 08/2016/NĐ-CP ngày",
                "số 37/2023/NQ-HĐND của",
                // `HD` is hướng dẫn, `HĐ` hợp đồng: the letters do not tell, so as written.
                "số 12/HD-UBND của",
                // A board's code, with its programme's number and its province's letters.
                "số 119/KH-BCĐ389QNg của",
            ],
        );
        // Typed, the same code stays as the typist wrote it.
        let typed = "Căn cứ Nghị định số 08/2016/ND-CP ngày 25/01/2016 của Chính phủ quy định \
            về việc thực hiện các nhiệm vụ được giao trên địa bàn tỉnh.\n";
        assert_eq!(r.restore(typed).text, typed);
    }

    #[test]
    fn marks_of_another_alphabet_are_read_as_english_ocrs() {
        let r = test_restorer();
        let verdict = |text: &str| {
            let (tokens, _) = tokenize(text);
            let seen = r.see_all(text, &tokens, &mut Scratch::default());
            latin_marks(&r.model, &r.channel, text, &tokens, &seen)
        };
        // Portuguese OCR of a plan: á, ê, ô, ã, and no letter only Vietnamese has.
        let por = "Thuc hiên Nghi quyét só 91-NQ/TW cúa Ban Cháp hânh Trung uong Dâng, Ban \
            Thuông vu Tinh úy xãy dung Ké hoach thuc hiên nhu sau: quán triêt sãu sác Nghi \
            quyét dén cán bô, dáng viên và nhân dân; cu thé hóa thânh các chi tiêu phù hop \
            vói diêu kiên cúa tinh; tô chúc thuc hiên; hô tro nông dân.\n";
        assert!(verdict(por));
        assert_eq!(
            r.restore(por).text.lines().next().unwrap(),
            "Thực hiện Nghị quyết số 91-NQ/TW của Ban Chấp hành Trung ương Đảng, Ban \
            Thường vụ Tỉnh ủy xây dựng Kế hoạch thực hiện như sau: quán triệt sâu sắc Nghị \
            quyết đến cán bộ, đảng viên và nhân dân; cụ thể hóa thành các chỉ tiêu phù hợp \
            với điều kiện của tỉnh; tổ chức thực hiện; hỗ trợ nông dân."
        );
        // English OCR writes é, which the channel reads; typed Vietnamese has its own
        // letters; a French text's words are no syllables.
        let eng = "Thuc hién Nghi quyét s6 91-NQ/TW ciia Ban Chéap hanh Trung wong Dang, Ban \
            Thudng vu Tinh uy xay dung Ké hoach thuc hién nhu sau: quan triét sau séc Nghi \
            quyét dén can b6, dang vién va nhan dan; cu thé héa thanh cac chi tiéu phu hop \
            vdi diéu kién ctia tinh; té chtic thuc hién; hé tro néng dan; dé nghi; bé tri.\n";
        assert!(!verdict(eng));
        let typed = "Thực hiện Nghị quyết số 91-NQ/TW của Ban Chấp hành Trung ương Đảng, Ban \
            Thường vụ Tỉnh ủy xây dựng Kế hoạch thực hiện như sau: quán triệt sâu sắc Nghị \
            quyết đến cán bộ, đảng viên và nhân dân; cụ thể hóa thành các chỉ tiêu phù hợp.\n";
        assert!(!verdict(typed));
        let french = "Le comité a été créé en vertu de la résolution adoptée par l'assemblée \
            générale; les délégués réunis à Genève ont élu le président et les membres du \
            bureau, et ils ont approuvé le règlement intérieur présenté par le secrétariat, \
            après un débat très animé sur la procédure à suivre pour les élections.\n";
        assert!(!verdict(french));
        // Nor is stripped text that quotes words of other scripts (a letter beyond Latin-1,
        // but none of Vietnamese's, as another engine's `ı`).
        let quoting = "Thu do cua Trung Quoc (中国) la thanh pho lon nhat ve chinh tri va van \
            hoa cua nuoc nay trong nhieu the ky. "
            .repeat(25);
        assert!(!verdict(&quoting));
        // Nor is it restored, nor an English one.
        assert_eq!(r.restore(french).text, french);
        let english = "The committee was established under the resolution adopted by the \
            general assembly; the delegates met in Geneva and elected the president.\n";
        assert_eq!(r.restore(english).text, english);
    }

    #[test]
    fn a_word_another_alphabet_garbled_counts_for_its_line_not_against_it() {
        let r = test_restorer();
        // French OCR: `ngèy` and `tuéng` are no syllables once their marks are gone, but the
        // engine's garbles of *ngày* and *tướng*; a line with two of them among seven words
        // is restored with the others. A reference in English is left as it is.
        let fra = "Thuc hiên Nghi quyét só 91-NQ/TW cúa Ban Cháp hânh Trung uong Dâng, Ban \
            Thuông vu Tinh úy xãy dung Ké hoach thuc hiên nhu sau: quán triêt sãu sác Nghi \
            quyét dén cán bô, dáng viên và nhân dân; tô chúc thuc hiên; hô tro nông dân.\n\
            sé 21/2024/QD-TTg ngèy 22/11/2024 cüa Thü tuéng Chinh phü; kip thoi\n\
            Tong, Pin (2001). Classical and computational mechanics, second edition.\n";
        let out = r.restore(fra).text;
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines[1].ends_with("của Thủ tướng Chính phủ; kịp thời"),
            "{}",
            lines[1]
        );
        assert_eq!(lines[2], fra.lines().nth(2).unwrap());
    }

    #[test]
    fn a_dotless_i_is_an_i_and_after_it_or_a_u_an_r_is_the_horn_of_a_u() {
        let r = test_restorer();
        // German OCR: ä, ö, ü for the marked vowels, `ır` and `ür` for ư (`thırc`, `dır`,
        // `tür`); the dotless ı is no letter of Vietnamese's, nor does it make the text typed.
        let deu = "Thırc hien Nghi quyet sö 91-NQ/TW cüa Ban Chäp hänh Trung uong Däng, Ban \
            Thuöng vu Tinh üy xäy dung Kë hoach thırc hien nhu sau: quän triet säu säc Nghi \
            quyet den cän bö, däng vien vä nhän dän; tö chırc thırc hien dır än; hö tro tür \
            ngän säch.\n";
        assert_eq!(
            r.restore(deu).text,
            "Thực hiện Nghị quyết số 91-NQ/TW của Ban Chấp hành Trung ương Đảng, Ban \
            Thường vụ Tỉnh ủy xây dựng Kế hoạch thực hiện như sau: quán triệt sâu sắc Nghị \
            quyết đến cán bộ, đảng viên và nhân dân; tổ chức thực hiện dự án; hỗ trợ từ \
            ngân sách.\n"
        );
        // A line with a few fragments OCR left (`m`, `chic`, `Nehi`) is restored with the
        // others.
        let line = "quy trinh, thu tuc bau, miën nhiem, bäi nhi&m, di&u döng, cäch chic \
            thänh vien UBND; Nehi dinh sö 08/2016/ND-CP ngäy 25/01/2016.\n";
        let out = r.restore(&format!("{deu}{line}")).text;
        assert!(out.contains("thành viên"), "{out}");
        // A name with one, in typed text, stays as it is.
        let typed = "Cầu thủ Kubilay Türkyılmaz ghi 34 bàn trong 60 lần thi đấu cho đội tuyển.\n";
        assert_eq!(r.restore(typed).text, typed);
    }

    #[test]
    fn a_vowel_another_engine_wrote_twice_is_read_once() {
        let r = test_restorer();
        // Portuguese and Spanish OCR write a marked vowel twice, each with a mark (`HOÔA`,
        // `NHÂÁN`, `QUÀÂNG`): in capitals, no abbreviation, though no syllable as written.
        let por = "ỦY BAN NHÂÁN DÂN CONG HOÔA XÃ HÔI CHÚ NGHIA VIÊÉT NAM\nTÍNH QUÀÂNG NGÃI\n\
            Thuc hiên Nghi quyét só 91-NQ/TW cúa Ban Cháp hânh Trung uong Dâng, Ban \
            Thuông vu Tinh úy xãy dung Ké hoach thuc hiên nhu sau: quán triêt sãu sác Nghi \
            quyét dén cán bô, dáng viên và nhân dân; tô chúc thuc hiên; hô tro nông dân.\n";
        let out = r.restore(por).text;
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            &lines[..2],
            [
                "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "TỈNH QUẢNG NGÃI"
            ]
        );
        // So in a short text whose other words are Vietnamese's (the line is restored).
        assert_eq!(
            r.restore("ỦY BAN NHÂÁN DÂN TỈNH\n").text,
            "ỦY BAN NHÂN DÂN TỈNH\n"
        );
        // A vowel twice that is a syllable as written stays (`cứu`, `xoong`), unless the
        // first of the two is marked, which no spelling does (`TÓó`, `CÓONG`; not `cúu`).
        assert_eq!(r.vowel_once("cuu"), None);
        assert_eq!(
            r.marked_first_once("CÓONG", "coong").as_deref(),
            Some("cong")
        );
        assert_eq!(r.marked_first_once("cúu", "cuu"), None);
        assert_eq!(r.vowel_once("hooa").as_deref(), Some("hoa"));
        // A vowel twice with two tones (Vietnamese OCR's `BỐỒ`) is the vowel once, its tone
        // the one the words around it call for.
        let ocr = "VỀ VIỆC CÔNG BỐỒ DANH MỤC THỦ TỤC HÀNH CHÍNH\nSỬA ĐỔI, BỔỐ SUNG, BÃI BỎ\n";
        assert_eq!(
            r.restore_ocr(ocr).text,
            "VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH\nSỬA ĐỔI, BỔ SUNG, BÃI BỎ\n"
        );
        assert_eq!(
            verdict::toned_pair_once("BỐỒ"),
            Some(("BÔ".to_string(), true))
        );
        assert_eq!(verdict::toned_pair_once("bổ"), None);
        assert_eq!(verdict::toned_pair_once("hóà"), None);
        // So with one of the two toned (`ĐIÊỄM`, `PHẠAM`), where the word is no syllable.
        let ocr = "THÍ ĐIÊỄM MỘT SỐ CƠ CHẾ THUỘC PHẠAM VI QUẢN LÝ\nquần soóc\n";
        assert_eq!(
            r.restore_ocr(ocr).text,
            "THÍ ĐIỂM MỘT SỐ CƠ CHẾ THUỘC PHẠM VI QUẢN LÝ\nquần soóc\n"
        );
    }

    #[test]
    fn the_letter_after_d_in_a_list_is_d_with_its_stroke() {
        let r = test_restorer();
        let text =
            "c) Phoi hop thuc hien;\nd) Dinh ky danh gia;\nd) Phan dau bo tri;\ne) Trien khai.\n";
        assert_eq!(
            r.restore(text).text,
            "c) Phối hợp thực hiện;\nd) Định kỳ đánh giá;\nđ) Phấn đấu bố trí;\ne) Triển khai.\n"
        );
        // Only at a line's start, after a `d)` that started a line.
        let (tokens, _) = tokenize("d) x\nvà d) y\nd) z\n");
        assert_eq!(
            list_letters("d) x\nvà d) y\nd) z\n", &tokens),
            [false, false, false, false, false, true, false]
        );
        // In a run of letters, and a table's cells, a letter alone on a line.
        let flags = |text: &str| {
            let (tokens, _) = tokenize(text);
            list_letters(text, &tokens).iter().filter(|f| **f).count()
        };
        assert_eq!(flags("tai diem c, d, d, e khoan 4"), 1);
        assert_eq!(flags("quy dinh tai diem d va diem d khoan 1"), 1);
        assert_eq!(flags("cac diem a, b, c, d va d"), 1);
        assert_eq!(flags("c\nNhom 3\nd\nNhom 4\nd\nNhom 5\n"), 1);
        // Two points d of two articles; a letter after a word; letters apart.
        assert_eq!(flags("diem d khoan 1 Dieu 5 va diem d khoan 2"), 0);
        assert_eq!(flags("diem d khoan 1, d khoan 2"), 0);
        assert_eq!(flags("vitamin d d"), 0);
        assert_eq!(
            r.restore("quy dinh tai diem c, d, d va e khoan 4 Dieu 7\n")
                .text,
            "quy định tại điểm c, d, đ và e khoản 4 Điều 7\n"
        );
    }

    #[test]
    fn roman_headings_read_with_digits() {
        let text = "I11. TO CHUC THUC HIEN\n Il. Muc tieu\nI1 ngay\n111. x\nVI. y\n";
        let (tokens, _) = tokenize(text);
        let got: Vec<Option<String>> = tokens.iter().map(|t| roman_heading(text, t)).collect();
        assert_eq!(got[0].as_deref(), Some("III"));
        let il = tokens
            .iter()
            .position(|t| &text[t.start..t.end] == "Il")
            .unwrap();
        assert_eq!(got[il].as_deref(), Some("II"));
        let rest: Vec<&str> = tokens
            .iter()
            .zip(&got)
            .filter(|(_, g)| g.is_some())
            .map(|(t, _)| &text[t.start..t.end])
            .collect();
        assert_eq!(rest, ["I11", "Il"]); // not `I1 ngay` (no stop), `111.`, `VI.`
    }

    #[test]
    fn a_line_too_short_to_tell_follows_the_text() {
        let r = test_restorer();
        let stripped = "Noi nhan:\n- Cac so, ban, nganh tinh;\n- Luu: VT, KGVX(HTHT).\n";
        assert!(
            r.restore(stripped).text.contains("- Lưu: VT, KGVX(HTHT)."),
            "{}",
            r.restore(stripped).text
        );
        // The same line in text with its marks, or alone, is left as it is.
        let marked = "Nơi nhận:\n- Các sở, ban, ngành tỉnh;\n- Luu: VT, KGVX(HTHT).\n";
        assert_eq!(r.restore(marked).text, marked);
        assert!(!r.needs_restoring("- Luu: VT, KGVX(HTHT)."));
        // Lines without words are not counted as restored.
        assert_eq!(r.restore("Ke hoach so 57\n\n").lines_restored, 1);
    }

    #[test]
    fn a_capital_after_a_word_in_lower_case_is_evidence() {
        let r = test_restorer();
        assert!(!r.capitals.is_empty());
        let input = "Cac don vi gui bao cao ve So Khoa hoc va Cong nghe de tong hop.\n";
        let out = r.restore(input);
        assert!(
            out.text.contains("về Sở Khoa học và Công nghệ"),
            "{}",
            out.text
        );
        // The table's evidence: after a word in lower case, *Sở* (a department) is written
        // with a capital far more often than *số* (a number) is. (The model trained on the
        // genre's text reads this sentence right without it; the model trained on Wikipedia
        // alone took *Số Khoá học*.)
        let (so, so_dept) = (r.model.id("số").unwrap(), r.model.id("sở").unwrap());
        assert!(r.capitals[so_dept as usize] > r.capitals[so as usize] + 1.0);
        // At a line's start a capital says nothing: the language model decides alone.
        let out = r.restore("So lieu bao cao hang thang\n");
        assert!(out.text.starts_with("Số liệu"), "{}", out.text);
    }

    #[test]
    fn an_ocr_token_may_have_a_letter_too_many_though_seen_whole() {
        // `tty` was seen only for *từ*; with a letter left out it is `ty`, often *ủy*.
        let r = test_restorer();
        assert_eq!(
            r.restore("ctia Ban Thudng vu Tinh tty thuc hién Nghi quyét s6 57-NQ/TW\n")
                .text,
            "của Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết số 57-NQ/TW\n"
        );
    }

    #[test]
    fn an_ocr_token_may_stand_for_a_rare_syllable_its_phrase_needs() {
        // `dén` is *đến*, *để*, *đề*… by its letters and how common they are, *đán* only
        // further down; in `Tết Nguyên dén` the phrase settles it.
        let r = test_restorer();
        let out = r
            .restore("cac bién phap bao dam dén Tét Nguyén dén Nham Dan nam 2022\n")
            .text;
        assert!(out.contains("Tết Nguyên đán Nhâm Dần"), "{out}");
    }

    #[test]
    fn an_ocr_token_may_have_lost_a_marked_vowel() {
        // English OCR drops a vowel it cannot read: `phi hop` is *phối hợp* (where it was
        // *phù hợp*, whose letters it has).
        let r = test_restorer();
        let out = r
            .restore(
                "Nghi quyét s6 57 ciia B§ Chinh tri; chu tri, phi hop chat ché véi cac co quan\n",
            )
            .text;
        assert!(
            out.contains("chủ trì, phối hợp chặt chẽ với các cơ quan"),
            "{out}"
        );
    }

    #[test]
    fn a_token_of_two_letters_may_have_lost_a_vowel_of_a_less_common_syllable() {
        // `dt` is *đạt*, *đất*, *đặt*… with a vowel dropped, and *đột* too; `Tn` is *Tôn*.
        let r = test_restorer();
        let ocr =
            "ngu6n hang gay tang gia dt bién trong dip cudi nam\ncho Sé Dan toc - Tn giao tinh\n";
        assert_eq!(
            r.restore_ocr(ocr).text,
            "nguồn hàng gây tăng giá đột biến trong dịp cuối năm\ncho Sở Dân tộc - Tôn giáo tỉnh\n"
        );
    }

    #[test]
    fn an_ocr_letter_may_stand_for_more_than_its_four_likeliest_bare_letters() {
        // English OCR wrote `nhgn` for *nhận*; with four bare letters a letter at most, no
        // reading of it was *nhận*.
        let r = test_restorer();
        let out = r.restore_ocr("Chi thi nay.\nNoi nhgn:\n- Nhu trén;\n").text;
        assert!(out.contains("Nơi nhận:"), "{out}");
    }

    #[test]
    fn an_ocr_letter_may_stand_for_a_letter_it_was_seldom_seen_for() {
        // `Mtr` for *Mức*: English OCR was seen writing these letters for those less than once
        // in a thousand.
        let r = test_restorer();
        let out = r
            .restore_ocr("- Hanh vi 1: Mtr tién phat: 160.000.000 déng\n")
            .text;
        assert_eq!(out, "- Hành vi 1: Mức tiền phạt: 160.000.000 đồng\n");
    }

    #[test]
    fn the_vowel_dropped_may_be_the_one_the_newer_placement_puts_the_tone_on() {
        // `xoá` less the `á` OCR could not read is `xo`, as `xóa` less its `ó` is `xa`.
        let r = test_restorer();
        let out = r
            .restore("ciia Ban Chi dao xo nha tam, nha d6t nat huyén Binh Son\n")
            .text;
        assert!(out.contains("xóa nhà tạm, nhà dột nát"), "{out}");
    }

    #[test]
    fn the_headers_label_is_read_however_ocr_wrote_its_letters() {
        // English OCR at 200 dpi writes *Số* as `86` or `S86`; on its own line before a colon
        // the model would keep the unknown token. Only before a document's number.
        let r = test_restorer();
        let ocr = "UBND TINH TAY LINH\n86:22 /TTr-UBND\nS86: 87/QD-UBND\n86: 15 thang\n";
        assert_eq!(
            r.restore_ocr(ocr).text,
            "UBND TỈNH TÂY LĨNH\nSố:22 /TTr-UBND\nSố: 87/QĐ-UBND\n86: 15 tháng\n"
        );
    }

    #[test]
    fn a_short_word_in_capitals_among_words_that_are_not_is_ocr_for_a_marked_vowel() {
        let r = test_restorer();
        let ocr =
            "Nghi quyét s6 57-NQ/TW, ngay 22/12/2024 ctia BO Chinh tri vé dot pha\nBO TU PHAP\n";
        assert_eq!(
            r.restore(ocr).text,
            "Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá\nBỘ TƯ PHÁP\n"
        );
        // At a line's end in prose, and first on a list item's line: the words on the lines
        // around and after it say so. A heading's words in capitals stay so.
        let ocr = "Nghi quyét s6 57-NQ/TW, ngay 22/12/2024 ctia BO\nChinh tri vé dot pha\n\
                   - BO Chi huy Quan su tinh;\nTONG Bi THU\nTo Lam\n";
        assert_eq!(
            r.restore(ocr).text,
            "Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ\nChính trị về đột phá\n\
             - Bộ Chỉ huy Quân sự tỉnh;\nTỔNG BÍ THƯ\nTô Lâm\n"
        );
        // So where a blank line stands between the lines (as OCR leaves between
        // paragraphs), for a word alone on its line, for a list item's two words in title
        // case (an item may start after an abbreviation and a comma), and beside a word whose
        // case OCR mixed (`NOi`, *Nội*).
        let ocr = "Nghi quyét s6 57-NQ/TW, ngay 22/12/2024 ctia BO\n\nChinh tri vé dot pha\n\
                   ngay 22/12/2024 ctia BO truéng\nBO\nNOi vu vé dot pha\n- BO Cong Thuong;\n\
                   - UBND, BO Tai chinh;\n";
        assert_eq!(
            r.restore(ocr).text,
            "Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ\n\nChính trị về đột phá\n\
             ngày 22/12/2024 của Bộ trưởng\nBộ\nNội vụ về đột phá\n- Bộ Công Thương;\n\
             - UBND, Bộ Tài chính;\n"
        );
        // A word read as itself is still written in its case, not OCR's.
        assert_eq!(
            r.restore("Nghi quyét s6 57 vé dot pha; UBND tinh bAn hanh ké hoach nay\n")
                .text,
            "Nghị quyết số 57 về đột phá; UBND tỉnh ban hành kế hoạch này\n"
        );
    }

    #[test]
    fn a_word_whose_case_ocr_lost_among_words_in_capitals_is_written_in_capitals() {
        let r = test_restorer();
        let ocr = "K¢ HOACH\nCUA B§ CHINH TRI\nThuc hién K¢ hoach cua B§ Chinh tri\nS6: /VP-KT\n";
        assert_eq!(
            r.restore(ocr).text,
            "KẾ HOẠCH\nCỦA BỘ CHÍNH TRỊ\nThực hiện Kế hoạch của Bộ Chính trị\nSố: /VP-KT\n"
        );
        // A word of two letters whose marked vowel OCR read small (`Úy`, `Uy`); not before a
        // name in capitals, nor between abbreviations.
        let ocr = "Nghi quyét s6 57-NQ/TW, ngay 22/12/2024 ctia B§ Chinh tri vé dot pha\n\
                   Uy BAN NHAN DAN\nTM. Uy BAN NHAN DAN\nBa NGUYEN THI HOA\nVP Doan DBQH\n\
                   TM. ÚUy BAN NHAN DAN\n";
        let restored = r.restore(ocr).text;
        let lines: Vec<&str> = restored.lines().collect();
        assert_eq!(lines[1], "ỦY BAN NHÂN DÂN");
        assert_eq!(lines[2], "TM. ỦY BAN NHÂN DÂN");
        assert!(lines[3].starts_with("Bà NGUYỄN THỊ"), "{}", lines[3]);
        assert_eq!(lines[4], "VP Đoàn ĐBQH");
        // Its vowel read twice, one of them a capital (`ÚUy`).
        assert_eq!(lines[5], "TM. ỦY BAN NHÂN DÂN");
        // A word whose case OCR mixed, between words in capitals (`cAU`), in prose not.
        let ocr = "Nghi quyét s6 57-NQ/TW, ngay 22/12/2024 ctia B§ Chinh tri\n\
                   NHIEM VU VA CO cAU TO CHUC\nco cAu to chtrc\n";
        let restored = r.restore(ocr).text;
        let lines: Vec<&str> = restored.lines().collect();
        assert_eq!(lines[1], "NHIỆM VỤ VÀ CƠ CẤU TỔ CHỨC");
        assert_eq!(lines[2], "cơ cấu tổ chức");
    }

    #[test]
    fn a_state_documents_subject_starts_with_a_capital_the_partys_in_lower_case() {
        let r = test_restorer();
        let header = |number: &str| {
            format!(
                "Sé: {number}\nNghi quyét s6 57-NQ/TW, ngay 22/12/2024 ctia B§ Chinh tri\n\
                 KE HOACH\nthuc hién Nghi quyét s6 57-NQ/TW cua B6 Chinh tri\n"
            )
        };
        let state = r.restore(&header("212/KH-UBND")).text;
        assert_eq!(
            state.lines().nth(3),
            Some("Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị")
        );
        let party = r.restore(&header("134-KH/TU")).text;
        assert_eq!(
            party.lines().nth(3),
            Some("thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị")
        );
    }

    #[test]
    fn a_capital_i_read_for_a_small_l_is_written_in_lower_case() {
        let r = test_restorer();
        let ocr = "Ban Quan Iy du an chinh Iy co sé di liéu dat dai. Iy do cia viéc nay.\n";
        assert_eq!(
            r.restore(ocr).text,
            "Ban Quản lý dự án chỉnh lý cơ sở dữ liệu đất đai. Lý do của việc này.\n"
        );
    }

    #[test]
    fn a_codes_word_that_is_no_syllable_keeps_its_case_in_ocr() {
        // A number OCR garbled past reading (`20Z1`, a letter in its year) or a blank one:
        // its `TTg`, `TTr` are no syllables, and not OCR's capitals for marked vowels (`cAn`).
        let r = test_restorer();
        let ocr = "Quyét dinh s6 12/20Z1/0B-TTg ngày 24/3/2021 cia Thu tuéng.\nXét Té trinh sé /TTr-UBND cia Uy ban.\n";
        assert_eq!(
            r.restore(ocr).text,
            "Quyết định số 12/20Z1/0B-TTg ngày 24/3/2021 của Thủ tướng.\nXét Tờ trình số /TTr-UBND của Ủy ban.\n"
        );
    }

    #[test]
    fn an_unknown_word_in_ocr_says_nothing_of_the_word_before_it() {
        // The model learned an unknown word after *bộ đôi* (a duo) from foreign names; in
        // English OCR an unknown word is mostly an abbreviation (`BP`) or one OCR garbled.
        let r = test_restorer();
        let ocr = "Noi nhan:\n- Bo Chi huy: Quan su tinh, B6 d6i BP tinh;\n- Luu: VT, KTN.\n";
        assert_all_in(&r.restore(ocr).text, &["Bộ đội BP tỉnh;"]);
    }

    #[test]
    fn a_number_ocr_garbled_is_written_as_extraction_reads_it() {
        // A first digit set apart (`1 2`, `1 466`) and a QĐ read with a zero (`0B`, `0D`), in
        // French, Spanish or German OCR; `56`, OCR's *số*, before the number.
        let r = test_restorer();
        let ocr = "Can cu Quyét dinh s6 1 2/2021/0B-TTg ngay 24/3/2021 cua Thu tuong; \
                   Quyét dinh 56 1 466/0D-UBND.\n";
        assert_eq!(
            r.restore(ocr).text,
            "Căn cứ Quyết định số 12/2021/QĐ-TTg ngày 24/3/2021 của Thủ tướng; \
             Quyết định số 1466/QĐ-UBND.\n"
        );
        // Typed text keeps its numbers as typed.
        let typed = "Căn cứ Quyết định số 1 2/2021/0B-TTg ngày 24/3/2021.\n";
        assert_eq!(r.restore(typed).text, typed);
        // A number's figures read as letters (`8l`, `2O25`) are its digits.
        let ocr = "Can cu Quyét dinh s6 8l/2O25/QD-UBND ngay 24/3/2025 cua Uy ban nhan dan tinh.\n";
        assert_eq!(
            r.restore(ocr).text,
            "Căn cứ Quyết định số 81/2025/QĐ-UBND ngày 24/3/2025 của Ủy ban nhân dân tỉnh.\n"
        );
    }

    #[test]
    fn ocrs_capital_inside_a_word_of_two_syllables_is_written_small() {
        // `trién Khai`, `khé Khan`: the pairs the model knows as one word, whose second
        // syllable the training text rarely capitalises. A name after a common word stays:
        // *tỉnh Quảng Ninh* (a syllable often capitalised), *ông Khải* (a rare pair).
        let r = test_restorer();
        let ocr = "Cac don vi trién Khai thuc hién, khac phuc khé Khan cia tinh Quang Ninh; lam \
                   viéc véi éng Khai.\n";
        assert_eq!(
            r.restore(ocr).text,
            "Các đơn vị triển khai thực hiện, khắc phục khó khăn của tỉnh Quảng Ninh; làm việc \
             với ông Khải.\n"
        );
        // Typed text keeps its capitals as typed.
        let typed = "Các đơn vị triển Khai thực hiện.\n";
        assert_eq!(r.restore(typed).text, typed);
    }

    #[test]
    fn a_line_that_starts_with_a_capital_may_start_a_sentence() {
        // The header's motto has no full stop; *Số:* starts the next line. Read on from
        // *phúc*, the model liked *Sở*; at a sentence's start, *Số*. A line in lower case goes
        // on its sentence (*công nghệ*), and so may one with a capital (*Ban Thường vụ* /
        // *Tỉnh ủy*).
        let r = test_restorer();
        assert_eq!(
            r.restore("Doc lap - Tu do - Hanh phuc\nSo: 41/KH-SKHCN\n")
                .text,
            "Độc lập - Tự do - Hạnh phúc\nSố: 41/KH-SKHCN\n"
        );
        assert_eq!(
            r.restore("phat trien khoa hoc, cong\nnghe cua Ban Thuong vu\nTinh uy.\n")
                .text,
            "phát triển khoa học, công\nnghệ của Ban Thường vụ\nTỉnh ủy.\n"
        );
        // So may a capitalised word after a heading's number, where the model, reading on
        // from the number's symbol, liked *Số đó*; a word of a sentence is not one.
        assert_eq!(
            r.restore("B.3 So do dinh huong phat trien khong gian\n")
                .text,
            "B.3 Sơ đồ định hướng phát triển không gian\n"
        );
        let last_after_number = |text: &str| {
            let (tokens, _) = tokenize(text);
            after_heading_number(text, tokens.last().unwrap())
        };
        assert!(last_after_number("x\n2.1 Muc"));
        assert!(last_after_number("x\n  B.3 Muc"));
        assert!(last_after_number("A1 Muc"));
        assert!(!last_after_number("Muc 3 So"));
        assert!(!last_after_number("Dieu 5 Luat"));
        assert!(!last_after_number("x\n1. 2 Muc"));
        assert!(!last_after_number("x\nMuc Tieu"));
    }

    #[test]
    fn a_parenthesis_before_a_digit_does_not_end_the_sentence() {
        // English OCR's `(` for the 0 of `05/3/2025`: *ngày* is read with the date after it.
        let (tokens, _) = tokenize("ngay (5/3/2025 va (kem theo)");
        let ends: Vec<bool> = tokens.iter().map(|t| t.boundary_after).collect();
        assert_eq!(ends, [false, false, false, false, true, false, true]);
        let r = test_restorer();
        assert_eq!(
            r.restore("Thuc hién Ké hoach s6 118-KH/TU, ngay (5/3/2025 cia Ban Thuong vu\n")
                .text,
            "Thực hiện Kế hoạch số 118-KH/TU, ngày (5/3/2025 của Ban Thường vụ\n"
        );
    }

    #[test]
    fn a_rare_reading_of_common_letters_is_weighed_where_its_phrase_needs_it() {
        // *vằn* is the 14th reading of `van`, *dồi* and *dội* past the 12th of `doi`, *vàn*
        // the 13th of `van`: each only in its set phrase.
        let r = test_restorer();
        for (bare, marked) in [
            ("con muoi van", "con muỗi vằn"),
            ("nguon nuoc doi dao", "nguồn nước dồi dào"),
            ("tran chien dien ra du doi", "trận chiến diễn ra dữ dội"),
            ("muon van kho khan", "muôn vàn khó khăn"),
        ] {
            assert_eq!(r.restore(&format!("{bare}\n")).text, format!("{marked}\n"));
        }
    }

    #[test]
    fn the_decoder_weighs_the_most_frequent_readings() {
        let r = test_restorer();
        // `doi` has 24 readings; *dõi*, frequent but nearly always after *theo*, is among the
        // first weighed (ranked by Kneser–Ney's continuation probability it came 18th).
        let doi = r.model.candidates("doi");
        assert!(doi.len() > lattice::READINGS);
        assert!(doi[..12].contains(&r.model.id("dõi").unwrap()));
        assert_eq!(
            r.restore("lam dau moi theo doi, don doc, kiem tra\n").text,
            "làm đầu mối theo dõi, đôn đốc, kiểm tra\n"
        );
    }

    #[test]
    fn the_document_says_what_it_reads_where_it_is_plain() {
        let r = test_restorer();
        // Alone, `dam nghi` after `Can bo` reads as *đảm*; in a text whose `dam` the first
        // reading was sure of as *dám*, it is *dám nghĩ* too.
        let line = "Can bo dam nghi vi loi ich chung.\n";
        assert!(r.restore(line).text.starts_with("Cán bộ đảm"));
        let doc = format!("Co che bao ve can bo dam nghi, dam lam, dam chiu trach nhiem.\n{line}");
        assert!(r
            .restore(&doc)
            .text
            .ends_with("\nCán bộ dám nghĩ vì lợi ích chung.\n"));
        // One sure `dam` in the line is evidence enough (`dám làm`).
        assert_eq!(
            r.restore("Can bo dam nghi, dam lam vi loi ich chung.\n")
                .text,
            "Cán bộ dám nghĩ, dám làm vì lợi ích chung.\n"
        );
        // A regulation whose boards (*Ban Coi thi*, *Ban Chấm thi*) the first reading was sure
        // of: `Ban in sao` is a board too (alone, the model of commas reads it so as well).
        let line = "5. Ban in sao de ky thi chon hoc sinh gioi cap quoc gia.\n";
        let doc = format!(
            "1. Ban Coi thi co nhiem vu to chuc coi thi theo quy che.\n\
             2. Truong Ban Coi thi chiu trach nhiem truoc Hoi dong thi.\n\
             3. Ban Cham thi to chuc cham bai thi theo dung quy dinh.\n\
             4. Ban Phuc khao giai quyet cac don phuc khao cua thi sinh.\n{line}"
        );
        let got = r.restore_detailed(&doc);
        assert!(got
            .text
            .ends_with("5. Ban in sao đề kỳ thi chọn học sinh giỏi cấp quốc gia.\n"));
        assert!(got.text.starts_with("1. Ban Coi thi có nhiệm vụ"));
    }

    #[test]
    fn the_document_says_what_it_reads_beside_the_same_letters() {
        let r = test_restorer();
        // A budget's `kinh` is *kinh phí*, surely, and so the document's evidence over all its
        // `kinh` is for *kinh*; but where it reads `kinh` beside `trinh` it reads *kính trình*,
        // and so it reads that third one too.
        let line = "De bao dam kinh phi chi thuong xuyen cua co quan, UBND tinh kinh trinh \
                    HDND tinh xem xet, giao du toan.\n";
        let doc = format!(
            "Tren day la To trinh cua Uy ban nhan dan tinh, kinh trinh Hoi dong nhan dan tinh \
             xem xet, quyet dinh.\n{line}Kinh trinh Thuong truc Hoi dong nhan dan tinh xem xet.\n"
        );
        let out = r.restore(&doc).text;
        assert!(
            out.contains(
                "\nĐể bảo đảm kinh phí chi thường xuyên của cơ quan, UBND tỉnh kính trình"
            ),
            "{out}"
        );
    }

    #[test]
    fn a_syllable_no_word_spells_so_is_never_a_reading() {
        let r = test_restorer();
        // `điệ` (a word cut in the training text) was the one reading of `die`: German and
        // chip makers' *die* came out *Điệ*. A reading must be spelled as Vietnamese spells.
        let out = r.restore("Bao Die Zeit dua tin ve hoi nghi cat wafer thanh die.\n");
        assert!(out.text.contains("Die Zeit"), "{}", out.text);
        assert!(out.text.contains("thành die"), "{}", out.text);
        for bare in ["die", "hop", "viec", "a", "nhat"] {
            for &id in r.model.candidates(bare) {
                let (letters, tone) = split_tone(&r.model.vocab[id as usize]).unwrap();
                assert!(spelled_as_vietnamese(&letters, tone), "{bare}: {id}");
            }
        }
    }

    #[test]
    fn an_abbreviation_amid_words_in_lower_case_stays_as_written() {
        let r = test_restorer();
        let out = r.restore(
            "Hang hoa chiu thue VAT theo quy dinh. Cac nha may cua TEP cung bi hu hai. \
             Duc xep hang bay trong EU va dung dau ve xuat khau.\n",
        );
        assert_all_in(&out.text, &["thuế VAT theo", "của TEP cũng", "trong EU và"]);
        // Capitals on their own line are a heading's words, restored.
        let out = r.restore("Hang hoa chiu thue.\nTHONG BAO KET LUAN CUA BAN THUONG VU\n");
        assert!(
            out.text.ends_with("THÔNG BÁO KẾT LUẬN CỦA BAN THƯỜNG VỤ\n"),
            "{}",
            out.text
        );
    }

    #[test]
    fn a_roman_numeral_whose_letters_make_a_syllable_stays() {
        let r = test_restorer();
        let out = r.restore(
            "VI\nChuong VI\nVI-6. QUY HOACH BAO TON\nDai hoi lan thu XI, nhiem ky 2025-2030\n\
             VI PHAM HANH CHINH\nHanh vi vi pham.\n",
        );
        assert_eq!(
            out.text,
            "VI\nChương VI\nVI-6. QUY HOẠCH BẢO TỒN\nĐại hội lần thứ XI, nhiệm kỳ 2025-2030\n\
             VI PHẠM HÀNH CHÍNH\nHành vi vi phạm.\n"
        );
    }

    #[test]
    fn a_word_of_several_syllables_written_as_one_is_restored() {
        let r = test_restorer();
        let out = r.restore("Tinh Dak Lak va tinh Dak Nong. Dao Kito giao va dan toc E De.\n");
        assert_eq!(
            out.text,
            "Tỉnh Đắk Lắk và tỉnh Đắk Nông. Đạo Kitô giáo và dân tộc Ê Đê.\n"
        );
    }

    #[test]
    fn codes_of_capitals_and_digits_are_no_sign_of_english_ocr() {
        let r = test_restorer();
        // Health news: a word in twelve is a code. Taken for English OCR, the text had its
        // `manh` read as *anh* (a letter too many) and `D3` as *Độ*.
        let out = r.restore(
            "So ca F0 tang nhanh, cac F1 duoc cach ly tai nha. Virus cum A/H5N1 va bien the \
             Omicron BA.2 lay lan manh. Benh nhan duoc tiem mui 3 va uong vitamin B12, C, D3.\n",
        );
        assert_all_in(
            &out.text,
            &[
                "các F1 được",
                "Omicron BA.2 lây lan mạnh",
                "tiêm mũi 3",
                "uống vitamin B12, C, D3.",
            ],
        );
        // English OCR still shows itself by its marks and its digits for letters.
        let out = r.restore("Nghi quyét s6 57 ciia B§ Chinh tri vé dot pha phat trién\n");
        assert!(
            out.text.starts_with("Nghị quyết số 57 của Bộ Chính trị"),
            "{}",
            out.text
        );
    }

    #[test]
    fn the_document_overturns_a_reading_the_beam_dropped() {
        // At a sentence's start *Ả* is so rare that a narrow beam (two states) drops it
        // before the next word could make sense of it (the model itself prefers `<s> Ả
        // Rập`): alone, *A Rập*. (The bundled beam of four keeps it.)
        let line = "A Rap Saudi la nuoc xuat khau dau mo lon.\n";
        assert!(test_restorer()
            .restore(line)
            .text
            .starts_with("Ả Rập Saudi"));
        let mut r = Restorer::load(&dictionaries_dir()).unwrap();
        r.beam = 2;
        assert!(r.restore(line).text.starts_with("A Rập Saudi"));
        // Where the document's other `A Rap` are surely *Ả Rập*, the decoder's answer for
        // this one (sure of *A*: it never weighed *Ả*) is joined by *Ả*'s own odds there.
        let doc = format!(
            "Quan he giua Viet Nam va A Rap Saudi ngay cang phat trien. {} Thu do cua A Rap \
             Saudi la Riyadh. Cac nuoc A Rap co chung ngon ngu.\n",
            line.trim_end()
        );
        assert_eq!(r.restore(&doc).text.matches("Ả Rập").count(), 4);
    }

    #[test]
    fn a_person_is_named_alike_throughout_a_document() {
        let r = test_restorer();
        // Alone, the words around read the name otherwise.
        let line = "Ba Dinh Thi Hoa va ong Pham Van Duc lam chung.";
        assert!(r.restore(line).text.contains("Phạm Văn Dục"));
        // With the same name three times more, where it reads *Đức*: one name, one reading.
        let doc = format!(
            "{line} Gia dinh ong Pham Van Duc o xa Ta Phin. Anh Pham Van Duc la can bo. \
             Ong Pham Van Duc di cong tac.\n"
        );
        let out = r.restore(&doc).text;
        assert_eq!(out.matches("Phạm Văn Đức").count(), 4, "{out}");
        // Runs that start with no surname are no name (`Đảng Cộng sản`, `Đảng Công nhân`):
        // each keeps its own reading.
        let parties = "Dang Cong san Viet Nam va Dang Cong nhan Duc la hai dang khac nhau.";
        let out = r.restore(parties).text;
        assert!(
            out.contains("Đảng Cộng sản") && out.contains("Đảng Công nhân"),
            "{out}"
        );
    }

    #[test]
    fn a_line_that_is_a_name_alone_starts_with_a_surname() {
        let r = test_restorer();
        let sign = |name: &str| {
            r.restore(&format!("KT. GIAM DOC\nPHO GIAM DOC\n\n{name}\n"))
                .text
        };
        assert!(sign("Dinh Thu Trang").ends_with("\nĐinh Thu Trang\n"));
        // With more on the line, it is not a name alone: the words around decide.
        assert!(sign("Dinh Thu Trang, Truong phong").contains("Đình Thu Trang, Trưởng phòng"));
        // A part's heading and its numeral are no name.
        assert!(r
            .restore("Phan I\nNHUNG VAN DE CHUNG\n")
            .text
            .starts_with("Phần I\n"));
    }

    #[test]
    fn an_acronym_stays_though_its_letters_make_a_syllable() {
        let r = test_restorer();
        let out = r
            .restore("Goi thau cung cap hang hoa (EP) va goi thau hon hop EPC, EP, EC, PC.\n")
            .text;
        assert!(
            out.contains("(EP)") && out.contains("EPC, EP, EC, PC."),
            "{out}"
        );
        // A heading in capitals keeps its words restored.
        let out = r.restore("UBND TINH TAY LINH\nQUY DINH (SUA DOI)\n").text;
        assert!(out.contains("TỈNH") && out.contains("QUY ĐỊNH"), "{out}");
    }

    #[test]
    fn a_place_is_named_alike_throughout_a_document() {
        let r = test_restorer();
        let line = "Ho tro cac hop tac xa nong nghiep tren dia ban tinh Tay Linh.";
        assert!(r.restore(line).text.contains("tỉnh Tây Linh."));
        let doc = format!(
            "Can cu Quyet dinh so 21/QD-UBND cua UBND tinh Tay Linh. Uy ban nhan dan tinh Tay \
             Linh quy dinh chinh sach ho tro. {line}\n"
        );
        let out = r.restore(&doc).text;
        assert_eq!(out.matches("tỉnh Tây Lĩnh").count(), 3, "{out}");
    }

    /// What `restore_part` has after the first reading of a stripped `text`: its tokens, their
    /// keys, the lattice, the chosen readings and how sure the decoder was of them.
    #[allow(clippy::type_complexity)]
    fn first_reading(
        r: &Restorer,
        text: &str,
    ) -> (
        Vec<Token>,
        Vec<u64>,
        Vec<(u32, Candidates)>,
        Vec<Option<usize>>,
        Vec<Sure>,
    ) {
        let (tokens, nlines) = tokenize(text);
        let mut scratch = Scratch::default();
        let seen = r.see_all(text, &tokens, &mut scratch);
        let marked_text = mostly_marked(&seen);
        let restore_line =
            r.lines_to_restore(&tokens, &seen, nlines, false, Origin::Typed, marked_text);
        let numbers = find_numbers(text);
        let lattice = r.lattice(
            text,
            &tokens,
            &seen,
            &restore_line,
            (false, Origin::Typed, marked_text),
            &numbers,
            &mut scratch,
            &mut Vec::new(),
        );
        let mut chosen = vec![None; tokens.len()];
        let gaps = r.gaps(text, &tokens);
        let mut sure = vec![Sure::UNKNOWN; tokens.len()];
        let first = Pass::First(&mut sure);
        r.decode_sentences(text, &tokens, &lattice, &gaps, &[], first, &mut chosen);
        (tokens, bare_keys(&seen, &scratch), lattice, chosen, sure)
    }

    #[test]
    fn the_decoder_is_as_sure_of_a_reading_as_the_paths_that_differ_only_there() {
        // Every state kept, the decoder's answer is exact: for each reading of a word, the
        // best path with it that reads the next two words as the best path does (the last
        // word: the one before), against the others. Worked out here over every path.
        let mut r = test_restorer().clone();
        (r.beam, r.prune, r.ahead_margin) = (100_000, 1_000.0, 1_000.0);
        let text = "can bo dam nghi.\n";
        let (_, _, lattice, chosen, sure) = first_reading(&r, text);
        let reads: Vec<&[(u32, f32)]> =
            lattice.iter().map(|e| &e.1.as_ref().unwrap()[..]).collect();
        let n = reads.len();
        let score = |path: &[usize]| {
            let (mut u, mut v, mut s) = (model::BOUNDARY, model::BOUNDARY, 0.0);
            for (cs, &k) in reads.iter().zip(path) {
                s += r.model.score(u, v, cs[k].0) + cs[k].1;
                (u, v) = (v, cs[k].0);
            }
            s + r.model.score(u, v, model::BOUNDARY)
        };
        let mut paths = vec![vec![]];
        for cs in &reads {
            paths = paths
                .into_iter()
                .flat_map(|p: Vec<usize>| (0..cs.len()).map(move |k| [&p[..], &[k]].concat()))
                .collect();
        }
        let scored: Vec<(Vec<usize>, f32)> = paths
            .into_iter()
            .map(|p| {
                let s = score(&p);
                (p, s)
            })
            .collect();
        let best = &scored.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap().0;
        assert_eq!(chosen, best.iter().map(|&k| Some(k)).collect::<Vec<_>>());
        let mut unsure = 0;
        for i in 0..n {
            let fixed = match n - i {
                1 => vec![n - 2],
                2 => vec![n - 1],
                _ => vec![i + 1, i + 2],
            };
            let mut m = vec![f32::MIN; reads[i].len()];
            for (p, s) in scored
                .iter()
                .filter(|(p, _)| fixed.iter().all(|&f| p[f] == best[f]))
            {
                m[p[i]] = m[p[i]].max(*s);
            }
            let rest: f32 = (0..m.len())
                .filter(|&j| j != best[i] && m[j] - m[best[i]] > -5.0)
                .map(|j| 10f32.powf(m[j] - m[best[i]]))
                .sum();
            let want = 1.0 / (1.0 + rest);
            assert!(
                (sure[i].p - want).abs() < 1e-3,
                "word {i}: {:?} against {want}",
                sure[i]
            );
            assert!(
                (0..m.len()).all(|j| sure[i].kept(j)),
                "every reading weighed"
            );
            unsure += usize::from(want < 0.99);
        }
        assert!(
            unsure > 0,
            "the example has a word the decoder is unsure of"
        );
    }

    #[test]
    fn a_words_neighbours_are_those_of_its_sentence() {
        let r = test_restorer();
        let (tokens, _, lattice, chosen, _) = first_reading(r, "Nha may moi. Cong nhan di lam.\n");
        let ends: Vec<bool> = tokens.iter().map(|t| t.boundary_after).collect();
        let [u, v, n1, n2] = decode::neighbours(&lattice, &chosen, &ends, &[], 2);
        assert!(u != model::BOUNDARY && v != model::BOUNDARY);
        assert_eq!(
            [n1, n2],
            [model::BOUNDARY, model::BOUNDARY],
            "`moi` ends its sentence"
        );
        let [u, v, n1, n2] = decode::neighbours(&lattice, &chosen, &ends, &[], 3);
        assert_eq!(
            [u, v],
            [model::BOUNDARY, model::BOUNDARY],
            "`Cong` starts one"
        );
        assert!(n1 != model::BOUNDARY && n2 != model::BOUNDARY);
        // The words between tokens (a comma, here 7) are neighbours as the decoder read them.
        let mut gaps = vec![Gap::new(); tokens.len()];
        gaps[3].push(7);
        let read = |j: usize| decode::neighbours(&lattice, &chosen, &ends, &gaps, j);
        let id = |j: usize| {
            lattice[j]
                .1
                .as_ref()
                .map_or(lattice[j].0, |c| c[chosen[j].unwrap()].0)
        };
        assert_eq!(read(4), [id(3), 7, id(5), id(6)]);
        assert_eq!(read(3), [model::BOUNDARY, model::BOUNDARY, 7, id(4)]);
        assert_eq!(read(5), [7, id(4), id(6), model::BOUNDARY]);
        assert_eq!(read(2)[2..], [model::BOUNDARY, model::BOUNDARY]);
    }

    type Lattice = Vec<(u32, Candidates)>;

    /// The first reading of `text`, its lattice before and after the document's evidence is
    /// weighed into it, and what the evidence says to decode again.
    fn weighed(r: &Restorer, text: &str) -> (Vec<Token>, Lattice, Lattice, Option<Vec<Again>>) {
        let (tokens, keys, mut lattice, chosen, sure) = first_reading(r, text);
        let ends: Vec<bool> = tokens.iter().map(|t| t.boundary_after).collect();
        let before = lattice.clone();
        let first = FirstReading {
            keys: &keys,
            ends: &ends,
            sure: &sure,
        };
        let again = r.weigh_document(&first, &r.gaps(text, &tokens), &mut lattice, &chosen);
        (tokens, before, lattice, again)
    }

    #[test]
    fn a_document_read_alike_throughout_is_decoded_once() {
        // Every `khoi` read alike: no evidence against any reading, nothing decoded again.
        let r = test_restorer();
        let text = "Khoi bui va khoi thuoc gay hai. Khi co chay, khoi den bao trum.\n";
        let (_, before, lattice, again) = weighed(r, text);
        assert!(again.is_none());
        assert_eq!(format!("{before:?}"), format!("{lattice:?}"));
        assert_eq!(
            r.restore(text).text,
            "Khói bụi và khói thuốc gây hại. Khi có cháy, khói đen bao trùm.\n"
        );
    }

    #[test]
    fn the_documents_evidence_asks_past_a_keys_first_sixteen_words() {
        // Twenty sure *bảo đảm*, then ten sure *dám*: the *dám* are the 21st to 30th words of
        // their letters, and they count, so a last `dam` gains for *dám*. (Asked only
        // sixteen, the evidence was all *đảm* and went against it.)
        let r = test_restorer();
        let mut text = String::new();
        for _ in 0..20 {
            text.push_str("Bao dam an toan giao thong tren dia ban. ");
        }
        for _ in 0..5 {
            text.push_str("Can bo dam nghi, dam lam vi loi ich chung. ");
        }
        text.push_str("Anh ay dam.\n");
        let (tokens, before, lattice, _) = weighed(r, &text);
        let last = tokens.len() - 1;
        let dám = r.model.id("dám").unwrap();
        let gain = |l: &[(u32, Candidates)]| {
            l[last]
                .1
                .as_ref()
                .unwrap()
                .iter()
                .find(|c| c.0 == dám)
                .unwrap()
                .1
        };
        assert!(
            gain(&lattice) > gain(&before),
            "{} {}",
            gain(&lattice),
            gain(&before)
        );
    }

    #[test]
    fn decoded_again_a_word_far_from_the_evidence_keeps_its_reading() {
        let r = test_restorer();
        let text = "Ban quan ly du an da trinh ho so thiet ke cho so xay dung tinh.\n";
        let (tokens, _, lattice, first, _) = first_reading(r, text);
        // A reading the decoder would not choose, put on the first word and on the last.
        let odd = |i: usize| {
            let cs = lattice[i].1.as_ref().unwrap();
            (0..cs.len()).find(|&k| Some(k) != first[i]).unwrap()
        };
        let last = tokens.len() - 1;
        let mut chosen = first.clone();
        (chosen[0], chosen[last]) = (Some(odd(0)), Some(odd(last)));
        // The evidence asks about the seventh word only: the first, far from it, keeps the odd
        // reading; the last is decoded again with the words around the seventh.
        let mut again = vec![Again::No; tokens.len()];
        again[6] = Again::Overturns;
        let gaps = r.gaps(text, &tokens);
        let decode_again = |again: &[Again], chosen: &mut [Option<usize>]| {
            r.decode_sentences(
                text,
                &tokens,
                &lattice,
                &gaps,
                &[],
                Pass::Again(again),
                chosen,
            )
        };
        decode_again(&again, &mut chosen);
        assert_eq!(chosen[0], Some(odd(0)));
        assert_eq!(chosen[last], Some(odd(last)));
        assert_eq!(chosen[4..=8], first[4..=8]);
        // Leaning against the last word too, it is decoded again.
        again[last] = Again::Leans;
        decode_again(&again, &mut chosen);
        assert_eq!(chosen[last], first[last]);
        assert_eq!(chosen[0], Some(odd(0)));
    }

    #[test]
    fn a_word_seen_again_is_seen_as_the_first_time() {
        let r = test_restorer();
        let text = "Ke hoach so 12, ke hoach SO 3; Kế hoạch s6 4 của Sở.";
        let (tokens, _) = tokenize(text);
        let mut scratch = Scratch::default();
        let all = r.see_all(text, &tokens, &mut scratch);
        let mut one = Scratch::default();
        for (t, seen) in tokens.iter().zip(&all) {
            let alone = r.see(&text[t.start..t.end], &mut one);
            assert!(seen.kind == alone.kind && seen.case == alone.case);
            assert_eq!(
                (seen.cands, seen.tone, seen.own, seen.marked, seen.odd),
                (alone.cands, alone.tone, alone.own, alone.marked, alone.odd)
            );
            assert_eq!(
                scratch.all_letters[seen.letters.clone()],
                one.all_letters[alone.letters.clone()]
            );
        }
    }

    #[test]
    fn the_beam_keeps_a_reading_the_next_word_makes_sense_of() {
        let mut r = test_restorer().clone();
        // *đảm*, *đám*, *đầm*… are each likelier than *dám* after *cán bộ*; only *nghĩ*
        // after it says *dám*. Weighed with the next word, it stays in a beam of four.
        // (Not always: alone, `Can bo dam nghi, dam lam vi loi ich chung.` loses it with the
        // model that learned commas, and the document's other `dam`s give it back.)
        let text = "Khuyen khich can bo dam nghi, dam lam, dam chiu trach nhiem.\n";
        let want = "Khuyến khích cán bộ dám nghĩ, dám làm, dám chịu trách nhiệm.\n";
        assert_eq!(r.restore(text).text, want);
        // What a far wider beam finds.
        (r.beam, r.prune, r.ahead_margin) = (64, 10.0, 10.0);
        assert_eq!(r.restore(text).text, want);
    }

    #[test]
    fn header_lines_with_symbols_are_not_restored() {
        let r = test_restorer();
        for line in ["Số 134-KH/TU", "Số: 212/KH-UBND", "Lưu: VT, KGVX(HTHT)."] {
            assert!(!r.needs_restoring(line), "{line}");
        }
        assert!(r.needs_restoring("Ke hoach so 134-KH/TU"));
    }
}
