//! Running the stages over many files: walking the inputs, the worker pool, the progress bar,
//! idempotency by content hash, batched commits, and the ingest report. Knows how no stage
//! works inside; a file that fails at any stage becomes an error row, and the batch goes on.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, SyncSender};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::archive::Archive;
use crate::extract::extract;
use crate::ocr;
use crate::record::{
    sha256_hex, Date, Method, Page, PageInfo, Record, Restoration, Review, Scan, Source,
};
use crate::restore::{Change, Restorer};
use crate::source;
use crate::text::Span;

/// Set (by a Ctrl-C handler) to stop a run cleanly: no new file or page is started, what is
/// in flight finishes, and everything finished is committed.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// Ctrl-C stops a run cleanly ([`INTERRUPTED`]): what is in flight finishes and is committed,
/// and the run says how far it got. A second Ctrl-C stops at once (what was committed stays).
pub fn stop_on_ctrl_c() {
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\nvanthu: interrupted: finishing the pages in hand and committing (Ctrl-C again to stop now)");
    });
}

/// The stage at which a file failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Walking the inputs' folders.
    Walk,
    /// Reading the file's bytes.
    Read,
    /// Making text or pages of the bytes.
    Source,
    Ocr,
    /// Not a failure: the run was interrupted before the file was done.
    Interrupted,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Walk => "walk",
            Stage::Read => "read",
            Stage::Source => "source",
            Stage::Ocr => "ocr",
            Stage::Interrupted => "interrupted",
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A file that could not be ingested: which, at which stage, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: PathBuf,
    pub stage: Stage,
    pub reason: String,
}

impl std::fmt::Display for FileError {
    /// One line whatever the path or the reason holds: a line break or other control
    /// character in either (a file named with a newline, a decoder's two-line message) is
    /// written escaped, so that no report line can be faked or split.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}",
            one_line(&self.path.display().to_string()),
            one_line(&self.reason)
        )
    }
}

/// `s` with control characters escaped (`\n`, `\u{1b}`).
pub fn one_line(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

impl std::error::Error for FileError {}

/// What one file came to, when it was read (a file already in the archive is not).
pub type Done = Result<Box<Record>, FileError>;

/// What an ingest run did.
#[derive(Debug, Default)]
pub struct Report {
    pub files: usize,
    pub ingested: usize,
    /// Of the ingested, how many had their tone marks restored.
    pub restored: usize,
    pub present: usize,
    /// Pages of the ingested scans that were OCR'd.
    pub pages: usize,
    /// Pages read from their own text layer.
    pub layer_pages: usize,
    /// Fields in the ingested records' `review` lists, and the records that have any.
    pub review_fields: usize,
    pub review_files: usize,
    /// Searchable PDF/A files written.
    pub pdfa: usize,
    pub failed: Vec<FileError>,
    /// Files left undone by an interruption (Ctrl-C); a re-run does them.
    pub not_done: usize,
    /// Hidden entries of the input folders (names starting with a dot), not read.
    pub hidden: usize,
    /// The endings of the files of the input folders that are no documents, not read.
    pub not_documents: Vec<String>,
    pub elapsed: Duration,
}

/// `n` and what it counts, one or many (`1 file`, `2 files`).
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Report {
    /// The one-line summary.
    pub fn summary(&self) -> String {
        let restored = if self.restored > 0 {
            format!(" ({} restored)", self.restored)
        } else {
            String::new()
        };
        let mut pages = String::new();
        if self.pages > 0 {
            pages += &format!(", {} OCR'd", counted(self.pages, "page", "pages"));
        }
        if self.layer_pages > 0 {
            pages += &format!(", {} read from text layers", self.layer_pages);
        }
        if self.review_fields > 0 {
            pages += &format!(
                ", {} in review in {}",
                counted(self.review_fields, "field", "fields"),
                counted(self.review_files, "file", "files")
            );
        }
        if self.pdfa > 0 {
            pages += &format!(", {} PDF/A written", self.pdfa);
        }
        if self.hidden > 0 {
            pages += &format!(
                ", {} not read (names starting with a dot)",
                counted(self.hidden, "hidden entry", "hidden entries")
            );
        }
        if !self.not_documents.is_empty() {
            let mut endings: Vec<&str> = self.not_documents.iter().map(String::as_str).collect();
            endings.sort_unstable();
            endings.dedup();
            pages += &match self.not_documents.len() {
                1 => format!(", 1 file left out as not a document (.{})", endings[0]),
                n => format!(
                    ", {n} files left out as not documents (.{})",
                    endings.join(", .")
                ),
            };
        }
        let line = format!(
            "{} ingested{restored}, {} already present, {} failed ({}{pages} in {:.2} s)",
            self.ingested,
            self.present,
            self.failed.len(),
            counted(self.files, "file", "files"),
            self.elapsed.as_secs_f64()
        );
        if self.not_done > 0 {
            format!(
                "interrupted: {line}; {} not done yet, run the same command again to go on",
                counted(self.not_done, "file", "files")
            )
        } else {
            line
        }
    }
}

pub struct Options {
    pub archive: PathBuf,
    /// Restore tone marks of text that lacks them (needs the bundled model).
    pub restore: bool,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    pub progress: bool,
    /// Commit after this many new records (and at least every `commit_every`).
    pub batch: usize,
    pub commit_every: Duration,
    pub source: source::Options,
    pub ocr: ocr::Config,
    /// Write each ingested document's text to this folder.
    pub sidecar: Option<PathBuf>,
    /// Write each scan as searchable PDF/A to this folder.
    pub pdf_out: Option<PathBuf>,
}

impl Options {
    pub fn new(archive: PathBuf) -> Options {
        Options {
            archive,
            restore: true,
            jobs: 0,
            progress: true,
            batch: 500,
            commit_every: Duration::from_secs(10),
            source: source::Options::default(),
            ocr: ocr::Config::default(),
            sidecar: None,
            pdf_out: None,
        }
    }
}

fn is_hidden(e: &walkdir::DirEntry) -> bool {
    e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
}

/// The endings of what a folder of documents holds beside them and is no document: notes
/// (`README.md`), tables and metadata (`.csv`, `.jsonl`, `.xml`), checksums, web pages,
/// settings (`desktop.ini`), scripts, Windows' thumbnails (`Thumbs.db`). Such a file found
/// in a folder is not read (and said); named on the command line, it is.
const NOT_DOCUMENTS: &[&str] = &[
    "md", "markdown", "rst", "json", "jsonl", "ndjson", "csv", "tsv", "xml", "html", "htm", "ini",
    "cfg", "conf", "log", "yaml", "yml", "toml", "py", "sh", "bat", "js", "css", "sha256", "sha1",
    "md5", "db", "lnk", "url",
];

/// The ending of a file in a folder that is no document ([`NOT_DOCUMENTS`]), in lower case.
fn not_document(e: &walkdir::DirEntry) -> Option<String> {
    let ext = e.path().extension()?.to_str()?.to_lowercase();
    (e.depth() > 0 && NOT_DOCUMENTS.contains(&ext.as_str())).then_some(ext)
}

/// What a walk over the input found.
#[derive(Default)]
pub struct Walked {
    /// The files to read, sorted.
    pub files: Vec<PathBuf>,
    /// A row for each path that cannot be walked or is no regular file.
    pub errors: Vec<FileError>,
    /// Hidden entries (names starting with a dot) left out: said in the summary.
    pub hidden: usize,
    /// The endings of the files left out as no documents ([`NOT_DOCUMENTS`]), one per file.
    pub not_documents: Vec<String>,
}

/// The files under `paths` (folders recursively, sorted; hidden entries and the folders in
/// `skip` — the archive, vanthu's own sidecar and PDF/A outputs — left out), an error row
/// for each path that cannot be walked, and how many hidden entries were left out.
pub fn collect_files(paths: &[PathBuf], skip: &[&Path]) -> Walked {
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let hidden = std::cell::Cell::new(0usize);
    let mut not_documents = Vec::new();
    for p in paths {
        let walker = walkdir::WalkDir::new(p)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if is_hidden(e) {
                    hidden.set(hidden.get() + 1);
                    return false;
                }
                skip.is_empty()
                    || e.path()
                        .canonicalize()
                        .ok()
                        .is_none_or(|c| !skip.contains(&c))
            });
        for entry in walker {
            match entry {
                // A record keeps its path as text: a name that is not UTF-8 would be stored
                // changed, and the file then be "gone" to `check`.
                Ok(e) if e.file_type().is_file() && e.path().to_str().is_none() => {
                    errors.push(FileError {
                        path: e.into_path(),
                        stage: Stage::Walk,
                        reason: "its name is not valid UTF-8 (vanthu keeps paths as text): \
                                 rename it, e.g. with convmv"
                            .into(),
                    })
                }
                Ok(e) if e.file_type().is_file() => match not_document(&e) {
                    Some(ext) => not_documents.push(ext),
                    None => files.push(e.into_path()),
                },
                Ok(e) if e.file_type().is_dir() => {}
                // A FIFO, socket or device: never opened (a FIFO would hang the run), said.
                Ok(e) => errors.push(FileError {
                    path: e.into_path(),
                    stage: Stage::Walk,
                    reason: "not a regular file (a FIFO, socket or device); skipped".into(),
                }),
                Err(e) => {
                    let path = e.path().unwrap_or(p).to_path_buf();
                    let reason = if e.loop_ancestor().is_some() {
                        "symbolic link loop".to_string()
                    } else if let Some(io) = e.io_error() {
                        io.to_string()
                    } else {
                        e.to_string()
                    };
                    errors.push(FileError {
                        path,
                        stage: Stage::Walk,
                        reason,
                    });
                }
            }
        }
    }
    Walked {
        files,
        errors,
        hidden: hidden.get(),
        not_documents,
    }
}

/// What the stages need besides the file: how scans are read and OCR'd, and the restorer,
/// loaded by the first text that needs it (a run with nothing new never pays for it).
pub struct Stages {
    pub source: source::Options,
    pub ocr: ocr::Config,
    /// Where scans are written back as searchable PDF/A.
    pub pdf_out: Option<PdfOut>,
    restore: bool,
    restorer: OnceLock<Result<Restorer, String>>,
}

/// Where a scan's searchable PDF/A goes.
#[derive(Clone, Debug)]
pub enum PdfOut {
    /// `DIR/NAME.pdf` for each scan (`ingest --pdf-out DIR`).
    Dir(PathBuf),
    /// This file (`ocr --pdf FILE`).
    File(PathBuf),
}

impl Stages {
    /// The stages; tone marks are restored when `restore` is set and the bundled model loads.
    pub fn new(source: source::Options, ocr: ocr::Config, restore: bool) -> Stages {
        Stages {
            source,
            ocr,
            pdf_out: None,
            restore,
            restorer: OnceLock::new(),
        }
    }

    /// The restorer: none when restoration is off or its model would not load.
    pub fn restorer(&self) -> Option<&Restorer> {
        if !self.restore {
            return None;
        }
        self.restorer
            .get_or_init(|| {
                Restorer::load(&crate::restore::dictionaries_dir()).map_err(|e| format!("{e:#}"))
            })
            .as_ref()
            .ok()
    }

    /// Why restoration was off although it was asked for: the model would not load.
    pub fn restorer_error(&self) -> Option<&str> {
        match self.restorer.get() {
            Some(Err(e)) => Some(e),
            _ => None,
        }
    }
}

/// Restores the tone marks of `text` where they are missing or garbled (when a restorer is
/// given), and extracts its record.
fn finish_text(text: &str, src: Source, scan: Option<Scan>, stages: &Stages) -> Record {
    let work = || {
        // OCR garbles words anywhere; a typed text's words stay as written.
        let read_by_ocr = scan
            .as_ref()
            .is_some_and(|s| s.pages.iter().any(|p| p.method == Method::Ocr));
        let restored = stages.restorer().map(|r| {
            if read_by_ocr {
                r.restore_ocr_detailed(text)
            } else {
                r.restore_detailed(text)
            }
        });
        let mut rec = match restored {
            Some(out) if out.words_changed > 0 => {
                let mut rec = extract(&out.text, Some(src.clone()));
                // Every change with its span in the restored text; those under `UNSURE`.
                let changes = out.unsure(f32::INFINITY);
                let unsure: Vec<_> = changes
                    .iter()
                    .filter(|(_, c)| c.confidence.is_some_and(|p| p < crate::restore::UNSURE))
                    .copied()
                    .collect();
                review_unsure(&mut rec, &unsure);
                if let Some(r) = stages.restorer() {
                    review_restored_name(&mut rec, &changes, r);
                }
                rec.restoration = Some(Restoration {
                    lines_restored: out.lines_restored,
                    words_changed: out.words_changed,
                    original: text.to_string(),
                    doubts: doubts(&rec.text, &unsure),
                });
                rec
            }
            _ => extract(text, Some(src.clone())),
        };
        if let (true, Some(r)) = (read_by_ocr, stages.restorer()) {
            check_signer(&mut rec, r, true);
        }
        // A text file may be typed or earlier OCR's output, with no image to read its
        // handwriting again. A Vietnamese engine's keeps its marks and reads as typed: in the
        // real scans' text read so, 5 numbers, 3 dates and 7 signers' names were wrong and
        // nowhere doubted. What such OCR gets wrong is said, and left as written.
        if scan.is_none() {
            review_written_by_hand(&mut rec);
            if let (None, Some(r)) = (&rec.restoration, stages.restorer()) {
                check_signer(&mut rec, r, false);
            }
        }
        rec.scan = scan.clone();
        rec
    };
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(r) => r,
        Err(_) => {
            // A bug in a stage must not cost the file: keep its text, unextracted.
            let mut rec = extract("", Some(src));
            rec.text = text.to_string();
            rec.scan = scan;
            rec
        }
    }
}

/// A number set apart from its symbol (`45 /QĐ-XPHC`) was written by hand into the blank a
/// printed form leaves for it, and OCR misreads handwriting (a third of such numbers on the
/// real pages' OCR, `45` for *15*): in review where the text is all there is (earlier OCR's
/// output), unless extraction doubted the number already. So is the date's day: the hand
/// that numbers a form dates it (18 of the 19 real scans whose number is handwritten).
fn review_written_by_hand(rec: &mut Record) {
    let Some(written) = rec
        .spans
        .get("number")
        .and_then(|&[a, b]| rec.text.get(a..b))
    else {
        return;
    };
    let digits = written.len()
        - written
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let after = &written[digits..];
    if digits == 0 || !after.starts_with([' ', '\t']) || !after.trim_start().starts_with('/') {
        return;
    }
    let written = crate::text::collapse_ws(written);
    let said = |rec: &Record, field: &str| rec.review.iter().any(|r| r.field == field);
    if !said(rec, "number") {
        rec.review.push(Review::of_text(
            "number",
            format!(
                "«{written}»: the number stands apart from its symbol, as one written by hand \
                 into a printed form's blank does, and OCR may have misread its digits"
            ),
        ));
    }
    if rec.date.is_some_and(|d| d.day.is_some()) && !said(rec, "date") {
        rec.review.push(Review::of_text(
            "date",
            format!(
                "the number «{written}» was written by hand, and so a form's day mostly is: \
                 OCR may have misread it"
            ),
        ));
    }
}

/// A signer's name as OCR read it, with the tone OCR drops from above a hat put back where the
/// names table makes that the likelier reading, and in review whenever its marks were mended
/// or may be wrong ([`crate::restore::Restorer::check_name`]).
/// `mend`: OCR read it (a scan's page); else (a text file, typed or OCR's) the name stays as
/// written, and what OCR may have dropped is only said.
fn check_signer(rec: &mut Record, r: &crate::restore::Restorer, mend: bool) {
    let Some(check) = rec.signer.as_deref().and_then(|s| r.check_name(s)) else {
        return;
    };
    let said = |words: &[(String, String, f64)], verb: &str| {
        words
            .iter()
            .map(|(from, to, p)| match p {
                // A surname: what was read is none, and it fits one.
                p if *p >= 1.0 => format!("«{from}» {verb} «{to}» (the one surname it fits)"),
                p => format!("«{from}» {verb} «{to}» ({:.0}%)", 100.0 * p),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Of a text file, only what the names table makes likelier than what is written: a
    // typed name is as the typist wrote it (a doubt, `Tân` or *Tấn*, is said of 7 of the 260
    // typed documents' signers, and of none of them rightly).
    if !mend {
        if !check.mended.is_empty() {
            let reason = format!(
                "if this text is OCR's, it may have dropped a tone from above a hat: {}",
                said(&check.mended, "or")
            );
            rec.review.push(Review::of_text("signer", reason));
        }
        return;
    }
    let mut reasons = Vec::new();
    if !check.mended.is_empty() {
        reasons.push(format!(
            "OCR read «{}»; the tone OCR drops from above a hat put back as a name's: {}",
            rec.signer.as_deref().unwrap_or_default(),
            said(&check.mended, "→")
        ));
    }
    if !check.doubts.is_empty() {
        reasons.push(format!(
            "OCR may have dropped a tone from above a hat: {}",
            said(&check.doubts, "or")
        ));
    }
    rec.signer = Some(check.name);
    rec.review
        .push(Review::of_text("signer", reasons.join("; ")));
}

/// The signer's words restoration wrote with confidence (`changes`: every change, spans in the
/// restored text) whose letters make another name often enough, in review
/// ([`crate::restore::Restorer::name_doubt`]): the language model is sure of *Đàm* where *Đạm*
/// is a name half as often, and the text says nothing more. A first word restored as no
/// surname where its letters make exactly one (`Tran` → *Trấn*, `Dang` → *Đảng*) is written as
/// that surname, in review too.
fn review_restored_name(rec: &mut Record, changes: &[(Span, &Change)], r: &Restorer) {
    let Some(&signer) = rec.spans.get("signer") else {
        return;
    };
    let (mut mended, mut doubted) = (Vec::new(), Vec::new());
    for (span, c) in changes {
        if !(signer[0] <= span[0] && span[1] <= signer[1]) {
            continue;
        }
        let first = rec.text[signer[0]..span[0]].trim().is_empty();
        let Some(d) = r.name_doubt(&c.to, first) else {
            continue;
        };
        // Where the name is written as restoration wrote it (`signer` is the text's span).
        let at = span[0] - signer[0];
        let name = rec
            .signer
            .as_mut()
            .filter(|n| n.get(at..at + c.to.len()) == Some(&c.to));
        match name {
            Some(name) if d.mend => {
                name.replace_range(at..at + c.to.len(), &d.other);
                mended.push(format!(
                    "«{}» from «{}» written «{}», the one surname those letters make",
                    c.to, c.from, d.other
                ));
            }
            // What is under `UNSURE` is in review already.
            _ if c.confidence.is_some_and(|p| p >= crate::restore::UNSURE) => {
                doubted.push(format!(
                    "«{}» from «{}» (or «{}», {:.0}% of the names those letters make)",
                    c.to,
                    c.from,
                    d.other,
                    100.0 * d.share
                ))
            }
            _ => {}
        }
    }
    // A word of it restoration left without marks (`Cang`), in a text whose marks were
    // missing, where its letters make another name more often (*Căng*). (Not merely as
    // often: `Thanh`, `Lan`, `Vinh`, `Trang`, each a third of their letters' names, are
    // right as written in the Lai Châu texts.)
    let (mut unmarked, mut no_surname) = (Vec::new(), Vec::new());
    let likelier = |d: &crate::restore::names::NameDoubt| !d.mend && d.share > d.own_share;
    let name = rec.text.get(signer[0]..signer[1]).unwrap_or("");
    for (k, (at, word)) in crate::text::word_spans(name).enumerate() {
        let start = signer[0] + at;
        let changed = changes
            .iter()
            .any(|(span, _)| span[0] < start + word.len() && start < span[1]);
        // A word standing alone between spaces (`Tr.`, `Vũ-Anh` are not read as names).
        let alone = name[..at]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace)
            && name[at + word.len()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace);
        if changed || !alone {
            continue;
        }
        // A first word OCR read with marks that make no surname, where its letters make one:
        // written as that surname where its marks are those English OCR writes for others
        // (`Lé` for *Lê*), else said, as read.
        if !word.is_ascii() {
            let surname = (k == 0).then(|| r.name_doubt(word, true)).flatten();
            if let Some(d) = surname.filter(|d| d.mend) {
                let signer = rec.signer.as_mut().filter(|n| n.starts_with(word));
                match signer {
                    Some(n) if r.channel.english_ocr_could_write(word) => {
                        n.replace_range(..word.len(), &d.other);
                        mended.push(format!(
                            "«{word}» as OCR read it written «{}», the one surname those \
                             letters make",
                            d.other
                        ));
                    }
                    _ => no_surname.push(format!(
                        "«{word}» as OCR read it (its letters make one surname, «{}»)",
                        d.other
                    )),
                }
            }
            continue;
        }
        if !word.chars().all(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        if let Some(d) = r.name_doubt(word, k == 0).filter(likelier) {
            unmarked.push(format!(
                "«{word}» as written (or «{}», {:.0}% of the names those letters make)",
                d.other,
                100.0 * d.share
            ));
        }
    }
    for (what, words) in [
        ("written as a name", mended),
        ("a name restored from letters that make others", doubted),
        ("a name's word left without marks", unmarked),
        ("a name's first word that is no surname", no_surname),
    ] {
        if !words.is_empty() {
            rec.review.push(Review::of_text(
                "signer",
                format!("{what}: {}", words.join("; ")),
            ));
        }
    }
}

/// The words restored with doubt (`unsure`: spans in the restored text), where they stand
/// in `text` (the record's text: the restored text, which a reader sees them marked in).
fn doubts(text: &str, unsure: &[(Span, &Change)]) -> Vec<crate::record::Doubt> {
    unsure
        .iter()
        .filter(|(span, c)| text.get(span[0]..span[1]) == Some(c.to.as_str()))
        .map(|&(span, c)| crate::record::Doubt {
            span,
            from: c.from.clone(),
            to: c.to.clone(),
            confidence: (100.0 * c.confidence.unwrap_or(0.0))
                .round()
                .clamp(0.0, 100.0) as u8,
            alternative: c.alternative.clone(),
        })
        .collect()
}

/// A field whose words restoration was unsure of (`unsure`: spans in the restored text) goes
/// into review, with those words, what they were read as, and the likeliest other reading
/// (`tỉnh` restored as *tính*: the text is right only as often as the model is).
fn review_unsure(rec: &mut Record, unsure: &[(Span, &Change)]) {
    let mut said: Vec<(String, Vec<String>)> = Vec::new();
    // A signer's title read as the offices it names is right, whatever its letters' doubts.
    let title_known = rec
        .signer_title
        .as_deref()
        .is_some_and(crate::extract::header::title_is_known);
    for (span, change) in unsure {
        for (key, f) in &rec.spans {
            // (`recipients.2`: a second list of the recipients, the same field.)
            let field = key.split('.').next().unwrap_or(key);
            if field == "signer_title" && title_known {
                continue;
            }
            if span[0] < f[1] && f[0] < span[1] {
                let word = format!(
                    "«{}» from «{}» ({:.0}%{})",
                    change.to,
                    change.from,
                    100.0 * change.confidence.unwrap_or(0.0),
                    change
                        .alternative
                        .as_ref()
                        .map(|a| format!(", or «{a}»"))
                        .unwrap_or_default()
                );
                match said.iter_mut().find(|(f, _)| f == field) {
                    Some((_, words)) => words.push(word),
                    None => said.push((field.to_string(), vec![word])),
                }
            }
        }
    }
    for (field, words) in said {
        let reason = format!("tone marks restored with doubt: {}", words.join("; "));
        rec.review.push(Review::of_text(field, reason));
    }
}

fn source_of(path: &Path, sha: String, kind: String, len: usize) -> Source {
    Source {
        path: path
            .canonicalize()
            .unwrap_or_else(|_| path.to_path_buf())
            .display()
            .to_string(),
        sha256: sha,
        kind,
        bytes: len as u64,
    }
}

/// A unit of work for the pool: a whole text file, or one page of a scan.
enum Work {
    Text {
        path: PathBuf,
        bytes: Vec<u8>,
        sha: String,
    },
    Page {
        file: usize,
        index: usize,
        page: Page,
    },
}

/// One page's outcome.
struct PageDone {
    text: String,
    info: PageInfo,
    doubts: Vec<ocr::Doubt>,
    /// The page for the PDF/A, when one is written.
    pdfa: Option<crate::pdfa::Page>,
}

/// A scan whose pages are in flight.
struct Assembly {
    path: PathBuf,
    src: Source,
    count: usize,
    sent: usize,
    done: usize,
    closed: bool,
    error: Option<FileError>,
    pages: Vec<Option<PageDone>>,
    signatures: Vec<crate::record::Signature>,
}

impl Assembly {
    fn finish(self, stages: &Stages) -> Done {
        if let Some(e) = self.error {
            return Err(e);
        }
        let mut text = String::new();
        let mut infos = Vec::with_capacity(self.pages.len());
        let mut doubts = Vec::new();
        let mut pdf_pages = Vec::new();
        for p in self.pages.into_iter().flatten() {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(p.text.trim_end());
            doubts.extend(p.doubts.into_iter().map(|d| (p.info.page, d)));
            pdf_pages.push(p.pdfa);
            infos.push(p.info);
        }
        let ocrd = infos.iter().any(|i| i.method == Method::Ocr);
        let scan = Scan {
            engine: ocrd.then(ocr::engine_version),
            lang: ocrd.then(|| stages.ocr.lang.clone()),
            page_count: infos.len(),
            pages: infos,
            signatures: self.signatures,
            pdfa: None,
        };
        if text.trim().is_empty() {
            return Err(FileError {
                path: self.path,
                stage: Stage::Ocr,
                reason: format!(
                    "no text was found on its {} page{}",
                    scan.page_count,
                    if scan.page_count == 1 { "" } else { "s" }
                ),
            });
        }
        let mut rec = finish_text(&text, self.src, Some(scan), stages);
        review(&mut rec, &doubts);
        if let Some(out) = &stages.pdf_out {
            let written = write_pdfa(&self.path, out, pdf_pages, &rec);
            if let Some(scan) = rec.scan.as_mut() {
                scan.pdfa = Some(written);
            }
        }
        Ok(Box::new(rec))
    }
}

/// The record's `review`: the header fields OCR read with doubt, and a date that could not be
/// read taken from the earliest digital signature — or one that the signatures contradict.
fn review(rec: &mut Record, doubts: &[(usize, ocr::Doubt)]) {
    // OCR's doubt about a field, with its page, box and readings, says more than extraction's
    // flag from the text (`Số: 8Š /QĐ-UBND` read as no number): one flag a field.
    rec.review
        .retain(|r| r.page.is_some() || !doubts.iter().any(|(_, d)| d.field == r.field));
    for (page, d) in doubts {
        let readings = d
            .readings
            .iter()
            .map(|r| if r.is_empty() { "nothing" } else { r.as_str() })
            .collect::<Vec<_>>()
            .join(", ");
        let also = if d.likely.is_empty() {
            String::new()
        } else {
            format!(
                " (the handwriting reader finds {} likely too)",
                d.likely.join(", ")
            )
        };
        rec.review.push(Review {
            field: d.field.to_string(),
            reason: format!(
                "handwritten or unclear: the passes read {readings}; kept {:?}{also}",
                d.read
            ),
            page: Some(*page),
            bbox: Some(d.bbox),
        });
    }
    let signed = rec
        .scan
        .as_ref()
        .and_then(|s| {
            s.signatures
                .iter()
                .filter_map(|g| g.day().map(|d| (d, g)))
                .min_by_key(|(d, _)| d.ordinal())
        })
        .map(|(d, g)| (d, g.clone()));
    if let Some((day, sig)) = signed {
        // A day read with doubt, where one of the readings (or of the values the handwriting
        // reader finds likely) is the day a signature was made in the same month: that
        // reading, which the signature vouches for (`2` or `20`, signed on the 20th).
        let signed_day = &day.iso()[8..];
        let vouched = doubts.iter().any(|(_, d)| {
            d.part == "day"
                && d.readings
                    .iter()
                    .chain(&d.likely)
                    .any(|r| r.trim_start_matches('0') == signed_day.trim_start_matches('0'))
        });
        if let Some(d) = rec.date.filter(|d| {
            vouched && d.is_full() && d.iso()[..7] == day.iso()[..7] && d.iso() != day.iso()
        }) {
            let who = sig.signer.as_deref().unwrap_or("an unnamed signer");
            rec.date = Some(day);
            let reason = format!(
                "read as {} with doubt; {} (which the readings allow) is the day {who} signed it \
                 digitally",
                d.iso(),
                day.iso()
            );
            rec.review.push(Review::of_text("date", reason));
        }
        // A date the page leaves without its day (`ngày … tháng 11 năm 2024`, filled in by
        // hand or by an e-office system outside the text) is completed from a signature of
        // the same month.
        let partial = rec
            .date
            .filter(|d| !d.is_full())
            .is_some_and(|d| day.iso().starts_with(&d.iso()));
        match rec.date {
            None => take_signed_date(rec, day, &sig, "not readable on the page"),
            Some(_) if partial => {
                take_signed_date(rec, day, &sig, "its day is blank or unreadable on the page")
            }
            Some(d)
                if d.is_full()
                    && (d.ordinal() > day.ordinal() + 1 || d.ordinal() + 60 < day.ordinal()) =>
            {
                let who = sig.signer.as_deref().unwrap_or("an unnamed signer");
                rec.review.push(Review::of_text(
                    "date",
                    format!(
                        "read as {}, but {who} signed it digitally on {}",
                        d.iso(),
                        day.iso()
                    ),
                ));
            }
            _ => {}
        }
    }
    let said = |rec: &Record, f: &str| rec.review.iter().any(|r| r.field == f);
    if rec.number.is_none() && !said(rec, "number") {
        let reason = match &rec.symbol {
            Some(sym) => format!("the number before /{sym} is blank or could not be read"),
            None => "no number could be read".to_string(),
        };
        rec.review.push(Review::on_page("number", reason, 1));
    }
    if !rec.date.is_some_and(|d| d.is_full()) && !said(rec, "date") {
        rec.review
            .push(Review::on_page("date", "no full date could be read", 1));
    }
}

/// Writes the scan's searchable PDF/A (every page OCR'd: a page read from its own text layer
/// has no word boxes) with its `.sha256` beside it; the text layer is the restored text where
/// restoration kept the words' count, else the OCR's.
fn write_pdfa(
    path: &Path,
    out: &PdfOut,
    pages: Vec<Option<crate::pdfa::Page>>,
    rec: &Record,
) -> crate::record::PdfaOut {
    let failed = |e: String| crate::record::PdfaOut {
        path: None,
        sha256: None,
        error: Some(e),
    };
    let n = pages.len();
    let layers = pages.iter().filter(|p| p.is_none()).count();
    let Some(mut pages) = pages.into_iter().collect::<Option<Vec<_>>>() else {
        return failed(if layers == n {
            "not written: not a scan (every page has its own text layer; --ocr always makes one)"
                .to_string()
        } else {
            format!(
                "not written: {layers} of {n} pages were read from their own text layer, not \
                 OCR'd (--ocr always OCRs them)"
            )
        });
    };
    if let Some(rs) = &rec.restoration {
        let restored: Vec<&str> = rec.text.split_whitespace().collect();
        let count: usize = pages.iter().map(|p| p.words.len()).sum();
        if restored.len() == count && rs.original.split_whitespace().count() == count {
            let mut it = restored.into_iter();
            for p in &mut pages {
                for w in &mut p.words {
                    if let Some(t) = it.next() {
                        w.0 = t.to_string();
                    }
                }
            }
        }
    }
    let target = match out {
        PdfOut::File(f) => f.clone(),
        PdfOut::Dir(d) => {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            let mut t = d.join(format!("{stem}.pdf"));
            // Never onto the original.
            if t.canonicalize().ok() == path.canonicalize().ok() {
                t = d.join(format!("{stem}.pdfa.pdf"));
            }
            t
        }
    };
    let title = rec
        .number
        .as_deref()
        .map(|n| {
            format!("{} {n}", rec.doc_type.as_deref().unwrap_or(""))
                .trim()
                .to_string()
        })
        .unwrap_or_else(|| {
            path.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        });
    let producer = format!(
        "vanthu {} ({})",
        env!("CARGO_PKG_VERSION"),
        ocr::engine_version()
    );
    let bytes = crate::pdfa::write(
        &pages,
        &crate::pdfa::Meta {
            title: &title,
            id: rec.source.as_ref().map_or(&[][..], |s| s.sha256.as_bytes()),
            producer: &producer,
        },
    );
    let sha = sha256_hex(&bytes);
    let name = target
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let written = target
        .parent()
        .map_or(Ok(()), |d| {
            if d.as_os_str().is_empty() {
                Ok(())
            } else {
                std::fs::create_dir_all(d)
            }
        })
        .and_then(|_| write_no_follow(&target, &bytes))
        .and_then(|_| {
            let mut side = target.clone().into_os_string();
            side.push(".sha256");
            write_no_follow(Path::new(&side), format!("{sha}  {name}\n").as_bytes())
        });
    match written {
        Ok(()) => crate::record::PdfaOut {
            path: Some(target.display().to_string()),
            sha256: Some(sha),
            error: None,
        },
        Err(e) => failed(format!("cannot write {}: {e}", target.display())),
    }
}

/// Sets the record's date to the day a signature was made, and says so.
fn take_signed_date(rec: &mut Record, day: Date, sig: &crate::record::Signature, why: &str) {
    let who = sig.signer.as_deref().unwrap_or("an unnamed signer");
    rec.date = Some(day);
    // (Extraction's flag of the date it could not read in full says less: this one says why.)
    rec.review
        .retain(|r| !(r.field == "date" && r.page.is_none()));
    rec.review.push(Review::of_text(
        "date",
        format!(
            "{why}; taken from the digital signature of {who} ({})",
            sig.time.as_deref().unwrap_or("")
        ),
    ));
}

/// What the reader and the workers of [`process_files`] share.
struct Run<'a> {
    files: &'a [PathBuf],
    stages: &'a Stages,
    seen: &'a (dyn Fn(&str) -> bool + Sync),
    pb: &'a ProgressBar,
    /// The scans whose pages are in flight, by their index in `files`.
    scans: Mutex<HashMap<usize, Assembly>>,
    /// Set when the sink fails: nothing more is started.
    stop: AtomicBool,
}

impl Run<'_> {
    fn scans(&self) -> std::sync::MutexGuard<'_, HashMap<usize, Assembly>> {
        self.scans.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

/// Finished files waiting for the writer, at most.
const RESULTS_AHEAD: usize = 64;

/// Runs the stages (source → OCR → restore → extract) over `files` on `pool`: every page of
/// every scan is a task of its own, so a long PDF keeps all workers busy. `seen` says
/// whether a content hash is already ingested (such a file is skipped); what each other file
/// came to goes to `sink`, on the calling thread, as it completes. Pages are decoded (and PDFs
/// rendered) one at a time by one reader thread, a few ahead of the workers, so memory stays
/// flat however long the batch.
pub fn process_files(
    files: &[PathBuf],
    stages: &Stages,
    pool: &rayon::ThreadPool,
    seen: &(dyn Fn(&str) -> bool + Sync),
    pb: &ProgressBar,
    sink: &mut dyn FnMut(Done) -> Result<()>,
) -> Result<()> {
    let ahead = pool.current_num_threads().max(1);
    let (work_tx, work_rx) = mpsc::sync_channel::<Work>(ahead);
    // Bounded too: text is read and extracted faster than the index takes it, and a million
    // small files' records waiting for the writer took 2.6 GB.
    let (out_tx, out_rx) = mpsc::sync_channel::<Done>(RESULTS_AHEAD);
    let run = Run {
        files,
        stages,
        seen,
        pb,
        scans: Mutex::new(HashMap::new()),
        stop: AtomicBool::new(false),
    };
    std::thread::scope(|s| -> Result<()> {
        let run = &run;
        let reader_out = out_tx.clone();
        s.spawn(move || read_files(run, &work_tx, &reader_out));
        s.spawn(move || {
            pool.install(|| {
                work_rx
                    .into_iter()
                    .par_bridge()
                    .for_each_with(out_tx, |out, w| work(run, w, out))
            })
        });
        for done in out_rx {
            if let Err(e) = sink(done) {
                run.stop.store(true, Ordering::Relaxed);
                return Err(e);
            }
        }
        Ok(())
    })?;
    pool.broadcast(|_| ocr::release_thread_engines());
    Ok(())
}

/// A file's bytes. One longer than `max_text` is read whole only if it is a scan (its pages
/// are decoded one at a time); text that long is refused before it is read, so that memory is
/// bounded by the setting, not by the file.
fn read_input(path: &Path, max_text: u64) -> Result<Vec<u8>, FileError> {
    use std::io::Read;
    let fail = |stage, reason: String| FileError {
        path: path.to_path_buf(),
        stage,
        reason,
    };
    let read = |e: std::io::Error| fail(Stage::Read, e.to_string());
    let mut f = std::fs::File::open(path).map_err(read)?;
    let len = f.metadata().map_err(read)?.len();
    let mut bytes = Vec::new();
    if len > max_text {
        f.by_ref()
            .take(1024)
            .read_to_end(&mut bytes)
            .map_err(read)?;
        if !source::sniff(&bytes).is_scan() {
            let mib = |n: u64| n as f64 / f64::from(1u32 << 20);
            return Err(fail(
                Stage::Source,
                format!(
                    "{:.1} MiB of text, more than --max-text-bytes ({:.1} MiB): split the \
                     file, or raise the limit",
                    mib(len),
                    mib(max_text)
                ),
            ));
        }
    }
    f.read_to_end(&mut bytes).map_err(read)?;
    Ok(bytes)
}

/// The reader: each file's bytes and hash, in order; a text file goes to the workers whole,
/// a scan page by page.
fn read_files(run: &Run, work: &SyncSender<Work>, out: &SyncSender<Done>) {
    for (i, path) in run.files.iter().enumerate() {
        if run.stopped() || interrupted() {
            break;
        }
        let bytes = match read_input(path, run.stages.source.max_text_bytes) {
            Ok(b) => b,
            Err(e) => {
                run.pb.inc(1);
                let _ = out.send(Err(e));
                continue;
            }
        };
        let sha = sha256_hex(&bytes);
        if (run.seen)(&sha) {
            run.pb.inc(1);
            continue;
        }
        let kind = source::sniff(&bytes);
        if !kind.is_scan() {
            let text = Work::Text {
                path: path.clone(),
                bytes,
                sha,
            };
            if work.send(text).is_err() {
                break;
            }
            continue;
        }
        run.pb.set_message(format!(
            "file {}/{}: {}",
            i + 1,
            run.files.len(),
            path.display()
        ));
        let src = source_of(path, sha, kind.name().to_string(), bytes.len());
        read_scan(run, i, kind, &bytes, src, work, out);
    }
}

/// Sends a scan's pages to the workers as its source yields them; when the last is sent (or
/// the source fails), the scan is closed, and finished here if its pages are all done.
fn read_scan(
    run: &Run,
    i: usize,
    kind: source::Kind,
    bytes: &[u8],
    src: Source,
    work: &SyncSender<Work>,
    out: &SyncSender<Done>,
) {
    let path = &run.files[i];
    run.scans().insert(
        i,
        Assembly {
            path: path.clone(),
            src,
            count: 0,
            sent: 0,
            done: 0,
            closed: false,
            error: None,
            pages: Vec::new(),
            signatures: Vec::new(),
        },
    );
    let mut page_error = None;
    let result = source::for_each_page(
        kind,
        bytes,
        &run.stages.source,
        &mut |opened| {
            let n = opened.pages;
            run.pb.inc_length(n.saturating_sub(1) as u64);
            let mut m = run.scans();
            let a = m.get_mut(&i).expect("assembly");
            a.count = n;
            a.pages.resize_with(n, || None);
            a.signatures = opened.signatures;
        },
        &mut |index, page| match page {
            Ok(page) => {
                run.scans().get_mut(&i).expect("assembly").sent += 1;
                work.send(Work::Page {
                    file: i,
                    index,
                    page,
                })
                .is_ok()
                    && !run.stopped()
                    && !interrupted()
            }
            Err(e) => {
                page_error = Some(format!("page {}: {e}", index + 1));
                false
            }
        },
    );
    let unsent = {
        let m = run.scans();
        let a = &m[&i];
        a.sent < a.count
    };
    let error = match (result, page_error) {
        (Err(e), _) => Some(e.to_string()),
        (Ok(()), Some(e)) => Some(e),
        (Ok(()), None) if unsent => Some(String::new()),
        (Ok(()), None) => None,
    };
    let ready = {
        let mut m = run.scans();
        let a = m.get_mut(&i).expect("assembly");
        a.closed = true;
        if let Some(reason) = error {
            run.pb.inc((a.count.max(1) - a.sent) as u64);
            a.error = Some(if reason.is_empty() {
                cut_short(path)
            } else {
                FileError {
                    path: path.clone(),
                    stage: Stage::Source,
                    reason,
                }
            });
        } else if a.count == 0 {
            run.pb.inc(1);
        }
        if a.done == a.sent {
            m.remove(&i)
        } else {
            None
        }
    };
    if let Some(a) = ready {
        let _ = out.send(a.finish(run.stages));
    }
}

/// A scan that Ctrl-C stopped before its pages were all read: not recorded in this run.
fn cut_short(path: &Path) -> FileError {
    FileError {
        path: path.to_path_buf(),
        stage: Stage::Interrupted,
        reason: "interrupted before all its pages were read".into(),
    }
}

/// A worker's part: a text file to its record, or one page to its text (and, with a scan's
/// last page, the scan to its record).
fn work(run: &Run, w: Work, out: &mut SyncSender<Done>) {
    match w {
        Work::Text { path, bytes, sha } => {
            let done = match source::read_text(&path, &bytes) {
                Ok(t) => {
                    let src = source_of(&path, sha, t.kind_name(), bytes.len());
                    Ok(Box::new(finish_text(&t.text, src, None, run.stages)))
                }
                Err(e) => Err(FileError {
                    path,
                    stage: Stage::Source,
                    reason: e.to_string(),
                }),
            };
            run.pb.inc(1);
            let _ = out.send(done);
        }
        Work::Page { file, index, page } => {
            // After Ctrl-C the pages already handed out are not read: the file is not
            // finished in this run anyway, and each would cost a page's time.
            let done = (!interrupted()).then(|| read_page(page, index, run.stages));
            run.pb.inc(1);
            let ready = {
                let mut m = run.scans();
                let a = m.get_mut(&file).expect("assembly");
                a.done += 1;
                // The file's first error is the one it reports.
                match done {
                    Some(Ok(d)) => a.pages[index] = Some(d),
                    Some(Err(reason)) => {
                        a.error.get_or_insert_with(|| FileError {
                            path: a.path.clone(),
                            stage: Stage::Ocr,
                            reason,
                        });
                    }
                    None => {
                        a.error.get_or_insert_with(|| cut_short(&a.path));
                    }
                }
                if a.closed && a.done == a.sent {
                    m.remove(&file)
                } else {
                    None
                }
            };
            if let Some(a) = ready {
                let _ = out.send(a.finish(run.stages));
            }
        }
    }
}

/// A page's note when it had no ink to read.
const BLANK_NOTE: &str = "blank: no ink found, not given to OCR";

/// One page to text: its text layer, or OCR.
fn read_page(page: Page, index: usize, stages: &Stages) -> Result<PageDone, String> {
    let (img, note) = match page {
        Page::Text(text) => {
            return Ok(PageDone {
                text,
                info: PageInfo {
                    page: index + 1,
                    method: Method::TextLayer,
                    confidence: None,
                    rotation: 0,
                    dpi: None,
                    grey: None,
                    note: None,
                },
                doubts: Vec::new(),
                pdfa: None,
            })
        }
        Page::Image(img) => (img, None),
        Page::Reread(img, why) => (img, Some(why)),
    };
    let dpi = img.dpi;
    let r = catch_unwind(AssertUnwindSafe(|| {
        ocr::recognize(&img, &stages.ocr, index + 1)
    }))
    .map_err(|_| {
        format!(
            "page {}: internal error in OCR (a bug: please report it)",
            index + 1
        )
    })?
    .map_err(|e| e.to_string())?;
    let also = |note: Option<String>, more: &str| match note {
        Some(n) => Some(format!("{n}; {more}")),
        None => Some(more.to_string()),
    };
    let mut note = note;
    if dpi.is_none() {
        note = also(note, "resolution unknown, read as 300 dpi");
    }
    if r.blank {
        note = also(note, BLANK_NOTE);
    }
    let pdfa = stages.pdf_out.is_some().then(|| pdf_page(&img, &r));
    Ok(PageDone {
        pdfa,
        text: r.text,
        info: PageInfo {
            page: index + 1,
            method: Method::Ocr,
            confidence: Some(r.confidence.clamp(0.0, 100.0) as u8),
            rotation: r.rotation,
            dpi,
            grey: (img.channels == 3).then(|| r.grey.as_str().to_string()),
            note,
        },
        doubts: r.doubts,
    })
}

/// JPEG quality of the page images in PDF/A output: an archive's scans at 300 dpi stay legible
/// and a page takes a few hundred kilobytes.
const PDF_JPEG_QUALITY: u8 = 75;

/// The page as the PDF/A shows it: the image as read (turned upright if it was turned for
/// OCR: the words' boxes are on the upright page) and the words.
fn pdf_page(img: &crate::record::PageImage, r: &ocr::PageText) -> crate::pdfa::Page {
    use std::borrow::Cow;
    let (w, h) = (img.width as usize, img.height as usize);
    let (data, w, h, ch): (Cow<[u8]>, usize, usize, u8) = if r.rotation != 0 {
        let g = ocr::clean::grey(img, r.grey);
        let (t, w, h) = ocr::clean::rotate_cw(&g, w, h, r.rotation);
        (Cow::Owned(t), w, h, 1)
    } else if matches!(img.channels, 1 | 3) {
        (Cow::Borrowed(&img.data), w, h, img.channels)
    } else {
        (Cow::Owned(ocr::clean::grey(img, r.grey)), w, h, 1)
    };
    let (w, h) = (w as u32, h as u32);
    crate::pdfa::Page {
        jpeg: crate::pdfa::jpeg(&data, w, h, ch, PDF_JPEG_QUALITY),
        width: w,
        height: h,
        grey: ch == 1,
        dpi: img.dpi.unwrap_or(300),
        words: r.words.iter().map(|w| (w.text.clone(), w.bbox)).collect(),
    }
}

/// A pool of `jobs` worker threads (0: one per core).
pub fn pool(jobs: usize) -> Result<rayon::ThreadPool> {
    Ok(rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?)
}

/// The record of one file, as ingesting it would make it (no archive; nothing is skipped);
/// its pages are read on `pool`.
pub fn process_one(path: &Path, stages: &Stages, pool: &rayon::ThreadPool) -> Done {
    let mut done = None;
    let run = process_files(
        &[path.to_path_buf()],
        stages,
        pool,
        &|_| false,
        &ProgressBar::hidden(),
        &mut |d| {
            done = Some(d);
            Ok(())
        },
    );
    // The sink never fails, so neither does the run; an interrupted one leaves nothing done.
    done.unwrap_or_else(|| {
        Err(FileError {
            path: path.to_path_buf(),
            stage: Stage::Interrupted,
            reason: match run {
                Err(e) => format!("{e:#}"),
                Ok(()) => "interrupted before it was read".into(),
            },
        })
    })
}

/// The one message of a write to the archive that failed (a full disk, a lost writer): what
/// is safe, and what to do.
fn write_failed(e: anyhow::Error, archive: &Path, committed: usize) -> anyhow::Error {
    let full = e.chain().any(|c| {
        let t = c.to_string();
        t.contains("os error 28") || t.contains("No space left on device")
    });
    let what = if full {
        format!("the disk holding {} is full", archive.display())
    } else {
        format!(
            "the archive {} could not be written ({e:#})",
            archive.display()
        )
    };
    anyhow::anyhow!(
        "{what}: {committed} records of this run were committed before it and are safe, as is \
         all ingested earlier; those read since are not in the archive. {}run the same command \
         again: it does only what the archive lacks",
        if full { "Free space and " } else { "" }
    )
}

/// Writes `text` to `DIR/NAME.txt`, NAME being the source file's name; a second source of
/// the same name gets its content hash's first characters added.
fn write_sidecar(dir: &Path, source: &Path, text: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into());
    let mut out = dir.join(format!("{name}.txt"));
    if out.exists() {
        let existing = std::fs::read_to_string(&out).unwrap_or_default();
        if existing != text {
            let h = &sha256_hex(source.to_string_lossy().as_bytes())[..8];
            out = dir.join(format!("{name}.{h}.txt"));
        }
    }
    let mut body = text.to_string();
    if !body.ends_with('\n') {
        body.push('\n');
    }
    write_no_follow(&out, body.as_bytes())
}

/// Writes `path` whole, never through a symbolic link: a link there (dangling or not) is
/// refused, and the bytes go to a new file beside it that is then renamed into place.
fn write_no_follow(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(std::io::Error::other(format!(
            "{} is a symbolic link; not followed",
            path.display()
        )));
    }
    let name = path
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.{}.part", std::process::id()));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)?;
    let written = f.write_all(bytes).and_then(|_| f.sync_all());
    if let Err(e) = written.and_then(|_| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(())
}

/// The progress bar of an ingest: a unit per text file and per page of a scan; a scan's pages
/// are counted as it is opened, so the length grows as the run goes (the message says which
/// file of how many).
fn progress_bar(files: usize, shown: bool) -> ProgressBar {
    let pb = ProgressBar::with_draw_target(
        Some(files as u64),
        if shown {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    pb.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} pages {elapsed} {wide_msg}")
            .expect("progress template")
            .progress_chars("=> "),
    );
    pb
}

/// Ingests `paths` into the archive. `on_error` hears of each failed file as it happens;
/// `on_warning` of anything that degrades the run without failing a file.
pub fn ingest(
    paths: &[PathBuf],
    opts: &Options,
    on_error: &mut dyn FnMut(&FileError),
    on_warning: &mut dyn FnMut(&str),
) -> Result<Report> {
    let started = Instant::now();
    let archive = Archive::open_or_create(&opts.archive)?;
    let mut writer = archive.writer()?;
    // vanthu's own outputs are never read back in as documents.
    let mut skip = vec![opts.archive.as_path()];
    skip.extend(opts.sidecar.as_deref());
    skip.extend(opts.pdf_out.as_deref());
    let Walked {
        files,
        errors: walk_errors,
        hidden,
        not_documents,
    } = collect_files(paths, &skip);
    let mut report = Report {
        files: files.len(),
        hidden,
        not_documents,
        ..Report::default()
    };
    for e in walk_errors {
        on_error(&e);
        report.failed.push(e);
    }
    let pb = progress_bar(files.len(), opts.progress);
    let pool = pool(opts.jobs)?;
    // Files already in the archive, or earlier in this run, are skipped (and counted).
    let run_hashes: Mutex<HashSet<String>> = Mutex::new(HashSet::new());
    let present = AtomicUsize::new(0);
    let seen = |sha: &str| -> bool {
        let known = archive.has_sha256(sha).unwrap_or(false)
            || !run_hashes.lock().expect("hash set").insert(sha.to_string());
        if known {
            present.fetch_add(1, Ordering::Relaxed);
        }
        known
    };
    let mut stages = Stages::new(opts.source.clone(), opts.ocr.clone(), opts.restore);
    stages.pdf_out = opts.pdf_out.clone().map(PdfOut::Dir);
    let mut pending = 0usize;
    let mut last_commit = Instant::now();
    // Records made durable so far, for the one message a failed write gives.
    let committed = std::cell::Cell::new(0usize);
    let failed_write = |e: anyhow::Error| write_failed(e, &opts.archive, committed.get());
    let run = process_files(&files, &stages, &pool, &seen, &pb, &mut |done| {
        match done {
            Ok(mut r) => {
                // A file read again keeps what a person said of it (see `overrides`).
                if let Some(src) = &r.source {
                    if let Some(old) = archive.record_at(&src.path)? {
                        crate::archive::overrides::carry(&old, &mut r);
                    }
                }
                if r.restoration.is_some() {
                    report.restored += 1;
                }
                if let Some(scan) = &r.scan {
                    let ocrd = scan
                        .pages
                        .iter()
                        .filter(|p| p.method == Method::Ocr)
                        .count();
                    report.pages += ocrd;
                    report.layer_pages += scan.pages.len() - ocrd;
                    match &scan.pdfa {
                        Some(p) if p.path.is_some() => report.pdfa += 1,
                        Some(p) => {
                            let e = p.error.as_deref().unwrap_or("");
                            let path = r.source.as_ref().map_or("", |s| s.path.as_str());
                            pb.suspend(|| on_warning(&format!("{path}: PDF/A {e}")));
                        }
                        None => {}
                    }
                }
                if !r.review.is_empty() {
                    report.review_fields += r.review.len();
                    report.review_files += 1;
                }
                if let (Some(dir), Some(src)) = (&opts.sidecar, &r.source) {
                    if let Err(e) = write_sidecar(dir, Path::new(&src.path), &r.text) {
                        pb.suspend(|| {
                            on_warning(&format!("{}: sidecar not written: {e}", src.path))
                        });
                    }
                }
                writer.add(&r).map_err(failed_write)?;
                report.ingested += 1;
                pending += 1;
            }
            Err(e) if e.stage == Stage::Interrupted => {}
            Err(e) => {
                pb.suspend(|| on_error(&e));
                report.failed.push(e);
            }
        }
        if pending > 0 && (pending >= opts.batch || last_commit.elapsed() >= opts.commit_every) {
            writer.commit().map_err(failed_write)?;
            committed.set(report.ingested);
            pending = 0;
            last_commit = Instant::now();
        }
        Ok(())
    });
    run?;
    writer.commit().map_err(failed_write)?;
    pb.finish_and_clear();
    report.present = present.into_inner();
    let walk_failures = report
        .failed
        .iter()
        .filter(|e| e.stage == Stage::Walk)
        .count();
    let done = report.ingested + report.present + report.failed.len() - walk_failures;
    if interrupted() {
        report.not_done = report.files.saturating_sub(done);
    }
    if let Some(e) = stages.restorer_error() {
        on_warning(&format!(
            "tone-mark restoration was off: {e} (set VANTHU_DICTIONARIES to the dictionaries folder)"
        ));
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A number OCR doubted is flagged once, with its page and box, not also by extraction's
    /// flag from the text it read.
    #[test]
    fn a_field_ocr_doubted_is_flagged_once() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: 8Š /QĐ-UBND\n\
            Tây Lĩnh, ngày 05 tháng 3 năm 2025\n\nQUYẾT ĐỊNH\nVề việc thử\n\nNơi nhận:\n\
            - Lưu: VT.\n\nCHỦ TỊCH\n\nLò Văn Sáu\n";
        let mut rec = crate::extract::extract(text, None);
        assert_eq!(rec.review.len(), 1, "extraction flags it: {:?}", rec.review);
        let doubt = ocr::Doubt {
            field: "number",
            part: "number",
            read: "8Š".into(),
            readings: vec!["6".into(), "8".into()],
            likely: Vec::new(),
            bbox: [10, 20, 30, 40],
        };
        review(&mut rec, &[(1, doubt)]);
        let numbers: Vec<_> = rec.review.iter().filter(|r| r.field == "number").collect();
        assert_eq!(numbers.len(), 1, "{:?}", rec.review);
        assert_eq!(numbers[0].bbox, Some([10, 20, 30, 40]));
    }

    /// The recipients are a field like the others: a word restored in doubt in either list
    /// (`Kính gửi`, `Nơi nhận`) puts them into review, once.
    #[test]
    fn recipients_with_a_word_restored_in_doubt_go_into_review() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: 12/UBND-VP\n\
            Tây Lĩnh, ngày 05 tháng 3 năm 2025\nV/v báo cáo\n\nKính gửi: Sở Nội vụ.\n\n\
            Đề nghị báo cáo trước ngày 10/3/2025./.\n\nNơi nhận:\n- Như trên;\n\
            - Bộ đôi Biên phòng tỉnh;\n- Ban VH-XH;\n- Lưu: VT.\n\n\
            KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLò Văn Hải\n";
        let mut rec = crate::extract::extract(text, None);
        assert!(rec.spans.contains_key("recipients.2"), "{:?}", rec.spans);
        let before = rec.review.len();
        let change = |w: &str, p: f32, other: &str| crate::restore::Change {
            start: text.find(w).unwrap(),
            end: text.find(w).unwrap() + w.len(),
            from: crate::text::fold_lower(w),
            to: w.into(),
            confidence: Some(p),
            alternative: Some(other.into()),
        };
        let out = crate::restore::Restored {
            text: text.into(),
            words_changed: 3,
            changes: vec![
                change("Nội", 0.3, "Nôi"),
                change("đôi", 0.4, "đội"),
                change("trước", 0.45, "trược"),
            ],
            lines_restored: 2,
        };
        review_unsure(&mut rec, &out.unsure(crate::restore::UNSURE));
        let new: Vec<_> = rec.review[before..].iter().collect();
        assert_eq!(new.len(), 1, "{new:?}");
        assert_eq!(new[0].field, "recipients");
        assert!(new[0].reason.contains("«Nội» from «noi»"), "{new:?}");
        assert!(new[0].reason.contains("«đôi» from «doi»"), "{new:?}");
        assert!(!new[0].reason.contains("trước"), "{new:?}");
    }

    /// A field holding a word restoration was unsure of goes into review, with the word, what
    /// it was read as and the other reading; a sure word, or one outside every field, does not.
    #[test]
    fn a_field_with_a_word_restored_in_doubt_goes_into_review() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: 88/QĐ-UBND\n\
            Tây Lĩnh, ngày 05 tháng 3 năm 2025\n\nQUYẾT ĐỊNH\nVề việc thành lập tổ công tác của tính\n\n\
            Điều 1. Giao Sở Nội vụ chủ trì.\n";
        let mut rec = crate::extract::extract(text, None);
        let before = rec.review.len();
        let input = text
            .replacen("thành", "thanh", 1)
            .replacen("tính", "tinh", 1)
            .replacen("Nội", "Noi", 1);
        let at = |from: &str| input.find(from).unwrap();
        let change = |w: &str, from: &str, p: f32| crate::restore::Change {
            start: at(from),
            end: at(from) + from.len(),
            from: from.into(),
            to: w.into(),
            confidence: Some(p),
            alternative: Some("tỉnh".into()),
        };
        // What was read: `thanh`, `tinh`, `Noi` — each restored word longer than read, so
        // that the spans must be carried into the restored text.
        let out = crate::restore::Restored {
            text: text.into(),
            words_changed: 3,
            changes: vec![
                change("thành", "thanh", 0.99),
                change("tính", "tinh", 0.41),
                change("Nội", "Noi", 0.2),
            ],
            lines_restored: 2,
        };
        let unsure = out.unsure(crate::restore::UNSURE);
        review_unsure(&mut rec, &unsure);
        // Every doubtful word, in a field or not, is kept with its span in the record's text
        // for a reader to see (`serve` marks them).
        let d = doubts(&rec.text, &unsure);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(&rec.text[d[0].span[0]..d[0].span[1]], "tính");
        assert_eq!((d[0].confidence, d[0].from.as_str()), (41, "tinh"));
        assert_eq!(&rec.text[d[1].span[0]..d[1].span[1]], "Nội");
        assert_eq!(d[1].alternative.as_deref(), Some("tỉnh"));
        let new: Vec<_> = rec.review[before..].iter().collect();
        assert_eq!(new.len(), 1, "{new:?}");
        assert_eq!(new[0].field, "subject");
        assert!(
            new[0]
                .reason
                .contains("«tính» from «tinh» (41%, or «tỉnh»)"),
            "{new:?}"
        );
    }

    /// A number set apart from its symbol in earlier OCR's text was written by hand: in
    /// review, once, and its date's day with it; one written close to it is not.
    #[test]
    fn a_number_written_by_hand_is_in_review() {
        let head = |number: &str| {
            format!(
                "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: {number}\n\
                 Tây Lĩnh, ngày 05 tháng 3 năm 2025\n\nQUYẾT ĐỊNH\nVề việc thử\n"
            )
        };
        let numbered = |number: &str| {
            let mut rec = crate::extract::extract(&head(number), None);
            rec.review.clear();
            review_written_by_hand(&mut rec);
            rec
        };
        let rec = numbered("45 /QĐ-XPHC");
        assert_eq!(rec.number.as_deref(), Some("45/QĐ-XPHC"));
        let said: Vec<&str> = rec.review.iter().map(|r| r.field.as_str()).collect();
        assert_eq!(said, ["number", "date"], "{:?}", rec.review);
        assert!(rec.review[0].reason.contains("«45 /QĐ-XPHC»"));
        let mut again = rec.clone();
        review_written_by_hand(&mut again);
        assert_eq!(again.review.len(), 2);
        assert!(numbered("45/QĐ-XPHC").review.is_empty());
    }

    /// A signer OCR read without the tone above a hat gets it back where the names table makes
    /// it the likelier, and goes into review saying what OCR read; a name only perhaps
    /// misread goes into review as read; a name read right is left alone.
    #[test]
    fn a_signers_name_gets_back_the_tone_ocr_dropped_and_says_so() {
        let r = crate::restore::test_restorer();
        let checked = |name: &str, mend: bool| {
            let mut rec = crate::extract::extract("", None);
            // (What extraction said of the empty text: no signer read.)
            rec.review.clear();
            rec.signer = Some(name.into());
            check_signer(&mut rec, r, mend);
            rec
        };
        let signed = |name: &str| checked(name, true);
        let rec = signed("Trân Phước Hiên");
        assert_eq!(rec.signer.as_deref(), Some("Trần Phước Hiền"));
        assert_eq!(rec.review.len(), 1, "{:?}", rec.review);
        assert_eq!(rec.review[0].field, "signer");
        assert!(
            rec.review[0].reason.contains("OCR read «Trân Phước Hiên»")
                && rec.review[0].reason.contains("«Hiên» → «Hiền»"),
            "{}",
            rec.review[0].reason
        );
        let rec = signed("Trần Hoàng Tuân");
        assert_eq!(rec.signer.as_deref(), Some("Trần Hoàng Tuân"));
        assert!(
            rec.review[0].reason.contains("«Tuân» or «Tuấn»"),
            "{:?}",
            rec.review
        );
        let rec = signed("Trần Phước Hiền");
        assert_eq!(rec.signer.as_deref(), Some("Trần Phước Hiền"));
        assert!(rec.review.is_empty());
        // A text file's name (typed, or OCR's) stays as written: what the names table makes
        // likelier is said, a mere doubt is not.
        let written = |name: &str| checked(name, false);
        let rec = written("Trân Phước Hiên");
        assert_eq!(rec.signer.as_deref(), Some("Trân Phước Hiên"));
        assert_eq!(rec.review.len(), 1, "{:?}", rec.review);
        assert!(
            rec.review[0].reason.contains("if this text is OCR's")
                && rec.review[0].reason.contains("«Hiên» or «Hiền»"),
            "{}",
            rec.review[0].reason
        );
        assert!(written("Trần Hoàng Tuân").review.is_empty());
    }

    /// A signer restoration wrote as no surname is written as the surname its letters make, in
    /// review; a word whose letters make another name often enough is in review as written.
    #[test]
    fn a_restored_signer_is_written_as_a_name_and_doubted_where_its_letters_make_others() {
        let r = crate::restore::test_restorer();
        let text = "CHỦ TỊCH\nTrấn Phước Hiện\n\nPHÓ CHỦ TỊCH\nTrần Văn Hưng\n";
        let mut rec = crate::extract::extract("", None);
        rec.review.clear();
        rec.text = text.into();
        let change = |to: &str, from: &str, nth: usize| {
            let start = text.match_indices(to).nth(nth).unwrap().0;
            let c = crate::restore::Change {
                start,
                end: start + from.len(),
                from: from.into(),
                to: to.into(),
                confidence: Some(0.95),
                alternative: None,
            };
            ([start, start + to.len()], c)
        };
        let changes = [
            change("Trấn", "Tran", 0),
            change("Hiện", "Hien", 0),
            change("Hưng", "Hung", 0),
        ];
        let spans: Vec<(Span, &Change)> = changes.iter().map(|(s, c)| (*s, c)).collect();
        let first = text.find("Trấn").unwrap();
        rec.spans
            .insert("signer".into(), [first, first + "Trấn Phước Hiện".len()]);
        rec.signer = Some("Trấn Phước Hiện".into());
        review_restored_name(&mut rec, &spans, r);
        assert_eq!(rec.signer.as_deref(), Some("Trần Phước Hiện"));
        assert_eq!(rec.review.len(), 2, "{:?}", rec.review);
        assert!(rec.review[0]
            .reason
            .starts_with("written as a name: «Trấn»"));
        assert!(rec.review[1]
            .reason
            .contains("«Hiện» from «Hien» (or «Hiền»"));
        // The other name: in doubt as written.
        let second = text.find("Trần Văn").unwrap();
        rec.spans
            .insert("signer".into(), [second, second + "Trần Văn Hưng".len()]);
        rec.signer = Some("Trần Văn Hưng".into());
        rec.review.clear();
        review_restored_name(&mut rec, &spans, r);
        assert_eq!(rec.signer.as_deref(), Some("Trần Văn Hưng"));
        assert!(
            rec.review[0]
                .reason
                .contains("«Hưng» from «Hung» (or «Hùng»"),
            "{:?}",
            rec.review
        );
        // A record of a signer's name alone, its words as restoring left them.
        let name_alone = |name: &str| {
            let mut rec = crate::extract::extract("", None);
            rec.review.clear();
            rec.text = format!("CHỦ TỊCH\n{name}\n");
            let at = rec.text.find(name).unwrap();
            rec.spans.insert("signer".into(), [at, at + name.len()]);
            rec.signer = Some(name.into());
            review_restored_name(&mut rec, &[], r);
            rec
        };
        // A word left without marks whose letters make another name more often is doubted;
        // one that is the likeliest name of its letters (`Văn`, `Thanh`) is not.
        for (name, said) in [("Trần Ngọc Cang", true), ("Hoàng Thanh Đạm", false)] {
            let rec = name_alone(name);
            let doubted = rec
                .review
                .iter()
                .any(|x| x.reason.starts_with("a name's word left without marks"));
            assert_eq!(doubted, said, "{name}: {:?}", rec.review);
        }
        // A first word OCR read with marks that make no surname: written as the one surname
        // its letters make where English OCR writes those marks for others (`Lé`), else said.
        for (name, written, mended) in [
            ("Lé Quang Nam", "Lê Quang Nam", true),
            ("Lẽ Quang Nam", "Lẽ Quang Nam", false),
        ] {
            let rec = name_alone(name);
            assert_eq!(rec.signer.as_deref(), Some(written));
            let said = if mended {
                "written as a name: «Lé» as OCR read it written «Lê»"
            } else {
                "a name's first word that is no surname: «Lẽ»"
            };
            assert!(
                rec.review.iter().any(|x| x.reason.starts_with(said)),
                "{name}: {:?}",
                rec.review
            );
        }
    }

    /// A day read with doubt (`2` or `20`) takes the reading a signature of the same month
    /// vouches for, and stays in review; a reading nobody made is never taken from it.
    #[test]
    fn a_doubted_day_takes_the_reading_the_signature_vouches_for() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: 239/TTr-UBND\n\
            Tây Lĩnh, ngày 2 tháng 12 năm 2024\n\nTỜ TRÌNH\nVề việc thử\n";
        let signed = |time: &str| crate::record::Scan {
            engine: None,
            lang: None,
            page_count: 1,
            pages: Vec::new(),
            signatures: vec![crate::record::Signature {
                signer: Some("UBND tỉnh Tây Lĩnh".into()),
                time: Some(time.into()),
                ..Default::default()
            }],
            pdfa: None,
        };
        let doubt = |readings: &[&str]| ocr::Doubt {
            field: "date",
            part: "day",
            read: "2".into(),
            readings: readings.iter().map(|r| r.to_string()).collect(),
            likely: Vec::new(),
            bbox: [10, 20, 30, 40],
        };
        let mut rec = crate::extract::extract(text, None);
        rec.scan = Some(signed("2024-12-20T16:32:29+07:00"));
        review(&mut rec, &[(1, doubt(&["", "2", "20", "", "20", "2"]))]);
        assert_eq!(rec.date.map(|d| d.iso()).as_deref(), Some("2024-12-20"));
        assert!(
            rec.review.iter().any(|r| r.reason.contains("is the day")),
            "{:?}",
            rec.review
        );
        // Signed on the 21st: no reading says 21; the page's 2 stays, in review.
        let mut rec = crate::extract::extract(text, None);
        rec.scan = Some(signed("2024-12-21T09:00:00+07:00"));
        review(&mut rec, &[(1, doubt(&["", "2", "20", "", "20", "2"]))]);
        assert_eq!(rec.date.map(|d| d.iso()).as_deref(), Some("2024-12-02"));
        assert!(rec.review.iter().any(|r| r.field == "date"));
        // No pass read 21, but the handwriting reader found it likely: vouched for.
        let mut rec = crate::extract::extract(text, None);
        rec.scan = Some(signed("2024-12-21T09:00:00+07:00"));
        let likely = ocr::Doubt {
            likely: vec!["21".into()],
            ..doubt(&["", "2", "20", "", "20", "2"])
        };
        review(&mut rec, &[(1, likely)]);
        assert_eq!(rec.date.map(|d| d.iso()).as_deref(), Some("2024-12-21"));
        assert!(rec
            .review
            .iter()
            .any(|r| r.reason.contains("21 likely too")));
        // The month's readings vouch for no day (signed on the 12th, the month read 12).
        let mut rec = crate::extract::extract(text, None);
        rec.scan = Some(signed("2024-12-12T09:00:00+07:00"));
        let month = ocr::Doubt {
            part: "month",
            ..doubt(&["12", "12", "2"])
        };
        review(&mut rec, &[(1, month)]);
        assert_eq!(rec.date.map(|d| d.iso()).as_deref(), Some("2024-12-02"));
    }

    /// A full disk (ENOSPC, however deep in the error's chain) and any other failed write
    /// give one message: what is safe, and what to do. (Run against a real full disk — a
    /// 2 MB tmpfs — in BENCHMARKS.md's hostile table.)
    #[test]
    fn a_failed_write_says_what_is_safe_and_what_to_do() {
        let enospc = anyhow::Error::from(std::io::Error::from_raw_os_error(28))
            .context("An IO error occurred");
        let m = write_failed(enospc, Path::new("/x/a"), 500).to_string();
        assert!(
            m.starts_with("the disk holding /x/a is full: 500 records"),
            "{m}"
        );
        assert!(
            m.contains("Free space and run the same command again"),
            "{m}"
        );
        let other = write_failed(
            anyhow::anyhow!("index writer was killed"),
            Path::new("/x/a"),
            0,
        );
        let m = other.to_string();
        assert!(
            m.contains("could not be written (index writer was killed)"),
            "{m}"
        );
        assert!(m.contains("run the same command again"), "{m}");
    }
}
