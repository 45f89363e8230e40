//! Prints what restoring English OCR makes of tokens: whether each has a syllable's shape,
//! and the readings the OCR channel gives it.
//!
//!     cargo run --release --example ocr_readings -- thy rimg nhdm
fn main() -> anyhow::Result<()> {
    let r = vanthu::restore::Restorer::load(&vanthu::restore::dictionaries_dir())?;
    for w in std::env::args().skip(1) {
        let (shaped, readings) = r.explain_ocr_token(&w);
        let list: Vec<String> = readings
            .iter()
            .map(|(s, sc)| format!("{s}:{sc:.2}"))
            .collect();
        println!(
            "{w}\t{}\t{}",
            if shaped {
                "syllable-shaped"
            } else {
                "no-shape"
            },
            list.join(" ")
        );
    }
    Ok(())
}
