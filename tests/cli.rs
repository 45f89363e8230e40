//! The command line over the fixture corpus: ingest, show, search, trace, extract.

mod common;

use common::*;
use serde_json::Value;

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = v
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    out.sort();
    out
}

#[test]
fn extract_matches_gold_for_every_fixture() {
    let gold_dir = fixtures().join("gold");
    let mut n = 0;
    for entry in std::fs::read_dir(fixtures().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        let gold: Value = serde_json::from_str(
            &std::fs::read_to_string(gold_dir.join(format!("{stem}.json"))).unwrap(),
        )
        .unwrap();
        let got = json(
            std::path::Path::new("unused"),
            &["extract", "--json", path.to_str().unwrap()],
        );
        for (field, want) in gold.as_object().unwrap() {
            if field == "cites" {
                let got_cites: Vec<Value> = got["cites"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| {
                        serde_json::json!({"key": c["key"], "number": c["number"],
                                           "relation": c["relation"], "date": c["date"]})
                    })
                    .collect();
                assert_eq!(&Value::Array(got_cites), want, "{stem}: cites");
            } else {
                assert_eq!(&got[field], want, "{stem}: {field}");
            }
        }
        // Every span points at its value in the text.
        let text = std::fs::read_to_string(&path).unwrap();
        let sp = &got["spans"]["number"];
        if let (Some(s), Some(e)) = (sp[0].as_u64(), sp[1].as_u64()) {
            let written: String = text[s as usize..e as usize]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let want = got["number"].as_str().or(got["symbol"].as_str()).unwrap();
            assert!(written.ends_with(want), "{stem}: span {written} vs {want}");
        }
        n += 1;
    }
    assert_eq!(n, 10);
}

#[test]
fn ingest_is_idempotent_and_reports() {
    let (_d, archive) = fixture_archive();
    let docs = fixtures().join("docs");
    let (code, out, _) = run(&archive, &["ingest", docs.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        out.contains("0 ingested, 10 already present, 0 failed (10 files"),
        "{out}"
    );
}

#[test]
fn bad_files_fail_alone_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("a");
    let bad = fixtures().join("bad");
    let docs = fixtures().join("docs").join("04_kh_212_ubnd.txt");
    let (code, out, err) = run(
        &archive,
        &["ingest", bad.to_str().unwrap(), docs.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("2 ingested, 0 already present, 8 failed"),
        "{out}"
    );
    for (file, reason) in [
        ("empty.txt", "the file is empty"),
        ("scan.png", "no text was found on its 1 page"),
        ("truncated.pdf", "the PDF is damaged or truncated"),
        ("truncated.tif", "the TIFF is damaged or truncated"),
        (
            "encrypted.pdf",
            "the PDF is encrypted (it needs a password)",
        ),
        ("huge.png", "60000×60000 pixels, more than the limit"),
        ("garbage.dat", "binary files are not supported"),
        ("not-utf8.txt", "not valid UTF-8 text"),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("no error line for {file}: {err}"));
        assert!(line.contains(reason), "{line}");
    }
    // The mislabelled .png is text, and was read as such.
    let shown = json(&archive, &["show", "--json", "2001/UBND-VX"]);
    assert_eq!(shown["status"], "ingested");
    assert_eq!(shown["source"]["kind"], "text/utf-8");
}

#[test]
fn show_by_number_however_typed() {
    let (_d, archive) = fixture_archive();
    for typed in ["91-NQ/TW", "91/NQ-TW", "91 nq tw", "091-nq/tw"] {
        let v = json(&archive, &["show", "--json", typed]);
        assert_eq!(v["key"], "91-NQ-TW", "{typed}");
    }
    let v = json(&archive, &["show", "--json", "212/kh-ubnd"]);
    assert_eq!(v["key"], "212-KH-UBND@tay-linh:2024");
    assert_eq!(v["number"], "212/KH-UBND");
    assert_eq!(v["status"], "ingested");
    assert_eq!(v["type"], "Kế hoạch");
    assert_eq!(v["date"], "2024-08-02");
    assert_eq!(v["place"], "Tây Lĩnh");
    assert_eq!(v["issuer"], "ỦY BAN NHÂN DÂN / TỈNH TÂY LĨNH");
    assert_eq!(v["signer"], "Hà Thị Lan Hương");
    assert_eq!(v["source"]["sha256"].as_str().unwrap().len(), 64);
    assert!(v["source"]["path"]
        .as_str()
        .unwrap()
        .ends_with("04_kh_212_ubnd.txt"));
    assert_eq!(
        edges(&v["cites"]),
        pairs(&[
            ("134-KH-TU@tay-linh:2024", "implements"),
            ("91-NQ-TW", "basis"),
            ("27-NQ-CP", "basis"),
        ])
    );
    assert_eq!(
        edges(&v["cited_by"]),
        pairs(&[
            ("58-KH-SNNMT@tay-linh:2024", "implements"),
            ("41-KH-SKHCN@tay-linh:2024", "implements"),
            ("1875-UBND-KT@tay-linh:2024", "references"),
        ])
    );
    // A key in any case, and without its year when one year fits.
    for typed in ["212-kh-ubnd@tay-linh:2024", "212-KH-UBND@Tây-Lĩnh"] {
        let v = json(&archive, &["show", "--json", typed]);
        assert_eq!(v["key"], "212-KH-UBND@tay-linh:2024", "{typed}");
    }
    // Who cites it, with each one's date and province.
    let (_, out, _) = run(&archive, &["show", "212/KH-UBND"]);
    assert!(
        out.contains("implements  41/KH-SKHCN  2024-08-26 · Tây Lĩnh"),
        "{out}"
    );
}

#[test]
fn same_number_in_two_provinces_is_two_documents() {
    let (_d, archive) = fixture_archive();
    let (code, _, err) = run(&archive, &["show", "134-KH/TU"]);
    assert_eq!(code, 1);
    assert!(err.contains("134-KH/TU names 2 documents"), "{err}");
    assert!(err.contains("134-KH-TU@tay-linh:2024"), "{err}");
    assert!(err.contains("134-KH-TU@dong-hai:2024"), "{err}");
    let v = json(&archive, &["show", "--json", "134-KH-TU@dong-hai:2024"]);
    assert_eq!(v["issuer"], "TỈNH ỦY ĐÔNG HẢI");
    assert_eq!(v["cited_by"], serde_json::json!([]));
    let v = json(&archive, &["show", "--json", "134-KH-TU@tay-linh:2024"]);
    assert_eq!(
        edges(&v["cited_by"]),
        pairs(&[("212-KH-UBND@tay-linh:2024", "implements")])
    );
}

#[test]
fn two_documents_under_one_key_are_reported_and_shown() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    // Two different letters whose numbers read the same (a clerk's slip).
    for (name, subject) in [
        ("a.txt", "báo cáo tiến độ"),
        ("b.txt", "đề nghị bổ sung kinh phí"),
    ] {
        let text = format!(
            "UBND TỈNH TÂY LĨNH\nVĂN PHÒNG\nSố: 77/VP-KT\nTây Lĩnh, ngày 3 tháng 3 năm 2025\n\
             V/v {subject}\n\nKính gửi: Sở Tài chính.\n\nNội dung.\n"
        );
        std::fs::write(docs.join(name), text).unwrap();
    }
    let archive = dir.path().join("a");
    let (code, out, err) = run(&archive, &["ingest", docs.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = run(&archive, &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("held by 2 different documents"), "{out}");
    let v = json(&archive, &["show", "--json", "77/VP-KT"]);
    assert_eq!(v["same_key"].as_array().unwrap().len(), 1, "{v}");
    let (_, out, _) = run(&archive, &["show", "77/VP-KT"]);
    assert!(out.contains("also under this key (1)"), "{out}");
}

#[test]
fn stubs_carry_what_citations_say() {
    let (_d, archive) = fixture_archive();
    let v = json(&archive, &["show", "--json", "48/2023/nđ-cp"]);
    assert_eq!(v["status"], "stub");
    assert_eq!(v["key"], "48-2023-ND-CP");
    assert_eq!(v["type"], "Nghị định");
    assert_eq!(v["date"], "2023-07-11");
    assert_eq!(v["issuer"], "Chính phủ");
    assert_eq!(v["source"], Value::Null);
    assert_eq!(
        edges(&v["cited_by"]),
        pairs(&[
            ("27-NQ-CP", "basis"),
            ("15-2024-QD-UBND@tay-linh:2024", "basis")
        ])
    );
    let (code, _, err) = run(&archive, &["show", "999/KH-UBND"]);
    assert_eq!(code, 1);
    assert!(err.contains("is or cites 999/KH-UBND"), "{err}");
}

#[test]
fn draft_without_number_is_a_record() {
    let (_d, archive) = fixture_archive();
    let v = json(&archive, &["search", "--json", "báo cáo tiến độ"]);
    let draft = &v[0];
    assert_eq!(draft["number"], Value::Null);
    assert_eq!(draft["symbol"], "VP-KT");
    assert!(draft["key"].as_str().unwrap().starts_with("sha256:"));
    assert_eq!(draft["date"], "2024-11");
    let key = draft["key"].as_str().unwrap();
    let shown = json(&archive, &["show", "--json", key]);
    assert_eq!(shown["issuer"], "UBND TỈNH TÂY LĨNH / VĂN PHÒNG");
}

fn search_keys(archive: &std::path::Path, args: &[&str]) -> Vec<String> {
    let mut a = vec!["search", "--json"];
    a.extend_from_slice(args);
    json(archive, &a)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn search_with_and_without_diacritics() {
    let (_d, archive) = fixture_archive();
    let with = search_keys(&archive, &["hợp tác xã thủy sản"]);
    let without = search_keys(&archive, &["hop tac xa thuy san"]);
    assert_eq!(with, vec!["134-KH-TU@dong-hai:2024"]);
    assert_eq!(without, with);
    // "quyết định" in full ranks the documents that spell it so; "quyet dinh" finds them too.
    let folded = search_keys(&archive, &["quyet dinh ho tro"]);
    assert_eq!(folded[0], "15-2024-QD-UBND@tay-linh:2024");
    // Numbers, typed any way, lead.
    assert_eq!(
        search_keys(&archive, &["212/kh-ubnd"])[0],
        "212-KH-UBND@tay-linh:2024"
    );
    // A number only cited: its stub leads.
    assert_eq!(search_keys(&archive, &["36-KL/TW"])[0], "36-KL-TW");
    // Part of a symbol.
    let part = search_keys(&archive, &["KH-SNNMT"]);
    assert_eq!(part[0], "58-KH-SNNMT@tay-linh:2024");
    assert_eq!(
        search_keys(&archive, &["không có từ này xyzzy"]),
        Vec::<String>::new()
    );
}

#[test]
fn search_filters() {
    let (_d, archive) = fixture_archive();
    let mut qd = search_keys(&archive, &["--type", "QĐ", "tây lĩnh"]);
    qd.sort();
    assert_eq!(qd, vec!["15-2024-QD-UBND@tay-linh:2024"]);
    let mut cv = search_keys(&archive, &["--type", "công văn", "kế hoạch"]);
    cv.sort();
    assert_eq!(cv.len(), 2, "{cv:?}");
    let mut dated = search_keys(
        &archive,
        &["--from", "2024-08", "--to", "2024-08-21", "kế hoạch"],
    );
    dated.sort();
    assert_eq!(
        dated,
        vec![
            "134-KH-TU@dong-hai:2024",
            "212-KH-UBND@tay-linh:2024",
            "58-KH-SNNMT@tay-linh:2024"
        ]
    );
    let mut issuer = search_keys(&archive, &["--issuer", "so khoa hoc", "kế hoạch"]);
    issuer.sort();
    assert_eq!(issuer, vec!["41-KH-SKHCN@tay-linh:2024"]);
    let (code, _, err) = run(&archive, &["search", "--from", "hôm qua", "x"]);
    assert_eq!(code, 1);
    assert!(err.contains("is not a date"), "{err}");
}

#[test]
fn trace_down_tree_is_exact() {
    let (_d, archive) = fixture_archive();
    let (code, out, err) = run(&archive, &["trace", "91-NQ/TW"]);
    assert_eq!(code, 0, "{err}");
    let want = std::fs::read_to_string(root().join("tests/expected/trace_91_down.txt")).unwrap();
    assert_eq!(out, want);
}

#[test]
fn trace_json_up_and_down() {
    let (_d, archive) = fixture_archive();
    let v = json(&archive, &["trace", "--format", "json", "91-NQ/TW"]);
    assert_eq!(v["key"], "91-NQ-TW");
    assert_eq!(v["relation"], Value::Null);
    let children = edges(&v["children"]);
    assert_eq!(
        children,
        pairs(&[
            ("27-NQ-CP", "implements"),
            ("134-KH-TU@tay-linh:2024", "implements"),
            ("134-KH-TU@dong-hai:2024", "implements"),
            ("212-KH-UBND@tay-linh:2024", "basis"),
        ])
    );
    let tay_linh = v["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "134-KH-TU@tay-linh:2024")
        .unwrap();
    assert_eq!(tay_linh["children"][0]["key"], "212-KH-UBND@tay-linh:2024");
    assert_eq!(tay_linh["children"][0]["relation"], "implements");
    // Depth limits the walk.
    let v = json(
        &archive,
        &["trace", "--format", "json", "--depth", "1", "91-NQ/TW"],
    );
    assert!(v["children"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["children"].as_array().unwrap().is_empty()));
    // Up from a department plan: to the central resolution.
    let v = json(
        &archive,
        &["trace", "--up", "--format", "json", "58/KH-SNNMT"],
    );
    assert_eq!(v["children"][0]["key"], "212-KH-UBND@tay-linh:2024");
    let up2 = edges(&v["children"][0]["children"]);
    assert!(up2.contains(&("134-KH-TU@tay-linh:2024".into(), "implements".into())));
}

/// A trace past its most documents reads no more, and each document counts and says what of
/// its own it leaves out: nothing is dropped without a word.
#[test]
fn trace_past_its_most_documents_says_how_many_are_not_shown() {
    let (_d, archive) = fixture_archive();
    fn count(v: &Value) -> (usize, u64) {
        let kids = v["children"].as_array().unwrap();
        kids.iter()
            .fold((1, v["not_shown"].as_u64().unwrap_or(0)), |(n, m), c| {
                let (cn, cm) = count(c);
                (n + cn, m + cm)
            })
    }
    let full = json(&archive, &["trace", "--format", "json", "91-NQ/TW"]);
    let (all, hidden) = count(&full);
    assert_eq!(hidden, 0);
    assert!(all > 3, "{all}");
    let v = json(
        &archive,
        &["trace", "--format", "json", "--max-nodes", "3", "91-NQ/TW"],
    );
    let (shown, not_shown) = count(&v);
    assert!(shown <= 3, "{shown}");
    // The root's four children: two shown, two counted.
    assert_eq!(v["children"].as_array().unwrap().len(), 2);
    assert_eq!(v["not_shown"], 2);
    assert!(not_shown >= 2);
    let (code, out, err) = run(&archive, &["trace", "--max-nodes", "3", "91-NQ/TW"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("└─ … 2 more not shown: the trace reached its most documents (--max-nodes)"),
        "{out}"
    );
    let (code, out, _) = run(
        &archive,
        &["trace", "--format", "dot", "--max-nodes", "3", "91-NQ/TW"],
    );
    assert_eq!(code, 0);
    assert!(out.contains("… 2 more not shown"), "{out}");
}

#[test]
fn trace_dot_renders() {
    let (_d, archive) = fixture_archive();
    let (code, out, _) = run(&archive, &["trace", "--format", "dot", "91-NQ/TW"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("digraph vanthu {"));
    assert!(out.contains(
        "\"212-KH-UBND@tay-linh:2024\" -> \"134-KH-TU@tay-linh:2024\" [label=\"implements\"];"
    ));
    if which("dot") {
        let mut child = std::process::Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(out.as_bytes())
            .unwrap();
        let o = child.wait_with_output().unwrap();
        assert!(o.status.success());
        assert!(String::from_utf8_lossy(&o.stdout).contains("<svg"));
    } else {
        eprintln!("graphviz `dot` is not installed: rendering not checked");
    }
}

fn which(cmd: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {cmd}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[test]
fn usage_errors_exit_2_and_missing_archive_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("none");
    let (code, _, _) = run(&archive, &["frobnicate"]);
    assert_eq!(code, 2);
    let (code, _, _) = run(&archive, &["trace", "--up", "--down", "1/KH-UBND"]);
    assert_eq!(code, 2);
    let (code, _, err) = run(&archive, &["show", "1/KH-UBND"]);
    assert_eq!(code, 1);
    assert!(err.contains("no archive at"), "{err}");
    let (code, _, err) = run(&archive, &["extract", "/no/such/file.txt"]);
    assert_eq!(code, 1);
    assert!(err.contains("/no/such/file.txt"), "{err}");
}

#[test]
fn a_second_writer_is_refused() {
    let (_d, archive) = fixture_archive();
    // Hold the writer lock the way a running ingest does.
    let index = tantivy::Index::open_in_dir(archive.join("index")).unwrap();
    let _w: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    let docs = fixtures().join("docs");
    let (code, _, err) = run(&archive, &["ingest", docs.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("is in use by another vanthu process"), "{err}");
    // Readers still work.
    let v = json(&archive, &["show", "--json", "27/NQ-CP"]);
    assert_eq!(v["status"], "ingested");
}

/// Text in the encodings that came before Unicode — Windows-1258, TCVN3 (ABC), VNI (as bytes,
/// and as UTF-8 made from them by a blind conversion) — and UTF-16 with its BOM: each is read,
/// converted, and says what it was.
#[test]
fn legacy_encodings_are_detected_and_converted() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("a");
    let legacy = fixtures().join("legacy");
    let (code, out, err) = run(&archive, &["ingest", legacy.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("5 ingested"), "{out}");
    for (n, kind) in [
        (31, "text/Windows-1258"),
        (32, "text/TCVN3 (ABC)"),
        (33, "text/VNI"),
        (34, "text/VNI"),
        (35, "text/utf-16le"),
    ] {
        let v = json(&archive, &["show", "--json", &format!("{n}/TB-UBND")]);
        assert_eq!(v["source"]["kind"], kind, "{n}");
        assert_eq!(v["type"], "Thông báo", "{n}");
        assert_eq!(v["date"], "2025-03-03", "{n}");
        assert_eq!(
            v["subject"], "về lịch tiếp công dân của lãnh đạo tỉnh",
            "{n}"
        );
        assert_eq!(v["cites"][0]["key"], "212-KH-UBND@tay-linh:2024", "{n}");
    }
}

/// Paths with spaces and Vietnamese letters work and are kept as written; a symbolic-link
/// loop and a dangling link are one error line each, and the batch goes on.
#[test]
fn awkward_paths_and_symlink_loops() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("kho lưu trữ");
    let input = dir.path().join("đầu vào");
    let deep = input.join("thư mục có dấu").join("sub dir");
    std::fs::create_dir_all(&deep).unwrap();
    let doc = deep.join("Kế hoạch 212 (bản chính).txt");
    std::fs::copy(fixtures().join("docs/04_kh_212_ubnd.txt"), &doc).unwrap();
    let loop_dir = input.join("loop");
    std::fs::create_dir_all(&loop_dir).unwrap();
    std::os::unix::fs::symlink("..", loop_dir.join("up")).unwrap();
    std::os::unix::fs::symlink(&loop_dir, loop_dir.join("self")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/x.txt", input.join("dangling.txt")).unwrap();
    let (code, out, err) = run(
        &archive,
        &["ingest", "--no-progress", input.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("1 ingested"), "{out}");
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("symbolic link loop"))
            .count(),
        2,
        "{err}"
    );
    assert!(err.lines().any(|l| l.contains("dangling.txt")), "{err}");
    let v = json(&archive, &["show", "--json", "212/KH-UBND"]);
    let path = v["source"]["path"].as_str().unwrap();
    assert!(
        path.ends_with("thư mục có dấu/sub dir/Kế hoạch 212 (bản chính).txt"),
        "{path}"
    );
    // Ingested again under the same awkward name: already present.
    let (code, out, _) = run(
        &archive,
        &["ingest", "--no-progress", doc.to_str().unwrap()],
    );
    assert_eq!(code, 0);
    assert!(out.contains("0 ingested, 1 already present"), "{out}");
}

/// Earlier OCR's text from a Vietnamese engine keeps its marks and reads as typed: a number
/// written by hand into the form's blank (`45 /QĐ-UBND`), its day, and a signer's name read
/// without the tone above its hat are said in review, and left as written.
#[test]
fn what_earlier_vietnamese_ocr_may_have_misread_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("quet_045.txt");
    std::fs::write(
        &file,
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
         TỈNH TÂY LĨNH Độc lập - Tự do - Hạnh phúc\n\n\
         Số: 45 /QĐ-UBND Tây Lĩnh, ngày 05 tháng 3 năm 2025\n\n\
         QUYẾT ĐỊNH\nVề việc công nhận xã đạt chuẩn nông thôn mới năm 2024\n\n\
         CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH TÂY LĨNH\n\n\
         Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n\
         Xét đề nghị của Sở Nông nghiệp và Môi trường.\n\nQUYẾT ĐỊNH:\n\n\
         Điều 1. Công nhận xã Nậm Cuổi đạt chuẩn nông thôn mới năm 2024.\n\
         Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.\n\n\
         Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\
         Trần Phước Hiên\n",
    )
    .unwrap();
    let v = json(
        std::path::Path::new("unused"),
        &["extract", "--json", file.to_str().unwrap()],
    );
    assert_eq!(v["number"], "45/QĐ-UBND", "{v}");
    assert_eq!(v["signer"], "Trần Phước Hiên", "as written: {v}");
    let review = v["review"].as_array().unwrap();
    let said = |field: &str| {
        review
            .iter()
            .find(|r| r["field"] == field)
            .and_then(|r| r["reason"].as_str())
            .unwrap_or_else(|| panic!("{field} not in review: {v}"))
            .to_string()
    };
    assert!(said("number").contains("«45 /QĐ-UBND»"));
    assert!(said("date").contains("written by hand"));
    assert!(
        said("signer").contains("«Hiên» or «Hiền»"),
        "{}",
        said("signer")
    );
}
