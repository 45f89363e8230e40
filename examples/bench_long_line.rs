//! Extraction on pathological input: one line of 1 MB (no line breaks), made of the pieces of a
//! real document, must finish in well under a second (no quadratic blow-up); and restoring one
//! stripped line of 1 and 2 MB, which must take about twice as long for twice the text.
//!
//!     cargo run --release --example bench_long_line [MB]

use std::time::Instant;

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    let piece = "Thực hiện Kế hoạch số 212/KH-UBND ngày 02/8/2024 của UBND tỉnh Tây Lĩnh; Căn cứ \
                 Nghị quyết số 27/NQ-CP, 15/2024/QĐ-UBND ngày 30/9/2024 và 91-NQ/TW ‹©§ ";
    let mut line = String::with_capacity(mb << 20);
    while line.len() < mb << 20 {
        line.push_str(piece);
    }
    for (name, text) in [
        ("one line", line.clone()),
        ("no spaces", line.replace(' ', "")),
        ("digits only", "1234567890/".repeat((mb << 20) / 11)),
        ("a word a line", line.replace(' ', "\n")),
        ("dots", ". ".repeat(mb << 19)),
    ] {
        let t = Instant::now();
        let r = vanthu::extract::extract(&text, None);
        println!(
            "{name}: {:.1} MB in {:.3} s, {} citations",
            text.len() as f64 / 1e6,
            t.elapsed().as_secs_f64(),
            r.cites.len()
        );
    }
    let r = vanthu::restore::Restorer::load(&vanthu::restore::dictionaries_dir())
        .expect("the bundled model");
    let stripped = "1 Ke hoach So do a) Nghi quyet I1. cua Tinh uy va UBND tinh ";
    for n in [mb, 2 * mb] {
        let text = stripped.repeat((n << 20) / stripped.len());
        let t = Instant::now();
        let out = r.restore(&text);
        println!(
            "restore, one stripped line: {:.1} MB in {:.3} s, {} words changed",
            text.len() as f64 / 1e6,
            t.elapsed().as_secs_f64(),
            out.words_changed
        );
    }
}
