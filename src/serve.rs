//! `vanthu serve`: the archive in a browser — search, read, trace, review — and the same
//! objects as the CLI's `--json` under `/api/`. Server-rendered HTML (maud escapes every value:
//! a document's text is untrusted input), no script, no outside resource. Read-only: nothing
//! a request says is written anywhere, and no file is served but what the archive's records
//! are.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Deserialize;

use crate::archive::graph::{self, Direction, Node};
use crate::archive::overrides;
use crate::archive::{Archive, ArchiveError, Filters, Resolved, SearchPage, Shown};
use crate::date::Date;
use crate::record::{DocKey, Override, Record, Status};
use crate::text::fold_lower;

/// Results on one page of a search.
const PER_PAGE: usize = 20;
/// The deepest trace a request may ask for.
const MAX_DEPTH: usize = 12;

/// What every request sees: the archive, and whether (and with what form token) it may be
/// corrected.
pub struct Ctx {
    archive: Archive,
    edits: Option<String>,
}

type Shared = Arc<Ctx>;

/// The documents a number could mean, with their records or stubs.
type Candidates = Vec<(DocKey, Option<Record>)>;

/// The routes of the server over `archive`; with `allow_edits`, `/review` has forms that
/// confirm or correct a field (POST `/edit`).
pub fn router(archive: Archive, allow_edits: bool) -> Router {
    // A form token only this run of the server knows: a page elsewhere cannot post an edit.
    let token = allow_edits.then(|| {
        let seed = format!(
            "{:?} {} {:p}",
            std::time::SystemTime::now(),
            std::process::id(),
            &archive
        );
        crate::record::sha256_hex(seed.as_bytes())
    });
    let edits = token.is_some();
    let r = Router::new()
        .route("/", get(search_page))
        .route("/search", get(search_page))
        .route("/doc/{*key}", get(doc_page))
        .route("/trace/{*key}", get(trace_page))
        .route("/review", get(review_page))
        .route("/scan", get(scan_image))
        .route("/pdfa", get(pdfa_file))
        .route("/api/search", get(api_search))
        .route("/api/doc/{*key}", get(api_doc))
        .route("/api/trace/{*key}", get(api_trace))
        .route("/api/review", get(api_review))
        .fallback(|| async { Fail::page(StatusCode::NOT_FOUND, "no such page".into()) });
    let r = if edits {
        r.route("/edit", axum::routing::post(edit))
    } else {
        r
    };
    r.with_state(Arc::new(Ctx {
        archive,
        edits: token,
    }))
}

/// Serves `archive` at `addr` until Ctrl-C; `ready` hears the address bound (port 0 → the one
/// the system gave).
pub async fn serve(
    archive: Archive,
    addr: SocketAddr,
    allow_edits: bool,
    ready: impl FnOnce(SocketAddr),
) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(archive, allow_edits))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

/// A request that fails: its status and why, as a page or (API) as JSON.
struct Fail {
    status: StatusCode,
    why: String,
    json: bool,
}

impl Fail {
    fn page(status: StatusCode, why: String) -> Fail {
        Fail {
            status,
            why,
            json: false,
        }
    }

    fn api(self) -> Fail {
        Fail { json: true, ..self }
    }

    /// An archive error as the status it means: a number nothing has → 404, text that is no
    /// number → 400, anything else → 500.
    fn of(e: anyhow::Error) -> Fail {
        let status = match e.downcast_ref::<ArchiveError>() {
            Some(ArchiveError::NotFound(..)) => StatusCode::NOT_FOUND,
            Some(ArchiveError::NotANumber(..)) => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Fail::page(status, format!("{e:#}"))
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        if self.json {
            (self.status, Json(serde_json::json!({ "error": self.why }))).into_response()
        } else {
            let title = self.status.canonical_reason().unwrap_or("error");
            let body = layout(title, "", html! { h1 { (title) } p.why { (self.why) } });
            (self.status, body).into_response()
        }
    }
}

/// Runs archive work off the async threads.
async fn blocking<T: Send + 'static>(
    st: &Shared,
    f: impl FnOnce(&Archive) -> Result<T, Fail> + Send + 'static,
) -> Result<T, Fail> {
    let st = st.clone();
    tokio::task::spawn_blocking(move || f(&st.archive))
        .await
        .unwrap_or_else(|e| {
            Err(Fail::page(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the request failed: {e}"),
            ))
        })
}

// ---------------------------------------------------------------- search

#[derive(Deserialize, Default, Clone)]
struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(rename = "type")]
    doc_type: Option<String>,
    issuer: Option<String>,
    province: Option<String>,
    from: Option<String>,
    to: Option<String>,
    year: Option<u16>,
    page: Option<usize>,
}

impl SearchParams {
    fn filters(&self) -> Result<Filters, Fail> {
        let date = |s: &Option<String>, what: &str| -> Result<Option<Date>, Fail> {
            match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => Date::parse_user(s).map(Some).ok_or_else(|| {
                    Fail::page(
                        StatusCode::BAD_REQUEST,
                        format!("{what} {s:?} is not a date (YYYY-MM-DD, YYYY-MM, YYYY)"),
                    )
                }),
            }
        };
        let nonempty = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        let mut f = Filters {
            doc_type: nonempty(&self.doc_type),
            issuer: nonempty(&self.issuer),
            province: nonempty(&self.province),
            from: date(&self.from, "from")?,
            to: date(&self.to, "to")?,
        };
        if let Some(y) = self.year {
            let year = Date {
                year: y,
                month: None,
                day: None,
            };
            f.from = Some(year);
            f.to = Some(year);
        }
        Ok(f)
    }

    fn is_empty(&self) -> bool {
        self.q.trim().is_empty()
            && [
                &self.doc_type,
                &self.issuer,
                &self.province,
                &self.from,
                &self.to,
            ]
            .iter()
            .all(|s| s.as_deref().is_none_or(|s| s.trim().is_empty()))
            && self.year.is_none()
    }

    /// This search's address with one parameter changed.
    fn with(&self, change: impl FnOnce(&mut SearchParams)) -> String {
        let mut p = self.clone();
        change(&mut p);
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("q", &p.q);
        for (k, v) in [
            ("type", &p.doc_type),
            ("issuer", &p.issuer),
            ("province", &p.province),
            ("from", &p.from),
            ("to", &p.to),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                q.append_pair(k, v);
            }
        }
        if let Some(y) = p.year {
            q.append_pair("year", &y.to_string());
        }
        if let Some(n) = p.page.filter(|&n| n > 1) {
            q.append_pair("page", &n.to_string());
        }
        format!("/search?{}", q.finish())
    }
}

fn run_search(a: &Archive, p: &SearchParams, facets: bool) -> Result<SearchPage, Fail> {
    let filters = p.filters()?;
    let page = p.page.unwrap_or(1).max(1);
    let offset = (page - 1).saturating_mul(PER_PAGE);
    a.search_page(p.q.trim(), &filters, offset, PER_PAGE, facets)
        .map_err(Fail::of)
}

async fn search_page(
    State(st): State<Shared>,
    Query(p): Query<SearchParams>,
) -> Result<Markup, Fail> {
    if p.is_empty() {
        let n = blocking(&st, |a| a.len().map_err(Fail::of)).await?;
        return Ok(layout(
            "vanthu",
            "",
            html! {
                (search_form(&p))
                p { (n) " records in this archive. Type a number in any spelling ("
                    code { "57-NQ/TW" } ", " code { "57 nq tw" } ") or words, with or without their marks." }
            },
        ));
    }
    let q = p.clone();
    let found = blocking(&st, move |a| run_search(a, &q, true)).await?;
    let page = p.page.unwrap_or(1).max(1);
    let last = found.total.div_ceil(PER_PAGE).max(1);
    let words = query_words(&p.q);
    let d = crate::dict::get();
    Ok(layout(
        &format!("{} — vanthu", p.q),
        &p.q,
        html! {
            (search_form(&p))
            div.facets {
                @if !found.types.is_empty() {
                    h3 { "Type" }
                    ul { @for (t, n) in &found.types {
                        li { a href=(p.with(|x| { x.doc_type = Some(t.clone()); x.page = None; })) {
                            (d.type_name_folded(t).unwrap_or(t)) } " (" (n) ")" }
                    } }
                }
                @if !found.years.is_empty() {
                    h3 { "Year" }
                    ul { @for (y, n) in &found.years {
                        li { a href=(p.with(|x| { x.year = Some(*y); x.page = None; })) { (y) } " (" (n) ")" }
                    } }
                }
                @if !found.issuers.is_empty() {
                    h3 { "Issuer" }
                    ul.issuers { @for (i, n) in &found.issuers {
                        li { a href=(p.with(|x| { x.issuer = Some(i.clone()); x.page = None; })) { (i) } " (" (n) ")" }
                    } }
                }
                @if !found.provinces.is_empty() {
                    h3 { "Province" }
                    ul.provinces { @for (v, n) in &found.provinces {
                        li { a href=(p.with(|x| { x.province = Some(v.clone()); x.page = None; })) { (v) } " (" (n) ")" }
                    } }
                }
                @if found.old_schema {
                    p.note { "Issuers and provinces are not counted in this archive (made by an \
                        earlier vanthu): " code { "vanthu export" } " it and " code { "vanthu import" }
                        " the lines into a new archive to have them." }
                }
            }
            p.count { (found.total) " found" @if found.total > PER_PAGE { ", page " (page) " of " (last) } }
            ol.results start=((page - 1) * PER_PAGE + 1) {
                @for r in &found.records { (hit(r, &words)) }
            }
            nav.pages {
                @if page > 1 { a rel="prev" href=(p.with(|x| x.page = Some(page - 1))) { "← previous" } " " }
                @if page < last { a rel="next" href=(p.with(|x| x.page = Some(page + 1))) { "next →" } }
            }
        },
    ))
}

fn search_form(p: &SearchParams) -> Markup {
    html! {
        form.search action="/search" method="get" {
            input type="search" name="q" value=(p.q) placeholder="57-NQ/TW, chuyển đổi số, chuyen doi so" autofocus;
            button type="submit" { "Search" }
            details open[p.doc_type.is_some() || p.issuer.is_some() || p.province.is_some() || p.from.is_some() || p.to.is_some()] {
                summary { "Filters" }
                label { "Type " input type="text" name="type" value=(p.doc_type.clone().unwrap_or_default()) placeholder="KH, Nghị quyết"; }
                label { " Issuer " input type="text" name="issuer" value=(p.issuer.clone().unwrap_or_default()); }
                label { " Province " input type="text" name="province" value=(p.province.clone().unwrap_or_default()) placeholder="Lạng Sơn"; }
                label { " From " input type="text" name="from" size="10" value=(p.from.clone().unwrap_or_default()) placeholder="2024-01-01"; }
                label { " to " input type="text" name="to" size="10" value=(p.to.clone().unwrap_or_default()); }
            }
        }
    }
}

/// The query's words, folded, for highlighting.
fn query_words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold_lower)
        .collect()
}

fn hit(r: &Record, words: &[String]) -> Markup {
    html! {
        li.hit {
            a.number href=(doc_href(&r.key)) { (r.number.as_deref().unwrap_or(r.key.as_str())) }
            @if r.status == Status::Stub { " " span.stub { "(cited, not in the archive)" } }
            " " span.type { (r.doc_type.as_deref().unwrap_or("")) }
            " " span.date { (r.date.map(|d| d.iso()).unwrap_or_default()) }
            " " span.issuer { (r.issuer_name.as_deref().or(r.issuer.as_deref()).unwrap_or("")) }
            @if let Some(src) = &r.source {
                " " span.file { (std::path::Path::new(&src.path).file_name().map(|f| f.to_string_lossy()).unwrap_or_default()) }
            }
            @if let Some(s) = &r.subject { div.subject { (marked(s, words)) } }
            @if let Some(s) = snippet(&r.text, words) { div.snippet { "… " (marked(&s, words)) " …" } }
        }
    }
}

/// `s` with the words of the query (folded) in `<mark>`.
fn marked(s: &str, words: &[String]) -> Markup {
    html! {
        @for (piece, is_word) in pieces(s) {
            @if is_word && words.contains(&fold_lower(piece)) { mark { (piece) } } @else { (piece) }
        }
    }
}

/// `s` cut into words and what lies between them.
fn pieces(s: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        let w = c.is_alphanumeric();
        if i > start && w != in_word {
            out.push((&s[start..i], in_word));
            start = i;
        }
        in_word = w;
    }
    if start < s.len() {
        out.push((&s[start..], in_word));
    }
    out
}

/// Some thirty words of the text around the first word of the query in it.
fn snippet(text: &str, words: &[String]) -> Option<String> {
    if words.is_empty() {
        return None;
    }
    let ws: Vec<&str> = text.split_whitespace().collect();
    let at = ws.iter().position(|w| {
        pieces(w)
            .iter()
            .any(|(p, is_word)| *is_word && words.contains(&fold_lower(p)))
    })?;
    let from = at.saturating_sub(12);
    Some(ws[from..(at + 18).min(ws.len())].join(" "))
}

async fn api_search(
    State(st): State<Shared>,
    Query(p): Query<SearchParams>,
) -> Result<Response, Fail> {
    let found = blocking(&st, move |a| {
        let page = run_search(a, &p, false)?;
        let mut shown = a.with_cited_by(page.records).map_err(Fail::of)?;
        for s in &mut shown {
            s.record.text.clear();
        }
        Ok((page.total, shown))
    })
    .await
    .map_err(Fail::api)?;
    Ok(([("x-total-count", found.0.to_string())], Json(found.1)).into_response())
}

// ---------------------------------------------------------------- a document

/// The one key `typed` (a number in any spelling, or a key) means, or the candidates.
fn lookup(a: &Archive, typed: &str) -> Result<Resolved, Fail> {
    let typed = typed.trim_matches('/');
    if let Some(k) = DocKey::parse(typed) {
        if a.record_or_stub(&k).map_err(Fail::of)?.is_some() {
            return Ok(Resolved::One(k));
        }
    }
    a.resolve_one(typed).map_err(Fail::of)
}

fn shown(a: &Archive, typed: &str) -> Result<Result<Shown, Candidates>, Fail> {
    match lookup(a, typed)? {
        Resolved::Many(c) => Ok(Err(c)),
        Resolved::One(k) => a.show(&k).map_err(Fail::of)?.map(Ok).ok_or_else(|| {
            Fail::page(
                StatusCode::NOT_FOUND,
                format!("nothing in the archive is or cites {typed}"),
            )
        }),
    }
}

async fn doc_page(State(st): State<Shared>, Path(typed): Path<String>) -> Result<Markup, Fail> {
    let t = typed.clone();
    let s = match blocking(&st, move |a| shown(a, &t)).await? {
        Ok(s) => s,
        Err(candidates) => return Ok(choose_page(&typed, &candidates, "/doc/")),
    };
    let r = &s.record;
    let title = r
        .number
        .clone()
        .unwrap_or_else(|| r.key.as_str().to_string());
    let fields: [(&str, Option<String>); 11] = [
        ("number", r.number.clone()),
        ("type", r.doc_type.clone()),
        ("date", r.date.map(|d| d.iso())),
        ("place", r.place.clone()),
        ("locality", r.locality.clone()),
        ("issuer", r.issuer_name.clone().or(r.issuer.clone())),
        ("subject", r.subject.clone()),
        ("signer", r.signer.clone()),
        ("signer title", r.signer_title.clone()),
        ("key", Some(r.key.as_str().to_string())),
        ("status", Some(format!("{:?}", r.status).to_lowercase())),
    ];
    Ok(layout(
        &format!("{title} — vanthu"),
        "",
        html! {
            h1 { (title) }
            p { a href=(trace_href(&r.key, "down")) { "trace down (what implements it)" } " · "
                a href=(trace_href(&r.key, "up")) { "trace up (what it implements)" } " · "
                a href=(format!("/api/doc/{}", url_key(&r.key))) { "JSON" } }
            @if !r.review.is_empty() {
                section.review {
                    h2 { "In review (" (r.review.len()) ")" }
                    ul { @for v in &r.review {
                        li { b { (v.field) } ": " (v.reason)
                            @if let Some(p) = v.page { " (page " (p) @if let Some(b) = v.bbox { ", box " (format!("{b:?}")) } ")" } }
                    } }
                }
            }
            @if !r.overrides.is_empty() {
                section.overrides {
                    h2 { "Confirmed or corrected by a person" }
                    ul { @for o in &r.overrides {
                        li { b { (o.field) } ": " (o.value) " — " (o.by) ", " (o.when)
                            @if let Some(w) = &o.was { @if *w != o.value { " (vanthu had read " (w) ")" } } }
                    } }
                }
            }
            table.fields {
                @for (name, value) in &fields {
                    @if let Some(v) = value {
                        tr { th { (name) } td { (v) } td.where { (where_from(r, name)) } }
                    }
                }
                @if !r.recipients.is_empty() {
                    tr { th { "recipients" } td { (r.recipients.join("; ")) } td {} }
                }
            }
            @if let Some(src) = &r.source {
                p.source { "From " code { (src.path) } " (" (src.kind) ", " (src.bytes) " bytes, sha256 " code { (src.sha256.get(..12).unwrap_or("")) } "…)" }
            }
            @if let Some(scan) = &r.scan {
                h2 { "Pages" }
                table.pages {
                    tr { th { "page" } th { "read by" } th { "confidence" } th { "grey" } th { "note" } }
                    @for p in &scan.pages {
                        tr { td { (p.page) } td { (p.method.as_str()) }
                             td { (p.confidence.map(|c| format!("{c}%")).unwrap_or_default()) }
                             td { (p.grey.clone().unwrap_or_default()) } td { (p.note.clone().unwrap_or_default()) } }
                    }
                }
                @if let (Some(src), Some(pdfa)) = (&r.source, scan.pdfa.as_ref()) {
                    @if pdfa.path.is_some() {
                        p { a href=(format!("/pdfa?{}", form_urlencoded::Serializer::new(String::new()).append_pair("path", &src.path).finish())) {
                            "Download the searchable PDF/A" } " (sha256 " code { (pdfa.sha256.as_deref().unwrap_or("").get(..12).unwrap_or("")) } "…)" }
                    }
                }
                @if let Some(src) = &r.source {
                    details.images {
                        summary { "The pages as scanned" }
                        @for p in scan.pages.iter().take(20) {
                            figure { img.page src=(scan_href(&src.path, p.page, None)) alt=(format!("page {}", p.page)) loading="lazy" width="500";
                                     figcaption { "page " (p.page) } }
                        }
                    }
                }
                @for sig in &scan.signatures {
                    p.signature { "Signed by " (sig.signer.as_deref().unwrap_or("?"))
                        @if let Some(o) = &sig.organisation { " (" (o) ")" }
                        @if let Some(t) = &sig.time { " at " (t) } }
                }
            }
            h2 { "Cites (" (r.cites.len()) ")" }
            (edges_table(r.cites.iter().map(|c| (&c.key, Some(c.number.as_str()), c.relation.as_str(), c.date, None))))
            h2 { "Cited by (" (s.cited_by.len()) ")" }
            (edges_table(s.cited_by.iter().map(|e| (&e.key, e.number.as_deref(), e.relation.as_str(), e.date, e.province.as_deref()))))
            @if !r.text.is_empty() {
                h2 { "Text" }
                pre.text { (linked_text(r)) }
            }
        },
    ))
}

/// Where a field was read: a PDF text layer or OCR, and whether restoration ran.
fn where_from(r: &Record, field: &str) -> String {
    if !r.spans.contains_key(field) {
        return String::new();
    }
    let how = match &r.scan {
        Some(s) if s.pages.iter().all(|p| p.method.as_str() == "text-layer") => "PDF text layer",
        Some(s) if s.pages.iter().any(|p| p.method.as_str() == "ocr") => "OCR",
        _ => "text",
    };
    match &r.restoration {
        Some(x) if x.words_changed > 0 => format!("{how}, marks restored"),
        _ => how.to_string(),
    }
}

type EdgeRow<'a> = (
    &'a DocKey,
    Option<&'a str>,
    &'a str,
    Option<Date>,
    Option<&'a str>,
);

fn edges_table<'a>(rows: impl Iterator<Item = EdgeRow<'a>>) -> Markup {
    html! {
        table.edges {
            @for (key, number, relation, date, province) in rows {
                tr { td { a href=(doc_href(key)) { (number.unwrap_or(key.as_str())) } }
                     td.relation { (relation) }
                     td { (date.map(|d| d.iso()).unwrap_or_default()) }
                     td { (province.unwrap_or("")) } }
            }
        }
    }
}

/// A stretch of a record's text: a citation (a link to its record or stub), a word restored
/// with doubt, or plain text.
enum Piece<'a> {
    Cite(&'a DocKey),
    Doubt(&'a crate::record::Doubt),
}

/// The record's text, each citation a link to its record or stub, and each word restoration
/// was unsure of marked, with what was read and the other reading on hover.
fn linked_text(r: &Record) -> Markup {
    let t = &r.text;
    let mut spans: Vec<(usize, usize, Piece)> = r
        .cites
        .iter()
        .flat_map(|c| {
            c.spans
                .iter()
                .map(move |s| (s[0], s[1], Piece::Cite(&c.key)))
        })
        .chain(
            r.restoration
                .iter()
                .flat_map(|x| &x.doubts)
                .map(|d| (d.span[0], d.span[1], Piece::Doubt(d))),
        )
        .filter(|&(a, b, _)| a < b && t.get(a..b).is_some())
        .collect();
    spans.sort_by_key(|s| (s.0, s.1));
    let mut parts: Vec<(&str, Option<Piece>)> = Vec::new();
    let mut at = 0;
    for (a, b, piece) in spans {
        if a >= at {
            parts.push((&t[at..a], None));
            parts.push((&t[a..b], Some(piece)));
            at = b;
        }
    }
    parts.push((&t[at..], None));
    html! {
        @for (text, piece) in parts {
            @match piece {
                Some(Piece::Cite(k)) => a.cite href=(doc_href(k)) { (text) },
                Some(Piece::Doubt(d)) => mark.doubt title=(doubt_note(d)) { (text) },
                None => (text),
            }
        }
    }
}

/// What a reader is told of a word restored with doubt.
fn doubt_note(d: &crate::record::Doubt) -> String {
    let other = d
        .alternative
        .as_ref()
        .map(|a| format!(", or «{a}»"))
        .unwrap_or_default();
    format!(
        "restored with doubt from «{}» ({}%{other})",
        d.from, d.confidence
    )
}

fn choose_page(typed: &str, candidates: &[(DocKey, Option<Record>)], base: &str) -> Markup {
    layout(
        &format!("{typed} — vanthu"),
        "",
        html! {
            h1 { (typed) }
            p { "Several documents have this number; which one?" }
            ul { @for (k, r) in candidates {
                li { a href=(format!("{base}{}", url_key(k))) { (k.as_str()) }
                    @if let Some(r) = r {
                        " " (r.doc_type.as_deref().unwrap_or("")) " " (r.date.map(|d| d.iso()).unwrap_or_default())
                        " " (r.issuer_name.as_deref().or(r.issuer.as_deref()).unwrap_or(""))
                    } }
            } }
        },
    )
}

#[derive(Deserialize)]
struct DocParams {
    #[serde(default)]
    text: bool,
}

async fn api_doc(
    State(st): State<Shared>,
    Path(typed): Path<String>,
    Query(p): Query<DocParams>,
) -> Result<Response, Fail> {
    let t = typed.clone();
    match blocking(&st, move |a| shown(a, &t))
        .await
        .map_err(Fail::api)?
    {
        Ok(mut s) => {
            if !p.text {
                s.record.text.clear();
            }
            Ok(Json(s).into_response())
        }
        Err(c) => Ok(several(&typed, &c)),
    }
}

/// The API's answer to a number several documents have: 300 and their keys.
fn several(typed: &str, c: &Candidates) -> Response {
    (
        StatusCode::MULTIPLE_CHOICES,
        Json(serde_json::json!({
            "error": format!("{typed} is the number of several documents"),
            "candidates": c.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        })),
    )
        .into_response()
}

// ---------------------------------------------------------------- trace

#[derive(Deserialize)]
struct TraceParams {
    dir: Option<String>,
    depth: Option<usize>,
}

impl TraceParams {
    fn dir(&self) -> Result<Direction, Fail> {
        match self.dir.as_deref() {
            None | Some("down") => Ok(Direction::Down),
            Some("up") => Ok(Direction::Up),
            Some(d) => Err(Fail::page(
                StatusCode::BAD_REQUEST,
                format!("dir {d:?}: down or up"),
            )),
        }
    }

    fn depth(&self) -> usize {
        self.depth.unwrap_or(6).clamp(1, MAX_DEPTH)
    }
}

/// The most documents a trace page draws: Graphviz lays out a few hundred boxes in a second or
/// two, and a page of thousands helps no one; the rest are counted on their parents, and the
/// page's JSON link gives up to [`graph::MAX_NODES`].
const PAGE_NODES: usize = 500;

fn run_trace(
    a: &Archive,
    typed: &str,
    dir: Direction,
    depth: usize,
    max_nodes: usize,
) -> Result<Result<Node, Candidates>, Fail> {
    match lookup(a, typed)? {
        Resolved::Many(c) => Ok(Err(c)),
        Resolved::One(k) => graph::trace_at_most(a, &k, dir, depth, max_nodes)
            .map_err(Fail::of)?
            .map(Ok)
            .ok_or_else(|| {
                Fail::page(
                    StatusCode::NOT_FOUND,
                    format!("nothing in the archive is or cites {typed}"),
                )
            }),
    }
}

async fn trace_page(
    State(st): State<Shared>,
    Path(typed): Path<String>,
    Query(p): Query<TraceParams>,
) -> Result<Markup, Fail> {
    let (dir, depth) = (p.dir()?, p.depth());
    let t = typed.clone();
    let root = match blocking(&st, move |a| run_trace(a, &t, dir, depth, PAGE_NODES)).await? {
        Ok(n) => n,
        Err(c) => return Ok(choose_page(&typed, &c, "/trace/")),
    };
    let href = |k: &DocKey| doc_href(k);
    let dot = crate::print::dot_with(&root, dir, Some(&href));
    let svg = tokio::task::spawn_blocking(move || layout_svg(&dot))
        .await
        .ok()
        .flatten();
    let name = root
        .number
        .clone()
        .unwrap_or_else(|| root.key.as_str().to_string());
    let (word, other) = match dir {
        Direction::Down => ("down", "up"),
        Direction::Up => ("up", "down"),
    };
    Ok(layout(
        &format!("trace {name} — vanthu"),
        "",
        html! {
            h1 { "Trace " (word) " from " a href=(doc_href(&root.key)) { (name) } }
            p { a href=(format!("/trace/{}?dir={other}&depth={depth}", url_key(&root.key))) { "trace " (other) " instead" }
                " · depth " (depth)
                @if depth < MAX_DEPTH { " · " a href=(format!("/trace/{}?dir={word}&depth={}", url_key(&root.key), depth + 1)) { "deeper" } }
                " · " a href=(format!("/api/trace/{}?dir={word}&depth={depth}", url_key(&root.key))) { "JSON" }
                " · dashed boxes: cited, not in the archive" }
            @match svg {
                Some(svg) => div.graph { (PreEscaped(svg)) },
                None => pre.tree { (crate::print::tree(&root, dir)) },
            }
        },
    ))
}

/// `dot` laid out as SVG by Graphviz, without its XML prologue; none when Graphviz is missing
/// or fails (the page then shows the trace as a tree).
fn layout_svg(dot: &str) -> Option<String> {
    use std::io::Write;
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(dot.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    let svg = String::from_utf8(out.stdout).ok()?;
    let start = svg.find("<svg")?;
    out.status.success().then(|| svg[start..].to_string())
}

async fn api_trace(
    State(st): State<Shared>,
    Path(typed): Path<String>,
    Query(p): Query<TraceParams>,
) -> Result<Response, Fail> {
    let (dir, depth) = (p.dir().map_err(Fail::api)?, p.depth());
    let t = typed.clone();
    match blocking(&st, move |a| run_trace(a, &t, dir, depth, graph::MAX_NODES))
        .await
        .map_err(Fail::api)?
    {
        Ok(n) => Ok(Json(n).into_response()),
        Err(c) => Ok(several(&typed, &c)),
    }
}

// ---------------------------------------------------------------- review

/// Every record with fields in doubt, most doubts first.
fn in_review(a: &Archive) -> Result<Vec<Record>, Fail> {
    let mut rs: Vec<Record> = a
        .all_records()
        .map_err(Fail::of)?
        .into_iter()
        .filter(|r| !r.review.is_empty())
        .map(|mut r| {
            r.text.clear();
            r
        })
        .collect();
    rs.sort_by(|a, b| b.review.len().cmp(&a.review.len()).then(a.key.cmp(&b.key)));
    Ok(rs)
}

async fn review_page(State(st): State<Shared>) -> Result<Markup, Fail> {
    let rs = blocking(&st, in_review).await?;
    let n: usize = rs.iter().map(|r| r.review.len()).sum();
    Ok(layout(
        "review — vanthu",
        "",
        html! {
            h1 { "In review: " (n) " fields in " (rs.len()) " documents" }
            p { "What vanthu read but could not be sure of. Check each against its page."
                @if st.edits.is_none() { " (Read-only: " code { "vanthu serve --allow-edits" } " lets you confirm or correct.)" } }
            @for r in &rs {
                section.review {
                    h2 { a href=(doc_href(&r.key)) { (r.number.as_deref().unwrap_or(r.key.as_str())) } }
                    @if let Some(src) = &r.source { p.source { code { (src.path) } } }
                    ul { @for v in &r.review {
                        li { b { (v.field) } ": " (v.reason)
                            @if let Some(p) = v.page { " (page " (p) ")" }
                            @if let (Some(page), Some(b), Some(src)) = (v.page, v.bbox, &r.source) {
                                br; img.crop src=(scan_href(&src.path, page, Some(b))) alt=(format!("{} on page {page}", v.field)) loading="lazy";
                            }
                            @if let (Some(token), Some(src)) = (&st.edits, &r.source) {
                                @if overrides::EDITABLE.contains(&v.field.as_str()) {
                                    (edit_form(token, &src.path, &v.field, overrides::value_of(r, &v.field)))
                                }
                            }
                        }
                    } }
                }
            }
        },
    ))
}

/// A form to confirm the value read or give the right one.
fn edit_form(token: &str, path: &str, field: &str, value: Option<String>) -> Markup {
    html! {
        form.edit method="post" action="/edit" {
            input type="hidden" name="token" value=(token);
            input type="hidden" name="path" value=(path);
            input type="hidden" name="field" value=(field);
            label { "value " input type="text" name="value" value=(value.unwrap_or_default()) size="30"; }
            label { " your name " input type="text" name="by" required size="16"; }
            " " button type="submit" name="action" value="confirm" { "confirm as read" }
            " " button type="submit" name="action" value="correct" { "correct" }
        }
    }
}

#[derive(Deserialize)]
struct EditForm {
    token: String,
    path: String,
    field: String,
    #[serde(default)]
    value: String,
    by: String,
    action: String,
}

/// Confirms or corrects a field: the record, with the override, is written to the archive.
async fn edit(
    State(st): State<Shared>,
    axum::Form(f): axum::Form<EditForm>,
) -> Result<Response, Fail> {
    if st.edits.as_deref() != Some(f.token.as_str()) {
        return Err(Fail::page(
            StatusCode::FORBIDDEN,
            "this form is not from this server (reload the review page)".into(),
        ));
    }
    let by = f.by.trim().to_string();
    if by.is_empty() || by.chars().count() > 100 || f.value.len() > 4000 {
        return Err(Fail::page(
            StatusCode::BAD_REQUEST,
            "a name (up to 100 characters) and a value (up to 4000) are needed".into(),
        ));
    }
    let key = blocking(&st, move |a| {
        let bad = |why: String| Fail::page(StatusCode::BAD_REQUEST, why);
        let mut r = a
            .record_at(&f.path)
            .map_err(Fail::of)?
            .ok_or_else(|| Fail::page(StatusCode::NOT_FOUND, format!("no record of {}", f.path)))?;
        let was = overrides::value_of(&r, &f.field);
        let value = match f.action.as_str() {
            "confirm" => was.clone().ok_or_else(|| {
                bad(format!(
                    "nothing was read as {}: give the value and correct",
                    f.field
                ))
            })?,
            "correct" => f.value.trim().to_string(),
            other => return Err(bad(format!("action {other:?}: confirm or correct"))),
        };
        let when = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        overrides::apply(
            &mut r,
            Override {
                field: f.field,
                value,
                was,
                when,
                by,
            },
        )
        .map_err(bad)?;
        let mut w = a
            .writer()
            .map_err(|e| match e.downcast_ref::<ArchiveError>() {
                Some(ArchiveError::InUse(_)) => Fail::page(
                    StatusCode::CONFLICT,
                    format!("{e:#}: try again when it is done"),
                ),
                _ => Fail::of(e),
            })?;
        w.add(&r).map_err(Fail::of)?;
        w.commit().map_err(Fail::of)?;
        Ok(r.key)
    })
    .await?;
    Ok(axum::response::Redirect::to(&doc_href(&key)).into_response())
}

async fn api_review(State(st): State<Shared>) -> Result<Response, Fail> {
    let rs = blocking(&st, in_review).await.map_err(Fail::api)?;
    let out: Vec<serde_json::Value> = rs
        .iter()
        .map(|r| {
            serde_json::json!({
                "key": r.key.as_str(),
                "number": r.number,
                "source": r.source.as_ref().map(|s| &s.path),
                "review": r.review,
            })
        })
        .collect();
    Ok(Json(out).into_response())
}

// ---------------------------------------------------------------- page images

/// Files larger than this are not read to show a page.
const MAX_SCAN_BYTES: u64 = 512 << 20;
/// A page shown whole is rendered this wide at most (pixels).
const PAGE_WIDTH: u32 = 1000;

#[derive(Deserialize)]
struct ScanParams {
    /// The source path of a record: no other file is read.
    path: String,
    /// 1-based.
    page: usize,
    /// `x,y,w,h` in pixels of the page as read: that part of it, with a margin.
    #[serde(rename = "box")]
    bbox: Option<String>,
}

/// A page of a record's scan as PNG — whole (at most [`PAGE_WIDTH`] wide), or the part a
/// review entry names. Only a file an archive record was read from is opened, and only if it
/// is still the file that was read (its sha256).
async fn scan_image(
    State(st): State<Shared>,
    Query(p): Query<ScanParams>,
) -> Result<Response, Fail> {
    let png = blocking(&st, move |a| page_png(a, &p)).await?;
    Ok(([(axum::http::header::CONTENT_TYPE, "image/png")], png).into_response())
}

fn page_png(a: &Archive, p: &ScanParams) -> Result<Vec<u8>, Fail> {
    use crate::record::Page;
    use crate::source::{self, OcrMode};
    let not_found = |why: String| Fail::page(StatusCode::NOT_FOUND, why);
    let r = a
        .record_at(&p.path)
        .map_err(Fail::of)?
        .ok_or_else(|| not_found("no record was read from that file".into()))?;
    let (Some(src), Some(scan)) = (&r.source, &r.scan) else {
        return Err(not_found("that record is not a scan".into()));
    };
    let info = p
        .page
        .checked_sub(1)
        .and_then(|i| scan.pages.get(i))
        .ok_or_else(|| not_found(format!("the scan has {} pages", scan.page_count)))?;
    let bbox: Option<[u32; 4]> = match &p.bbox {
        None => None,
        Some(b) => {
            let v: Vec<u32> = b.split(',').filter_map(|x| x.trim().parse().ok()).collect();
            let [x, y, w, h] = v[..] else {
                return Err(Fail::page(
                    StatusCode::BAD_REQUEST,
                    format!("box {b:?}: x,y,w,h"),
                ));
            };
            Some([x, y, w, h])
        }
    };
    let bytes = read_unchanged(&src.path, &src.sha256, "read")?;
    let opts = source::Options {
        // A box is in pixels of the page as OCR read it; a whole page is shown smaller.
        dpi: if bbox.is_some() {
            info.dpi.unwrap_or(300)
        } else {
            100
        },
        ocr: OcrMode::Always,
        ..Default::default()
    };
    let mut image = None;
    let want = p.page - 1;
    let read = source::for_each_page(
        source::sniff(&bytes),
        &bytes,
        &opts,
        &mut |_| {},
        &mut |i, page| {
            if i == want {
                image = match page {
                    Ok(Page::Image(img)) | Ok(Page::Reread(img, _)) => Some(img),
                    _ => None,
                };
            }
            i < want
        },
    );
    read.map_err(|e| not_found(format!("{}: {e}", src.path)))?;
    let img = image.ok_or_else(|| not_found("that page has no image".into()))?;
    let rgb = match img.channels {
        1 => image::DynamicImage::ImageLuma8(
            image::GrayImage::from_raw(img.width, img.height, img.data).unwrap_or_default(),
        ),
        _ => image::DynamicImage::ImageRgb8(
            image::RgbImage::from_raw(img.width, img.height, img.data).unwrap_or_default(),
        ),
    };
    let out = match bbox {
        Some([x, y, w, h]) => {
            let m = 30;
            let (x0, y0) = (x.saturating_sub(m), y.saturating_sub(m));
            rgb.crop_imm(x0, y0, w + 2 * m, h + 2 * m)
        }
        None if rgb.width() > PAGE_WIDTH => {
            let h = rgb.height() * PAGE_WIDTH / rgb.width();
            rgb.resize(PAGE_WIDTH, h, image::imageops::FilterType::Triangle)
        }
        None => rgb,
    };
    let mut png = Vec::new();
    out.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| Fail::page(StatusCode::INTERNAL_SERVER_ERROR, format!("PNG: {e}")))?;
    Ok(png)
}

#[derive(Deserialize)]
struct PdfaParams {
    /// The source path of a record whose scan was written back as PDF/A.
    path: String,
}

/// The searchable PDF/A vanthu wrote for a record's scan (`ingest --pdf-out`): only the file
/// the record names, and only while it is the file written (its sha256).
async fn pdfa_file(
    State(st): State<Shared>,
    Query(p): Query<PdfaParams>,
) -> Result<Response, Fail> {
    let (name, bytes) = blocking(&st, move |a| {
        let not_found = |why: String| Fail::page(StatusCode::NOT_FOUND, why);
        let r = a
            .record_at(&p.path)
            .map_err(Fail::of)?
            .ok_or_else(|| not_found("no record was read from that file".into()))?;
        let out = r.scan.as_ref().and_then(|s| s.pdfa.as_ref());
        let (Some(path), Some(sha)) = (
            out.and_then(|o| o.path.as_deref()),
            out.and_then(|o| o.sha256.as_deref()),
        ) else {
            return Err(not_found("no PDF/A was written for that scan".into()));
        };
        let bytes = read_unchanged(path, sha, "written")?;
        let name = std::path::Path::new(path).file_name().map_or_else(
            || "scan.pdf".into(),
            |n| n.to_string_lossy().replace('"', ""),
        );
        Ok((name, bytes))
    })
    .await?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/pdf".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}\"",
                    name.replace(|c: char| !c.is_ascii() || c.is_control(), "_")
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The bytes of a file a record names, only if it is a regular file of at most
/// [`MAX_SCAN_BYTES`] and still the file that was `done` (read or written): its sha256.
fn read_unchanged(path: &str, sha256: &str, done: &str) -> Result<Vec<u8>, Fail> {
    let not_found = |why: String| Fail::page(StatusCode::NOT_FOUND, why);
    let meta = std::fs::metadata(path).map_err(|e| not_found(format!("{path}: {e}")))?;
    if !meta.is_file() || meta.len() > MAX_SCAN_BYTES {
        return Err(not_found(format!(
            "{path}: not a regular file of at most 512 MiB"
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| not_found(format!("{path}: {e}")))?;
    if crate::record::sha256_hex(&bytes) != sha256 {
        return Err(Fail::page(
            StatusCode::CONFLICT,
            format!("{path} changed since it was {done}"),
        ));
    }
    Ok(bytes)
}

fn scan_href(path: &str, page: usize, bbox: Option<[u32; 4]>) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("path", path);
    q.append_pair("page", &page.to_string());
    if let Some([x, y, w, h]) = bbox {
        q.append_pair("box", &format!("{x},{y},{w},{h}"));
    }
    format!("/scan?{}", q.finish())
}

// ---------------------------------------------------------------- the page around it all

fn url_key(k: &DocKey) -> String {
    // A key's `/` are kept (the routes take the rest of the path); the rest is escaped.
    k.as_str()
        .split('/')
        .map(|p| form_urlencoded::byte_serialize(p.as_bytes()).collect::<String>())
        .collect::<Vec<_>>()
        .join("/")
}

fn doc_href(k: &DocKey) -> String {
    format!("/doc/{}", url_key(k))
}

fn trace_href(k: &DocKey, dir: &str) -> String {
    format!("/trace/{}?dir={dir}", url_key(k))
}

const STYLE: &str = "body{font-family:'DejaVu Sans',sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem;line-height:1.4;color:#222}
header{display:flex;gap:1rem;align-items:baseline;border-bottom:1px solid #ccc;margin-bottom:1rem}
header a.home{font-weight:bold;font-size:1.3rem;text-decoration:none;color:#8b0000}
form.search input[type=search]{width:60%;font-size:1.1rem;padding:.3rem}
.facets{float:right;width:14rem;font-size:.9rem;margin-left:1rem}.facets ul{padding-left:1rem}
ol.results{padding-left:2rem}li.hit{margin-bottom:.8rem}a.number{font-weight:bold}
.type,.date{color:#555}.file{color:#888;font-size:.8rem}.issuer{color:#245}.subject{font-style:italic}.snippet{font-size:.9rem;color:#444}
mark{background:#ffe680}mark.doubt{background:none;border-bottom:2px dotted #c60}.stub{color:#a60}table{border-collapse:collapse;margin:.5rem 0}
th,td{border-bottom:1px solid #eee;padding:.2rem .5rem;text-align:left;vertical-align:top}
td.where{color:#777;font-size:.85rem}pre.text{white-space:pre-wrap;background:#fafafa;padding:1rem;border:1px solid #eee}
a.cite{background:#eef4ff}section.review{border-left:4px solid #e0a000;padding-left:.8rem;margin:.8rem 0}
.graph svg{max-width:100%;height:auto}img.crop{max-width:40rem;border:1px solid #ccc;margin:.3rem 0}img.page{border:1px solid #ccc}p.why{color:#a00}";

fn layout(title: &str, q: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    a.home href="/" { "vanthu" }
                    form action="/search" method="get" { input type="search" name="q" value=(q) placeholder="number or words"; }
                    a href="/review" { "review" }
                }
                main { (body) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_the_query_are_marked_whatever_their_marks() {
        let m = marked("Chuyển đổi số <b>", &query_words("chuyen doi")).into_string();
        assert_eq!(m, "<mark>Chuyển</mark> <mark>đổi</mark> số &lt;b&gt;");
    }

    #[test]
    fn words_restored_with_doubt_are_marked_in_the_text_beside_its_citations() {
        let text = "Thực hiện Nghị quyết số 57-NQ/TW, Hiện nay tỉnh đang triển khai.";
        let mut r = crate::extract::extract(text, None);
        assert_eq!(r.cites.len(), 1, "{:?}", r.cites);
        let at = text.find("Hiện nay").unwrap();
        r.restoration = Some(crate::record::Restoration {
            lines_restored: 1,
            words_changed: 1,
            original: String::new(),
            doubts: vec![crate::record::Doubt {
                span: [at, at + "Hiện".len()],
                from: "Hién".into(),
                to: "Hiện".into(),
                confidence: 31,
                alternative: Some("Hiền".into()),
            }],
        });
        let html = linked_text(&r).into_string();
        assert!(
            html.contains(r#"<a class="cite" href="/doc/57-NQ-TW">"#),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<mark class="doubt" title="restored with doubt from «Hién» (31%, or «Hiền»)">Hiện</mark> nay"#
            ),
            "{html}"
        );
        // A span that is not in the text (an older record's) is left out, not a panic.
        r.restoration.as_mut().unwrap().doubts[0].span = [text.len(), text.len() + 4];
        assert!(!linked_text(&r).into_string().contains("doubt"));
    }

    #[test]
    fn a_snippet_is_taken_around_the_first_match() {
        let text = (0..100)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let s = snippet(&text, &["w50".into()]).unwrap();
        assert!(s.starts_with("w38 ") && s.ends_with(" w67"), "{s}");
        assert_eq!(snippet(&text, &["nothing".into()]), None);
    }

    #[test]
    fn keys_keep_their_slashes_and_escape_the_rest() {
        let k = DocKey::parse("57-NQ-TW").unwrap();
        assert_eq!(doc_href(&k), "/doc/57-NQ-TW");
    }
}
