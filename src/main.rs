//! The `vanthu` command: clap definitions and printing. No logic lives here.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use vanthu::archive::graph::{self, Direction};
use vanthu::archive::{Archive, CheckKind, Filters, Shown};
use vanthu::extract::date::Date;
use vanthu::pipeline;
use vanthu::record::{DocKey, Record, Status};

#[derive(Parser)]
#[command(
    name = "vanthu",
    version,
    about = "Digitise Vietnamese administrative documents into a searchable citation graph"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Args, Clone)]
struct ArchiveArg {
    /// The archive directory.
    #[arg(long, env = "VANTHU_ARCHIVE", default_value = "vanthu-archive")]
    archive: PathBuf,
}

/// How scans are read.
#[derive(Args, Clone)]
struct ScanArgs {
    /// Tesseract language(s) of the OCR.
    #[arg(long, default_value = "vie")]
    lang: String,
    /// libpdfium.so, or the folder holding it (default: found beside vanthu, in the project's
    /// .pdfium/ folder, or on the library path).
    #[arg(long, env = "VANTHU_PDFIUM")]
    pdfium: Option<PathBuf>,
    /// Resolution PDF pages without a text layer are rendered at for OCR.
    #[arg(long, default_value_t = 300)]
    dpi: u32,
    /// Images larger than this many pixels are refused.
    #[arg(long, default_value_t = 100_000_000)]
    max_pixels: u64,
    /// How colour pages turn grey: `red` fades red seals and signatures; `luma` keeps them.
    #[arg(long, value_enum, default_value = "red")]
    grey: vanthu::ocr::Grey,
    /// Do not detect and correct pages turned by 90, 180 or 270 degrees.
    #[arg(long)]
    no_rotate: bool,
}

impl ScanArgs {
    fn source(&self) -> vanthu::source::Options {
        vanthu::source::Options {
            pdfium: self.pdfium.clone(),
            dpi: self.dpi,
            max_pixels: self.max_pixels,
        }
    }
    fn ocr(&self) -> vanthu::ocr::Config {
        vanthu::ocr::Config {
            lang: self.lang.clone(),
            grey: self.grey,
            orient: !self.no_rotate,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Tree,
    Json,
    Dot,
}

#[derive(Subcommand)]
enum Cmd {
    /// Ingest files or folders (recursively) into the archive.
    Ingest {
        #[command(flatten)]
        a: ArchiveArg,
        /// Worker threads (default: one per core).
        #[arg(long, short = 'j', default_value_t = 0)]
        jobs: usize,
        /// No progress bar, even on a terminal.
        #[arg(long)]
        no_progress: bool,
        /// Do not restore tone marks.
        #[arg(long)]
        no_restore: bool,
        /// Write each ingested document's text to DIR/NAME.txt.
        #[arg(long, value_name = "DIR")]
        sidecar: Option<PathBuf>,
        /// Commit after this many new documents: a crash loses at most one batch's work.
        #[arg(long, value_name = "N", default_value_t = 500)]
        batch: usize,
        /// ... and at least this often (seconds) while documents are coming in.
        #[arg(long, value_name = "SECS", default_value_t = 10)]
        commit_secs: u64,
        #[command(flatten)]
        scan: ScanArgs,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Print the text of a scan (PDF, TIFF, PNG, JPEG) or text file, tone marks restored
    /// where they were missing.
    Ocr {
        /// Do not restore tone marks.
        #[arg(long)]
        no_restore: bool,
        /// Worker threads for the pages (default: one per core).
        #[arg(long, short = 'j', default_value_t = 0)]
        jobs: usize,
        /// The text, each page's confidence and what restoration changed, as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        scan: ScanArgs,
        file: PathBuf,
    },
    /// Show one record by its number, however it is typed (57-NQ/TW, 57 nq tw, 160/kh-ubnd).
    Show {
        #[command(flatten)]
        a: ArchiveArg,
        #[arg(long)]
        json: bool,
        /// Include the full text.
        #[arg(long)]
        text: bool,
        number: String,
    },
    /// Search full text (with or without diacritics) and numbers.
    Search {
        #[command(flatten)]
        a: ArchiveArg,
        #[arg(long)]
        json: bool,
        /// Document type: a code (KH, NQ, QĐ…) or a name (Kế hoạch).
        #[arg(long = "type")]
        doc_type: Option<String>,
        /// Words of the issuer or its province.
        #[arg(long)]
        issuer: Option<String>,
        /// Earliest date (YYYY-MM-DD, YYYY-MM, YYYY or DD/MM/YYYY).
        #[arg(long)]
        from: Option<String>,
        /// Latest date.
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(required = true)]
        query: Vec<String>,
    },
    /// Trace the citation graph from a document: down to what implements or cites it, or up.
    Trace {
        #[command(flatten)]
        a: ArchiveArg,
        /// What implements or cites it (the default).
        #[arg(long, conflicts_with = "up")]
        down: bool,
        /// What it implements or cites.
        #[arg(long)]
        up: bool,
        #[arg(long, default_value_t = 32)]
        depth: usize,
        #[arg(long, value_enum, default_value = "tree")]
        format: Format,
        number: String,
    },
    /// Verify the archive: it opens, every record's key agrees with its number or content hash,
    /// no file is in it twice, and every source is still where it was, unchanged.
    Check {
        #[command(flatten)]
        a: ArchiveArg,
    },
    /// Write every record as one JSON object a line (docs/record-schema.md) to standard output.
    Export {
        #[command(flatten)]
        a: ArchiveArg,
    },
    /// Rebuild an archive from `vanthu export` lines (FILE, or - for standard input).
    Import {
        #[command(flatten)]
        a: ArchiveArg,
        file: PathBuf,
    },
    /// Train the syllable language model used by `restore`, and count the capitals beside it
    /// (vi-capitals.tsv in the output's folder).
    TrainLm {
        /// General text, one paragraph a line (UTF-8).
        #[arg(required = true)]
        corpus: Vec<PathBuf>,
        /// Administrative text, weighted above the general text.
        #[arg(long)]
        domain: Vec<PathBuf>,
        /// How many times a line of --domain text counts.
        #[arg(long, default_value_t = 20)]
        domain_weight: u64,
        /// Trigrams seen fewer (weighted) times are pruned.
        #[arg(long, default_value_t = 1)]
        min_trigram: u64,
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
    /// Adapt the language model to an archive's own typed documents (UTF-8 text with its
    /// marks), without the general corpus: the contexts they have lean their way.
    AdaptLm {
        /// Text of the archive's genre.
        text: Vec<PathBuf>,
        /// Also the typed records of this archive (those restoration did not change).
        #[arg(long)]
        archive: Option<PathBuf>,
        /// The model to adapt (the bundled one by default).
        #[arg(long)]
        base: Option<PathBuf>,
        /// How many words of the text the base model is worth in each context: lower leans
        /// further toward the text (100: the middle of the plateau that cross-validation over
        /// the typed fixtures found, tools/adapt_cv.sh).
        #[arg(long, default_value_t = 100.0)]
        strength: f64,
        /// Where to write the adapted model: `vi-syllables.lm` in a copy of the dictionaries
        /// folder, which `VANTHU_DICTIONARIES` then names.
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
    /// Learn the OCR confusion channel from rendered pages and their OCR (tools/make_ocr_pairs.sh).
    TrainChannel {
        /// Folder of NNN.gt.txt / NNN.ocr.txt pairs.
        pairs: PathBuf,
        /// The language model whose lexicon the channel maps into.
        #[arg(long)]
        lm: Option<PathBuf>,
        /// Pairs seen fewer times are left out.
        #[arg(long, default_value_t = 2)]
        min: u32,
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
    /// Restore tone marks in text (FILE, or standard input); prints it with the same lines.
    Restore {
        file: Option<PathBuf>,
        /// JSON with the text and each change, with its confidence.
        #[arg(long)]
        json: bool,
    },
    /// The record that ingesting FILE would make, without an archive.
    Extract {
        #[arg(long)]
        json: bool,
        /// Include the full text.
        #[arg(long)]
        text: bool,
        /// Do not restore tone marks: read the text as it is.
        #[arg(long)]
        no_restore: bool,
        #[command(flatten)]
        scan: ScanArgs,
        file: PathBuf,
    },
}

/// Tesseract's OpenMP would start threads of its own inside each worker's OCR; vanthu's
/// parallelism is across pages, so OpenMP gets one thread. libgomp reads its limit when it is
/// loaded, before `main`, so the limit is set by starting again with it in the environment.
fn limit_openmp() {
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

fn main() -> ExitCode {
    limit_openmp();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vanthu: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.cmd {
        Cmd::Ingest {
            a,
            jobs,
            no_progress,
            no_restore,
            sidecar,
            batch,
            commit_secs,
            scan,
            paths,
        } => {
            let mut opts = pipeline::Options::new(a.archive.clone());
            opts.jobs = jobs;
            opts.batch = batch.max(1);
            opts.commit_every = std::time::Duration::from_secs(commit_secs);
            opts.restore = !no_restore;
            opts.sidecar = sidecar;
            opts.source = scan.source();
            opts.ocr = scan.ocr();
            // Ctrl-C: finish what is in flight, commit, say how far it got. A second one
            // stops at once (what was committed stays).
            let _ = ctrlc::set_handler(|| {
                if pipeline::INTERRUPTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
                    std::process::exit(130);
                }
                eprintln!("\nvanthu: interrupted: finishing the pages in hand and committing (Ctrl-C again to stop now)");
            });
            opts.progress = !no_progress && std::io::stderr().is_terminal();
            let report = pipeline::ingest(
                &paths,
                &opts,
                &mut |e| eprintln!("vanthu: failed: {} ({})", e, e.stage),
                &mut |w| eprintln!("vanthu: warning: {w}"),
            )?;
            println!("vanthu: {} → {}", report.summary(), a.archive.display());
            Ok(if report.not_done > 0 {
                ExitCode::from(130)
            } else if report.failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Cmd::Show {
            a,
            json,
            text,
            number,
        } => {
            let archive = Archive::open(&a.archive)?;
            let key = resolve_one(&archive, &number)?;
            let mut shown = archive.show(&key)?.with_context(|| {
                format!("nothing in {} is or cites {number}", a.archive.display())
            })?;
            if !text {
                shown.record.text.clear();
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&shown)?);
            } else {
                print!("{}", human_record(&shown.record, Some(&shown)));
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Search {
            a,
            json,
            doc_type,
            issuer,
            from,
            to,
            limit,
            query,
        } => {
            let archive = Archive::open(&a.archive)?;
            let parse_date = |s: Option<String>, what: &str| -> Result<Option<Date>> {
                s.map(|s| {
                    Date::parse_user(&s).with_context(|| {
                        format!("--{what} {s:?} is not a date (YYYY-MM-DD, YYYY-MM, YYYY)")
                    })
                })
                .transpose()
            };
            let filters = Filters {
                doc_type,
                issuer,
                from: parse_date(from, "from")?,
                to: parse_date(to, "to")?,
            };
            let hits = archive.search(&query.join(" "), &filters, limit)?;
            if json {
                let mut out: Vec<Shown> = Vec::with_capacity(hits.len());
                for mut r in hits {
                    r.text.clear();
                    let cited_by = archive.cited_by(&r.key)?;
                    out.push(Shown {
                        record: r,
                        cited_by,
                    });
                }
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else if hits.is_empty() {
                println!("no match");
            } else {
                let mut out = std::io::stdout().lock();
                for (i, r) in hits.iter().enumerate() {
                    writeln!(out, "{:>3}. {}", i + 1, one_line(r))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Trace {
            a,
            down: _,
            up,
            depth,
            format,
            number,
        } => {
            let archive = Archive::open(&a.archive)?;
            let key = resolve_one(&archive, &number)?;
            let dir = if up { Direction::Up } else { Direction::Down };
            let root = graph::trace(&archive, &key, dir, depth)?.with_context(|| {
                format!("nothing in {} is or cites {number}", a.archive.display())
            })?;
            match format {
                Format::Tree => print!("{}", graph::render_tree(&root, dir)),
                Format::Json => println!("{}", serde_json::to_string_pretty(&root)?),
                Format::Dot => print!("{}", graph::render_dot(&root, dir)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::TrainLm {
            corpus,
            domain,
            domain_weight,
            min_trigram,
            output,
        } => {
            let inputs: Vec<(PathBuf, u64)> = corpus
                .into_iter()
                .map(|p| (p, 1))
                .chain(domain.into_iter().map(|p| (p, domain_weight)))
                .collect();
            let opts = vanthu::restore::model::Training {
                min_trigram,
                ..Default::default()
            };
            let t = std::time::Instant::now();
            let (m, capitals) = vanthu::restore::model::train(&inputs, &opts)?;
            m.save(&output)?;
            let capitals_file = output.with_file_name(vanthu::restore::capitals::CAPITALS_FILE);
            vanthu::restore::capitals::save(&capitals_file, &m.vocab, &capitals)?;
            let (v, b, tr) = m.len();
            println!(
                "vanthu: {v} syllables, {b} bigrams, {tr} trigrams → {} ({} bytes), capitals → {} \
                 in {:.1} s",
                output.display(),
                std::fs::metadata(&output)?.len(),
                capitals_file.display(),
                t.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::AdaptLm {
            text,
            archive,
            base,
            strength,
            output,
        } => {
            if !(strength.is_finite() && strength > 0.0) {
                anyhow::bail!("--strength must be a positive number, not {strength}");
            }
            if text.is_empty() && archive.is_none() {
                anyhow::bail!("adapt-lm needs text: files, or --archive DIR");
            }
            // An archive's records whose text restoration left as it was: typed, or read from a
            // text layer, or OCR'd with the Vietnamese model.
            let records: Vec<String> = match &archive {
                Some(dir) => Archive::open(dir)?
                    .all_records()?
                    .into_iter()
                    .filter(|r| r.restoration.is_none() && !r.text.is_empty())
                    .map(|r| r.text)
                    .collect(),
                None => Vec::new(),
            };
            let t = std::time::Instant::now();
            // The bundled restorer tells text with its marks from text without.
            let dir = vanthu::restore::dictionaries_dir();
            let restorer = vanthu::restore::Restorer::load(&dir)?;
            let other;
            let (model, base) = match base {
                Some(p) => {
                    other = vanthu::restore::model::Model::load(&p)?;
                    (&other, p)
                }
                None => (&restorer.model, dir.join(vanthu::restore::MODEL_FILE)),
            };
            let adapted = model.adapt(&text, &records, strength, |line| {
                !restorer.needs_restoring(line)
            })?;
            adapted.model.save(&output)?;
            if archive.is_some() {
                println!("vanthu: {} typed records of the archive", records.len());
            }
            println!(
                "vanthu: {} trigrams of text, {} contexts adapted; {} → {} in {:.1} s",
                adapted.trigrams,
                adapted.contexts,
                base.display(),
                output.display(),
                t.elapsed().as_secs_f64()
            );
            if adapted.left_out > 0 {
                let n = adapted.left_out;
                eprintln!(
                    "vanthu: {n} {} without tone marks left out (adapt-lm learns from \
                     typed text with its marks)",
                    if n == 1 { "line" } else { "lines" }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::TrainChannel {
            pairs,
            lm,
            min,
            output,
        } => {
            let lm = lm.unwrap_or_else(|| {
                vanthu::restore::dictionaries_dir().join(vanthu::restore::MODEL_FILE)
            });
            let model = vanthu::restore::model::Model::load(&lm)?;
            let table = vanthu::restore::channel::learn(&pairs, &model, min)?;
            std::fs::write(&output, &table)
                .with_context(|| format!("{}: cannot write", output.display()))?;
            println!(
                "vanthu: {} rows → {}",
                table.lines().filter(|l| !l.starts_with('#')).count(),
                output.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Restore { file, json } => {
            let input = match &file {
                Some(f) => {
                    let bytes = std::fs::read(f).with_context(|| format!("{}", f.display()))?;
                    vanthu::source::read_text(f, &bytes)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?
                        .text
                }
                None => {
                    let mut s = String::new();
                    std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
                        .context("standard input is not UTF-8 text")?;
                    vanthu::text::nfc(&s)
                }
            };
            let r = vanthu::restore::Restorer::load(&vanthu::restore::dictionaries_dir())?;
            let out = if json {
                r.restore_detailed(&input)
            } else {
                r.restore(&input)
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                print!("{}", out.text);
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Check { a } => {
            let archive = Archive::open(&a.archive)?;
            let report = archive.check()?;
            for f in &report.findings {
                println!("{f}");
            }
            println!(
                "vanthu: checked {} records in {}: {} problems, {} sources moved, {} changed",
                report.records,
                a.archive.display(),
                report.count(CheckKind::Problem),
                report.count(CheckKind::Moved),
                report.count(CheckKind::Changed)
            );
            Ok(if report.count(CheckKind::Problem) > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Cmd::Export { a } => {
            let archive = Archive::open(&a.archive)?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for record in archive.all_records()? {
                let line = vanthu::record::ExportLine {
                    vanthu_record: vanthu::record::EXPORT_VERSION,
                    record,
                };
                serde_json::to_writer(&mut out, &line)?;
                out.write_all(b"\n")?;
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Import { a, file } => {
            let input: Box<dyn std::io::BufRead> = if file.as_os_str() == "-" {
                Box::new(std::io::stdin().lock())
            } else {
                Box::new(std::io::BufReader::new(
                    std::fs::File::open(&file).with_context(|| file.display().to_string())?,
                ))
            };
            let archive = Archive::open_or_create(&a.archive)?;
            let (added, present) = archive
                .import(input)
                .with_context(|| file.display().to_string())?;
            println!(
                "vanthu: {added} imported, {present} already present → {}",
                a.archive.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Ocr {
            no_restore,
            jobs,
            json,
            scan,
            file,
        } => {
            let r = extract_file(&file, &scan, !no_restore, jobs)?;
            if json {
                let v = serde_json::json!({
                    "path": r.source.as_ref().map(|s| s.path.clone()),
                    "text": r.text,
                    "scan": r.scan,
                    "restoration": r.restoration,
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                let mut out = r.text.clone();
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                print!("{out}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Extract {
            json,
            text,
            no_restore,
            scan,
            file,
        } => {
            let mut r = extract_file(&file, &scan, !no_restore, 0)?;
            if !text {
                r.text.clear();
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                print!("{}", human_record(&r, None));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn extract_file(file: &Path, scan: &ScanArgs, restore: bool, jobs: usize) -> Result<Record> {
    let restorer = std::sync::OnceLock::new();
    let restorer_fn = || {
        if !restore {
            return None;
        }
        restorer
            .get_or_init(|| {
                pipeline::load_restorer()
                    .map_err(|e| eprintln!("vanthu: warning: tone-mark restoration is off: {e:#}"))
                    .ok()
            })
            .as_ref()
    };
    let stages = pipeline::Stages {
        source: scan.source(),
        ocr: scan.ocr(),
        restorer: &restorer_fn,
    };
    match pipeline::process_one(file, &stages, jobs)? {
        pipeline::Outcome::Ingested(r) => Ok(*r),
        pipeline::Outcome::Failed(e) => bail!("{e}"),
        pipeline::Outcome::Present(_) => unreachable!("nothing is present without an archive"),
    }
}

/// The one key a typed number means, or an error that lists the candidates.
fn resolve_one(archive: &Archive, typed: &str) -> Result<DocKey> {
    let keys = archive.resolve(typed)?;
    match keys.len() {
        0 => {
            if vanthu::extract::parse_number(typed.split('@').next().unwrap_or(typed)).is_none()
                && !typed.starts_with("sha256:")
            {
                bail!("{typed:?} is not a document number (like 160/KH-UBND, 57-NQ/TW or 30/2020/NĐ-CP)");
            }
            bail!("nothing in {} is or cites {typed}", archive.dir().display())
        }
        1 => Ok(keys.into_iter().next().expect("one key")),
        _ => {
            let mut msg = format!("{typed} names {} documents; give one key:", keys.len());
            for k in &keys {
                let what = archive
                    .record_or_stub(k)?
                    .map(|r| one_line(&r))
                    .unwrap_or_default();
                msg.push_str(&format!("\n  {k}    {what}"));
            }
            bail!(msg)
        }
    }
}

fn one_line(r: &Record) -> String {
    graph::describe(
        r.number.as_deref(),
        &r.key,
        [
            r.doc_type.as_deref(),
            r.date.as_deref(),
            r.issuer.as_deref(),
        ],
        r.status,
        r.subject.as_deref(),
        90,
    )
}

fn human_record(r: &Record, shown: Option<&Shown>) -> String {
    let mut out = String::new();
    let mut field = |name: &str, v: Option<&str>| {
        if let Some(v) = v {
            out.push_str(&format!("{name:<10} {v}\n"));
        }
    };
    field("number", r.number.as_deref().or(Some("(none)")));
    field("key", Some(r.key.as_str()));
    field(
        "status",
        Some(match r.status {
            Status::Ingested => "ingested",
            Status::Stub => "stub (known only from what cites it)",
        }),
    );
    field("symbol", r.symbol.as_deref());
    if let Some(i) = &r.identified_as {
        field(
            "identified",
            Some(&format!(
                "its own number is missing; it is {} ({}), confidence {:.2}",
                i.number, i.key, i.confidence
            )),
        );
        for e in &i.evidence {
            field("", Some(&format!("  · {e}")));
        }
    }
    field("type", r.doc_type.as_deref());
    field("date", r.date.as_deref());
    field("place", r.place.as_deref());
    field("issuer", r.issuer.as_deref());
    field("locality", r.locality.as_deref());
    field("subject", r.subject.as_deref());
    field("signer", r.signer.as_deref());
    field("signed as", r.signer_title.as_deref());
    if let Some(src) = &r.source {
        field("source", Some(&src.path));
        field("sha256", Some(&src.sha256));
    }
    if let Some(scan) = &r.scan {
        let pages: Vec<String> = scan
            .pages
            .iter()
            .map(|p| {
                let mut s = match p.confidence {
                    Some(c) => format!("{}: ocr {c}%", p.page),
                    None => format!("{}: {}", p.page, p.method),
                };
                if p.rotation != 0 {
                    s.push_str(&format!(" turned {}°", p.rotation));
                }
                s
            })
            .collect();
        let engine = match (&scan.engine, &scan.lang) {
            (Some(e), Some(l)) => format!(" ({e}, {l})"),
            _ => String::new(),
        };
        field(
            "pages",
            Some(&format!(
                "{}{engine}: {}",
                scan.page_count,
                pages.join(", ")
            )),
        );
    }
    if let Some(rs) = &r.restoration {
        field(
            "restored",
            Some(&format!(
                "{} words on {} lines had their tone marks restored",
                rs.words_changed, rs.lines_restored
            )),
        );
    }
    if !r.recipients.is_empty() {
        out.push_str("recipients\n");
        for x in &r.recipients {
            out.push_str(&format!("  - {x}\n"));
        }
    }
    if !r.cites.is_empty() {
        out.push_str(&format!("cites ({})\n", r.cites.len()));
        for c in &r.cites {
            out.push_str(&format!(
                "  {:<11} {}  {}\n",
                c.relation.as_str(),
                c.number,
                graph::facts([
                    c.doc_type.as_deref(),
                    c.date.as_deref(),
                    c.issuer.as_deref()
                ])
            ));
        }
    }
    if let Some(s) = shown {
        out.push_str(&format!("cited by ({})\n", s.cited_by.len()));
        for e in &s.cited_by {
            let by = e
                .reported_by
                .as_ref()
                .map(|k| format!("  (as {k} says)"))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {:<11} {}{by}\n",
                e.relation.as_str(),
                graph::label(e.number.as_deref(), &e.key)
            ));
        }
    }
    out
}
