//! Leaning a model to an archive's own text, without the general corpus.

use anyhow::Result;
use rustc_hash::FxHashMap;

use super::train::for_lines;
use super::{bi_key, dequant, quant, sentences, Csr, Model, BOUNDARY, UNK};
use crate::text::syllable::canonical;

impl Model {
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
