//! Search, show and trace latency on an archive: each query run `ITER` times after one warm-up;
//! prints the median and 95th percentile.
//!
//!     cargo run --release --example bench_search -- ARCHIVE [ITER]

use std::time::{Duration, Instant};

use vanthu::archive::graph::{trace, Direction};
use vanthu::archive::{Archive, Filters};
use vanthu::date::Date;

fn stats(mut d: Vec<Duration>) -> (f64, f64) {
    d.sort();
    let ms = |x: Duration| x.as_secs_f64() * 1000.0;
    (
        ms(d[d.len() / 2]),
        ms(d[(d.len() * 95 / 100).min(d.len() - 1)]),
    )
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let archive = Archive::open(args.first().expect("ARCHIVE").as_ref())?;
    let iter: usize = args.get(1).map_or(Ok(50), |s| s.parse())?;
    println!("archive: {} records", archive.len()?);
    let none = Filters::default();
    let dated = Filters {
        from: Date::parse_user("2024-08"),
        to: Date::parse_user("2024-09"),
        doc_type: Some("KH".into()),
        ..Filters::default()
    };
    let cases: Vec<(&str, &str, &Filters)> = vec![
        ("diacritics", "hợp tác xã nông nghiệp", &none),
        ("folded", "hop tac xa nong nghiep", &none),
        ("number", "212/KH-UBND", &none),
        ("partial symbol", "KH-SNNMT", &none),
        ("filtered", "kinh tế số", &dated),
    ];
    println!(
        "{:<16} {:>10} {:>10} {:>6}",
        "query", "median ms", "p95 ms", "hits"
    );
    for (name, q, f) in cases {
        let hits = archive.search(q, f, 20)?.len();
        let mut times = Vec::with_capacity(iter);
        for _ in 0..iter {
            let t = Instant::now();
            std::hint::black_box(archive.search(q, f, 20)?);
            times.push(t.elapsed());
        }
        let (med, p95) = stats(times);
        println!("{name:<16} {med:>10.2} {p95:>10.2} {hits:>6}");
    }
    let key = archive.resolve("91-NQ/TW")?.remove(0);
    for (name, depth) in [("show 91-NQ/TW", 0usize), ("trace down", 32)] {
        let mut times = Vec::with_capacity(iter);
        for _ in 0..iter.min(20) {
            let t = Instant::now();
            if depth == 0 {
                std::hint::black_box(archive.show(&key)?);
            } else {
                std::hint::black_box(trace(&archive, &key, Direction::Down, depth)?);
            }
            times.push(t.elapsed());
        }
        let (med, p95) = stats(times);
        println!("{name:<16} {med:>10.2} {p95:>10.2}");
    }
    Ok(())
}
