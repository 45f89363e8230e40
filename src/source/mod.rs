//! Reading a file: its kind sniffed from its bytes, never from its name; text files into text;
//! scans (PDF, TIFF, PNG, JPEG) into pages, each either a text layer or an image for OCR. What
//! cannot be read is refused with a reason.
//!
//! Knows nothing of OCR engines or the index.

pub mod fillers;
pub mod image;
pub mod legacy;
pub mod pdf;
pub mod signature;

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::record::{Page, PageImage, Signature};

/// What a file's bytes say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Empty,
    Pdf,
    Png,
    Jpeg,
    Tiff,
    Gif,
    Webp,
    Bmp,
    Zip,
    Utf8Text,
    Utf16Le,
    Utf16Be,
    Binary,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Empty => "empty",
            Kind::Pdf => "pdf",
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Tiff => "image/tiff",
            Kind::Gif => "image/gif",
            Kind::Webp => "image/webp",
            Kind::Bmp => "image/bmp",
            Kind::Zip => "zip (docx, xlsx, odt or archive)",
            Kind::Utf8Text => "text/utf-8",
            Kind::Utf16Le => "text/utf-16le",
            Kind::Utf16Be => "text/utf-16be",
            Kind::Binary => "binary",
        }
    }
}

/// Why a file could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum SourceError {
    #[error("the file is empty")]
    Empty,
    #[error("the file has no words (only white space, a byte-order mark or a few stray bytes)")]
    NoWords,
    #[error("{0} input is a scan, not text: it needs OCR")]
    NeedsOcr(&'static str),
    #[error("{0} files are not supported")]
    Unsupported(&'static str),
    #[error("{0}")]
    Corrupt(String),
    #[error("the image is {width}×{height} pixels, more than the limit of {limit} (--max-pixels)")]
    TooLarge { width: u32, height: u32, limit: u64 },
    #[error("the PDF is encrypted (it needs a password)")]
    Encrypted,
    #[error("PDF input needs the PDFium library: {0}; run scripts/setup.sh, or give its path with --pdfium PATH or VANTHU_PDFIUM")]
    NoPdfium(String),
    #[error("not valid {encoding} text (bad byte at offset {offset}); save it as UTF-8")]
    BadEncoding {
        encoding: &'static str,
        offset: usize,
    },
}

/// When a PDF page that has a text layer is OCR'd all the same (`--ocr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OcrMode {
    /// A layer whose words lack their tone marks, or read as garbled OCR, is OCR'd again.
    #[default]
    Auto,
    /// Every page is OCR'd, text layer or not.
    Always,
    /// A page's text layer is read whatever it holds.
    Never,
}

/// What a source knows of a file as it opens it, before its first page.
#[derive(Clone, Debug, Default)]
pub struct Opened {
    pub pages: usize,
    /// A PDF's digital signatures.
    pub signatures: Vec<Signature>,
}

/// The default of `--max-text-bytes`: 16 MiB, a hundred times the longest document of the
/// realdocs set; reading and extracting it takes about 0.5 GB.
pub const MAX_TEXT_BYTES: u64 = 16 << 20;

/// How scans are read.
#[derive(Clone, Debug)]
pub struct Options {
    /// `libpdfium.so`, or the folder holding it; searched for when none.
    pub pdfium: Option<PathBuf>,
    /// The resolution PDF pages are rendered at.
    pub dpi: u32,
    /// Images larger than this many pixels are refused (PDF pages are rendered smaller).
    pub max_pixels: u64,
    /// When a PDF's own text layer is passed over for OCR.
    pub ocr: OcrMode,
    /// A text file longer than this is refused before it is read (a scan of any size is
    /// read: its pages stream).
    pub max_text_bytes: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            pdfium: None,
            dpi: 300,
            max_pixels: 50_000_000,
            ocr: OcrMode::Auto,
            max_text_bytes: MAX_TEXT_BYTES,
        }
    }
}

impl Kind {
    /// Whether pages of this kind are read by [`for_each_page`].
    pub fn is_scan(self) -> bool {
        matches!(self, Kind::Pdf | Kind::Png | Kind::Jpeg | Kind::Tiff)
    }
}

/// Why a PDF's text layer should be OCR'd again, if it should: its words have the shape of
/// Vietnamese syllables but lack their tone marks (an old scanner's OCR, `Truong phong`), or
/// they read as English OCR of Vietnamese (`s6`, `d6i`, `nhi¢ém`). A typed layer keeps most of
/// its marks (the realdocs: at least two thirds of syllables marked); text in another language
/// is not mostly Vietnamese-shaped, and is kept.
pub fn judge_text_layer(text: &str) -> Result<(), String> {
    let (mut words, mut shaped, mut marked, mut garbled) = (0usize, 0usize, 0usize, 0usize);
    for w in text.split(|c: char| c.is_whitespace() || ",.;:()\"'!?[]".contains(c)) {
        if w.is_empty() || !w.chars().any(char::is_alphabetic) {
            continue;
        }
        words += 1;
        let lower = w.to_lowercase();
        let letters_digits = lower.chars().any(|c| c.is_ascii_digit())
            && lower.chars().next().is_some_and(char::is_alphabetic)
            && lower.chars().all(|c| c.is_alphanumeric());
        if letters_digits && w.chars().all(|c| !c.is_uppercase())
            || w.chars()
                .any(|c| crate::text::OCR_LETTER_SYMBOLS.contains(&c))
        {
            garbled += 1;
            continue;
        }
        if w.chars().all(char::is_alphabetic)
            && crate::text::syllable::has_syllable_shape(&crate::text::fold_lower(w))
        {
            shaped += 1;
            if !w.is_ascii() {
                marked += 1;
            }
        }
    }
    if words < 30 {
        return Ok(());
    }
    let pct = |a: usize, b: usize| 100 * a / b.max(1);
    if garbled * 100 >= words * 5 && shaped * 2 >= words {
        return Err(format!(
            "it reads as garbled OCR ({}% of {words} words mix letters with digits or symbols)",
            pct(garbled, words)
        ));
    }
    if shaped * 10 >= words * 7 && marked * 10 < shaped * 3 {
        return Err(format!(
            "its words lack their tone marks ({}% of {shaped} syllables marked)",
            pct(marked, shaped)
        ));
    }
    Ok(())
}

/// Reads the pages of a scan of `kind` in order: `on_open` hears how many there are (and a
/// PDF's signatures) before the first, `each` gets each (with its 0-based index) and returns
/// false to stop. An error that stops the file is returned; an error of one page goes to
/// `each`.
pub fn for_each_page(
    kind: Kind,
    bytes: &[u8],
    opts: &Options,
    on_open: &mut dyn FnMut(Opened),
    each: &mut dyn FnMut(usize, Result<Page, SourceError>) -> bool,
) -> Result<(), SourceError> {
    match kind {
        Kind::Png | Kind::Jpeg => {
            let page = image::decode_single(bytes, opts.max_pixels)?;
            on_open(Opened {
                pages: 1,
                ..Opened::default()
            });
            each(0, Ok(Page::Image(page)));
            Ok(())
        }
        Kind::Tiff => {
            let mut t = image::Tiff::open(bytes, opts.max_pixels)?;
            on_open(Opened {
                pages: t.pages(),
                ..Opened::default()
            });
            for i in 0..t.pages() {
                let page = t.next_page();
                let failed = page.is_err();
                if !each(i, page.map(Page::Image)) || failed {
                    break;
                }
            }
            Ok(())
        }
        Kind::Pdf => {
            let pdfium = pdf::pdfium(opts.pdfium.as_deref())?;
            pdf::for_each_page(pdfium, bytes, opts, on_open, each)
        }
        Kind::Empty => Err(SourceError::Empty),
        other => Err(SourceError::Unsupported(other.name())),
    }
}

/// Sniffs a file's kind from its first bytes (and, for text, from all of them).
pub fn sniff(bytes: &[u8]) -> Kind {
    let starts = |m: &[u8]| bytes.starts_with(m);
    if bytes.is_empty() {
        Kind::Empty
    } else if starts(b"%PDF-")
        || bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
    {
        Kind::Pdf
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        Kind::Png
    } else if starts(b"\xff\xd8\xff") {
        Kind::Jpeg
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        Kind::Tiff
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Kind::Gif
    } else if starts(b"RIFF") && bytes.len() >= 12 && &bytes[8..12] == b"WEBP" {
        Kind::Webp
    } else if starts(b"BM") && bytes.len() > 26 && !bytes[..64.min(bytes.len())].is_ascii() {
        Kind::Bmp
    } else if starts(b"PK\x03\x04") {
        Kind::Zip
    } else if starts(b"\xff\xfe") {
        Kind::Utf16Le
    } else if starts(b"\xfe\xff") {
        Kind::Utf16Be
    } else if bytes[..bytes.len().min(8192)].contains(&0) {
        Kind::Binary
    } else {
        Kind::Utf8Text
    }
}

/// A file's text, NFC, with the kind it was read as.
#[derive(Debug, Clone)]
pub struct Text {
    pub kind: Kind,
    pub text: String,
    /// The pre-Unicode encoding the text was converted from, if it was.
    pub legacy: Option<legacy::Legacy>,
}

impl Text {
    /// What the file was read as: `text/utf-8`, `text/TCVN3 (ABC)`…
    pub fn kind_name(&self) -> String {
        match self.legacy {
            Some(l) => format!("text/{}", l.name()),
            None => self.kind.name().to_string(),
        }
    }
}

/// Reads `bytes` (the contents of `path`, which only names it) as text.
pub fn read_text(_path: &Path, bytes: &[u8]) -> Result<Text, SourceError> {
    let kind = sniff(bytes);
    let (text, legacy) = match kind {
        Kind::Empty => return Err(SourceError::Empty),
        Kind::Pdf | Kind::Png | Kind::Jpeg | Kind::Tiff => {
            return Err(SourceError::NeedsOcr(kind.name()))
        }
        Kind::Gif | Kind::Webp | Kind::Bmp | Kind::Zip | Kind::Binary => {
            return Err(SourceError::Unsupported(kind.name()))
        }
        Kind::Utf8Text => {
            let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            match std::str::from_utf8(body) {
                Ok(s) => (s.to_string(), None),
                // Not UTF-8: Windows-1258, TCVN3 or VNI bytes, if one of them reads as
                // Vietnamese.
                // Else Windows-1252, if it makes text (English OCR saved as "ANSI").
                Err(e) => match legacy::decode_bytes(body) {
                    Some((enc, t)) => (t, Some(enc)),
                    None => match legacy::decode_ansi(body) {
                        Some(t) => (t, Some(legacy::Legacy::Cp1252)),
                        None => {
                            return Err(SourceError::BadEncoding {
                                encoding: "UTF-8",
                                offset: e.valid_up_to(),
                            })
                        }
                    },
                },
            }
        }
        Kind::Utf16Le | Kind::Utf16Be => (decode_utf16(&bytes[2..], kind == Kind::Utf16Le)?, None),
    };
    // Line ends of any system: CR LF (Windows), CR alone (old Mac OS).
    let text = crate::text::nfc(&text.replace("\r\n", "\n").replace('\r', "\n"));
    // A document has words: a file of white space, a lone byte-order mark or one or two
    // stray bytes (which would read as some legacy encoding) makes no record.
    if text.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
        return Err(SourceError::NoWords);
    }
    // UTF-8 made from a legacy font's bytes read as Latin-1 (`Ngµy`, `Keá hoaïch`).
    let repaired = legacy
        .is_none()
        .then(|| legacy::repair_latin1(&text))
        .flatten();
    let (text, legacy) = match repaired {
        Some((enc, t)) => (t, Some(enc)),
        None => (text, legacy),
    };
    Ok(Text { kind, text, legacy })
}

fn decode_utf16(body: &[u8], little: bool) -> Result<String, SourceError> {
    let encoding = if little { "UTF-16LE" } else { "UTF-16BE" };
    if !body.len().is_multiple_of(2) {
        return Err(SourceError::BadEncoding {
            encoding,
            offset: body.len() + 1,
        });
    }
    let units = body.chunks_exact(2).map(|c| {
        if little {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut out = String::with_capacity(body.len() / 2);
    for (i, r) in char::decode_utf16(units).enumerate() {
        match r {
            Ok(c) => out.push(c),
            Err(_) => {
                return Err(SourceError::BadEncoding {
                    encoding,
                    offset: 2 + 2 * i,
                })
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_bytes_not_name() {
        assert_eq!(sniff(b""), Kind::Empty);
        assert_eq!(sniff(b"%PDF-1.7\n"), Kind::Pdf);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Kind::Png);
        assert_eq!(sniff(b"\xff\xd8\xff\xe0"), Kind::Jpeg);
        assert_eq!(sniff(b"II*\0abc"), Kind::Tiff);
        assert_eq!(sniff("Kế hoạch số 1".as_bytes()), Kind::Utf8Text);
        assert_eq!(sniff(b"ab\0cd"), Kind::Binary);
    }

    #[test]
    fn text_layers_without_marks_or_garbled_are_ocrd_again() {
        let typed = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; \
                     Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện Nghị quyết số 57 của Bộ \
                     Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và \
                     chuyển đổi số quốc gia trên địa bàn tỉnh trong năm 2025.";
        assert_eq!(judge_text_layer(typed), Ok(()));
        let stripped = crate::text::fold(typed);
        let why = judge_text_layer(&stripped).unwrap_err();
        assert!(why.contains("tone marks"), "{why}");
        let garbled = "Nghi quyét s6 57-NQ/TW, ngay 22/12/2024 ciia B§ Chinh tri vé dot pha \
                       phat trién khoa hoc, cong nghé, d6i méi sang tao va chuyén d6i s6 qudc \
                       gia; K¢ hoach s6 12 cua Uy ban nhan dan tinh vé viéc thuc hién t6 chttc \
                       nha nudéc tai dia ban tinh trong nam 2025 va cac nam tiép theo.";
        assert!(judge_text_layer(garbled).is_err());
        let english = "The committee shall publish the plan for the digital transformation of \
                       the province within thirty days of the decision, and report to the \
                       ministry on the progress of each task listed in the annex, with the \
                       names of the agencies in charge and the budget for each year.";
        assert_eq!(judge_text_layer(english), Ok(()));
        assert_eq!(
            judge_text_layer("Truong phong"),
            Ok(()),
            "too short to judge"
        );
    }

    #[test]
    fn reads_utf8_utf16_and_refuses_the_rest() {
        let p = Path::new("x");
        let t = read_text(p, "\u{feff}Ke\u{0302}\u{0301} hoạch\r\n".as_bytes()).unwrap();
        assert_eq!(t.text, "Kế hoạch\n");
        let mut le = vec![0xff, 0xfe];
        for u in "Số 1".encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        assert_eq!(read_text(p, &le).unwrap().text, "Số 1");
        assert!(matches!(read_text(p, b""), Err(SourceError::Empty)));
        assert!(matches!(
            read_text(p, b"%PDF-1.4"),
            Err(SourceError::NeedsOcr("pdf"))
        ));
        assert!(matches!(
            read_text(p, b"abc \xff\xfe def"),
            Err(SourceError::BadEncoding { offset: 4, .. })
        ));
    }
}
