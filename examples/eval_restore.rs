//! Scores tone-mark restoration on the four seeds of ../shared/seeds (never trained on):
//!
//! 1. stripped: every tone and vowel mark removed, đ→d, then restored;
//! 2. Lai Châu: each seed rendered with render_scan.py --noise 1 and OCR'd with
//!    `tesseract -l eng` (pairs made by `tools/make_laichau.sh DIR`), then restored;
//! 3. untouched: the seeds as they are, which must pass through;
//! 4. speed: syllables per second on one core, model load time, peak memory.
//!
//! Score = share of the truth's Vietnamese syllables that come out with the right letters and
//! tone (tone placement ignored, case counted; a line after the table counts it too). The
//! baseline is the input as it is.
//!
//!     cargo run --release --example eval_restore -- ../shared/seeds [LAICHAU_DIR]
//!
//! `TOP=N` lists the N most frequent errors of each set (12 by default); `DUMP=DIR` writes
//! each file's stripped text as restored into DIR, under the file's name, and the OCR'd text as
//! restored into DIR/ocr.
//!
//! The decoder's settings can be changed for a sweep: `BEAM=N`, `PRUNE=X`, `AHEAD_MARGIN=X`,
//! `DOC_WEIGHT=X` (log10; 0 turns the document's evidence off), each the field of `Restorer`
//! of that name.

#[path = "common/settings.rs"]
mod settings;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use vanthu::restore::channel::{align, words};
use vanthu::restore::{dictionaries_dir, Restorer};
use vanthu::text::syllable::{canonical, has_syllable_shape, split_tone};
use vanthu::text::{fold, nfc};

fn is_syllable(w: &str) -> bool {
    w.chars().all(char::is_alphabetic)
        && canonical(w)
            .and_then(|c| split_tone(&c))
            .is_some_and(|(l, _)| has_syllable_shape(&l))
}

fn case_pattern(w: &str) -> u8 {
    let up = w.chars().filter(|c| c.is_uppercase()).count();
    match up {
        0 => 0,
        1 if w.chars().next().is_some_and(char::is_uppercase) => 1,
        _ if up == w.chars().count() => 2,
        _ => 3,
    }
}

fn same(truth: &str, got: &str) -> bool {
    canonical(truth) == canonical(got) && case_pattern(truth) == case_pattern(got)
}

fn raw_words(text: &str) -> Vec<String> {
    text.split(|c: char| {
        !(c.is_alphanumeric() || c == '|' || vanthu::text::OCR_LETTER_SYMBOLS.contains(&c))
    })
    .filter(|w| !w.is_empty())
    .map(str::to_string)
    .collect()
}

#[derive(Default)]
struct Score {
    total: usize,
    right: usize,
    /// Right with the tone on the vowel the truth puts it on too (*ủy*, not *uỷ*).
    exact: usize,
    errors: BTreeMap<(String, String), usize>,
}

impl Score {
    fn add(&mut self, truth: &str, got: Option<&str>) {
        self.total += 1;
        match got {
            Some(g) if same(truth, g) => {
                self.right += 1;
                self.exact += usize::from(nfc(truth) == nfc(g));
            }
            g => {
                *self
                    .errors
                    .entry((truth.to_lowercase(), g.unwrap_or("∅").to_lowercase()))
                    .or_default() += 1
            }
        }
    }
    fn pct(&self) -> f64 {
        100.0 * self.right as f64 / self.total.max(1) as f64
    }
    fn exact_pct(&self) -> f64 {
        100.0 * self.exact as f64 / self.total.max(1) as f64
    }
    fn top(&self, n: usize) -> Vec<(usize, String, String)> {
        let mut v: Vec<_> = self
            .errors
            .iter()
            .map(|((t, g), c)| (*c, t.clone(), g.clone()))
            .collect();
        v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        v.truncate(n);
        v
    }
}

/// Scores word-for-word, line by line: `got` has the same words as `truth` (restoration
/// keeps boundaries). A line whose words stripping itself changed (a letter of another script
/// that is a mark, `ि` in Hindi, taken off by stripping) is scored as restoration left it only
/// when the counts still agree; otherwise its syllables count as wrong.
fn score_parallel(truth: &str, got: &str, s: &mut Score) {
    let (tl, gl): (Vec<&str>, Vec<&str>) = (truth.lines().collect(), got.lines().collect());
    assert_eq!(tl.len(), gl.len(), "restoration changed the lines");
    for (tline, gline) in tl.iter().zip(&gl) {
        let (t, g) = (raw_words(tline), raw_words(gline));
        // A line whose words the stripping merged or split (a script whose marks are letters,
        // Devanagari's vowel signs, folded away) is aligned word by word: its Vietnamese
        // syllables are scored all the same.
        if t.len() != g.len() {
            score_aligned(tline, gline, s);
            continue;
        }
        for (a, b) in t.iter().zip(&g) {
            if is_syllable(a) {
                s.add(a, Some(b));
            }
        }
    }
}

/// Scores after aligning OCR'd (and restored) words with the truth.
fn score_aligned(truth: &str, got: &str, s: &mut Score) {
    let t: Vec<String> = raw_words(truth);
    let g: Vec<String> = raw_words(got);
    let tl: Vec<String> = t.iter().map(|w| w.to_lowercase()).collect();
    let gl: Vec<String> = g.iter().map(|w| w.to_lowercase()).collect();
    // align() works on lowercase; map the pairs back to positions by order.
    let pairs = align(&tl, &gl);
    let mut pi = 0;
    let mut gj = 0;
    for (ti, tw) in t.iter().enumerate() {
        let paired = pairs.get(pi).filter(|(pt, _)| *pt == tl[ti]);
        let got = paired.map(|(_, pg)| {
            while gj < gl.len() && gl[gj] != *pg {
                gj += 1;
            }
            let w = g.get(gj).cloned().unwrap_or_default();
            gj += 1;
            w
        });
        if paired.is_some() {
            pi += 1;
        }
        if is_syllable(tw) {
            s.add(tw, got.as_deref());
        }
    }
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seeds = Path::new(args.first().map_or("../shared/seeds", String::as_str));
    let laichau = args.get(1).map(Path::new);
    let t0 = Instant::now();
    let mut r = Restorer::load(&dictionaries_dir())?;
    let load = t0.elapsed();
    settings::from_env(&mut r)?;
    let mut paths: Vec<_> = std::fs::read_dir(seeds)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();

    let (mut stripped, mut stripped_base) = (Score::default(), Score::default());
    let (mut untouched, mut laichau_s, mut laichau_base) =
        (Score::default(), Score::default(), Score::default());
    let mut all_stripped = String::new();
    for p in &paths {
        let truth = nfc(&std::fs::read_to_string(p)?);
        let bare = fold(&truth);
        let restored = r.restore(&bare).text;
        if let Ok(dir) = std::env::var("DUMP") {
            std::fs::write(Path::new(&dir).join(p.file_name().unwrap()), &restored)?;
        }
        score_parallel(&truth, &bare, &mut stripped_base);
        score_parallel(&truth, &restored, &mut stripped);
        score_parallel(&truth, &r.restore(&truth).text, &mut untouched);
        all_stripped.push_str(&bare);
        if let Some(dir) = laichau {
            let stem = p.file_stem().unwrap().to_string_lossy();
            let gt = nfc(&std::fs::read_to_string(
                dir.join(format!("{stem}.gt.txt")),
            )?);
            let ocr = nfc(&std::fs::read_to_string(
                dir.join(format!("{stem}.ocr.txt")),
            )?);
            score_aligned(&gt, &ocr, &mut laichau_base);
            let restored = r.restore(&ocr).text;
            if let Ok(dir) = std::env::var("DUMP") {
                let dir = Path::new(&dir).join("ocr");
                std::fs::create_dir_all(&dir)?;
                std::fs::write(dir.join(format!("{stem}.txt")), &restored)?;
            }
            score_aligned(&gt, &restored, &mut laichau_s);
        }
    }

    // Speed: the stripped seeds, restored over and over on this one thread.
    let syllables = words(&all_stripped).len();
    let t = Instant::now();
    let mut rounds = 0;
    while t.elapsed().as_secs_f64() < 3.0 {
        std::hint::black_box(r.restore(&all_stripped));
        rounds += 1;
    }
    let secs = t.elapsed().as_secs_f64();
    let per_sec = (syllables * rounds) as f64 / secs;
    // Of those words, the Vietnamese syllables (the rest are numbers, codes, abbreviations).
    let syll_per_sec = (stripped.total * rounds) as f64 / secs;
    let t = Instant::now();
    let mut rounds_clean = 0;
    let clean: String = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect();
    while t.elapsed().as_secs_f64() < 2.0 {
        std::hint::black_box(r.restore(&clean));
        rounds_clean += 1;
    }
    let clean_per_sec = (words(&clean).len() * rounds_clean) as f64 / t.elapsed().as_secs_f64();

    println!("| test | syllables | baseline (input as is) | restored |");
    println!("|---|---|---|---|");
    println!(
        "| 1. stripped seeds | {} | {:.2}% | **{:.2}%** |",
        stripped.total,
        stripped_base.pct(),
        stripped.pct()
    );
    if laichau.is_some() {
        println!(
            "| 2. Lai Châu style (render --noise 1, tesseract -l eng) | {} | {:.2}% | **{:.2}%** |",
            laichau_s.total,
            laichau_base.pct(),
            laichau_s.pct()
        );
    }
    println!(
        "| 3. untouched seeds (unchanged) | {} | 100% | **{:.2}%** |",
        untouched.total,
        untouched.pct()
    );
    println!();
    println!(
        "with the tone on the vowel the truth puts it on (*ủy* against *uỷ*): stripped {:.2}%{}, \
         untouched {:.2}%",
        stripped.exact_pct(),
        if laichau.is_some() {
            format!(", Lai Châu {:.2}%", laichau_s.exact_pct())
        } else {
            String::new()
        },
        untouched.exact_pct()
    );
    println!(
        "speed, one core: restoring stripped text {:.0} words/s = {:.0} Vietnamese syllables/s \
         ({syllables} words, {} of them syllables); passing correct text {:.0} words/s",
        per_sec, syll_per_sec, stripped.total, clean_per_sec
    );
    let (v, b, tr) = r.model.len();
    println!(
        "model: {v} words, {b} bigrams, {tr} trigrams, channel {} tokens; load {:.0} ms; peak RSS {} MiB",
        r.channel.len(),
        load.as_secs_f64() * 1000.0,
        peak_rss_kb() / 1024
    );
    for (name, s) in [
        ("stripped", &stripped),
        ("Lai Châu", &laichau_s),
        ("untouched", &untouched),
    ] {
        if s.total == 0 {
            continue;
        }
        println!("\nmost frequent remaining errors, {name} (truth → output, count):");
        let top = std::env::var("TOP")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(12);
        for (c, t, g) in s.top(top) {
            println!("  {t} → {g}  ×{c}");
        }
    }
    Ok(())
}
