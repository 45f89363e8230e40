//! The syllable lexicon and the n-gram language model: trained from text ([`train`]), leaned
//! to an archive's own text ([`adapt`]), saved to a compact binary file and loaded in
//! milliseconds ([`format`]).
//!
//! Scores are interpolated modified Kneser–Ney (three discounts per order, for counts of one,
//! two and more, from the counts of counts; continuation counts for the lower orders), stored in backoff form as ARPA files do: the interpolated probability of every
//! kept bigram and trigram, and a backoff weight per context, so that a score is one look-up
//! when the trigram is known and at most three otherwise. Stupid backoff, tried first, trusted
//! rare trigrams too much: "kế hoạch sơ (bộ)", seen twice, beat "kế hoạch số".

mod adapt;
mod format;
mod train;

pub use self::adapt::Adapted;
pub(crate) use self::train::ends_sentence;
pub use self::train::{sentences, train, Side, Training, Word};
use smallvec::SmallVec;

use anyhow::Result;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::text::fold_lower;
use crate::text::syllable::{
    analyse, has_syllable_shape, is_vowel, key_of, letter, spelled_as_vietnamese, split_tone,
    Letter, Tone,
};

pub const UNK: u32 = 0;
pub const BOUNDARY: u32 = 1;
/// A comma, a word of the model's (what follows a comma, and what a comma follows, are
/// learned as any word's).
pub const COMMA: &str = ",";
const MAGIC: &[u8; 8] = b"VTHULM03";
const QUANT: f32 = 2048.0;
/// Lexicon and trigram model.
#[derive(Clone)]
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
///
/// Every [`FENCE`]th entry's word is kept again in `fence`, a table small enough to stay in
/// the processor's cache (660 KB for 5.3 M trigrams): a search of a large block finds there
/// the one line of entries that may hold its word, and reads memory once, where a binary
/// search of the entries waited for a line at each of its first steps.
#[derive(Clone, Default)]
struct Csr {
    start: Vec<u32>,
    entries: Vec<(u16, u16)>,
    fence: Vec<u16>,
}

/// The lowest and the highest of a word's readings, as the tables hold words (none above
/// `u16::MAX`: the vocabulary is smaller).
#[derive(Clone, Copy)]
struct Span(u16, u16);

impl Span {
    #[inline]
    fn of(ws: &[u32]) -> Span {
        let (lo, hi) = ws
            .iter()
            .fold((u32::MAX, 0), |(lo, hi), &w| (lo.min(w), hi.max(w)));
        Span(
            u16::try_from(lo).unwrap_or(u16::MAX),
            u16::try_from(hi).unwrap_or(u16::MAX),
        )
    }
}

/// How many contexts or rows [`Model::scores_shared`] and [`Model::lowers_rows`] ask for
/// together, in arrays on the stack (a beam's group has fewer).
const AT_ONCE: usize = 8;

/// Entries a line of the cache holds (4 bytes each, 64-byte lines), between two words of
/// [`Csr::fence`].
const FENCE: usize = 16;

impl Csr {
    /// Builds rows `0..rows` from `n` (row, word, score), sorted by row then word.
    #[cfg(test)]
    fn build(rows: usize, n: usize, sorted: impl Iterator<Item = (usize, u16, u16)>) -> Csr {
        let mut c = Csr {
            start: vec![0; rows + 1],
            ..Csr::default()
        };
        let mut row_counts = vec![0u32; rows];
        c.entries = huge_pages_vec(n);
        for (r, w, q) in sorted {
            row_counts[r] += 1;
            c.entries.push((w, q));
        }
        for (r, n) in row_counts.iter().enumerate() {
            c.start[r + 1] = c.start[r] + n;
        }
        Csr::from_rows(c.start, c.entries)
    }

    /// The table of `entries` whose row `r` is `start[r]..start[r + 1]`.
    fn from_rows(start: Vec<u32>, entries: Vec<(u16, u16)>) -> Csr {
        let fence = entries.iter().step_by(FENCE).map(|e| e.0).collect();
        Csr {
            start,
            entries,
            fence,
        }
    }

    /// The entries of the row `start..end` that may hold `w`: the whole row when it is short,
    /// else the stretch of at most [`FENCE`] entries between two words of the fence (one line
    /// of the cache where the entries are aligned to lines, as a large table's are); none for
    /// a word no entry can hold.
    #[inline]
    fn narrow(&self, (start, end): (usize, usize), w: u32) -> (usize, usize) {
        let Ok(w) = u16::try_from(w) else {
            return (start, start);
        };
        if end - start <= 2 * FENCE {
            return (start, end);
        }
        let (first, _, n) = self.fence_rank((start, end), w);
        (
            Self::stretch_start(start, first, n),
            ((first + n) * FENCE).min(end),
        )
    }

    /// A long row's fence (from its first whole line of entries, `first`), and how many of its
    /// words are not above `w`.
    #[inline]
    fn fence_rank(&self, (start, end): (usize, usize), w: u16) -> (usize, &[u16], usize) {
        let first = start.div_ceil(FENCE);
        let fences = &self.fence[first..=(end - 1) / FENCE];
        (first, fences, fences.partition_point(|&k| k <= w))
    }

    /// Where the stretch of a word starts, `n` words of the fence not above it: at the last
    /// of them, or at the row's start.
    #[inline]
    fn stretch_start(start: usize, first: usize, n: usize) -> usize {
        if n == 0 {
            start
        } else {
            (first + n - 1) * FENCE
        }
    }

    /// The entries of the row `start..end` that may hold any word of `lo..=hi` ([`Span`]),
    /// where they are few (at most three lines of the cache): the stretches of the lowest and
    /// the highest, and those between. A word's readings are numbered side by side (training
    /// numbers them so), so that one such stretch mostly holds them all.
    #[inline]
    fn span(&self, (start, end): (usize, usize), Span(lo, hi): Span) -> Option<(usize, usize)> {
        if end - start <= 2 * FENCE {
            return Some((start, end));
        }
        // `lo`'s stretch starts at the last word of the fence not above it, and `hi`'s ends at
        // the first above it, a few words on.
        let (first, fences, n) = self.fence_rank((start, end), lo);
        let mut m = n;
        while m < fences.len() && fences[m] <= hi {
            m += 1;
            if m - n > 2 {
                return None;
            }
        }
        Some((
            Self::stretch_start(start, first, n),
            ((first + m) * FENCE).min(end),
        ))
    }

    /// Asks for the lines of the row that hold the words `ws` (`words`, their [`Span`]), and
    /// says where they are when one short stretch holds them all ([`Csr::span`]).
    #[inline]
    fn prefetch_words(
        &self,
        row: (usize, usize),
        ws: &[u32],
        words: Span,
    ) -> Option<(usize, usize)> {
        match self.span(row, words) {
            Some((a, b)) => {
                for at in (a..b).step_by(FENCE).chain((a < b).then(|| b - 1)) {
                    prefetch(&self.entries[at]);
                }
                Some((a, b))
            }
            None => {
                for &w in ws {
                    self.prefetch_word(row, w);
                }
                None
            }
        }
    }

    /// Asks for the line of the row that may hold `w`.
    #[inline]
    fn prefetch_word(&self, row: (usize, usize), w: u32) {
        let (a, b) = self.narrow(row, w);
        if a < b {
            prefetch(&self.entries[a]);
        }
    }

    /// The score of `w` in the row `start..end`.
    #[inline]
    fn find_in(&self, row: (usize, usize), w: u32) -> Option<u16> {
        let (a, b) = self.narrow(row, w);
        Self::find(&self.entries[a..b], w)
    }

    #[inline]
    fn row(&self, r: usize) -> &[(u16, u16)] {
        &self.entries[self.start[r] as usize..self.start[r + 1] as usize]
    }

    /// The scores in `stretch` (a row's entries, or a stretch of them) of the words of
    /// `words`, into `g`, where they are at most [`Gathered::WIDE`] apart (else false): one
    /// search for the lowest, then a walk on to the highest, where a search for each word
    /// went over the same entries again and again (a word's readings are numbered side by
    /// side).
    #[inline]
    fn gather(stretch: &[(u16, u16)], Span(lo, hi): Span, g: &mut Gathered) -> bool {
        if hi
            .checked_sub(lo)
            .is_none_or(|d| usize::from(d) >= Gathered::WIDE)
        {
            return false;
        }
        g.lo = lo;
        g.found = 0;
        let from = stretch.partition_point(|e| e.0 < lo);
        for &(w, q) in stretch[from..].iter().take_while(|e| e.0 <= hi) {
            let k = usize::from(w - lo);
            g.found |= 1 << k;
            g.q[k] = q;
        }
        true
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

/// The scores of a few words numbered close together, as one walk over a row found them
/// ([`Csr::gather`]); a score is read only where its bit says the row has it.
struct Gathered {
    lo: u16,
    /// A bit per word from `lo` on: whether the row has it.
    found: u64,
    q: [u16; Gathered::WIDE],
}

impl Gathered {
    const WIDE: usize = 64;

    fn new() -> Gathered {
        Gathered {
            lo: 0,
            found: 0,
            q: [0; Gathered::WIDE],
        }
    }

    /// The score of `w`, where the row has it.
    #[inline]
    fn get(&self, w: u32) -> Option<u16> {
        let k = w.checked_sub(u32::from(self.lo))? as usize;
        (k < Self::WIDE && self.found & (1 << k) != 0).then(|| self.q[k])
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
#[derive(Clone)]
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

    /// log10 P(w), the unigram's.
    #[inline]
    pub fn unigram(&self, w: u32) -> f32 {
        self.uni[w as usize]
    }

    /// log10 P(w | v): the bigram's score, else backed off to `w`'s.
    pub fn bigram(&self, v: u32, w: u32) -> f32 {
        self.lower(v, w)
    }

    /// log10 P(w | u v).
    #[inline]
    pub fn score(&self, u: u32, v: u32, w: u32) -> f32 {
        let (block, bow2) = self.context(u, v);
        match self.trigrams.find_in(block, w) {
            Some(q) => dequant(q),
            None => bow2 + self.lower(v, w),
        }
    }

    /// Where the trigram block of the context `u v` lies in the table, and the context's
    /// backoff weight (log10).
    #[inline]
    fn context(&self, u: u32, v: u32) -> ((usize, usize), f32) {
        match self.ctx_index.get(bi_key(u, v)) {
            Some(c) => ((c.start as usize, c.end as usize), c.bow),
            None => ((0, 0), 0.0),
        }
    }

    /// The bigrams after `v`: its row of the table.
    #[inline]
    fn bigram_row(&self, v: u32) -> (usize, usize) {
        let s = &self.bigrams.start;
        match s.get(v as usize..v as usize + 2) {
            Some(r) => (r[0] as usize, r[1] as usize),
            None => (0, 0),
        }
    }

    /// log10 of the lower-order score of `w` after `v`: the bigram's, else backed off to `w`'s.
    #[inline]
    fn lower(&self, v: u32, w: u32) -> f32 {
        self.lower_in(self.bigram_row(v), None, v, w)
    }

    /// [`Model::lower`], searching `v`'s row in `span` where it is given ([`Csr::span`]).
    #[inline]
    fn lower_in(&self, row: (usize, usize), span: Option<(usize, usize)>, v: u32, w: u32) -> f32 {
        let found = match span {
            Some((a, b)) => Csr::find(&self.bigrams.entries[a..b], w),
            None => self.bigrams.find_in(row, w),
        };
        self.lower_found(found, v, w)
    }

    /// The lower-order score of `w` after `v`, its bigram's score `found` in `v`'s row or not.
    #[inline]
    fn lower_found(&self, found: Option<u16>, v: u32, w: u32) -> f32 {
        match found {
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
        if lower.iter().any(|l| l.is_nan()) {
            self.bigrams
                .prefetch_words(self.bigram_row(v), ws, Span::of(ws));
        }
    }

    /// log10 P(w | v) for the rows `rows` of `vs` and every `w` of `ws`, into `out`
    /// (`vs.len() × ws.len()`, row by row; the other rows are left as they are). All the
    /// look-ups are requested before any is read.
    pub fn lowers_rows(&self, vs: &[u32], rows: &[usize], ws: &[u32], out: &mut [f32]) {
        let words = Span::of(ws);
        let n = ws.len();
        let mut g = Gathered::new();
        for rows in rows.chunks(AT_ONCE) {
            // Each row, and the stretch of it that holds every word where one does.
            let mut found = [((0, 0), None); AT_ONCE];
            for (f, &r) in found.iter_mut().zip(rows) {
                let row = self.bigram_row(vs[r]);
                *f = (row, self.bigrams.prefetch_words(row, ws, words));
            }
            for (&r, &(row, span)) in rows.iter().zip(&found) {
                let out = ws.iter().zip(&mut out[r * n..(r + 1) * n]);
                self.lowers_into(vs[r], row, span, words, &mut g, out);
            }
        }
    }

    /// log10 P(w | v) into each `(w, out)` of `outs` (words of `words`), `v`'s bigrams being
    /// `row` and `span` the stretch of it that holds them all where one does ([`Csr::span`]):
    /// one walk over it where the words lie close together ([`Csr::gather`]), else a search
    /// for each.
    #[inline]
    fn lowers_into<'a>(
        &self,
        v: u32,
        row: (usize, usize),
        span: Option<(usize, usize)>,
        words: Span,
        g: &mut Gathered,
        outs: impl Iterator<Item = (&'a u32, &'a mut f32)>,
    ) {
        if span.is_some_and(|(a, b)| Csr::gather(&self.bigrams.entries[a..b], words, g)) {
            for (&w, o) in outs {
                *o = self.lower_found(g.get(w), v, w);
            }
        } else {
            for (&w, o) in outs {
                *o = self.lower_in(row, span, v, w);
            }
        }
    }

    /// log10 P(w | u v) for every context `u v` of `us` (all ending in `v`) and every `w` of
    /// `ws`, row by row into `out` (`us.len() × ws.len()`); `lower` holds log10 P(w | v) for
    /// each `w` of `ws` ([`Model::lowers_rows`]) or NaN where it was not looked up.
    pub fn scores_shared(&self, v: u32, us: &[u32], ws: &[u32], lower: &[f32], out: &mut [f32]) {
        // [`AT_ONCE`] contexts at a time, the rest after.
        let (us, rest) = us.split_at(us.len().min(AT_ONCE));
        let mut blocks = [((0, 0), 0.0); AT_ONCE];
        for (b, &u) in blocks.iter_mut().zip(us) {
            *b = self.context(u, v);
        }
        let blocks = &blocks[..us.len()];
        // Each word's stretch of each block, from the fence (in cache): fetch those lines
        // together, then search them: one stretch for all of them where it is short
        // ([`Csr::span`]).
        let t = &self.trigrams;
        let words = Span::of(ws);
        let mut spans = [None; AT_ONCE];
        for (s, &(block, _)) in spans.iter_mut().zip(blocks) {
            *s = t.prefetch_words(block, ws, words);
        }
        // The bigrams after `v`, where `lower` has not got them: looked up once for every
        // context, one walk over the row where it can ([`Csr::gather`]).
        let mut g = Gathered::new();
        let mut filled: SmallVec<[f32; 32]> = SmallVec::new();
        let lows = if lower.iter().any(|l| l.is_nan()) {
            filled.extend_from_slice(lower);
            let row = self.bigram_row(v);
            let span = self.bigrams.span(row, words);
            let missing = ws.iter().zip(filled.iter_mut()).filter(|(_, l)| l.is_nan());
            self.lowers_into(v, row, span, words, &mut g, missing);
            &filled[..]
        } else {
            lower
        };
        for (((block, bow2), span), row) in blocks
            .iter()
            .zip(&spans)
            .zip(out.chunks_exact_mut(ws.len()))
        {
            let bow2 = *bow2;
            let gathered = span.is_some_and(|(a, b)| Csr::gather(&t.entries[a..b], words, &mut g));
            for ((w, low), o) in ws.iter().zip(lows).zip(row.iter_mut()) {
                let found = if gathered {
                    g.get(*w)
                } else {
                    let (a, b) = span.unwrap_or_else(|| t.narrow(*block, *w));
                    Csr::find(&t.entries[a..b], *w)
                };
                *o = match found {
                    Some(q) => dequant(q),
                    None => bow2 + low,
                };
            }
        }
        if !rest.is_empty() {
            self.scores_shared(v, rest, ws, lows, &mut out[us.len() * ws.len()..]);
        }
    }

    /// Adds to `out[i]`, for each `ws[i]`, log10 P(w | u v) + log10 P(n1 | v w) +
    /// log10 P(n2 | w n1): how well each word fits between `u v` and `n1 n2`. All the
    /// contexts are requested before any is read.
    pub fn add_fits(&self, [u, v]: [u32; 2], ws: &[u32], [n1, n2]: [u32; 2], out: &mut [f32]) {
        self.bigrams
            .prefetch_words(self.bigram_row(v), ws, Span::of(ws));
        for &w in ws {
            self.ctx_index.prefetch(bi_key(v, w));
            self.ctx_index.prefetch(bi_key(w, n1));
            self.bigrams.prefetch_word(self.bigram_row(w), n1);
        }
        let (before, bow) = self.context(u, v);
        for (&w, o) in ws.iter().zip(out.iter_mut()) {
            *o += match self.trigrams.find_in(before, w) {
                Some(q) => dequant(q),
                None => bow + self.lower(v, w),
            };
            *o += self.score(v, w, n1) + self.score(w, n1, n2);
        }
    }

    pub fn len(&self) -> (usize, usize, usize) {
        (self.vocab.len(), self.bigrams.len(), self.trigrams.len())
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
        let (bis_len, tris_len) = (bis.len(), tris.len());
        let bigrams = format::bigrams_by_word(bis.into_iter().map(Ok), bis_len, vocab.len())?;
        let (entries, firsts) = format::trigrams_by_context(tris.into_iter().map(Ok), tris_len)?;
        let ctx_keys: Vec<u32> = ctxs.iter().map(|(k, _)| *k as u32).collect();
        let ctx_bow: Vec<u16> = ctxs.iter().map(|(_, q)| *q).collect();
        let starts = format::trigram_starts(&ctx_keys, &firsts, entries.len())?;
        let trigrams = Csr::from_rows(starts, entries);
        Ok(Self::from_tables(
            vocab, uni, bow1, bigrams, trigrams, ctx_keys, ctx_bow,
        ))
    }

    /// The model of its vocabulary and tables: the look-ups of its words, and the index of
    /// its contexts.
    #[allow(clippy::too_many_arguments)]
    fn from_tables(
        vocab: Vec<String>,
        uni: Vec<f32>,
        bow1: Vec<f32>,
        bigrams: Csr,
        trigrams: Csr,
        ctx_keys: Vec<u32>,
        ctx_bow: Vec<u16>,
    ) -> Model {
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
                let n = crate::text::syllable::place_tone(
                    &letters,
                    tone,
                    crate::text::syllable::Style::New,
                );
                if n != *s {
                    newer.insert(i as u32, n);
                }
            }
            let (l, t) = &parts[i];
            key_of(l, *t, &mut key);
            by_key.entry(key.clone()).or_insert(i as u32);
            // Words that are not syllables (abbreviations such as "ubnd"), and syllables no
            // word of the language spells so (`điệ`, `hơp`: a word cut or mistyped in the
            // training text), are context for the model, never candidates. A word of
            // several syllables written as one with marks and vowels (`Đắk Lắk`, `Kitô`,
            // `axít`, `Ê Đê` as `êđê`) is a reading of its bare letters, as a syllable is.
            let bare = fold_lower(s);
            let reading = match split_tone(s) {
                Some((l, t)) if has_syllable_shape(&l) => spelled_as_vietnamese(&l, t),
                _ => bare != *s && s.chars().any(|c| is_vowel(letter(c).bare)),
            };
            if reading {
                cands.entry(bare).or_default().push(i as u32);
            }
        }
        // Most frequent first: training numbers the readings of one bare form side by side by
        // their (weighted) count, so by id.
        // (The unigram score is Kneser–Ney's continuation probability, which ranks a word seen
        // after few others low however often it is seen: *dõi*, nearly always after *theo*,
        // came 18th of the 24 readings of `doi`, past the candidates the decoder weighs.)
        for v in cands.values_mut() {
            v.sort_unstable();
        }
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
        Model {
            vocab,
            index,
            cands,
            by_key,
            parts,
            newer,
            uni,
            bow1,
            bigrams,
            trigrams,
            ctx_index,
            ctx_keys,
            ctx_bow,
        }
    }
}

/// The set of bare forms that are Vietnamese syllables, for detection.
pub fn bare_forms(m: &Model) -> FxHashSet<String> {
    m.cands.keys().cloned().collect()
}

impl Model {
    /// Every syllable the model proposes as a reading (abbreviations and other words it
    /// knows are context only), by bare form.
    pub fn syllables(&self) -> impl Iterator<Item = u32> + '_ {
        self.cands.values().flatten().copied()
    }

    /// Whether `id` is a syllable the model proposes as a reading (not `tt`, `ubnd`).
    pub fn is_reading(&self, id: u32) -> bool {
        self.vocab
            .get(id as usize)
            .is_some_and(|w| self.candidates(&crate::text::fold_lower(w)).contains(&id))
    }
}

#[cfg(test)]
mod tests {
    use super::train::Discounts;
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

    #[test]
    fn a_row_searched_through_the_fence_finds_what_a_search_of_it_finds() {
        // Rows short and long, starting anywhere in a line, their words spread unevenly.
        let lens = [0usize, 1, 15, 16, 17, 31, 32, 33, 47, 100, 1000, 3];
        let mut rows = Vec::new();
        for (r, &n) in lens.iter().enumerate() {
            let mut w = (r * 5) as u16;
            for i in 0..n {
                w += 1 + ((i * 7 + r) % 13) as u16;
                rows.push((r, w, w ^ 0x5a5a));
            }
        }
        let c = Csr::build(lens.len(), rows.len(), rows.iter().copied());
        for r in 0..lens.len() {
            let (start, end) = (c.start[r] as usize, c.start[r + 1] as usize);
            let row = c.row(r);
            let top = row.last().map_or(0, |e| u32::from(e.0) + 2);
            for w in 0..top {
                let want = row.iter().find(|e| u32::from(e.0) == w).map(|e| e.1);
                assert_eq!(c.find_in((start, end), w), want, "row {r}, word {w}");
                let (a, b) = c.narrow((start, end), w);
                assert!(start <= a && b <= end);
                assert!(
                    b - a
                        <= if end - start > 2 * FENCE {
                            FENCE
                        } else {
                            2 * FENCE
                        }
                );
            }
            assert_eq!(c.find_in((start, end), 70_000), None);
            // A walk from the lowest of a few words finds what a search for each finds.
            for lo in (0..top).step_by(5) {
                for wide in [0, 1, 7, 40, 63, 64] {
                    let ws: Vec<u32> = (lo..=lo + wide).step_by(3).chain([lo + wide]).collect();
                    let mut g = Gathered::new();
                    assert_eq!(Csr::gather(row, Span::of(&ws), &mut g), wide < 64);
                    for &w in ws.iter().filter(|_| wide < 64) {
                        assert_eq!(g.get(w), Csr::find(row, w), "{r} {w}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_words_readings_are_found_in_the_one_stretch_that_holds_them() {
        // Rows short and long; readings numbered side by side, each set searched in its
        // stretch where there is one, else word by word (as `scores_shared` does).
        let lens = [0usize, 5, 32, 33, 200, 3000];
        let mut rows = Vec::new();
        for (r, &n) in lens.iter().enumerate() {
            let mut w = r as u16;
            for i in 0..n {
                w += 1 + ((i * 5 + r) % 4) as u16;
                rows.push((r, w, w ^ 0x0f0f));
            }
        }
        let c = Csr::build(lens.len(), rows.len(), rows.iter().copied());
        for r in 0..lens.len() {
            let (start, end) = (c.start[r] as usize, c.start[r + 1] as usize);
            let top = c.row(r).last().map_or(4, |e| u32::from(e.0) + 3);
            for lo in 0..top {
                for width in [0u32, 1, 5, 11, 40, 400] {
                    let ws: Vec<u32> = [lo + width, lo, lo + width / 2].to_vec();
                    let Some((a, b)) = c.span((start, end), Span::of(&ws)) else {
                        assert!(width > 2 * FENCE as u32 / 4, "row {r}, {lo}+{width}");
                        continue;
                    };
                    assert!(start <= a && b <= end && b - a <= 3 * FENCE);
                    for &w in &ws {
                        let want = c.find_in((start, end), w);
                        assert_eq!(Csr::find(&c.entries[a..b], w), want, "row {r}, word {w}");
                    }
                }
            }
        }
    }

    /// Training options that keep every word and n-gram (tiny test corpora).
    fn keep_all() -> Training {
        Training {
            min_syllable: 1,
            min_trigram: 1,
            min_bigram: 1,
            min_other: 1,
            min_stroked: 1,
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
        let (m, side) = train(&[(corpus.clone(), 2)], &keep_all()).unwrap();
        let capitals = side.capitals;
        let id = |s: &str| m.id(s).unwrap();
        // After a word in lower case (weight 2): "nghị" twice, in lower case; "Nghỉ" never.
        assert_eq!(capitals[id("nghị") as usize], [0, 4]);
        assert_eq!(capitals[id("nghỉ") as usize], [0, 0]);
        // A bare form's readings are numbered side by side, most frequent first: `nghị` (4),
        // `nghỉ` (2), though `thực` and `hiện` are as frequent as `nghị` and `nghỉ` comes last.
        assert_eq!(m.candidates("nghi"), &[id("nghị"), id("nghỉ")]);
        assert_eq!(id("nghỉ"), id("nghị") + 1);
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
        // Loaded again, the model is the same table for table (the trigrams go from the file
        // into their table directly); a file cut anywhere, or one that says it holds more
        // trigrams than it does, is refused with an error.
        assert_eq!(l.trigram_table(), m.trigram_table());
        assert_eq!(l.bigram_table(), m.bigram_table());
        assert_eq!(l.context_table(), m.context_table());
        let bytes = std::fs::read(&path).unwrap();
        for cut in 0..bytes.len() {
            assert!(Model::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut more = bytes.clone();
        let nt = u32::from_le_bytes(more[16..20].try_into().unwrap());
        more[16..20].copy_from_slice(&(nt + 1).to_le_bytes());
        assert!(Model::from_bytes(&more).is_err());
        more[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Model::from_bytes(&more).is_err());
        // Nor does a count that lies reserve memory the file cannot fill: each of the four
        // counts said to be the largest there is.
        for at in [8, 12, 16, 20] {
            let mut lies = bytes.clone();
            lies[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
            assert!(Model::from_bytes(&lies).is_err(), "count at {at}");
        }
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
        assert_eq!(s[0][5], Some((COMMA.to_string(), false)));
        assert_eq!(s[1][3], Some(("sở".to_string(), false))); // capitals throughout
    }

    #[test]
    fn training_leaves_out_lines_stripped_of_their_marks() {
        use super::train::stripped;
        assert!(stripped("Phu luc kem theo Nghi dinh 116-2021-NĐ-CP-1.doc"));
        assert!(stripped(
            "Phu luc 2_cap ky thuat ĐTNĐ quoc gia_dinh kem theo.docx"
        ));
        // Typed Vietnamese, English, codes, too short a line: kept.
        assert!(!stripped("Phụ lục kèm theo Nghị định số 116/2021/NĐ-CP"));
        assert!(!stripped(
            "Last accessible copy of the site in the Internet Archive"
        ));
        assert!(!stripped("- Các Bộ: KHCN, QP, NV, NNMT, TP;"));
        assert!(!stripped("Ban Chi"));
        assert!(!stripped("khi tham gia giao thông."));
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
