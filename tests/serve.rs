//! `vanthu serve`, over HTTP and in a browser: the real binary on a fixture archive.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::*;
use serde_json::Value;

/// A running `vanthu serve`, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(archive: &Path) -> Server {
        Server::start_with(archive, &[])
    }

    fn start_with(archive: &Path, more: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("vanthu"))
            .args(["serve", "--archive", archive.to_str().unwrap()])
            .args(["--addr", "127.0.0.1:0"])
            .args(more)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("vanthu serve starts");
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let at = line
            .find("http://")
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        let url = line[at..].split_whitespace().next().unwrap();
        Server {
            child,
            url: url.trim_end_matches('/').to_string(),
        }
    }

    /// Status, headers' `x-total-count`, and body of a GET.
    fn get(&self, path: &str) -> (u16, Option<String>, String) {
        let mut r = agent()
            .get(&format!("{}{path}", self.url))
            .call()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let total = r
            .headers()
            .get("x-total-count")
            .map(|v| v.to_str().unwrap().to_string());
        let body = r.body_mut().read_to_string().unwrap_or_default();
        (r.status().as_u16(), total, body)
    }

    /// Status and body of a form POSTed to `path`.
    fn post(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let mut r = agent()
            .post(&format!("{}{path}", self.url))
            .send_form(form.iter().copied())
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    }

    /// The token the review page's forms carry (a server run with `--allow-edits`).
    fn edit_token(&self) -> String {
        let review = self.page("/review");
        let at = review.find("name=\"token\" value=\"").expect("a form") + 20;
        review[at..at + 64].to_string()
    }

    fn page(&self, path: &str) -> String {
        let (status, _, body) = self.get(path);
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    fn api(&self, path: &str) -> Value {
        serde_json::from_str(&self.page(path)).unwrap()
    }
}

/// An HTTP client that hands back every status (a 4xx is an answer to check, not an error).
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A notice in the genre (invented commune) whose subject holds markup.
const HOSTILE: &str = "ỦY BAN NHÂN DÂN\nXÃ THỬ NGHIỆM\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
Độc lập - Tự do - Hạnh phúc\n\nSố: 77/TB-UBND\nThử Nghiệm, ngày 01 tháng 3 năm 2025\n\n\
THÔNG BÁO\nVề việc <script>alert(1)</script> kiểm tra <b>an toàn</b>\n\n\
Thực hiện Kế hoạch số 212/KH-UBND ngày 02/8/2024 của UBND tỉnh Tây Lĩnh, UBND xã thông báo \
như sau: các thôn rà soát và báo cáo.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn Thử\n";

fn archive_with_all(dir: &Path) -> std::path::PathBuf {
    let archive = dir.join("archive");
    let hostile = dir.join("in");
    std::fs::create_dir_all(&hostile).unwrap();
    std::fs::write(hostile.join("tb_77_hostile.txt"), HOSTILE).unwrap();
    let signed = fixtures().join("signed").join("signed_58_kh_snnmt.pdf");
    let (code, out, err) = run(
        &archive,
        &[
            "ingest",
            "--no-progress",
            fixtures().join("docs").to_str().unwrap(),
            hostile.to_str().unwrap(),
            signed.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "ingest: {out} {err}");
    archive
}

#[test]
fn pages_and_api_answer_on_the_fixture_archive() {
    let dir = tempfile::tempdir().unwrap();
    let archive = archive_with_all(dir.path());
    let s = Server::start(&archive);

    // Search: a number in another spelling, words without their marks, facets, paging.
    let home = s.page("/");
    assert!(home.contains("records in this archive"), "{home}");
    let hits = s.page("/search?q=212+kh+ubnd");
    assert!(hits.contains("href=\"/doc/212-KH-UBND"), "{hits}");
    let words = s.page("/search?q=chuyen+doi+so");
    assert!(words.contains("<mark>"), "{words}");
    assert!(words.contains("Kế hoạch</a> ("), "a type facet: {words}");
    assert!(words.contains("2024</a> ("), "a year facet: {words}");
    assert!(
        words.contains("UBND tỉnh Tây Lĩnh</a> ("),
        "an issuer facet: {words}"
    );
    assert!(
        words.contains("Tây Lĩnh</a> ("),
        "a province facet: {words}"
    );
    let elsewhere = s.page("/search?q=ke+hoach&province=%C4%90%C3%B4ng+H%E1%BA%A3i");
    assert!(
        !elsewhere.contains(">212/KH-UBND<") && elsewhere.contains("134-KH/TU"),
        "province filter: {elsewhere}"
    );
    let filtered = s.page("/search?q=chuyen+doi+so&type=NQ");
    assert!(
        !filtered.contains(">212/KH-UBND<"),
        "type filter: {filtered}"
    );

    // A record: fields, citations linked, cited by, trace links.
    let doc = s.page("/doc/212/KH-UBND");
    assert!(doc.contains("<h1>212/KH-UBND</h1>"), "{doc}");
    assert!(
        doc.contains("class=\"cite\" href=\"/doc/"),
        "citations linked: {doc}"
    );
    assert!(doc.contains("Cited by ("), "{doc}");
    assert!(doc.contains("/trace/212-KH-UBND"), "{doc}");

    // A trace as a graph (Graphviz) whose nodes link to records.
    let trace = s.page("/trace/212-KH-UBND?dir=down&depth=3");
    assert!(
        trace.contains("<svg") && trace.contains("xlink:href=\"/doc/"),
        "{trace}"
    );
    let up = s.page("/trace/212/KH-UBND?dir=up");
    assert!(up.contains("Trace up"), "{up}");

    // Review: the signed scan's date the signatures contradict.
    let review = s.page("/review");
    assert!(review.contains("58/KH-SNNMT"), "{review}");
    assert!(review.contains("signed it digitally on"), "{review}");

    // The scan's pages as images, and a part of one (what a review entry shows); only files
    // records were read from.
    let signed = fixtures().join("signed").join("signed_58_kh_snnmt.pdf");
    let src = format!(
        "/scan?path={}&page=1",
        signed.to_str().unwrap().replace('/', "%2F")
    );
    for path in [src.clone(), format!("{src}&box=100,100,400,120")] {
        let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
        let mut r = agent.get(&format!("{}{path}", s.url)).call().unwrap();
        assert_eq!(r.headers()["content-type"], "image/png", "{path}");
        let png = r.body_mut().read_to_vec().unwrap();
        assert!(png.starts_with(b"\x89PNG"), "{path}");
    }
    for bad in ["/scan?path=%2Fetc%2Fpasswd&page=1", "/scan?path=x&page=0"] {
        assert_eq!(s.get(bad).0, 404, "{bad}");
    }
    assert_eq!(s.get(&format!("{src}&box=1,2")).0, 400);

    // API: the CLI's objects.
    let (status, total, body) = s.get("/api/search?q=212/KH-UBND");
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v[0]["number"], "212/KH-UBND");
    assert!(total.unwrap().parse::<usize>().unwrap() >= 1);
    let cli = json(&archive, &["show", "--json", "212/KH-UBND"]);
    assert_eq!(
        s.api("/api/doc/212/KH-UBND"),
        cli,
        "/api/doc is `show --json`"
    );
    let tr = s.api("/api/trace/212/KH-UBND?dir=down&depth=2");
    assert_eq!(tr["number"], "212/KH-UBND");
    let rv = s.api("/api/review");
    assert!(rv
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["number"] == "58/KH-SNNMT"));
}

#[test]
fn untrusted_text_is_escaped_and_bad_requests_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let archive = archive_with_all(dir.path());
    let s = Server::start(&archive);
    for path in ["/doc/77/TB-UBND", "/search?q=kiem+tra+an+toan"] {
        let page = s.page(path);
        assert!(!page.contains("<script>alert"), "{path}: {page}");
        assert!(!page.contains("<b>an toàn"), "{path}: {page}");
        assert!(page.contains("&lt;script&gt;"), "{path}: {page}");
    }
    for (path, want) in [
        ("/search?q=x&page=abc", 400),
        ("/search?q=x&from=yesterday", 400),
        ("/api/search?q=x&year=twenty", 400),
        ("/trace/212-KH-UBND?dir=sideways", 400),
        ("/api/trace/212-KH-UBND?depth=-1", 400),
        ("/doc/999/XX-YYY", 404),
        ("/doc/..%2F..%2Fetc%2Fpasswd", 400),
        ("/../../etc/passwd", 404),
        ("/nothing/here", 404),
        ("/doc/%FF%FE", 400),
    ] {
        let (status, _, body) = s.get(path);
        assert_eq!(status, want, "GET {path}: {body}");
        assert!(!body.contains("root:x:0"), "GET {path} served a file");
    }
    let long = format!("/search?q={}", "a".repeat(6000));
    assert!(s.get(&long).0 < 500);
    let (status, _, body) = s.get("/api/doc/999/XX-YYY");
    assert_eq!(status, 404);
    assert!(serde_json::from_str::<Value>(&body).unwrap()["error"].is_string());
    // Still answering after all that.
    assert!(s.page("/").contains("records in this archive"));
}

#[test]
fn it_binds_to_loopback_unless_told_otherwise() {
    let (code, out, _) = run(Path::new("unused"), &["serve", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("[default: 127.0.0.1:8080]"), "{out}");
}

/// Debian's chromium, if installed (under CI it must be: scripts/setup.sh --browser).
fn chromium() -> Option<&'static str> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing under CI (scripts/setup.sh --browser installs it)"
        );
        eprintln!("chromium is not installed: the browser test is not run");
    }
    found
}

/// The page at `url` as headless Chromium leaves it, after any navigation it makes.
fn dump_dom(chromium: &str, profile: &Path, url: &str) -> String {
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .stderr(Stdio::null())
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Debian's chromium, headless, as a person would use the pages: search a number, open its
/// record, follow a citation, open the trace, see the review.
#[test]
fn a_browser_searches_reads_follows_and_traces() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let archive = archive_with_all(dir.path());
    let s = Server::start(&archive);
    let profile = dir.path().join("profile");
    let dom = |path: &str| dump_dom(chromium, &profile, &format!("{}{path}", s.url));
    let href_after = |page: &str, marker: &str| -> String {
        let at = page
            .find(marker)
            .unwrap_or_else(|| panic!("{marker} in {page}"));
        let rest = &page[at + marker.len()..];
        rest[..rest.find('"').unwrap()].replace("&amp;", "&")
    };
    let results = dom("/search?q=212%2Fkh-ubnd");
    assert!(results.contains("212/KH-UBND"), "{results}");
    let doc_href = href_after(&results, "<a class=\"number\" href=\"");
    let doc = dom(&doc_href);
    assert!(doc.contains("<h1>212/KH-UBND</h1>"), "{doc}");
    let cited = dom(&href_after(&doc, "<a class=\"cite\" href=\""));
    assert!(cited.contains("<h1>"), "{cited}");
    let trace = dom(&format!("/trace/{}", href_after(&doc, "<a href=\"/trace/")));
    assert!(
        trace.contains("Trace down") && trace.contains("<svg"),
        "{trace}"
    );
    let review = dom("/review");
    assert!(review.contains("58/KH-SNNMT"), "{review}");
}

/// A temporary folder with a copy of the signed fixture scan in `scans/` (a file the test may
/// change) and the path for an archive: (folder, archive, scans, the copy).
fn signed_copy() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    std::path::PathBuf,
    std::path::PathBuf,
) {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("a");
    let scans = dir.path().join("scans");
    std::fs::create_dir_all(&scans).unwrap();
    let pdf = scans.join("signed_58_kh_snnmt.pdf");
    std::fs::copy(fixtures().join("signed/signed_58_kh_snnmt.pdf"), &pdf).unwrap();
    (dir, archive, scans, pdf)
}

/// The review round trip: a person corrects a field in the browser's form; the correction is
/// in the record (who, when, what was read), used by show and search, kept when the file is
/// read again, and carried by export and import. Without `--allow-edits` nothing can be posted.
#[test]
fn a_correction_is_kept_through_reingest_and_export() {
    let (dir, archive, scans, pdf) = signed_copy();
    let (code, _, err) = run(
        &archive,
        &["ingest", "--no-progress", scans.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let before = json(&archive, &["show", "--json", "58/KH-SNNMT"]);
    let read = before["date"].as_str().unwrap().to_string();
    assert!(before["review"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["field"] == "date"));

    // Read-only: the review page has no form, and /edit does not take a post.
    {
        let s = Server::start(&archive);
        assert!(!s.page("/review").contains("<form class=\"edit\""));
        let (status, _) = s.post("/edit", &[("field", "date"), ("value", "2024-08-19")]);
        assert!(status >= 400, "{status}");
    }

    let s = Server::start_with(&archive, &["--allow-edits"]);
    let token = &s.edit_token();
    let post = |form: &[(&str, &str)]| s.post("/edit", form);
    let path = pdf.to_str().unwrap();
    let form = |token: &str, value: &str| -> (u16, String) {
        post(&[
            ("token", token),
            ("path", path),
            ("field", "date"),
            ("value", value),
            ("by", "Lò Thị Mai"),
            ("action", "correct"),
        ])
    };
    assert_eq!(
        form("forged", "2024-08-19").0,
        403,
        "a form not from this server"
    );
    assert_eq!(form(token, "someday").0, 400, "a date that is no date");
    let (status, page) = form(token, "2024-08-19");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Lò Thị Mai"), "{page}");
    drop(s);

    let check = |archive: &Path, when: &str| {
        let v = json(archive, &["show", "--json", "58/KH-SNNMT"]);
        assert_eq!(v["date"], "2024-08-19", "{when}");
        let o = &v["overrides"][0];
        assert_eq!(o["field"], "date", "{when}");
        assert_eq!(o["by"], "Lò Thị Mai", "{when}");
        assert_eq!(o["was"], read.as_str(), "{when}");
        assert!(
            !v["review"]
                .as_array()
                .is_some_and(|r| r.iter().any(|x| x["field"] == "date")),
            "{when}: {v}"
        );
        let hits = json(
            archive,
            &[
                "search",
                "--json",
                "--from",
                "2024-08-19",
                "--to",
                "2024-08-19",
                "kế hoạch",
            ],
        );
        assert!(
            hits.as_array()
                .unwrap()
                .iter()
                .any(|h| h["number"] == "58/KH-SNNMT"),
            "{when}: search by the corrected date"
        );
    };
    check(&archive, "after the correction");

    // The file changes at its path (a byte appended): read again, it still reads the date it
    // read before, so the correction is carried to the new record.
    let mut bytes = std::fs::read(&pdf).unwrap();
    bytes.extend_from_slice(b"\n%\n");
    std::fs::write(&pdf, bytes).unwrap();
    let (code, out, err) = run(
        &archive,
        &["ingest", "--no-progress", scans.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out} {err}");
    assert!(format!("{out}{err}").contains("1 ingested"), "{out} {err}");
    check(&archive, "after re-ingest");

    // Export → import into a new archive.
    let (code, lines, _) = run(&archive, &["export"]);
    assert_eq!(code, 0);
    let file = dir.path().join("export.jsonl");
    std::fs::write(&file, lines).unwrap();
    let other = dir.path().join("b");
    let (code, _, err) = run(&other, &["import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    check(&other, "after export and import");
}

/// A province a person gives a record (a guessed one is in review) scopes its key, and the
/// page's record then shows it; a name that is no province is refused.
#[test]
fn a_corrected_province_rescopes_the_record() {
    let (_dir, archive, scans, pdf) = signed_copy();
    let (code, _, err) = run(
        &archive,
        &["ingest", "--no-progress", scans.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let before = json(&archive, &["show", "--json", "58/KH-SNNMT"]);
    assert_ne!(before["locality"], "Lạng Sơn", "{before}");
    let s = Server::start_with(&archive, &["--allow-edits"]);
    let token = s.edit_token();
    let post = |value: &str| {
        s.post(
            "/edit",
            &[
                ("token", token.as_str()),
                ("path", pdf.to_str().unwrap()),
                ("field", "locality"),
                ("value", value),
                ("by", "Lò Thị Mai"),
                ("action", "correct"),
            ],
        )
    };
    let (status, page) = post("Atlantis");
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("not a province"), "{page}");
    let (status, page) = post("lang son");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Lạng Sơn"), "{page}");
    drop(s);
    let v = json(&archive, &["show", "--json", "58/KH-SNNMT@lang-son:2024"]);
    assert_eq!(v["locality"], "Lạng Sơn", "{v}");
    assert_eq!(v["overrides"][0]["field"], "locality", "{v}");
    assert_eq!(v["overrides"][0]["was"], before["locality"], "{v}");
}

/// In Chromium: the review page's own form for a date in doubt, filled in (a corrected date and
/// a name) and submitted with its "correct" button; the record page that comes back has the
/// correction, and it is still there after the file is read again. (Our pages have no script,
/// so the test page that holds the served form clicks the button.)
#[test]
fn a_browser_corrects_a_field_and_it_is_kept_after_reingest() {
    let Some(chromium) = chromium() else {
        return;
    };
    let (dir, archive, scans, pdf) = signed_copy();
    let ingest = || {
        let (code, out, err) = run(
            &archive,
            &["ingest", "--no-progress", scans.to_str().unwrap()],
        );
        assert_eq!(code, 0, "{out} {err}");
    };
    ingest();
    let s = Server::start_with(&archive, &["--allow-edits"]);
    let profile = dir.path().join("profile");
    let review = dump_dom(chromium, &profile, &format!("{}/review", s.url));
    let at = review
        .find("<form class=\"edit\"")
        .unwrap_or_else(|| panic!("a form in {review}"));
    let end = at + review[at..].find("</form>").unwrap() + 7;
    let form = review[at..end]
        .replace("action=\"/edit\"", &format!("action=\"{}/edit\"", s.url))
        .replace("name=\"by\"", "name=\"by\" value=\"Lò Thị Mai\"");
    assert!(form.contains("name=\"field\" value=\"date\""), "{form}");
    let value_at = form.find("name=\"value\" value=\"").unwrap() + 20;
    let value_end = value_at + form[value_at..].find('"').unwrap();
    let form = format!("{}2024-08-19{}", &form[..value_at], &form[value_end..]);
    let page = dir.path().join("fill.html");
    std::fs::write(
        &page,
        format!(
            "<!DOCTYPE html><meta charset=\"utf-8\"><body>{form}<script>\
             document.querySelector('button[value=correct]').click();</script>"
        ),
    )
    .unwrap();
    let after = dump_dom(chromium, &profile, &format!("file://{}", page.display()));
    assert!(after.contains("<h1>58/KH-SNNMT</h1>"), "{after}");
    assert!(after.contains("Lò Thị Mai"), "{after}");
    assert!(after.contains("2024-08-19"), "{after}");
    drop(s);

    // The file changes at its path; read again, the record keeps the correction.
    let mut bytes = std::fs::read(&pdf).unwrap();
    bytes.extend_from_slice(b"\n%\n");
    std::fs::write(&pdf, bytes).unwrap();
    ingest();
    let s = Server::start(&archive);
    let doc = dump_dom(chromium, &profile, &format!("{}/doc/58/KH-SNNMT", s.url));
    assert!(doc.contains("Confirmed or corrected by a person"), "{doc}");
    assert!(doc.contains("<td>2024-08-19</td>"), "{doc}");
}

/// The searchable PDF/A written for a scan is downloaded from its record's page; nothing else
/// is served by that route.
#[test]
fn the_searchable_pdfa_of_a_scan_is_downloaded_from_its_record() {
    let (dir, archive, scans, _) = signed_copy();
    let out = dir.path().join("pdfa");
    let (code, o, err) = run(
        &archive,
        &[
            "ingest",
            "--no-progress",
            "--pdf-out",
            out.to_str().unwrap(),
            scans.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{o} {err}");
    let s = Server::start(&archive);
    let doc = s.page("/doc/58/KH-SNNMT");
    let at = doc.find("href=\"/pdfa?").expect("a download link") + 6;
    let href = doc[at..at + doc[at..].find('"').unwrap()].replace("&amp;", "&");
    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
    let mut r = agent.get(&format!("{}{href}", s.url)).call().unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r
        .body_mut()
        .with_config()
        .limit(50 << 20)
        .read_to_vec()
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let written = std::fs::read(out.join("signed_58_kh_snnmt.pdf")).unwrap();
    assert_eq!(pdf, written, "the file vanthu wrote");
    assert_eq!(s.get("/pdfa?path=%2Fetc%2Fpasswd").0, 404);
}
