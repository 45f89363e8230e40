//! OCR through tesseract (the `tesseract` crate over libtesseract): one engine per worker
//! thread, created the first time that thread reads a page and kept for the next ones; the
//! page cleaned first ([`clean`]) and turned upright when tesseract's orientation detection
//! says it lies on its side or upside down.
//!
//! Knows nothing of files or the index.

pub mod clean;
pub mod digits;
pub mod fields;
pub mod words;

use std::cell::RefCell;
use std::ffi::{CStr, CString};

use tesseract::plumbing::TessBaseApi;
use thiserror::Error;

use crate::record::PageImage;
pub use clean::Grey;
pub use fields::Doubt;
pub use words::Word;

/// How pages are read.
#[derive(Clone, Debug)]
pub struct Config {
    /// Tesseract language(s), `vie` or `vie+eng`.
    pub lang: String,
    pub grey: Grey,
    /// Detect and correct pages turned by 90, 180 or 270 degrees.
    pub orient: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            lang: "vie".into(),
            grey: Grey::Auto,
            orient: true,
        }
    }
}

/// The text tesseract read from one page.
#[derive(Clone, Debug, PartialEq)]
pub struct PageText {
    pub text: String,
    /// Mean word confidence, 0–100.
    pub confidence: f32,
    /// Degrees the page was turned clockwise before it was read.
    pub rotation: u16,
    /// How the page was made grey (`Red` or `Luma`: `Auto` decided).
    pub grey: Grey,
    /// The words, with their boxes (in pixels of the page as read, after any turn) and where
    /// each starts in `text`.
    pub words: Vec<Word>,
    /// The header's fields that re-reading could not make sure of (page 1 only).
    pub doubts: Vec<Doubt>,
    /// The page had no ink to read ([`clean::is_blank`]) and was not given to the engine.
    pub blank: bool,
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum OcrError {
    #[error("tesseract cannot load language '{0}' (install tesseract-ocr-{0}, or point TESSDATA_PREFIX at its traineddata)")]
    Language(String),
    #[error("tesseract failed on page {page}: {reason}")]
    Failed { page: usize, reason: String },
}

/// Tesseract's OpenMP would start threads of its own inside each worker's OCR; vanthu's
/// parallelism is across pages, so OpenMP gets one thread. libgomp reads its limit when it is
/// loaded, before `main`, so the limit is set by starting again with it in the environment:
/// call this first thing in `main`.
pub fn limit_openmp() {
    use std::os::unix::process::CommandExt;
    if std::env::var_os("OMP_THREAD_LIMIT").is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let err = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env("OMP_THREAD_LIMIT", "1")
        .exec();
    // Only reached when exec failed: go on with OpenMP's default.
    eprintln!("vanthu: warning: cannot limit OpenMP threads: {err}");
}

/// `tesseract 5.3.0`: the engine and its version, as records keep it.
pub fn engine_version() -> String {
    let v = unsafe { CStr::from_ptr(tesseract_sys::TessVersion()) };
    format!("tesseract {}", v.to_string_lossy())
}

struct Engine {
    lang: String,
    api: TessBaseApi,
}

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    static OSD: RefCell<Option<Osd>> = const { RefCell::new(None) };
    /// Engines that read fields' crops again, one per language, beside the page's.
    static CROP_VIE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    static CROP_ENG: RefCell<Option<Engine>> = const { RefCell::new(None) };
}

fn with_engine<T>(lang: &str, f: impl FnOnce(&mut TessBaseApi) -> T) -> Result<T, OcrError> {
    with_engine_in(&ENGINE, lang, f)
}

fn with_engine_in<T>(
    key: &'static std::thread::LocalKey<RefCell<Option<Engine>>>,
    lang: &str,
    f: impl FnOnce(&mut TessBaseApi) -> T,
) -> Result<T, OcrError> {
    key.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_none_or(|e| e.lang != lang) {
            *slot = None;
            quiet_leptonica();
            let mut api = TessBaseApi::create();
            let l = CString::new(lang).map_err(|_| OcrError::Language(lang.into()))?;
            api.init_2(None, Some(&l))
                .map_err(|_| OcrError::Language(lang.into()))?;
            // Tesseract's own chatter ("Detected 9 diacritics", resolution warnings) would
            // break the progress bar; vanthu reports what matters per file.
            let _ = api.set_variable(c"debug_file", c"/dev/null");
            // The API's default is one uniform block; pages have columns (the header's two
            // blocks side by side), so segment them as the command line does.
            api.set_page_seg_mode(tesseract_sys::TessPageSegMode_PSM_AUTO);
            *slot = Some(Engine {
                lang: lang.to_string(),
                api,
            });
        }
        Ok(f(&mut slot.as_mut().expect("engine").api))
    })
}

/// Leptonica, under tesseract, writes its own errors to stderr (`Error in
/// boxClipToRectangle: box outside rectangle`), which breaks the one-line-per-file report;
/// what matters reaches vanthu as the page's result.
fn quiet_leptonica() {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| unsafe {
        leptonica_sys::setMsgSeverity(leptonica_sys::L_SEVERITY_NONE as i32);
    });
}

/// Ends this thread's engines. Tesseract warns of leaks when the process exits with engines
/// alive, so a pool that is done with OCR calls this on every thread.
pub fn release_thread_engines() {
    ENGINE.with(|e| e.borrow_mut().take());
    CROP_VIE.with(|e| e.borrow_mut().take());
    CROP_ENG.with(|e| e.borrow_mut().take());
    OSD.with(|e| e.borrow_mut().take());
}

/// The resolution to tell tesseract: what the file records when plausible, else 300.
fn resolution(img: &PageImage) -> i32 {
    match img.dpi {
        Some(d) if (70..=2400).contains(&d) => d as i32,
        _ => 300,
    }
}

fn read_grey(
    g: &[u8],
    w: usize,
    h: usize,
    dpi: i32,
    lang: &str,
    page: usize,
) -> Result<(Vec<Word>, f32), OcrError> {
    let failed = |reason: String| OcrError::Failed { page, reason };
    with_engine(lang, |api| -> Result<(Vec<Word>, f32), OcrError> {
        api.set_image(g, w as i32, h as i32, 1, w as i32)
            .map_err(|e| failed(e.to_string()))?;
        api.set_source_resolution(dpi);
        api.recognize().map_err(|e| failed(e.to_string()))?;
        let tsv = api
            .get_tsv_text(0)
            .map_err(|e| failed(e.to_string()))?
            .as_ref()
            .to_string_lossy()
            .into_owned();
        let conf = api.mean_text_conf() as f32;
        Ok((words::from_tsv(&tsv), conf))
    })?
}

/// Reads a small grey image (a field's crop) as one line (`word`: one word) of digits, with
/// the `eng` model or the page's; none when the model is missing or reads nothing.
fn read_digits(g: &[u8], w: usize, h: usize, dpi: i32, eng: bool, word: bool) -> Option<String> {
    let (key, lang) = if eng {
        (&CROP_ENG, "eng")
    } else {
        (&CROP_VIE, "vie")
    };
    with_engine_in(key, lang, |api| {
        let _ = api.set_variable(c"tessedit_char_whitelist", c"0123456789");
        api.set_page_seg_mode(if word {
            tesseract_sys::TessPageSegMode_PSM_SINGLE_WORD
        } else {
            tesseract_sys::TessPageSegMode_PSM_SINGLE_LINE
        });
        api.set_image(g, w as i32, h as i32, 1, w as i32).ok()?;
        api.set_source_resolution(dpi);
        api.recognize().ok()?;
        let t = api.get_utf8_text().ok()?;
        let text: String = t
            .as_ref()
            .to_string_lossy()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        (!text.is_empty()).then_some(text)
    })
    .ok()
    .flatten()
}

/// Below this mean confidence a page is checked for orientation.
const ORIENT_BELOW: f32 = 60.0;

/// Reads one page (`page` is its 1-based number, for messages). On the first page, the
/// header's number and date are read again from their crops and voted on ([`fields`]).
pub fn recognize(img: &PageImage, cfg: &Config, page: usize) -> Result<PageText, OcrError> {
    let (w, h) = (img.width as usize, img.height as usize);
    let grey = clean::choose(img, cfg.grey);
    let g = clean::grey(img, grey);
    let dpi = resolution(img);
    if img.known.is_empty() && clean::is_blank(&g, w, h, dpi as u32) {
        return Ok(PageText {
            text: String::new(),
            confidence: 0.0,
            rotation: 0,
            grey,
            words: Vec::new(),
            doubts: Vec::new(),
            blank: true,
        });
    }
    let (words, confidence) = read_grey(&g, w, h, dpi, &cfg.lang, page)?;
    let mut best = (words, confidence, 0u16);
    let short = |ws: &[Word]| ws.iter().map(|w| w.text.len()).sum::<usize>() < 20;
    if cfg.orient && (best.1 < ORIENT_BELOW || short(&best.0)) {
        if let Some(turn) = detect_turn(&g, w, h, dpi) {
            let (r, rw, rh) = clean::rotate_cw(&g, w, h, turn);
            let (words, confidence) = read_grey(&r, rw, rh, dpi, &cfg.lang, page)?;
            if confidence > best.1 {
                best = (words, confidence, turn);
            }
        }
    }
    let (mut words, confidence, rotation) = best;
    fix_words(&mut words);
    if rotation == 0 {
        words::merge_known(&mut words, &img.known);
    }
    let doubts = if page == 1 && rotation == 0 {
        let other = if grey == Grey::Red {
            Grey::Luma
        } else {
            Grey::Red
        };
        // Made when a pass first needs it: a page without a header field never does.
        let g2 = std::cell::OnceCell::new();
        let reread = |bbox: [u32; 4], pass: fields::Pass| {
            let src = if pass.other_grey {
                g2.get_or_init(|| clean::grey(img, other))
            } else {
                &g
            };
            let (c, cw, ch) = fields::crop(src, w, h, bbox, pass.half);
            let d = if pass.half { dpi / 2 } else { dpi };
            read_digits(&c, cw, ch, d, pass.eng, pass.word)
        };
        // The handwriting reader looks a line's height either side of the field's box, for
        // the strokes of a digit the box cuts.
        let hand = |bbox: [u32; 4]| {
            let [x, y, bw, bh] = bbox.map(|v| v as usize);
            digits::read(
                &g,
                w,
                h,
                (x.saturating_sub(bh), x + bw + bh),
                (y, y + bh),
                (x, x + bw),
            )
        };
        fields::check(&mut words, h, &reread, &hand)
    } else {
        Vec::new()
    };
    words::footer_columns(&mut words, w);
    let text = words::assemble(&words, w);
    Ok(PageText {
        text: crate::text::nfc(text.trim_end()),
        confidence,
        rotation,
        grey,
        words,
        doubts,
        blank: false,
    })
}

/// [`fix_digits`] word by word, so that every word keeps its box.
fn fix_words(words: &mut [Word]) {
    let mut prev = String::new();
    for w in words.iter_mut() {
        let fixed = fix_word(&prev, &crate::text::nfc(&w.text));
        prev = std::mem::replace(&mut w.text, fixed);
    }
}

/// The digit a letter-like glyph stands for when OCR reads it next to digits.
fn digit_for(c: char) -> Option<char> {
    Some(match c {
        'O' | 'o' | 'Ø' | 'ø' => '0',
        'ó' => '6',
        'I' | 'l' | '|' => '1',
        '§' => '8',
        _ => return None,
    })
}

/// Mends the commonest OCR confusions of digits (`I875` → `1875`, `2O24` → `2024`): a
/// letter-like glyph that touches a digit inside a word is a digit; and `§` standing alone as
/// a day or month (`tháng § năm`) is 8. Letters away from digits are left, and so is `S`,
/// which tesseract gives for 5 and for 8 alike: a wrong date is worse than none.
pub fn fix_digits(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_word = "";
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end();
        let tail = &piece[word.len()..];
        out.push_str(&fix_word(prev_word, word));
        out.push_str(tail);
        if !word.is_empty() {
            prev_word = word;
        }
    }
    out
}

/// [`fix_digits`] for one word, `prev` the word before it.
fn fix_word(prev: &str, word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if word == "§" && matches!(prev.to_lowercase().as_str(), "ngày" | "tháng") {
        chars = vec!['8'];
    } else if chars.iter().any(char::is_ascii_digit) {
        // Tesseract reads this font's 6 as `ó`, or as `6ó`: after a 6 it is an echo.
        let mut k = 1;
        while k < chars.len() {
            if chars[k] == 'ó' && chars[k - 1] == '6' {
                chars.remove(k);
            } else {
                k += 1;
            }
        }
        loop {
            let mut changed = false;
            for k in 0..chars.len() {
                let touches = |j: Option<usize>| {
                    j.and_then(|j| chars.get(j))
                        .is_some_and(char::is_ascii_digit)
                };
                if let Some(d) = digit_for(chars[k]) {
                    if touches(k.checked_sub(1)) || touches(Some(k + 1)) {
                        chars[k] = d;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }
    chars.into_iter().collect()
}

struct Osd(*mut tesseract_sys::TessBaseAPI);

impl Drop for Osd {
    fn drop(&mut self) {
        unsafe { tesseract_sys::TessBaseAPIDelete(self.0) }
    }
}

/// Orientation detection's confidence below which a page is left as it is.
const ORIENT_MIN_CONFIDENCE: f32 = 2.0;

/// The clockwise turn (90, 180, 270) that makes a page upright, when tesseract's orientation
/// and script detection (the `osd` data) is confident of one; none when the page is upright,
/// unsure, or `osd` is not installed.
pub fn detect_turn(g: &[u8], w: usize, h: usize, dpi: i32) -> Option<u16> {
    OSD.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let api = unsafe { tesseract_sys::TessBaseAPICreate() };
            let lang = CString::new("osd").expect("literal");
            let ok =
                unsafe { tesseract_sys::TessBaseAPIInit3(api, std::ptr::null(), lang.as_ptr()) }
                    == 0;
            if !ok {
                unsafe { tesseract_sys::TessBaseAPIDelete(api) };
                return None;
            }
            unsafe {
                tesseract_sys::TessBaseAPISetPageSegMode(
                    api,
                    tesseract_sys::TessPageSegMode_PSM_OSD_ONLY,
                )
            };
            *slot = Some(Osd(api));
        }
        let api = slot.as_ref()?.0;
        let (mut deg, mut conf, mut script_conf) = (0i32, 0f32, 0f32);
        let mut script: *const std::os::raw::c_char = std::ptr::null();
        let dpi_var = CString::new(dpi.to_string()).expect("digits");
        let ok = unsafe {
            tesseract_sys::TessBaseAPISetVariable(
                api,
                c"user_defined_dpi".as_ptr(),
                dpi_var.as_ptr(),
            );
            tesseract_sys::TessBaseAPISetImage(api, g.as_ptr(), w as i32, h as i32, 1, w as i32);
            tesseract_sys::TessBaseAPISetSourceResolution(api, dpi);
            tesseract_sys::TessBaseAPIDetectOrientationScript(
                api,
                &mut deg,
                &mut conf,
                &mut script,
                &mut script_conf,
            )
        } != 0;
        unsafe { tesseract_sys::TessBaseAPIClear(api) };
        if !ok || conf < ORIENT_MIN_CONFIDENCE {
            return None;
        }
        match deg {
            90 | 180 | 270 => Some(((360 - deg) % 360) as u16),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_misread_as_letters_are_mended_in_context_only() {
        assert_eq!(
            fix_digits("ngày 0l tháng § năm 2O24"),
            "ngày 01 tháng 8 năm 2024"
        );
        assert_eq!(fix_digits("ngày 0S"), "ngày 0S");
        assert_eq!(
            fix_digits("số 5ó/KH-UBND, số 96ó/SKHCN-QLCN"),
            "số 56/KH-UBND, số 96/SKHCN-QLCN"
        );
        assert_eq!(fix_digits("có 2 bộ"), "có 2 bộ");
        assert_eq!(
            fix_digits("Số: I875/UBND-KT\nSở Lao động"),
            "Số: 1875/UBND-KT\nSở Lao động"
        );
        assert_eq!(fix_digits("Điều l. Sở SOS § 3"), "Điều l. Sở SOS § 3");
        assert_eq!(fix_digits("  a\n\n b "), "  a\n\n b ");
    }
}
