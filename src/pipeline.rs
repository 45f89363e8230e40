//! Running the stages over many files: walking the inputs, the worker pool, the progress bar,
//! idempotency by content hash, batched commits, and the ingest report. Knows how no stage
//! works inside; a file that fails at any stage becomes an error row, and the batch goes on.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::archive::Archive;
use crate::extract::{extract, sha256_hex};
use crate::ocr;
use crate::record::{PageInfo, Record, Restoration, Scan, Source};
use crate::restore::Restorer;
use crate::source;

/// Set (by a Ctrl-C handler) to stop a run cleanly: no new file or page is started, what is
/// in flight finishes, and everything finished is committed.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// The stage of the error row of a scan cut short by an interruption: not a failure, the
/// file is simply not done.
pub const STAGE_INTERRUPTED: &str = "interrupted";

/// A file that could not be ingested: which, at which stage, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: PathBuf,
    pub stage: &'static str,
    pub reason: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// What one file came to.
pub enum Outcome {
    Ingested(Box<Record>),
    Present(PathBuf),
    Failed(FileError),
}

/// What an ingest run did.
#[derive(Debug, Default)]
pub struct Report {
    pub files: usize,
    pub ingested: usize,
    /// Of the ingested, how many had their tone marks restored.
    pub restored: usize,
    pub present: usize,
    /// Pages of the ingested scans.
    pub pages: usize,
    pub failed: Vec<FileError>,
    /// Files left undone by an interruption (Ctrl-C); a re-run does them.
    pub not_done: usize,
    pub elapsed: Duration,
}

impl Report {
    /// The one-line summary.
    pub fn summary(&self) -> String {
        let restored = if self.restored > 0 {
            format!(" ({} restored)", self.restored)
        } else {
            String::new()
        };
        let pages = if self.pages > 0 {
            format!(", {} scanned pages", self.pages)
        } else {
            String::new()
        };
        let line = format!(
            "{} ingested{restored}, {} already present, {} failed ({} files{pages} in {:.2} s)",
            self.ingested,
            self.present,
            self.failed.len(),
            self.files,
            self.elapsed.as_secs_f64()
        );
        if self.not_done > 0 {
            format!(
                "interrupted: {line}; {} files not done yet, run the same command again to go on",
                self.not_done
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
        }
    }
}

fn is_hidden(e: &walkdir::DirEntry) -> bool {
    e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
}

/// The files under `paths` (folders recursively, sorted; hidden entries and the archive
/// itself skipped), and an error row for each path that cannot be walked.
pub fn collect_files(paths: &[PathBuf], skip: Option<&Path>) -> (Vec<PathBuf>, Vec<FileError>) {
    let skip = skip.and_then(|p| p.canonicalize().ok());
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        let walker = walkdir::WalkDir::new(p)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                !is_hidden(e)
                    && skip
                        .as_ref()
                        .is_none_or(|s| e.path().canonicalize().ok().as_ref() != Some(s))
            });
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
                Ok(_) => {}
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
                        stage: "walk",
                        reason,
                    });
                }
            }
        }
    }
    (files, errors)
}

/// What the stages need besides the file: how scans are read and OCR'd, and the restorer
/// (none when restoration is off or unavailable).
pub struct Stages<'r> {
    pub source: source::Options,
    pub ocr: ocr::Config,
    pub restorer: &'r (dyn Fn() -> Option<&'r Restorer> + Sync),
}

/// Restores the tone marks of `text` where they are missing or garbled (when a restorer is
/// given), and extracts its record.
fn finish_text(text: &str, src: Source, scan: Option<Scan>, stages: &Stages) -> Record {
    let work = || {
        let restored = (stages.restorer)().map(|r| r.restore(text));
        let mut rec = match restored {
            Some(out) if out.words_changed > 0 => {
                let mut rec = extract(&out.text, Some(src.clone()));
                rec.restoration = Some(Restoration {
                    lines_restored: out.lines_restored,
                    words_changed: out.words_changed,
                    original: text.to_string(),
                });
                rec
            }
            _ => extract(text, Some(src.clone())),
        };
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
        page: source::Page,
    },
}

/// One page's outcome.
struct PageDone {
    text: String,
    info: PageInfo,
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
}

impl Assembly {
    fn finish(self, stages: &Stages) -> Outcome {
        if let Some(e) = self.error {
            return Outcome::Failed(e);
        }
        let mut text = String::new();
        let mut infos = Vec::with_capacity(self.pages.len());
        for p in self.pages.into_iter().flatten() {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(p.text.trim_end());
            infos.push(p.info);
        }
        let ocrd = infos.iter().any(|i| i.method == "ocr");
        let scan = Scan {
            engine: ocrd.then(ocr::engine_version),
            lang: ocrd.then(|| stages.ocr.lang.clone()),
            page_count: infos.len(),
            pages: infos,
        };
        if text.trim().is_empty() {
            return Outcome::Failed(FileError {
                path: self.path,
                stage: "ocr",
                reason: format!(
                    "no text was found on its {} page{}",
                    scan.page_count,
                    if scan.page_count == 1 { "" } else { "s" }
                ),
            });
        }
        Outcome::Ingested(Box::new(finish_text(&text, self.src, Some(scan), stages)))
    }
}

/// Runs the stages (source → OCR → restore → extract) over `files` on `pool`: every page of
/// every scan is a task of its own, so a long PDF keeps all workers busy. `seen` says
/// whether a content hash is already ingested; each file's outcome goes to `sink`, on the
/// calling thread, as it completes. Pages are decoded (and PDFs rendered) one at a time by one
/// reader thread, a few ahead of the workers, so memory stays flat however long the batch.
pub fn process_files(
    files: &[PathBuf],
    stages: &Stages,
    pool: &rayon::ThreadPool,
    seen: &(dyn Fn(&str) -> bool + Sync),
    pb: &ProgressBar,
    sink: &mut dyn FnMut(Outcome) -> Result<()>,
) -> Result<()> {
    let ahead = pool.current_num_threads().max(1);
    let (work_tx, work_rx) = mpsc::sync_channel::<Work>(ahead);
    let (out_tx, out_rx) = mpsc::channel::<Outcome>();
    let scans: Mutex<HashMap<usize, Assembly>> = Mutex::new(HashMap::new());
    let stop = AtomicBool::new(false);
    let lock = || scans.lock().unwrap_or_else(|p| p.into_inner());
    std::thread::scope(|s| -> Result<()> {
        let (stop, lock) = (&stop, &lock);
        let reader_out = out_tx.clone();
        // The reader: file bytes, hashes, and pages, in order.
        s.spawn(move || {
            let out = reader_out;
            for (i, path) in files.iter().enumerate() {
                if stop.load(Ordering::Relaxed) || interrupted() {
                    break;
                }
                let fail = |stage, reason: String| {
                    Outcome::Failed(FileError {
                        path: path.clone(),
                        stage,
                        reason,
                    })
                };
                let bytes = match std::fs::read(path) {
                    Ok(b) => b,
                    Err(e) => {
                        pb.inc(1);
                        let _ = out.send(fail("read", e.to_string()));
                        continue;
                    }
                };
                let sha = sha256_hex(&bytes);
                if seen(&sha) {
                    pb.inc(1);
                    let _ = out.send(Outcome::Present(path.clone()));
                    continue;
                }
                let kind = source::sniff(&bytes);
                if !kind.is_scan() {
                    if work_tx
                        .send(Work::Text {
                            path: path.clone(),
                            bytes,
                            sha,
                        })
                        .is_err()
                    {
                        break;
                    }
                    continue;
                }
                pb.set_message(format!(
                    "file {}/{}: {}",
                    i + 1,
                    files.len(),
                    path.display()
                ));
                lock().insert(
                    i,
                    Assembly {
                        path: path.clone(),
                        src: source_of(path, sha, kind.name().to_string(), bytes.len()),
                        count: 0,
                        sent: 0,
                        done: 0,
                        closed: false,
                        error: None,
                        pages: Vec::new(),
                    },
                );
                let mut page_error = None;
                let result = source::for_each_page(
                    kind,
                    &bytes,
                    &stages.source,
                    &mut |n| {
                        pb.inc_length(n.saturating_sub(1) as u64);
                        let mut m = lock();
                        let a = m.get_mut(&i).expect("assembly");
                        a.count = n;
                        a.pages.resize_with(n, || None);
                    },
                    &mut |index, page| match page {
                        Ok(page) => {
                            lock().get_mut(&i).expect("assembly").sent += 1;
                            work_tx
                                .send(Work::Page {
                                    file: i,
                                    index,
                                    page,
                                })
                                .is_ok()
                                && !stop.load(Ordering::Relaxed)
                        }
                        Err(e) => {
                            page_error = Some(format!("page {}: {e}", index + 1));
                            false
                        }
                    },
                );
                let cut_short = {
                    let m = lock();
                    let a = &m[&i];
                    a.sent < a.count
                };
                let error = match (result, page_error) {
                    (Err(e), _) => Some(e.to_string()),
                    (Ok(()), Some(e)) => Some(e),
                    (Ok(()), None) if cut_short => Some(String::new()),
                    (Ok(()), None) => None,
                };
                let ready = {
                    let mut m = lock();
                    let a = m.get_mut(&i).expect("assembly");
                    a.closed = true;
                    if let Some(reason) = error {
                        pb.inc((a.count.max(1) - a.sent) as u64);
                        a.error = Some(if reason.is_empty() {
                            FileError {
                                path: path.clone(),
                                stage: STAGE_INTERRUPTED,
                                reason: "interrupted before all its pages were read".into(),
                            }
                        } else {
                            FileError {
                                path: path.clone(),
                                stage: "source",
                                reason,
                            }
                        });
                    } else if a.count == 0 {
                        pb.inc(1);
                    }
                    if a.done == a.sent {
                        m.remove(&i)
                    } else {
                        None
                    }
                };
                if let Some(a) = ready {
                    let _ = out.send(a.finish(stages));
                }
            }
        });
        // The workers: pages and text files, in parallel.
        let worker_out = out_tx;
        s.spawn(move || {
            pool.install(|| {
                work_rx
                    .into_iter()
                    .par_bridge()
                    .for_each_with(worker_out, |out, w| match w {
                        Work::Text { path, bytes, sha } => {
                            let o = match source::read_text(&path, &bytes) {
                                Ok(t) => {
                                    let src = source_of(&path, sha, t.kind_name(), bytes.len());
                                    Outcome::Ingested(Box::new(finish_text(
                                        &t.text, src, None, stages,
                                    )))
                                }
                                Err(e) => Outcome::Failed(FileError {
                                    path,
                                    stage: "source",
                                    reason: e.to_string(),
                                }),
                            };
                            pb.inc(1);
                            let _ = out.send(o);
                        }
                        Work::Page { file, index, page } => {
                            let done = read_page(page, index, stages);
                            pb.inc(1);
                            let ready = {
                                let mut m = lock();
                                let a = m.get_mut(&file).expect("assembly");
                                a.done += 1;
                                match done {
                                    Ok(d) => a.pages[index] = Some(d),
                                    Err(reason) => {
                                        if a.error.is_none() {
                                            a.error = Some(FileError {
                                                path: a.path.clone(),
                                                stage: "ocr",
                                                reason,
                                            });
                                        }
                                    }
                                }
                                if a.closed && a.done == a.sent {
                                    m.remove(&file)
                                } else {
                                    None
                                }
                            };
                            if let Some(a) = ready {
                                let _ = out.send(a.finish(stages));
                            }
                        }
                    })
            })
        });
        let mut result = Ok(());
        for o in out_rx {
            if let Err(e) = sink(o) {
                stop.store(true, Ordering::Relaxed);
                result = Err(e);
                break;
            }
        }
        result
    })?;
    pool.broadcast(|_| ocr::release_thread_engines());
    Ok(())
}

/// One page to text: its text layer, or OCR.
fn read_page(page: source::Page, index: usize, stages: &Stages) -> Result<PageDone, String> {
    match page {
        source::Page::Text(text) => Ok(PageDone {
            text,
            info: PageInfo {
                page: index + 1,
                method: "text-layer".into(),
                confidence: None,
                rotation: 0,
                dpi: None,
            },
        }),
        source::Page::Image(img) => {
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
            Ok(PageDone {
                text: r.text,
                info: PageInfo {
                    page: index + 1,
                    method: "ocr".into(),
                    confidence: Some(r.confidence.clamp(0.0, 100.0) as u8),
                    rotation: r.rotation,
                    dpi: Some(dpi.unwrap_or(300)),
                },
            })
        }
    }
}

/// The record of one file, as ingesting it would make it (no archive; nothing is skipped).
pub fn process_one(path: &Path, stages: &Stages, jobs: usize) -> Result<Outcome> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
    let mut outcome = None;
    process_files(
        &[path.to_path_buf()],
        stages,
        &pool,
        &|_| false,
        &ProgressBar::hidden(),
        &mut |o| {
            outcome = Some(o);
            Ok(())
        },
    )?;
    outcome.ok_or_else(|| anyhow::anyhow!("{}: nothing came of it", path.display()))
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
    std::fs::write(out, body)
}

/// The restorer of the bundled dictionaries, or why there is none.
pub fn load_restorer() -> Result<Restorer> {
    Restorer::load(&crate::restore::dictionaries_dir())
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
    // Loaded by the first file that needs it: a run with nothing new never pays for it.
    let restorer_cell: std::sync::OnceLock<Result<Restorer, String>> = std::sync::OnceLock::new();
    let restorer = || -> Option<&Restorer> {
        if !opts.restore {
            return None;
        }
        restorer_cell
            .get_or_init(|| load_restorer().map_err(|e| format!("{e:#}")))
            .as_ref()
            .ok()
    };
    let archive = Archive::open_or_create(&opts.archive)?;
    let mut writer = archive.writer()?;
    let (files, walk_errors) = collect_files(paths, Some(&opts.archive));
    let mut report = Report {
        files: files.len(),
        ..Report::default()
    };
    for e in walk_errors {
        on_error(&e);
        report.failed.push(e);
    }

    // A unit per text file and per page of a scan; a scan's pages are counted as it is opened,
    // so the length grows as the run goes (the message says which file of how many).
    let pb = ProgressBar::with_draw_target(
        Some(files.len() as u64),
        if opts.progress {
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

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()?;
    let run_hashes: Mutex<HashSet<String>> = Mutex::new(HashSet::new());
    let seen = |sha: &str| -> bool {
        if archive.has_sha256(sha).unwrap_or(false) {
            return true;
        }
        !run_hashes.lock().expect("hash set").insert(sha.to_string())
    };
    let stages = Stages {
        source: opts.source.clone(),
        ocr: opts.ocr.clone(),
        restorer: &restorer,
    };
    let mut pending = 0usize;
    let mut last_commit = Instant::now();
    process_files(&files, &stages, &pool, &seen, &pb, &mut |outcome| {
        match outcome {
            Outcome::Ingested(r) => {
                if r.restoration.is_some() {
                    report.restored += 1;
                }
                if let Some(pages) = r.scan.as_ref().map(|s| s.page_count) {
                    report.pages += pages;
                }
                if let (Some(dir), Some(src)) = (&opts.sidecar, &r.source) {
                    if let Err(e) = write_sidecar(dir, Path::new(&src.path), &r.text) {
                        pb.suspend(|| {
                            on_warning(&format!("{}: sidecar not written: {e}", src.path))
                        });
                    }
                }
                writer.add(&r)?;
                report.ingested += 1;
                pending += 1;
            }
            Outcome::Present(_) => report.present += 1,
            Outcome::Failed(e) if e.stage == STAGE_INTERRUPTED => {}
            Outcome::Failed(e) => {
                pb.suspend(|| on_error(&e));
                report.failed.push(e);
            }
        }
        if pending > 0 && (pending >= opts.batch || last_commit.elapsed() >= opts.commit_every) {
            writer.commit()?;
            pending = 0;
            last_commit = Instant::now();
        }
        Ok(())
    })?;
    writer.commit()?;
    pb.finish_and_clear();
    let walk_failures = report.failed.iter().filter(|e| e.stage == "walk").count();
    let done = report.ingested + report.present + report.failed.len() - walk_failures;
    if interrupted() {
        report.not_done = report.files.saturating_sub(done);
    }
    if let Some(Err(e)) = restorer_cell.get() {
        on_warning(&format!(
            "tone-mark restoration was off: {e} (set VANTHU_DICTIONARIES to the dictionaries folder)"
        ));
    }
    report.elapsed = started.elapsed();
    Ok(report)
}
