//! The OCR confusion channel: P(true syllable | token an English OCR engine wrote), learned
//! from pages of training text rendered and OCR'd with `tesseract -l eng` (see
//! `tools/make_ocr_pairs.sh`), aligned token by token with the text that was drawn.
//!
//! `s6` → *số*, `ciia` → *của*, `B§` → *Bộ*, `cé` → *có*: what the English model does to
//! Vietnamese letters is regular enough that a table of the tokens it writes, with the
//! syllables they stood for, recovers most of them; the language model picks among them.

use std::path::Path;

use anyhow::{Context, Result};
use rustc_hash::{FxHashMap, FxHashSet};

use super::model::Model;
use crate::text::fold_lower;
use crate::text::syllable::{canonical, is_vowel};

/// How many bare letters an observed letter may stand for, at most, in [`Channel::by_letters`]
/// (`g` in `nhgn` for the *ậ* of *nhận*, `e` in `Te` for the *ờ* of *Tờ*). Swept 3, 4, 5, 6,
/// 8, 12 on the real pages' English OCR at 300, 200 and 150 dpi, the seeds' and the
/// fixtures' renders: gains up to 6 (`Nơi nhận`, `Tờ trình`, `Kết luận`), none after;
/// restoring OCR no slower.
const MAX_BASES: usize = 6;
/// How likely (log10 P(observed | true letter)) an observed letter must be for a letter of a
/// bare letter to be one it may stand for in [`Channel::by_letters`]. Swept −2.5, −3, −3.5,
/// −4, −5, −6 on the real pages' English OCR at 300, 200 and 150 dpi, the seeds' and the
/// fixtures' renders: gains down to −5 (`Mtr` for *Mức*, `06` for *cố* in *sự cố*), none
/// after; restoring OCR 15% slower than at −3.
const LEAST_LETTER: f32 = -5.0;
/// How many bare forms of a token are looked up, at most.
const MAX_FORMS: usize = 256;
/// Below this (log10 P(token | syllable), letter by letter) a syllable is not what the
/// token stood for: OCR does not turn *hóa* into `héda` by changing every letter of *hươu*.
const FLOOR: f32 = -6.0;

/// Symbols and letters English OCR writes for a Vietnamese letter it cannot read, with the
/// bare letter they stand for and log10 odds: the channel's own rows come first; these give
/// a path where its training never saw the shape.
const LOOKALIKES: &[(char, char, f32)] = &[
    ('§', 'o', -1.0),
    ('¢', 'e', -1.0),
    ('¥', 'y', -1.0),
    ('€', 'e', -1.0),
    // An engine with the pound sign reads an E with a hat and a tone as one (`Quy£t`,
    // `huy£n`: *Quyết*, *huyện*).
    ('£', 'e', -1.0),
    ('$', 's', -1.0),
    // After a letter, another engine's marked O, E or Y (`H$i`, `nghi$p`, `k$`: *Hội*,
    // *nghiệp*, *kỹ*).
    ('$', 'o', -1.0),
    ('$', 'e', -1.0),
    ('$', 'y', -1.0),
    ('p', 'd', -2.0),
    ('b', 'd', -2.5),
    // A capital Ơ, Ọ or Ợ read as Q (`TUQNG`, `GQI`): a Vietnamese q is always before a u,
    // so the Q of a syllable without one is no q.
    ('q', 'o', -1.0),
    // A q whose tail the scan lost is a g (`chinh guyén`, *chính quyền*); a g before a u is
    // rarely a g in Vietnamese.
    ('g', 'q', -1.5),
    // An S read as a 5 (`thong 56`, *thông số*).
    ('5', 's', -1.5),
    // An engine with Icelandic's letters reads Đ as Ð (eth).
    ('ð', 'd', -0.5),
];

/// log10 odds that `observed` stands for `truth` by [`LOOKALIKES`]: the letters of its bare
/// letter's family alike (`§` for ô, ộ, ố …; `p` for đ).
fn lookalike(observed: char, truth: char) -> Option<f32> {
    let truth_bare = crate::text::syllable::letter(truth).bare;
    let (_, bare, odds) = LOOKALIKES
        .iter()
        .find(|(sym, bare, _)| *sym == observed && *bare == truth_bare)?;
    (*bare != 'd' || truth == 'đ').then_some(*odds)
}

/// The noisy channel P(observed token | true syllable), learned whole for frequent tokens and
/// letter by letter, P(observed letter | true letter), for the rest. Likelihoods, not
/// posteriors: the language model supplies the prior, and a table of P(syllable | token) would
/// count it twice (Wikipedia's "đối với" made every `déi` *đối*, even in "chuyển đổi").
#[derive(Clone, Default)]
pub struct Channel {
    /// observed char → (true char, log10 P(observed | true)).
    chars: FxHashMap<char, Vec<(char, f32)>>,
    /// observed lowercase token → (syllable id, log10 P(token | syllable)), likeliest first.
    table: FxHashMap<String, Vec<(u32, f32)>>,
    /// log10 of how often OCR wrote one letter more than the syllable has (`héda` for *hóa*),
    /// from the token rows; `None` without them.
    extra_letter: Option<f32>,
    /// log10 of how often OCR wrote one letter fewer (`phi` for *phối*, `duc` for *được*),
    /// from the token rows; `None` without them.
    fewer_letter: Option<f32>,
    /// The bare letters of a syllable without one of its marked vowels → the syllables
    /// (`phi` → *phối*, *phái*…; `trong` → *trường*, *trương*), ids ascending: what a token
    /// may stand for where English OCR dropped a letter it could not read.
    dropped: FxHashMap<String, Vec<u32>>,
    /// Letters English OCR was seen to write for another letter at least [`CONFUSED`] times
    /// (`é` for *ế*, *ệ*, *ố*…): the marks of its output.
    confused: FxHashSet<char>,
}

/// log10 P(a marked letter | another letter of its bare letter) where the channel never saw
/// the pair, for letters English OCR does not write ([`Channel::char_score`]).
const OTHER_MARKS: f32 = -1.5;

/// log10 P(a marked vowel | a vowel of another bare letter) where the channel never saw the
/// pair, for vowels English OCR does not write ([`Channel::char_score`]): another engine
/// writes a Vietnamese vowel it has no glyph for as a vowel of its own alphabet of a like
/// shape, not always of the same family (French OCR's `phèng` for *phòng*, `Së` for *Sở*,
/// `khoën` for *khoản*). Swept −3, −4, −5, −6 on the real pages' French and Portuguese OCR.
const OTHER_VOWEL: f32 = -5.0;

/// The bare vowels, each a reading of another engine's marked vowel ([`OTHER_VOWEL`]).
const BARE_VOWELS: &str = "aeiouy";

/// How often a letter must have been written for another for [`Channel::writes_for_others`].
const CONFUSED: f32 = 20.0;

impl Channel {
    /// Loads `observed<TAB>syllable<TAB>count` rows; a missing file is an empty channel.
    pub fn load(path: &Path, model: &Model) -> Result<Channel> {
        let Some(text) = super::read_table(path)? else {
            return Ok(Channel::default());
        };
        let mut rows: Vec<(String, String, String, f32)> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let [kind, obs, truth, n] = f.as_slice() else {
                anyhow::bail!("{}:{}: expected 4 columns", path.display(), i + 1);
            };
            let n: f32 = n
                .parse()
                .with_context(|| format!("{}:{}: bad count", path.display(), i + 1))?;
            rows.push((kind.to_string(), obs.to_string(), truth.to_string(), n));
        }
        // How often each true syllable and letter was seen, whatever OCR made of it.
        let mut syl_total: FxHashMap<&str, f32> = FxHashMap::default();
        let mut char_total: FxHashMap<char, f32> = FxHashMap::default();
        for (kind, _, truth, n) in &rows {
            match kind.as_str() {
                "total" => *syl_total.entry(truth).or_default() += n,
                "char" => {
                    if let Some(t) = truth.chars().next() {
                        *char_total.entry(t).or_default() += n
                    }
                }
                _ => {}
            }
        }
        let (mut tokens, mut longer, mut fewer) = (0.0, 0.0, 0.0);
        for (kind, obs, truth, n) in &rows {
            if kind == "token" {
                tokens += n;
                let (o, t) = (obs.chars().count(), truth.chars().count());
                if o == t + 1 {
                    longer += n;
                } else if o + 1 == t {
                    fewer += n;
                }
            }
        }
        let extra_letter = (longer > 0.0).then(|| (longer / tokens).log10());
        let fewer_letter = (fewer > 0.0).then(|| (fewer / tokens).log10());
        let mut table: FxHashMap<String, Vec<(u32, f32)>> = FxHashMap::default();
        let mut chars: FxHashMap<char, Vec<(char, f32)>> = FxHashMap::default();
        let mut confused = FxHashSet::default();
        for (kind, obs, truth, n) in &rows {
            match kind.as_str() {
                "token" => {
                    let total = syl_total.get(truth.as_str()).copied().unwrap_or(*n).max(*n);
                    if let Some(id) = canonical(truth).and_then(|c| model.id(&c)) {
                        table
                            .entry(obs.clone())
                            .or_default()
                            .push((id, (n / (total + 1.0)).log10()));
                    }
                }
                "char" => {
                    if let (Some(o), Some(t)) = (obs.chars().next(), truth.chars().next()) {
                        if o != t && *n >= CONFUSED {
                            confused.insert(o);
                        }
                        let total = char_total[&t];
                        chars
                            .entry(o)
                            .or_default()
                            .push((t, (n / (total + 1.0)).log10()));
                    }
                }
                _ => {}
            }
        }
        for v in table.values_mut() {
            v.sort_by(|a, b| b.1.total_cmp(&a.1));
        }
        for v in chars.values_mut() {
            v.sort_by(|a, b| b.1.total_cmp(&a.1));
        }
        Ok(Channel {
            chars,
            table,
            extra_letter,
            fewer_letter,
            confused,
            dropped: if fewer_letter.is_some() {
                dropped_vowels(model)
            } else {
                FxHashMap::default()
            },
        })
    }

    /// log10 P(observed char | true char), with a floor for pairs never seen. A marked letter
    /// English OCR does not write for others (another engine's `ô`, `ä`, `ü`, `ã`) is its
    /// own bare letter's with the marks misread, at [`OTHER_MARKS`], where training never
    /// saw the pair (`nguòi` for *người*, `cüa` for *của*); a letter only Vietnamese has, itself
    /// at even odds.
    fn char_score(&self, observed: char, truth: char) -> f32 {
        let others = self.others_letter(observed);
        // (A letter only Vietnamese writes read as itself: English OCR's rows of it are few.
        // Another alphabet's `ô` is as often *ồ* or *ộ*.)
        if others && observed == truth && observed > '\u{ff}' {
            return 0.0;
        }
        let seen = match self.chars.get(&observed) {
            Some(v) => v.iter().find(|(t, _)| *t == truth).map(|(_, s)| *s),
            None if observed == truth => Some(0.0),
            None => None,
        };
        seen.or_else(|| lookalike(observed, truth))
            .unwrap_or_else(|| {
                let other_marks = others
                    && fold_lower(&observed.to_string())
                        .starts_with(crate::text::syllable::letter(truth).bare);
                let other_vowel = || {
                    others
                        && [observed, truth]
                            .iter()
                            .all(|c| is_vowel(crate::text::syllable::letter(*c).bare))
                };
                if other_marks {
                    OTHER_MARKS
                } else if other_vowel() {
                    OTHER_VOWEL
                } else {
                    -4.0
                }
            })
    }

    /// Candidates for a token never seen whole, letter by letter: each observed letter may stand
    /// for the letters it was seen to stand for; the syllables of the lexicon that fit are
    /// scored by the product of those letters' probabilities. A token that fits no syllable
    /// of its length may have one letter more than its syllable (`héda` for *hóa*), at the
    /// odds of that. Best first, at most `max`.
    pub fn by_letters(&self, observed: &str, model: &Model, max: usize) -> Vec<(u32, f32)> {
        let obs: Vec<char> = observed.chars().collect();
        if obs.is_empty() || obs.len() > 8 || self.chars.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<(u32, f32)> = Vec::new();
        self.same_length(&obs, model, 0.0, &mut out);
        // Only when no syllable of its length fits: a reading with a letter dropped is
        // likelier than most of those, and would crowd out the right one (`tém` for *tâm*).
        if out.is_empty() {
            self.each_letter_out(&obs, |shorter, base| {
                self.same_length(shorter, model, base, &mut out)
            });
        }
        // Kept by how likely the syllable is to be written at all, too: `tém` is rarely *tõm*
        // and often *tâm*, though the letters alone rank *tõm* higher. The score returned is
        // the channel's alone; the decoder's language model weighs the rest.
        let mut out = finish(out, usize::MAX);
        out.sort_by(|a, b| (b.1 + model.unigram(b.0)).total_cmp(&(a.1 + model.unigram(a.0))));
        out.truncate(max);
        out
    }

    /// Calls `f` with `obs` less each of its letters in turn, and the log10 odds of that
    /// letter being one too many (the channel's rate, any letter alike); not for tokens under
    /// three letters, nor without the rate.
    fn each_letter_out(&self, obs: &[char], mut f: impl FnMut(&[char], f32)) {
        let Some(extra) = self.extra_letter.filter(|_| obs.len() >= 3) else {
            return;
        };
        let base = extra - (obs.len() as f32).log10();
        let mut shorter = Vec::with_capacity(obs.len() - 1);
        for k in 0..obs.len() {
            shorter.clear();
            shorter.extend_from_slice(&obs[..k]);
            shorter.extend_from_slice(&obs[k + 1..]);
            f(&shorter, base);
        }
    }

    /// The syllables of as many letters as `obs` that it may stand for, letter by letter, each
    /// with `base` + log10 P(obs | syllable), into `out`.
    fn same_length(&self, obs: &[char], model: &Model, base: f32, out: &mut Vec<(u32, f32)>) {
        // Bare letters each position may be, with the best log10 P(observed | a letter of
        // that bare letter).
        let mut options: Vec<Vec<(char, f32)>> = Vec::with_capacity(obs.len());
        for (i, c) in obs.iter().enumerate() {
            let mut bases: Vec<(char, f32)> = Vec::new();
            let own = fold_lower(&c.to_string()).chars().next().unwrap_or(*c);
            if own.is_alphabetic() {
                bases.push((own, 0.0));
            }
            // The letters it was seen to stand for, likeliest first, by their bare letter:
            // `é` stands for ế, ệ, ê, ề, ố, ể, ớ, ó, ộ, á…, that is for e, o and a.
            if let Some(v) = self.chars.get(c) {
                for (t, s) in v {
                    if *s < LEAST_LETTER || bases.len() == MAX_BASES {
                        break;
                    }
                    let b = fold_lower(&t.to_string()).chars().next().unwrap_or(*t);
                    if b.is_alphabetic() && !bases.iter().any(|x| x.0 == b) {
                        bases.push((b, *s));
                    }
                }
            }
            // Another engine's marked vowel may be any vowel ([`OTHER_VOWEL`]).
            if self.others_letter(*c) && is_vowel(own) {
                for v in BARE_VOWELS.chars() {
                    if !bases.iter().any(|x| x.0 == v) {
                        bases.push((v, OTHER_VOWEL));
                    }
                }
            }
            // Shapes English OCR writes for letters it has no glyph for, seen or not in
            // training (`B§` for *Bộ*, `K¢` for *Kế*, `PANG` for *ĐẢNG*).
            for &(sym, bare, s) in LOOKALIKES {
                // (A `$` that starts a word is an S: a vowel only after a letter.)
                let vowel_first = sym == '$' && bare != 's' && i == 0;
                if sym == *c && !vowel_first && !bases.iter().any(|x| x.0 == bare) {
                    bases.push((bare, s));
                }
            }
            if bases.is_empty() {
                return;
            }
            options.push(bases);
        }
        // The bare forms those make, the likeliest kept when there are too many.
        let mut bare_forms: Vec<(String, f32)> = vec![(String::new(), 0.0)];
        for opts in &options {
            let mut next = Vec::with_capacity(bare_forms.len() * opts.len());
            for (b, score) in &bare_forms {
                for (o, s) in opts {
                    let mut form = b.clone();
                    form.push(*o);
                    next.push((form, score + s));
                }
            }
            if next.len() > MAX_FORMS {
                next.select_nth_unstable_by(MAX_FORMS - 1, |a, b| b.1.total_cmp(&a.1));
                next.truncate(MAX_FORMS);
            }
            bare_forms = next;
        }
        for (bare, _) in &bare_forms {
            for &id in model.candidates(bare) {
                let syl: Vec<char> = model.vocab[id as usize].chars().collect();
                if syl.len() != obs.len() {
                    continue;
                }
                let score: f32 = obs
                    .iter()
                    .zip(&syl)
                    .map(|(o, t)| self.char_score(*o, *t))
                    .sum();
                if base + score >= FLOOR {
                    out.push((id, base + score));
                }
            }
        }
    }

    pub fn lookup(&self, observed: &str) -> &[(u32, f32)] {
        self.table.get(observed).map_or(&[], Vec::as_slice)
    }

    /// Readings of a token with one letter too many from the rows of the tokens it makes
    /// with a letter left out (`tty` → `ty`, which was *ủy* 35 times), at the odds of a
    /// letter too many; best first, each syllable once.
    pub fn shorter_rows(&self, observed: &str) -> Vec<(u32, f32)> {
        let obs: Vec<char> = observed.chars().collect();
        let mut out: Vec<(u32, f32)> = Vec::new();
        let mut key = String::new();
        self.each_letter_out(&obs, |shorter, base| {
            key.clear();
            key.extend(shorter);
            out.extend(self.lookup(&key).iter().map(|(id, sc)| (*id, base + sc)));
        });
        finish(out, usize::MAX)
    }

    /// Readings of a token with a letter too few: the syllables it makes with one of their
    /// marked vowels left out (`phi` → *phối*: English OCR drops a letter it cannot read), at
    /// the odds of a letter too few; at most `max`, the most frequent first. None for a token
    /// of one letter.
    pub fn dropped_vowel_readings(&self, observed: &str, max: usize) -> Vec<(u32, f32)> {
        let Some(fewer) = self.fewer_letter else {
            return Vec::new();
        };
        let bare = fold_lower(observed);
        let n = bare.chars().count();
        if n < 2 {
            return Vec::new();
        }
        // Where the letter was: any of the token's n + 1 places.
        let base = fewer - ((n + 1) as f32).log10();
        self.dropped.get(&bare).map_or_else(Vec::new, |ids| {
            ids.iter().take(max).map(|&id| (id, base)).collect()
        })
    }

    /// Whether `c` is a marked letter English OCR does not write for others (another
    /// engine's `ô`, `ä`, `ü`, `ã`).
    fn others_letter(&self, c: char) -> bool {
        !c.is_ascii() && !self.writes_for_others(c)
    }

    /// Whether English OCR was seen to write `c` for another letter (`é`, `6`, `¥`): a
    /// mark of its output, not of Vietnamese.
    pub fn writes_for_others(&self, c: char) -> bool {
        self.confused.contains(&c)
    }

    /// Whether English OCR could have written every letter of `word` (lowercased): ASCII, or
    /// one it was seen to write for another ([`Channel::writes_for_others`], `Lé`).
    pub fn english_ocr_could_write(&self, word: &str) -> bool {
        word.chars()
            .flat_map(char::to_lowercase)
            .all(|c| c.is_ascii() || self.writes_for_others(c))
    }

    pub fn knows(&self, observed: &str) -> bool {
        self.table.contains_key(observed)
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

/// [`Channel::dropped`]: each syllable of the model under the bare letters it leaves with one
/// of its marked vowels out (a vowel with a circumflex, breve or horn, or the tone's).
fn dropped_vowels(model: &Model) -> FxHashMap<String, Vec<u32>> {
    let mut out: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    let mut newer = Vec::new();
    for id in model.syllables() {
        // As written in either tone placement: the tone's vowel OCR could not read is *á* of
        // `xoá` (`xo`) as much as *ó* of `xóa` (`xa`).
        let (older, _) = model.parts(id);
        crate::text::syllable::analyse(model.written(id, true), &mut newer);
        let placements: &[&[crate::text::syllable::Letter]] = if newer.as_slice() == older {
            &[older]
        } else {
            &[older, &newer]
        };
        for letters in placements {
            for k in 0..letters.len() {
                let l = letters[k];
                let marked = l.marked != l.bare || l.tone != crate::text::syllable::Tone::Level;
                if !marked || !crate::text::syllable::is_vowel(l.marked) {
                    continue;
                }
                let key: String = letters
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != k)
                    .map(|(_, l)| l.bare)
                    .collect();
                let ids = out.entry(key).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
    }
    for ids in out.values_mut() {
        ids.sort_unstable();
    }
    out
}

/// Each syllable once, at its best score; best first, at most `max`.
fn finish(mut out: Vec<(u32, f32)>, max: usize) -> Vec<(u32, f32)> {
    out.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    out.dedup_by_key(|c| c.0);
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out.truncate(max);
    out
}

/// Word tokens of a text: letters, digits, marks and the `§` OCR writes for some letters.
pub fn words(text: &str) -> Vec<String> {
    crate::text::words(text).map(str::to_lowercase).collect()
}

/// Edit distance from the letters drawn `a` to the letters written `b`, where a digit written
/// for a letter costs half a change: English OCR writes digits for marked letters (`6` for *ở*,
/// `14` for *là*), and such a token is the word's reading, not a word of its own.
/// Word tokens of OCR'd text as restoring reads them ([`crate::text::ocr_words`]: `@` and `&`
/// beside a letter are letters), lowercased.
fn ocr_words(text: &str) -> Vec<String> {
    crate::text::ocr_words(text)
        .into_iter()
        .map(str::to_lowercase)
        .collect()
}

fn char_distance(a: &str, b: &str) -> f32 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let sub_cost = |x: char, y: char| match (x, y) {
        _ if x == y => 0.0,
        _ if x.is_alphabetic() && y.is_ascii_digit() => 0.5,
        _ => 1.0,
    };
    let mut prev: Vec<f32> = (0..=b.len()).map(|j| j as f32).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i as f32; b.len() + 1];
        for j in 1..=b.len() {
            let sub = prev[j - 1] + sub_cost(a[i - 1], b[j - 1]);
            cur[j] = sub.min(prev[j] + 1.0).min(cur[j - 1] + 1.0);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Aligns truth and OCR tokens (edit distance over tokens; a substitution costs the folded
/// letters' distance over their length) and returns the substituted pairs (truth, observed).
pub fn align(truth: &[String], ocr: &[String]) -> Vec<(String, String)> {
    let (n, m) = (truth.len(), ocr.len());
    let folded: Vec<String> = truth.iter().map(|t| fold_lower(t)).collect();
    let ocr_folded: Vec<String> = ocr.iter().map(|t| fold_lower(t)).collect();
    let cost = |i: usize, j: usize| -> f32 {
        let d = char_distance(&folded[i], &ocr_folded[j]);
        d / folded[i]
            .chars()
            .count()
            .max(ocr_folded[j].chars().count())
            .max(1) as f32
    };
    let mut dp = vec![vec![0f32; m + 1]; n + 1];
    for (i, row) in dp.iter_mut().enumerate() {
        row[0] = i as f32;
    }
    for (j, cell) in dp[0].iter_mut().enumerate() {
        *cell = j as f32;
    }
    for i in 1..=n {
        for j in 1..=m {
            dp[i][j] = (dp[i - 1][j - 1] + cost(i - 1, j - 1))
                .min(dp[i - 1][j] + 1.0)
                .min(dp[i][j - 1] + 1.0);
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let c = cost(i - 1, j - 1);
        if (dp[i][j] - (dp[i - 1][j - 1] + c)).abs() < 1e-4 {
            if c < 0.75 {
                pairs.push((truth[i - 1].clone(), ocr[j - 1].clone()));
            }
            i -= 1;
            j -= 1;
        } else if (dp[i][j] - (dp[i - 1][j] + 1.0)).abs() < 1e-4 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}

/// Learns the channel table from `DIR/*.gt.txt` with their `DIR/*.ocr.txt`: rows
/// `observed<TAB>syllable<TAB>count` for observed tokens seen at least `min` times.
pub fn learn(dir: &Path, model: &Model, min: u32) -> Result<String> {
    let mut counts: FxHashMap<(String, String), u32> = FxHashMap::default();
    let mut obs_total: FxHashMap<String, u32> = FxHashMap::default();
    let mut char_counts: FxHashMap<(char, char), u32> = FxHashMap::default();
    let mut truth_total: FxHashMap<String, u32> = FxHashMap::default();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("{}", dir.display()))?
        .collect::<std::result::Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    let mut pages = 0;
    for e in entries {
        let p = e.path();
        let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(".gt.txt") else {
            continue;
        };
        let ocr_path = dir.join(format!("{stem}.ocr.txt"));
        let Ok(ocr) = std::fs::read_to_string(&ocr_path) else {
            continue;
        };
        let truth = crate::text::nfc(&std::fs::read_to_string(&p)?);
        pages += 1;
        for (t, o) in align(&ocr_words(&truth), &ocr_words(&crate::text::nfc(&ocr))) {
            let Some(c) = canonical(&t).filter(|c| model.id(c).is_some()) else {
                continue;
            };
            // Letter pairs, from words whose letters line up one for one.
            let (oc, cc): (Vec<char>, Vec<char>) = (o.chars().collect(), c.chars().collect());
            if oc.len() == cc.len() {
                for (a, b) in oc.iter().zip(&cc) {
                    *char_counts.entry((*a, *b)).or_default() += 1;
                }
            }
            *obs_total.entry(o.clone()).or_default() += 1;
            *truth_total.entry(c.clone()).or_default() += 1;
            *counts.entry((o, c)).or_default() += 1;
        }
    }
    let mut rows: Vec<(&String, &String, u32)> = counts
        .iter()
        .filter(|((o, _), n)| **n >= min && obs_total[o] >= min)
        .map(|((o, c), n)| (o, c, *n))
        .collect();
    rows.sort();
    let mut out = format!(
        "# OCR channel learned by `vanthu train-channel` from {pages} rendered pages.\n\
         # token <TAB> token written by tesseract -l eng <TAB> syllable drawn <TAB> count\n"
    );
    for (o, c, n) in rows {
        out.push_str(&format!("token\t{o}\t{c}\t{n}\n"));
    }
    out.push_str("# total <TAB> - <TAB> syllable <TAB> times it was drawn\n");
    let mut totals: Vec<_> = truth_total.into_iter().collect();
    totals.sort();
    for (c, n) in totals {
        out.push_str(&format!("total\t-\t{c}\t{n}\n"));
    }
    out.push_str("# char <TAB> letter written <TAB> letter drawn <TAB> count\n");
    let mut chars: Vec<_> = char_counts.into_iter().filter(|(_, n)| *n >= min).collect();
    chars.sort();
    for ((a, b), n) in chars {
        out.push_str(&format!("char\t{a}\t{b}\t{n}\n"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_engines_marks_stand_for_their_letters_family() {
        let r = crate::restore::test_restorer();
        let readings = |w: &str| -> Vec<String> {
            r.explain_ocr_token(w)
                .1
                .into_iter()
                .map(|(s, _)| s)
                .collect()
        };
        // Never seen in training: `ü`, `ò` for a vowel of their letter with other marks, `ð`
        // for đ.
        assert!(readings("cüa").contains(&"của".to_string()));
        assert!(readings("nguòi").contains(&"người".to_string()));
        assert_eq!(readings("ðể")[0], "để");
        // Nor `è` for an o, `ë` for an o or an a: a vowel of another family, far less likely
        // than one of its own, but a path where nothing of its own fits.
        assert!(readings("phèng").contains(&"phòng".to_string()));
        assert!(readings("khoën").contains(&"khoản".to_string()));
        let (model, channel) = (&r.model, &r.channel);
        let score = |obs: &str, s: &str| {
            let id = model.id(s).unwrap();
            let found = channel
                .by_letters(obs, model, 64)
                .into_iter()
                .find(|c| c.0 == id);
            found.map(|c| c.1)
        };
        assert!(score("mô", "mộ").unwrap() > score("mô", "mỹ").unwrap() + 3.0);
    }

    #[test]
    fn alignment_pairs_garbled_tokens_with_truth() {
        let truth = words("Nghị quyết số 57 của Bộ Chính trị");
        let ocr = words("Nghi quyét s6 57 ciia B§ Chinh tri");
        let pairs = align(&truth, &ocr);
        assert!(pairs.contains(&("số".into(), "s6".into())));
        assert!(pairs.contains(&("quyết".into(), "quyét".into())));
        assert!(pairs.contains(&("chính".into(), "chinh".into())));
        // Digits English OCR writes for a word are that word's reading.
        let truth = words("hỗ trợ nhà ở cho hộ nghèo, đặc biệt là khu vực");
        let ocr = words("hé tro nha 6 cho hd nghéo, dac biét 14 khu vuc");
        let pairs = align(&truth, &ocr);
        assert!(pairs.contains(&("ở".into(), "6".into())), "{pairs:?}");
        assert!(pairs.contains(&("là".into(), "14".into())), "{pairs:?}");
    }

    #[test]
    fn a_letter_stands_for_letters_of_every_bare_letter_it_was_seen_for() {
        let r = crate::restore::test_restorer();
        let (model, channel) = (&r.model, &r.channel);
        // `é` was written for ế, ệ, ê, ề, ố, ể, ớ, ó, ộ, then á and â: *tâm* (as in
        // `trong tém` for *trọng tâm*) is among what `tém` may be, not only *têm*, *tôm*…
        let ids: Vec<u32> = channel
            .by_letters("tém", model, 8)
            .iter()
            .map(|c| c.0)
            .collect();
        let names: Vec<&str> = ids.iter().map(|&i| model.written(i, false)).collect();
        for s in ["têm", "tóm", "tám", "tâm"] {
            assert!(ids.contains(&model.id(s).unwrap()), "{s} not in {names:?}");
        }
        // A token no syllable of its length fits may have a letter too many: `héda`, *hóa*.
        let best = channel.by_letters("héda", model, 8);
        assert_eq!(best.first().map(|c| c.0), model.id("hóa"));
        // So may one seen whole: `tty`, seen only for *từ*, leaves `ty`, seen for *ủy*.
        let rows: Vec<u32> = channel.lookup("tty").iter().map(|c| c.0).collect();
        assert!(!rows.contains(&model.id("ủy").unwrap()));
        let shorter = channel.shorter_rows("tty");
        assert!(shorter.iter().any(|c| Some(c.0) == model.id("ủy")));
        // And one a letter too few, where English OCR dropped a marked vowel: `phi` may be
        // *phối*, `trong` *trường*; never by leaving out a consonant or a plain vowel.
        let fewer = |t: &str| -> Vec<u32> {
            let v = channel.dropped_vowel_readings(t, 8);
            v.iter().map(|c| c.0).collect()
        };
        assert!(fewer("phi").contains(&model.id("phối").unwrap()));
        assert!(fewer("trong").contains(&model.id("trường").unwrap()));
        assert!(!fewer("trong").contains(&model.id("trong").unwrap()));
        assert!(!fewer("tin").contains(&model.id("tính").unwrap()));
        assert!(fewer("a").is_empty());
    }
}
