//! Helpers for the integration tests: they run the built `vanthu` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    root().join("fixtures")
}

/// A folder of `../shared` (beside the clone under CI), or `None`, said aloud, where it is not
/// there; under CI its absence fails the test, so that it is never mistaken for a pass.
pub fn shared(name: &str) -> Option<PathBuf> {
    let p = root().join("../shared").join(name);
    if p.is_dir() {
        return Some(p);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared/{name} is missing under CI"
    );
    eprintln!("../shared/{name} is not beside the repository: its checks not run");
    None
}

pub fn vanthu(archive: &Path) -> Command {
    let mut c = Command::cargo_bin("vanthu").expect("the vanthu binary");
    c.env("VANTHU_ARCHIVE", archive);
    c
}

/// Runs vanthu with `args`; returns (exit code, stdout, stderr).
pub fn run(archive: &Path, args: &[&str]) -> (i32, String, String) {
    let out = vanthu(archive).args(args).output().expect("vanthu runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

/// Runs vanthu, expects success, parses stdout as JSON.
pub fn json(archive: &Path, args: &[&str]) -> Value {
    let (code, out, err) = run(archive, args);
    assert_eq!(code, 0, "vanthu {args:?} failed: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("vanthu {args:?}: not JSON ({e}): {out}"))
}

/// A fresh archive with the fixture documents ingested.
pub fn fixture_archive() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = dir.path().join("archive");
    let docs = fixtures().join("docs");
    let (code, out, err) = run(&archive, &["ingest", docs.to_str().unwrap()]);
    assert_eq!(code, 0, "ingest failed: {out} {err}");
    (dir, archive)
}

/// `(key, relation)` pairs of a JSON list of edges, sorted.
pub fn edges(v: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = v
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| {
            (
                e["key"].as_str().unwrap().to_string(),
                e["relation"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}
