//! Tone-mark restoration through the real binary and the bundled model.

mod common;

use std::sync::OnceLock;

use common::*;
use proptest::prelude::*;
use vanthu::restore::Restorer;
use vanthu::text::fold_lower;
use vanthu::text::syllable::canonical;

/// Words of a text, syllables in canonical spelling (tone placement ignored, case kept).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let c = canonical(w).unwrap_or_else(|| w.to_string());
            if w.chars().next().is_some_and(char::is_uppercase) {
                if w.chars().skip(1).any(char::is_uppercase) {
                    c.to_uppercase()
                } else {
                    let mut ch = c.chars();
                    ch.next()
                        .map(|f| f.to_uppercase().chain(ch).collect())
                        .unwrap_or_default()
                }
            } else {
                c
            }
        })
        .collect()
}

fn region<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let s = text
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} not found"));
    let e = s
        + text[s..]
            .find(to)
            .unwrap_or_else(|| panic!("{to:?} not found"))
        + to.len();
    &text[s..e]
}

/// Runs `cmd`, which must succeed; its standard output.
fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn restore_cli(input: &str) -> String {
    stdout_of(
        vanthu(std::path::Path::new("unused"))
            .arg("restore")
            .write_stdin(input),
    )
}

/// `vanthu restore --ocr` of `input` on standard input.
fn restore_ocr_cli(input: &str) -> String {
    stdout_of(
        vanthu(std::path::Path::new("unused"))
            .args(["restore", "--ocr"])
            .write_stdin(input),
    )
}

#[test]
fn garbled_ocr_paragraph_comes_back_word_for_word() {
    let truth = std::fs::read_to_string(fixtures().join("docs/03_kh_134_tu_tay_linh.txt")).unwrap();
    let truth = region(&truth, "Tây Lĩnh, ngày 20", "như sau:");
    let ocr =
        std::fs::read_to_string(fixtures().join("garbled/03_kh_134_tu_tay_linh.ocr.txt")).unwrap();
    let ocr = region(&ocr, "Tay Linh, ngay 20", "nhu sau:");
    assert_ne!(words(ocr), words(truth), "the input is garbled");
    let restored = restore_cli(ocr);
    assert_eq!(words(&restored), words(truth));
    // `-` names standard input too.
    let dash = stdout_of(
        vanthu(std::path::Path::new("unused"))
            .args(["restore", "-"])
            .write_stdin(ocr),
    );
    assert_eq!(dash, restored);
    assert_eq!(restored.lines().count(), ocr.lines().count());
    assert!(restored.contains("91-NQ/TW, ngày 12/3/2024"));
}

/// English OCR saved by a Windows engine as "ANSI" (Windows-1252: `quyét`, `B§` as single
/// bytes) is no UTF-8 and no Vietnamese encoding: it is read as Windows-1252 and restored as
/// the same text in UTF-8 is.
#[test]
fn english_ocr_saved_as_ansi_is_read_and_restored() {
    let ocr =
        std::fs::read_to_string(fixtures().join("garbled/03_kh_134_tu_tay_linh.ocr.txt")).unwrap();
    let ocr = region(&ocr, "Tay Linh, ngay 20", "nhu sau:");
    let (ansi, _, unmappable) = encoding_rs::WINDOWS_1252.encode(ocr);
    assert!(!unmappable && !ansi.is_ascii() && std::str::from_utf8(&ansi).is_err());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ocr-ansi.txt");
    std::fs::write(&file, &ansi).unwrap();
    let restored = stdout_of(
        vanthu(std::path::Path::new("unused"))
            .args(["restore", "--ocr"])
            .arg(&file),
    );
    assert_eq!(restored, restore_ocr_cli(ocr));
}

#[test]
fn ocr_with_another_alphabets_marks_comes_back_word_for_word() {
    // The same scan OCR'd with the Portuguese model: `Só`, `cúa`, `Ké hoach`, the marks its
    // alphabet has, none of them Vietnamese's own.
    let truth = std::fs::read_to_string(fixtures().join("docs/03_kh_134_tu_tay_linh.txt")).unwrap();
    let truth = region(&truth, "Tây Lĩnh, ngày 20", "như sau:");
    let ocr = std::fs::read_to_string(fixtures().join("garbled/03_kh_134_tu_tay_linh.ocr-por.txt"))
        .unwrap();
    let ocr = region(&ocr, "Tãy Linh, ngay 20", "nhu sau:");
    assert_ne!(words(ocr), words(truth), "the input is garbled");
    assert_eq!(words(&restore_cli(ocr)), words(truth));
}

#[test]
fn restore_ocr_weighs_a_tone_dropped_above_a_hat() {
    // Vietnamese OCR of a scan: marked throughout, a tone above a hat lost here and there.
    let ocr = "Giao Văn phòng Ủy ban nhân dân tỉnh tô chức kiểm tra, trường hợp vượt thâm \
        quyền thì báo cáo Hội đông nhân dân tỉnh.\n";
    let out = restore_ocr_cli(ocr);
    assert_eq!(
        out,
        "Giao Văn phòng Ủy ban nhân dân tỉnh tổ chức kiểm tra, trường hợp vượt thẩm \
        quyền thì báo cáo Hội đồng nhân dân tỉnh.\n"
    );
    // Without --ocr the text is typed: its words stay as written.
    assert_eq!(restore_cli(ocr), ocr);
    // Another tone misread, where the words around are sure of the right one.
    let ocr = "Giao Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan tổ chức thực hiện \
        theo quy định tại Điểu 5 của Nghị định này và bố sung kinh phí chỉ trả cho các hộ.\n";
    let out = restore_ocr_cli(ocr);
    assert_eq!(
        out,
        "Giao Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan tổ chức thực hiện \
        theo quy định tại Điều 5 của Nghị định này và bổ sung kinh phí chi trả cho các hộ.\n"
    );
    // A hat lost (`CỌNG`), and a word whose marks make no syllable (`ỗn`).
    assert_eq!(
        restore_ocr_cli(
            "CỌNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCác hộ dân đã có nhà ở ỗn định, được chính \
             quyền địa phương hỗ trợ kịp thời.\n"
        ),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCác hộ dân đã có nhà ở ổn định, được chính \
         quyền địa phương hỗ trợ kịp thời.\n"
    );
    // --json says what changed.
    let json: serde_json::Value = serde_json::from_str(&stdout_of(
        vanthu(std::path::Path::new("unused"))
            .args(["restore", "--ocr", "--json"])
            .write_stdin(ocr),
    ))
    .unwrap();
    assert_eq!(json["words_changed"], 3, "{json}");
}

#[test]
fn stripped_paragraph_comes_back_word_for_word() {
    let truth = std::fs::read_to_string(fixtures().join("docs/03_kh_134_tu_tay_linh.txt")).unwrap();
    let truth = region(&truth, "KẾ HOẠCH", "như sau:");
    let stripped =
        std::fs::read_to_string(fixtures().join("garbled/03_kh_134_tu_tay_linh.stripped.txt"))
            .unwrap();
    let stripped = region(&stripped, "KE HOACH", "nhu sau:");
    assert_eq!(words(&restore_cli(stripped)), words(truth));
}

#[test]
fn correct_text_passes_through_unchanged() {
    for f in [
        "01_nq_91_tw.txt",
        "04_kh_212_ubnd.txt",
        "08_cv_1875_ubnd.txt",
    ] {
        let t = std::fs::read_to_string(fixtures().join("docs").join(f)).unwrap();
        assert_eq!(restore_cli(&t), t, "{f}");
    }
}

#[test]
fn ingest_restores_garbled_text_and_keeps_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("a");
    let f = fixtures().join("garbled/03_kh_134_tu_tay_linh.ocr.txt");
    let (code, out, err) = run(&archive, &["ingest", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 ingested (1 restored)"), "{out}");
    let v = json(
        &archive,
        &["show", "--json", "--text", "134-KH-TU@tay-linh:2024"],
    );
    assert_eq!(v["status"], "ingested");
    assert_eq!(v["date"], "2024-07-20");
    let r = &v["restoration"];
    assert!(r["words_changed"].as_u64().unwrap() > 50);
    assert!(r["original"]
        .as_str()
        .unwrap()
        .contains("Nghi quyét s6 91-NQ/TW"));
    assert!(v["text"]
        .as_str()
        .unwrap()
        .contains("Nghị quyết số 91-NQ/TW"));
    // The words restored with doubt: each where the record's text has it, under 60%, read
    // as the original has it.
    let text = v["text"].as_str().unwrap();
    let doubts = r["doubts"].as_array().expect("doubts");
    assert!(!doubts.is_empty());
    for d in doubts {
        let span = &d["span"];
        let (a, b) = (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
        assert_eq!(text.get(a as usize..b as usize), d["to"].as_str(), "{d}");
        assert!(d["confidence"].as_u64().unwrap() < 60, "{d}");
        assert!(r["original"]
            .as_str()
            .unwrap()
            .contains(d["from"].as_str().unwrap()));
    }
    // The restored text is what is searched, with or without marks.
    for q in [
        "nghị quyết phát triển kinh tế số",
        "nghi quyet phat trien kinh te so",
    ] {
        let hits = json(&archive, &["search", "--json", q]);
        assert_eq!(hits[0]["key"], "134-KH-TU@tay-linh:2024", "{q}");
    }
    let v = json(&archive, &["show", "--json", "91-NQ/TW"]);
    assert_eq!(
        edges(&v["cited_by"]),
        vec![(
            "134-KH-TU@tay-linh:2024".to_string(),
            "implements".to_string()
        )]
    );
}

fn restorer() -> &'static Restorer {
    static R: OnceLock<Restorer> = OnceLock::new();
    R.get_or_init(|| Restorer::load(&vanthu::restore::dictionaries_dir()).expect("bundled model"))
}

const PROTECTED: [&str; 8] = [
    "57-NQ/TW",
    "160/KH-UBND",
    "30/2020/NĐ-CP",
    "22/12/2024",
    "UBND",
    "VNeID",
    "vanthu@example.vn",
    "https://vbpl.vn/so-5",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn restore_never_panics_and_keeps_lines_and_protected_tokens(
        parts in proptest::collection::vec(
            prop_oneof![
                "[a-zA-Zđăâêôơư ]{0,12}",
                "(nghi|quyet|so|cua|bo|chinh|tri|ke|hoach|thuc|hien|s6|ciia|B§|qudc|1o) ",
                "[ \n.,;:()/-]{1,3}",
                // Names, places and a signature's line, often repeated.
                "(Nguyen|Tran|Pham|Van|Thi|Duc|Hung|Tay|Linh|Phan|I|Dang|Cong) ",
                "(xa|thon|tinh|pho|ong|ba) ",
                "\n(Dinh|Tran|Le|Phan) (Thu|Van|I) (Trang|Hien)\n",
                "\\PC{0,6}",
                // Another engine's marks mixed with digits (German OCR's `Mö6t`), sums in
                // digits and in words.
                "[a-zäöüàèéêôâÿëÄÖÜ]{1,4}[0-9]?[a-zäöüÿ]{0,3} ",
                "[0-9]{1,3}(\\.[0-9]{3}){0,2} (dong|döng) \\((bang chu|bäng chü): ",
                "(mot|Mö6t|tram|träm|nghin|trieu|muoi|lam|linh|hai|ba) ",
                (0..PROTECTED.len()).prop_map(|i| format!(" {} ", PROTECTED[i])),
            ],
            0..40,
        )
    ) {
        let input: String = parts.concat();
        let out = restorer().restore_detailed(&input);
        prop_assert_eq!(out.text.split('\n').count(), input.split('\n').count());
        for p in PROTECTED {
            prop_assert_eq!(out.text.matches(p).count(), input.matches(p).count(), "{}", p);
        }
        for c in &out.changes {
            prop_assert!(c.confidence.is_some_and(|x| (0.0..=1.0001).contains(&x)));
            prop_assert_eq!(&input[c.start..c.end], c.from.as_str());
        }
    }
}

fn extract_json(file: &std::path::Path, restore: bool) -> serde_json::Value {
    let mut cmd = vanthu(std::path::Path::new("unused"));
    cmd.args(["extract", "--json", "--text"]);
    if !restore {
        cmd.arg("--no-restore");
    }
    let out = cmd.arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// English-engine OCR read as it is (no restoration): the identity of the document and of
/// what it cites comes out all the same — number behind `S6`, date in `ngay … thang … nam`,
/// the province of an issuer line that carries the garbled Party motto.
#[test]
fn raw_garbled_ocr_keeps_identity_and_citations() {
    for (file, gold) in [
        ("03_kh_134_tu_tay_linh", "03_kh_134_tu_tay_linh"),
        ("05_kh_58_snnmt", "05_kh_58_snnmt"),
    ] {
        let gold: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(fixtures().join(format!("gold/{gold}.json"))).unwrap(),
        )
        .unwrap();
        let path = fixtures().join(format!("garbled/{file}.ocr.txt"));
        for restore in [false, true] {
            let v = extract_json(&path, restore);
            for field in ["key", "number", "date", "type"] {
                assert_eq!(v[field], gold[field], "{file} {field} restore={restore}");
            }
            // Tây Lĩnh is invented, in no dictionary: read raw, its marks stay lost.
            let folded = |v: &serde_json::Value| fold_lower(v.as_str().unwrap_or(""));
            assert_eq!(folded(&v["locality"]), folded(&gold["locality"]), "{file}");
            if restore {
                assert_eq!(v["locality"], gold["locality"], "{file}");
            }
            let cited = |v: &serde_json::Value| -> Vec<(String, String, String)> {
                v["cites"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| {
                        (
                            c["key"].as_str().unwrap_or("").to_string(),
                            c["relation"].as_str().unwrap_or("").to_string(),
                            c["date"].as_str().unwrap_or("").to_string(),
                        )
                    })
                    .collect()
            };
            assert_eq!(cited(&v), cited(&gold), "{file} restore={restore}");
        }
    }
    // The header lines the issue quotes, over an invented body.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("kh11.txt");
    std::fs::write(
        &p,
        "TINH UY LAI CHAU PANG CONG SAN VIET NAM\n\
         S6 11-KH/TU Lai Chéu, ngay 17 thang 10 nam 2025\n\nKE HOACH\n\
         thuc hién Nghi quyét s6 57-NQ/TW, ngay 22/12/2024 ctia B6 Chinh tri\n\n\
         I11. TO CHUC THUC HIEN\n\nCan cu Ké hoach s6 09-KH/TU ngay 02/3/2025 cia Ban Thudng vu.\n",
    )
    .unwrap();
    let raw = extract_json(&p, false);
    assert_eq!(raw["number"], "11-KH/TU");
    assert_eq!(raw["key"], "11-KH-TU@lai-chau:2025");
    assert_eq!(raw["date"], "2025-10-17");
    assert_eq!(raw["locality"], "Lai Châu");
    assert_eq!(raw["issuer"], "TINH UY LAI CHAU");
    let restored = extract_json(&p, true);
    assert_eq!(restored["key"], "11-KH-TU@lai-chau:2025");
    assert_eq!(restored["issuer"], "TỈNH ỦY LAI CHÂU");
    assert!(
        restored["text"]
            .as_str()
            .unwrap()
            .contains("\nIII. TỔ CHỨC THỰC HIỆN\n"),
        "{}",
        restored["text"]
    );
    let keys: Vec<&str> = restored["cites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["57-NQ-TW", "9-KH-TU@lai-chau:2025"]);
}

#[test]
fn train_lm_writes_a_model_and_its_capitals_that_restore_uses() {
    let dir = tempfile::tempdir().unwrap();
    let mut corpus: Vec<_> = std::fs::read_dir(fixtures().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    corpus.sort();
    stdout_of(
        vanthu(std::path::Path::new("unused"))
            .arg("train-lm")
            .args(&corpus)
            .arg("-o")
            .arg(dir.path().join("vi-syllables.lm")),
    );
    let capitals = std::fs::read_to_string(dir.path().join("vi-capitals.tsv")).unwrap();
    // "… của Ban Chấp hành …": *Ban* after a word in lower case, with its capital.
    let ban = capitals.lines().find(|l| l.starts_with("ban\t")).unwrap();
    let n: Vec<u64> = ban
        .split('\t')
        .skip(1)
        .map(|x| x.parse().unwrap())
        .collect();
    assert!(n[0] >= 1 && n[0] <= n[1], "{ban}");
    // "Trần Minh Khải" under a signature: *Minh* counted as a given name (*Khải*, seen once,
    // is no word of the lexicon).
    let names = std::fs::read_to_string(dir.path().join("vi-names.tsv")).unwrap();
    assert!(names.lines().any(|l| l.starts_with("minh\t")), "{names}");
    assert!(!names.lines().any(|l| l.starts_with("ban\t")), "{names}");
    std::fs::copy(
        root().join("dictionaries/ocr-channel.tsv"),
        dir.path().join("ocr-channel.tsv"),
    )
    .unwrap();
    let restored = stdout_of(
        vanthu(std::path::Path::new("unused"))
            .env("VANTHU_DICTIONARIES", dir.path())
            .arg("restore")
            .write_stdin("Ke hoach thuc hien Nghi quyet cua Ban Chap hanh Trung uong\n"),
    );
    assert_eq!(
        restored,
        "Kế hoạch thực hiện Nghị quyết của Ban Chấp hành Trung ương\n"
    );
}

#[test]
fn adapt_lm_teaches_the_bundled_model_an_archives_phrasing() {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(root().join("dictionaries")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.path().join(f.file_name().unwrap())).unwrap();
    }
    // Typed documents of the archive name its own places: a commune *Phố Lành* (invented),
    // which no training text has.
    let typed = dir.path().join("typed.txt");
    std::fs::write(
        &typed,
        "Hội nông dân xã Phố Lành tổ chức hội nghị tổng kết.\n\
         Ủy ban nhân dân xã Phố Lành báo cáo kết quả thực hiện.\n",
    )
    .unwrap();
    let out = stdout_of(
        vanthu(std::path::Path::new("unused"))
            .arg("adapt-lm")
            .arg(&typed)
            .arg("-o")
            .arg(dir.path().join("vi-syllables.lm")),
    );
    assert!(out.contains("contexts adapted"), "{out}");
    let input = "Hoi nong dan xa Pho Lanh to chuc hoi nghi; bao cao ket qua.\n";
    // The bundled model reads it *Phó Lãnh*: what the adapted one is to mend.
    let bundled = restore_cli(input);
    assert_eq!(
        bundled,
        "Hội nông dân xã Phó Lãnh tổ chức hội nghị; báo cáo kết quả.\n"
    );
    let adapted = stdout_of(
        vanthu(std::path::Path::new("unused"))
            .env("VANTHU_DICTIONARIES", dir.path())
            .arg("restore")
            .write_stdin(input),
    );
    assert_eq!(
        adapted,
        "Hội nông dân xã Phố Lành tổ chức hội nghị; báo cáo kết quả.\n"
    );

    // Text without its marks would teach the model to leave words bare: it is left out,
    // and the user told.
    let bare = dir.path().join("bare.txt");
    std::fs::write(&bare, "Day manh chuyen doi so trong co quan nha nuoc.\n").unwrap();
    let out = vanthu(std::path::Path::new("unused"))
        .arg("adapt-lm")
        .arg(&bare)
        .arg("-o")
        .arg(dir.path().join("bare.lm"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 trigrams of text"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 line without tone marks left out"), "{err}");

    // A text that cannot be read: its name and the reason, and no model written.
    let out = vanthu(std::path::Path::new("unused"))
        .arg("adapt-lm")
        .arg(dir.path().join("missing.txt"))
        .arg("-o")
        .arg(dir.path().join("other.lm"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing.txt"), "{err}");
    assert!(!dir.path().join("other.lm").exists());
}

#[test]
fn adapt_lm_reads_the_typed_records_of_an_archive() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("a");
    let docs = [
        fixtures().join("docs/01_nq_91_tw.txt"),
        fixtures().join("docs/04_kh_212_ubnd.txt"),
        fixtures().join("garbled/03_kh_134_tu_tay_linh.ocr.txt"),
    ];
    let mut args = vec!["ingest"];
    args.extend(docs.iter().map(|p| p.to_str().unwrap()));
    let (code, out, err) = run(&archive, &args);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("3 ingested (1 restored)"), "{out}");
    let dicts = dir.path().join("d");
    std::fs::create_dir(&dicts).unwrap();
    for f in std::fs::read_dir(root().join("dictionaries")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dicts.join(f.file_name().unwrap())).unwrap();
    }
    let out = stdout_of(
        vanthu(&archive)
            .args(["adapt-lm", "--archive"])
            .arg(&archive)
            .arg("-o")
            .arg(dicts.join("vi-syllables.lm")),
    );
    // The restored record (garbled OCR) is not text to learn from; the two typed ones are.
    assert!(out.contains("2 typed records of the archive"), "{out}");
    let adapted = stdout_of(
        vanthu(&archive)
            .env("VANTHU_DICTIONARIES", &dicts)
            .arg("restore")
            .write_stdin("Thuc hien chuyen doi so; bao cao ket qua.\n"),
    );
    assert_eq!(adapted, "Thực hiện chuyển đổi số; báo cáo kết quả.\n");
    // Nothing to learn from is an error that says so.
    let (code, _, err) = run(&archive, &["adapt-lm", "-o", "x.lm"]);
    assert_ne!(code, 0);
    assert!(err.contains("adapt-lm needs text"), "{err}");
}

#[test]
fn a_long_input_is_restored_a_part_at_a_time_as_a_whole_would_be() {
    // Stripped and garbled fixtures, over and over, past one part (1 MiB): standard input is
    // streamed, a file under 8 MiB read whole; both must say the same.
    let mut one = String::new();
    for f in [
        "03_kh_134_tu_tay_linh.stripped.txt",
        "05_kh_58_snnmt.ocr.txt",
    ] {
        one.push_str(&std::fs::read_to_string(fixtures().join("garbled").join(f)).unwrap());
        one.push_str("\n\n");
    }
    let big = one.repeat((1_300_000 / one.len()) + 1);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.txt");
    std::fs::write(&file, &big).unwrap();
    let whole = stdout_of(
        vanthu(std::path::Path::new("unused"))
            .arg("restore")
            .arg(&file),
    );
    let streamed = restore_cli(&big);
    assert_eq!(streamed.len(), whole.len());
    assert!(
        streamed == whole,
        "streamed output differs from the whole file's"
    );
}

#[test]
fn a_reader_that_stops_reading_ends_restore_quietly() {
    // More than a pipe holds (64 KiB): `restore` is still writing when its reader, as `head`
    // does, has read what it wanted and gone.
    let text = "Ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện nghị quyết.\n".repeat(8_000);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.txt");
    std::fs::write(&file, &text).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vanthu"))
        .arg("restore")
        .arg(&file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 100];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut head).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.is_empty(), "{err}");
}
