//! Tracing the citation graph: from one document down to every document that implements or
//! cites it, or up to everything it implements or cites, recursively; rendered as a tree for
//! people, JSON for programs, or Graphviz.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use anyhow::Result;
use serde::Serialize;

use super::Archive;
use crate::record::{DocKey, Record, Relation, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Who implements or cites it.
    Down,
    /// What it implements or cites.
    Up,
}

/// One node of a trace.
#[derive(Clone, Debug, Serialize)]
pub struct Node {
    pub key: DocKey,
    pub number: Option<String>,
    pub status: Status,
    /// How this node relates to its parent in the trace (none at the root). Down: this node
    /// *relation* its parent; up: its parent *relation* this node.
    pub relation: Option<Relation>,
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    /// The node was already shown higher in the trace; its children are not repeated.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub repeated: bool,
    pub children: Vec<Node>,
}

fn node(r: &Record, relation: Option<Relation>) -> Node {
    Node {
        key: r.key.clone(),
        number: r.number.clone(),
        status: r.status,
        relation,
        doc_type: r.doc_type.clone(),
        date: r.date.clone(),
        issuer: r.issuer.clone(),
        subject: r.subject.clone(),
        repeated: false,
        children: Vec::new(),
    }
}

/// Traces from `key`, at most `depth` levels. Breadth first, so that a document reached by
/// several paths is expanded where it is nearest the root and marked `repeated` elsewhere.
pub fn trace(a: &Archive, key: &DocKey, dir: Direction, depth: usize) -> Result<Option<Node>> {
    let Some(root) = a.record_or_stub(key)? else {
        return Ok(None);
    };
    // Discover: each key's record and its edges, level by level.
    let mut records: HashMap<DocKey, Record> = HashMap::new();
    let mut edges: HashMap<DocKey, Vec<(DocKey, Relation)>> = HashMap::new();
    let mut level = vec![root.key.clone()];
    records.insert(root.key.clone(), root);
    for _ in 0..depth {
        let mut next = Vec::new();
        for k in &level {
            let r = &records[k];
            let es = match dir {
                Direction::Down => a.cited_by(&r.key)?,
                Direction::Up => a.cites_of(r)?,
            };
            let mut out = Vec::new();
            for e in es {
                if !records.contains_key(&e.key) {
                    let Some(child) = a.record_or_stub(&e.key)? else {
                        continue;
                    };
                    records.insert(e.key.clone(), child);
                    next.push(e.key.clone());
                }
                out.push((e.key, e.relation));
            }
            out.sort_by(|x, y| {
                let (rx, ry) = (&records[&x.0], &records[&y.0]);
                (x.1, &rx.date, &x.0).cmp(&(y.1, &ry.date, &y.0))
            });
            edges.insert(k.clone(), out);
        }
        if next.is_empty() {
            break;
        }
        level = next;
    }
    // Build: expand each key once, at its first place in breadth-first order.
    let root_key = key_of_root(&records, key);
    let mut expanded: HashSet<DocKey> = HashSet::new();
    expanded.insert(root_key.clone());
    // Implementing chains first, so that a plan is shown under what it implements rather than
    // under something that merely mentions it; then every other edge.
    let mut owner: HashMap<(DocKey, DocKey), bool> = HashMap::new();
    for implements_only in [true, false] {
        let mut order = vec![root_key.clone()];
        let mut i = 0;
        while i < order.len() {
            let k = order[i].clone();
            for (c, r) in edges.get(&k).into_iter().flatten() {
                if implements_only && *r != Relation::Implements {
                    continue;
                }
                let edge = (k.clone(), c.clone());
                let owns = match owner.get(&edge) {
                    Some(o) => *o,
                    None => {
                        let first = expanded.insert(c.clone());
                        owner.insert(edge, first);
                        first
                    }
                };
                if owns {
                    order.push(c.clone());
                }
            }
            i += 1;
        }
    }
    fn build(
        k: &DocKey,
        rel: Option<Relation>,
        records: &HashMap<DocKey, Record>,
        edges: &HashMap<DocKey, Vec<(DocKey, Relation)>>,
        owner: &HashMap<(DocKey, DocKey), bool>,
    ) -> Node {
        let mut n = node(&records[k], rel);
        for (c, r) in edges.get(k).into_iter().flatten() {
            if owner.get(&(k.clone(), c.clone())) == Some(&true) {
                n.children.push(build(c, Some(*r), records, edges, owner));
            } else {
                let mut leaf = node(&records[c], Some(*r));
                leaf.repeated = true;
                n.children.push(leaf);
            }
        }
        n
    }
    Ok(Some(build(&root_key, None, &records, &edges, &owner)))
}

fn key_of_root(records: &HashMap<DocKey, Record>, key: &DocKey) -> DocKey {
    records
        .get(key)
        .map(|r| r.key.clone())
        .unwrap_or_else(|| key.clone())
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

fn line(n: &Node) -> String {
    let mut s = describe(
        n.number.as_deref(),
        &n.key,
        [
            n.doc_type.as_deref(),
            n.date.as_deref(),
            n.issuer.as_deref(),
        ],
        n.status,
        n.subject.as_deref(),
        70,
    );
    if n.repeated {
        s.push_str("  (repeated)");
    }
    s
}

/// A tree for people.
pub fn render_tree(root: &Node, dir: Direction) -> String {
    let mut out = line(root);
    out.push('\n');
    fn walk(n: &Node, prefix: &str, dir: Direction, out: &mut String) {
        for (i, c) in n.children.iter().enumerate() {
            let last = i + 1 == n.children.len();
            let rel = c.relation.map_or("", Relation::as_str);
            let arrow = match dir {
                Direction::Down => format!("{rel} ←"),
                Direction::Up => format!("{rel} →"),
            };
            let _ = writeln!(
                out,
                "{prefix}{} {arrow} {}",
                if last { "└─" } else { "├─" },
                line(c)
            );
            let next = format!("{prefix}{}", if last { "   " } else { "│  " });
            walk(c, &next, dir, out);
        }
    }
    walk(root, "", dir, &mut out);
    out
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Graphviz: one node per document, an edge from citing to cited labelled by the relation.
pub fn render_dot(root: &Node, dir: Direction) -> String {
    let mut out = String::from(
        "digraph vanthu {\n  rankdir=BT;\n  node [shape=box, fontname=\"DejaVu Sans\"];\n  edge [fontname=\"DejaVu Sans\", fontsize=10];\n",
    );
    let mut nodes = HashSet::new();
    let mut edges = HashSet::new();
    fn walk(
        n: &Node,
        dir: Direction,
        out: &mut String,
        nodes: &mut HashSet<DocKey>,
        edges: &mut HashSet<(DocKey, DocKey)>,
    ) {
        if nodes.insert(n.key.clone()) {
            let mut lbl = label(n.number.as_deref(), &n.key);
            for f in [n.doc_type.as_deref(), n.date.as_deref()]
                .into_iter()
                .flatten()
            {
                lbl.push('\n');
                lbl.push_str(f);
            }
            let style = if n.status == Status::Stub {
                ", style=dashed"
            } else {
                ""
            };
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
            walk(c, dir, out, nodes, edges);
        }
    }
    walk(root, dir, &mut out, &mut nodes, &mut edges);
    out.push_str("}\n");
    out
}
