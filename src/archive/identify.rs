//! Documents whose own number is missing — a typed copy without its header, a draft — found
//! again in the numbers others cite them by. A numberless record *is* a cited document when
//! the citing text quotes its subject, and nothing known of the two disagrees: same type, the
//! same symbol if the draft shows one, the same year and province where both are known.
//! Worked out when asked, never stored: a later ingest can only add evidence.

use std::collections::HashSet;

use anyhow::Result;
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::{schema, Archive};
use crate::number::parse_number;
use crate::record::{Citation, DocKey, Identified, Record};
use crate::text::{self, fold_lower, slug};

/// The share of a subject's word pairs the citing text must quote.
const MIN_QUOTED: f32 = 0.6;
/// How far after a citation its quoted subject may run, in bytes.
const CONTEXT: usize = 600;

fn words(s: &str) -> Vec<String> {
    text::words(&fold_lower(s)).map(str::to_string).collect()
}

fn pairs(ws: &[String]) -> Vec<(String, String)> {
    ws.windows(2)
        .map(|w| (w[0].clone(), w[1].clone()))
        .collect()
}

/// The text after each mention of a citation in its citing record.
fn contexts<'a>(citing: &'a Record, c: &Citation) -> Vec<&'a str> {
    let t = &citing.text;
    c.spans
        .iter()
        .filter(|s| s[1] <= t.len() && t.is_char_boundary(s[1]))
        .map(|s| {
            let mut end = (s[1] + CONTEXT).min(t.len());
            while !t.is_char_boundary(end) {
                end -= 1;
            }
            &t[s[1]..end]
        })
        .collect()
}

/// How much of `subject` the citing text quotes after the citation: the share of the
/// subject's word pairs found there (0–1).
fn quoted(subject: &str, citing: &Record, c: &Citation) -> f32 {
    let sp = pairs(&words(subject));
    if sp.len() < 4 {
        return 0.0;
    }
    contexts(citing, c)
        .into_iter()
        .map(|ctx| {
            let have: HashSet<(String, String)> = pairs(&words(ctx)).into_iter().collect();
            sp.iter().filter(|p| have.contains(p)).count() as f32 / sp.len() as f32
        })
        .fold(0.0, f32::max)
}

/// The words that name an issuer, abbreviations spelled out, place words left out.
fn issuer_words(s: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    for w in words(s) {
        match w.as_str() {
            "ubnd" => out.extend(["uy", "ban", "nhan", "dan"].map(String::from)),
            "hdnd" => out.extend(["hoi", "dong", "nhan", "dan"].map(String::from)),
            "tinh" | "huyen" | "xa" | "cua" | "va" | "so" | "tw" => {}
            _ => {
                out.insert(w);
            }
        }
    }
    out
}

/// The kind of body an issuer is — Party committee, People's Committee, People's Council,
/// Government, department, inspectorate — from its issuing unit (the last part of a header
/// block: `UBND TỈNH X / SỞ Y` is a department), else from the whole.
fn issuer_family(s: &str) -> Option<&'static str> {
    fn of(f: &str) -> Option<&'static str> {
        let f = format!(" {f} ");
        let has = |w: &[&str]| w.iter().any(|w| f.contains(w));
        if has(&[" ubnd ", " uy ban nhan dan "]) {
            Some("people's committee")
        } else if has(&[" hdnd ", " hoi dong nhan dan "]) {
            Some("people's council")
        } else if has(&[
            " tinh uy ",
            " thanh uy ",
            " huyen uy ",
            " dang uy ",
            " ban thuong vu ",
            " ban chap hanh ",
            " bo chinh tri ",
            " ban bi thu ",
            " ban chi dao ",
        ]) {
            Some("party")
        } else if has(&[" chinh phu ", " thu tuong "]) {
            Some("government")
        } else if f.starts_with(" so ") {
            Some("department")
        } else if has(&[" thanh tra "]) {
            Some("inspectorate")
        } else {
            None
        }
    }
    let folded = words(s).join(" ");
    let last = s.rsplit('/').next().map(|l| words(l).join(" "));
    last.as_deref().and_then(of).or_else(|| of(&folded))
}

/// Whether the numberless record `r` may be the stub: why not, when it may not.
fn conflict(r: &Record, stub: &Record) -> Option<String> {
    if r.cites
        .iter()
        .any(|c| c.key.number().is_some() && c.key.number() == stub.key.number())
    {
        // It cites that number itself: it is not that document.
        return Some("it cites that number".into());
    }
    if let (Some(a), Some(b)) = (
        stub.issuer.as_deref().and_then(issuer_family),
        r.issuer.as_deref().and_then(issuer_family),
    ) {
        if a != b {
            return Some(format!("issuer is a {a}, not a {b}"));
        }
    }
    if stub.key.scope().is_none() && r.locality.is_some() {
        // A national number (Party centre, Government) is not a provincial document's.
        return Some("a national number for a provincial document".into());
    }
    if let (Some(a), Some(b)) = (&stub.issuer, &r.issuer) {
        let (a, b) = (issuer_words(a), issuer_words(b));
        if !a.is_empty() && !b.is_empty() && a.is_disjoint(&b) {
            return Some("issuer differs".into());
        }
    }
    if r.doc_type.is_none() || r.doc_type != stub.doc_type {
        return Some("type differs".into());
    }
    if let (Some(sym), Some(n)) = (&r.symbol, stub.number.as_deref().and_then(parse_number)) {
        if slug(sym) != slug(&n.symbol()) {
            return Some("symbol differs".into());
        }
    }
    let (place, year) = stub.key.place_and_year();
    if let (Some(p), Some(l)) = (place, &r.locality) {
        if slug(l) != p {
            return Some("province differs".into());
        }
    }
    let r_year = r.date.map(|d| d.year.to_string());
    let s_year = year
        .map(str::to_string)
        .or(stub.date.map(|d| d.year.to_string()));
    if let (Some(a), Some(b)) = (r_year, s_year) {
        if a != b {
            return Some("year differs".into());
        }
    }
    if let (Some(a), Some(b)) = (&r.date, &stub.date) {
        if a.is_full() && b.is_full() && a != b {
            return Some("date differs".into());
        }
    }
    None
}

/// Numberless ingested records by type (folded), read once for a run of identifications:
/// a trace up from a document citing thousands makes thousands of stubs.
#[derive(Default)]
pub struct Numberless(std::collections::HashMap<String, Vec<Record>>);

impl Archive {
    /// Numberless ingested records of a type.
    fn numberless_of_type<'c>(
        &self,
        s: &Searcher,
        doc_type: &str,
        cache: &'c mut Numberless,
    ) -> Result<&'c [Record]> {
        let folded = fold_lower(doc_type);
        if !cache.0.contains_key(&folded) {
            let found = self.read_numberless_of_type(s, &folded)?;
            cache.0.insert(folded.clone(), found);
        }
        Ok(&cache.0[&folded])
    }

    fn read_numberless_of_type(&self, s: &Searcher, folded_type: &str) -> Result<Vec<Record>> {
        let q = BooleanQuery::new(vec![
            (
                Occur::Must,
                // Keys from `sha256:` up to `sha256;` (the next byte): every content key. A
                // range of terms, not a regex, whose automaton was built anew for every stub.
                Box::new(RangeQuery::new(
                    std::ops::Bound::Included(Term::from_field_text(self.f.key, "sha256:")),
                    std::ops::Bound::Excluded(Term::from_field_text(self.f.key, "sha256;")),
                )) as Box<dyn Query>,
            ),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.f.doc_type, folded_type),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        self.records_of(s, &q)
    }

    /// The numberless record that the stub is, with the evidence, when the citing texts quote
    /// its subject and nothing known disagrees; none when no record, or more than one, fits.
    pub fn identify_stub(
        &self,
        s: &Searcher,
        stub: &Record,
        cites: &[(&Record, &Citation)],
        cache: &mut Numberless,
    ) -> Result<Option<(Record, Identified)>> {
        let (Some(doc_type), Some(number)) = (&stub.doc_type, &stub.number) else {
            return Ok(None);
        };
        let mut fits: Vec<(f32, Record, Identified)> = Vec::new();
        for r in self.numberless_of_type(s, doc_type, cache)? {
            let Some(subject) = r.subject.as_deref() else {
                continue;
            };
            if conflict(r, stub).is_some() {
                continue;
            }
            let best = cites
                .iter()
                .filter(|(citing, _)| citing.key != r.key)
                .map(|(citing, c)| (quoted(subject, citing, c), citing))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let Some((share, citing)) = best else {
                continue;
            };
            if share < MIN_QUOTED {
                continue;
            }
            let by = citing
                .number
                .clone()
                .unwrap_or_else(|| citing.key.to_string());
            let mut evidence = vec![format!(
                "{by} cites {number} and quotes {:.0}% of this document's subject after it",
                share * 100.0
            )];
            evidence.push(format!("both are a {doc_type}"));
            if let Some(d) = &stub.date {
                evidence.push(format!("the citation dates it {d}"));
            }
            if let (Some(a), Some(b)) = (&stub.issuer, &r.issuer) {
                evidence.push(format!("issuer cited as {a}, written as {b}"));
            }
            // Two things known that agree add to the quote; nothing known adds nothing.
            let agreeing = [
                r.locality.is_some() && stub.key.place_and_year().0.is_some(),
                r.date.is_some() && stub.date.is_some(),
                r.symbol.is_some(),
            ]
            .iter()
            .filter(|b| **b)
            .count();
            let confidence = (share * (0.8 + 0.1 * agreeing as f32)).min(0.99);
            fits.push((
                share,
                r.clone(),
                Identified {
                    key: stub.key.clone(),
                    number: number.clone(),
                    confidence,
                    evidence,
                },
            ));
        }
        fits.sort_by(|a, b| b.0.total_cmp(&a.0));
        match fits.len() {
            0 => Ok(None),
            1 => Ok(fits.pop().map(|(_, r, i)| (r, i))),
            // Two records quoted alike: the citation cannot tell them apart.
            _ if fits[0].0 - fits[1].0 < 0.15 => Ok(None),
            _ => Ok(fits.into_iter().next().map(|(_, r, i)| (r, i))),
        }
    }

    /// The cited keys that the numberless record `r` was identified as.
    pub fn identities_of(&self, r: &Record) -> Result<Vec<Identified>> {
        if r.number.is_some() || !r.key.is_hash() {
            return Ok(Vec::new());
        }
        let Some(subject) = r.subject.as_deref() else {
            return Ok(Vec::new());
        };
        // Records whose text shares the subject's words, best first: the citing candidates.
        let s = self.searcher();
        let terms = schema::tokens(&self.index, schema::FOLDED, subject);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let q = BooleanQuery::new(
            terms
                .iter()
                .map(|t| {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_field_text(self.f.body_folded, t),
                            IndexRecordOption::Basic,
                        )) as Box<dyn Query>,
                    )
                })
                .collect(),
        );
        let top = s.search(
            &q,
            &tantivy::collector::TopDocs::with_limit(20).order_by_score(),
        )?;
        let mut seen: HashSet<DocKey> = HashSet::new();
        let mut out = Vec::new();
        let mut cache = Numberless::default();
        for (_, addr) in top {
            let citing = self.load(&s, addr)?;
            for c in &citing.cites {
                if c.doc_type != r.doc_type
                    || !seen.insert(c.key.clone())
                    || self.get(&c.key)?.is_some()
                {
                    continue;
                }
                let cites = self.citations_of(&s, &c.key)?;
                let cites = super::by_ref(&cites);
                let reported = self.reported_cites(&s, &c.key)?;
                let stub = super::stub_of(&c.key, &cites, &reported);
                if let Some((found, ident)) = self.identify_stub(&s, &stub, &cites, &mut cache)? {
                    if found.key == r.key {
                        out.push(ident);
                    }
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_families() {
        assert_eq!(issuer_family("UBND tỉnh"), Some("people's committee"));
        assert_eq!(issuer_family("Ban Thường vụ Tỉnh ủy"), Some("party"));
        assert_eq!(
            issuer_family("UBND TỈNH TÂY LĨNH / SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"),
            Some("department")
        );
        assert_eq!(
            issuer_family("UBND TỈNH LẠNG SƠN / VĂN PHÒNG"),
            Some("people's committee")
        );
        assert_eq!(issuer_family("Văn phòng Tỉnh ủy"), Some("party"));
        assert_eq!(issuer_family("Thanh tra tỉnh"), Some("inspectorate"));
    }

    #[test]
    fn issuers_agree_by_their_words() {
        let w = |a: &str, b: &str| !issuer_words(a).is_disjoint(&issuer_words(b));
        assert!(w("UBND tỉnh", "ỦY BAN NHÂN DÂN / TỈNH LẠNG SƠN"));
        assert!(!w("Ban Chỉ đạo Trung ương", "Thanh tra tỉnh"));
        assert!(!w(
            "Sở Khoa học và Công nghệ",
            "UBND TỈNH TÂY LĨNH / VĂN PHÒNG"
        ));
    }
}
