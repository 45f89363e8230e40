//! Tracing the citation graph: from one document down to every document that implements or
//! cites it, or up to everything it implements or cites, recursively. The trace is a tree of
//! [`Node`]s: JSON for programs as it is; `print` draws it for people and for Graphviz.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use serde::Serialize;

use super::{Archive, Edge};
use crate::record::{Date, DocKey, Record, Relation, Status};

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
    pub date: Option<Date>,
    pub issuer: Option<String>,
    /// The issuer as a name (`UBND tỉnh Hà Tĩnh`), see [`Record::issuer_name`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer_name: Option<String>,
    /// The province whose document it is, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    pub subject: Option<String>,
    /// The node was already shown higher in the trace; its children are not repeated.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub repeated: bool,
    pub children: Vec<Node>,
    /// Documents related to this one that are not among its children: the trace had reached
    /// its most nodes ([`MAX_NODES`], `trace --max-nodes`) before them.
    #[serde(skip_serializing_if = "crate::record::is_zero")]
    pub not_shown: usize,
}

/// The most documents a trace reads by default: a trace holds its nodes at once, and one of a
/// million documents would take gigabytes. What is left out is counted on its parent and said.
pub const MAX_NODES: usize = 100_000;

fn node(r: &Record, relation: Option<Relation>) -> Node {
    Node {
        key: r.key.clone(),
        number: r.number.clone(),
        status: r.status,
        relation,
        doc_type: r.doc_type.clone(),
        date: r.date,
        issuer: r.issuer.clone(),
        issuer_name: r.issuer_name.clone(),
        locality: r.locality.clone(),
        subject: r.subject.clone(),
        repeated: false,
        children: Vec::new(),
        not_shown: 0,
    }
}

/// What a trace keeps of a document it reached: its node (without children) and, tracing up
/// while levels remain, what it cites. Not the record: a document citing 256,000 others has
/// 256,000 stubs, and whole records of them held at once were over a gigabyte.
struct Reached {
    node: Node,
    cites: Vec<Edge>,
}

fn reached(r: Record, dir: Direction, more: bool) -> Reached {
    let cites = if dir == Direction::Up && more {
        r.cites.iter().map(super::edge_of_cite).collect()
    } else {
        Vec::new()
    };
    Reached {
        node: node(&r, None),
        cites,
    }
}

/// Traces from `key`, at most `depth` levels. Breadth first, so that a document reached by
/// several paths is expanded where it is nearest the root and marked `repeated` elsewhere.
pub fn trace(a: &Archive, key: &DocKey, dir: Direction, depth: usize) -> Result<Option<Node>> {
    trace_at_most(a, key, dir, depth, MAX_NODES)
}

/// [`trace`] reading at most `max_nodes` documents; the edges past them are counted on their
/// parents ([`Node::not_shown`]).
pub fn trace_at_most(
    a: &Archive,
    key: &DocKey,
    dir: Direction,
    depth: usize,
    max_nodes: usize,
) -> Result<Option<Node>> {
    let Some(root) = a.record_or_stub(key)? else {
        return Ok(None);
    };
    // Discover: each key's node and its edges, level by level.
    let mut records: HashMap<DocKey, Reached> = HashMap::new();
    let mut edges: HashMap<DocKey, Vec<(DocKey, Relation)>> = HashMap::new();
    let mut not_shown: HashMap<DocKey, usize> = HashMap::new();
    // A numberless record identified as the number asked for is the root under its own key.
    let root_key = root.key.clone();
    let mut level = vec![root_key.clone()];
    records.insert(root_key.clone(), reached(root, dir, depth > 0));
    for depth_now in 1..=depth {
        let mut next = Vec::new();
        let found: Vec<Vec<Edge>> = match dir {
            // The whole level's citing records in one query.
            Direction::Down => {
                let mut by = a.cited_by_many(&level)?;
                level
                    .iter()
                    .map(|k| by.remove(k).unwrap_or_default())
                    .collect()
            }
            Direction::Up => level
                .iter()
                .map(|k| {
                    records
                        .get_mut(k)
                        .map(|r| std::mem::take(&mut r.cites))
                        .unwrap_or_default()
                })
                .collect(),
        };
        // The level's new documents, read together.
        let mut new: Vec<DocKey> = found
            .iter()
            .flatten()
            .map(|e| e.key.clone())
            .filter(|k| !records.contains_key(k))
            .collect();
        new.sort();
        new.dedup();
        // Past the most nodes, the rest of the level is not read (its edges are counted).
        new.truncate(max_nodes.saturating_sub(records.len()));
        let more = depth_now < depth;
        let mut loaded = a.records_or_stubs_as(&new, |r| reached(r, dir, more))?;
        for (k, es) in level.iter().zip(found) {
            let mut out = Vec::new();
            for e in es {
                if !records.contains_key(&e.key) {
                    let Some(child) = loaded.remove(&e.key) else {
                        if new.binary_search(&e.key).is_err() {
                            *not_shown.entry(k.clone()).or_default() += 1;
                        }
                        continue;
                    };
                    records.insert(e.key.clone(), child);
                    next.push(e.key.clone());
                }
                out.push((e.key, e.relation));
            }
            out.sort_by(|x, y| {
                let (rx, ry) = (&records[&x.0].node, &records[&y.0].node);
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
    /// What the discovery found, for building the tree.
    struct Found {
        records: HashMap<DocKey, Reached>,
        edges: HashMap<DocKey, Vec<(DocKey, Relation)>>,
        owner: HashMap<(DocKey, DocKey), bool>,
        not_shown: HashMap<DocKey, usize>,
    }
    fn build(k: &DocKey, rel: Option<Relation>, f: &Found) -> Node {
        let mut n = f.records[k].node.clone();
        n.relation = rel;
        n.not_shown = f.not_shown.get(k).copied().unwrap_or(0);
        for (c, r) in f.edges.get(k).into_iter().flatten() {
            if f.owner.get(&(k.clone(), c.clone())) == Some(&true) {
                n.children.push(build(c, Some(*r), f));
            } else {
                let mut leaf = f.records[c].node.clone();
                leaf.relation = Some(*r);
                leaf.repeated = true;
                n.children.push(leaf);
            }
        }
        n
    }
    let found = Found {
        records,
        edges,
        owner,
        not_shown,
    };
    Ok(Some(build(&root_key, None, &found)))
}
