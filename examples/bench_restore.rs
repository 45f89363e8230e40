//! Restores the stripped seeds a fixed number of times on one thread, for instruction counts
//! that do not depend on the machine's load:
//!
//!     valgrind --tool=callgrind --toggle-collect='*restore_inner*' \
//!         target/release/examples/bench_restore ../shared/seeds 3
//!
//! and for wall-clock speed on a noisy machine: each round is timed, and the best and the
//! median round are printed (the best is the one least disturbed by other load). The
//! decoder's settings come from the environment as for `eval_restore` (`DOC_WEIGHT=0`: the
//! document's evidence off).
//!
//! With `PAIRED=1`, rounds with the default settings and with the environment's alternate in
//! one process, and the ratio of each pair's times is reported: this machine's speed drifts
//! by ±30% over seconds, which two processes run one after the other cannot tell from a
//! change; neighbouring rounds of one process can.
#[path = "common/settings.rs"]
mod settings;
use std::path::Path;
use vanthu::restore::channel::words;
use vanthu::restore::{dictionaries_dir, Restorer};
use vanthu::text::{fold, nfc};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seeds = Path::new(args.first().map_or("../shared/seeds", String::as_str));
    let rounds: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(3);
    let mut r = Restorer::load(&dictionaries_dir())?;
    let mut text = String::new();
    let mut paths: Vec<_> = std::fs::read_dir(seeds)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    for p in paths {
        text.push_str(&fold(&nfc(&std::fs::read_to_string(p)?)));
    }
    let words = words(&text).len();
    if std::env::var_os("PAIRED").is_some() {
        return paired(&mut r, &text, words, rounds);
    }
    settings::from_env(&mut r)?;
    let mut secs = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t = std::time::Instant::now();
        std::hint::black_box(r.restore(&text));
        secs.push(t.elapsed().as_secs_f64());
    }
    secs.sort_by(f64::total_cmp);
    let rate = |s: f64| words as f64 / s;
    println!(
        "{words} words × {rounds} rounds: best {:.0} words/s, median {:.0} words/s",
        rate(secs[0]),
        rate(secs[secs.len() / 2])
    );
    Ok(())
}

/// Rounds with `r`'s settings as loaded and with the environment's, alternated; the median
/// ratio of their times (loaded / environment's: above 1, the environment's are faster).
fn paired(r: &mut Restorer, text: &str, words: usize, rounds: usize) -> anyhow::Result<()> {
    let loaded = (r.beam, r.prune, r.ahead_margin, r.doc_weight);
    settings::from_env(r)?;
    let env = (r.beam, r.prune, r.ahead_margin, r.doc_weight);
    // The same restorer each round (a clone's tables are not in huge pages, and ran 12%
    // slower), its settings switched.
    let set = |r: &mut Restorer, (beam, prune, ahead, doc): (usize, f32, f32, f32)| {
        (r.beam, r.prune, r.ahead_margin, r.doc_weight) = (beam, prune, ahead, doc);
    };
    let time = |r: &Restorer| {
        let t = std::time::Instant::now();
        std::hint::black_box(r.restore(text));
        t.elapsed().as_secs_f64()
    };
    let (mut ratios, mut best) = (Vec::new(), (f64::MAX, f64::MAX));
    for _ in 0..rounds {
        set(r, loaded);
        let a = time(r);
        set(r, env);
        let b = time(r);
        ratios.push(a / b);
        best = (best.0.min(a), best.1.min(b));
    }
    ratios.sort_by(f64::total_cmp);
    let q = |f: usize| ratios[(ratios.len() - 1) * f / 4];
    println!(
        "{words} words × {rounds} pairs of rounds: the environment's settings {:.3}× the loaded ones' speed (quartiles {:.3}–{:.3}); best {:.0} against {:.0} words/s",
        q(2),
        q(1),
        q(3),
        words as f64 / best.1,
        words as f64 / best.0
    );
    Ok(())
}
