//! Using vanthu as a library: the record of one file, as `vanthu extract` makes it.
//!
//!     cargo run --release --example extract_file -- fixtures/docs/01_nq_91_tw.txt
//!
//! A scan (PDF, TIFF, PNG, JPEG) is read with tesseract; a born-digital PDF by its text
//! layer; a .txt as it is. Tone marks are restored where they are missing.

use std::path::PathBuf;

use anyhow::{Context, Result};
use vanthu::pipeline::{self, Stages};

fn main() -> Result<()> {
    let file: PathBuf = std::env::args_os()
        .nth(1)
        .context("usage: extract_file FILE")?
        .into();
    // What each stage needs: how to read sources, how to OCR, and whether to restore.
    let stages = Stages::new(Default::default(), Default::default(), true);
    // Pages of a scan are OCR'd in parallel on this pool (0: one thread per core).
    let record = pipeline::process_one(&file, &stages, &pipeline::pool(0)?)
        .map_err(|e| anyhow::anyhow!("{e} ({})", e.stage))?;

    println!("key      {}", record.key);
    println!("number   {}", record.number.as_deref().unwrap_or("-"));
    println!("type     {}", record.doc_type.as_deref().unwrap_or("-"));
    println!(
        "date     {}",
        record.date.map_or("-".into(), |d| d.to_string())
    );
    println!("issuer   {}", record.issuer.as_deref().unwrap_or("-"));
    println!("subject  {}", record.subject.as_deref().unwrap_or("-"));
    for c in &record.cites {
        println!("cites    {} ({})", c.number, c.relation);
    }
    Ok(())
}
