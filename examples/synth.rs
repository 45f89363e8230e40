//! Writes a synthetic corpus of N documents made from the fixtures, for benchmarks: each copy
//! renumbers every document number (sequence + 97 × copy, five digits at most, as real
//! numbers are) and moves the invented province
//! to a real province name in turn, so that keys, scopes and citation chains stay consistent
//! within a copy and distinct across copies.
//!
//!     cargo run --release --example synth -- fixtures/docs /tmp/synth 10000

use std::path::PathBuf;

use vanthu::number::find_numbers;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [src, out, n] = args.as_slice() else {
        anyhow::bail!("usage: synth FIXTURE_DIR OUT_DIR N");
    };
    let n: usize = n.parse()?;
    let mut docs: Vec<(String, String)> = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(src)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.sort();
    for p in paths {
        if p.extension().and_then(|e| e.to_str()) == Some("txt") {
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            docs.push((name, std::fs::read_to_string(&p)?));
        }
    }
    let provinces: Vec<&str> = include_str!("../dictionaries/provinces.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    std::fs::create_dir_all(out)?;
    for i in 0..n {
        let copy = i / docs.len();
        let (name, text) = &docs[i % docs.len()];
        let province = provinces[copy % provinces.len()];
        let mut t = String::with_capacity(text.len() + 64);
        let mut last = 0;
        for f in find_numbers(text) {
            let seq_end = f.span[0] + f.number.seq.as_ref().map_or(0, |s| s.len());
            t.push_str(&text[last..f.span[0]]);
            if let Some(s) = &f.number.seq {
                let v: usize = s.parse().unwrap_or(0);
                t.push_str(&(v + 97 * copy).to_string());
            }
            last = seq_end;
        }
        t.push_str(&text[last..]);
        let t = t
            .replace("Tây Lĩnh", province)
            .replace("TÂY LĨNH", &province.to_uppercase());
        std::fs::write(PathBuf::from(out).join(format!("{copy:05}_{name}.txt")), t)?;
    }
    eprintln!("wrote {n} documents to {out}");
    Ok(())
}
