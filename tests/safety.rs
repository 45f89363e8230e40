//! The archive is safe: an interrupted ingest keeps what it committed, and a re-run does
//! exactly the rest.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;

fn summary_numbers(out: &str) -> (usize, usize) {
    // "… N ingested …, M already present, …"
    let num_before = |word: &str| -> usize {
        let i = out
            .find(word)
            .unwrap_or_else(|| panic!("no {word:?} in {out}"));
        out[..i]
            .split(|c: char| !c.is_ascii_digit())
            .rfind(|s| !s.is_empty())
            .unwrap()
            .parse()
            .unwrap()
    };
    (num_before(" ingested"), num_before(" already present"))
}

#[test]
fn ctrl_c_commits_what_is_done_and_a_rerun_does_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("a");
    let scans = fixtures().join("scans");
    let docs = fixtures().join("docs");
    let child = ingest_cmd(&archive, &[]).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let code = out.status.code().unwrap_or(-1);
    // Interrupted (130), or done before the signal came (0) on a fast machine.
    assert!(code == 130 || code == 0, "{code}: {stdout}");
    let (first, _) = summary_numbers(&stdout);
    if code == 130 {
        assert!(stdout.contains("interrupted:"), "{stdout}");
        assert!(stdout.contains("run the same command again"), "{stdout}");
        assert!(first < 18, "{stdout}");
    }
    // The archive opens and holds what was committed.
    let (code, out, err) = run(
        &archive,
        &[
            "ingest",
            "--no-progress",
            scans.to_str().unwrap(),
            docs.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let (rest, present) = summary_numbers(&out);
    assert_eq!(present, first, "{out}");
    assert_eq!(rest + present, 18, "{out}");
    // Nothing twice: a number shows one record.
    let v = json(&archive, &["show", "--json", "212-KH-UBND@tay-linh:2024"]);
    assert_eq!(v["status"], "ingested");
    let (code, out, _) = run(&archive, &["ingest", docs.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("0 ingested, 10 already present"), "{out}");
}

#[test]
fn export_import_export_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let docs = fixtures().join("docs");
    let (code, _, err) = run(&a, &["ingest", "--no-progress", docs.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (code, first, err) = run(&a, &["export"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(first.lines().count(), 10);
    for line in first.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["vanthu_record"], 1);
        assert!(v["source"]["sha256"].is_string() && v["text"].is_string());
    }
    let file = dir.path().join("records.jsonl");
    std::fs::write(&file, &first).unwrap();
    let (code, out, err) = run(&b, &["import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("10 imported, 0 already present"), "{out}");
    let (_, second, _) = run(&b, &["export"]);
    assert_eq!(first, second);
    // The rebuilt archive answers as the first does.
    let t1 = json(&a, &["trace", "--format", "json", "91-NQ/TW"]);
    let t2 = json(&b, &["trace", "--format", "json", "91-NQ/TW"]);
    assert_eq!(t1, t2);
    // Importing again adds nothing; a line of another format is refused with its number.
    let (_, out, _) = run(&b, &["import", file.to_str().unwrap()]);
    assert!(out.contains("0 imported, 10 already present"), "{out}");
    std::fs::write(&file, "{\"vanthu_record\": 9}\n").unwrap();
    let (code, _, err) = run(&b, &["import", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("line 1"), "{err}");
}

#[test]
fn check_reports_moved_and_changed_sources() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let copies = dir.path().join("docs");
    std::fs::create_dir(&copies).unwrap();
    for e in std::fs::read_dir(fixtures().join("docs")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, copies.join(p.file_name().unwrap())).unwrap();
    }
    let (code, _, err) = run(&a, &["ingest", "--no-progress", copies.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(&a, &["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("checked 10 records")
            && out.contains("0 problems, 0 sources moved, 0 changed"),
        "{out}"
    );
    std::fs::remove_file(copies.join("01_nq_91_tw.txt")).unwrap();
    std::fs::write(copies.join("02_nq_27_cp.txt"), "sửa đổi").unwrap();
    let (code, out, _) = run(&a, &["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 sources moved, 1 changed"), "{out}");
    assert!(
        out.lines().any(|l| l.starts_with("moved: 91-NQ-TW")),
        "{out}"
    );
    assert!(
        out.lines().any(|l| l.starts_with("changed: 27-NQ-CP")),
        "{out}"
    );
}

fn export_lines(archive: &std::path::Path) -> Vec<String> {
    let (code, out, err) = run(archive, &["export"]);
    assert_eq!(code, 0, "export while or after ingesting: {err}");
    out.lines().map(str::to_string).collect()
}

fn ingest_cmd(archive: &std::path::Path, extra: &[&str]) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("vanthu"));
    c.args(["ingest", "--no-progress", "--archive"])
        .arg(archive)
        .args(extra)
        .arg(fixtures().join("scans"))
        .arg(fixtures().join("docs"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// SIGKILL at several points — inside a commit (segments written, meta not yet switched), and
/// from outside after some records are in — then a plain re-run: the archive opens after each
/// kill, `check` finds nothing wrong, and the final export is byte for byte a clean run's.
#[test]
fn sigkill_at_any_point_loses_at_most_a_batch_and_a_rerun_does_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean");
    let out = ingest_cmd(&clean, &[]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want = export_lines(&clean);
    assert!(want.len() >= 18);

    let archive = dir.path().join("killed");
    let mut seen = 0;
    // Killed by itself in the middle of its 1st, then (on the re-run) its 2nd commit.
    for n in [1, 2] {
        let out = ingest_cmd(&archive, &["--batch", "2", "-j", "1"])
            .env("VANTHU_FAILPOINT", format!("kill-mid-commit:{n}"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), None, "killed by a signal, not exited");
        let (code, out, err) = run(&archive, &["check"]);
        assert_eq!(code, 0, "check after a kill mid-commit: {out}{err}");
        let now = export_lines(&archive).len();
        assert!(now >= seen, "records were lost: {seen} → {now}");
        seen = now;
    }
    // Killed from outside once more records are in.
    let mut child = ingest_cmd(&archive, &["--batch", "1", "-j", "1"])
        .spawn()
        .unwrap();
    let t0 = std::time::Instant::now();
    loop {
        let now = export_lines(&archive).len();
        if now > seen + 1 || t0.elapsed() > Duration::from_secs(120) {
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break; // finished first on a fast machine
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = Command::new("kill")
        .args(["-9", &child.id().to_string()])
        .status();
    let _ = child.wait();
    let (code, out, err) = run(&archive, &["check"]);
    assert_eq!(code, 0, "check after SIGKILL: {out}{err}");
    assert!(export_lines(&archive).len() >= seen);

    // The plain re-run does exactly the rest.
    let out = ingest_cmd(&archive, &[]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (rest, present) = summary_numbers(&stdout);
    assert_eq!(rest + present, 18, "{stdout}");
    let (code, out, err) = run(&archive, &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        export_lines(&archive),
        want,
        "the killed-and-resumed archive differs"
    );
}

/// A killed first run (or a full disk) can leave the archive folder with its index but no
/// marker: reading commands say so and what finishes it, the next ingest finishes making it
/// rather than calling the folder someone else's.
#[test]
fn an_archive_half_made_by_a_killed_run_is_finished() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("a");
    std::fs::create_dir_all(archive.join("index")).unwrap();
    // Every reading command says the same of it, and what finishes it.
    for args in [
        &["check"][..],
        &["export"],
        &["show", "212/KH-UBND"],
        &["search", "ke hoach"],
    ] {
        let (code, out, err) = run(&archive, args);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(
            err.contains("creation was cut short") && err.contains("vanthu ingest --archive"),
            "{args:?}: {err}"
        );
    }
    let (code, out, err) = run(
        &archive,
        &[
            "ingest",
            "--no-progress",
            fixtures().join("docs").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("10 ingested"), "{out}");
    // A folder with other things in it is still refused.
    let other = dir.path().join("other");
    std::fs::create_dir_all(other.join("index")).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let (code, _, err) = run(
        &other,
        &[
            "ingest",
            "--no-progress",
            fixtures().join("docs").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("not a vanthu archive"), "{err}");
}

/// `search`, `show`, `trace` and `export` work while an ingest runs, and see its committed
/// batches as they come.
#[test]
fn readers_work_during_an_ingest_and_see_its_batches() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("a");
    // The documents first, so that there is something to read early.
    let first = fixtures().join("docs/01_nq_91_tw.txt");
    let (code, out, err) = run(
        &archive,
        &["ingest", "--no-progress", first.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out}{err}");
    let mut child = ingest_cmd(&archive, &["--batch", "1", "-j", "1"])
        .spawn()
        .unwrap();
    let mut counts = Vec::new();
    let mut while_running = 0;
    while child.try_wait().unwrap().is_none() {
        counts.push(export_lines(&archive).len());
        for args in [
            &["search", "nghị quyết"][..],
            &["show", "91-NQ/TW"][..],
            &["trace", "91-NQ/TW", "--down"][..],
        ] {
            let (code, out, err) = run(&archive, args);
            assert_eq!(code, 0, "{args:?} during an ingest: {out}{err}");
        }
        while_running += 1;
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(child.wait().unwrap().success());
    let last = export_lines(&archive).len();
    assert!(
        while_running >= 3,
        "the ingest ended before the readers ran"
    );
    assert!(
        counts.iter().any(|c| *c > 1 && *c < last),
        "readers never saw a batch in the middle: {counts:?} of {last}"
    );
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
}

/// Issue 20, finding 7: a line whose path is an existing record's, with other content, does
/// not replace that record; it is skipped and said. A line starting with a byte-order mark
/// is read (finding 11).
#[test]
fn import_never_removes_a_record() {
    let (_d, a) = fixture_archive();
    let (_, lines, _) = run(&a, &["export"]);
    let first = lines.lines().next().unwrap();
    let mut v: serde_json::Value = serde_json::from_str(first).unwrap();
    let key = v["key"].as_str().unwrap().to_string();
    let subject = v["subject"].clone();
    v["source"]["sha256"] = serde_json::json!("0".repeat(64));
    v["subject"] = serde_json::json!("Một nội dung khác hẳn");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("other.jsonl");
    std::fs::write(&file, format!("{v}\n")).unwrap();
    let (code, out, err) = run(&a, &["import", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{out} {err}");
    assert!(
        out.contains("0 imported, 0 already present, 1 in conflict"),
        "{out}"
    );
    assert!(
        err.contains("has other content") && err.contains("skipped"),
        "{err}"
    );
    let shown = json(&a, &["show", "--json", &key]);
    assert_eq!(shown["subject"], subject, "the record is untouched");
    let (_, again, _) = run(&a, &["export"]);
    assert_eq!(again, lines, "the archive is as it was");

    // A byte-order mark before the first line, in a new archive.
    let b = dir.path().join("b");
    std::fs::write(&file, format!("\u{feff}{lines}")).unwrap();
    let (code, out, err) = run(&b, &["import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("10 imported"), "{out}");
}

/// Issue 20, finding 8: `check` reads only regular files at absolute paths, whatever a
/// record names: a FIFO, a device and a relative path are reported, not opened.
#[test]
fn check_opens_only_regular_files_at_absolute_paths() {
    let (_d, a) = fixture_archive();
    let (_, lines, _) = run(&a, &["export"]);
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let mut out = String::new();
    for (line, path) in lines
        .lines()
        .zip([fifo.to_str().unwrap(), "/dev/zero", "../../etc/passwd"])
    {
        let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
        v["source"]["path"] = serde_json::json!(path);
        out.push_str(&format!("{v}\n"));
    }
    let file = dir.path().join("odd.jsonl");
    std::fs::write(&file, out).unwrap();
    let b = dir.path().join("b");
    let (code, _, err) = run(&b, &["import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let out = vanthu(&b)
        .arg("check")
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code().is_some(), "check hung or died: {text}");
    assert!(text.contains("fifo is not a regular file"), "{text}");
    assert!(text.contains("/dev/zero is not a regular file"), "{text}");
    assert!(
        text.contains("../../etc/passwd is not an absolute path"),
        "{text}"
    );
}

/// Issue 20, finding 9: a sidecar is never written through a symbolic link, and vanthu's own
/// outputs (sidecars, PDF/A) inside the input folder are never ingested back.
#[test]
fn sidecars_follow_no_link_and_outputs_are_not_ingested_back() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for name in ["04_kh_212_ubnd.txt", "06_kh_41_skhcn.txt"] {
        std::fs::copy(fixtures().join("docs").join(name), input.join(name)).unwrap();
    }
    std::fs::copy(
        fixtures().join("scans/rotated_1875_ubnd_kt.png"),
        input.join("rotated_1875_ubnd_kt.png"),
    )
    .unwrap();
    let side = input.join("side");
    std::fs::create_dir_all(&side).unwrap();
    let outside = dir.path().join("outside.txt");
    std::os::unix::fs::symlink(&outside, side.join("04_kh_212_ubnd.txt.txt")).unwrap();
    let pdfa = input.join("pdfa");
    let a = dir.path().join("a");
    let args = [
        "ingest",
        "--no-progress",
        "--sidecar",
        side.to_str().unwrap(),
        "--pdf-out",
        pdfa.to_str().unwrap(),
        input.to_str().unwrap(),
    ];
    let (_, out, err) = run(&a, &args);
    assert!(!outside.exists(), "a sidecar was written through a link");
    assert!(err.contains("symbolic link; not followed"), "{out} {err}");
    assert!(side.join("06_kh_41_skhcn.txt.txt").exists());
    assert!(
        pdfa.join("rotated_1875_ubnd_kt.pdf").exists(),
        "{out} {err}"
    );
    assert!(out.contains("3 ingested"), "{out} {err}");
    let (_, out, err) = run(&a, &args);
    assert!(
        out.contains("0 ingested, 3 already present, 0 failed"),
        "{out} {err}"
    );
    let (code, out, err) = run(&a, &["check"]);
    assert_eq!(code, 0, "{out} {err}");
}

/// Issue 20, finding 11: blank, BOM-only and two-byte files make no record; CR-only line ends
/// read as line ends (the key keeps its province); a file name with a line break cannot fake
/// or split a report line; a PDF whose page tree loops is "damaged", in words; a PDF of pages
/// 70 m a side is refused before any is rendered; hidden entries are counted in the summary.
#[test]
fn small_hostile_inputs_are_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("blank.txt"), "  \n\t\n").unwrap();
    std::fs::write(input.join("bom.txt"), "\u{feff}").unwrap();
    std::fs::write(input.join("two.bin"), [0xd0u8, 0xa3]).unwrap();
    std::fs::write(
        input.join("evil\nvanthu: 99 ingested, 0 already present, 0 failed.txt"),
        "\u{feff}\n",
    )
    .unwrap();
    let cr = std::fs::read_to_string(fixtures().join("docs/04_kh_212_ubnd.txt"))
        .unwrap()
        .replace('\n', "\r");
    std::fs::write(input.join("cr_only.txt"), cr).unwrap();
    // A page tree whose kid is the tree itself.
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
2 0 obj << /Type /Pages /Kids [2 0 R] /Count 1 >> endobj\n\
trailer << /Root 1 0 R /Size 3 >>\n%%EOF\n";
    std::fs::write(input.join("loop.pdf"), pdf).unwrap();
    // Four pages of 200,000 pt (70 m) a side, in 600 bytes: refused before rendering.
    let mut huge = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R 5 0 R 6 0 R] /Count 4 >> endobj\n"
        .to_vec();
    for k in 3..7 {
        huge.extend_from_slice(
            format!(
                "{k} 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200000 200000] >> endobj\n"
            )
            .as_bytes(),
        );
    }
    huge.extend_from_slice(b"trailer << /Root 1 0 R /Size 7 >>\n%%EOF\n");
    std::fs::write(input.join("huge.pdf"), huge).unwrap();
    // A name that is not UTF-8 (a Windows-1258 name from an old share): said, not stored
    // changed.
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"k\xe9 ho\xb9ch.txt");
        std::fs::copy(fixtures().join("docs/06_kh_41_skhcn.txt"), input.join(name)).unwrap();
    }
    // Hidden entries (an editor's swap file, a folder of settings) are not read, but said.
    std::fs::write(input.join(".kh.txt.swp"), "x").unwrap();
    std::fs::create_dir_all(input.join(".config")).unwrap();
    std::fs::write(input.join(".config/a.txt"), "x").unwrap();
    let a = dir.path().join("a");
    let (code, out, err) = run(&a, &["ingest", "--no-progress", input.to_str().unwrap()]);
    assert_eq!(code, 1, "{out} {err}");
    assert!(
        out.contains("1 ingested") || err.contains("1 ingested"),
        "{out} {err}"
    );
    let failed: Vec<&str> = err.lines().filter(|l| l.contains("failed:")).collect();
    assert_eq!(failed.len(), 7, "one line per failed file: {err}");
    assert!(
        failed
            .iter()
            .any(|l| l.contains("its name is not valid UTF-8")),
        "{err}"
    );
    for name in ["blank.txt", "bom.txt", "two.bin", "evil\\nvanthu"] {
        let line = failed
            .iter()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name}: {err}"));
        assert!(line.contains("has no words"), "{line}");
    }
    assert!(
        !err.lines().any(|l| l.starts_with("vanthu: 99 ingested")),
        "a file name faked a summary line: {err}"
    );
    let lp = failed.iter().find(|l| l.contains("loop.pdf")).unwrap();
    assert!(lp.contains("damaged") && !lp.contains("Unknown"), "{lp}");
    assert!(
        out.contains("2 hidden entries not read (names starting with a dot)")
            || err.contains("2 hidden entries not read (names starting with a dot)"),
        "{out} {err}"
    );
    let hp = failed.iter().find(|l| l.contains("huge.pdf")).unwrap();
    assert!(hp.contains("page 1 measures 200000 × 200000 pt"), "{hp}");
    let v = json(&a, &["show", "--json", "212/KH-UBND"]);
    assert_eq!(v["key"], "212-KH-UBND@tay-linh:2024", "CR-only line ends");
}

/// Issue 20, finding 6 (part): `check --deep` verifies every index file against its checksum,
/// names the damaged one and says the way back; plain `check` on a sound archive says the
/// files match.
#[test]
fn check_deep_names_a_damaged_index_file() {
    for ext in ["idx", "term", "store"] {
        let (_d, a) = fixture_archive();
        let (code, out, _) = run(&a, &["check", "--deep"]);
        assert_eq!(code, 0, "{out}");
        assert!(
            out.contains("every index file matches its checksum"),
            "{out}"
        );
        let file = std::fs::read_dir(a.join("index"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == ext))
            .unwrap();
        let mut bytes = std::fs::read(&file).unwrap();
        let (mid, end) = (bytes.len() / 2, (bytes.len() / 2 + 64).min(bytes.len()));
        for b in &mut bytes[mid..end] {
            *b ^= 0xff;
        }
        std::fs::write(&file, bytes).unwrap();
        let (code, out, err) = run(&a, &["check", "--deep"]);
        assert_eq!(code, 1, "{ext}: {out} {err}");
        let name = file.file_name().unwrap().to_str().unwrap();
        assert!(
            out.contains("damaged: ") && out.contains(name),
            "{ext}: {out}"
        );
        assert!(
            out.contains("vanthu export") && out.contains("vanthu import"),
            "{out}"
        );
    }
}

/// A temporary folder with an input folder `in` in it, holding fixtures (path under
/// `fixtures/`, name in `in`).
fn input_of(files: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for (from, name) in files {
        std::fs::copy(fixtures().join(from), input.join(name)).unwrap();
    }
    (dir, input)
}

/// What a folder of documents holds beside them and is no document — a note, a table of
/// metadata, Windows' thumbnails — is not ingested as a document, nor failed: the summary
/// says how many were left out and by which endings. Named on the command line, such a file
/// is read.
#[test]
fn notes_and_metadata_beside_the_documents_are_left_out_and_said() {
    let (dir, input) = input_of(&[("docs/04_kh_212_ubnd.txt", "04_kh_212_ubnd.txt")]);
    std::fs::write(
        input.join("README.md"),
        "# Hồ sơ quét năm 2024\n\nGhi chú.\n",
    )
    .unwrap();
    std::fs::write(
        input.join("metadata.CSV"),
        "so,ngay\n212/KH-UBND,2024-08-01\n",
    )
    .unwrap();
    std::fs::write(input.join("Thumbs.db"), b"\xd0\xcf\x11\xe0\0\0\0").unwrap();
    let a = dir.path().join("a");
    let (code, out, err) = run(&a, &["ingest", "--no-progress", input.to_str().unwrap()]);
    assert_eq!(code, 0, "{out} {err}");
    let all = format!("{out}{err}");
    assert!(all.contains("1 ingested"), "{all}");
    assert!(all.contains("0 failed (1 file,"), "{all}");
    assert!(
        all.contains("3 files left out as not documents (.csv, .db, .md)"),
        "{all}"
    );
    let (code, out, err) = run(
        &a,
        &[
            "ingest",
            "--no-progress",
            input.join("README.md").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out} {err}");
    assert!(format!("{out}{err}").contains("1 ingested"), "{out} {err}");
}

/// Issue 20, finding 11: a FIFO in the input folder is not opened (it would hang the run) and
/// not skipped silently: it is a failure line, and the run exits 1.
#[test]
fn a_fifo_in_the_input_is_said_and_not_opened() {
    let (dir, input) = input_of(&[("docs/04_kh_212_ubnd.txt", "04_kh_212_ubnd.txt")]);
    assert!(Command::new("mkfifo")
        .arg(input.join("pipe"))
        .status()
        .unwrap()
        .success());
    let a = dir.path().join("a");
    let out = vanthu(&a)
        .args(["ingest", "--no-progress", input.to_str().unwrap()])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let all = format!("{}{err}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(err.contains("pipe: not a regular file"), "{all}");
    assert!(all.contains("1 ingested"), "{all}");
}

/// One page for [`pdf_of`]: the fixture scan `name` at 300 dpi, or white paper.
fn page_of(name: Option<&str>) -> vanthu::pdfa::Page {
    let (g, w, h, dpi) = match name {
        Some(name) => {
            let img = image::open(fixtures().join("scans").join(name))
                .unwrap()
                .into_luma8();
            let (w, h) = img.dimensions();
            (img.into_raw(), w, h, 300)
        }
        None => (vec![236u8; 1240 * 1754], 1240, 1754, 150),
    };
    vanthu::pdfa::Page {
        jpeg: vanthu::pdfa::jpeg(&g, w, h, 1, 60),
        width: w,
        height: h,
        grey: true,
        dpi,
        words: Vec::new(),
    }
}

/// A PDF of `pages`, written by vanthu's own PDF writer.
fn pdf_of(pages: &[vanthu::pdfa::Page]) -> Vec<u8> {
    let meta = vanthu::pdfa::Meta {
        title: "test",
        id: b"0123456789abcdef",
        producer: "test",
    };
    vanthu::pdfa::write(pages, &meta)
}
/// Ctrl-C during a PDF of hundreds of pages: no new page is started, the pages handed out are
/// not read, the file is said to be cut short and the run ends at once, not after every page.
#[test]
fn ctrl_c_stops_a_long_pdf_within_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(
        input.join("long.pdf"),
        pdf_of(&vec![page_of(Some("clean_212_kh_ubnd.png")); 150]),
    )
    .unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("vanthu"))
        .args(["ingest", "--no-progress", "--archive"])
        .arg(dir.path().join("a"))
        .arg(&input)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Let its first pages be read.
    std::thread::sleep(Duration::from_secs(4));
    assert!(
        child.try_wait().unwrap().is_none(),
        "150 pages read in 4 s?"
    );
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let t0 = std::time::Instant::now();
    // Without the interrupt the 150 pages take minutes; a page takes a few seconds at most.
    while child.try_wait().unwrap().is_none() {
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "still reading pages a minute after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(130), "{stdout}");
    assert!(stdout.contains("interrupted"), "{stdout}");
    assert!(stdout.contains("0 ingested"), "{stdout}");
}

/// A page with no ink is not given to OCR, and the record says so.
#[test]
fn a_blank_page_is_not_ocrd_and_the_record_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("a");
    let file = dir.path().join("blank.pdf");
    let pages = [page_of(Some("clean_212_kh_ubnd.png")), page_of(None)];
    std::fs::write(&file, pdf_of(&pages)).unwrap();
    let (code, out, err) = run(&archive, &["ocr", "--json", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let pages = v["scan"]["pages"].as_array().expect("pages");
    assert_eq!(pages.len(), 2, "{out}");
    let note = |p: &serde_json::Value| p["note"].as_str().unwrap_or("").to_string();
    assert!(!note(&pages[0]).contains("blank"), "{out}");
    assert!(note(&pages[1]).contains("blank"), "{out}");
    assert!(v["text"].as_str().unwrap().contains("212/KH-UBND"), "{out}");
}

/// Issue 20, finding 4: a text file over `--max-text-bytes` is refused before it is read, in
/// one line that says what to do; a scan over the same size is read (its pages stream).
#[test]
fn text_over_the_limit_is_refused_and_a_scan_is_not() {
    let (dir, input) = input_of(&[
        ("docs/04_kh_212_ubnd.txt", "long.txt"),
        ("scans/clean_212_kh_ubnd.png", "scan.png"),
    ]);
    let a = dir.path().join("a");
    let (code, out, err) = run(
        &a,
        &[
            "ingest",
            "--no-progress",
            "--max-text-bytes",
            "1000",
            input.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "{out} {err}");
    let failed: Vec<&str> = err.lines().filter(|l| l.contains("failed:")).collect();
    assert_eq!(failed.len(), 1, "{err}");
    assert!(failed[0].contains("long.txt"), "{err}");
    assert!(
        failed[0].contains("more than --max-text-bytes (0.0 MiB): split the file"),
        "{err}"
    );
    assert!(
        out.contains("1 ingested") || err.contains("1 ingested"),
        "{out} {err}"
    );
}

/// Issue 20, finding 6: a damaged block of the document store loses only its own records:
/// `export` writes every other one, says how many it could not read and the way back, and
/// that way works — import the lines into a new archive, ingest the same folder, and every
/// file is in again.
#[test]
fn export_salvages_what_a_damaged_store_still_holds() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let mut n = 0;
    for copy in 0..4 {
        for e in std::fs::read_dir(fixtures().join("docs")).unwrap() {
            let p = e.unwrap().path();
            let text = std::fs::read_to_string(&p).unwrap();
            let name = format!("{copy}_{}", p.file_name().unwrap().to_str().unwrap());
            std::fs::write(input.join(name), format!("{text}\nBản sao {copy}.\n")).unwrap();
            n += 1;
        }
    }
    let a = dir.path().join("a");
    let (code, out, err) = run(&a, &["ingest", "--no-progress", input.to_str().unwrap()]);
    assert_eq!(code, 0, "{out} {err}");
    let store = std::fs::read_dir(a.join("index"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "store"))
        .unwrap();
    let mut bytes = std::fs::read(&store).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 64] {
        *b ^= 0xff;
    }
    std::fs::write(&store, bytes).unwrap();

    let (code, lines, err) = run(&a, &["export"]);
    assert_eq!(code, 1, "{err}");
    let written = lines.lines().count();
    assert!(
        written > 0 && written < n,
        "{written} of {n} written: {err}"
    );
    assert!(
        err.contains(&format!(
            "{written} records written; {} could not be read",
            n - written
        )),
        "{err}"
    );
    assert!(
        err.contains("vanthu import") && err.contains("vanthu ingest"),
        "{err}"
    );

    let b = dir.path().join("b");
    let lines_file = dir.path().join("salvage.jsonl");
    std::fs::write(&lines_file, &lines).unwrap();
    let (code, out, err) = run(&b, &["import", lines_file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out} {err}");
    let (code, out, err) = run(&b, &["ingest", "--no-progress", input.to_str().unwrap()]);
    assert_eq!(code, 0, "{out} {err}");
    let summary = format!("{out}{err}");
    assert!(
        summary.contains(&format!("{} ingested", n - written))
            && summary.contains(&format!("{written} already present")),
        "{summary}"
    );
    let (code, all, _) = run(&b, &["export"]);
    assert_eq!(code, 0);
    assert_eq!(all.lines().count(), n);
}
