//! Rendering for people: a record, a record on one line, a search's hits, a trace as a tree
//! or for Graphviz (DOT), `check`'s findings. Programs get the JSON of the same values
//! (`--json`), which is the values' own serialisation, not made here.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::archive::graph::{Direction, Node};
use crate::archive::{CheckKind, CheckReport, Shown};
use crate::record::{DocKey, Record, Relation, Status};

/// One record on one line: `number  type · date · issuer  [not in archive] — subject…`.
pub fn one_line(r: &Record) -> String {
    let date = r.date.map(|d| d.iso());
    let who = who(
        &r.key,
        r.issuer_name.as_deref(),
        r.issuer.as_deref(),
        r.locality.as_deref(),
    );
    describe(
        r.number.as_deref(),
        &r.key,
        [r.doc_type.as_deref(), date.as_deref(), who.as_deref()],
        r.status,
        r.subject.as_deref(),
        90,
    )
}

/// Search hits, numbered, one a line; `no match` when there are none.
pub fn hits(records: &[Record]) -> String {
    if records.is_empty() {
        return "no match\n".to_string();
    }
    let mut out = String::new();
    for (i, r) in records.iter().enumerate() {
        let _ = writeln!(out, "{:>3}. {}", i + 1, one_line(r));
    }
    out
}

/// `check`'s findings, one a line, and its summary line.
pub fn check(report: &CheckReport, archive: &std::path::Path) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let _ = writeln!(out, "{f}");
    }
    let _ = writeln!(
        out,
        "vanthu: checked {} records in {}: {} problems, {} sources moved, {} changed",
        report.records,
        archive.display(),
        report.count(CheckKind::Problem),
        report.count(CheckKind::Moved),
        report.count(CheckKind::Changed)
    );
    out
}

/// Why a typed number names no one document: the documents it may mean, a line each.
pub fn ambiguous(typed: &str, candidates: &[(DocKey, Option<Record>)]) -> String {
    let mut msg = format!(
        "{typed} names {} documents; give one key:",
        candidates.len()
    );
    for (k, r) in candidates {
        let what = r.as_ref().map(one_line).unwrap_or_default();
        msg.push_str(&format!("\n  {k}    {what}"));
    }
    msg
}

/// A record (or stub) field by field; with what cites it when `shown`.
pub fn record(r: &Record, shown: Option<&Shown>) -> String {
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
    field("date", r.date.map(|d| d.iso()).as_deref());
    field("place", r.place.as_deref());
    field("issuer", r.issuer.as_deref());
    if r.issuer_name.as_deref() != r.issuer.as_deref() {
        let named = match (&r.issuer_name, &r.issuer_parent) {
            (Some(n), Some(p)) => Some(format!("{n} ({p})")),
            (n, _) => n.clone(),
        };
        field("named", named.as_deref());
    }
    field("locality", r.locality.as_deref());
    field("subject", r.subject.as_deref());
    field("signer", r.signer.as_deref());
    field("signed as", r.signer_title.as_deref());
    if let Some(src) = &r.source {
        field("source", Some(&src.path));
        field("sha256", Some(&src.sha256));
    }
    if let Some(scan) = &r.scan {
        field("pages", Some(&pages(scan)));
        for sig in &scan.signatures {
            let who = [
                sig.signer.as_deref(),
                sig.organisation.as_deref(),
                sig.time.as_deref(),
            ];
            field("signed by", Some(&facts(who)));
        }
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
    if !r.review.is_empty() {
        out.push_str(&format!("review ({})\n", r.review.len()));
        for x in &r.review {
            let at = x.page.map(|p| format!(" (page {p})")).unwrap_or_default();
            out.push_str(&format!("  {:<7} {}{at}\n", x.field, x.reason));
        }
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
            let date = c.date.map(|d| d.iso());
            out.push_str(&format!(
                "  {:<11} {}  {}\n",
                c.relation.as_str(),
                c.number,
                facts([c.doc_type.as_deref(), date.as_deref(), c.issuer.as_deref()])
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
            // Its date and province: what tells two documents of one number apart.
            let date = e.date.map(|d| d.iso());
            let about = facts([date.as_deref(), e.province.as_deref(), None]);
            let about = if about.is_empty() {
                String::new()
            } else {
                format!("  {about}")
            };
            out.push_str(&format!(
                "  {:<11} {}{about}{by}\n",
                e.relation.as_str(),
                label(e.number.as_deref(), &e.key)
            ));
        }
        if !s.same_key.is_empty() {
            out.push_str(&format!(
                "also under this key ({}): check the number of each\n",
                s.same_key.len()
            ));
            for o in &s.same_key {
                let date = o.date.map(|d| d.iso());
                out.push_str(&format!(
                    "  {}  {}\n",
                    o.path.as_deref().unwrap_or("?"),
                    facts([o.doc_type.as_deref(), date.as_deref(), o.issuer.as_deref()])
                ));
            }
        }
    }
    out
}

/// A scan's pages: `2 (tesseract 5.3.0, vie): 1: ocr 91%, 2: text-layer`.
fn pages(scan: &crate::record::Scan) -> String {
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
    format!("{}{engine}: {}", scan.page_count, pages.join(", "))
}

fn short(s: &str, chars: usize) -> String {
    if s.chars().count() <= chars {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(chars - 1).collect();
        t.push('…');
        t
    }
}

/// How a node is named for people: its number, else "(no number)" and its key.
pub fn label(number: Option<&str>, key: &DocKey) -> String {
    match number {
        Some(n) => n.to_string(),
        None => format!("(no number, {key})"),
    }
}

/// Who issued a document, for a line: its name (or the header as written), and the province
/// when the name does not say it (`Ban Thường vụ Tỉnh ủy · Lạng Sơn`) and the document is a
/// province's (its key is scoped to one, or it has no number): a central body's document is
/// no province's, wherever it was signed.
fn who(
    key: &DocKey,
    name: Option<&str>,
    written: Option<&str>,
    locality: Option<&str>,
) -> Option<String> {
    let name = name.or(written);
    let locality = locality.filter(|_| key.is_hash() || key.place_and_year().0.is_some());
    match (name, locality) {
        (Some(n), Some(l)) if !n.contains(l) => Some(format!("{n} · {l}")),
        (Some(n), _) => Some(n.to_string()),
        (None, l) => l.map(str::to_string),
    }
}

/// `type · date · issuer`, of those that are known.
pub fn facts(parts: [Option<&str>; 3]) -> String {
    parts.into_iter().flatten().collect::<Vec<_>>().join(" · ")
}

/// One line for people: `number  type · date · issuer  [not in archive] — subject…`.
pub fn describe(
    number: Option<&str>,
    key: &DocKey,
    parts: [Option<&str>; 3],
    status: Status,
    subject: Option<&str>,
    subject_chars: usize,
) -> String {
    let mut s = label(number, key);
    let f = facts(parts);
    if !f.is_empty() {
        let _ = write!(s, "  {f}");
    }
    if status == Status::Stub {
        s.push_str("  [not in archive]");
    }
    if let Some(sub) = subject {
        let _ = write!(s, " — {}", short(sub, subject_chars));
    }
    s
}

fn node_line(n: &Node) -> String {
    let date = n.date.map(|d| d.iso());
    let who = who(
        &n.key,
        n.issuer_name.as_deref(),
        n.issuer.as_deref(),
        n.locality.as_deref(),
    );
    let mut s = describe(
        n.number.as_deref(),
        &n.key,
        [n.doc_type.as_deref(), date.as_deref(), who.as_deref()],
        n.status,
        n.subject.as_deref(),
        70,
    );
    if n.repeated {
        s.push_str("  (repeated)");
    }
    s
}

/// A trace as a tree for people.
pub fn tree(root: &Node, dir: Direction) -> String {
    let mut out = node_line(root);
    out.push('\n');
    fn walk(n: &Node, prefix: &str, dir: Direction, out: &mut String) {
        for (i, c) in n.children.iter().enumerate() {
            let last = i + 1 == n.children.len() && n.not_shown == 0;
            let rel = c.relation.map_or("", Relation::as_str);
            let arrow = match dir {
                Direction::Down => format!("{rel} ←"),
                Direction::Up => format!("{rel} →"),
            };
            let _ = writeln!(
                out,
                "{prefix}{} {arrow} {}",
                if last { "└─" } else { "├─" },
                node_line(c)
            );
            let next = format!("{prefix}{}", if last { "   " } else { "│  " });
            walk(c, &next, dir, out);
        }
        if n.not_shown > 0 {
            let _ = writeln!(
                out,
                "{prefix}└─ … {} more not shown: the trace reached its most documents \
                 (--max-nodes)",
                n.not_shown
            );
        }
    }
    walk(root, "", dir, &mut out);
    out
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A trace for Graphviz: one node per document, an edge from citing to cited labelled by the
/// relation.
pub fn dot(root: &Node, dir: Direction) -> String {
    dot_with(root, dir, None)
}

/// [`dot`], each node with a link (`href` of its key) when laid out as SVG.
pub fn dot_with(root: &Node, dir: Direction, href: Option<&dyn Fn(&DocKey) -> String>) -> String {
    let mut out = String::from(
        "digraph vanthu {\n  rankdir=BT;\n  node [shape=box, fontname=\"DejaVu Sans\"];\n  edge [fontname=\"DejaVu Sans\", fontsize=10];\n",
    );
    let mut nodes = HashSet::new();
    let mut edges = HashSet::new();
    fn walk(
        n: &Node,
        dir: Direction,
        href: Option<&dyn Fn(&DocKey) -> String>,
        out: &mut String,
        nodes: &mut HashSet<DocKey>,
        edges: &mut HashSet<(DocKey, DocKey)>,
    ) {
        if nodes.insert(n.key.clone()) {
            let mut lbl = label(n.number.as_deref(), &n.key);
            let date = n.date.map(|d| d.iso());
            for f in [n.doc_type.as_deref(), date.as_deref()]
                .into_iter()
                .flatten()
            {
                lbl.push('\n');
                lbl.push_str(f);
            }
            let mut style = if n.status == Status::Stub {
                ", style=dashed".to_string()
            } else {
                String::new()
            };
            if let Some(h) = href {
                let _ = write!(style, ", URL=\"{}\"", dot_escape(&h(&n.key)));
            }
            let _ = writeln!(
                out,
                "  \"{}\" [label=\"{}\"{style}];",
                dot_escape(n.key.as_str()),
                dot_escape(&lbl)
            );
        }
        for c in &n.children {
            let (from, to) = match dir {
                Direction::Down => (&c.key, &n.key),
                Direction::Up => (&n.key, &c.key),
            };
            if edges.insert((from.clone(), to.clone())) {
                let _ = writeln!(
                    out,
                    "  \"{}\" -> \"{}\" [label=\"{}\"];",
                    dot_escape(from.as_str()),
                    dot_escape(to.as_str()),
                    c.relation.map_or("", Relation::as_str)
                );
            }
            walk(c, dir, href, out, nodes, edges);
        }
        if n.not_shown > 0 {
            let more = format!("{}+more", n.key);
            let _ = writeln!(
                out,
                "  \"{}\" [label=\"… {} more not shown\", shape=plaintext];",
                dot_escape(&more),
                n.not_shown
            );
            let (from, to) = match dir {
                Direction::Down => (more.as_str(), n.key.as_str()),
                Direction::Up => (n.key.as_str(), more.as_str()),
            };
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" [style=dotted];",
                dot_escape(from),
                dot_escape(to)
            );
        }
    }
    walk(root, dir, href, &mut out, &mut nodes, &mut edges);
    out.push_str("}\n");
    out
}
