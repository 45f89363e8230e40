//! The command line's words: every command and option of `vanthu`, as clap reads them.
//! `main.rs` gives each command its function.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "vanthu",
    version,
    about = "Digitise Vietnamese administrative documents into a searchable citation graph"
)]
pub struct Cli {
    #[command(subcommand)]
    pub cmd: Cmd,
}

#[derive(Args, Clone)]
pub struct ArchiveArg {
    /// The archive directory.
    #[arg(long, env = "VANTHU_ARCHIVE", default_value = "vanthu-archive")]
    pub archive: PathBuf,
}

/// How scans are read.
#[derive(Args, Clone)]
pub struct ScanArgs {
    /// Tesseract language(s) of the OCR.
    #[arg(long, default_value = "vie")]
    pub lang: String,
    /// libpdfium.so, or the folder holding it (default: found beside vanthu, in the project's
    /// .pdfium/ folder, or on the library path).
    #[arg(long, env = "VANTHU_PDFIUM")]
    pub pdfium: Option<PathBuf>,
    /// Resolution PDF pages without a text layer are rendered at for OCR.
    #[arg(long, default_value_t = 300)]
    pub dpi: u32,
    /// Images larger than this many pixels are refused, and PDF pages rendered no larger (at a
    /// lower resolution). Memory grows about 16 bytes a pixel with two workers: the default,
    /// 50 Mpx (an A2 page at 300 dpi), keeps a run under 1 GiB.
    #[arg(long, default_value_t = 50_000_000)]
    pub max_pixels: u64,
    /// A text file longer than this many bytes is refused before it is read (memory grows
    /// about 25 bytes a byte of text): split it, or raise the limit.
    #[arg(long, default_value_t = vanthu::source::MAX_TEXT_BYTES)]
    pub max_text_bytes: u64,
    /// How colour pages turn grey: `red` fades red seals and signatures; `luma` keeps them;
    /// `auto` takes `red` for a page with red ink and `luma` for the others.
    #[arg(long, value_enum, default_value = "auto")]
    pub grey: vanthu::ocr::Grey,
    /// When a PDF page with a text layer is OCR'd: `auto` when the layer lacks its tone marks
    /// or reads as garbled OCR, `always`, or `never`.
    #[arg(long, value_enum, default_value = "auto")]
    pub ocr: vanthu::source::OcrMode,
    /// Do not detect and correct pages turned by 90, 180 or 270 degrees.
    #[arg(long)]
    pub no_rotate: bool,
}

impl ScanArgs {
    pub fn source(&self) -> vanthu::source::Options {
        vanthu::source::Options {
            pdfium: self.pdfium.clone(),
            dpi: self.dpi,
            max_pixels: self.max_pixels,
            ocr: self.ocr,
            max_text_bytes: self.max_text_bytes,
        }
    }
    pub fn ocr(&self) -> vanthu::ocr::Config {
        vanthu::ocr::Config {
            lang: self.lang.clone(),
            grey: self.grey,
            orient: !self.no_rotate,
        }
    }
}

impl IngestArgs {
    pub fn options(&self) -> vanthu::pipeline::Options {
        use std::io::IsTerminal;
        let mut opts = vanthu::pipeline::Options::new(self.a.archive.clone());
        opts.jobs = self.jobs;
        opts.batch = self.batch.max(1);
        opts.commit_every = std::time::Duration::from_secs(self.commit_secs);
        opts.restore = !self.no_restore;
        opts.sidecar = self.sidecar.clone();
        opts.pdf_out = self.pdf_out.clone();
        opts.source = self.scan.source();
        opts.ocr = self.scan.ocr();
        opts.progress = !self.no_progress && std::io::stderr().is_terminal();
        opts
    }
}

impl TrainLmArgs {
    /// Every corpus file with its weight: the domain's count `--domain-weight` times.
    pub fn inputs(&self) -> Vec<(PathBuf, u64)> {
        let corpus = self.corpus.iter().map(|p| (p.clone(), 1));
        let domain = self.domain.iter().map(|p| (p.clone(), self.domain_weight));
        corpus.chain(domain).collect()
    }
}

impl SearchArgs {
    /// The filters the options ask for; a date that is not one is an error naming the option.
    pub fn filters(&self) -> anyhow::Result<vanthu::archive::Filters> {
        use anyhow::Context;
        use vanthu::record::Date;
        let date = |s: &Option<String>, what: &str| -> anyhow::Result<Option<Date>> {
            s.as_ref()
                .map(|s| {
                    Date::parse_user(s).with_context(|| {
                        format!("--{what} {s:?} is not a date (YYYY-MM-DD, YYYY-MM, YYYY)")
                    })
                })
                .transpose()
        };
        Ok(vanthu::archive::Filters {
            doc_type: self.doc_type.clone(),
            issuer: self.issuer.clone(),
            province: self.province.clone(),
            from: date(&self.from, "from")?,
            to: date(&self.to, "to")?,
        })
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Tree,
    Json,
    Dot,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Ingest files or folders (recursively) into the archive.
    Ingest(IngestArgs),
    /// Print the text of a scan (PDF, TIFF, PNG, JPEG) or text file, tone marks restored
    /// where they were missing.
    Ocr(OcrArgs),
    /// Show one record by its number, however it is typed (57-NQ/TW, 57 nq tw, 160/kh-ubnd).
    Show(ShowArgs),
    /// Search full text (with or without diacritics) and numbers.
    Search(SearchArgs),
    /// Trace the citation graph from a document: down to what implements or cites it, or up.
    Trace(TraceArgs),
    /// Verify the archive: it opens, every record's key agrees with its number or content hash,
    /// no file is in it twice, and every source is still where it was, unchanged.
    Check(CheckArgs),
    /// Write every record as one JSON object a line (docs/record-schema.md) to standard output.
    Export(ExportArgs),
    /// Rebuild an archive from `vanthu export` lines (FILE, or - for standard input).
    Import(ImportArgs),
    /// Train the syllable language model used by `restore`, and count the capitals and the
    /// given names beside it (vi-capitals.tsv, vi-names.tsv in the output's folder).
    TrainLm(TrainLmArgs),
    /// Adapt the language model to an archive's own typed documents (UTF-8 text with its
    /// marks), without the general corpus: the contexts they have lean their way.
    AdaptLm(AdaptLmArgs),
    /// Learn the OCR confusion channel from rendered pages and their OCR (tools/make_ocr_pairs.sh).
    TrainChannel(TrainChannelArgs),
    /// Restore tone marks in text (FILE, or standard input); prints it with the same lines.
    Restore(RestoreArgs),
    /// The record that ingesting FILE would make, without an archive.
    Extract(ExtractArgs),
    /// Serve the archive to a browser: search, records, traces, review (read-only), and the
    /// same JSON as `--json` under /api/ (docs/web.md).
    Serve(ServeArgs),
}

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub a: ArchiveArg,
    /// Address to listen on: loopback unless told otherwise (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Let the review page confirm or correct fields; corrections are kept in the records
    /// (who, when, what was read), used by show, search and trace, and exported.
    #[arg(long)]
    pub allow_edits: bool,
}

#[derive(Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub a: ArchiveArg,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub jobs: usize,
    /// No progress bar, even on a terminal.
    #[arg(long)]
    pub no_progress: bool,
    /// Do not restore tone marks.
    #[arg(long)]
    pub no_restore: bool,
    /// Write each ingested document's text to DIR/NAME.txt.
    #[arg(long, value_name = "DIR")]
    pub sidecar: Option<PathBuf>,
    /// Write each scan as a searchable PDF/A-2b to DIR/NAME.pdf, with DIR/NAME.pdf.sha256.
    #[arg(long, value_name = "DIR")]
    pub pdf_out: Option<PathBuf>,
    /// Commit after this many new documents: a crash loses at most one batch's work.
    #[arg(long, value_name = "N", default_value_t = 500)]
    pub batch: usize,
    /// ... and at least this often (seconds) while documents are coming in.
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub commit_secs: u64,
    #[command(flatten)]
    pub scan: ScanArgs,
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(Args)]
pub struct OcrArgs {
    /// Do not restore tone marks.
    #[arg(long)]
    pub no_restore: bool,
    /// Worker threads for the pages (default: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub jobs: usize,
    /// The text, each page's confidence and what restoration changed, as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write the scan as a searchable PDF/A-2b to OUT (and its SHA-256 to OUT.sha256).
    #[arg(long, value_name = "OUT")]
    pub pdf: Option<PathBuf>,
    #[command(flatten)]
    pub scan: ScanArgs,
    pub file: PathBuf,
}

#[derive(Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub a: ArchiveArg,
    #[arg(long)]
    pub json: bool,
    /// Include the full text.
    #[arg(long)]
    pub text: bool,
    pub number: String,
}

#[derive(Args)]
pub struct SearchArgs {
    #[command(flatten)]
    pub a: ArchiveArg,
    #[arg(long)]
    pub json: bool,
    /// Document type: a code (KH, NQ, QĐ…) or a name (Kế hoạch).
    #[arg(long = "type")]
    pub doc_type: Option<String>,
    /// Words of the issuer or its province.
    #[arg(long)]
    pub issuer: Option<String>,
    /// The issuer's province or city, as records give it (`Tây Lĩnh`): local bodies' records.
    #[arg(long)]
    pub province: Option<String>,
    /// Earliest date (YYYY-MM-DD, YYYY-MM, YYYY or DD/MM/YYYY).
    #[arg(long)]
    pub from: Option<String>,
    /// Latest date.
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(required = true)]
    pub query: Vec<String>,
}

#[derive(Args)]
pub struct TraceArgs {
    #[command(flatten)]
    pub a: ArchiveArg,
    /// What implements or cites it (the default).
    #[arg(long, conflicts_with = "up")]
    pub down: bool,
    /// What it implements or cites.
    #[arg(long)]
    pub up: bool,
    #[arg(long, default_value_t = 32)]
    pub depth: usize,
    /// The most documents to read: past them, each document says how many of its own are
    /// not shown (memory grows with the nodes a trace holds).
    #[arg(long, default_value_t = vanthu::archive::graph::MAX_NODES)]
    pub max_nodes: usize,
    #[arg(long, value_enum, default_value = "tree")]
    pub format: Format,
    pub number: String,
}

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub a: ArchiveArg,
    /// Also verify every index file against its checksum, before anything is read.
    #[arg(long)]
    pub deep: bool,
}

#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub a: ArchiveArg,
}

#[derive(Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub a: ArchiveArg,
    pub file: PathBuf,
}

#[derive(Args)]
pub struct TrainLmArgs {
    /// General text, one paragraph a line (UTF-8).
    #[arg(required = true)]
    pub corpus: Vec<PathBuf>,
    /// Administrative text, weighted above the general text.
    #[arg(long)]
    pub domain: Vec<PathBuf>,
    /// How many times a line of --domain text counts.
    #[arg(long, default_value_t = 20)]
    pub domain_weight: u64,
    /// Trigrams seen fewer (weighted) times are pruned.
    #[arg(long, default_value_t = 1)]
    pub min_trigram: u64,
    #[arg(short = 'o', long)]
    pub output: PathBuf,
}

#[derive(Args)]
pub struct AdaptLmArgs {
    /// Text of the archive's genre.
    pub text: Vec<PathBuf>,
    /// Also the typed records of this archive (those restoration did not change).
    #[arg(long)]
    pub archive: Option<PathBuf>,
    /// The model to adapt (the bundled one by default).
    #[arg(long)]
    pub base: Option<PathBuf>,
    /// How many words of the text the base model is worth in each context: lower leans
    /// further toward the text (100: the middle of the plateau that cross-validation over
    /// the typed fixtures found, tools/adapt_cv.sh).
    #[arg(long, default_value_t = 100.0)]
    pub strength: f64,
    /// Where to write the adapted model: `vi-syllables.lm` in a copy of the dictionaries
    /// folder, which `VANTHU_DICTIONARIES` then names.
    #[arg(short = 'o', long)]
    pub output: PathBuf,
}

#[derive(Args)]
pub struct TrainChannelArgs {
    /// Folder of NNN.gt.txt / NNN.ocr.txt pairs.
    pub pairs: PathBuf,
    /// The language model whose lexicon the channel maps into.
    #[arg(long)]
    pub lm: Option<PathBuf>,
    /// Pairs seen fewer times are left out.
    #[arg(long, default_value_t = 2)]
    pub min: u32,
    #[arg(short = 'o', long)]
    pub output: PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// The text to restore; standard input when none is given, or `-`.
    pub file: Option<PathBuf>,
    /// JSON with the text and each change, with its confidence.
    #[arg(long)]
    pub json: bool,
    /// The text is OCR of page images (as `ingest` restores a scan's): each line is judged
    /// on its own, and a tone the OCR may have dropped above a hat (`tô chức`) is weighed on
    /// lines otherwise kept as written.
    #[arg(long)]
    pub ocr: bool,
}

#[derive(Args)]
pub struct ExtractArgs {
    #[arg(long)]
    pub json: bool,
    /// Include the full text.
    #[arg(long)]
    pub text: bool,
    /// Do not restore tone marks: read the text as it is.
    #[arg(long)]
    pub no_restore: bool,
    #[command(flatten)]
    pub scan: ScanArgs,
    pub file: PathBuf,
}
