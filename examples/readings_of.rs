//! Prints the readings the model has for words' bare letters, in the order the decoder weighs
//! them (the first `restore::READINGS` are weighed, a bar after them), with each one's
//! unigram score (Kneser–Ney's continuation probability):
//!
//!     cargo run --release --example readings_of -- van muoi doi
use vanthu::restore::model::Model;

fn main() -> anyhow::Result<()> {
    let m = Model::load(&vanthu::restore::dictionaries_dir().join(vanthu::restore::MODEL_FILE))?;
    for word in std::env::args().skip(1) {
        let cands = m.candidates(&word);
        let shown: Vec<String> = cands
            .iter()
            .enumerate()
            .map(|(k, &id)| {
                format!(
                    "{}{}:{:.2}",
                    if k == vanthu::restore::READINGS {
                        "| "
                    } else {
                        ""
                    },
                    m.written(id, false),
                    m.unigram(id)
                )
            })
            .collect();
        println!("{word} ({}): {}", cands.len(), shown.join(" "));
    }
    Ok(())
}
