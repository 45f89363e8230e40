//! Person names and their marks. OCR of a signature block's bold name drops the tone mark set
//! above a vowel's hat (`Trần Phước Hiền` read `Trân Phước Hiên`, `Nguyễn` → `Nguyên`, `Tuấn`
//! → `Tuân`): every letter right, the word still a syllable, so nothing else looks twice at
//! it. A surname is one of a short list everyone knows; a given name is weighed by how often
//! each syllable is one in the training text: `train-lm` counts the words that follow a
//! surname in a run of capitalised words (`Nguyễn Văn Hiền`), kept as a table (`syllable`,
//! `count`, `middle`: how many of those times it was a middle name, followed by another —
//! *Văn*, *Thị*, *Tấn* are middle names, *Hiền*, *Hùng* given names).

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use super::model::{Model, Word, BOUNDARY};
use super::Restorer;
use crate::text::syllable::{analyse, canonical, Letter, Tone};

/// A word's letters, tone and bare letters (`hiền`: `hiên`, grave, `hien`).
fn analyse_letters(word: &str) -> Option<(Vec<Letter>, Tone, String)> {
    let mut letters = Vec::new();
    let tone = analyse(word, &mut letters)?;
    let bare = letters.iter().map(|l| l.bare).collect();
    Some((letters, tone, bare))
}

pub const NAMES_FILE: &str = "vi-names.tsv";

/// Vietnamese surnames, lowercased: those of most of the population, and those of the
/// northern uplands' peoples (Lò, Nông, Bế, Sầm, Vi).
pub const SURNAMES: &[&str] = &[
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
    "hồ", "ngô", "dương", "lý", "đinh", "đoàn", "trịnh", "trương", "lương", "lưu", "phùng",
    "vương", "quách", "triệu", "nông", "hứa", "tạ", "đào", "cao", "hà", "mai", "lâm", "thái",
    "châu", "tô", "chu", "lại", "đàm", "giáp", "doãn", "mạc", "tống", "nghiêm", "khúc", "kiều",
    "lã", "lò", "bế", "sầm", "vi", "hầu", "lục", "âu", "thân", "tăng", "văn", "quan", "ông", "từ",
    "la", "đồng", "mã", "lộc", "ninh", "khổng", "phí", "tôn", "trình",
];

/// Surnames that also open a place's name (`Hà Nội`, `Cao Bằng`, `Lâm Đồng`, `Thái Bình`,
/// `Mai Châu`) or are common words: a run after one of them is not counted as a name.
const NOT_COUNTED: &[&str] = &[
    "cao", "hà", "mai", "lâm", "thái", "châu", "tô", "chu", "văn", "quan", "ông", "từ", "la",
    "đồng", "mã", "lộc", "ninh", "thân", "tăng", "âu", "lục", "vi", "hầu", "phí", "tôn", "trình",
    "lại", "khúc", "kiều", "giáp", "đàm", "lã", "bế", "sầm", "lò", "tống", "mạc", "doãn",
];

/// Whether names are counted after `w` (lowercased) in training: one of [`SURNAMES`], not one
/// of [`NOT_COUNTED`].
pub fn starts_names(w: &str) -> bool {
    SURNAMES.contains(&w) && !NOT_COUNTED.contains(&w)
}

/// Words a place's name follows (`xã Nghĩa Kỳ`, `thôn Thu Xà`, `thành phố Đông Hà`).
pub const PLACE_WORDS: &[&str] = &[
    "tỉnh",
    "huyện",
    "xã",
    "thôn",
    "bản",
    "phường",
    "quận",
    "làng",
    "ấp",
    "xóm",
    "trấn",
    "phố",
    "buôn",
    "sóc",
];

/// A run ending in one of these is a ruler's title (`Lý Thái Tổ`, `Trần Nhân Tông`, `Lê Hoàn
/// Đế`) or a master's (`Khổng Tử`, `Mạnh Tử`): no person's given name.
const REGNAL: &[&str] = &["tổ", "tông", "đế", "vương", "hậu", "tử"];

/// At most this many given and middle names follow a surname.
pub const MAX_GIVEN: usize = 3;

/// The positions in `sentence` of the words that are given or middle names, each with whether
/// it is a middle name (another follows it): the one to [`MAX_GIVEN`] capitalised words after
/// a capitalised surname (not one of [`NOT_COUNTED`]), the run neither preceded nor followed
/// by another capitalised word, nor a ruler's or a master's title ([`REGNAL`]): `Phó Chủ tịch
/// Nguyễn Văn Hiền`, not `Sở Nguyễn …`.
pub fn given_names(sentence: &[Option<Word>]) -> Vec<(usize, bool)> {
    let cap = |i: usize| matches!(sentence.get(i), Some(Some((_, true))));
    let mut out = Vec::new();
    let mut i = 0;
    while i < sentence.len() {
        let start = i;
        while cap(i) {
            i += 1;
        }
        if i > start {
            // A run of capitalised words, start..i.
            let first = match &sentence[start] {
                Some((w, _)) => w.as_str(),
                None => "",
            };
            let given = i - start - 1;
            let regnal = matches!(&sentence[i - 1], Some((w, _)) if REGNAL.contains(&w.as_str()));
            if starts_names(first) && (1..=MAX_GIVEN).contains(&given) && !regnal {
                out.extend((start + 1..i).map(|k| (k, k + 1 < i)));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Writes the counts (`counts[id]`: `[all, middle]`, weighted).
pub fn save(path: &Path, vocab: &[String], counts: &[[u64; 2]]) -> Result<()> {
    let mut out = Vec::new();
    for (w, [n, middle]) in vocab.iter().zip(counts).skip(BOUNDARY as usize + 1) {
        if *n > 0 {
            writeln!(out, "{w}\t{n}\t{middle}")?;
        }
    }
    std::fs::write(path, out).with_context(|| format!("{}: cannot write", path.display()))
}

/// The count of each id of `model` as a name, and as a middle name; both empty when the
/// table is absent (a dictionaries folder from before it existed), the second when the table
/// has no third column (one from before middle names were counted apart).
pub fn load(path: &Path, model: &Model) -> Result<(Vec<u32>, Vec<u32>)> {
    let Some(text) = super::read_table(path)? else {
        return Ok(Default::default());
    };
    let mut all = vec![0u32; model.vocab.len()];
    let mut middle = vec![0u32; model.vocab.len()];
    let mut middle_seen = false;
    let clamp = |n: u64| n.min(u64::from(u32::MAX)) as u32;
    for (n, line) in text.lines().enumerate() {
        let bad = || {
            format!(
                "{}: line {}: not `syllable TAB n [TAB middle]`",
                path.display(),
                n + 1
            )
        };
        let mut fields = line.split('\t');
        let (Some(w), Some(count)) = (fields.next(), fields.next()) else {
            anyhow::bail!(bad());
        };
        let count: u64 = count.parse().with_context(bad)?;
        let mid: Option<u64> = fields
            .next()
            .map(str::parse)
            .transpose()
            .with_context(bad)?;
        if fields.next().is_some() || mid.is_some_and(|m| m > count) {
            anyhow::bail!(bad());
        }
        middle_seen |= mid.is_some();
        if let Some(id) = canonical(w).and_then(|c| model.id(&c)) {
            all[id as usize] = clamp(count);
            middle[id as usize] = clamp(mid.unwrap_or(0));
        }
    }
    if !middle_seen {
        middle.clear();
    }
    Ok((all, middle))
}

/// How often OCR drops the tone set above a hat in a signature's name: 8 of the 27 such
/// syllables of the real scans' signers OCR'd (`../shared/scans-real`, the development set).
const DROPPED: f64 = 0.25;
/// A name's word is mended to the reading it fits when that has at least this chance (that OCR
/// dropped its tone, against the word being as read: [`DROPPED`] × how often each is a name):
/// a name mended wrong costs more than one left as OCR read it, both being in review, so it
/// takes odds of 3 to 1, not evens (`Tô` stays, though *Tố* is a name eight times as often) ...
const MEND: f64 = 0.75;
/// ... and asked about when the reading it fits has at least this chance.
const DOUBT: f64 = 0.2;
/// Counts of a name this low (weighted) say nothing either way.
const MIN_COUNT: u32 = 30;

/// What the marks of a name as OCR read it say: the name with those OCR dropped put back,
/// each word so mended (as read, as mended, the chance that the mended reading is right),
/// and each word that may have lost its marks (as read, the name it fits, that name's
/// chance).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NameCheck {
    pub name: String,
    pub mended: Vec<(String, String, f64)>,
    pub doubts: Vec<(String, String, f64)>,
}

/// One word's verdict, with the chance of the reading it names.
enum Verdict {
    Mend(String, f64),
    Doubt(String, f64),
}

/// Whether `word` (as read) is `cand` with the tone above its hat dropped: the same letters
/// and vowel marks, a circumflex among them, no tone read and one in `cand`.
fn lost_tone_over_hat(word: &[Letter], tone: Tone, cand: &[Letter], cand_tone: Tone) -> bool {
    tone == Tone::Level
        && cand_tone != Tone::Level
        && word.len() == cand.len()
        && word.iter().zip(cand).all(|(o, c)| o.marked == c.marked)
        && word.iter().any(|l| matches!(l.marked, 'â' | 'ê' | 'ô'))
}

impl Restorer {
    /// `name` (a signer's, as OCR read it, with its marks) with the tone OCR dropped from above
    /// a hat put back where the word as read is no surname but fits exactly one (`Trân` →
    /// *Trần*), or is a given name so much rarer than the one it fits, counting that OCR drops
    /// such a tone one time in four, that the one it fits has odds of 3 to 1 ([`MEND`]: `Hiên`
    /// → *Hiền*); where the reading it fits has a fair chance but not those odds, a doubt
    /// (`Tuân`, or *Tuấn*). `None` when nothing is mended or doubted, or the names table is
    /// absent.
    pub fn check_name(&self, name: &str) -> Option<NameCheck> {
        if self.names.is_empty() {
            return None;
        }
        let mut check = NameCheck::default();
        let mut rest = name;
        let mut index = 0;
        while !rest.is_empty() {
            let ws = rest.len() - rest.trim_start().len();
            check.name.push_str(&rest[..ws]);
            rest = &rest[ws..];
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let word = &rest[..end];
            rest = &rest[end..];
            if word.is_empty() {
                continue;
            }
            let verdict = self.check_name_word(word, index == 0);
            index += 1;
            match verdict {
                Some(Verdict::Mend(m, p)) => {
                    check.mended.push((word.to_string(), m.clone(), p));
                    check.name.push_str(&m);
                }
                Some(Verdict::Doubt(d, p)) => {
                    check.doubts.push((word.to_string(), d, p));
                    check.name.push_str(word);
                }
                None => check.name.push_str(word),
            }
        }
        (!check.mended.is_empty() || !check.doubts.is_empty()).then_some(check)
    }

    /// One word of a name, in its case; `surname`: the name's first word.
    fn check_name_word(&self, word: &str, surname: bool) -> Option<Verdict> {
        let mut chars = word.chars();
        let first = chars.next()?;
        // Capitalised, the rest in lower case: what a name's word looks like in a signature.
        if !first.is_uppercase() || chars.any(|c| !c.is_lowercase()) {
            return None;
        }
        let lower = canonical(&word.to_lowercase())?;
        let (letters, tone, bare) = analyse_letters(&lower)?;
        let fitting = |c: &str| -> bool {
            analyse_letters(c)
                .is_some_and(|(cl, ct, _)| lost_tone_over_hat(&letters, tone, &cl, ct))
        };
        let capitalised = crate::text::title_case;
        if surname {
            if SURNAMES.contains(&lower.as_str()) {
                return None;
            }
            let mut fits = SURNAMES.iter().filter(|s| fitting(s));
            let one = fits.next()?;
            return fits
                .next()
                .is_none()
                .then(|| Verdict::Mend(capitalised(one), 1.0));
        }
        let own = self
            .model
            .id(&lower)
            .map_or(0, |id| self.names[id as usize]);
        let (best, n) = self
            .model
            .candidates(&bare)
            .iter()
            .map(|&id| (id, self.names[id as usize]))
            .filter(|&(id, _)| fitting(&self.model.vocab[id as usize]))
            .max_by_key(|&(_, n)| n)?;
        if n < MIN_COUNT {
            return None;
        }
        let dropped = DROPPED * f64::from(n);
        let p = dropped / (dropped + f64::from(own) + 1.0);
        let to = capitalised(&self.model.vocab[best as usize]);
        if p >= MEND {
            Some(Verdict::Mend(to, p))
        } else if p >= DOUBT {
            Some(Verdict::Doubt(to, p))
        } else {
            None
        }
    }
}

/// A name's word restoration wrote, against the other readings of its letters as names
/// ([`Restorer::name_doubt`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NameDoubt {
    /// The likeliest other reading as a name, capitalised.
    pub other: String,
    /// Its share of the names those letters make (1 for the one surname they make).
    pub share: f64,
    /// Whether the other reading is to be written instead: the one surname of those letters,
    /// for a first word that is none. (Given names are only doubted: written as the reading 3
    /// to 1 as often a name, that fits what was read, 14 of 267 names written right came out
    /// wrong and 3 right that were not — *Tử* for *Tú*, *Tấn* for *Tân*.)
    pub mend: bool,
    /// How often the word as written is a name, of the times those letters are one.
    pub own_share: f64,
}

impl Restorer {
    /// A word of a name that restoration wrote (`Đàm`, from `Dam`) and another reading of its
    /// letters that is a name at least [`DOUBT`] of the times those letters are one (*Đạm*);
    /// `first`: the name's first word, its surname, where the other reading must be the one
    /// surname. `None` where the names table is absent or knows those letters as a name fewer
    /// than five times.
    pub fn name_doubt(&self, word: &str, first: bool) -> Option<NameDoubt> {
        if self.names.is_empty() {
            return None;
        }
        let lower = canonical(&word.to_lowercase())?;
        let own = self.model.id(&lower)?;
        let (_, _, bare) = analyse_letters(&lower)?;
        let readings = self.model.candidates(&bare);
        let capitalised = |id: u32| crate::text::title_case(&self.model.vocab[id as usize]);
        if first {
            if self.surnames.contains(&own) {
                return None;
            }
            let mut s = readings.iter().filter(|id| self.surnames.contains(id));
            let one = *s.next()?;
            return s.next().is_none().then(|| NameDoubt {
                other: capitalised(one),
                share: 1.0,
                mend: true,
                own_share: 0.0,
            });
        }
        let total: u32 = readings.iter().map(|&id| self.names[id as usize]).sum();
        if total < 5 {
            return None;
        }
        let (best, n) = readings
            .iter()
            .filter(|&&id| id != own)
            .map(|&id| (id, self.names[id as usize]))
            .max_by_key(|&(_, n)| n)?;
        let share = f64::from(n) / f64::from(total);
        (share >= DOUBT).then(|| NameDoubt {
            other: capitalised(best),
            share,
            mend: false,
            own_share: f64::from(self.names[own as usize]) / f64::from(total),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(words: &[&str]) -> Vec<Option<Word>> {
        words
            .iter()
            .map(|w| {
                let cap = w.chars().next().is_some_and(char::is_uppercase);
                Some((w.to_lowercase(), cap))
            })
            .collect()
    }

    #[test]
    fn given_names_follow_a_surname_in_a_run_of_capitals() {
        let s = sentence(&["ông", "Nguyễn", "Văn", "Hiền", "phát", "biểu"]);
        assert_eq!(given_names(&s), vec![(2, true), (3, false)]);
        // A run after a word in capitals is an office's name, not a person's.
        let s = sentence(&["Sở", "Nguyễn", "Văn", "A"]);
        assert!(given_names(&s).is_empty());
        // A place: `Hà Nội`, `Cao Bằng`; too long a run; a surname alone.
        assert!(given_names(&sentence(&["tại", "Hà", "Nội"])).is_empty());
        assert!(given_names(&sentence(&["Trần", "A", "B", "C", "D"])).is_empty());
        assert!(given_names(&sentence(&["bà", "Lê", "và"])).is_empty());
        // A ruler's title.
        assert!(given_names(&sentence(&["vua", "Lý", "Thái", "Tổ"])).is_empty());
    }

    /// In stripped text, the capitalised words after one that may be a surname are read as
    /// names: *Hiền*, where the commoner word is *hiện*.
    #[test]
    fn restoration_reads_the_words_after_a_surname_as_names() {
        let r = crate::restore::test_restorer();
        assert_eq!(
            r.restore("CHỦ TỊCH\nTran Phuoc Hien\n").text,
            "CHỦ TỊCH\nTrần Phước Hiền\n"
        );
    }

    /// A middle name is weighed by how often each reading is one: *Tấn* (a middle name 30
    /// times as often as *Tân*), though *Tân* is the commoner word and given name.
    #[test]
    fn a_middle_name_is_weighed_as_middle_names_are() {
        let r = crate::restore::test_restorer();
        assert_eq!(
            r.restore("Giao cho ong Vo Tan Hung la nguoi dai dien.\n")
                .text,
            "Giao cho ông Võ Tấn Hùng là người đại diện.\n"
        );
    }

    #[test]
    fn the_table_of_names_loads_with_or_without_its_middle_names() {
        let r = crate::restore::test_restorer();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(NAMES_FILE);
        let id = |w: &str| r.model.id(w).unwrap() as usize;
        std::fs::write(&path, "hùng\t190\t40\ntấn\t203\t156\n").unwrap();
        let (all, middle) = load(&path, &r.model).unwrap();
        assert_eq!((all[id("hùng")], middle[id("hùng")]), (190, 40));
        assert_eq!(
            (all[id("tấn")], middle[id("tấn")], all[id("tân")]),
            (203, 156, 0)
        );
        // A table from before middle names were counted: no middle names.
        std::fs::write(&path, "hùng\t190\n").unwrap();
        let (all, middle) = load(&path, &r.model).unwrap();
        assert_eq!((all[id("hùng")], middle.len()), (190, 0));
        // More middle names than names, a fourth column, a word alone: errors naming the line.
        for bad in ["hùng\t40\t190\n", "hùng\t1\t0\t0\n", "tấn\t2\t1\nhùng\n"] {
            std::fs::write(&path, bad).unwrap();
            let e = format!("{:#}", load(&path, &r.model).unwrap_err());
            assert!(e.contains(NAMES_FILE) && e.contains("line"), "{e}");
        }
    }

    /// A name restored from bare letters that make another name often enough is in doubt;
    /// one whose letters make no other name is not.
    #[test]
    fn a_restored_name_whose_letters_make_another_is_in_doubt() {
        let r = crate::restore::test_restorer();
        let d = r.name_doubt("Hưng", false).unwrap();
        assert_eq!((d.other.as_str(), d.mend), ("Hùng", false));
        assert!((0.2..0.5).contains(&d.share), "{}", d.share);
        let d = r.name_doubt("Hiện", false).unwrap();
        assert_eq!((d.other.as_str(), d.mend), ("Hiền", false));
        // A surname's letters that make one surname: written so.
        assert_eq!(r.name_doubt("Trần", true), None);
        let d = r.name_doubt("Tràn", true).unwrap();
        assert_eq!((d.other.as_str(), d.mend), ("Trần", true));
        assert_eq!(r.name_doubt("Xuân", false), None);
    }

    #[test]
    fn a_name_gets_back_the_tone_ocr_dropped_from_a_hatted_vowel() {
        let r = crate::restore::test_restorer();
        let Some(c) = r.check_name("Trân Phước Hiên") else {
            panic!("not mended")
        };
        assert_eq!(c.name, "Trần Phước Hiền");
        assert_eq!(
            (c.mended[0].0.as_str(), c.mended[0].1.as_str()),
            ("Trân", "Trần")
        );
        let c = r.check_name("Nguyên Hoàng Giang").unwrap();
        assert_eq!(c.name, "Nguyễn Hoàng Giang");
        // A given name in use, but far less than the one it fits, is asked about.
        let c = r.check_name("Trần Hoàng Tuân").unwrap();
        assert_eq!(c.name, "Trần Hoàng Tuân");
        assert_eq!(c.doubts.len(), 1);
        assert_eq!(
            (c.doubts[0].0.as_str(), c.doubts[0].1.as_str()),
            ("Tuân", "Tuấn")
        );
        // Only a tone dropped from above a hat: `Đang` is no `Đăng` OCR misread, `Ba` no `Bá`.
        for name in ["Nguyễn Hữu Đang", "Lê Quảng Ba", "Trịnh Thăng Bình"] {
            assert_eq!(r.check_name(name), None, "{name}");
        }
        // What is written right stays; so does a word with a tone of its own.
        for name in ["Trần Phước Hiền", "Nguyễn Hoàng Giang", "Ngô Văn Công"] {
            assert_eq!(r.check_name(name), None, "{name}");
        }
        // A rare name beside a commoner one it fits is asked about, not mended.
        let c = r.check_name("Phùng Tô Long").unwrap();
        assert_eq!((c.name.as_str(), c.doubts.len()), ("Phùng Tô Long", 1));
    }
}
