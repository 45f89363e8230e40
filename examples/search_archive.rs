//! Using vanthu as a library: open an archive made by `vanthu ingest`, search it, and follow
//! what cites the first hit.
//!
//!     cargo run --release -- ingest --archive /tmp/a fixtures/docs
//!     cargo run --release --example search_archive -- /tmp/a "chuyen doi so"
//!
//! Words match with or without their tone marks; a document number matches however it is
//! spelled (`57/NQ-TW`, `57-nq/tw`…).

use std::path::PathBuf;

use anyhow::{Context, Result};
use vanthu::archive::{Archive, Filters};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: search_archive ARCHIVE QUERY…";
    let dir: PathBuf = args.next().context(usage)?.into();
    let query = args.collect::<Vec<_>>().join(" ");
    anyhow::ensure!(!query.is_empty(), usage);

    // Opening takes a reader's view: an ingest may be writing at the same time.
    let archive = Archive::open(&dir)?;
    let hits = archive.search(&query, &Filters::default(), 10)?;
    for r in &hits {
        let date = r.date.map_or("-".into(), |d| d.to_string());
        println!("{}  {date}  {}", r.key, r.subject.as_deref().unwrap_or(""));
    }
    // The graph: which documents cite the first hit, and how.
    if let Some(first) = hits.first() {
        if let Some(shown) = archive.show(&first.key)? {
            for e in &shown.cited_by {
                println!("  cited by {} ({})", e.key, e.relation);
            }
        }
    }
    Ok(())
}
