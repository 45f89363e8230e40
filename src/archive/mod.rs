//! The archive: one directory holding a tantivy index of records, searched as text and walked
//! as a citation graph. Knows nothing of how a record's text was obtained.
//!
//! The index is the only store. Each ingested record is one document; the documents it cites
//! are indexed keyword fields, so "who cites X" is a term query. A cited key that no record
//! has is a *stub*, assembled when asked for from what the citing records say of it, and
//! replaced by the record itself the moment that document is ingested.

pub mod graph;
mod identify;
pub mod overrides;
mod schema;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Bound;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Serialize;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, Query, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};
use thiserror::Error;

use crate::date::Date;
use crate::issuer::issuer_name;
use crate::number::parse_number;
use crate::record::{
    Citation, DocKey, ExportLine, Identified, Record, Relation, Status, EXPORT_VERSION,
};
use crate::text::{fold_lower, slug};
pub use schema::Fields;

/// Errors a user can act on.
#[derive(Debug, Error)]
pub enum ArchiveError {
    #[error("no archive at {0} (create one with `vanthu ingest --archive {0} FILES`)")]
    Missing(String),
    #[error("archive {0} is in use by another vanthu process")]
    InUse(String),
    #[error("{0} is not a vanthu archive")]
    NotAnArchive(String),
    #[error(
        "{0} is an archive whose creation was cut short (no marker yet; nothing was ingested \
         into it): `vanthu ingest --archive {0} FILES` finishes it"
    )]
    HalfMade(String),
    #[error("{0:?} is not a document number (like 160/KH-UBND, 57-NQ/TW or 30/2020/NĐ-CP)")]
    NotANumber(String),
    #[error("nothing in {1} is or cites {0}")]
    NotFound(String, String),
}

/// What a typed number means in an archive.
#[derive(Debug)]
pub enum Resolved {
    One(DocKey),
    /// Several documents (every Tỉnh ủy has a 134-KH/TU): their keys, with their records or
    /// stubs.
    Many(Vec<(DocKey, Option<Record>)>),
}

const MARKER: &str = "vanthu-archive.json";
const FORMAT: u32 = 1;

/// An open archive.
pub struct Archive {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    f: Fields,
}

/// A citing or cited neighbour of a record.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Edge {
    pub key: DocKey,
    pub number: Option<String>,
    pub relation: Relation,
    /// For an edge that a third document reports ("Kế hoạch X … thực hiện Nghị quyết Y"):
    /// the key of the document that says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<DocKey>,
    /// The other document's date and province, where known: what tells two documents of one
    /// number apart for a reader.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
}

/// A record with its neighbours: what `show` prints.
#[derive(Clone, Debug, Serialize)]
pub struct Shown {
    #[serde(flatten)]
    pub record: Record,
    pub cited_by: Vec<Edge>,
    /// Other documents filed under the same key (two files whose numbers read the same):
    /// none in a sound archive; `check` reports them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub same_key: Vec<SameKey>,
}

/// Another document under a shown record's key.
#[derive(Clone, Debug, Serialize)]
pub struct SameKey {
    pub path: Option<String>,
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    pub date: Option<Date>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
}

/// What `check` found of one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckKind {
    /// The archive itself is wrong.
    Problem,
    /// The source file is gone.
    Moved,
    /// The source file's bytes are not those ingested.
    Changed,
}

/// One finding of `check`.
#[derive(Clone, Debug)]
pub struct Finding {
    pub kind: CheckKind,
    pub key: String,
    pub what: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.kind {
            CheckKind::Problem => "problem",
            CheckKind::Moved => "moved",
            CheckKind::Changed => "changed",
        };
        write!(f, "{kind}: {}: {}", self.key, self.what)
    }
}

/// What `check` found.
#[derive(Clone, Debug)]
pub struct CheckReport {
    pub records: usize,
    pub findings: Vec<Finding>,
}

impl CheckReport {
    pub fn count(&self, kind: CheckKind) -> usize {
        self.findings.iter().filter(|f| f.kind == kind).count()
    }
}

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub added: usize,
    /// Lines whose file (sha256) was already in.
    pub present: usize,
    /// Records added under a key another document already had (both kept).
    pub same_key: usize,
    /// Lines skipped because their path is another content's, each said.
    pub conflicts: Vec<String>,
}

/// One page of search results.
#[derive(Debug)]
pub struct SearchPage {
    /// How many records match in all.
    pub total: usize,
    pub records: Vec<Record>,
    /// Matches by type (folded name, as `Filters::doc_type` takes it), most first.
    pub types: Vec<(String, usize)>,
    /// Matches by year, newest first.
    pub years: Vec<(u16, usize)>,
    /// Matches by issuer's name and by province, most first (the first [`FACET_TERMS`]).
    pub issuers: Vec<(String, usize)>,
    pub provinces: Vec<(String, usize)>,
    /// The archive was made before issuers and provinces were counted (export and import it
    /// into a new archive to have them).
    pub old_schema: bool,
}

/// How many issuers and provinces a search page counts.
pub const FACET_TERMS: usize = 15;

/// A search's matches counted by year, issuer and province (see [`SearchPage`]).
#[derive(Default)]
struct Counts {
    years: Vec<(u16, usize)>,
    issuers: Vec<(String, usize)>,
    provinces: Vec<(String, usize)>,
}

/// Facet counts most first, ties by name.
fn most_first(v: &mut [(String, usize)]) {
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
}

/// Records in the order `export` writes them: by key, then by source path.
fn sort_by_key_and_path(records: &mut [Record]) {
    records.sort_by(|a, b| {
        let path = |r: &Record| r.source.as_ref().map(|s| s.path.clone());
        (&a.key, path(a)).cmp(&(&b.key, path(b)))
    });
}

/// Search filters.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    /// The issuer's province, as the record gives it (`Tây Lĩnh`).
    pub province: Option<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Archive {
    fn index_dir(dir: &Path) -> PathBuf {
        dir.join("index")
    }

    fn from_index(dir: &Path, index: Index) -> Result<Archive> {
        schema::register_tokenizers(&index);
        let f = schema::fields_of(&index.schema());
        // A damaged footer of a segment's file makes tantivy panic rather than err.
        let reader = read_damaged(|| {
            index
                .reader_builder()
                .reload_policy(ReloadPolicy::Manual)
                .try_into()
        })
        .with_context(|| format!("{}: cannot open the index", dir.display()))?;
        Ok(Archive {
            dir: dir.to_path_buf(),
            index,
            reader,
            f,
        })
    }

    /// Opens an existing archive for reading.
    pub fn open(dir: &Path) -> Result<Archive> {
        if !dir.join(MARKER).exists() {
            let shown = dir.display().to_string();
            match Self::entries(dir) {
                Some(e) if e.is_empty() => bail!(ArchiveError::Missing(shown)),
                Some(e) if Self::half_made(dir, &e) => bail!(ArchiveError::HalfMade(shown)),
                Some(_) => bail!(ArchiveError::NotAnArchive(shown)),
                None => bail!(ArchiveError::Missing(shown)),
            }
        }
        let index = Index::open_in_dir(Self::index_dir(dir))
            .with_context(|| format!("{}: cannot open the index", dir.display()))?;
        Self::from_index(dir, index)
    }

    /// The names in a folder; none when it cannot be read (or is missing).
    fn entries(dir: &Path) -> Option<Vec<std::ffi::OsString>> {
        let d = dir.read_dir().ok()?;
        Some(d.filter_map(|e| e.ok().map(|e| e.file_name())).collect())
    }

    /// Whether a folder without a marker holds only what a cut-short creation leaves: the
    /// index folder and the marker's temporary file (or nothing).
    fn half_made(dir: &Path, entries: &[std::ffi::OsString]) -> bool {
        let idx = Self::index_dir(dir);
        let tmp = dir.join(format!("{MARKER}.tmp"));
        entries.iter().all(|e| {
            Some(e.as_os_str()) == idx.file_name() || Some(e.as_os_str()) == tmp.file_name()
        })
    }

    /// Opens an archive, creating it when the directory is missing or empty.
    pub fn open_or_create(dir: &Path) -> Result<Archive> {
        if dir.join(MARKER).exists() {
            return Self::open(dir);
        }
        let idx = Self::index_dir(dir);
        // A creation that was killed before its marker was written leaves the index folder
        // alone in the directory: it is finished, never taken for someone else's files.
        let entries = Self::entries(dir).unwrap_or_default();
        if !Self::half_made(dir, &entries) {
            bail!(ArchiveError::NotAnArchive(dir.display().to_string()));
        }
        let tmp = dir.join(format!("{MARKER}.tmp"));
        std::fs::create_dir_all(&idx)
            .with_context(|| format!("{}: cannot create the archive", dir.display()))?;
        let (schema, _) = schema::build();
        let index = if idx.join("meta.json").exists() {
            Index::open_in_dir(&idx)?
        } else {
            Index::create_in_dir(&idx, schema)
                .with_context(|| format!("{}: cannot create the archive", dir.display()))?
        };
        // The marker last, whole or not at all: an archive is one once it is there.
        std::fs::write(
            &tmp,
            serde_json::json!({"format": FORMAT, "tool": "vanthu"}).to_string(),
        )?;
        std::fs::rename(&tmp, dir.join(MARKER))?;
        Self::from_index(dir, index)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The one writer; a second process gets [`ArchiveError::InUse`].
    pub fn writer(&self) -> Result<ArchiveWriter<'_>> {
        match self.index.writer_with_num_threads(1, 64_000_000) {
            Ok(w) => Ok(ArchiveWriter { archive: self, w }),
            Err(tantivy::TantivyError::LockFailure(..)) => {
                bail!(ArchiveError::InUse(self.dir.display().to_string()))
            }
            Err(e) => Err(e.into()),
        }
    }

    fn searcher(&self) -> Searcher {
        // Readers see what other processes committed since the last call.
        let _ = self.reader.reload();
        self.reader.searcher()
    }

    fn term(&self, field: tantivy::schema::Field, value: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    }

    fn records_of(&self, searcher: &Searcher, q: &dyn Query) -> Result<Vec<Record>> {
        let mut out = Vec::new();
        self.each_record(searcher, q, |r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    /// Each record `q` matches, in the index's order, read one at a time and handed to `f`:
    /// what is kept of thousands of them is up to `f`, not all of them at once.
    fn each_record(
        &self,
        searcher: &Searcher,
        q: &dyn Query,
        mut f: impl FnMut(Record) -> Result<()>,
    ) -> Result<()> {
        let mut addrs: Vec<_> = searcher.search(q, &DocSetCollector)?.into_iter().collect();
        addrs.sort();
        for a in addrs {
            f(self.load(searcher, a)?)?;
        }
        Ok(())
    }

    fn load(&self, searcher: &Searcher, addr: tantivy::DocAddress) -> Result<Record> {
        let doc = read_damaged(|| searcher.doc(addr)).with_context(|| {
            format!(
                "{}: a record cannot be read from the index (`vanthu check --deep` finds what \
                 is damaged)",
                self.dir.display()
            )
        })?;
        self.record_of(&doc)
    }

    /// The record a stored document holds (its JSON).
    fn record_of(&self, doc: &TantivyDocument) -> Result<Record> {
        let json = doc
            .get_first(self.f.record)
            .and_then(|v| v.as_str())
            .context("a record without its JSON")?;
        Ok(serde_json::from_str(json)?)
    }

    /// The index files whose content no longer matches the checksum tantivy wrote with them
    /// (a flipped byte, a torn write), paths inside the archive.
    pub fn damaged_files(&self) -> Result<Vec<PathBuf>> {
        let mut bad: Vec<PathBuf> = self
            .index
            .validate_checksum()?
            .into_iter()
            .map(|p| Self::index_dir(&self.dir).join(p))
            .collect();
        bad.sort();
        Ok(bad)
    }

    /// The record read from the file at `path`, if any.
    pub fn record_at(&self, path: &str) -> Result<Option<Record>> {
        let s = self.searcher();
        Ok(self
            .records_of(&s, &*self.term(self.f.path, path))?
            .into_iter()
            .next())
    }

    /// Every ingested record, in key order (then by source path): what `export` writes.
    pub fn all_records(&self) -> Result<Vec<Record>> {
        let s = self.searcher();
        let mut all = self.records_of(&s, &AllQuery)?;
        sort_by_key_and_path(&mut all);
        Ok(all)
    }

    /// Writes every record as one line of `vanthu export` (docs/record-schema.md), in key
    /// order; returns how many. Records are read from the document store alone, segment by
    /// segment, so that a damaged block of it loses only its own records: the others are
    /// written, and the error that follows says how many were lost and the way back.
    pub fn export(&self, out: &mut impl std::io::Write) -> Result<usize> {
        let (mut records, lost) = self.readable_records();
        sort_by_key_and_path(&mut records);
        let n = records.len();
        for record in records {
            let line = ExportLine {
                vanthu_record: EXPORT_VERSION,
                record,
            };
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
        if !lost.is_empty() {
            bail!(
                "{n} records written; {} could not be read ({}). The lines written are every \
                 record that could be: `vanthu import` them into a new archive, then `vanthu \
                 ingest` the same folders into it to read the lost files again",
                lost.len(),
                lost.iter().take(3).cloned().collect::<Vec<_>>().join("; ")
            );
        }
        Ok(n)
    }

    /// Every record the document store gives back, and a line for each it does not (its
    /// segment's file and why).
    fn readable_records(&self) -> (Vec<Record>, Vec<String>) {
        let s = self.searcher();
        let (mut records, mut lost) = (Vec::new(), Vec::new());
        for seg in s.segment_readers() {
            let file = format!("{}.store", seg.segment_id().uuid_string());
            let store = match read_damaged(|| seg.get_store_reader(1)) {
                Ok(st) => st,
                Err(e) => {
                    for _ in seg.doc_ids_alive() {
                        lost.push(format!("{file}: {e}"));
                    }
                    continue;
                }
            };
            for id in seg.doc_ids_alive() {
                let record = read_damaged(|| store.get::<TantivyDocument>(id))
                    .and_then(|doc| self.record_of(&doc));
                match record {
                    Ok(r) => records.push(r),
                    Err(e) => lost.push(format!("{file}: {e:#}")),
                }
            }
        }
        (records, lost)
    }

    /// The texts of the records that restoration left as they were (typed, read from a text
    /// layer, or OCR'd with the Vietnamese model): what the archive can teach the restoration
    /// model of its own genre.
    pub fn typed_texts(&self) -> Result<Vec<String>> {
        Ok(self
            .all_records()?
            .into_iter()
            .filter(|r| r.restoration.is_none() && !r.text.is_empty())
            .map(|r| r.text)
            .collect())
    }

    /// Adds the records of `vanthu export` lines; a record whose source file (content hash)
    /// is already in, or earlier in the lines, is skipped. Returns (added, already present).
    /// Adds the records of `vanthu export` lines. A record is never removed: a line whose
    /// file is already in (same sha256) is skipped as present; a line whose path is an existing
    /// record's (or an earlier line's) with other content is skipped as a conflict, and said; a
    /// record whose key another document already has is kept beside it (as ingest keeps two
    /// files whose numbers read the same), and counted.
    pub fn import(&self, lines: impl std::io::BufRead) -> Result<ImportReport> {
        let mut writer = self.writer()?;
        let mut report = ImportReport::default();
        let mut seen = std::collections::HashSet::new();
        let mut paths = std::collections::HashMap::new();
        for (i, line) in lines.lines().enumerate() {
            let line = line.with_context(|| format!("line {}", i + 1))?;
            // A byte-order mark (an editor's) is not part of the record.
            let line = line.trim_start_matches('\u{feff}');
            if line.trim().is_empty() {
                continue;
            }
            let l: ExportLine = serde_json::from_str(line)
                .with_context(|| format!("line {} is not a vanthu record", i + 1))?;
            if l.vanthu_record != EXPORT_VERSION {
                bail!(
                    "line {}: record format {} (this vanthu reads {EXPORT_VERSION})",
                    i + 1,
                    l.vanthu_record
                );
            }
            if let Some(src) = &l.record.source {
                if !seen.insert(src.sha256.clone()) || self.has_sha256(&src.sha256)? {
                    report.present += 1;
                    continue;
                }
                let other = match paths.get(&src.path) {
                    Some(sha) => Some(format!("line {sha}")),
                    None => self
                        .record_at(&src.path)?
                        .map(|r| format!("the archive's record {}", r.key.as_str())),
                };
                if let Some(other) = other {
                    report.conflicts.push(format!(
                        "line {}: {} has other content in {other}; skipped",
                        i + 1,
                        src.path
                    ));
                    continue;
                }
                paths.insert(src.path.clone(), i + 1);
            }
            if l.record.status == Status::Ingested && self.get(&l.record.key)?.is_some() {
                report.same_key += 1;
            }
            writer.add(&l.record)?;
            report.added += 1;
            if report.added % 500 == 0 {
                writer.commit()?;
            }
        }
        writer.commit()?;
        Ok(report)
    }

    /// Verifies every record: its key agrees with its number (or, numberless, its content
    /// hash), no file is in twice, it does not cite itself, and its source is still where it
    /// was, unchanged.
    pub fn check(&self) -> Result<CheckReport> {
        let records = self.all_records()?;
        let mut findings = Vec::new();
        let mut hashes: std::collections::HashMap<String, String> = Default::default();
        // Two different documents under one key: the second is hidden behind the first.
        let mut by_key: std::collections::BTreeMap<&str, Vec<&Record>> = Default::default();
        for r in records.iter().filter(|r| r.source.is_some()) {
            by_key.entry(r.key.as_str()).or_default().push(r);
        }
        let held: Vec<(&str, Vec<&str>)> = by_key
            .iter()
            .filter(|(_, rs)| rs.iter().any(|a| rs.iter().any(|b| different(a, b))))
            .map(|(k, rs)| {
                let paths = rs
                    .iter()
                    .filter_map(|r| r.source.as_ref())
                    .map(|s| s.path.as_str());
                (*k, paths.collect())
            })
            .collect();
        let mut add = |kind, key: &str, what: String| {
            findings.push(Finding {
                kind,
                key: key.to_string(),
                what,
            })
        };
        for r in &records {
            let key = r.key.as_str();
            let agrees = match (&r.number, &r.source) {
                (Some(n), _) => {
                    !r.key.is_hash()
                        && parse_number(n).map(|n| n.norm()).as_deref() == r.key.number()
                }
                (None, Some(src)) => r.key == DocKey::from_hash(&src.sha256),
                (None, None) => false,
            };
            if !agrees {
                add(
                    CheckKind::Problem,
                    key,
                    format!("the key does not agree with its number {:?}", r.number),
                );
            }
            if r.cites.iter().any(|c| c.key == r.key) {
                add(CheckKind::Problem, key, "cites itself".into());
            }
            let Some(src) = &r.source else {
                add(CheckKind::Problem, key, "no source".into());
                continue;
            };
            if let Some(other) = hashes.insert(src.sha256.clone(), key.to_string()) {
                add(
                    CheckKind::Problem,
                    key,
                    format!("is the same file as {other} ({})", src.path),
                );
            }
            if let Err((kind, what)) = source_now(src) {
                add(kind, key, what);
            }
        }
        for (key, paths) in &held {
            add(
                CheckKind::Problem,
                key,
                format!(
                    "is held by {} different documents: {} (`show` lists them all)",
                    paths.len(),
                    paths.join(", ")
                ),
            );
        }
        Ok(CheckReport {
            records: records.len(),
            findings,
        })
    }

    /// The number of ingested records.
    pub fn len(&self) -> Result<usize> {
        Ok(self.searcher().num_docs() as usize)
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Whether a file with this content hash is already in the archive.
    pub fn has_sha256(&self, sha256: &str) -> Result<bool> {
        let n = self.reader.searcher().search(
            &*self.term(self.f.sha256, sha256),
            &tantivy::collector::Count,
        )?;
        Ok(n > 0)
    }

    /// The other documents filed under `r`'s key (not other copies of it: a scan and its
    /// typed text share their key by right).
    fn same_key(&self, r: &Record) -> Result<Vec<SameKey>> {
        let s = self.searcher();
        let sha = r.source.as_ref().map(|s| s.sha256.as_str());
        Ok(self
            .records_of(&s, &*self.term(self.f.key, r.key.as_str()))?
            .into_iter()
            .filter(|o| o.source.as_ref().map(|s| s.sha256.as_str()) != sha && different(r, o))
            .map(|o| SameKey {
                path: o.source.map(|s| s.path),
                doc_type: o.doc_type,
                date: o.date,
                issuer: o.issuer,
                subject: o.subject,
            })
            .collect())
    }

    /// The ingested record with this key.
    pub fn get(&self, key: &DocKey) -> Result<Option<Record>> {
        let s = self.searcher();
        Ok(self
            .records_of(&s, &*self.term(self.f.key, key.as_str()))?
            .into_iter()
            .next())
    }

    /// The keys a typed number or key may mean: `160/kh-ubnd` → every record and stub whose
    /// number is 160-KH-UBND, whatever its scope. A full key (`160-KH-UBND@lang-son:2025`,
    /// `sha256:…`) means itself.
    pub fn resolve(&self, typed: &str) -> Result<Vec<DocKey>> {
        let Some(typed) = DocKey::parse(typed) else {
            return Ok(Vec::new());
        };
        let Some(norm) = typed.number() else {
            // A content hash means itself.
            return Ok(vec![typed]);
        };
        let s = self.searcher();
        let mut keys: BTreeSet<DocKey> = BTreeSet::new();
        self.each_record(&s, &*self.term(self.f.number_key, norm), |r| {
            keys.insert(r.key);
            Ok(())
        })?;
        // A number cited by 256,000 records: each read and let go.
        self.each_record(&s, &*self.term(self.f.cites_number, norm), |r| {
            keys.extend(
                r.cites
                    .into_iter()
                    .filter(|c| c.key.number() == Some(norm))
                    .map(|c| c.key),
            );
            Ok(())
        })?;
        let mut keys: Vec<DocKey> = keys.into_iter().collect();
        if let Some(scope) = typed.scope() {
            // A scope without its year (`@tay-linh`) means any year of that place.
            match scope.contains(':') {
                true => keys.retain(|k| *k == typed),
                false => keys.retain(|k| {
                    k.scope()
                        .and_then(|s| s.split_once(':'))
                        .is_some_and(|(place, _)| place == scope)
                }),
            }
            if keys.is_empty() {
                keys.push(typed);
            }
        }
        Ok(keys)
    }

    /// The one document a typed number or key means, or the documents it may mean.
    /// An error when it is not a number, or nothing in the archive is or cites it.
    pub fn resolve_one(&self, typed: &str) -> Result<Resolved> {
        let mut keys = self.resolve(typed)?;
        match keys.len() {
            0 => {
                if DocKey::parse(typed).is_none() {
                    bail!(ArchiveError::NotANumber(typed.to_string()));
                }
                bail!(ArchiveError::NotFound(
                    typed.to_string(),
                    self.dir.display().to_string()
                ))
            }
            1 => Ok(Resolved::One(keys.remove(0))),
            _ => Ok(Resolved::Many(
                keys.into_iter()
                    .map(|k| {
                        let r = self.record_or_stub(&k)?;
                        Ok((k, r))
                    })
                    .collect::<Result<_>>()?,
            )),
        }
    }

    /// Records with who cites each: what `search --json` lists.
    pub fn with_cited_by(&self, records: Vec<Record>) -> Result<Vec<Shown>> {
        records
            .into_iter()
            .map(|record| {
                let cited_by = self.cited_by(&record.key)?;
                let same_key = self.same_key(&record)?;
                Ok(Shown {
                    record,
                    cited_by,
                    same_key,
                })
            })
            .collect()
    }

    /// Citations of `key` in the records that cite it, with those records.
    fn citations_of(&self, s: &Searcher, key: &DocKey) -> Result<Vec<(Record, Citation)>> {
        let mut out = Vec::new();
        for r in self.records_of(s, &*self.term(self.f.cites, key.as_str()))? {
            if let Some(c) = r.cites.iter().find(|c| c.key == *key).cloned() {
                out.push((r, c));
            }
        }
        Ok(out)
    }

    /// What citing records report `key` itself cites (its `via` citations).
    fn reported_cites(&self, s: &Searcher, key: &DocKey) -> Result<Vec<(DocKey, Citation)>> {
        let mut out = Vec::new();
        for r in self.records_of(s, &*self.term(self.f.via, key.as_str()))? {
            for c in &r.cites {
                if c.via.as_ref() == Some(key) {
                    out.push((r.key.clone(), c.clone()));
                }
            }
        }
        Ok(out)
    }

    /// The record of `key`, or its stub when only citations speak of it; none when neither.
    /// A stub is made from its first [`STUB_EVIDENCE`] citing records.
    pub fn record_or_stub(&self, key: &DocKey) -> Result<Option<Record>> {
        Ok(self
            .records_or_stubs(std::slice::from_ref(key))?
            .remove(key))
    }

    /// [`Archive::record_or_stub`] of many keys at once, each citing record read once: a
    /// document citing thousands of others is traced up in time linear in its citations
    /// (one stub at a time read the citing document once per stub). Keys that nothing is or
    /// cites are left out.
    pub fn records_or_stubs(&self, keys: &[DocKey]) -> Result<HashMap<DocKey, Record>> {
        self.records_or_stubs_as(keys, |r| r)
    }

    /// [`Archive::records_or_stubs`], each record or stub kept as `keep` makes it as soon as
    /// it is read: what a caller keeps of 256,000 stubs can be much smaller than the stubs.
    pub fn records_or_stubs_as<T>(
        &self,
        keys: &[DocKey],
        mut keep: impl FnMut(Record) -> T,
    ) -> Result<HashMap<DocKey, T>> {
        let mut out = HashMap::new();
        let s = self.searcher();
        let terms = |field, keys: &mut dyn Iterator<Item = &DocKey>| -> TermSetQuery {
            TermSetQuery::new(keys.map(|k| Term::from_field_text(field, k.as_str())))
        };
        // The records (the first of a key, as `get` takes it), one at a time.
        self.each_record(&s, &terms(self.f.key, &mut keys.iter()), |r| {
            if !out.contains_key(&r.key) {
                let r = if r.number.is_none() {
                    self.with_identity(r)?
                } else {
                    r
                };
                out.insert(r.key.clone(), keep(r));
            }
            Ok(())
        })?;
        let wanted: HashSet<&DocKey> = keys.iter().filter(|k| !out.contains_key(*k)).collect();
        if wanted.is_empty() {
            return Ok(out);
        }
        // The records citing them, read one at a time; a stub's evidence is its first
        // `STUB_EVIDENCE` citing records (a stub cited by 256,000 documents needs no more to
        // know its type, date and issuer, and all of them at once took 650 MB).
        // Each wanted key's evidence as (record, citation) places: a record is kept only
        // while it is evidence for some key.
        let q = terms(self.f.cites, &mut wanted.iter().copied());
        let mut citing: Vec<Record> = Vec::new();
        let mut at: HashMap<DocKey, Vec<(usize, usize)>> = HashMap::new();
        self.each_record(&s, &q, |r| {
            let mut kept = false;
            let mut seen = HashSet::new();
            for (j, c) in r.cites.iter().enumerate() {
                if wanted.contains(&c.key) && seen.insert(&c.key) {
                    let v = at.entry(c.key.clone()).or_default();
                    if v.len() < STUB_EVIDENCE {
                        v.push((citing.len(), j));
                        kept = true;
                    }
                }
            }
            if kept {
                citing.push(r);
            }
            Ok(())
        })?;
        let mut cites: HashMap<&DocKey, Vec<(&Record, &Citation)>> = at
            .iter()
            .map(|(k, places)| {
                let pairs = places
                    .iter()
                    .map(|&(i, j)| (&citing[i], &citing[i].cites[j]))
                    .collect();
                (k, pairs)
            })
            .collect();
        let mut reported: HashMap<&DocKey, Vec<(DocKey, Citation)>> = HashMap::new();
        let reporting = self.records_of(&s, &terms(self.f.via, &mut wanted.iter().copied()))?;
        for r in &reporting {
            for c in &r.cites {
                if let Some(v) = c.via.as_ref().filter(|v| wanted.contains(v)) {
                    reported
                        .entry(v)
                        .or_default()
                        .push((r.key.clone(), c.clone()));
                }
            }
        }
        let mut numberless = identify::Numberless::default();
        for k in wanted {
            let cs = cites.remove(k).unwrap_or_default();
            let rs = reported.remove(k).unwrap_or_default();
            if cs.is_empty() && rs.is_empty() {
                continue;
            }
            let stub = stub_of(k, &cs, &rs);
            let r = match self.identify_stub(&s, &stub, &cs, &mut numberless)? {
                Some((r, ident)) => merged(r, &stub, ident),
                None => stub,
            };
            out.insert(k.clone(), keep(r));
        }
        Ok(out)
    }

    /// A numberless record with what it was identified as, when it was.
    fn with_identity(&self, r: Record) -> Result<Record> {
        let Some(ident) = self.identities_of(&r)?.into_iter().next() else {
            return Ok(r);
        };
        let s = self.searcher();
        let cites = self.citations_of(&s, &ident.key)?;
        let reported = self.reported_cites(&s, &ident.key)?;
        let stub = stub_of(&ident.key, &by_ref(&cites), &reported);
        Ok(merged(r, &stub, ident))
    }

    /// Who cites `key`: the records that cite it, and the stubs some record says cite it.
    pub fn cited_by(&self, key: &DocKey) -> Result<Vec<Edge>> {
        Ok(self
            .cited_by_many(std::slice::from_ref(key))?
            .remove(key)
            .unwrap_or_default())
    }

    /// [`Archive::cited_by`] of many keys at once: one query for all of them, and each citing
    /// record read once and let go, so that a trace down a level of 256,000 documents makes
    /// one query, not 256,000, and the root cited by all of them holds their edges, not their
    /// records.
    pub fn cited_by_many(&self, keys: &[DocKey]) -> Result<HashMap<DocKey, Vec<Edge>>> {
        // The keys a citation of each asked key may be under: its own, and a numberless
        // record's also the numbers it was identified as.
        let mut under: HashMap<DocKey, Vec<&DocKey>> = HashMap::new();
        for key in keys {
            under.entry(key.clone()).or_default().push(key);
            if key.is_hash() {
                if let Some(r) = self.get(key)? {
                    for i in self.identities_of(&r)? {
                        under.entry(i.key).or_default().push(key);
                    }
                }
            }
        }
        let s = self.searcher();
        let mut edges: HashMap<&DocKey, BTreeMap<DocKey, Edge>> = HashMap::new();
        fn add(edges: &mut BTreeMap<DocKey, Edge>, e: Edge) {
            edges
                .entry(e.key.clone())
                .and_modify(|old| {
                    if e.relation < old.relation {
                        *old = e.clone()
                    }
                })
                .or_insert(e);
        }
        // A stub that some record reports, identified with a numberless record, is that record.
        let as_identified = |k: &DocKey| -> Result<DocKey> {
            if self.get(k)?.is_some() || k.is_hash() {
                return Ok(k.clone());
            }
            let cites = self.citations_of(&s, k)?;
            let cites = by_ref(&cites);
            let stub = stub_of(k, &cites, &self.reported_cites(&s, k)?);
            Ok(
                match self.identify_stub(&s, &stub, &cites, &mut Default::default())? {
                    Some((r, _)) => r.key,
                    None => k.clone(),
                },
            )
        };
        let q = TermSetQuery::new(
            under
                .keys()
                .map(|k| Term::from_field_text(self.f.cites, k.as_str())),
        );
        self.each_record(&s, &q, |r| {
            // Each key a record cites, by its first citation of it.
            let mut seen: HashSet<&DocKey> = HashSet::new();
            for c in &r.cites {
                let Some(asked) = under.get(&c.key) else {
                    continue;
                };
                if !seen.insert(&c.key) {
                    continue;
                }
                for &key in asked {
                    if r.key == *key {
                        continue;
                    }
                    let edges = edges.entry(key).or_default();
                    add(
                        edges,
                        Edge {
                            key: r.key.clone(),
                            number: r.number.clone(),
                            relation: c.relation,
                            reported_by: None,
                            date: r.date,
                            province: r.locality.clone(),
                        },
                    );
                    if let (Some(via), Some(rel)) = (&c.via, c.via_relation) {
                        let via = &as_identified(via)?;
                        if via != key && self.get(via)?.is_none() {
                            let cited = r.cites.iter().find(|o| o.key == *via);
                            add(
                                edges,
                                Edge {
                                    key: via.clone(),
                                    number: cited.map(|o| o.number.clone()),
                                    relation: rel,
                                    reported_by: Some(r.key.clone()),
                                    date: cited.and_then(|o| o.date),
                                    province: province_of(via),
                                },
                            );
                        }
                    }
                }
            }
            Ok(())
        })?;
        Ok(edges
            .into_iter()
            .map(|(key, edges)| {
                let mut out: Vec<Edge> = edges.into_values().collect();
                out.sort_by(|x, y| {
                    (x.reported_by.is_some(), x.relation, &x.key).cmp(&(
                        y.reported_by.is_some(),
                        y.relation,
                        &y.key,
                    ))
                });
                (key.clone(), out)
            })
            .collect())
    }

    /// What `key` cites: a record's own citations, or what citing records report of a stub.
    pub fn cites_of(&self, record: &Record) -> Result<Vec<Edge>> {
        Ok(record.cites.iter().map(edge_of_cite).collect())
    }

    /// `show`: the record (or stub) with what cites it.
    pub fn show(&self, key: &DocKey) -> Result<Option<Shown>> {
        let Some(record) = self.record_or_stub(key)? else {
            return Ok(None);
        };
        let cited_by = self.cited_by(&record.key)?;
        let same_key = self.same_key(&record)?;
        Ok(Some(Shown {
            record,
            cited_by,
            same_key,
        }))
    }

    /// Full-text and number search, best first.
    pub fn search(&self, query: &str, filters: &Filters, limit: usize) -> Result<Vec<Record>> {
        Ok(self.search_page(query, filters, 0, limit, false)?.records)
    }

    /// One page of a search: `limit` records from `offset` on, how many match in all, and
    /// (with `facets`) how the matches fall by type and by year.
    pub fn search_page(
        &self,
        query: &str,
        filters: &Filters,
        offset: usize,
        limit: usize,
        facets: bool,
    ) -> Result<SearchPage> {
        let (q, number_norm) = self.search_query(query, filters);
        let s = self.searcher();
        let top = TopDocs::with_limit(limit.max(1))
            .and_offset(offset)
            .order_by_score();
        let (total, hits) = s.search(&q, &(Count, top))?;
        let mut out: Vec<Record> = hits
            .into_iter()
            .map(|(_, a)| self.load(&s, a))
            .collect::<Result<_>>()?;
        // A number that only stubs have: the stub leads.
        if let Some(n) = number_norm.filter(|_| offset == 0) {
            if !out
                .iter()
                .any(|r| r.number.is_some() && r.key.number() == Some(n.as_str()))
            {
                for k in self.resolve(query)?.into_iter().rev() {
                    if let Some(stub) = self.record_or_stub(&k)? {
                        out.insert(0, stub);
                    }
                }
                out.truncate(limit.max(1));
            }
        }
        let mut types = Vec::new();
        let mut counts = Counts::default();
        if facets {
            for t in self.type_terms(&s)? {
                let mut f = filters.clone();
                f.doc_type = Some(t.clone());
                let n = s.search(&self.search_query(query, &f).0, &Count)?;
                if n > 0 {
                    types.push((t, n));
                }
            }
            most_first(&mut types);
            counts = self.counts_of(&s, &q)?;
        }
        Ok(SearchPage {
            total,
            records: out,
            types,
            years: counts.years,
            issuers: counts.issuers,
            provinces: counts.provinces,
            old_schema: self.f.issuer_name.is_none() || self.f.province.is_none(),
        })
    }

    /// The type names (folded) some record has.
    fn type_terms(&self, s: &Searcher) -> Result<Vec<String>> {
        let mut out = std::collections::BTreeSet::new();
        for seg in s.segment_readers() {
            let inv = seg.inverted_index(self.f.doc_type)?;
            let mut terms = inv.terms().stream()?;
            while terms.advance() {
                if let Ok(t) = std::str::from_utf8(terms.key()) {
                    out.insert(t.to_string());
                }
            }
        }
        Ok(out.into_iter().collect())
    }

    /// How many of `q`'s matches are of each year (newest first; undated ones left out), of
    /// each issuer and of each province (most first, the first [`FACET_TERMS`]), in one pass.
    fn counts_of(&self, s: &Searcher, q: &dyn Query) -> Result<Counts> {
        use tantivy::aggregation::agg_req::Aggregations;
        use tantivy::aggregation::{AggContextParams, AggregationCollector};
        let mut req = serde_json::json!({
            "years": {"histogram": {"field": "date", "interval": 10000.0, "min_doc_count": 1}}
        });
        for (name, field, have) in [
            ("issuers", "issuer_name", self.f.issuer_name),
            ("provinces", "province", self.f.province),
        ] {
            if have.is_some() {
                req[name] = serde_json::json!({"terms": {"field": field, "size": FACET_TERMS}});
            }
        }
        let req: Aggregations = serde_json::from_value(req)?;
        let c = AggregationCollector::from_aggs(
            req,
            AggContextParams::new(Default::default(), self.index.tokenizers().clone()),
        );
        let res = serde_json::to_value(s.search(q, &c)?)?;
        let mut years: Vec<(u16, usize)> = res["years"]["buckets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|b| {
                let year = (b["key"].as_f64()? / 10000.0) as u16;
                let n = b["doc_count"].as_u64()? as usize;
                (year > 0 && n > 0).then_some((year, n))
            })
            .collect();
        years.sort_by_key(|y| std::cmp::Reverse(y.0));
        let terms = |name: &str| -> Vec<(String, usize)> {
            let mut v: Vec<(String, usize)> = res[name]["buckets"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|b| {
                    Some((
                        b["key"].as_str()?.to_string(),
                        b["doc_count"].as_u64()? as usize,
                    ))
                })
                .filter(|(_, n)| *n > 0)
                .collect();
            most_first(&mut v);
            v
        };
        Ok(Counts {
            years,
            issuers: terms("issuers"),
            provinces: terms("provinces"),
        })
    }

    /// The query a search means, and the number it names (normalised), if it is one.
    fn search_query(&self, query: &str, filters: &Filters) -> (BooleanQuery, Option<String>) {
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let exact = schema::tokens(&self.index, schema::EXACT, query);
        let folded = schema::tokens(&self.index, schema::FOLDED, query);
        let number_norm = parse_number(query).map(|n| n.norm());
        for (i, ft) in folded.iter().enumerate() {
            let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            let boosted = |q: Box<dyn Query>, b: f32| -> (Occur, Box<dyn Query>) {
                (Occur::Should, Box::new(BoostQuery::new(q, b)))
            };
            if let Some(et) = exact.get(i) {
                any.push(boosted(self.term(self.f.body, et), 2.0));
                any.push(boosted(self.term(self.f.subject, et), 4.0));
            }
            any.push(boosted(self.term(self.f.body_folded, ft), 1.0));
            any.push(boosted(self.term(self.f.subject_folded, ft), 2.0));
            any.push(boosted(self.term(self.f.number_text, ft), 8.0));
            must.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        let text_q: Box<dyn Query> = if must.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(must))
        };
        let mut top: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_q)];
        if let Some(n) = &number_norm {
            top.push((
                Occur::Should,
                Box::new(BoostQuery::new(self.term(self.f.number_key, n), 20.0)),
            ));
            top.push((
                Occur::Should,
                Box::new(BoostQuery::new(self.term(self.f.cites_number, n), 2.0)),
            ));
        }
        if let Some(t) = &filters.doc_type {
            top.push((Occur::Must, self.term(self.f.doc_type, &type_filter(t))));
        }
        if let Some(i) = &filters.issuer {
            for t in schema::tokens(&self.index, schema::FOLDED, i) {
                top.push((Occur::Must, self.term(self.f.issuer, &t)));
            }
        }
        if let Some(p) = &filters.province {
            // An archive without the field finds nothing for it rather than everything.
            match self.f.province {
                Some(field) => top.push((Occur::Must, self.term(field, p.trim()))),
                None => top.push((Occur::Must, Box::new(tantivy::query::EmptyQuery))),
            }
        }
        if filters.from.is_some() || filters.to.is_some() {
            let lo = filters.from.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_i64(self.f.date, d.ordinal()))
            });
            let hi = filters.to.map_or(Bound::Unbounded, |d| {
                let end = Date {
                    year: d.year,
                    month: Some(d.month.unwrap_or(99)),
                    day: Some(d.day.unwrap_or(99)),
                };
                Bound::Included(Term::from_field_i64(self.f.date, end.ordinal()))
            });
            top.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
        }
        (BooleanQuery::new(top), number_norm)
    }
}

/// Whether a record's source file is still the file that was read. Read with care, as a
/// record's path is only what the record says: an absolute path (as ingest stores it) or it
/// is not opened; a regular file (a FIFO or device is never read); the size ingest saw (else
/// changed, unread); then its sha256, streamed.
pub fn source_now(src: &crate::record::Source) -> std::result::Result<(), (CheckKind, String)> {
    use sha2::Digest;
    use std::io::Read;
    let path = Path::new(&src.path);
    if !path.is_absolute() {
        return Err((
            CheckKind::Problem,
            format!("{} is not an absolute path; not opened", src.path),
        ));
    }
    let gone = || {
        (
            CheckKind::Moved,
            format!("{} is gone (moved or deleted since ingest)", src.path),
        )
    };
    let meta = std::fs::metadata(path).map_err(|_| gone())?;
    if !meta.is_file() {
        return Err((
            CheckKind::Problem,
            format!(
                "{} is not a regular file (a folder, FIFO or device); not read",
                src.path
            ),
        ));
    }
    let changed = || {
        (
            CheckKind::Changed,
            format!(
                "{} changed since ingest (ingest it again to update)",
                src.path
            ),
        )
    };
    if meta.len() != src.bytes {
        return Err(changed());
    }
    let mut f = std::fs::File::open(path)
        .map_err(|_| gone())?
        .take(src.bytes + 1);
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => h.update(&buf[..n]),
            Err(_) => return Err(gone()),
        }
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    if hex == src.sha256 {
        Ok(())
    } else {
        Err(changed())
    }
}

/// The folded type name a `--type` value means: a code (`KH`) or a name (`Kế hoạch`).
fn type_filter(t: &str) -> String {
    let d = crate::dict::get();
    match d.doc_type(t) {
        Some((_, name)) => fold_lower(name),
        None => fold_lower(t.trim()),
    }
}

/// A citation (a record's own, or one a stub is reported to make) as an edge of the graph.
fn edge_of_cite(c: &Citation) -> Edge {
    Edge {
        key: c.key.clone(),
        number: Some(c.number.clone()),
        relation: c.relation,
        reported_by: None,
        date: c.date,
        province: province_of(&c.key),
    }
}

/// The province a scoped key names (`…@lang-son:2025` → Lạng Sơn), when it is a known one.
fn province_of(key: &DocKey) -> Option<String> {
    let place = key.place_and_year().0?;
    let d = crate::dict::get();
    d.provinces
        .iter()
        .find(|(name, _)| crate::text::slug(name) == place)
        .map(|(name, _)| name.clone())
}

/// The most common non-empty value.
fn most_common<'a, T: PartialEq + Clone + 'a>(
    values: impl Iterator<Item = Option<&'a T>>,
) -> Option<T> {
    let mut counts: Vec<(&T, usize)> = Vec::new();
    for v in values.flatten() {
        match counts.iter_mut().find(|(x, _)| *x == v) {
            Some(c) => c.1 += 1,
            None => counts.push((v, 1)),
        }
    }
    // Stable: the first seen wins a tie.
    let best = counts.iter().map(|c| c.1).max()?;
    counts
        .into_iter()
        .find(|c| c.1 == best)
        .map(|(v, _)| v.clone())
}

/// A numberless record identified with a stub: the record, with what the citations tell of
/// it that it does not say itself (its number, date, issuer).
fn merged(mut r: Record, stub: &Record, ident: Identified) -> Record {
    if r.number.is_none() {
        r.number = stub.number.clone();
    }
    if !r.date.is_some_and(|d| d.is_full()) {
        r.date = stub.date.or(r.date);
    }
    if r.issuer.is_none() {
        r.issuer = stub.issuer.clone();
        r.issuer_name = stub.issuer_name.clone();
    }
    if r.locality.is_none() {
        r.locality = stub.locality.clone();
    }
    r.identified_as = Some(ident);
    r
}

/// Whether two records under one key are different documents, not two copies of one (a
/// scan and its typed text): their dates differ, or their subjects share less than half
/// their words.
fn different(a: &Record, b: &Record) -> bool {
    if let (Some(x), Some(y)) = (a.date, b.date) {
        if x.is_full() && y.is_full() && x != y {
            return true;
        }
    }
    let (Some(x), Some(y)) = (&a.subject, &b.subject) else {
        return false;
    };
    let words = |s: &str| -> std::collections::HashSet<String> {
        crate::text::words(&fold_lower(s))
            .map(str::to_string)
            .collect()
    };
    let (x, y) = (words(x), words(y));
    let shared = x.intersection(&y).count();
    2 * shared < x.len().min(y.len())
}

/// A stub: what the citations of `key` say of it, and what they report it cites.
/// Pairs by reference.
fn by_ref(v: &[(Record, Citation)]) -> Vec<(&Record, &Citation)> {
    v.iter().map(|(r, c)| (r, c)).collect()
}

/// The most citing records a stub is made from (its type, date and issuer are the most
/// common of theirs): memory stays bounded however many documents cite it.
pub const STUB_EVIDENCE: usize = 1_000;

fn stub_of(
    key: &DocKey,
    cites: &[(&Record, &Citation)],
    reported: &[(DocKey, Citation)],
) -> Record {
    let cs = || cites.iter().map(|(_, c)| c);
    let locality = key.place_and_year().0.and_then(|sl| {
        cites
            .iter()
            .filter_map(|(r, _)| r.locality.as_ref())
            .find(|l| slug(l) == sl)
            .cloned()
    });
    let mut stub_cites: Vec<Citation> = Vec::new();
    for (_, c) in reported {
        let rel = c.via_relation.unwrap_or(Relation::References);
        match stub_cites.iter_mut().find(|s| s.key == c.key) {
            Some(s) => s.relation = s.relation.min(rel),
            None => stub_cites.push(Citation {
                key: c.key.clone(),
                number: c.number.clone(),
                relation: rel,
                doc_type: c.doc_type.clone(),
                date: c.date,
                issuer: c.issuer.clone(),
                via: None,
                via_relation: None,
                spans: Vec::new(),
            }),
        }
    }
    let numbers: Vec<String> = cs()
        .map(|c| c.number.clone())
        .chain(reported.iter().map(|(_, c)| c.number.clone()))
        .collect();
    let issuer = most_common(cs().map(|c| c.issuer.as_ref()));
    Record {
        key: key.clone(),
        number: most_common(numbers.iter().map(Some)),
        symbol: None,
        status: Status::Stub,
        doc_type: most_common(cs().map(|c| c.doc_type.as_ref())),
        date: most_common(cs().map(|c| c.date.as_ref())),
        place: None,
        issuer_name: issuer
            .as_deref()
            .and_then(|i| issuer_name(&[i], locality.as_deref()))
            .map(|n| n.name),
        issuer_parent: None,
        issuer,
        locality,
        subject: None,
        signer: None,
        signer_title: None,
        recipients: Vec::new(),
        cites: stub_cites,
        spans: BTreeMap::new(),
        source: None,
        text: String::new(),
        restoration: None,
        scan: None,
        review: Vec::new(),
        overrides: Vec::new(),
        identified_as: None,
    }
}

/// Writes records; one at a time per archive.
pub struct ArchiveWriter<'a> {
    archive: &'a Archive,
    w: IndexWriter,
}

impl ArchiveWriter<'_> {
    /// Adds a record, replacing any earlier record read from the same path.
    pub fn add(&mut self, r: &Record) -> Result<()> {
        let f = &self.archive.f;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.key, r.key.as_str());
        // The record's own number, normalised (its key's, which extract made from it).
        if let (Some(_), Some(n)) = (&r.number, r.key.number()) {
            doc.add_text(f.number_key, n);
        }
        let number_text = [r.number.as_deref(), r.symbol.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        doc.add_text(f.number_text, &number_text);
        if let Some(src) = &r.source {
            self.w.delete_term(Term::from_field_text(f.path, &src.path));
            doc.add_text(f.sha256, &src.sha256);
            doc.add_text(f.path, &src.path);
        }
        if let Some(t) = &r.doc_type {
            doc.add_text(f.doc_type, fold_lower(t));
        }
        let issuer = [
            r.issuer.as_deref(),
            r.issuer_name.as_deref(),
            r.issuer_parent.as_deref(),
            r.locality.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        doc.add_text(f.issuer, &issuer);
        if let (Some(field), Some(name)) = (f.issuer_name, &r.issuer_name) {
            doc.add_text(field, name);
        }
        if let (Some(field), Some(place)) = (f.province, &r.locality) {
            doc.add_text(field, place);
        }
        if let Some(d) = r.date {
            doc.add_i64(f.date, d.ordinal());
        }
        for c in &r.cites {
            doc.add_text(f.cites, c.key.as_str());
            if let Some(n) = c.key.number() {
                doc.add_text(f.cites_number, n);
            }
            if let Some(v) = &c.via {
                doc.add_text(f.via, v.as_str());
            }
        }
        let subject = r.subject.as_deref().unwrap_or_default();
        doc.add_text(f.subject, subject);
        doc.add_text(f.subject_folded, subject);
        doc.add_text(f.body, &r.text);
        doc.add_text(f.body_folded, &r.text);
        doc.add_text(f.record, serde_json::to_string(r)?);
        self.w.add_document(doc)?;
        Ok(())
    }

    /// Makes everything added so far durable and visible, atomically.
    pub fn commit(&mut self) -> Result<()> {
        let prepared = self.w.prepare_commit()?;
        failpoint_mid_commit();
        prepared.commit()?;
        Ok(())
    }
}

/// For the crash tests only: `VANTHU_FAILPOINT=kill-mid-commit:N` kills the process with
/// SIGKILL in its Nth commit, after the new segments are on disk and before the index's meta
/// file points at them — the worst moment for power to fail.
fn failpoint_mid_commit() {
    static COMMITS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let Some(n) = std::env::var("VANTHU_FAILPOINT")
        .ok()
        .and_then(|v| v.strip_prefix("kill-mid-commit:")?.parse::<usize>().ok())
    else {
        return;
    };
    if COMMITS.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1 == n {
        let _ = std::process::Command::new("kill")
            .args(["-9", &std::process::id().to_string()])
            .status();
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}

/// Reads what may be damaged in the index's files. tantivy trusts a store block's offsets and
/// a footer's ids, and panics on ones a damage made impossible (a subtraction that overflows,
/// a slice past the end, an unknown compressor) instead of returning an error; a panic here is
/// that damage, said as an error like any other, and not printed as a crash.
fn read_damaged<T, E>(read: impl FnOnce() -> std::result::Result<T, E>) -> Result<T>
where
    E: std::error::Error + Send + Sync + 'static,
{
    thread_local!(static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                before(info)
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    QUIET.with(|q| q.set(false));
    match r {
        Ok(r) => Ok(r?),
        Err(panic) => {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            bail!("damaged: the index's reader failed on it ({why})")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// However its document store is damaged, vanthu never panics: `export` writes what it can
    /// read and says what it could not, or the archive says it cannot be opened. Eight bytes
    /// are damaged every 97 bytes of the store, since where they land (a block's compressed
    /// bytes, its offsets, the skip index, the footer) decides whether tantivy errs or panics.
    #[test]
    fn export_of_a_store_damaged_anywhere_says_so_and_never_panics() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let archive = Archive::open_or_create(&a).unwrap();
        let mut w = archive.writer().unwrap();
        // Text that compresses little, as a real archive's does: where a damage lands in
        // literal bytes, the block still decompresses, into wrong offsets.
        let syllables = [
            "kế", "hoạch", "triển", "khai", "nghị", "quyết", "của", "tỉnh", "về",
        ];
        let mut seed = 7u64;
        for i in 0..40 {
            let mut body = String::new();
            for _ in 0..300 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                body.push_str(syllables[(seed >> 33) as usize % syllables.len()]);
                body.push_str(&format!("{} ", (seed >> 40) % 1000));
            }
            let text = format!(
                "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: {i}/KH-UBND\nTây Lĩnh, ngày 05 tháng 3 năm 2025\n\nKẾ HOẠCH\nChuyển đổi số lần {i}\n{body}"
            );
            w.add(&crate::extract::extract(&text, None)).unwrap();
        }
        w.commit().unwrap();
        drop(w);
        drop(archive);
        let store = std::fs::read_dir(a.join("index"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == "store"))
            .unwrap();
        let clean = std::fs::read(&store).unwrap();
        let mut lost = 0;
        for at in (0..clean.len()).step_by(97) {
            let mut bytes = clean.clone();
            for b in &mut bytes[at..(at + 8).min(clean.len())] {
                *b ^= 0xff;
            }
            std::fs::write(&store, &bytes).unwrap();
            let archive = match Archive::open(&a) {
                Ok(archive) => archive,
                Err(e) => {
                    // A damaged footer: the segment cannot be opened at all, and says so.
                    assert!(format!("{e:#}").contains("cannot open the index"), "{e:#}");
                    continue;
                }
            };
            let mut out = Vec::new();
            match archive.export(&mut out) {
                Ok(n) => assert_eq!(n, 40),
                Err(e) => {
                    let e = e.to_string();
                    assert!(e.contains("could not be read"), "{e}");
                    lost += 1;
                }
            }
        }
        // The damage was seen.
        assert!(lost > 0);
    }

    /// An archive made before issuers and provinces were indexed opens, takes records and
    /// answers searches; its search page says the two are not counted, and a province
    /// filter finds nothing rather than everything.
    #[test]
    fn an_archive_of_the_first_schema_still_works_and_says_what_it_lacks() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        std::fs::create_dir_all(a.join("index")).unwrap();
        Index::create_in_dir(a.join("index"), schema::build_first()).unwrap();
        std::fs::write(a.join(MARKER), r#"{"format":1,"tool":"vanthu"}"#).unwrap();
        let archive = Archive::open(&a).unwrap();
        assert!(archive.f.issuer_name.is_none() && archive.f.province.is_none());
        let text = "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: 9/KH-UBND\nTây Lĩnh, ngày 05 tháng 3 năm 2025\n\nKẾ HOẠCH\nChuyển đổi số\n";
        let mut w = archive.writer().unwrap();
        w.add(&crate::extract::extract(text, None)).unwrap();
        w.commit().unwrap();
        drop(w);
        let page = archive
            .search_page("chuyen doi so", &Filters::default(), 0, 10, true)
            .unwrap();
        assert_eq!(page.total, 1);
        assert!(page.old_schema && page.issuers.is_empty() && page.provinces.is_empty());
        assert_eq!(page.years, vec![(2025, 1)]);
        let f = Filters {
            province: Some("Tây Lĩnh".into()),
            ..Filters::default()
        };
        assert_eq!(
            archive
                .search_page("chuyen doi so", &f, 0, 10, true)
                .unwrap()
                .total,
            0
        );
    }
}
