//! The document's own evidence: a document says how it reads its words where it is plain, and
//! so where it is not (a cache model, Kuhn & De Mori 1990). The first decoding of a text says how
//! sure it is of each reading; where it was sure, those readings are counted by the word's bare
//! letters (and again by those letters beside the bare letters of the word before or after), and
//! each reading of the same letters elsewhere gains the log of its share of them (beside the
//! same letters, where it has any there) over the share the model expects; the sentences whose
//! reading that could overturn are decoded again. A person or a place is named alike
//! throughout. Knows nothing of how a word's readings are found (the lattice) nor of how a
//! sentence is decoded ([`super::decode`]).

use std::ops::Range;

use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use super::decode::{self, Gap, Sure};
use super::model::UNK;
use super::tokens::Token;
use super::verdict::{Scratch, Seen};
use super::{Candidates, Named, Pass, Restorer, READINGS};
use crate::text::syllable::Letter;

/// A reading the first pass is this sure of is the document's evidence
/// ([`Restorer::weigh_document`]).
const DOC_SURE: f32 = 0.9;
/// How many of a word's readings (by its bare letters) are asked how sure they are. 16 were
/// enough for a share; the readings beside the same letters ([`DOC_NEAR_PRIOR`]) are counted
/// from the same words, and want more (swept 16, 32, 64, all: 32 has nearly all of all's
/// gain).
const DOC_ASKED: u32 = 32;
/// The document's evidence is counted over stretches of this many words (to the end of the
/// sentence).
const DOC_SPAN: usize = 2500;
/// Smoothing of the document's evidence, in words.
const DOC_PRIOR: f32 = 2.0;
/// Smoothing of the document's evidence next to the same letters, in words: a word's readings
/// beside the letters it has beside it elsewhere count against this many of the document's
/// readings of it over all its places ([`Restorer::document_evidence`]). Swept 1, 3, 10, 30
/// over every set together: 10 the one none lost at, 1 and 3 let a single sure reading carry a
/// place's name (`TÂY LÍNH` in a heading, then *Tây Lính* throughout).
const DOC_NEAR_PRIOR: f32 = 10.0;
/// Weight of the document's evidence in the decoder's score (log10 of its odds): the
/// restorer's [`Restorer::doc_weight`] as loaded.
pub const DOC_WEIGHT: f32 = 0.75;

/// A hash of a word's bare letters (no marks, đ→d, lower case; FNV-1a over their UTF-8), the
/// key the document's evidence is kept by: worked out from the letters [`Restorer::see`]
/// found, without folding the word again.
fn bare_hash(letters: &[Letter]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut buf = [0u8; 4];
    for l in letters {
        for b in l.bare.encode_utf8(&mut buf).bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Each token's [`bare_hash`].
pub(super) fn bare_keys(seen: &[Seen], scratch: &Scratch) -> Vec<u64> {
    seen.iter()
        .map(|w| bare_hash(&scratch.all_letters[w.letters.clone()]))
        .collect()
}

/// One more of `id` in counts of readings.
fn tally<A: smallvec::Array<Item = (u32, u32)>>(counts: &mut SmallVec<A>, id: u32) {
    match counts.iter_mut().find(|c| c.0 == id) {
        Some(c) => c.1 += 1,
        None => counts.push((id, 1)),
    }
}

/// What the document's evidence says of a word ([`Restorer::weigh_document`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Again {
    /// Nothing against its first reading.
    No,
    /// It favours another reading, but less than the word's own context favours the first
    /// (or, another word of its sentence overturned, it was not asked which: it is free to
    /// change either way).
    Leans,
    /// It could overturn the first reading: the sentence is decoded again.
    Overturns,
}

/// What the first decoding of a stretch of text read, for the document's evidence
/// ([`Restorer::weigh_document`]): each token's [`bare_hash`], whether it ends a sentence, and
/// how sure the decoder was of its reading (the share of the paths its beam kept that differ
/// from the chosen one only there, the two words after it as read: NaN where it cannot tell).
#[derive(Clone, Copy)]
pub(super) struct FirstReading<'a> {
    pub keys: &'a [u64],
    pub ends: &'a [bool],
    pub sure: &'a [Sure],
}

/// A word where the document's evidence asks how sure the first reading is: its neighbours'
/// readings, its own reading, and its readings with their scores (bits).
type Window = ([u32; 4], usize, SmallVec<[(u32, u32); READINGS]>);
/// Counts of a word's sure readings beside the letters of a word before or after it: each
/// reading, and how many ([`Restorer::weigh_document`]).
type Counts = SmallVec<[(u32, u32); 2]>;
/// What the document says of the words of one bare form ([`Restorer::weigh_document`]).
struct KeyEvidence {
    /// The reading of its first word, and whether another word is read otherwise.
    first: u32,
    mixed: bool,
    /// How many of its words were asked how sure their reading is, and how many were sure.
    asked: u32,
    total: u32,
    /// Each reading of the sure words, and how many.
    sure: SmallVec<[(u32, u32); 4]>,
    /// What the key's sure readings say of the readings last weighed ([`Shares`]).
    shares: Option<Box<Shares>>,
}

/// What a key's sure readings say of a word's readings, whatever the letters beside it: the
/// same for each word of the key with the same readings, so worked out once
/// ([`Restorer::document_evidence`]).
struct Shares {
    ids: SmallVec<[u32; READINGS]>,
    /// The share of each the model expects (its unigram among theirs).
    expected: SmallVec<[f32; READINGS]>,
    /// Its share of the key's sure readings, smoothed by [`DOC_PRIOR`] towards `expected`.
    doc: SmallVec<[f32; READINGS]>,
    /// log10 of [`DOC_NEAR_PRIOR`] times `doc` over `expected`: the evidence, less
    /// log10 of the sure readings beside the word and [`DOC_NEAR_PRIOR`], of a reading not
    /// among those.
    unseen_near: SmallVec<[f32; READINGS]>,
    /// Where the evidence of a word with no sure readings beside it starts in the evidence
    /// weighed, once weighed: the same for each such word.
    alone: Option<u32>,
}

impl KeyEvidence {
    fn first_read(id: u32) -> KeyEvidence {
        KeyEvidence {
            first: id,
            mixed: false,
            asked: 0,
            total: 0,
            sure: SmallVec::new(),
            shares: None,
        }
    }

    /// A sure word read as `id`.
    fn sure_of(&mut self, id: u32) {
        self.total += 1;
        tally(&mut self.sure, id);
    }

    /// How many sure words were read as `id`.
    fn count(&self, id: u32) -> u32 {
        self.sure.iter().find(|s| s.0 == id).map_or(0, |s| s.1)
    }
}

impl Restorer {
    /// The document's evidence over the text read first (`first`), a stretch of [`DOC_SPAN`]
    /// words at a time, to a sentence's end (a long text may be many documents, on as many
    /// subjects): weighed into the readings' scores ([`Restorer::weigh_document`]), and the
    /// sentences where it could overturn a reading decoded again.
    pub(super) fn decode_again(
        &self,
        text: &str,
        (tokens, gaps, flat): (&[Token], &[Gap], &[bool]),
        first: &FirstReading,
        lattice: &mut [(u32, Candidates)],
        chosen: &mut [Option<usize>],
    ) {
        let mut start = 0;
        while start < tokens.len() {
            let mut end = (start + DOC_SPAN).min(tokens.len());
            while end < tokens.len() && !tokens[end - 1].boundary_after {
                end += 1;
            }
            let flat = flat.get(start..end).unwrap_or(&[]);
            let (t, g, l, c) = (
                &tokens[start..end],
                &gaps[start..end],
                &mut lattice[start..end],
                &mut chosen[start..end],
            );
            let stretch = FirstReading {
                keys: &first.keys[start..end],
                ends: &first.ends[start..end],
                sure: &first.sure[start..end],
            };
            if let Some(again) = self.weigh_document(&stretch, g, l, c) {
                self.decode_sentences(text, t, l, g, flat, Pass::Again(&again), c);
            }
            start = end;
        }
    }
    /// The document's own evidence: how often, where the first reading was sure of a word
    /// (≥ [`DOC_SURE`]), it read those bare letters as each syllable. A document
    /// about fire safety says *khói* where it is plain, and so where it is not; a regulation of
    /// exam boards says *Ban* (a cache model, Kuhn & De Mori 1990). Each reading gains the log
    /// of its share of the document's sure readings over the share the model expects of it
    /// (its unigram among the word's readings), so a document that reads its words as most
    /// texts do adds nothing. Adds it to the readings' scores and says which tokens' sentences
    /// to decode again (those whose reading it could overturn); `None` when there are none.
    ///
    /// How sure the first reading is of a word is the decoder's own answer
    /// ([`FirstReading::sure`]); where it has none, the word's local confidence among all its
    /// readings, its neighbours as read ([`Restorer::confidence_among`]). Where the evidence
    /// favours a reading the decoder did not weigh, that reading's local odds against the
    /// first join the decoder's answer.
    pub(super) fn weigh_document(
        &self,
        first: &FirstReading,
        gaps: &[Gap],
        lattice: &mut [(u32, Candidates)],
        chosen: &[Option<usize>],
    ) -> Option<Vec<Again>> {
        let FirstReading { keys, ends, sure } = *first;
        if self.doc_weight == 0.0 {
            return None;
        }
        // The words with more than one reading: the slot of the key of their bare letters in
        // `per_key`, the index of their first reading and its syllable.
        let mut slot_of: FxHashMap<u64, u32> = FxHashMap::default();
        let mut per_key: Vec<KeyEvidence> = Vec::new();
        let mut words: Vec<(usize, u32, usize, u32)> = Vec::with_capacity(lattice.len());
        for i in 0..lattice.len() {
            let (Some(cs), Some(k)) = (&lattice[i].1, chosen[i]) else {
                continue;
            };
            // A number's digits are no letters of the document's words.
            if cs.len() < 2 || cs[0].0 == UNK {
                continue;
            }
            let id = cs[k].0;
            let slot = *slot_of.entry(keys[i]).or_insert_with(|| {
                per_key.push(KeyEvidence::first_read(id));
                per_key.len() as u32 - 1
            });
            // Only letters the document reads in more than one way can lend evidence to
            // another word: where it reads them all alike, the evidence would only agree.
            let e = &mut per_key[slot as usize];
            e.mixed |= e.first != id;
            words.push((i, slot, k, id));
        }
        if !per_key.iter().any(|e| e.mixed) {
            return None;
        }
        // Each key's first readings are asked how sure they are, as many as tell its share
        // ([`DOC_ASKED`]); the rest are asked only where the evidence goes against them. A
        // word is asked once, and a formulaic text says the same phrase again and again: a
        // word between the same neighbours, with the same readings, is as sure as it was.
        let mut known: FxHashMap<Window, f32> = FxHashMap::default();
        let mut confidence =
            |lattice: &[(u32, Candidates)], i: usize, against: Option<usize>| -> f32 {
                let (Some(cs), Some(k)) = (&lattice[i].1, chosen[i]) else {
                    return 1.0;
                };
                let sure = sure[i];
                let around = || decode::neighbours(lattice, chosen, ends, gaps, i);
                match against {
                    _ if sure.p.is_nan() => {}
                    Some(j) if !sure.kept(j) => {
                        // The decoder did not weigh the reading the evidence favours: its
                        // odds against the first reading, asked here, join the others'.
                        let pair = self.confidence_among(around(), &[cs[k], cs[j]], 0).0;
                        return 1.0 / (1.0 / sure.p + 1.0 / pair - 1.0);
                    }
                    _ => return sure.p,
                }
                let around = around();
                let key = (around, k, cs.iter().map(|c| (c.0, c.1.to_bits())).collect());
                *known
                    .entry(key)
                    .or_insert_with(|| self.confidence_among(around, cs, k).0)
            };
        let mut sure_words: Vec<(usize, u32)> = Vec::new();
        for &(i, slot, _, id) in &words {
            let e = &mut per_key[slot as usize];
            if !e.mixed || e.asked >= DOC_ASKED {
                continue;
            }
            e.asked += 1;
            if confidence(lattice, i, None) >= DOC_SURE {
                e.sure_of(id);
                sure_words.push((i, id));
            }
        }
        if sure_words.is_empty() {
            return None;
        }
        // The sure words counted again by the bare letters of the word before them and of the
        // word after (in their sentence): what the document reads these letters as next to
        // those (*kính trình* in a budget whose `kinh` is mostly *kinh phí*).
        let pair_key = |i: usize, right: bool| -> Option<u64> {
            if right {
                (i + 1 < keys.len() && !ends[i])
                    .then(|| keys[i].wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ keys[i + 1] ^ 1)
            } else {
                (i > 0 && !ends[i - 1])
                    .then(|| keys[i - 1].wrapping_mul(0xc2b2_ae3d_27d4_eb4f) ^ keys[i] ^ 2)
            }
        };
        let mut pairs: FxHashMap<u64, Counts> = FxHashMap::default();
        for &(i, id) in &sure_words {
            for right in [false, true] {
                if let Some(pk) = pair_key(i, right) {
                    tally(pairs.entry(pk).or_default(), id);
                }
            }
        }
        // What the document's evidence adds to each reading of a word (log10): its share of
        // the word's sure readings in the document against the share the model expects.
        // Decoded again where the evidence could overturn the first reading: its odds
        // against the others are under what the evidence adds to the reading it favours.
        let mut again = vec![Again::No; lattice.len()];
        // Each word's sentence, whether the evidence overturns a reading in each, and the
        // words it may overturn whose first reading is still to be asked how sure it is.
        let mut sentence = Vec::with_capacity(lattice.len());
        let mut n = 0u32;
        for &end in ends {
            sentence.push(n);
            n += u32::from(end);
        }
        let mut overturned = vec![false; n as usize + 1];
        let mut asks: Vec<(usize, usize, f32)> = Vec::new();
        let odds = |p: f32| (p / (1.0 - p).max(1e-6)).log10();
        // Each word given evidence, and where in `weighed` its readings' evidence starts.
        let mut added: Vec<(usize, u32)> = Vec::with_capacity(words.len());
        let mut weighed: Vec<f32> = Vec::with_capacity(words.len() * 4);
        for &(i, slot, k, _) in &words {
            let e = &mut per_key[slot as usize];
            let Some(cs) = lattice[i].1.as_ref().filter(|_| e.total > 0) else {
                continue;
            };
            // The sure readings beside the letters this word has beside it.
            let near = [false, true].map(|r| pair_key(i, r).and_then(|pk| pairs.get(&pk)));
            let w = self.document_evidence(cs, e, near, &mut weighed);
            let ev = &weighed[w as usize..][..cs.len()];
            let best = (0..cs.len()).fold(k, |b, j| if ev[j] > ev[b] { j } else { b });
            if best != k {
                let gap = ev[best] - ev[k];
                let s = sure[i];
                again[i] = if s.p.is_nan() {
                    asks.push((i, best, gap));
                    Again::Leans
                } else if odds(s.p) < gap {
                    // (Asked, the reading's odds would be lower still.)
                    Again::Overturns
                } else if s.kept(best) {
                    Again::Leans
                } else {
                    asks.push((i, best, gap));
                    Again::Leans
                };
                if again[i] == Again::Overturns {
                    overturned[sentence[i] as usize] = true;
                }
            }
            added.push((i, w));
        }
        // The words whose first reading is asked how sure it is, where the answer decides
        // whether their sentence is decoded again: not where another word already has it
        // decoded again (in it they are free to change either way).
        for (i, best, gap) in asks {
            if overturned[sentence[i] as usize] {
                continue;
            }
            if odds(confidence(lattice, i, Some(best))) < gap {
                again[i] = Again::Overturns;
                overturned[sentence[i] as usize] = true;
            }
        }
        if !overturned.contains(&true) {
            return None;
        }
        for (i, w) in added {
            if let Some(cs) = lattice[i].1.as_mut() {
                for (c, x) in cs.iter_mut().zip(&weighed[w as usize..]) {
                    c.1 += x;
                }
            }
        }
        Some(again)
    }

    /// A person or a place is named alike throughout a document: a name (`names`, runs of
    /// tokens from a surname on, or a place's after a word for one, as `named` says) that
    /// comes more than once with the same bare letters (`keys`) and is read one way here and
    /// another there is read everywhere the way likeliest over all its places together, word
    /// by word: the sum of the log of each word's share among its readings, its neighbours as
    /// read (`Phạm Văn Đức` four times, *Dục* where `làm chứng` follows). How sure each is
    /// stays its own ([`Restorer::write`] asks its neighbours), so a name the document
    /// cannot settle is still marked unsure.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn one_name(
        &self,
        names: &[Range<usize>],
        named: Named,
        keys: &[u64],
        ends: &[bool],
        gaps: &[Gap],
        lattice: &[(u32, Candidates)],
        chosen: &mut [Option<usize>],
    ) {
        let read = |chosen: &[Option<usize>], j: usize| decode::read_as(lattice, chosen, j);
        let mut same: FxHashMap<&[u64], Vec<usize>> = FxHashMap::default();
        for (n, run) in names.iter().enumerate() {
            // A place's name is one where a word for a place is read before it.
            if named == Named::Place && !self.place_words.contains(&read(chosen, run.start - 1)) {
                continue;
            }
            same.entry(&keys[run.clone()]).or_default().push(n);
        }
        // A person's name read with a surname first in one place at least (`Đảng Công nhân`,
        // `Đảng Cộng sản` are no name).
        same.retain(|_, runs| {
            runs.len() > 1
                && (named == Named::Place
                    || runs
                        .iter()
                        .any(|&r| self.surnames.contains(&read(chosen, names[r].start))))
        });
        for runs in same.values() {
            let len = names[runs[0]].len();
            for p in 0..len {
                let at = |r: &usize| names[*r].start + p;
                let mut readings: SmallVec<[u32; 4]> = SmallVec::new();
                // (A word the decoder chose no reading for has none to weigh.)
                let decided = |r: &&usize| lattice[at(r)].1.is_some() && chosen[at(r)].is_some();
                for r in runs.iter().filter(decided) {
                    let id = read(chosen, at(r));
                    if !readings.contains(&id) {
                        readings.push(id);
                    }
                }
                if readings.len() < 2 {
                    continue;
                }
                let mut score: SmallVec<[f32; 4]> = SmallVec::from_elem(0.0, readings.len());
                for r in runs {
                    let j = at(r);
                    let Some(cs) = &lattice[j].1 else { continue };
                    let around = decode::neighbours(lattice, chosen, ends, gaps, j);
                    for (x, id) in readings.iter().enumerate() {
                        score[x] += match cs.iter().position(|c| c.0 == *id) {
                            Some(k) => self.confidence_among(around, cs, k).0.max(1e-6).log10(),
                            None => -6.0,
                        };
                    }
                }
                let best = (0..readings.len())
                    .max_by(|&a, &b| score[a].total_cmp(&score[b]))
                    .map(|x| readings[x]);
                let Some(best) = best else { continue };
                for r in runs {
                    let j = at(r);
                    if let Some(cs) = &lattice[j].1 {
                        if let Some(k) = cs.iter().position(|c| c.0 == best) {
                            chosen[j] = Some(k);
                        }
                    }
                }
            }
        }
    }

    /// What the document's evidence adds to each of a word's readings `cs` (log10): their
    /// share of its key's sure readings `e` (as [`Restorer::share_evidence`], smoothed by
    /// [`DOC_PRIOR`]); where its sure readings were also counted beside the letters it has
    /// beside it (`near`), their share there, smoothed by [`DOC_NEAR_PRIOR`] of them towards
    /// that share. A document that says *kinh phí* ten times and *kính trình* twice reads
    /// `kinh trinh` as *kính trình*. Written at the end of `weighed`, and where it starts
    /// there returned; what the key's readings alone say is worked out once for the key's
    /// words with the same readings ([`Shares`]), and so is the evidence of those with no
    /// sure readings beside them.
    fn document_evidence(
        &self,
        cs: &[(u32, f32)],
        e: &mut KeyEvidence,
        near: [Option<&Counts>; 2],
        weighed: &mut Vec<f32>,
    ) -> u32 {
        let same = |s: &Shares| s.ids.iter().eq(cs.iter().map(|c| &c.0));
        if !e.shares.as_deref().is_some_and(same) {
            let count = |id: u32| e.count(id) as f32;
            let (expected, doc) = self.smoothed_shares(cs, count, e.total as f32, DOC_PRIOR);
            let unseen_near = doc
                .iter()
                .zip(&expected)
                .map(|(d, q)| (DOC_NEAR_PRIOR * d / q).log10())
                .collect();
            e.shares = Some(Box::new(Shares {
                ids: cs.iter().map(|c| c.0).collect(),
                expected,
                doc,
                unseen_near,
                alone: None,
            }));
        }
        let Some(s) = e.shares.as_deref_mut() else {
            unreachable!("worked out above")
        };
        let w = self.doc_weight;
        let at = weighed.len() as u32;
        let near = near.into_iter().flatten().flatten();
        let near_n: f32 = near.clone().map(|c| c.1 as f32).sum();
        if near_n == 0.0 {
            if let Some(at) = s.alone {
                return at;
            }
            s.alone = Some(at);
            weighed.extend(against_expected(&s.doc, &s.expected, w));
            return at;
        }
        let all_near = (near_n + DOC_NEAR_PRIOR).log10();
        for x in 0..cs.len() {
            let id = s.ids[x];
            let c: f32 = near.clone().filter(|c| c.0 == id).map(|c| c.1 as f32).sum();
            weighed.push(if c == 0.0 {
                w * (s.unseen_near[x] - all_near)
            } else {
                let here = (c + DOC_NEAR_PRIOR * s.doc[x]) / (near_n + DOC_NEAR_PRIOR);
                w * (here / s.expected[x]).log10()
            });
        }
        at
    }

    /// The share of each of a word's readings `cs` the model expects: its unigram among theirs.
    fn expected_shares(&self, cs: &[(u32, f32)]) -> SmallVec<[f32; READINGS]> {
        let mut expect: SmallVec<[f32; READINGS]> = cs
            .iter()
            .map(|c| 10f32.powf(self.model.unigram(c.0)))
            .collect();
        let z: f32 = expect.iter().sum();
        expect.iter_mut().for_each(|q| *q /= z);
        expect
    }

    /// What counts of a word's readings (`count`; `n` in all) add to each of `cs` (log10, times
    /// `weight`): its share of them, smoothed by `prior` of them towards the share the model
    /// expects of it, against that share. A reading counted as often as the model expects
    /// gains nothing. (A name's evidence; the document's is worked out alike, a key's shares
    /// kept for its words, in [`Restorer::document_evidence`].)
    pub(super) fn share_evidence(
        &self,
        cs: &[(u32, f32)],
        count: impl Fn(u32) -> f32,
        n: f32,
        prior: f32,
        weight: f32,
    ) -> SmallVec<[f32; READINGS]> {
        let (expected, share) = self.smoothed_shares(cs, count, n, prior);
        against_expected(&share, &expected, weight).collect()
    }

    /// Each of a word's readings `cs`: the share of it the model expects
    /// ([`Restorer::expected_shares`]), and its share of counts (`count`; `n` in all),
    /// smoothed by `prior` of them towards that share.
    fn smoothed_shares(
        &self,
        cs: &[(u32, f32)],
        count: impl Fn(u32) -> f32,
        n: f32,
        prior: f32,
    ) -> (SmallVec<[f32; READINGS]>, SmallVec<[f32; READINGS]>) {
        let expected = self.expected_shares(cs);
        let share = cs
            .iter()
            .zip(&expected)
            .map(|(c, q)| (count(c.0) + prior * q) / (n + prior))
            .collect();
        (expected, share)
    }
}

/// What each share of `share` adds against the share `expected` of it (log10, times
/// `weight`): nothing where they are equal.
fn against_expected<'a>(
    share: &'a [f32],
    expected: &'a [f32],
    weight: f32,
) -> impl Iterator<Item = f32> + 'a {
    share
        .iter()
        .zip(expected)
        .map(move |(s, q)| weight * (s / q).log10())
}
