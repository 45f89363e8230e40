//! The model file: a magic, the vocabulary with its unigram scores and backoff weights, then
//! three tables of (key, quantised value), keys ascending, each stored as a varint delta.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};

use super::{bi_key, dequant, quant, Model, MAGIC};

impl Model {
    /// Loads a model file.
    pub fn load(path: &Path) -> Result<Model> {
        let bytes = std::fs::read(path)
            .with_context(|| format!("{}: cannot read the language model", path.display()))?;
        Self::from_bytes(&bytes).with_context(|| format!("{}: not a vanthu model", path.display()))
    }

    pub(super) fn from_bytes(b: &[u8]) -> Result<Model> {
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
        // Three tables of (key, value), keys ascending, each key stored as a varint delta:
        // checked whole first, so that the trigrams (5 M and more) go straight into the model's
        // table, with no copy of them on the way.
        let bis_at = at;
        let tris_at = skip_table(b, bis_at, nb)?;
        let ctxs_at = skip_table(b, tris_at, nt)?;
        skip_table(b, ctxs_at, nc)?;
        let bis = Table::new(b, bis_at, nb).collect();
        let ctxs = Table::new(b, ctxs_at, nc).collect();
        Self::assemble_sorted(vocab, uni, bow1, bis, Table::new(b, tris_at, nt), ctxs)
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
    pub(super) fn bigram_table(&self) -> Vec<(u64, u16)> {
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
    pub(super) fn trigram_table(&self) -> Vec<(u64, u16)> {
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
    pub(super) fn context_table(&self) -> Vec<(u64, u16)> {
        self.ctx_keys
            .iter()
            .zip(&self.ctx_bow)
            .map(|(k, q)| (u64::from(*k), *q))
            .collect()
    }
}

/// The varint at `at`: its value and its length in bytes; an error if it runs past the file or
/// is longer than a u64's.
#[inline]
fn varint(b: &[u8], at: usize) -> Result<(u64, usize)> {
    let mut value = 0u64;
    for len in 0..10 {
        let byte = *b.get(at + len).context("truncated table")?;
        value |= u64::from(byte & 0x7f) << (7 * len);
        if byte & 0x80 == 0 {
            return Ok((value, len + 1));
        }
    }
    bail!("bad varint")
}

/// One row of a table: its key's delta, its value, and where the next row starts.
#[inline]
fn row(b: &[u8], at: usize) -> Result<(u64, u16, usize)> {
    let (delta, len) = varint(b, at)?;
    let v = b.get(at + len..at + len + 2).context("truncated table")?;
    Ok((delta, u16::from_le_bytes([v[0], v[1]]), at + len + 2))
}

/// Where the table of `n` rows that starts at `at` ends; an error if it runs past the file or
/// holds a varint that is not one.
fn skip_table(b: &[u8], mut at: usize, n: usize) -> Result<usize> {
    for _ in 0..n {
        at = row(b, at)?.2;
    }
    Ok(at)
}

/// The rows of a table [`skip_table`] has checked: (key, value), keys as the deltas add up.
struct Table<'a> {
    b: &'a [u8],
    at: usize,
    left: usize,
    key: u64,
}

impl<'a> Table<'a> {
    fn new(b: &'a [u8], at: usize, n: usize) -> Table<'a> {
        Table {
            b,
            at,
            left: n,
            key: 0,
        }
    }
}

impl Iterator for Table<'_> {
    type Item = (u64, u16);

    fn next(&mut self) -> Option<(u64, u16)> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        // Checked already: the row is whole.
        let (delta, v, next) = row(self.b, self.at).ok()?;
        self.at = next;
        self.key = self.key.wrapping_add(delta);
        Some((self.key, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Table<'_> {}
