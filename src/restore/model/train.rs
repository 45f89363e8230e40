//! Training a model from text: the lexicon, the n-gram counts, and modified Kneser–Ney.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use anyhow::{Context, Result};
use rustc_hash::FxHashMap;

use super::{quant, tri_key, Model, BOUNDARY, COMMA, UNK};
use crate::text::fold_lower;
use crate::text::syllable::{canonical, has_syllable_shape, split_tone};

/// The three discounts of one order of modified Kneser–Ney.
#[derive(Debug, Clone, Copy)]
pub(super) struct Discounts(pub(super) [f64; 3]);

impl Discounts {
    /// Chen & Goodman's estimate from the counts of counts n1…n4:
    /// Y = n1 / (n1 + 2·n2), D_k = k − (k+1)·Y·n_{k+1}/n_k. Falls back to 0.5, 1, 1.5 where
    /// the counts are too few to say (tiny training sets in tests).
    pub(super) fn estimate(counts: impl Iterator<Item = u64>) -> Discounts {
        let mut n = [0f64; 5];
        for c in counts {
            if (1..=4).contains(&c) {
                n[c as usize] += 1.0;
            }
        }
        let fallback = Discounts([0.5, 1.0, 1.5]);
        if n[1..].contains(&0.0) {
            return fallback;
        }
        let y = n[1] / (n[1] + 2.0 * n[2]);
        let d = |k: usize| (k as f64 - (k as f64 + 1.0) * y * n[k + 1] / n[k]).clamp(0.0, k as f64);
        Discounts([d(1), d(2), d(3)])
    }

    pub(super) fn of(&self, count: u64) -> f64 {
        match count {
            0 => 0.0,
            1 => self.0[0],
            2 => self.0[1],
            _ => self.0[2],
        }
    }
}

/// A word of a sentence, lowercased, and whether it was written with a capital (`Sở`, not
/// `SỞ` nor `sở`).
pub type Word = (String, bool);

/// Whether `c`, with `rest` after it, ends a sentence: for training ([`sentences`]) and for
/// the decoder alike, so that the model is read as it was learned. A `(` right before a digit
/// goes on the sentence: `(03 bản)`, and OCR's `(3/6/2025` for `03/6/2025`.
pub(crate) fn ends_sentence(c: char, rest: &str) -> bool {
    matches!(c, '.' | ';' | ':' | '?' | '!' | ')' | '"' | '“' | '”')
        || (c == '(' && !rest.starts_with(|d: char| d.is_ascii_digit()))
}

/// Splits a line into sentences of words: letters only; a comma is a word of its own
/// ([`COMMA`]), and so is anything else between words that is not a space (`None`); what
/// [`ends_sentence`] says ends a sentence.
pub fn sentences(line: &str) -> Vec<Vec<Option<Word>>> {
    let mut out = vec![Vec::new()];
    let mut word = String::new();
    let mut in_other = false;
    let flush = |word: &mut String, out: &mut Vec<Vec<Option<Word>>>| {
        if !word.is_empty() {
            let mut chars = word.chars();
            let capital =
                chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_uppercase());
            out.last_mut()
                .unwrap()
                .push(Some((word.to_lowercase(), capital)));
            word.clear();
        }
    };
    for (i, c) in line.char_indices() {
        if c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c) {
            word.push(c);
            in_other = false;
        } else {
            flush(&mut word, &mut out);
            if ends_sentence(c, &line[i + c.len_utf8()..]) {
                if !out.last().unwrap().is_empty() {
                    out.push(Vec::new());
                }
                in_other = false;
            } else if c == ',' {
                out.last_mut()
                    .unwrap()
                    .push(Some((COMMA.to_string(), false)));
                in_other = false;
            } else if c.is_whitespace() || matches!(c, '-' | '–') {
                in_other = false;
            } else if !in_other {
                out.last_mut().unwrap().push(None);
                in_other = true;
            }
        }
    }
    flush(&mut word, &mut out);
    out.retain(|s| !s.is_empty());
    out
}

/// Training options.
pub struct Training {
    /// A syllable seen fewer times (weighted) is left out of the lexicon.
    pub min_syllable: u64,
    /// A trigram seen fewer times (weighted) is left out.
    pub min_trigram: u64,
    pub min_bigram: u64,
    /// A word that is no syllable (an abbreviation) enters the model from this many times.
    pub min_other: u64,
    /// An abbreviation with a Đ (`đbqh`, `tgđ`) enters it from this many: stripped text and
    /// English OCR lose the stroke, and the restorer writes it back only for a word the
    /// model knows.
    pub min_stroked: u64,
}

impl Default for Training {
    fn default() -> Self {
        Training {
            min_syllable: 3,
            min_trigram: 1,
            min_bigram: 1,
            min_other: 200,
            min_stroked: 20,
        }
    }
}

pub(super) fn for_lines(path: &Path, mut f: impl FnMut(&str)) -> Result<()> {
    let file = std::fs::File::open(path).with_context(|| format!("{}", path.display()))?;
    for line in std::io::BufReader::with_capacity(1 << 20, file).lines() {
        let line = line.with_context(|| format!("{}: not UTF-8", path.display()))?;
        f(&crate::text::nfc(&line));
    }
    Ok(())
}

/// Whether `line` is Vietnamese with its marks stripped: of its words with a vowel (`NĐ`,
/// `CP` are codes), five or more, eight in ten with a syllable's letters, fewer than two in
/// ten marked (typed text marks some two words in three; a short line of it may mark few:
/// `khi tham gia giao thông`).
/// Training leaves such lines out: the Pháp điển's attachments are named so (`Phu luc kem
/// theo Nghi dinh …`), and their bare words, learned as words, would be read back as
/// themselves (`PHU LUC KEM THEO` kept as it is). A line in English has words no syllable
/// has (`registration`), and stays.
pub(super) fn stripped(line: &str) -> bool {
    let (mut words, mut marked, mut shaped) = (0usize, 0usize, 0usize);
    for w in line
        .split(|c: char| !(c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c)))
        .filter(|w| crate::text::has_vowel(w))
    {
        words += 1;
        marked += usize::from(!w.is_ascii());
        shaped += usize::from(has_syllable_shape(&crate::text::fold_lower(w)));
    }
    words >= 5 && marked * 10 < words * 2 && shaped * 10 >= words * 8
}

/// Trains a model from `(file, weight)` pairs: each file's counts are multiplied by its weight
/// (administrative text above general text).
/// Also returns what it counted of each word beside the n-grams ([`Side`]).
pub fn train(inputs: &[(std::path::PathBuf, u64)], opts: &Training) -> Result<(Model, Side)> {
    let (vocab, word_id) = lexicon(inputs, opts)?;
    let (tri, side) = count(inputs, &word_id, vocab.len())?;
    Ok((kneser_ney(vocab, &tri, opts), side))
}

/// What training counts of each word id beside the n-grams (weighted as they are).
pub struct Side {
    /// How often it had a capital right after a word in lower case, and how often it followed
    /// one (`[capitalised, all]`, see [`crate::restore::capitals`]).
    pub capitals: Vec<[u64; 2]>,
    /// How often it was a given or middle name after a surname, and how often a middle one
    /// (`[all, middle]`, see [`crate::restore::names`]).
    pub names: Vec<[u64; 2]>,
}

/// Pass 1: the lexicon (syllables, and frequent words that are not syllables, most frequent
/// first after `<unk>` and `<s>`), and the id of each word as written.
fn lexicon(
    inputs: &[(std::path::PathBuf, u64)],
    opts: &Training,
) -> Result<(Vec<String>, FxHashMap<String, u32>)> {
    let mut words: FxHashMap<String, u64> = FxHashMap::default();
    for (p, w) in inputs {
        for_lines(p, |line| {
            if stripped(line) {
                return;
            }
            for s in sentences(line) {
                for (t, _) in s.into_iter().flatten() {
                    *words.entry(t).or_default() += w;
                }
            }
        })?;
    }
    let mut syl: HashMap<String, u64> = HashMap::new();
    let mut form: FxHashMap<String, String> = FxHashMap::default();
    for (word, n) in &words {
        if word == COMMA {
            syl.insert(COMMA.to_string(), *n);
            form.insert(COMMA.to_string(), COMMA.to_string());
            continue;
        }
        let Some(c) = canonical(word) else { continue };
        let Some((letters, _)) = split_tone(&c) else {
            continue;
        };
        if has_syllable_shape(&letters) {
            *syl.entry(c.clone()).or_default() += n;
            form.insert(word.clone(), c);
        } else if (*n >= opts.min_other || (*n >= opts.min_stroked && word.contains('đ')))
            && word.chars().count() <= 8
        {
            // A frequent word that is not a syllable (ubnd, hđnd): context for the model.
            *syl.entry(word.clone()).or_default() += n;
            form.insert(word.clone(), word.clone());
        }
    }
    let mut kept: Vec<(String, u64)> = syl
        .into_iter()
        .filter(|(_, n)| *n >= opts.min_syllable)
        .collect();
    kept.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    kept.truncate(65_000);
    // The readings of one bare form (`ma`: *mà, ma, má, mã, mạ, mả*) are numbered side by
    // side, most frequent first; the forms by their most frequent reading. A word's readings
    // then sit side by side in every row of the model's tables, where one look-up of the row
    // finds them all ([`Model::scores_shared`]).
    let mut group_of: FxHashMap<String, usize> = FxHashMap::default();
    let mut groups: Vec<Vec<(String, u64)>> = Vec::new();
    for (s, n) in kept {
        let g = *group_of.entry(fold_lower(&s)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push((s, n));
    }
    let kept: Vec<(String, u64)> = groups.into_iter().flatten().collect();
    let mut vocab = vec!["<unk>".to_string(), "<s>".to_string()];
    let mut index: FxHashMap<String, u32> = FxHashMap::default();
    for (s, _) in &kept {
        index.insert(s.clone(), vocab.len() as u32);
        vocab.push(s.clone());
    }
    let word_id: FxHashMap<String, u32> = form
        .into_iter()
        .filter_map(|(w, c)| index.get(&c).map(|id| (w, *id)))
        .collect();

    Ok((vocab, word_id))
}

/// Trigram counts (the lower orders' are continuation counts, derived from them), and what is
/// counted beside them.
type Counts = (FxHashMap<u64, u64>, Side);

/// Pass 2: n-gram counts, how often each word right after a word in lower case has a capital,
/// and how often each is a name after a surname.
fn count(
    inputs: &[(std::path::PathBuf, u64)],
    word_id: &FxHashMap<String, u32>,
    vocab_len: usize,
) -> Result<Counts> {
    let mut tri: FxHashMap<u64, u64> = FxHashMap::default();
    let mut capitals = vec![[0u64; 2]; vocab_len];
    let mut names = vec![[0u64; 2]; vocab_len];
    for (p, weight) in inputs {
        for_lines(p, |line| {
            if stripped(line) {
                return;
            }
            for s in sentences(line) {
                let id_of = |t: &Option<Word>| {
                    t.as_ref()
                        .and_then(|(t, _)| word_id.get(t))
                        .copied()
                        .unwrap_or(UNK)
                };
                let mut all = Vec::with_capacity(s.len() + 3);
                all.extend([BOUNDARY, BOUNDARY]);
                all.extend(s.iter().map(id_of));
                all.push(BOUNDARY);
                for i in 2..all.len() {
                    *tri.entry(tri_key(all[i - 2], all[i - 1], all[i]))
                        .or_default() += weight;
                }
                // The capitals and the names are counted on the words alone, as the
                // restorer sees them (a comma is no word before a capital).
                let (s, words): (Vec<Option<Word>>, Vec<u32>) = s
                    .into_iter()
                    .zip(all[2..].iter().copied())
                    .filter(|(t, _)| t.as_ref().is_none_or(|(w, _)| w != COMMA))
                    .unzip();
                let mut ids = Vec::with_capacity(words.len() + 2);
                ids.extend([BOUNDARY, BOUNDARY]);
                ids.extend(words);
                // A word right after a word in lower case: does a capitalised phrase start?
                for (pair, &id) in s.windows(2).zip(ids.iter().skip(3)) {
                    if let [Some((_, false)), Some((_, capital))] = pair {
                        if id > BOUNDARY {
                            capitals[id as usize][0] += weight * u64::from(*capital);
                            capitals[id as usize][1] += weight;
                        }
                    }
                }
                for (given, middle) in crate::restore::names::given_names(&s) {
                    let id = ids[given + 2];
                    if id > BOUNDARY {
                        names[id as usize][0] += weight;
                        names[id as usize][1] += weight * u64::from(middle);
                    }
                }
            }
        })?;
    }
    Ok((tri, Side { capitals, names }))
}

/// The model of the counts: interpolated modified Kneser–Ney in backoff form, pruned by
/// `opts`.
fn kneser_ney(vocab: Vec<String>, tri: &FxHashMap<u64, u64>, opts: &Training) -> Model {
    let v = vocab.len();
    // Modified Kneser–Ney (Chen & Goodman 1998): three discounts per order, for counts of one,
    // two and three or more, estimated from that order's counts of counts.
    let d3 = Discounts::estimate(tri.values().copied());
    // Trigram contexts: c(u v •) and the discounted mass D1·N1 + D2·N2 + D3·N3+ of (u v •).
    let mut ctx2: FxHashMap<u32, (u64, f64)> = FxHashMap::default();
    // Bigram continuation counts N1+(• v w).
    let mut cont_bi: FxHashMap<u32, u64> = FxHashMap::default();
    for (k, n) in tri {
        let e = ctx2.entry((k >> 16) as u32).or_default();
        e.0 += n;
        e.1 += d3.of(*n);
        *cont_bi.entry((k & 0xffff_ffff) as u32).or_default() += 1;
    }
    let d2 = Discounts::estimate(cont_bi.values().copied());
    // One-word contexts over continuation counts: Σ_w N1+(• v w) and its discounted mass.
    let mut ctx1 = vec![(0u64, 0f64); v];
    let mut cont_uni = vec![0u64; v];
    for (k, n) in &cont_bi {
        let e = &mut ctx1[(k >> 16) as usize];
        e.0 += n;
        e.1 += d2.of(*n);
        cont_uni[(k & 0xffff) as usize] += 1;
    }
    let bigram_types = cont_bi.len().max(1) as f64;
    let p_uni: Vec<f64> = cont_uni
        .iter()
        .map(|n| (*n as f64 + 0.5) / (bigram_types + 0.5 * v as f64))
        .collect();
    let lambda1: Vec<f64> = ctx1
        .iter()
        .map(|(c, mass)| if *c == 0 { 1.0 } else { mass / *c as f64 })
        .collect();
    let p_bi = |k: u32| -> f64 {
        let (vv, w) = ((k >> 16) as usize, (k & 0xffff) as usize);
        let c = cont_bi.get(&k).copied().unwrap_or(0);
        let (cv, _) = ctx1[vv];
        let first = if cv == 0 {
            0.0
        } else {
            (c as f64 - d2.of(c)).max(0.0) / cv as f64
        };
        first + lambda1[vv] * p_uni[w]
    };
    let uni_lp: Vec<f32> = p_uni.iter().map(|p| p.log10() as f32).collect();
    let bow1: Vec<f32> = lambda1.iter().map(|l| l.log10() as f32).collect();
    let bi_q: FxHashMap<u32, u16> = cont_bi
        .iter()
        .filter(|(_, n)| **n >= opts.min_bigram)
        .map(|(k, _)| (*k, quant(p_bi(*k).log10() as f32)))
        .collect();
    let tri_q: FxHashMap<u64, u16> = tri
        .iter()
        .filter(|(_, n)| **n >= opts.min_trigram)
        .map(|(k, n)| {
            let (c, mass) = ctx2[&((k >> 16) as u32)];
            let lambda = mass / c as f64;
            let p = (*n as f64 - d3.of(*n)).max(0.0) / c as f64
                + lambda * p_bi((k & 0xffff_ffff) as u32);
            (*k, quant(p.log10() as f32))
        })
        .collect();
    let bow2: FxHashMap<u32, u16> = ctx2
        .iter()
        .map(|(k, (c, mass))| (*k, quant((mass / *c as f64).log10() as f32)))
        .collect();
    Model::assemble(vocab, uni_lp, bow1, bi_q, tri_q, bow2)
}
