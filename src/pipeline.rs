//! Running the stages over many files: walking the inputs, the worker pool, the progress bar,
//! idempotency by content hash, batched commits, and the ingest report. Knows how no stage
//! works inside; a file that fails at any stage becomes an error row, and the batch goes on.

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::archive::Archive;
use crate::extract::{extract, sha256_hex};
use crate::record::{Record, Restoration, Source};
use crate::restore::Restorer;
use crate::source;

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
    pub failed: Vec<FileError>,
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
        format!(
            "{} ingested{restored}, {} already present, {} failed ({} files in {:.2} s)",
            self.ingested,
            self.present,
            self.failed.len(),
            self.files,
            self.elapsed.as_secs_f64()
        )
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

/// Reads a file, restores its tone marks where they are missing or garbled (when a restorer is
/// given), and extracts its record. `seen` says whether a content hash is already ingested (in
/// the archive or earlier in this run).
pub fn process_file<'r>(
    path: &Path,
    seen: &dyn Fn(&str) -> bool,
    restorer: &dyn Fn() -> Option<&'r Restorer>,
) -> Outcome {
    let fail = |stage, reason: String| {
        Outcome::Failed(FileError {
            path: path.to_path_buf(),
            stage,
            reason,
        })
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return fail("read", e.to_string()),
    };
    let sha = sha256_hex(&bytes);
    if seen(&sha) {
        return Outcome::Present(path.to_path_buf());
    }
    let text = match source::read_text(path, &bytes) {
        Ok(t) => t,
        Err(e) => return fail("source", e.to_string()),
    };
    let src = Source {
        path: path
            .canonicalize()
            .unwrap_or_else(|_| path.to_path_buf())
            .display()
            .to_string(),
        sha256: sha,
        kind: text.kind.name().to_string(),
        bytes: bytes.len() as u64,
    };
    let work = || {
        let restored = restorer().map(|r| r.restore(&text.text));
        match restored {
            Some(out) if !out.changes.is_empty() => {
                let mut rec = extract(&out.text, Some(src));
                rec.restoration = Some(Restoration {
                    lines_restored: out.lines_restored,
                    words_changed: out.changes.len(),
                    original: text.text.clone(),
                });
                rec
            }
            _ => extract(&text.text, Some(src)),
        }
    };
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(r) => Outcome::Ingested(Box::new(r)),
        Err(_) => fail(
            "extract",
            "internal error while extracting (a bug: please report it)".into(),
        ),
    }
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

    let pb = ProgressBar::with_draw_target(
        Some(files.len() as u64),
        if opts.progress {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    pb.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} files {elapsed} {wide_msg}")
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
    let (tx, rx) = mpsc::channel::<Outcome>();
    let mut pending = 0usize;
    let mut last_commit = Instant::now();
    std::thread::scope(|s| -> Result<()> {
        let files = &files;
        let seen = &seen;
        let restorer = &restorer;
        s.spawn(move || {
            pool.install(|| {
                files.par_iter().for_each_with(tx, |tx, f| {
                    let _ = tx.send(process_file(f, seen, restorer));
                })
            })
        });
        for outcome in rx {
            match outcome {
                Outcome::Ingested(r) => {
                    if r.restoration.is_some() {
                        report.restored += 1;
                    }
                    if let Some(src) = &r.source {
                        pb.set_message(src.path.clone());
                    }
                    writer.add(&r)?;
                    report.ingested += 1;
                    pending += 1;
                }
                Outcome::Present(_) => report.present += 1,
                Outcome::Failed(e) => {
                    pb.suspend(|| on_error(&e));
                    report.failed.push(e);
                }
            }
            pb.inc(1);
            if pending > 0 && (pending >= opts.batch || last_commit.elapsed() >= opts.commit_every)
            {
                writer.commit()?;
                pending = 0;
                last_commit = Instant::now();
            }
        }
        Ok(())
    })?;
    writer.commit()?;
    pb.finish_and_clear();
    if let Some(Err(e)) = restorer_cell.get() {
        on_warning(&format!(
            "tone-mark restoration was off: {e} (set VANTHU_DICTIONARIES to the dictionaries folder)"
        ));
    }
    report.elapsed = started.elapsed();
    Ok(report)
}
