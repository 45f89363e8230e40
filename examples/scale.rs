//! How extraction and `trace` grow with hostile input (issue 20): a text holding N numbers,
//! a text citing N documents, a text of one line without a header citing one document N
//! times (`oneline`), a document citing N others traced up, and N documents citing one traced
//! down. Prints the time of each and its ratio to the size before: ~2× for a
//! doubling is linear, ~4× quadratic.
//!
//!     cargo run --release --example scale -- [MAX=1000000] [what: numbers,cites,oneline,up,down]

use std::time::{Duration, Instant};

use anyhow::Result;
use vanthu::archive::graph::{self, Direction};
use vanthu::archive::Archive;
use vanthu::extract::extract;

const HEADER: &str = "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: 9/KH-UBND\nTây Lĩnh, ngày 05 tháng 3 năm 2025\n\nKẾ HOẠCH\nThử tải\n\n";

/// A text of `n` bare numbers on lines of ten.
fn numbers(n: usize) -> String {
    let mut t = String::from(HEADER);
    for i in 0..n {
        t.push_str(&format!("{}/KH-UBND", i + 10));
        t.push(if i % 10 == 9 { '\n' } else { ' ' });
    }
    t
}

/// A text citing `n` documents, each with its date and issuer, in one long paragraph.
fn cites(n: usize) -> String {
    let mut t = String::from(HEADER);
    t.push_str("Căn cứ ");
    for i in 0..n {
        t.push_str(&format!(
            "Kế hoạch số {}/KH-UBND ngày 02/01/2024 của UBND tỉnh Tây Lĩnh; ",
            i + 10
        ));
    }
    t.push_str("UBND tỉnh ban hành Kế hoạch.\n");
    t
}

/// One line, no header: the same citation `n` times (the whole text is the header's zone).
fn oneline(n: usize) -> String {
    "Căn cứ Kế hoạch số 10/KH-UBND ngày 02/01/2024 của UBND tỉnh Tây Lĩnh; ".repeat(n)
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed())
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let max: usize = args.first().map_or(Ok(1_000_000), |s| s.parse())?;
    let what = args
        .get(1)
        .map_or("numbers,cites,oneline,up,down", String::as_str);
    let sizes: Vec<usize> = std::iter::successors(Some(1000usize), |n| Some(n * 4))
        .take_while(|n| *n <= max)
        .collect();
    for case in what.split(',') {
        let mut prev: Option<Duration> = None;
        for &n in &sizes {
            let d = match case {
                "numbers" => time(|| extract(&numbers(n), None).cites.len()).1,
                "cites" => {
                    let (r, d) = time(|| extract(&cites(n), None));
                    assert_eq!(r.cites.len(), n, "every citation found");
                    d
                }
                "oneline" => time(|| extract(&oneline(n), None).cites.len()).1,
                "up" | "down" => trace(n, case == "up")?,
                other => anyhow::bail!("unknown case {other}"),
            };
            let ratio = prev.map_or(String::new(), |p| {
                format!(
                    " (×{:.1} for ×4)",
                    d.as_secs_f64() / p.as_secs_f64().max(1e-9)
                )
            });
            println!("{case:>7} n={n:>8}: {:>9.3} s{ratio}", d.as_secs_f64());
            prev = Some(d);
        }
    }
    Ok(())
}

/// The time of a trace over `n` edges: up from a document citing `n`, or down to `n`
/// documents citing one.
fn trace(n: usize, up: bool) -> Result<Duration> {
    let dir = tempfile::tempdir()?;
    let a = Archive::open_or_create(&dir.path().join("a"))?;
    let mut w = a.writer()?;
    let root;
    if up {
        let r = extract(&cites(n), None);
        root = r.key.clone();
        w.add(&r)?;
    } else {
        let one = extract(&cites(1), None);
        root = one.cites[0].key.clone();
        for i in 0..n {
            let text = format!(
                "ỦY BAN NHÂN DÂN\nHUYỆN {i}\n\nSố: {}/KH-UBND\nTây Lĩnh, ngày 05 tháng 3 năm 2025\n\nKẾ HOẠCH\nThực hiện Kế hoạch số 10/KH-UBND ngày 02/01/2024 của UBND tỉnh Tây Lĩnh\n",
                i + 100
            );
            let mut r = extract(&text, None);
            r.source = Some(vanthu::record::Source {
                path: format!("/synthetic/{i}.txt"),
                sha256: vanthu::record::sha256_hex(text.as_bytes()),
                kind: "text/utf-8".into(),
                bytes: text.len() as u64,
            });
            w.add(&r)?;
        }
    }
    w.commit()?;
    drop(w);
    let dir_ = if up { Direction::Up } else { Direction::Down };
    let (node, d) = time(|| graph::trace_at_most(&a, &root, dir_, 2, usize::MAX));
    let node = node?.expect("the root is traced");
    assert!(!node.children.is_empty());
    Ok(d)
}
