//! The syllable lexicon and the n-gram language model: trained from text, saved to a compact
//! binary file, loaded in milliseconds.
//!
//! Scores are interpolated modified Kneser–Ney (three discounts per order, for counts of one,
//! two and more, from the counts of counts; continuation counts for the lower orders), stored in backoff form as ARPA files do: the interpolated probability of every
//! kept bigram and trigram, and a backoff weight per context, so that a score is one look-up
//! when the trigram is known and at most three otherwise. Stupid backoff, tried first, trusted
//! rare trigrams too much: "kế hoạch sơ (bộ)", seen twice, beat "kế hoạch số".

use smallvec::SmallVec;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::{bail, Context, Result};
use rustc_hash::{FxHashMap, FxHashSet};

use super::syllable::{analyse, canonical, has_syllable_shape, key_of, split_tone, Letter, Tone};
use crate::text::fold_lower;

pub const UNK: u32 = 0;
pub const BOUNDARY: u32 = 1;
const MAGIC: &[u8; 8] = b"VTHULM03";
const QUANT: f32 = 2048.0;
/// The three discounts of one order of modified Kneser–Ney.
#[derive(Debug, Clone, Copy)]
struct Discounts([f64; 3]);

impl Discounts {
    /// Chen & Goodman's estimate from the counts of counts n1…n4:
    /// Y = n1 / (n1 + 2·n2), D_k = k − (k+1)·Y·n_{k+1}/n_k. Falls back to 0.5, 1, 1.5 where
    /// the counts are too few to say (tiny training sets in tests).
    fn estimate(counts: impl Iterator<Item = u64>) -> Discounts {
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

    fn of(&self, count: u64) -> f64 {
        match count {
            0 => 0.0,
            1 => self.0[0],
            2 => self.0[1],
            _ => self.0[2],
        }
    }
}

/// Lexicon and trigram model.
pub struct Model {
    /// id → canonical syllable (`<unk>`, `<s>` first).
    pub vocab: Vec<String>,
    index: FxHashMap<String, u32>,
    /// bare letters (no marks, đ→d) → syllable ids, most frequent first.
    cands: FxHashMap<String, Vec<u32>>,
    /// [`key_of`] → id, for every placement of the tone.
    by_key: FxHashMap<String, u32>,
    /// id → its letters and tone.
    parts: Vec<(Box<[Letter]>, Tone)>,
    /// id → its spelling with the tone placed the newer way (*hoà*), where that differs.
    newer: FxHashMap<u32, String>,
    uni: Vec<f32>,
    /// log10 backoff weight of a one-word context.
    bow1: Vec<f32>,
    /// Bigram scores, one row per first word.
    bigrams: Csr,
    /// `v << 16 | w` → the bigram's score: one probe where a search of `v`'s row (thousands
    /// of words after a common one) took a dozen.
    bigram_index: Probe<u16>,
    /// Trigram scores, one row per two-word context.
    trigrams: Csr,
    /// Two-word context (`u << 16 | v`) → its block of `trigrams` and its backoff weight.
    ctx_index: Probe<ContextRow>,
    /// Row → context key, and its quantised log10 backoff weight.
    ctx_keys: Vec<u32>,
    ctx_bow: Vec<u16>,
}

/// Rows of (word, quantised score), each row's words ascending: a compressed sparse row
/// table, so that every continuation of one context lies in one contiguous block. A word and
/// its score sit side by side: the score comes in the cache line that the search found.
#[derive(Default)]
struct Csr {
    start: Vec<u32>,
    entries: Vec<(u16, u16)>,
}

impl Csr {
    /// Builds rows `0..rows` from (row, word, score), sorted by row then word.
    fn build(rows: usize, sorted: impl Iterator<Item = (usize, u16, u16)>) -> Csr {
        let mut c = Csr {
            start: vec![0; rows + 1],
            ..Csr::default()
        };
        let mut row_counts = vec![0u32; rows];
        c.entries = huge_pages_vec(sorted.size_hint().0);
        for (r, w, q) in sorted {
            row_counts[r] += 1;
            c.entries.push((w, q));
        }
        for (r, n) in row_counts.iter().enumerate() {
            c.start[r + 1] = c.start[r] + n;
        }
        c
    }

    #[inline]
    fn row(&self, r: usize) -> &[(u16, u16)] {
        &self.entries[self.start[r] as usize..self.start[r + 1] as usize]
    }

    #[inline]
    fn find(row: &[(u16, u16)], w: u32) -> Option<u16> {
        let w = u16::try_from(w).ok()?;
        row.binary_search_by_key(&w, |e| e.0).ok().map(|i| row[i].1)
    }

    fn len(&self) -> usize {
        self.entries.len()
    }
}

/// Asks the processor to bring `x`'s cache line in: look-ups known in advance then wait for
/// memory side by side rather than one after another.
#[inline]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch is a hint: it reads nothing, cannot fault, and SSE, which it
        // needs, is part of every x86_64 processor.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((x as *const T).cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// An empty vector with room for `n` items, whose memory the kernel is asked to back with
/// 2 MiB pages: the tables are read at random, and with 4 KiB pages nearly every look-up
/// would also miss the TLB.
fn huge_pages_vec<T>(n: usize) -> Vec<T> {
    let v: Vec<T> = Vec::with_capacity(n);
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let at = v.as_ptr() as usize;
        let (start, end) = (
            at.next_multiple_of(HUGE),
            (at + n * std::mem::size_of::<T>()) / HUGE * HUGE,
        );
        if end > start {
            // SAFETY: the range lies inside the vector's own allocation, and the advice
            // changes how pages are backed, never what they hold.
            unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) };
        }
    }
    v
}

/// The (word, score) continuations of one context, words ascending.
type Block<'a> = &'a [(u16, u16)];

/// A context's block of trigrams and its backoff weight, kept with its key.
#[derive(Clone, Copy, Default)]
struct ContextRow {
    start: u32,
    end: u32,
    bow: f32,
}

/// A read-only map from `u32` keys (never `u32::MAX`) to small values, by open addressing
/// with linear probing over one array of (key, value) slots, at most half full. The language
/// model's look-ups are cache misses, one after another: here a look-up costs one (a
/// `HashMap` reads its control bytes, then its bucket: two), and the value comes with the key.
struct Probe<V> {
    slots: Vec<(u32, V)>,
    shift: u32,
}

impl<V: Copy + Default> Probe<V> {
    const EMPTY: u32 = u32::MAX;

    fn new(entries: impl ExactSizeIterator<Item = (u32, V)>) -> Probe<V> {
        let bits = (entries.len().max(1) * 2)
            .next_power_of_two()
            .trailing_zeros()
            .max(4);
        let mut slots = huge_pages_vec(1 << bits);
        slots.resize(1 << bits, (Self::EMPTY, V::default()));
        let mut p = Probe {
            slots,
            shift: 64 - bits,
        };
        let mask = p.slots.len() - 1;
        for (k, v) in entries {
            debug_assert_ne!(k, Self::EMPTY);
            let mut i = p.home(k);
            while p.slots[i].0 != Self::EMPTY && p.slots[i].0 != k {
                i = (i + 1) & mask;
            }
            p.slots[i] = (k, v);
        }
        p
    }

    #[inline]
    fn home(&self, k: u32) -> usize {
        (u64::from(k).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Asks the processor to bring `k`'s home slot into the cache: look-ups known in advance
    /// then wait for memory side by side rather than one after another.
    #[inline]
    fn prefetch(&self, k: u32) {
        prefetch(&self.slots[self.home(k)]);
    }

    #[inline]
    fn get(&self, k: u32) -> Option<V> {
        let mask = self.slots.len() - 1;
        let mut i = self.home(k);
        loop {
            let (key, v) = self.slots[i];
            if key == k {
                return Some(v);
            }
            if key == Self::EMPTY {
                return None;
            }
            i = (i + 1) & mask;
        }
    }
}

fn bi_key(v: u32, w: u32) -> u32 {
    (v << 16) | w
}

fn tri_key(u: u32, v: u32, w: u32) -> u64 {
    (u64::from(u) << 32) | (u64::from(v) << 16) | u64::from(w)
}

fn quant(logp: f32) -> u16 {
    (-logp * QUANT).round().clamp(0.0, f32::from(u16::MAX)) as u16
}

fn dequant(q: u16) -> f32 {
    -f32::from(q) / QUANT
}

impl Model {
    pub fn id(&self, canonical_syllable: &str) -> Option<u32> {
        self.index.get(canonical_syllable).copied()
    }

    /// The id of the syllable with these letters and tone (`key` is a scratch buffer).
    #[inline]
    pub fn id_of(&self, letters: &[Letter], tone: Tone, key: &mut String) -> Option<u32> {
        key_of(letters, tone, key);
        self.by_key.get(key.as_str()).copied()
    }

    /// How a syllable is written, in the older (*hòa*) or newer (*hoà*) tone placement.
    #[inline]
    pub fn written(&self, id: u32, newer: bool) -> &str {
        if newer {
            if let Some(w) = self.newer.get(&id) {
                return w;
            }
        }
        &self.vocab[id as usize]
    }

    /// A syllable's letters and tone.
    #[inline]
    pub fn parts(&self, id: u32) -> (&[Letter], Tone) {
        let (l, t) = &self.parts[id as usize];
        (l, *t)
    }

    /// Syllable ids whose bare letters are `bare`, most frequent first.
    pub fn candidates(&self, bare: &str) -> &[u32] {
        self.cands.get(bare).map_or(&[], Vec::as_slice)
    }

    /// log10 P(w | u v).
    #[inline]
    pub fn score(&self, u: u32, v: u32, w: u32) -> f32 {
        let (row, bow2) = self.context(u, v);
        match Csr::find(row, w) {
            Some(q) => dequant(q),
            None => bow2 + self.lower(v, w),
        }
    }

    /// The trigram block of the context `u v` and its backoff weight (log10).
    #[inline]
    fn context(&self, u: u32, v: u32) -> (Block<'_>, f32) {
        match self.ctx_index.get(bi_key(u, v)) {
            Some(c) => (
                &self.trigrams.entries[c.start as usize..c.end as usize],
                c.bow,
            ),
            None => (&[][..], 0.0),
        }
    }

    /// log10 of the lower-order score of `w` after `v`: the bigram's, else backed off to `w`'s.
    #[inline]
    fn lower(&self, v: u32, w: u32) -> f32 {
        match self.bigram_index.get(bi_key(v, w)) {
            Some(q) => dequant(q),
            None => self.bow1[v as usize] + self.uni[w as usize],
        }
    }

    /// Starts fetching what [`Model::scores_shared`] will read for these contexts and words:
    /// the contexts `u v`, and the bigrams `v w` where `lower` has not got them.
    #[inline]
    pub fn prefetch(&self, v: u32, us: &[u32], ws: &[u32], lower: &[f32]) {
        for &u in us {
            self.ctx_index.prefetch(bi_key(u, v));
        }
        for (&w, l) in ws.iter().zip(lower) {
            if l.is_nan() {
                self.bigram_index.prefetch(bi_key(v, w));
            }
        }
    }

    /// log10 P(w | v) for the rows `rows` of `vs` and every `w` of `ws`, into `out`
    /// (`vs.len() × ws.len()`, row by row; the other rows are left as they are). All the
    /// look-ups are requested before any is read.
    pub fn lowers_rows(&self, vs: &[u32], rows: &[usize], ws: &[u32], out: &mut [f32]) {
        for &r in rows {
            for &w in ws {
                self.bigram_index.prefetch(bi_key(vs[r], w));
            }
        }
        let n = ws.len();
        for &r in rows {
            for (&w, o) in ws.iter().zip(&mut out[r * n..(r + 1) * n]) {
                *o = self.lower(vs[r], w);
            }
        }
    }

    /// log10 P(w | u v) for every context `u v` of `us` (all ending in `v`) and every `w` of
    /// `ws`, row by row into `out` (`us.len() × ws.len()`); `lower` holds log10 P(w | v) for
    /// each `w` of `ws` ([`Model::lowers_rows`]) or NaN where it was not looked up.
    pub fn scores_shared(&self, v: u32, us: &[u32], ws: &[u32], lower: &[f32], out: &mut [f32]) {
        let blocks: SmallVec<[(Block, f32); 8]> = us.iter().map(|&u| self.context(u, v)).collect();
        // The searches start in the middle of each block: fetch those lines together.
        for (block, _) in &blocks {
            if let Some(mid) = block.get(block.len() / 2) {
                prefetch(mid);
            }
        }
        for ((block, bow2), row) in blocks.iter().zip(out.chunks_exact_mut(ws.len())) {
            let (block, bow2) = (*block, *bow2);
            for ((w, low), o) in ws.iter().zip(lower).zip(row.iter_mut()) {
                *o = match Csr::find(block, *w) {
                    Some(q) => dequant(q),
                    None => {
                        bow2 + if low.is_nan() {
                            self.lower(v, *w)
                        } else {
                            *low
                        }
                    }
                };
            }
        }
    }

    pub fn len(&self) -> (usize, usize, usize) {
        (self.vocab.len(), self.bigrams.len(), self.trigrams.len())
    }

    /// Loads a model file.
    pub fn load(path: &Path) -> Result<Model> {
        let bytes = std::fs::read(path)
            .with_context(|| format!("{}: cannot read the language model", path.display()))?;
        Self::from_bytes(&bytes).with_context(|| format!("{}: not a vanthu model", path.display()))
    }

    fn from_bytes(b: &[u8]) -> Result<Model> {
        if b.len() < 32 || &b[..8] != MAGIC {
            bail!("bad magic");
        }
        let mut at = 8;
        let u32_at = |at: &mut usize| -> Result<u32> {
            let v = b
                .get(*at..*at + 4)
                .context("truncated")?
                .try_into()
                .map(u32::from_le_bytes)?;
            *at += 4;
            Ok(v)
        };
        let nv = u32_at(&mut at)? as usize;
        let nb = u32_at(&mut at)? as usize;
        let nt = u32_at(&mut at)? as usize;
        let nc = u32_at(&mut at)? as usize;
        let mut vocab = Vec::with_capacity(nv);
        let mut uni = Vec::with_capacity(nv);
        let mut bow1 = Vec::with_capacity(nv);
        for _ in 0..nv {
            let len = *b.get(at).context("truncated")? as usize;
            let s = std::str::from_utf8(b.get(at + 1..at + 1 + len).context("truncated")?)?;
            vocab.push(s.to_string());
            at += 1 + len;
            uni.push(dequant(u16::from_le_bytes(
                b.get(at..at + 2).context("truncated")?.try_into()?,
            )));
            bow1.push(dequant(u16::from_le_bytes(
                b.get(at + 2..at + 4).context("truncated")?.try_into()?,
            )));
            at += 4;
        }
        // Three tables of (key, value), keys ascending, each key stored as a varint delta.
        let mut read_table = |n: usize| -> Result<Vec<(u64, u16)>> {
            let mut out = Vec::with_capacity(n);
            let mut key = 0u64;
            for _ in 0..n {
                let mut delta = 0u64;
                let mut shift = 0;
                loop {
                    let byte = *b.get(at).context("truncated table")?;
                    at += 1;
                    delta |= u64::from(byte & 0x7f) << shift;
                    if byte & 0x80 == 0 {
                        break;
                    }
                    shift += 7;
                    if shift > 63 {
                        bail!("bad varint");
                    }
                }
                key += delta;
                let v =
                    u16::from_le_bytes(b.get(at..at + 2).context("truncated table")?.try_into()?);
                at += 2;
                out.push((key, v));
            }
            Ok(out)
        };
        let bis = read_table(nb)?;
        let tris = read_table(nt)?;
        let ctxs = read_table(nc)?;
        Self::assemble_sorted(vocab, uni, bow1, bis, tris, ctxs)
    }

    /// Builds a model from n-gram tables in hash maps (as training makes them).
    fn assemble(
        vocab: Vec<String>,
        uni: Vec<f32>,
        bow1: Vec<f32>,
        bi: FxHashMap<u32, u16>,
        tri: FxHashMap<u64, u16>,
        bow2: FxHashMap<u32, u16>,
    ) -> Model {
        let sorted = |mut v: Vec<(u64, u16)>| {
            v.sort_unstable();
            v
        };
        let bis = sorted(bi.into_iter().map(|(k, q)| (u64::from(k), q)).collect());
        let tris = sorted(tri.into_iter().collect());
        let ctxs = sorted(bow2.into_iter().map(|(k, q)| (u64::from(k), q)).collect());
        Self::assemble_sorted(vocab, uni, bow1, bis, tris, ctxs)
            .expect("every trigram's context has a backoff weight")
    }

    /// Builds a model from n-gram tables sorted by key: bigrams `v << 16 | w`, trigrams
    /// `u << 32 | v << 16 | w`, contexts `u << 16 | v` with their backoff weights.
    fn assemble_sorted(
        vocab: Vec<String>,
        uni: Vec<f32>,
        bow1: Vec<f32>,
        bis: Vec<(u64, u16)>,
        tris: Vec<(u64, u16)>,
        ctxs: Vec<(u64, u16)>,
    ) -> Result<Model> {
        let mut index = FxHashMap::default();
        let mut cands: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut by_key = FxHashMap::default();
        let mut parts: Vec<(Box<[Letter]>, Tone)> = Vec::with_capacity(vocab.len());
        let mut buf = Vec::new();
        let mut key = String::new();
        for s in &vocab {
            let tone = analyse(s, &mut buf).unwrap_or(Tone::Level);
            parts.push((buf.clone().into_boxed_slice(), tone));
        }
        let mut newer = FxHashMap::default();
        for (i, s) in vocab.iter().enumerate().skip(2) {
            index.insert(s.clone(), i as u32);
            if let Some((letters, tone)) = split_tone(s) {
                let n = super::syllable::place_tone(&letters, tone, super::syllable::Style::New);
                if n != *s {
                    newer.insert(i as u32, n);
                }
            }
            let (l, t) = &parts[i];
            key_of(l, *t, &mut key);
            by_key.entry(key.clone()).or_insert(i as u32);
            // Words that are not syllables (abbreviations such as "ubnd") are context for the
            // model, never candidates.
            if split_tone(s).is_some_and(|(l, _)| has_syllable_shape(&l)) {
                cands.entry(fold_lower(s)).or_default().push(i as u32);
            }
        }
        // Most frequent first: training numbers the words by their (weighted) count, so by id.
        // (The unigram score is Kneser–Ney's continuation probability, which ranks a word seen
        // after few others low however often it is seen: *dõi*, nearly always after *theo*,
        // came 18th of the 24 readings of `doi`, past the candidates the decoder weighs.)
        for v in cands.values_mut() {
            v.sort_unstable();
        }
        let nv = vocab.len();
        if bis.iter().any(|(k, _)| (k >> 16) as usize >= nv) {
            bail!("a bigram names a word the vocabulary does not have");
        }
        let bigram_index = Probe::new(bis.iter().map(|(k, q)| (*k as u32, *q)));
        let bigrams = Csr::build(
            nv,
            bis.into_iter()
                .map(|(k, q)| ((k >> 16) as usize, (k & 0xffff) as u16, q)),
        );
        let ctx_keys: Vec<u32> = ctxs.iter().map(|(k, _)| *k as u32).collect();
        let ctx_bow: Vec<u16> = ctxs.iter().map(|(_, q)| *q).collect();
        // Trigrams are sorted like their contexts: walk both together.
        let mut rows = Vec::with_capacity(tris.len());
        let mut row = 0usize;
        for (k, q) in &tris {
            let ctx = (k >> 16) as u32;
            while row < ctx_keys.len() && ctx_keys[row] < ctx {
                row += 1;
            }
            if row == ctx_keys.len() || ctx_keys[row] != ctx {
                bail!("a trigram's context has no backoff weight");
            }
            rows.push((row, (k & 0xffff) as u16, *q));
        }
        let trigrams = Csr::build(ctx_keys.len(), rows.into_iter());
        let ctx_index = Probe::new(
            ctx_keys
                .iter()
                .zip(&ctx_bow)
                .enumerate()
                .map(|(r, (k, q))| {
                    let context = ContextRow {
                        start: trigrams.start[r],
                        end: trigrams.start[r + 1],
                        bow: dequant(*q),
                    };
                    (*k, context)
                }),
        );
        Ok(Model {
            vocab,
            index,
            cands,
            by_key,
            parts,
            newer,
            uni,
            bow1,
            bigrams,
            bigram_index,
            trigrams,
            ctx_index,
            ctx_keys,
            ctx_bow,
        })
    }

    /// Writes the model file.
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        for n in [
            self.vocab.len(),
            self.bigrams.len(),
            self.trigrams.len(),
            self.ctx_keys.len(),
        ] {
            out.extend_from_slice(&(n as u32).to_le_bytes());
        }
        for ((s, u), b) in self.vocab.iter().zip(&self.uni).zip(&self.bow1) {
            out.push(s.len() as u8);
            out.extend_from_slice(s.as_bytes());
            out.extend_from_slice(&quant(*u).to_le_bytes());
            out.extend_from_slice(&quant(*b).to_le_bytes());
        }
        fn write_table(out: &mut Vec<u8>, mut rows: Vec<(u64, u16)>) {
            rows.sort_unstable();
            let mut prev = 0u64;
            for (k, v) in rows {
                let mut delta = k - prev;
                prev = k;
                loop {
                    let byte = (delta & 0x7f) as u8;
                    delta >>= 7;
                    if delta == 0 {
                        out.push(byte);
                        break;
                    }
                    out.push(byte | 0x80);
                }
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        write_table(&mut out, self.bigram_table());
        write_table(&mut out, self.trigram_table());
        write_table(&mut out, self.context_table());
        let mut f = std::fs::File::create(path)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        f.write_all(&out)?;
        Ok(())
    }

    /// Every kept bigram, `v << 16 | w` → quantised score, by key.
    fn bigram_table(&self) -> Vec<(u64, u16)> {
        let mut bis = Vec::with_capacity(self.bigrams.len());
        for v in 0..self.vocab.len() {
            bis.extend(
                self.bigrams
                    .row(v)
                    .iter()
                    .map(|(w, q)| (u64::from(bi_key(v as u32, u32::from(*w))), *q)),
            );
        }
        bis
    }

    /// Every kept trigram, `u << 32 | v << 16 | w` → quantised score, by key.
    fn trigram_table(&self) -> Vec<(u64, u16)> {
        let mut tris = Vec::with_capacity(self.trigrams.len());
        for (row, key) in self.ctx_keys.iter().enumerate() {
            tris.extend(
                self.trigrams
                    .row(row)
                    .iter()
                    .map(|(w, q)| ((u64::from(*key) << 16) | u64::from(*w), *q)),
            );
        }
        tris
    }

    /// Every two-word context, `u << 16 | v` → quantised backoff weight, by key.
    fn context_table(&self) -> Vec<(u64, u16)> {
        self.ctx_keys
            .iter()
            .zip(&self.ctx_bow)
            .map(|(k, q)| (u64::from(*k), *q))
            .collect()
    }

    /// This model adapted to text of an archive's own genre (its typed documents): each
    /// two-word context the text has gets the maximum a posteriori estimate with this model
    /// as its prior, `strength` pseudo-counts strong,
    ///
    /// P'(w | u v) = (c(u v w) + β·P(w | u v)) / (c(u v) + β),
    ///
    /// which is exact in backoff form: the words seen after `u v` (in either) get scores of
    /// their own, and the context's backoff weight is scaled by β / (c(u v) + β). Every other
    /// context, the lexicon and the lower orders stay as they are, so no general corpus is
    /// needed. The text is `files` (UTF-8, a line at a time) and `texts` (an archive's
    /// records). Words the lexicon lacks count as unknown; lines `keep` refuses (text without
    /// its marks, which would teach the model to leave words bare) are left out. Returns the
    /// model, the trigrams counted, the contexts adapted and the lines left out.
    pub fn adapt(
        &self,
        files: &[std::path::PathBuf],
        texts: &[String],
        strength: f64,
        keep: impl Fn(&str) -> bool,
    ) -> Result<Adapted> {
        let word_id = |w: &str| {
            canonical(w)
                .and_then(|c| self.id(&c))
                .or_else(|| self.index.get(w).copied())
                .unwrap_or(UNK)
        };
        // Context → (its count, its continuations and their counts).
        let mut seen: FxHashMap<u32, (u64, FxHashMap<u16, u64>)> = FxHashMap::default();
        let (mut counted, mut left_out) = (0u64, 0usize);
        let mut count = |line: &str| {
            if !keep(line) {
                left_out += 1;
                return;
            }
            for s in sentences(line) {
                let mut ids = vec![BOUNDARY, BOUNDARY];
                ids.extend(
                    s.iter()
                        .map(|t| t.as_ref().map_or(UNK, |(w, _)| word_id(w))),
                );
                ids.push(BOUNDARY);
                for t in ids.windows(3) {
                    let e = seen.entry(bi_key(t[0], t[1])).or_default();
                    e.0 += 1;
                    *e.1.entry(t[2] as u16).or_default() += 1;
                    counted += 1;
                }
            }
        };
        for p in files {
            for_lines(p, &mut count)?;
        }
        for line in texts.iter().flat_map(|t| t.lines()) {
            count(&crate::text::nfc(line));
        }
        let mut keys: Vec<u32> = self.ctx_keys.clone();
        keys.extend(
            seen.keys()
                .filter(|k| self.ctx_keys.binary_search(k).is_err()),
        );
        keys.sort_unstable();
        let mut tris = Vec::with_capacity(self.trigrams.len() + counted as usize);
        let mut ctxs = Vec::with_capacity(keys.len());
        for key in keys {
            let row = self.ctx_keys.binary_search(&key).ok();
            let block = row.map_or(&[][..], |r| self.trigrams.row(r));
            let bow_q = row.map_or(0, |r| self.ctx_bow[r]);
            let Some((c, conts)) = seen.get(&key) else {
                // Not in the text: as it was.
                tris.extend(
                    block
                        .iter()
                        .map(|(w, q)| ((u64::from(key) << 16) | u64::from(*w), *q)),
                );
                ctxs.push((u64::from(key), bow_q));
                continue;
            };
            let v = key & 0xffff;
            let bow = f64::from(dequant(bow_q));
            // The prior of each word with a score of its own afterwards.
            let mut words: Vec<(u16, f64)> = block
                .iter()
                .map(|(w, q)| (*w, 10f64.powf(f64::from(dequant(*q)))))
                .collect();
            for w in conts.keys() {
                if Csr::find(block, u32::from(*w)).is_none() {
                    let lower = f64::from(self.lower(v, u32::from(*w)));
                    words.push((*w, 10f64.powf(bow + lower)));
                }
            }
            words.sort_unstable_by_key(|e| e.0);
            let total = *c as f64 + strength;
            for (w, prior) in words {
                let n = conts.get(&w).copied().unwrap_or(0) as f64;
                let p = (n + strength * prior) / total;
                tris.push((
                    (u64::from(key) << 16) | u64::from(w),
                    quant(p.log10() as f32),
                ));
            }
            ctxs.push((
                u64::from(key),
                quant((bow + (strength / total).log10()) as f32),
            ));
        }
        let model = Self::assemble_sorted(
            self.vocab.clone(),
            self.uni.clone(),
            self.bow1.clone(),
            self.bigram_table(),
            tris,
            ctxs,
        )?;
        Ok(Adapted {
            model,
            trigrams: counted,
            contexts: seen.len(),
            left_out,
        })
    }
}

/// What [`Model::adapt`] made.
pub struct Adapted {
    pub model: Model,
    /// Trigrams counted in the text, and the two-word contexts among them.
    pub trigrams: u64,
    pub contexts: usize,
    /// Lines `keep` refused.
    pub left_out: usize,
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

/// Splits a line into sentences of words: letters only; anything else between words that is
/// not a space is a word of its own (`None`), and what [`ends_sentence`] says ends a sentence.
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
            } else if c.is_whitespace() || matches!(c, ',' | '-' | '–') {
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
}

impl Default for Training {
    fn default() -> Self {
        Training {
            min_syllable: 3,
            min_trigram: 1,
            min_bigram: 1,
            min_other: 200,
        }
    }
}

fn for_lines(path: &Path, mut f: impl FnMut(&str)) -> Result<()> {
    let file = std::fs::File::open(path).with_context(|| format!("{}", path.display()))?;
    for line in std::io::BufReader::with_capacity(1 << 20, file).lines() {
        let line = line.with_context(|| format!("{}: not UTF-8", path.display()))?;
        f(&crate::text::nfc(&line));
    }
    Ok(())
}

/// Trains a model from `(file, weight)` pairs: each file's counts are multiplied by its weight
/// (administrative text above general text).
/// Also returns, for each word id, how often it had a capital right after a word in lower case
/// and how often it followed one (`[capitalised, all]`, see [`super::capitals`]).
pub fn train(
    inputs: &[(std::path::PathBuf, u64)],
    opts: &Training,
) -> Result<(Model, Vec<[u64; 2]>)> {
    // Pass 1: the lexicon.
    let mut words: FxHashMap<String, u64> = FxHashMap::default();
    for (p, w) in inputs {
        for_lines(p, |line| {
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
        let Some(c) = canonical(word) else { continue };
        let Some((letters, _)) = split_tone(&c) else {
            continue;
        };
        if has_syllable_shape(&letters) {
            *syl.entry(c.clone()).or_default() += n;
            form.insert(word.clone(), c);
        } else if *n >= opts.min_other && word.chars().count() <= 8 {
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

    // Pass 2: n-gram counts, and how often each word right after a word in lower case has a
    // capital.
    let mut bi: FxHashMap<u32, u64> = FxHashMap::default();
    let mut tri: FxHashMap<u64, u64> = FxHashMap::default();
    let mut capitals = vec![[0u64; 2]; vocab.len()];
    for (p, weight) in inputs {
        for_lines(p, |line| {
            for s in sentences(line) {
                let mut ids = Vec::with_capacity(s.len() + 3);
                ids.extend([BOUNDARY, BOUNDARY]);
                ids.extend(s.iter().map(|t| {
                    t.as_ref()
                        .and_then(|(t, _)| word_id.get(t))
                        .copied()
                        .unwrap_or(UNK)
                }));
                // A word right after a word in lower case: does a capitalised phrase start?
                for (pair, &id) in s.windows(2).zip(&ids[3..]) {
                    if let [Some((_, false)), Some((_, capital))] = pair {
                        if id > BOUNDARY {
                            capitals[id as usize][0] += weight * u64::from(*capital);
                            capitals[id as usize][1] += weight;
                        }
                    }
                }
                ids.push(BOUNDARY);
                for i in 2..ids.len() {
                    *bi.entry(bi_key(ids[i - 1], ids[i])).or_default() += weight;
                    *tri.entry(tri_key(ids[i - 2], ids[i - 1], ids[i]))
                        .or_default() += weight;
                }
                // Context counts of the sentence start.
                *bi.entry(bi_key(BOUNDARY, BOUNDARY)).or_default() += weight;
            }
        })?;
    }
    let v = vocab.len();
    // Modified Kneser–Ney (Chen & Goodman 1998): three discounts per order, for counts of one,
    // two and three or more, estimated from that order's counts of counts.
    let d3 = Discounts::estimate(tri.values().copied());
    // Trigram contexts: c(u v •) and the discounted mass D1·N1 + D2·N2 + D3·N3+ of (u v •).
    let mut ctx2: FxHashMap<u32, (u64, f64)> = FxHashMap::default();
    // Bigram continuation counts N1+(• v w).
    let mut cont_bi: FxHashMap<u32, u64> = FxHashMap::default();
    for (k, n) in &tri {
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
    Ok((
        Model::assemble(vocab, uni_lp, bow1, bi_q, tri_q, bow2),
        capitals,
    ))
}

/// The set of bare forms that are Vietnamese syllables, for detection.
pub fn bare_forms(m: &Model) -> FxHashSet<String> {
    m.cands.keys().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_finds_every_key_and_nothing_else() {
        // Keys shaped like the model's (`v << 16 | w`), many sharing a home slot's run.
        let keys: Vec<u32> = (0..5000u32)
            .map(|i| ((i % 70) << 16) | ((i * 7919) % 60000))
            .collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        let p = Probe::new(unique.iter().map(|&k| (k, (k % 65521) as u16)));
        assert!(p.slots.len() >= 2 * unique.len());
        for &k in &unique {
            assert_eq!(p.get(k), Some((k % 65521) as u16), "key {k:#x}");
        }
        for k in [1u32, 70 << 16, 0xFFFE_FFFE, (12345 << 16) | 1] {
            if unique.binary_search(&k).is_err() {
                assert_eq!(p.get(k), None);
            }
        }
        let empty: Probe<u16> = Probe::new(std::iter::empty());
        assert_eq!(empty.get(7), None);
    }

    /// Training options that keep every word and n-gram (tiny test corpora).
    fn keep_all() -> Training {
        Training {
            min_syllable: 1,
            min_trigram: 1,
            min_bigram: 1,
            min_other: 1,
        }
    }

    #[test]
    fn train_save_load_score() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("c.txt");
        std::fs::write(
            &corpus,
            "Kế hoạch thực hiện nghị quyết.\nKế hoạch thực hiện nghị quyết số 5.\nNghỉ ngơi.\n",
        )
        .unwrap();
        let (m, capitals) = train(&[(corpus.clone(), 2)], &keep_all()).unwrap();
        let id = |s: &str| m.id(s).unwrap();
        // After a word in lower case (weight 2): "nghị" twice, in lower case; "Nghỉ" never.
        assert_eq!(capitals[id("nghị") as usize], [0, 4]);
        assert_eq!(capitals[id("nghỉ") as usize], [0, 0]);
        assert!(m.candidates("nghi").contains(&id("nghị")));
        assert!(m.candidates("nghi").contains(&id("nghỉ")));
        let good = m.score(id("hiện"), id("nghị"), id("quyết"));
        let bad = m.score(id("hiện"), id("nghỉ"), id("quyết"));
        assert!(good > bad);
        let path = dir.path().join("m.lm");
        m.save(&path).unwrap();
        let l = Model::load(&path).unwrap();
        assert_eq!(l.vocab, m.vocab);
        assert_eq!(l.len(), m.len());
        assert!((l.score(id("hiện"), id("nghị"), id("quyết")) - good).abs() < 1e-3);
        assert!(Model::load(&corpus).is_err());
    }

    #[test]
    fn modified_kneser_ney_discounts_and_a_proper_distribution() {
        // Counts of counts 1:100, 2:40, 3:20, 4:10 → Y = 100/180.
        let counts = [(1, 100), (2, 40), (3, 20), (4, 10)]
            .into_iter()
            .flat_map(|(c, n)| std::iter::repeat_n(c, n));
        let d = Discounts::estimate(counts);
        let y = 100.0 / 180.0;
        assert!((d.0[0] - (1.0 - 2.0 * y * 0.4)).abs() < 1e-9);
        assert!((d.0[1] - (2.0 - 3.0 * y * 0.5)).abs() < 1e-9);
        assert!((d.0[2] - (3.0 - 4.0 * y * 0.5)).abs() < 1e-9);
        assert_eq!(d.of(7), d.0[2]);
        assert_eq!(
            Discounts::estimate([1u64, 1].into_iter()).0,
            [0.5, 1.0, 1.5]
        );

        // The scores after a context sum to one over the vocabulary (up to quantisation).
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("c.txt");
        let mut text = String::new();
        for i in 0..40 {
            let w = ["nghị", "kế", "số", "sở", "hoạch"][i % 5];
            let v = ["quyết", "hoạch", "một", "tư", "năm"][i % 3];
            text.push_str(&format!("Thực hiện {w} {v} của tỉnh.\n"));
        }
        std::fs::write(&corpus, text).unwrap();
        let (m, _) = train(&[(corpus, 1)], &keep_all()).unwrap();
        let id = |s: &str| m.id(s).unwrap();
        // Scores for contexts sharing their last word, at once, are the scores one by one.
        let (us, ws) = (
            [id("thực"), id("số"), BOUNDARY],
            [id("số"), id("sở"), id("quyết")],
        );
        let (mut grid, mut lower) = ([0f32; 9], [0f32; 3]);
        m.lowers_rows(&[id("hiện")], &[0], &ws, &mut lower);
        m.scores_shared(id("hiện"), &us, &ws, &lower, &mut grid);
        for (i, u) in us.iter().enumerate() {
            for (j, w) in ws.iter().enumerate() {
                assert_eq!(grid[i * 3 + j], m.score(*u, id("hiện"), *w));
            }
        }
        for (u, v) in [
            (id("thực"), id("hiện")),
            (id("hiện"), id("số")),
            (BOUNDARY, BOUNDARY),
        ] {
            let total: f64 = (BOUNDARY..m.vocab.len() as u32)
                .map(|w| 10f64.powf(m.score(u, v, w) as f64))
                .sum();
            assert!((total - 1.0).abs() < 0.02, "context {u} {v}: {total}");
        }
    }

    #[test]
    fn adapting_leans_the_contexts_of_the_text_and_keeps_every_distribution_proper() {
        // Like Wikipedia: *chuyển đổi sở (hữu)* twice, *chuyển đổi số* once.
        let dir = tempfile::tempdir().unwrap();
        let (corpus, text) = (dir.path().join("c.txt"), dir.path().join("t.txt"));
        let mut general = String::from("Chuyển đổi số.\n");
        for i in 0..30 {
            let w = ["cơ sở", "trụ sở", "một số", "con số", "sở hữu"][i % 5];
            general.push_str(&format!(
                "Chuyển đổi sở hữu {w}.\nKế hoạch thực hiện {w} của tỉnh.\n"
            ));
        }
        std::fs::write(&corpus, general).unwrap();
        std::fs::write(&text, "Kế hoạch chuyển đổi số của tỉnh.\nChuyển đổi số.\n").unwrap();
        let (m, _) = train(&[(corpus, 1)], &keep_all()).unwrap();
        let id = |s: &str| m.id(s).unwrap();
        let (chuyen, doi, so, so_) = (id("chuyển"), id("đổi"), id("số"), id("sở"));
        assert!(m.score(chuyen, doi, so_) > m.score(chuyen, doi, so));

        let beta = 2.0;
        let a = m
            .adapt(std::slice::from_ref(&text), &[], beta, |_| true)
            .unwrap();
        assert_eq!(a.trigrams, 12); // 7 + 2 words, and each sentence's end
        let n = &a.model;
        assert!(n.score(chuyen, doi, so) > n.score(chuyen, doi, so_));
        // (c + β·P) / (c + β), c(chuyển đổi) = 2 and c(chuyển đổi số) = 2.
        let p = 10f64.powf(f64::from(m.score(chuyen, doi, so)));
        let want = ((2.0 + beta * p) / (2.0 + beta)).log10();
        assert!((f64::from(n.score(chuyen, doi, so)) - want).abs() < 1e-3);
        // A context the text lacks is as it was; the adapted ones, a new one (`hoạch chuyển`)
        // among them, still sum to one.
        for w in 0..m.vocab.len() as u32 {
            assert_eq!(
                n.score(id("thực"), id("hiện"), w),
                m.score(id("thực"), id("hiện"), w)
            );
        }
        for (u, v) in [
            (chuyen, doi),
            (doi, so),
            (id("hoạch"), chuyen),
            (BOUNDARY, BOUNDARY),
        ] {
            let total: f64 = (0..n.vocab.len() as u32)
                .map(|w| 10f64.powf(f64::from(n.score(u, v, w))))
                .sum();
            assert!((total - 1.0).abs() < 0.02, "context {u} {v}: {total}");
        }
        // It saves and loads like any model.
        let path = dir.path().join("a.lm");
        n.save(&path).unwrap();
        let back = Model::load(&path).unwrap();
        assert_eq!(back.score(chuyen, doi, so), n.score(chuyen, doi, so));
        // Lines refused are not counted.
        let b = m.adapt(&[text], &[], beta, |l| l.contains("tỉnh")).unwrap();
        assert_eq!((b.trigrams, b.left_out), (8, 1));
        // A record's text counts as a file's.
        let c = m
            .adapt(
                &[],
                &["Kế hoạch chuyển đổi số của tỉnh.".to_string()],
                beta,
                |_| true,
            )
            .unwrap();
        assert_eq!(c.trigrams, 8);
    }

    #[test]
    fn sentences_split_on_punctuation() {
        let s = sentences("Căn cứ Luật số 5, ngày 1; Xét đề nghị SỞ.");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0][0], Some(("căn".to_string(), true)));
        assert_eq!(s[0][2], Some(("luật".to_string(), true)));
        assert_eq!(s[0][3], Some(("số".to_string(), false)));
        assert_eq!(s[0][4], None); // "5"
        assert_eq!(s[1][3], Some(("sở".to_string(), false))); // capitals throughout
    }

    #[test]
    fn sentences_go_on_past_a_parenthesis_before_a_digit() {
        // As the decoder reads it: `(03 bản)` is inside the sentence, `(xem)` is not.
        let s = sentences("gửi (03 bản) về Sở (xem) ngay");
        assert_eq!(s.len(), 4);
        assert_eq!(s[0].len(), 3);
        assert_eq!(s[0][1], None); // "03"
        assert_eq!(s[0][2], Some(("bản".to_string(), false)));
    }
}
