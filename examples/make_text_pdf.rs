//! Writes a born-digital PDF: the lines of a UTF-8 text file as real text objects on A4 pages,
//! the kind of PDF an office exports from its word processor. Used by fixtures/make_scans.py.
//!
//!     cargo run --example make_text_pdf -- INPUT.txt OUT.pdf [FONT.ttf]
//!
//! The font must be a TrueType font with every Vietnamese glyph (default: DejaVu Serif, Debian
//! package fonts-dejavu-core). PDFium is found as vanthu finds it (VANTHU_PDFIUM, .pdfium/).

use anyhow::{Context, Result};
use pdfium_render::prelude::*;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out, rest @ ..] = args.as_slice() else {
        anyhow::bail!("usage: make_text_pdf INPUT.txt OUT.pdf [FONT.ttf]");
    };
    let font_path = rest
        .first()
        .map(String::as_str)
        .unwrap_or("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf");
    let text = std::fs::read_to_string(input).with_context(|| input.clone())?;
    let explicit = std::env::var_os("VANTHU_PDFIUM").map(std::path::PathBuf::from);
    let pdfium = vanthu::source::pdf::pdfium(explicit.as_deref())?;
    let mut doc = pdfium.create_new_pdf()?;
    let font = doc
        .fonts_mut()
        .load_true_type_from_file(font_path, true)
        .with_context(|| font_path.to_string())?;
    let (size, leading) = (11.0, 15.0);
    let (left, top, bottom) = (85.0, 842.0 - 57.0, 57.0);
    let mut lines = text.lines().peekable();
    while lines.peek().is_some() {
        let mut page = doc.pages_mut().create_page_at_end(PdfPagePaperSize::a4())?;
        let mut y = top;
        while y > bottom {
            let Some(line) = lines.next() else { break };
            if !line.trim().is_empty() {
                page.objects_mut().create_text_object(
                    PdfPoints::new(left),
                    PdfPoints::new(y),
                    line,
                    font,
                    PdfPoints::new(size),
                )?;
            }
            y -= leading;
        }
    }
    doc.save_to_file(out)?;
    Ok(())
}
