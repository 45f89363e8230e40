//! Extraction against gold: exact-match accuracy per field, and precision / recall of the
//! citations (cited key and relation) overall and per relation, over the fixture documents
//! and the four seeds.
//!
//!     cargo run --release --example eval_extract -- fixtures/docs fixtures/gold \
//!         ../shared/seeds fixtures/gold/seeds
//!
//! Arguments come in pairs, DOCS GOLD: each GOLD/NAME.json is scored against the document in
//! DOCS whose file name is NAME.txt or starts with `NAME_` (and ends with `--suffix S`, the
//! shortest such name when several do). The seeds' gold was written by reading them; the seed
//! texts stay out of the repository. Each document goes through the pipeline as `ingest` runs
//! it (scans are OCR'd); `--restore` turns tone-mark restoration on, for garbled OCR:
//!
//!     bash tools/make_laichau.sh /tmp/laichau
//!     cargo run --release --example eval_extract -- --restore --suffix .ocr.txt \
//!         /tmp/laichau fixtures/gold/seeds

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::Value;
use vanthu::pipeline::{pool, process_one, Stages};

const FIELDS: &[&str] = &[
    "number",
    "date",
    "place",
    "issuer",
    "locality",
    "type",
    "subject",
    "signer",
    "signer_title",
    "recipients",
];

/// `s` with every syllable's tone in one placement (*uỷ* and *ủy* alike), case kept: a
/// restored text may place tones the newer way, and that is not an extraction error.
fn placement_free(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for piece in s.split_inclusive(|c: char| !c.is_alphanumeric()) {
        let cut = piece
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(piece.len(), |(i, _)| i);
        let (word, rest) = piece.split_at(cut);
        match vanthu::text::syllable::canonical(word) {
            Some(c) if c.chars().count() == word.chars().count() => {
                out.extend(c.chars().zip(word.chars()).map(|(c, w)| {
                    if w.is_uppercase() {
                        c.to_uppercase().next().unwrap_or(c)
                    } else {
                        c
                    }
                }))
            }
            _ => out.push_str(word),
        }
        out.push_str(rest);
    }
    out
}

/// A JSON value with [`placement_free`] strings.
fn free(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(placement_free(s)),
        Value::Array(a) => Value::Array(a.iter().map(free).collect()),
        other => other.clone(),
    }
}

fn doc_for(docs: &Path, name: &str, suffix: &str) -> Result<PathBuf> {
    let mut found: Option<PathBuf> = None;
    for e in std::fs::read_dir(docs)? {
        let p = e?.path();
        let f = p.file_name().unwrap().to_string_lossy().to_string();
        if (f == format!("{name}{suffix}") || f.starts_with(&format!("{name}_")))
            && f.ends_with(suffix)
            && found
                .as_ref()
                .is_none_or(|q| q.as_os_str().len() > p.as_os_str().len())
        {
            found = Some(p);
        }
    }
    found.with_context(|| format!("no document for {name} in {}", docs.display()))
}

#[derive(Default)]
struct Counts {
    right: usize,
    total: usize,
}

fn main() -> Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let restore = args.iter().any(|a| a == "--restore");
    args.retain(|a| a != "--restore");
    let mut suffix = ".txt".to_string();
    if let Some(i) = args.iter().position(|a| a == "--suffix") {
        suffix = args.get(i + 1).context("--suffix S")?.clone();
        args.drain(i..i + 2);
    }
    let args: Vec<PathBuf> = args.into_iter().map(PathBuf::from).collect();
    let stages = Stages::new(Default::default(), Default::default(), restore);
    if restore {
        anyhow::ensure!(stages.restorer().is_some(), "the restorer would not load");
    }
    let pool = pool(0)?;
    anyhow::ensure!(
        !args.is_empty() && args.len().is_multiple_of(2),
        "usage: eval_extract DOCS GOLD [DOCS GOLD ...]"
    );
    let mut fields: BTreeMap<&str, Counts> = BTreeMap::new();
    // relation → (true positives, predicted, gold)
    let mut rel: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut cite_dates = Counts::default();
    let mut cite_details = Counts::default();
    let mut misses: Vec<String> = Vec::new();
    let mut docs_n = 0;
    for pair in args.chunks(2) {
        let (docs, gold_dir) = (&pair[0], &pair[1]);
        let mut golds: Vec<PathBuf> = std::fs::read_dir(gold_dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        golds.sort();
        for g in golds {
            let name = g.file_stem().unwrap().to_string_lossy().to_string();
            let gold: Value = serde_json::from_str(&std::fs::read_to_string(&g)?)?;
            let path = doc_for(docs, &name, &suffix)?;
            let got = serde_json::to_value(*process_one(&path, &stages, &pool)?)?;
            docs_n += 1;
            for f in FIELDS {
                let c = fields.entry(f).or_default();
                c.total += 1;
                let want = gold.get(*f).cloned().unwrap_or(Value::Null);
                let have = got.get(*f).cloned().unwrap_or(Value::Null);
                let (want, have) = if *f == "recipients" {
                    let set = |v: &Value| -> Value {
                        let s: BTreeSet<String> = v
                            .as_array()
                            .map(|a| {
                                a.iter()
                                    .filter_map(|x| x.as_str().map(String::from))
                                    .collect()
                            })
                            .unwrap_or_default();
                        serde_json::to_value(s).unwrap()
                    };
                    (set(&free(&want)), set(&free(&have)))
                } else {
                    (free(&want), free(&have))
                };
                if want == have {
                    c.right += 1;
                } else {
                    misses.push(format!("{name} {f}: want {want}, got {have}"));
                }
            }
            // Each citation by cited key and relation.
            let cites = |v: &Value| -> BTreeMap<(String, String), Value> {
                v["cites"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|c| {
                        (
                            (
                                c["key"].as_str().unwrap_or_default().to_string(),
                                c["relation"].as_str().unwrap_or_default().to_string(),
                            ),
                            c.clone(),
                        )
                    })
                    .collect()
            };
            let (want, have) = (cites(&gold), cites(&got));
            // Type and issuer of each cited document, as the citing text writes them (scored
            // where the gold gives them), whatever relation was found.
            for c in gold["cites"].as_array().into_iter().flatten() {
                if c.get("issuer").is_none() {
                    continue;
                }
                let k = c["key"].as_str().unwrap_or_default();
                if let Some(h) = have.iter().find(|((key, _), _)| key == k).map(|(_, h)| h) {
                    cite_details.total += 1;
                    if free(&h["type"]) == free(&c["type"])
                        && free(&h["issuer"]) == free(&c["issuer"])
                    {
                        cite_details.right += 1;
                    } else {
                        misses.push(format!(
                            "{name} cite {k} type/issuer: want {} / {}, got {} / {}",
                            c["type"], c["issuer"], h["type"], h["issuer"]
                        ));
                    }
                }
            }
            for (k, wc) in &want {
                let date = &wc["date"];
                let e = rel.entry(k.1.clone()).or_default();
                e.2 += 1;
                if let Some(hc) = have.get(k) {
                    let d = &hc["date"];
                    e.0 += 1;
                    cite_dates.total += 1;
                    if d == date {
                        cite_dates.right += 1;
                    } else {
                        misses.push(format!("{name} cite {} date: want {date}, got {d}", k.0));
                    }
                } else {
                    misses.push(format!("{name} cite missed: {} {}", k.0, k.1));
                }
            }
            for k in have.keys() {
                rel.entry(k.1.clone()).or_default().1 += 1;
                if !want.contains_key(k) {
                    misses.push(format!("{name} cite extra: {} {}", k.0, k.1));
                }
            }
        }
    }
    println!("{docs_n} documents\n");
    println!("| field | exact |");
    println!("|---|---:|");
    for (f, c) in &fields {
        println!(
            "| {f} | {:.1}% ({}/{}) |",
            100.0 * c.right as f64 / c.total as f64,
            c.right,
            c.total
        );
    }
    println!("\n| citations | precision | recall |");
    println!("|---|---:|---:|");
    let pct = |a: usize, b: usize| {
        if b == 0 {
            "—".to_string()
        } else {
            format!("{:.1}% ({a}/{b})", 100.0 * a as f64 / b as f64)
        }
    };
    let (mut tp, mut pred, mut gold) = (0, 0, 0);
    for (r, (t, p, g)) in &rel {
        println!("| {r} | {} | {} |", pct(*t, *p), pct(*t, *g));
        tp += t;
        pred += p;
        gold += g;
    }
    println!(
        "| **all (key + relation)** | {} | {} |",
        pct(tp, pred),
        pct(tp, gold)
    );
    println!(
        "| cited dates, of the found | {} | |",
        pct(cite_dates.right, cite_dates.total)
    );
    println!(
        "| cited type and issuer as written, of the found | {} | |",
        pct(cite_details.right, cite_details.total)
    );
    if !misses.is_empty() {
        println!("\nDifferences:");
        for m in misses {
            println!("- {m}");
        }
    }
    Ok(())
}
