//! The abbreviation tables of `dictionaries/`, parsed once. They are data: a new type code,
//! issuer or relation phrase is a line in a file, not a change to the code.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::record::Relation;
use crate::text::{fold, fold_lower};

/// Where a relation phrase must stand in the clause that introduces a citation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhrasePlace {
    /// The clause starts with the phrase.
    Start,
    /// The phrase stands anywhere in the clause.
    Near,
    /// The phrase stands anywhere in a short clause (a title: at most 14 words, no "phải").
    Short,
    /// The phrase is the clause's own verb: at its start, or after what names the citing
    /// document's act (`Quyết định này sửa đổi`, `về việc sửa đổi`, `Điều 3. Sửa đổi`), not
    /// a noun of a procedure or someone else's task (`Cấp, bổ sung, sửa đổi, cấp lại … Giấy
    /// chứng nhận`, `yêu cầu sửa đổi, bổ sung hồ sơ`, `tham mưu sửa đổi Nghị định số …`).
    Own,
    /// The phrase governs the number: only a document type (and `số`) stands between them
    /// (`gửi kèm theo Công văn số …`).
    Object,
}

pub struct Dictionaries {
    /// folded lowercase code → (code as written in the table, type name)
    types: HashMap<String, (String, String)>,
    /// (folded lowercase title, type code), longest first
    pub type_titles: Vec<(String, String)>,
    /// folded uppercase issuer code → national?
    issuers: HashMap<String, bool>,
    /// folded uppercase code of a national issuer → the one body the table names by it
    /// (`CP` → Chính phủ); none for a code of several bodies (`TW`) or rows (`BCT`).
    bodies: HashMap<String, Option<String>>,
    /// The folded uppercase issuer codes the table also lists with a number (`QH` of `QH15`).
    numbered: std::collections::HashSet<String>,
    /// Every type and issuer code as the tables write it (`QĐ`, `CQTTBCĐ`).
    pub codes: Vec<String>,
    /// folded lowercase code → the one way the tables write it with a stroked Đ (`qd` →
    /// `QĐ`); `None` where they write it more than one way (`HD` and `HĐ`) or without.
    stroked: HashMap<String, Option<String>>,
    pub relations: Vec<(Relation, PhrasePlace, String)>,
    /// (name, folded lowercase name), longest first
    pub provinces: Vec<(String, String)>,
}

fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// The key a code is looked up by: folded, lowercase (`QĐ`, `Qđ`, `QD` are one).
pub fn code_key(code: &str) -> String {
    fold_lower(code)
}

impl Dictionaries {
    fn load() -> Dictionaries {
        let mut types = HashMap::new();
        for r in rows(include_str!("../dictionaries/types.tsv")) {
            types
                .entry(code_key(r[0]))
                .or_insert_with(|| (r[0].to_string(), r[1].to_string()));
        }
        let mut type_titles: Vec<(String, String)> =
            rows(include_str!("../dictionaries/type_titles.tsv"))
                .map(|r| (fold_lower(r[0]), r[1].to_string()))
                .collect();
        type_titles.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        let mut codes: Vec<String> = types.values().map(|(c, _)| c.clone()).collect();
        let mut issuers = HashMap::new();
        let mut bodies: HashMap<String, Option<String>> = HashMap::new();
        for r in rows(include_str!("../dictionaries/issuers.tsv")) {
            codes.push(r[0].to_string());
            let key = fold(r[0]).to_uppercase();
            issuers.entry(key.clone()).or_insert(r[1] == "national");
            // The name without its note (`(before 2007)`); a name of several bodies (`…
            // / Bộ Chính trị`) names none.
            let name = r[2].split(" (").next().unwrap_or_default();
            let one = (r[1] == "national" && !name.contains('/')).then(|| name.to_string());
            bodies.entry(key).and_modify(|b| *b = None).or_insert(one);
        }
        let numbered = issuers
            .keys()
            .filter(|k| k.ends_with(|c: char| c.is_ascii_digit()))
            .map(|k| k.trim_end_matches(|c: char| c.is_ascii_digit()).to_string())
            .collect();
        // Every row, not one per key: `HD` (hướng dẫn) and `HĐ` (hợp đồng) fold alike.
        let mut stroked: HashMap<String, Option<String>> = HashMap::new();
        let all_codes = rows(include_str!("../dictionaries/types.tsv"))
            .chain(rows(include_str!("../dictionaries/issuers.tsv")))
            .map(|r| r[0].to_uppercase());
        for code in all_codes {
            let e = stroked
                .entry(code_key(&code))
                .or_insert_with(|| Some(code.clone()));
            if e.as_ref().is_some_and(|c| *c != code) {
                *e = None;
            }
        }
        stroked.retain(|_, c| c.as_ref().is_some_and(|c| c.contains('Đ')));
        let relations = rows(include_str!("../dictionaries/relations.tsv"))
            .flat_map(|r| {
                // `{type}` stands for every type title (`nhận được {type}`: `nhận được Báo
                // cáo`, `nhận được Công văn` …).
                let phrases: Vec<String> = if r[2].contains("{type}") {
                    type_titles
                        .iter()
                        .map(|(t, _)| r[2].replace("{type}", t))
                        .collect()
                } else {
                    vec![r[2].to_string()]
                };
                phrases.into_iter().map(move |p| (r[0], r[1], p))
            })
            .map(|(rel, place, phrase)| {
                let rel = Relation::parse(rel).unwrap_or_else(|| {
                    panic!("dictionaries/relations.tsv: unknown relation {rel:?}")
                });
                let place = match place {
                    "start" => PhrasePlace::Start,
                    "near" => PhrasePlace::Near,
                    "short" => PhrasePlace::Short,
                    "own" => PhrasePlace::Own,
                    "object" => PhrasePlace::Object,
                    other => panic!("dictionaries/relations.tsv: unknown place {other:?}"),
                };
                (rel, place, phrase)
            })
            .collect();
        let mut provinces: Vec<(String, String)> = include_str!("../dictionaries/provinces.txt")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| (l.trim().to_string(), fold_lower(l.trim())))
            .collect();
        provinces.sort_by_key(|(_, f)| std::cmp::Reverse(f.len()));
        Dictionaries {
            types,
            type_titles,
            issuers,
            bodies,
            numbered,
            codes,
            stroked,
            relations,
            provinces,
        }
    }

    /// The province a name stands for, in its own spelling: the same letters without marks
    /// (`Lang Son` → Lạng Sơn), or, for names of six letters or more, one letter off
    /// in a vowel (`Lai Chéu`, an English OCR engine's `Lai Châu`; not `Tây Lĩnh` for Tây Ninh)
    /// when no other province is as close.
    pub fn province(&self, name: &str) -> Option<&str> {
        let f = fold_lower(name.trim());
        if let Some((n, _)) = self.provinces.iter().find(|(_, pf)| *pf == f) {
            return Some(n);
        }
        let fc: Vec<char> = f.chars().collect();
        if fc.iter().filter(|c| c.is_alphabetic()).count() < 6 {
            return None;
        }
        let vowel = |c: &char| "aeiouy".contains(*c);
        // One vowel more or less, the rest the same: OCR splitting a marked letter in two
        // (`NGÃI` read as `NGAÀI`) or losing one.
        let one_vowel_more = |long: &[char], short: &[char]| {
            long.len() == short.len() + 1
                && (0..long.len()).any(|i| {
                    vowel(&long[i]) && long[..i] == short[..i] && long[i + 1..] == short[i..]
                })
        };
        let near_to = |fc: &[char], pc: &[char]| {
            // A vowel for a vowel: what OCR does to a marked letter (`â` read as `é`).
            let mut off = pc.iter().zip(fc).filter(|(a, b)| a != b);
            (pc.len() == fc.len()
                && off.next().is_some_and(|(a, b)| vowel(a) && vowel(b))
                && off.next().is_none())
                || one_vowel_more(fc, pc)
                || one_vowel_more(pc, fc)
        };
        // Or that with a letter before it, a speck OCR read as one (`OQuáâng Ngãi`): where
        // the two can start no syllable (`Tân Giang` is no speck before `An Giang`).
        let specked = match fc.as_slice() {
            [a, b, ..] if a.is_alphabetic() && b.is_alphabetic() && !vowel(b) => {
                let onset: String = [*a, *b].iter().collect();
                if vowel(a) {
                    !"cmnpt".contains(*b)
                } else {
                    !["ch", "gh", "kh", "ng", "nh", "ph", "qu", "th", "tr"]
                        .contains(&onset.as_str())
                }
            }
            _ => false,
        };
        let mut near = self.provinces.iter().filter(|(_, pf)| {
            let pc: Vec<char> = pf.chars().collect();
            near_to(&fc, &pc) || (specked && (fc[1..] == pc[..] || near_to(&fc[1..], &pc)))
        });
        match (near.next(), near.next()) {
            (Some((n, _)), None) => Some(n),
            _ => None,
        }
    }

    /// The canonical code and name of a document type code (`kh` → `KH`, Kế hoạch).
    /// The type name whose folded form is `folded` (`ke hoach` → `Kế hoạch`).
    pub fn type_name_folded(&self, folded: &str) -> Option<&str> {
        self.types
            .values()
            .map(|(_, n)| n.as_str())
            .find(|n| crate::text::fold_lower(n) == folded)
    }

    pub fn doc_type(&self, code: &str) -> Option<(&str, &str)> {
        self.types
            .get(&code_key(code))
            .map(|(c, n)| (c.as_str(), n.as_str()))
    }

    /// A code of the tables written with its Đ stroked where it was written with D (`ND` →
    /// `NĐ`, `NQ-HDND`'s `HDND` → `HĐND`, `QDi` → `QĐi`), the rest as written; `None` where
    /// nothing would change, or the tables write its letters both ways (`HD`, `HĐ`).
    pub fn stroked_code(&self, code: &str) -> Option<String> {
        let Some(form) = self.stroked.get(&code_key(code)) else {
            return self.stroked_numbered_code(code);
        };
        let form = form.as_ref()?;
        if !code.contains(['D', 'd']) || code.chars().count() != form.chars().count() {
            return None;
        }
        let out: String = code
            .chars()
            .zip(form.chars())
            .map(|(c, f)| match (c, f) {
                ('D', 'Đ') => 'Đ',
                ('d', 'Đ') => 'đ',
                _ => c,
            })
            .collect();
        (out != code).then_some(out)
    }

    /// A code's letters with a number and perhaps a place's letters after it (`BCD389QNg`,
    /// Quảng Ngãi's board 389, as [`crate::number`] reads it): its letters stroked as
    /// [`Dictionaries::stroked_code`] strokes them.
    fn stroked_numbered_code(&self, code: &str) -> Option<String> {
        let letters = code.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let letters = letters.trim_end_matches(|c: char| c.is_ascii_digit());
        let rest = &code[letters.len()..];
        let place = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        if letters.is_empty() || rest.len() == place.len() || !place.is_ascii() {
            return None;
        }
        Some(format!("{}{rest}", self.stroked_code(letters)?))
    }

    /// Whether the table lists the issuer's code with a number after it (`QH`: `QH15`).
    pub fn issuer_is_numbered(&self, code: &str) -> bool {
        self.numbered.contains(&fold(code).to_uppercase())
    }

    /// `Some(true)` for a national issuer code, `Some(false)` for a known local one.
    pub fn issuer_is_national(&self, code: &str) -> Option<bool> {
        self.issuers.get(&fold(code).to_uppercase()).copied()
    }

    /// The national body an issuer code names, where the table names one by it alone (`CP` →
    /// Chính phủ, `BTC` → Bộ Tài chính).
    pub fn body_of_code(&self, code: &str) -> Option<&str> {
        self.bodies.get(&fold(code).to_uppercase())?.as_deref()
    }

    /// The type code named by a title or type phrase (`KẾ HOẠCH`, `Kế hoạch hành động`).
    pub fn type_of_title(&self, title: &str) -> Option<&str> {
        let f = fold_lower(title.trim());
        self.type_titles
            .iter()
            .find(|(t, _)| *t == f)
            .map(|(_, c)| c.as_str())
    }
}

/// The tables, loaded on first use.
pub fn get() -> &'static Dictionaries {
    static D: OnceLock<Dictionaries> = OnceLock::new();
    D.get_or_init(Dictionaries::load)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load_and_fold() {
        let d = get();
        assert_eq!(d.doc_type("kh"), Some(("KH", "Kế hoạch")));
        assert_eq!(d.doc_type("QD").map(|t| t.1), Some("Quyết định"));
        assert_eq!(d.doc_type("QĐi").map(|t| t.1), Some("Quy định"));
        assert_eq!(d.issuer_is_national("TW"), Some(true));
        assert_eq!(d.issuer_is_national("BCDTW"), Some(true));
        assert_eq!(d.issuer_is_national("UBND"), Some(false));
        assert_eq!(d.issuer_is_national("XYZ"), None);
        assert_eq!(d.type_of_title("KẾ HOẠCH"), Some("KH"));
        assert_eq!(d.stroked_code("ND").as_deref(), Some("NĐ"));
        assert_eq!(d.stroked_code("HDND").as_deref(), Some("HĐND"));
        assert_eq!(d.stroked_code("QDi").as_deref(), Some("QĐi"));
        assert_eq!(d.stroked_code("BGDDT").as_deref(), Some("BGDĐT"));
        // A board's code with its programme's number, and a province's letters after it.
        assert_eq!(d.stroked_code("BCD389QNg").as_deref(), Some("BCĐ389QNg"));
        assert_eq!(d.stroked_code("BCD138").as_deref(), Some("BCĐ138"));
        assert_eq!(d.stroked_code("BCĐ389QNg"), None);
        assert_eq!(d.stroked_code("UBND389"), None);
        assert!(!d.issuer_is_numbered("BCĐ") && d.issuer_is_numbered("QH"));
        // Written both ways in the tables (hướng dẫn, hợp đồng; dự án, đề án): as it is.
        assert_eq!(d.stroked_code("HD"), None);
        assert_eq!(d.stroked_code("DA"), None);
        assert_eq!(d.stroked_code("NĐ"), None);
        assert_eq!(d.stroked_code("UBND"), None);
        assert_eq!(d.stroked_code("XYZD"), None);
        assert!(d.relations.len() > 10);
        assert!(d.provinces.iter().any(|(n, _)| n == "Lạng Sơn"));
        assert_eq!(d.province("Lang Son"), Some("Lạng Sơn"));
        assert_eq!(d.province("LAI CHAU"), Some("Lai Châu"));
        assert_eq!(d.province("Lai Chéu"), Some("Lai Châu"));
        assert_eq!(d.province("Tây Lĩnh"), None);
        // A letter OCR split in two (`Ã` read as `AÀ`), or a vowel lost.
        assert_eq!(d.province("QUANG NGAÀI"), Some("Quảng Ngãi"));
        assert_eq!(d.province("Lang Sonn"), None);
        assert_eq!(d.province("Quang Ngi"), Some("Quảng Ngãi"));
        // A speck read as a letter before the name; not a letter that starts a syllable.
        assert_eq!(d.province("OQuáâng Ngãi"), Some("Quảng Ngãi"));
        assert_eq!(d.province("|Lai Châu"), None);
        assert_eq!(d.province("ILai Châu"), Some("Lai Châu"));
        assert_eq!(d.province("Tân Giang"), None);
    }
}
