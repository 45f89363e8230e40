//! Load test of `vanthu serve`'s search: the server (in this process, on loopback, as
//! `vanthu serve` runs it) and CLIENTS clients at once, each sending REQUESTS searches through
//! HTTP — numbers in several spellings, words with and without marks, filters, later pages —
//! and the latency of every request; prints p50/p95/p99/max and requests per second.
//!
//!     cargo run --release --example synth -- fixtures/docs /tmp/synth 10000
//!     target/release/vanthu ingest --archive /tmp/synth-a /tmp/synth
//!     cargo run --release --example load_serve -- /tmp/synth-a [CLIENTS=8] [REQUESTS=250]
//!
//! Bounded: CLIENTS × REQUESTS requests, each with a 10 s timeout, the whole run stopped after
//! 120 s.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};

const QUERIES: &[&str] = &[
    "q=212%2FKH-UBND",
    "q=212+kh+ubnd",
    "q=91-NQ%2FTW",
    "q=nq+91+tw",
    "q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91",
    "q=chuyen+doi+so",
    "q=kinh+te+so+nong+thon",
    "q=ke+hoach&type=KH",
    "q=nghi+quyet&from=2024-01-01&to=2024-12-31",
    "q=chuyen+doi+so&page=3",
    "q=ubnd+tinh&issuer=tay+linh",
    "q=phat+trien+khoa+hoc+cong+nghe&year=2024",
];

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let archive = args
        .first()
        .context("usage: load_serve ARCHIVE [CLIENTS] [REQUESTS]")?;
    let clients: usize = args.get(1).map_or(Ok(8), |s| s.parse())?;
    let requests: usize = args.get(2).map_or(Ok(250), |s| s.parse())?;
    let a = vanthu::archive::Archive::open(std::path::Path::new(archive))?;
    let records = a.len()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = rt.block_on(vanthu::serve::serve(
            a,
            "127.0.0.1:0".parse().unwrap(),
            false,
            move |at| {
                let _ = tx.send(at);
            },
        ));
    });
    let at = rx.recv_timeout(Duration::from_secs(30))?;
    let base = format!("http://{at}");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    // Warm up: every query once.
    for q in QUERIES {
        agent.get(&format!("{base}/search?{q}")).call()?;
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    let start = Instant::now();
    let mut all: Vec<Duration> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let agent = agent.clone();
                let base = base.clone();
                s.spawn(move || {
                    let mut lat = Vec::with_capacity(requests);
                    for i in 0..requests {
                        if Instant::now() > deadline {
                            break;
                        }
                        let q = QUERIES[(c * 7 + i) % QUERIES.len()];
                        let t = Instant::now();
                        let mut r = agent
                            .get(&format!("{base}/search?{q}"))
                            .call()
                            .expect("the server answers");
                        let body = r.body_mut().read_to_string().expect("a page");
                        assert!(body.contains("found"), "{q}: not a results page");
                        lat.push(t.elapsed());
                    }
                    lat
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a client"))
            .collect()
    });
    let wall = start.elapsed();
    all.sort();
    let pct = |p: f64| all[((all.len() as f64 * p).ceil() as usize).clamp(1, all.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{records} records, {clients} clients, {} searches in {:.1} s ({:.0}/s): p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        all.len(),
        wall.as_secs_f64(),
        all.len() as f64 / wall.as_secs_f64(),
        ms(pct(0.50)),
        ms(pct(0.95)),
        ms(pct(0.99)),
        ms(*all.last().unwrap()),
    );
    Ok(())
}
