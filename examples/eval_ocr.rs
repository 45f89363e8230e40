//! OCR accuracy: character error rate of vanthu's OCR (no restoration) against the rendered
//! truth, beside the `tesseract` command line on the same images, and with the stamp clean-up
//! off (`--grey luma`).
//!
//!     python3 ../shared/tools/render_scan.py SEED.txt DIR/SEED.tif --noise 1 [--stamp]
//!     cargo run --release --example eval_ocr -- DIR [--jobs N]
//!
//! Every `X` in DIR with an `X.gt.txt` beside it is read. CER = edit distance / truth length,
//! characters counted after NFC and collapsing all whitespace to single spaces (layout is not
//! scored: tesseract's blank lines between blocks are not errors).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use vanthu::ocr::{Config, Grey};
use vanthu::pipeline::{pool, process_one, Stages};

fn norm(s: &str) -> Vec<char> {
    vanthu::text::nfc(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect()
}

fn distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn vanthu_text(path: &Path, grey: Grey, jobs: usize) -> Result<String> {
    let ocr = Config {
        grey,
        ..Config::default()
    };
    let stages = Stages::new(Default::default(), ocr, false);
    Ok(process_one(path, &stages, &pool(jobs)?)?.text)
}

fn tesseract_cli(path: &Path) -> Result<String> {
    let out = Command::new("tesseract")
        .arg(path)
        .arg("stdout")
        .args(["-l", "vie"])
        .env("OMP_THREAD_LIMIT", "1")
        .output()
        .context("running tesseract")?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().context("usage: eval_ocr DIR [--jobs N]")?);
    let jobs = args
        .iter()
        .position(|a| a == "--jobs")
        .and_then(|i| args.get(i + 1))
        .map_or(Ok(0), |j| j.parse())?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.to_string_lossy().ends_with(".gt.txt")
                && PathBuf::from(format!("{}.gt.txt", p.display())).exists()
        })
        .collect();
    files.sort();
    println!("| file | chars | vanthu (red) | vanthu (luma) | tesseract CLI |");
    println!("|---|---:|---:|---:|---:|");
    let mut totals = [0usize; 4];
    for f in &files {
        let truth = norm(&std::fs::read_to_string(format!("{}.gt.txt", f.display()))?);
        let red = distance(&norm(&vanthu_text(f, Grey::Red, jobs)?), &truth);
        let luma = distance(&norm(&vanthu_text(f, Grey::Luma, jobs)?), &truth);
        let cli = distance(&norm(&tesseract_cli(f)?), &truth);
        let pct = |d: usize| 100.0 * d as f64 / truth.len() as f64;
        println!(
            "| {} | {} | {:.2}% | {:.2}% | {:.2}% |",
            f.file_name().unwrap().to_string_lossy(),
            truth.len(),
            pct(red),
            pct(luma),
            pct(cli)
        );
        for (t, d) in totals.iter_mut().zip([truth.len(), red, luma, cli]) {
            *t += d;
        }
    }
    let pct = |d: usize| 100.0 * d as f64 / totals[0].max(1) as f64;
    println!(
        "| **all** | {} | **{:.2}%** | **{:.2}%** | **{:.2}%** |",
        totals[0],
        pct(totals[1]),
        pct(totals[2]),
        pct(totals[3])
    );
    Ok(())
}
