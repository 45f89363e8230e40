//! Extraction on real documents we did not write: `../shared/realdocs` as it comes.
//!
//!     cargo run --release --example eval_realdocs -- ../shared/realdocs [--list] [--gold DIR]
//!
//! Two scores:
//! 1. **Against the site's metadata**, over every document of `docs/` (and the signer of
//!    `headless/`): number, type, date and signer agree or not. The metadata is mostly right,
//!    not gold: `--list` prints each disagreement, to be read and judged.
//! 2. **Against hand-written gold** (`eval/gold/realdocs/NAME.json`, written by reading the
//!    documents; see its README), over the sample of `tools/realdocs_sample.py`: every header
//!    field exact, the citations found (by number, P/R), their relation, their key's scope
//!    (the province and year a cited local number is filed under), and edges that point the
//!    wrong way (the document said to amend, replace, repeal or implement what it only cites).
//!    `--gold eval/gold/realdocs2` scores the second draw instead, whose gold was written after
//!    extraction had been tuned on the first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::Value;
use vanthu::number::{parse_number, DocKey};
use vanthu::pipeline::{pool, process_one, Stages};
use vanthu::record::{Record, Relation};

#[derive(Default)]
struct Counts {
    right: usize,
    total: usize,
}

impl Counts {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.right += usize::from(ok);
    }
    fn pct(&self) -> String {
        if self.total == 0 {
            return "–".into();
        }
        format!(
            "{:.1}% ({}/{})",
            100.0 * self.right as f64 / self.total as f64,
            self.right,
            self.total
        )
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A number's normal form, for comparing spellings (`01814/QĐ-UBND` = `1814/QD-UBND`).
fn norm(n: &str) -> String {
    parse_number(n).map_or_else(|| collapse(n).to_uppercase(), |p| p.norm())
}

fn text_field(v: &Value) -> Option<String> {
    v.as_str().map(collapse)
}

fn main() -> Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let list = args.iter().any(|a| a == "--list");
    args.retain(|a| a != "--list");
    let gold_dir = match args.iter().position(|a| a == "--gold") {
        Some(i) => {
            let dir = PathBuf::from(args.get(i + 1).context("--gold needs a directory")?);
            args.drain(i..i + 2);
            dir
        }
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/gold/realdocs"),
    };
    let root = PathBuf::from(
        args.first()
            .context("usage: eval_realdocs REALDOCS [--list] [--gold DIR]")?,
    );
    let stages = Stages::new(Default::default(), Default::default(), true);
    let pool = pool(0)?;

    let meta = std::fs::read_to_string(root.join("metadata.jsonl"))
        .with_context(|| format!("{}/metadata.jsonl", root.display()))?;
    let mut site: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut disagree: Vec<String> = Vec::new();
    let mut records: BTreeMap<String, Record> = BTreeMap::new();
    for line in meta.lines() {
        let m: Value = serde_json::from_str(line)?;
        let file = m["file"].as_str().context("file")?;
        let path = root.join(file);
        let r = match process_one(&path, &stages, &pool) {
            Ok(r) => *r,
            Err(e) => {
                disagree.push(format!("{file}: failed: {e}"));
                continue;
            }
        };
        let headless = file.starts_with("headless/");
        let mut check = |field: &'static str, want: Option<String>, have: Option<String>| {
            let ok = want == have;
            site.entry(field).or_default().add(ok);
            if !ok {
                disagree.push(format!("{file}: {field}: site {want:?}, vanthu {have:?}"));
            }
        };
        if !headless {
            check(
                "number",
                m["number"].as_str().map(norm),
                r.number.as_deref().map(norm),
            );
            check("type", text_field(&m["type"]), r.doc_type.clone());
            check(
                "date",
                text_field(&m["date_issued"]),
                r.date.map(|d| d.to_string()),
            );
            // The site names the body (`Bộ Tài chính`, `Cục Thuế`) or only the province
            // (`Tỉnh Hà Tĩnh`): the issuer's name or its parent's says the same, or ends so.
            let want = text_field(&m["issuer"]);
            let named = [r.issuer_name.as_deref(), r.issuer_parent.as_deref()];
            let have = want.as_ref().and_then(|w| {
                let w = vanthu::text::fold_lower(w);
                named.into_iter().flatten().find(|n| {
                    let n = vanthu::text::fold_lower(n);
                    n == w || n.ends_with(&format!(" {w}"))
                })
            });
            check(
                "issuer (named)",
                want.clone(),
                have.map(|_| want.clone().unwrap_or_default())
                    .or_else(|| r.issuer_name.clone()),
            );
        }
        check(
            "signer",
            text_field(&m["signer"]),
            r.signer.as_deref().map(collapse),
        );
        let name = Path::new(file)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .to_string();
        records.insert(name, r);
    }

    println!("## Against the site's metadata ({})\n", root.display());
    println!("| field | agree |\n|---|---|");
    for (f, c) in &site {
        println!("| {f} | {} |", c.pct());
    }
    if list {
        println!();
        for d in &disagree {
            println!("- {d}");
        }
    }

    // Against gold.
    let mut golds: Vec<PathBuf> = match std::fs::read_dir(&gold_dir) {
        Ok(d) => d.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => Vec::new(),
    };
    golds.retain(|p| p.extension().is_some_and(|x| x == "json"));
    golds.sort();
    if golds.is_empty() {
        return Ok(());
    }
    let mut fields: BTreeMap<&str, Counts> = BTreeMap::new();
    let (mut tp, mut predicted, mut wanted) = (0, 0, 0);
    let (mut relation, mut scope) = (Counts::default(), Counts::default());
    let mut reversed = 0;
    let mut misses: Vec<String> = Vec::new();
    for g in &golds {
        let name = g.file_stem().unwrap().to_string_lossy().to_string();
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(g)?)
            .with_context(|| g.display().to_string())?;
        let r = records
            .get(&name)
            .with_context(|| format!("{name}: gold without a document"))?;
        let got: [(&str, Option<String>); 8] = [
            ("number", r.number.clone()),
            ("type", r.doc_type.clone()),
            ("date", r.date.map(|d| d.to_string())),
            ("place", r.place.clone()),
            ("issuer", r.issuer.clone()),
            ("locality", r.locality.clone()),
            ("subject", r.subject.clone()),
            ("signer", r.signer.clone()),
        ];
        for (f, have) in got {
            let want = text_field(&gold[f]);
            // The province of a central body is not asked for.
            if f == "locality" && want.is_none() {
                continue;
            }
            let have = have.as_deref().map(collapse);
            let ok = match f {
                // As written, but the case of a title in capitals is layout, not content.
                "subject" => {
                    want.as_ref().map(|s| s.to_lowercase())
                        == have.as_ref().map(|s| s.to_lowercase())
                }
                "number" => want.as_deref().map(norm) == have.as_deref().map(norm),
                _ => want == have,
            };
            fields.entry(f).or_default().add(ok);
            if !ok {
                misses.push(format!("{name}: {f}: gold {want:?}, vanthu {have:?}"));
            }
        }
        // Citations, by number.
        let own = r.number.as_deref().map(norm);
        let want: Vec<&Value> = gold["cites"].as_array().into_iter().flatten().collect();
        let have: Vec<_> = r
            .cites
            .iter()
            .filter(|c| Some(norm(&c.number)) != own)
            .collect();
        wanted += want.len();
        predicted += have.len();
        for w in &want {
            let n = w["number"].as_str().unwrap_or_default();
            let Some(h) = have.iter().find(|h| norm(&h.number) == norm(n)) else {
                misses.push(format!("{name}: cite missed: {n}"));
                continue;
            };
            tp += 1;
            let want_rel = w["relation"].as_str().unwrap_or("references");
            let ok = h.relation.as_str() == want_rel;
            relation.add(ok);
            if !ok {
                misses.push(format!(
                    "{name}: cite {n}: relation gold {want_rel}, vanthu {}",
                    h.relation
                ));
                let strong = [
                    Relation::Amends,
                    Relation::Replaces,
                    Relation::Repeals,
                    Relation::Implements,
                ];
                if strong.contains(&h.relation)
                    && !["amends", "replaces", "repeals", "implements"].contains(&want_rel)
                {
                    reversed += 1;
                }
            }
            // The key the gold's province and year give.
            let year = w["date"].as_str().and_then(|d| d.get(..4)?.parse().ok());
            if let Some(p) = parse_number(n) {
                let want_key = DocKey::scoped(&p, w["locality"].as_str(), year.or(p.year));
                let ok = want_key == h.key;
                scope.add(ok);
                if !ok {
                    misses.push(format!(
                        "{name}: cite {n}: key gold {want_key}, vanthu {}",
                        h.key
                    ));
                }
            }
        }
        for h in &have {
            if !want
                .iter()
                .any(|w| norm(w["number"].as_str().unwrap_or_default()) == norm(&h.number))
            {
                misses.push(format!("{name}: cite extra: {}", h.number));
            }
        }
    }
    let p = tp as f64 / predicted.max(1) as f64;
    let rc = tp as f64 / wanted.max(1) as f64;
    println!(
        "\n## Against hand-written gold ({} documents)\n",
        golds.len()
    );
    println!("| field | exact |\n|---|---|");
    for (f, c) in &fields {
        println!("| {f} | {} |", c.pct());
    }
    println!(
        "| citations found | P {:.1}% R {:.1}% F1 {:.1}% ({tp} of {wanted}, {predicted} found) |",
        100.0 * p,
        100.0 * rc,
        200.0 * p * rc / (p + rc).max(1e-9)
    );
    println!("| relation of those | {} |", relation.pct());
    println!("| key (scope) of those | {} |", scope.pct());
    println!("| strong edges the text does not give | {reversed} |");
    if list {
        println!();
        for m in &misses {
            println!("- {m}");
        }
    }
    Ok(())
}
