//! How often each syllable, right after a word in lower case, is written with a capital: gửi
//! về *Sở* Tư pháp, trường *Đại* học (a department, a faculty, a name starts) but con *số*,
//! *khóa* học. A capital there is evidence for the syllables that often start a capitalised
//! phrase: a channel P(capital | syllable, after lower case) beside the OCR one. Counted by
//! `train-lm` from the same corpus as the language model, kept as a table of counts
//! (`syllable`, `capitalised`, `all`).

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use super::model::{Model, BOUNDARY};
use crate::text::syllable::canonical;

pub const CAPITALS_FILE: &str = "vi-capitals.tsv";

/// Weight of the average share of capitals in a syllable's estimate: a syllable seen a few
/// times is not called a name for one capitalised sighting.
const PRIOR: f64 = 10.0;

/// Writes the counts (`counts[id] = [capitalised, all]`, words after a word in lower case).
pub fn save(path: &Path, vocab: &[String], counts: &[[u64; 2]]) -> Result<()> {
    let mut out = Vec::new();
    for (w, [cap, all]) in vocab.iter().zip(counts).skip(BOUNDARY as usize + 1) {
        if *all > 0 {
            writeln!(out, "{w}\t{cap}\t{all}")?;
        }
    }
    std::fs::write(path, out).with_context(|| format!("{}: cannot write", path.display()))
}

/// log10 P(capital | syllable) for each id of `model`, smoothed towards the average share;
/// empty when the table is absent (a dictionaries folder from before it existed).
pub fn load(path: &Path, model: &Model) -> Result<Vec<f32>> {
    let Some(text) = super::read_table(path)? else {
        return Ok(Vec::new());
    };
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let bad = || {
            format!(
                "{}: line {}: not `syllable TAB n TAB n`",
                path.display(),
                n + 1
            )
        };
        let mut f = line.split('\t');
        let (Some(w), Some(cap), Some(all)) = (f.next(), f.next(), f.next()) else {
            anyhow::bail!(bad());
        };
        let cap: u64 = cap.parse().with_context(bad)?;
        let all: u64 = all.parse().with_context(bad)?;
        if let Some(id) = canonical(w).and_then(|c| model.id(&c)) {
            rows.push((id, cap, all));
        }
    }
    let (cap, all) = rows
        .iter()
        .fold((0u64, 0u64), |(c, a), r| (c + r.1, a + r.2));
    let average = if all == 0 {
        0.0
    } else {
        cap as f64 / all as f64
    };
    let mut out = vec![(average.max(1e-6)).log10() as f32; model.vocab.len()];
    for (id, cap, all) in rows {
        let p = (cap as f64 + PRIOR * average) / (all as f64 + PRIOR);
        out[id as usize] = p.max(1e-6).log10() as f32;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_saved_and_loaded_as_smoothed_log_probabilities() {
        let m = &crate::restore::test_restorer().model;
        let id = |s: &str| m.id(s).unwrap() as usize;
        let mut counts = vec![[0u64; 2]; m.vocab.len()];
        counts[id("sở")] = [90, 100];
        counts[id("số")] = [10, 990];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CAPITALS_FILE);
        save(&path, &m.vocab, &counts).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 2);
        let p = load(&path, m).unwrap();
        // The average share is 100/1090; a syllable never counted gets it.
        let average = 100.0f64 / 1090.0;
        assert!((p[id("hoạch")] as f64 - average.log10()).abs() < 1e-6);
        let sở = (90.0 + 10.0 * average) / 110.0;
        assert!((p[id("sở")] as f64 - sở.log10()).abs() < 1e-6);
        assert!(p[id("sở")] > p[id("số")]);
        // No table, no evidence; a broken one is an error naming the file.
        assert!(load(&dir.path().join("none.tsv"), m).unwrap().is_empty());
        std::fs::write(&path, "sở\tmany\t3\n").unwrap();
        let e = load(&path, m).unwrap_err();
        assert!(format!("{e:#}").contains("line 1"), "{e:#}");
    }
}
