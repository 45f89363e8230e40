//! The `vanthu` command: clap's words are in [`cli`]; each command is one short function here
//! that calls the library and prints through `vanthu::print`.

mod cli;

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Parser;

use cli::*;
use vanthu::archive::graph::{self, Direction};
use vanthu::archive::{Archive, CheckKind, Resolved};
use vanthu::pipeline::{self, Stages};
use vanthu::record::{DocKey, Record};
use vanthu::restore::{self, model::Model, Restorer};
use vanthu::{print, source};

fn main() -> ExitCode {
    vanthu::ocr::limit_openmp();
    let cli = Cli::parse();
    // A command that only reads and prints ends quietly when its reader stops reading
    // (`vanthu restore big.txt | head`), as `cat` does, instead of panicking on the broken
    // pipe. Those that write an archive keep the signal ignored: an error, not an end midway.
    if matches!(
        cli.cmd,
        Cmd::Ocr(_)
            | Cmd::Show(_)
            | Cmd::Search(_)
            | Cmd::Trace(_)
            | Cmd::Export(_)
            | Cmd::Restore(_)
            | Cmd::Extract(_)
    ) {
        end_on_closed_pipe();
    }
    let run = match cli.cmd {
        Cmd::Ingest(a) => ingest(a),
        Cmd::Ocr(a) => ocr(a),
        Cmd::Show(a) => show(a),
        Cmd::Search(a) => search(a),
        Cmd::Trace(a) => trace(a),
        Cmd::Check(a) => check(a),
        Cmd::Export(a) => export(a),
        Cmd::Import(a) => import(a),
        Cmd::TrainLm(a) => train_lm(a),
        Cmd::AdaptLm(a) => adapt_lm(a),
        Cmd::TrainChannel(a) => train_channel(a),
        Cmd::Restore(a) => restore_text(a),
        Cmd::Extract(a) => extract(a),
        Cmd::Serve(a) => serve(a),
    };
    match run {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vanthu: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Restores SIGPIPE's default action (the Rust runtime ignores it, so that a write to a closed
/// pipe fails, and `println!` panics on that failure).
fn end_on_closed_pipe() {
    // SAFETY: setting a signal's disposition to its default, before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn ingest(a: IngestArgs) -> Result<ExitCode> {
    pipeline::stop_on_ctrl_c();
    let report = pipeline::ingest(
        &a.paths,
        &a.options(),
        &mut |e| eprintln!("vanthu: failed: {} ({})", e, e.stage),
        &mut |w| eprintln!("vanthu: warning: {w}"),
    )?;
    println!("vanthu: {} → {}", report.summary(), a.a.archive.display());
    // 130 when interrupted, as a shell says of Ctrl-C; 1 when a file failed.
    let failed = u8::from(!report.failed.is_empty());
    Ok(ExitCode::from(if report.not_done > 0 {
        130
    } else {
        failed
    }))
}

/// The one key a typed number means in `archive`, or an error that lists the candidates.
fn one_key(archive: &Archive, typed: &str) -> Result<DocKey> {
    match archive.resolve_one(typed)? {
        Resolved::One(k) => Ok(k),
        Resolved::Many(candidates) => bail!(print::ambiguous(typed, &candidates)),
    }
}

fn nothing_in(archive: &Path, typed: &str) -> String {
    format!("nothing in {} is or cites {typed}", archive.display())
}

fn show(a: ShowArgs) -> Result<ExitCode> {
    let archive = Archive::open(&a.a.archive)?;
    let key = one_key(&archive, &a.number)?;
    let mut shown = archive
        .show(&key)?
        .with_context(|| nothing_in(&a.a.archive, &a.number))?;
    if !a.text {
        shown.record.text.clear();
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&shown)?);
    } else {
        print!("{}", print::record(&shown.record, Some(&shown)));
    }
    Ok(ExitCode::SUCCESS)
}

fn search(a: SearchArgs) -> Result<ExitCode> {
    let archive = Archive::open(&a.a.archive)?;
    let filters = a.filters()?;
    let hits = archive.search(&a.query.join(" "), &filters, a.limit)?;
    if a.json {
        let mut shown = archive.with_cited_by(hits)?;
        for s in &mut shown {
            s.record.text.clear();
        }
        println!("{}", serde_json::to_string_pretty(&shown)?);
    } else {
        print!("{}", print::hits(&hits));
    }
    Ok(ExitCode::SUCCESS)
}

fn trace(a: TraceArgs) -> Result<ExitCode> {
    let archive = Archive::open(&a.a.archive)?;
    let key = one_key(&archive, &a.number)?;
    let dir = if a.up { Direction::Up } else { Direction::Down };
    let root = graph::trace_at_most(&archive, &key, dir, a.depth, a.max_nodes.max(1))?
        .with_context(|| nothing_in(&a.a.archive, &a.number))?;
    match a.format {
        Format::Tree => print!("{}", print::tree(&root, dir)),
        Format::Json => println!("{}", serde_json::to_string_pretty(&root)?),
        Format::Dot => print!("{}", print::dot(&root, dir)),
    }
    Ok(ExitCode::SUCCESS)
}

fn serve(a: ServeArgs) -> Result<ExitCode> {
    let archive = Archive::open(&a.a.archive)?;
    let n = archive.len()?;
    let shown = a.a.archive.display().to_string();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let mode = if a.allow_edits {
        "corrections allowed"
    } else {
        "read-only"
    };
    rt.block_on(vanthu::serve::serve(archive, a.addr, a.allow_edits, |at| {
        eprintln!("vanthu: serving {shown} ({n} records, {mode}) at http://{at}/ — Ctrl-C stops");
    }))?;
    Ok(ExitCode::SUCCESS)
}

fn check(a: CheckArgs) -> Result<ExitCode> {
    let archive = Archive::open(&a.a.archive)?;
    if a.deep {
        let damaged = archive.damaged_files()?;
        if !damaged.is_empty() {
            for f in &damaged {
                println!("damaged: {} (its checksum does not match)", f.display());
            }
            let dir = a.a.archive.display();
            println!(
                "the archive's index is damaged: search, show and export may fail or answer \
                 wrongly. The way back: `vanthu export --archive {dir} > records.jsonl` (what is \
                 readable), `vanthu import --archive NEW records.jsonl`, then `vanthu ingest \
                 --archive NEW` over the same folders to read again what export could not give."
            );
            return Ok(ExitCode::from(1));
        }
        println!("every index file matches its checksum");
    }
    let report = archive.check()?;
    print!("{}", print::check(&report, &a.a.archive));
    // 1 when there are problems to look at.
    Ok(ExitCode::from(u8::from(
        report.count(CheckKind::Problem) > 0,
    )))
}

fn export(a: ExportArgs) -> Result<ExitCode> {
    let archive = Archive::open(&a.a.archive)?;
    archive.export(&mut std::io::BufWriter::new(std::io::stdout().lock()))?;
    Ok(ExitCode::SUCCESS)
}

fn import(a: ImportArgs) -> Result<ExitCode> {
    let input: Box<dyn std::io::BufRead> = if a.file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(&a.file).with_context(|| a.file.display().to_string())?,
        ))
    };
    let archive = Archive::open_or_create(&a.a.archive)?;
    let r = archive
        .import(input)
        .with_context(|| a.file.display().to_string())?;
    for c in &r.conflicts {
        eprintln!("vanthu: {}: {c}", a.file.display());
    }
    let same_key = if r.same_key > 0 {
        format!(
            ", {} under a number another document has (both kept)",
            r.same_key
        )
    } else {
        String::new()
    };
    println!(
        "vanthu: {} imported, {} already present, {} in conflict (skipped){same_key} → {}",
        r.added,
        r.present,
        r.conflicts.len(),
        a.a.archive.display()
    );
    Ok(if r.conflicts.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn train_lm(a: TrainLmArgs) -> Result<ExitCode> {
    let opts = restore::model::Training {
        min_trigram: a.min_trigram,
        ..Default::default()
    };
    let t = std::time::Instant::now();
    let (m, side) = restore::model::train(&a.inputs(), &opts)?;
    m.save(&a.output)?;
    let capitals_file = a.output.with_file_name(restore::capitals::CAPITALS_FILE);
    restore::capitals::save(&capitals_file, &m.vocab, &side.capitals)?;
    let names_file = a.output.with_file_name(restore::names::NAMES_FILE);
    restore::names::save(&names_file, &m.vocab, &side.names)?;
    let (v, b, tr) = m.len();
    println!(
        "vanthu: {v} syllables, {b} bigrams, {tr} trigrams → {} ({} bytes), capitals → {}, \
         names → {} in {:.1} s",
        a.output.display(),
        std::fs::metadata(&a.output)?.len(),
        capitals_file.display(),
        names_file.display(),
        t.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn adapt_lm(a: AdaptLmArgs) -> Result<ExitCode> {
    if !(a.strength.is_finite() && a.strength > 0.0) {
        bail!("--strength must be a positive number, not {}", a.strength);
    }
    if a.text.is_empty() && a.archive.is_none() {
        bail!("adapt-lm needs text: files, or --archive DIR");
    }
    let records = match &a.archive {
        Some(dir) => Archive::open(dir)?.typed_texts()?,
        None => Vec::new(),
    };
    let t = std::time::Instant::now();
    let (adapted, base) = restore::adapt(a.base, &a.text, &records, a.strength)?;
    adapted.model.save(&a.output)?;
    if a.archive.is_some() {
        println!("vanthu: {} typed records of the archive", records.len());
    }
    println!(
        "vanthu: {} trigrams of text, {} contexts adapted; {} → {} in {:.1} s",
        adapted.trigrams,
        adapted.contexts,
        base.display(),
        a.output.display(),
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

fn train_channel(a: TrainChannelArgs) -> Result<ExitCode> {
    let lm =
        a.lm.unwrap_or_else(|| restore::dictionaries_dir().join(restore::MODEL_FILE));
    let model = Model::load(&lm)?;
    let table = restore::channel::learn(&a.pairs, &model, a.min)?;
    std::fs::write(&a.output, &table)
        .with_context(|| format!("{}: cannot write", a.output.display()))?;
    println!(
        "vanthu: {} rows → {}",
        table.lines().filter(|l| !l.starts_with('#')).count(),
        a.output.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn restore_text(mut a: RestoreArgs) -> Result<ExitCode> {
    // `-` is standard input, as for most tools that read a file.
    if a.file.as_deref() == Some(std::path::Path::new("-")) {
        a.file = None;
    }
    let r = Restorer::load(&restore::dictionaries_dir())?;
    // A large file, or standard input, is restored a part at a time: memory stays flat.
    let streamed = !a.json
        && a.file
            .as_ref()
            .is_none_or(|f| std::fs::metadata(f).is_ok_and(|m| m.len() > STREAM_ABOVE));
    if streamed {
        let (input, name): (Box<dyn std::io::BufRead>, String) = match &a.file {
            Some(f) => (
                Box::new(std::io::BufReader::new(
                    std::fs::File::open(f).with_context(|| format!("{}", f.display()))?,
                )),
                f.display().to_string(),
            ),
            None => (Box::new(std::io::stdin().lock()), "standard input".into()),
        };
        return restore_stream(&r, input, &name, a.ocr).map(|()| ExitCode::SUCCESS);
    }
    let input = match &a.file {
        Some(f) => {
            let bytes = std::fs::read(f).with_context(|| format!("{}", f.display()))?;
            source::read_text(f, &bytes)
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
    let restore = match (a.ocr, a.json) {
        (true, true) => Restorer::restore_ocr_detailed,
        (true, false) => Restorer::restore_ocr,
        (false, true) => Restorer::restore_detailed,
        (false, false) => Restorer::restore,
    };
    let restored = restore(&r, &input);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&restored)?);
    } else {
        print!("{}", restored.text);
    }
    Ok(ExitCode::SUCCESS)
}

/// A file larger than this is restored as a stream (legacy encodings are read only below it).
const STREAM_ABOVE: u64 = 8 << 20;
/// Restores UTF-8 text from `input` to standard output a part at a time, each part ending
/// as [`restore::part_ends`] says (at a paragraph break once it is 1 MiB long, or a line
/// break at 4 MiB) and its lines as [`restore::line_end`] ends them (a text with no line
/// break is cut at a space), as [`Restorer::restore`] restores a long text: the output is that
/// of `restore` of the whole (`restore_ocr` where `ocr`), and memory stays flat.
fn restore_stream(
    r: &Restorer,
    mut input: Box<dyn std::io::BufRead>,
    name: &str,
    ocr: bool,
) -> Result<()> {
    use std::io::{BufRead as _, Write as _};
    let restore = if ocr {
        Restorer::restore_ocr
    } else {
        Restorer::restore
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut part = String::new();
    let mut line = Vec::new();
    // What was read past the last line's end (a line cut short, `restore::line_end`).
    let mut carry = Vec::new();
    let mut at: u64 = 0;
    loop {
        std::mem::swap(&mut line, &mut carry);
        carry.clear();
        // Read up to the line's end, or as far as `line_end` needs to see to cut it short.
        let limit = (restore::PART_MAX + 1).saturating_sub(line.len()) as u64;
        if !line.contains(&b'\n') && limit > 0 {
            std::io::Read::take(&mut input, limit)
                .read_until(b'\n', &mut line)
                .with_context(|| name.to_string())?;
        }
        let n = restore::line_end(&line);
        carry.extend_from_slice(&line[n..]);
        line.truncate(n);
        if n > 0 {
            let text = std::str::from_utf8(&line).map_err(|e| {
                anyhow::anyhow!(
                    "{name}: not UTF-8 text at byte {} (a file in a legacy encoding is read \
                     whole only below {} MiB)",
                    at + e.valid_up_to() as u64,
                    STREAM_ABOVE >> 20
                )
            })?;
            part.push_str(&vanthu::text::nfc(text));
            at += n as u64;
        }
        let blank = line.iter().all(u8::is_ascii_whitespace);
        // A line cut short ends its part (`restore::parts`).
        let cut = !carry.is_empty() && !line.ends_with(b"\n");
        if n == 0 || cut || restore::part_ends(part.len(), blank) {
            out.write_all(restore(r, &part).text.as_bytes())?;
            part.clear();
        }
        if n == 0 {
            break;
        }
    }
    out.flush()?;
    Ok(())
}

fn ocr(a: OcrArgs) -> Result<ExitCode> {
    let pdf = a.pdf.clone().map(pipeline::PdfOut::File);
    let r = extract_file(&a.file, &a.scan, !a.no_restore, a.jobs, pdf)?;
    if let Some(p) = r.scan.as_ref().and_then(|s| s.pdfa.as_ref()) {
        match (&p.path, &p.error) {
            (Some(path), _) => eprintln!(
                "vanthu: wrote {path} (sha256 {})",
                p.sha256.as_deref().unwrap_or("")
            ),
            (None, Some(e)) => eprintln!("vanthu: error: PDF/A {e}"),
            _ => {}
        }
    }
    if a.json {
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

fn extract(a: ExtractArgs) -> Result<ExitCode> {
    let mut r = extract_file(&a.file, &a.scan, !a.no_restore, 0, None)?;
    if !a.text {
        r.text.clear();
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        print!("{}", print::record(&r, None));
    }
    Ok(ExitCode::SUCCESS)
}

/// The record of one file, as ingesting it would make it.
fn extract_file(
    file: &Path,
    scan: &ScanArgs,
    restore: bool,
    jobs: usize,
    pdf: Option<pipeline::PdfOut>,
) -> Result<Record> {
    let mut stages = Stages::new(scan.source(), scan.ocr(), restore);
    stages.pdf_out = pdf;
    let done = pipeline::process_one(file, &stages, &pipeline::pool(jobs)?);
    if let Some(e) = stages.restorer_error() {
        eprintln!("vanthu: warning: tone-mark restoration is off: {e}");
    }
    Ok(*done?)
}
