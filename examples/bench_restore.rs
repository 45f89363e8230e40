//! Restores the stripped seeds a fixed number of times on one thread, for instruction counts
//! that do not depend on the machine's load:
//!
//!     valgrind --tool=callgrind --toggle-collect='*restore_inner*' \
//!         target/release/examples/bench_restore ../shared/seeds 3
//!
//! and for wall-clock speed on a noisy machine: each round is timed, and the best and the
//! median round are printed (the best is the one least disturbed by other load).
use std::path::Path;
use vanthu::restore::channel::words;
use vanthu::restore::{dictionaries_dir, Restorer};
use vanthu::text::{fold, nfc};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seeds = Path::new(args.first().map_or("../shared/seeds", String::as_str));
    let rounds: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(3);
    let r = Restorer::load(&dictionaries_dir())?;
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
