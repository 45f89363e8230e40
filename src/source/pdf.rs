//! PDF through PDFium (`pdfium-render`, bound at run time to `libpdfium.so`). A page with a
//! usable text layer is read; any other page is rendered for OCR.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pdfium_render::prelude::*;

use super::fillers::{self, Filler};
use super::{OcrMode, Opened, Page, PageImage, SourceError};
use crate::record::KnownWord;

/// Where vanthu looks for `libpdfium.so`, in order, when no path is given.
pub fn library_candidates() -> Vec<PathBuf> {
    let name = Pdfium::pdfium_platform_library_name();
    let mut out = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        if let Some(dir) = exe.parent() {
            out.push(dir.join(&name));
            out.push(dir.join("../lib").join(&name));
        }
    }
    // The project-local folder that scripts/setup.sh fills.
    out.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(".pdfium")
            .join(&name),
    );
    out.push(Path::new("/usr/local/lib").join(&name));
    out
}

static PDFIUM: OnceLock<Result<Pdfium, String>> = OnceLock::new();

/// PDFium, bound on first use to `explicit` (a file or a folder) or else to the first library
/// found where [`library_candidates`] look, or on the system's library path.
pub fn pdfium(explicit: Option<&Path>) -> Result<&'static Pdfium, SourceError> {
    PDFIUM
        .get_or_init(|| bind(explicit))
        .as_ref()
        .map_err(|e| SourceError::NoPdfium(e.clone()))
}

fn bind(explicit: Option<&Path>) -> Result<Pdfium, String> {
    if let Some(p) = explicit {
        let file = if p.is_dir() {
            Pdfium::pdfium_platform_library_name_at_path(p)
        } else {
            p.to_path_buf()
        };
        return Pdfium::bind_to_library(&file)
            .map(Pdfium::new)
            .map_err(|e| {
                let why = match e {
                    PdfiumError::LoadLibraryError(l) => l.to_string(),
                    e => e.to_string(),
                };
                format!("cannot load {}: {}", file.display(), why.replace('\n', " "))
            });
    }
    let candidates = library_candidates();
    for c in &candidates {
        if c.is_file() {
            if let Ok(b) = Pdfium::bind_to_library(c) {
                return Ok(Pdfium::new(b));
            }
        }
    }
    Pdfium::bind_to_system_library()
        .map(Pdfium::new)
        .map_err(|_| {
            format!(
                "libpdfium.so was not found (looked in {} and the system library path)",
                candidates
                    .iter()
                    .map(|c| c.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

/// A text layer is usable when it holds at least this many letters or digits.
const MIN_TEXT_CHARS: usize = 20;

/// Opens a PDF and hands each page, in order, to `each`; `on_open` hears the page count and
/// the digital signatures first. `dpi` is the rendering resolution of pages that are OCR'd;
/// `opts.ocr` says when a page's own text layer is read instead.
pub fn for_each_page(
    pdfium: &Pdfium,
    bytes: &[u8],
    opts: &super::Options,
    on_open: &mut dyn FnMut(Opened),
    each: &mut dyn FnMut(usize, Result<Page, SourceError>) -> bool,
) -> Result<(), SourceError> {
    let doc = pdfium
        .load_pdf_from_byte_slice(bytes, None)
        .map_err(load_error)?;
    let pages = doc.pages();
    let n = pages.len() as usize;
    if n == 0 {
        return Err(SourceError::Corrupt("the PDF has no pages".into()));
    }
    let signatures = doc
        .signatures()
        .iter()
        .map(|s| {
            let m = s.signing_date();
            super::signature::read(&s.bytes(), m.as_deref(), s.reason())
        })
        .collect();
    on_open(Opened {
        pages: n,
        signatures,
    });
    // A second copy of the document, loaded when a page has widgets: its pages are flattened
    // to read what the signature widgets fill in (see `fillers`).
    let mut copy: Option<PdfDocument> = None;
    for i in 0..n {
        let page = pages.get(i as PdfPageIndex).map_err(|e| match e {
            PdfiumError::PdfiumLibraryInternalError(_) => SourceError::Corrupt(format!(
                "the PDF is damaged: PDFium cannot read page {} (its page tree is broken)",
                i + 1
            )),
            e => SourceError::Corrupt(format!("cannot read page {}: {e}", i + 1)),
        });
        let mut flat = None;
        if let Ok(p) = &page {
            if !fillers::widget_rects(p).is_empty() {
                if copy.is_none() {
                    copy = pdfium.load_pdf_from_byte_slice(bytes, None).ok();
                }
                if let Some(mut fp) = copy
                    .as_ref()
                    .and_then(|d| d.pages().get(i as PdfPageIndex).ok())
                {
                    let found = fillers::read(&mut fp);
                    if !found.is_empty() {
                        flat = Some((fp, found));
                    }
                }
            }
        }
        let flat = flat.as_ref().map(|(p, f)| (p, f.as_slice()));
        let out = page.and_then(|p| read_page(&p, flat, i, opts));
        if !each(i, out) {
            break;
        }
    }
    Ok(())
}

/// Whether an image covers half the page or more: a scan, whatever text lies over it.
fn has_page_image(page: &PdfPage) -> bool {
    let area = page.width().value * page.height().value;
    page.objects().iter().any(|o| {
        o.object_type() == PdfPageObjectType::Image
            && o.bounds()
                .is_ok_and(|b| b.width().value * b.height().value * 2.0 >= area)
    })
}

/// A page's text layer (NFC) when it has a usable one that `opts.ocr` lets through, else its
/// rendering, with the reason the layer was passed over.
/// `flat` is the page flattened, with the fields its signature widgets fill in.
fn read_page(
    page: &PdfPage,
    flat: Option<(&PdfPage, &[Filler])>,
    i: usize,
    opts: &super::Options,
) -> Result<Page, SourceError> {
    let mut passed_over = None;
    if let Ok(t) = page.text() {
        let text = match flat {
            Some((_, found)) => fillers::fill(&fillers::glyphs(page), found),
            None => t.all(),
        };
        if text.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_TEXT_CHARS {
            let text = crate::text::nfc(&layer_text(&text));
            let verdict = match opts.ocr {
                OcrMode::Never => Ok(()),
                OcrMode::Always => Err("OCR forced (--ocr always)".to_string()),
                // Only a scan's layer (text over a page image) can be read better by OCR: a
                // born-digital page draws its text, and OCR would read the same words.
                OcrMode::Auto if !has_page_image(page) => Ok(()),
                OcrMode::Auto => super::judge_text_layer(&text)
                    .map_err(|why| format!("text layer OCR'd again: {why}")),
            };
            match verdict {
                Ok(()) => return Ok(Page::Text(text)),
                Err(why) => passed_over = Some(why),
            }
        }
    }
    let mut img = render(page, i, opts.dpi, opts.max_pixels)?;
    // (Rectangles are placed on an unrotated page; a rotated one is left as rendered.)
    let upright = matches!(page.rotation(), Ok(PdfPageRenderRotation::None));
    if let Some((flat, found)) = flat.filter(|_| upright) {
        // The rendering leaves all widgets out; the fields they fill in are taken from the
        // flattened copy's rendering, rectangle by rectangle.
        if let Ok(with) = render(flat, i, opts.dpi, opts.max_pixels) {
            paste_fillers(&mut img, &with, found, page.height().value);
        }
        let k = img.height as f32 / page.height().value.max(1.0);
        let px = |v: f32| (v * k).max(0.0) as u32;
        img.known = found
            .iter()
            .map(|f| KnownWord {
                text: f.text.clone(),
                bbox: [
                    px(f.left),
                    px(page.height().value - f.top),
                    px(f.right - f.left).max(1),
                    px(f.top - f.bottom).max(1),
                ],
            })
            .collect();
    }
    Ok(match passed_over {
        Some(note) => Page::Reread(img, note),
        None => Page::Image(img),
    })
}

/// The largest page side PDF allows (ISO 32000-1, Annex C: 14,400 units, 200 inches).
const MAX_PAGE_PT: f32 = 14_400.0;

/// A page rendered for OCR, without its annotations and form fields: a signed PDF draws its
/// signature boxes (`Ký bởi: …`, the signing time) as widgets, which are not the document.
fn render(page: &PdfPage, i: usize, dpi: u32, max_pixels: u64) -> Result<PageImage, SourceError> {
    let (wpt, hpt) = (page.width().value, page.height().value);
    if !(wpt.is_finite() && hpt.is_finite() && wpt >= 1.0 && hpt >= 1.0)
        || wpt.max(hpt) > MAX_PAGE_PT
    {
        return Err(SourceError::Corrupt(format!(
            "page {} measures {wpt:.0} × {hpt:.0} pt ({:.2} × {:.2} m): no paper is that size \
             (PDF's limit is 14,400 pt, 5.08 m); not rendered",
            i + 1,
            wpt * 0.0254 / 72.0,
            hpt * 0.0254 / 72.0,
        )));
    }
    let mut scale = dpi as f32 / 72.0;
    let px = f64::from(wpt * scale) * f64::from(hpt * scale);
    let mut used_dpi = dpi;
    if px > max_pixels as f64 {
        let shrink = (max_pixels as f64 / px).sqrt() as f32;
        scale *= shrink;
        used_dpi = (dpi as f32 * shrink) as u32;
    }
    let cfg = PdfRenderConfig::new()
        .scale_page_by_factor(scale)
        .set_format(PdfBitmapFormat::BGRA)
        .render_form_data(false)
        .render_annotations(false);
    let bitmap = page
        .render_with_config(&cfg)
        .map_err(|e| SourceError::Corrupt(format!("cannot render page {}: {e}", i + 1)))?;
    let (w, h) = (bitmap.width() as u32, bitmap.height() as u32);
    let raw = bitmap.as_raw_bytes();
    let stride = raw.len() / h.max(1) as usize;
    let mut data = Vec::with_capacity(w as usize * h as usize * 3);
    for row in raw.chunks(stride).take(h as usize) {
        for px in row[..w as usize * 4].chunks_exact(4) {
            // Rendered with reversed byte order: RGBA.
            data.extend_from_slice(&px[..3]);
        }
    }
    Ok(PageImage {
        width: w,
        height: h,
        channels: 3,
        data,
        dpi: Some(used_dpi),
        known: Vec::new(),
    })
}

/// Copies each filler's rectangle (with a margin) from `from` into `img`, two renderings of
/// the same page at the same scale.
fn paste_fillers(img: &mut PageImage, from: &PageImage, found: &[Filler], height_pt: f32) {
    if (img.width, img.height, img.channels) != (from.width, from.height, from.channels) {
        return;
    }
    let scale = img.height as f32 / height_pt.max(1.0);
    let ch = img.channels as usize;
    for f in found {
        let px = |v: f32, max: u32| ((v * scale).max(0.0) as u32).min(max);
        let (x0, x1) = (px(f.left - 3.0, img.width), px(f.right + 3.0, img.width));
        let (y0, y1) = (
            px(height_pt - f.top - 3.0, img.height),
            px(height_pt - f.bottom + 3.0, img.height),
        );
        for y in y0..y1 {
            let row = (y as usize * img.width as usize) * ch;
            let (a, b) = (row + x0 as usize * ch, row + x1 as usize * ch);
            img.data[a..b].copy_from_slice(&from.data[a..b]);
        }
    }
}

/// A text layer as PDFium gives it, made plain: its line ends as `\n`, the hyphen it writes as
/// U+0002 where it takes one for a word's break (`6138/UBND\u{2}KGVX`, mid-line too) as `-`,
/// and no other control character.
fn layer_text(t: &str) -> String {
    t.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\u{2}' => Some('-'),
            '\n' | '\t' => Some(c),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

fn load_error(e: PdfiumError) -> SourceError {
    match e {
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::PasswordError) => {
            SourceError::Encrypted
        }
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::SecurityError) => {
            SourceError::Encrypted
        }
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::FormatError) => {
            SourceError::Corrupt("the PDF is damaged or truncated".into())
        }
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::Unknown) => {
            SourceError::Corrupt("the PDF is damaged (PDFium cannot read its structure)".into())
        }
        e => SourceError::Corrupt(format!("PDFium cannot open it: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layers_control_characters_are_made_plain() {
        assert_eq!(
            layer_text("số 186/KH\u{2}UBND ngày\r\nsau\u{7}\tđó"),
            "số 186/KH-UBND ngày\nsau\tđó"
        );
    }
}
