//! The model file: a magic, the vocabulary with its unigram scores and backoff weights, then
//! three tables of (key, quantised value), keys ascending, each stored as a varint delta.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};

use super::{bi_key, dequant, huge_pages_vec, quant, Csr, Model, MAGIC};

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
        // Room for no more words than the bytes left could hold (five at least a word).
        let room = nv.min(b.len() / 5);
        let mut vocab = Vec::with_capacity(room);
        let mut uni = Vec::with_capacity(room);
        let mut bow1 = Vec::with_capacity(room);
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
        // Three tables of (key, value), keys ascending, each key stored as a varint delta,
        // read once each, straight into the model's tables: the bigrams by first word, the
        // trigrams (5 M and more) by context, found in the contexts' table that follows them.
        let mut rows = Rows::new(b, at, nb);
        let room = rows.room();
        let bigrams = bigrams_by_word(rows.by_ref(), room, nv)?;
        let mut rows = Rows::new(b, rows.at, nt);
        let room = rows.room();
        let (entries, firsts) = trigrams_by_context(rows.by_ref(), room)?;
        let rows = Rows::new(b, rows.at, nc);
        let mut ctx_keys = Vec::with_capacity(rows.room());
        let mut ctx_bow = Vec::with_capacity(rows.room());
        for row in rows {
            let (k, q) = row?;
            ctx_keys.push(k as u32);
            ctx_bow.push(q);
        }
        let trigrams = Csr::from_rows(trigram_starts(&ctx_keys, &firsts, entries.len())?, entries);
        Ok(Self::from_tables(
            vocab, uni, bow1, bigrams, trigrams, ctx_keys, ctx_bow,
        ))
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

/// One row of a table: its key's delta, its value, and where the next row starts. Most deltas
/// take one byte or two, read at once.
#[inline(always)]
fn row(b: &[u8], at: usize) -> Result<(u64, u16, usize)> {
    if let Some(&[d0, d1, d2, d3]) = b.get(at..at + 4) {
        if d0 < 0x80 {
            return Ok((u64::from(d0), u16::from_le_bytes([d1, d2]), at + 3));
        }
        if d1 < 0x80 {
            let delta = u64::from(d0 & 0x7f) | u64::from(d1) << 7;
            return Ok((delta, u16::from_le_bytes([d2, d3]), at + 4));
        }
    }
    let (delta, len) = varint(b, at)?;
    let v = b.get(at + len..at + len + 2).context("truncated table")?;
    Ok((delta, u16::from_le_bytes([v[0], v[1]]), at + len + 2))
}

/// The rows of a table of `n` rows from `at`: (key, value), keys as the deltas add up; an
/// error where one runs past the file or holds a varint that is not one.
struct Rows<'a> {
    b: &'a [u8],
    at: usize,
    left: usize,
    key: u64,
}

impl<'a> Rows<'a> {
    fn new(b: &'a [u8], at: usize, n: usize) -> Rows<'a> {
        Rows {
            b,
            at,
            left: n,
            key: 0,
        }
    }

    /// How many rows to make room for: no more than the bytes left could hold (three at
    /// least a row), so that a count that lies reserves no memory the file cannot fill.
    fn room(&self) -> usize {
        self.left.min(self.b.len().saturating_sub(self.at) / 3)
    }
}

impl Iterator for Rows<'_> {
    type Item = Result<(u64, u16)>;

    #[inline(always)]
    fn next(&mut self) -> Option<Result<(u64, u16)>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        Some(row(self.b, self.at).map(|(delta, v, next)| {
            self.at = next;
            self.key = self.key.wrapping_add(delta);
            (self.key, v)
        }))
    }
}

/// The bigram table from its rows (keys `v << 16 | w`, ascending; room made for `room`), by
/// first word.
pub(super) fn bigrams_by_word(
    rows: impl Iterator<Item = Result<(u64, u16)>>,
    room: usize,
    nv: usize,
) -> Result<Csr> {
    let mut entries = huge_pages_vec(room);
    let mut start = vec![0u32; nv + 1];
    for row in rows {
        let (k, q) = row?;
        let v = (k >> 16) as usize;
        if v >= nv {
            bail!("a bigram names a word the vocabulary does not have");
        }
        start[v + 1] += 1;
        entries.push(((k & 0xffff) as u16, q));
    }
    for v in 0..nv {
        start[v + 1] += start[v];
    }
    Ok(Csr::from_rows(start, entries))
}

/// The trigram table's entries from its rows (keys `u << 32 | v << 16 | w`, ascending; room
/// made for `room`), in order, and each context's key with its first entry: their rows are
/// found in the contexts' table ([`trigram_starts`]).
#[allow(clippy::type_complexity)]
pub(super) fn trigrams_by_context(
    rows: impl Iterator<Item = Result<(u64, u16)>>,
    room: usize,
) -> Result<(Vec<(u16, u16)>, Vec<(u32, u32)>)> {
    let mut entries = huge_pages_vec(room);
    let mut firsts: Vec<(u32, u32)> = Vec::new();
    for row in rows {
        let (k, q) = row?;
        let ctx = (k >> 16) as u32;
        if firsts.last().is_none_or(|l| l.0 != ctx) {
            firsts.push((ctx, entries.len() as u32));
        }
        entries.push(((k & 0xffff) as u16, q));
    }
    Ok((entries, firsts))
}

/// Where each context's trigrams start (`ctx_keys`, ascending; `firsts`, the trigrams' own
/// contexts with their first entry, ascending; `n` entries in all); an error for a trigram
/// whose context has no backoff weight.
pub(super) fn trigram_starts(
    ctx_keys: &[u32],
    firsts: &[(u32, u32)],
    n: usize,
) -> Result<Vec<u32>> {
    let mut start = Vec::with_capacity(ctx_keys.len() + 1);
    let mut t = 0;
    for &k in ctx_keys {
        if t < firsts.len() && firsts[t].0 < k {
            break;
        }
        // A context without trigrams starts where the next one with them does.
        start.push(firsts.get(t).map_or(n as u32, |f| f.1));
        if t < firsts.len() && firsts[t].0 == k {
            t += 1;
        }
    }
    if t < firsts.len() {
        bail!("a trigram's context has no backoff weight");
    }
    start.push(n as u32);
    Ok(start)
}
