//! Prints the language model's log10 scores of word sequences, for looking into a decision.
//!
//!     cargo run --release --example lm_query -- "kế hoạch số" "kế hoạch sở"
use vanthu::restore::model::{Model, BOUNDARY, UNK};
use vanthu::text::syllable::canonical;

fn main() -> anyhow::Result<()> {
    let m = Model::load(&vanthu::restore::dictionaries_dir().join(vanthu::restore::MODEL_FILE))?;
    for phrase in std::env::args().skip(1) {
        let ids: Vec<u32> = phrase
            .split_whitespace()
            .map(|w| {
                if w == "<s>" || w == "</s>" {
                    BOUNDARY
                } else {
                    canonical(w)
                        .and_then(|c| m.id(&c))
                        .or_else(|| m.id(w))
                        .unwrap_or(UNK)
                }
            })
            .collect();
        let (mut u, mut v, mut total) = (BOUNDARY, BOUNDARY, 0.0);
        let mut parts = Vec::new();
        for (w, id) in phrase.split_whitespace().zip(&ids) {
            let s = m.score(u, v, *id);
            parts.push(format!("{w}:{s:.2}"));
            total += s;
            (u, v) = (v, *id);
        }
        println!("{total:8.2}  {}", parts.join(" "));
    }
    Ok(())
}
