//! A person's word on a field: confirmed as read, or corrected. Overrides live in the record
//! itself (`Record::overrides`), so they are indexed with it — `show`, `search` and `trace`
//! see the corrected value — and travel in `export`/`import`. When a file is read again
//! (changed at its path), each override is carried to the new record if vanthu reads the
//! field as it did when the person spoke; if it now reads something else, the machine's value
//! stands and the field goes into review, saying both.

use crate::date::Date;
use crate::number::parse_number;
use crate::record::{DocKey, Override, Record, Review};

/// The fields a person may confirm or correct.
pub const EDITABLE: [&str; 10] = [
    "number",
    "date",
    "type",
    "place",
    "issuer",
    "locality",
    "subject",
    "signer",
    "signer_title",
    "recipients",
];

/// How a list of recipients is written as one value: the items, `; ` between (an item may
/// hold commas, `CT, PCT UBND tỉnh`).
const RECIPIENTS_SEPARATOR: &str = "; ";

/// What a person writes for a central body's record, which has no province (folded).
const CENTRAL: [&str; 4] = ["trung uong", "central", "none", "-"];

/// The value of `field` in `r`, as a person reads it (dates ISO).
pub fn value_of(r: &Record, field: &str) -> Option<String> {
    match field {
        "number" => r.number.clone(),
        "date" => r.date.map(|d| d.iso()),
        "type" => r.doc_type.clone(),
        "place" => r.place.clone(),
        "issuer" => r.issuer_name.clone().or(r.issuer.clone()),
        "locality" => r.locality.clone(),
        "subject" => r.subject.clone(),
        "signer" => r.signer.clone(),
        "signer_title" => r.signer_title.clone(),
        "recipients" => (!r.recipients.is_empty()).then(|| r.recipients.join(RECIPIENTS_SEPARATOR)),
        _ => None,
    }
}

/// Applies `o` to `r`: the field takes the value (the key follows a new number or year), the
/// field leaves review, and `o` replaces any earlier override of the field. A value the field
/// cannot take is refused, saying why.
pub fn apply(r: &mut Record, o: Override) -> Result<(), String> {
    let v = o.value.trim().to_string();
    if v.is_empty() {
        return Err(format!("no value for {}", o.field));
    }
    match o.field.as_str() {
        "number" => {
            if parse_number(&v).is_none() {
                return Err(format!("{v:?} is not a document number (such as 57-NQ/TW)"));
            }
            r.number = Some(v);
        }
        "date" => {
            let d = Date::parse_user(&v)
                .filter(|d| d.day.is_some())
                .ok_or_else(|| format!("{v:?} is not a date (YYYY-MM-DD or DD/MM/YYYY)"))?;
            r.date = Some(d);
        }
        "type" => {
            let d = crate::dict::get();
            r.doc_type = Some(d.doc_type(&v).map_or(v, |(_, name)| name.to_string()));
        }
        "place" => r.place = Some(v),
        "issuer" => {
            r.issuer_name = Some(v.clone());
            r.issuer = Some(v);
        }
        "locality" => {
            let now = if CENTRAL.contains(&crate::text::fold_lower(&v).as_str()) {
                None
            } else {
                let d = crate::dict::get();
                Some(d.province(&v).map(String::from).ok_or_else(|| {
                    format!(
                        "{v:?} is not a province or centrally-run city (for a central body: \
                         trung ương)"
                    )
                })?)
            };
            let was = std::mem::replace(&mut r.locality, now);
            rescope_citations(r, was.as_deref());
        }
        "subject" => r.subject = Some(v),
        "signer" => r.signer = Some(v),
        "signer_title" => r.signer_title = Some(v),
        "recipients" => {
            let items: Vec<String> = v
                .split([';', '\n'])
                .map(|x| crate::text::collapse_ws(x.trim()))
                .filter(|x| !x.is_empty())
                .collect();
            if items.is_empty() {
                return Err(format!("{v:?} names no recipient (items with ; between)"));
            }
            r.recipients = items;
        }
        f => return Err(format!("{f:?} is not a field a person can correct")),
    }
    match o.field.as_str() {
        "number" | "date" => rekey(r, false),
        "locality" => rekey(r, true),
        _ => {}
    }
    r.review.retain(|x| x.field != o.field);
    r.overrides.retain(|x| x.field != o.field);
    r.overrides.push(o);
    Ok(())
}

/// The key a record's number, province and year make (a record without a number keeps its
/// content key). `new_place`: the province is what changed, and scopes the key.
fn rekey(r: &mut Record, new_place: bool) {
    let Some(n) = r.number.as_deref().and_then(parse_number) else {
        return;
    };
    // A key without a province stays without one (a central body's number); otherwise the
    // record's province scopes it, as extraction does.
    let was_unscoped = r.key.number().is_some() && !r.key.as_str().contains('@');
    let scope = if was_unscoped && !new_place {
        None
    } else {
        r.locality.as_deref()
    };
    r.key = DocKey::scoped(&n, scope, r.date.map(|d| d.year));
}

/// The citations a record scoped by its own province (a local number whose issuer the text
/// does not name by its province) follow the province a person gave it; a citation whose
/// issuer names the province it was scoped by keeps it.
fn rescope_citations(r: &mut Record, was: Option<&str>) {
    let Some(was) = was else {
        return;
    };
    let (from, folded) = (crate::text::slug(was), crate::text::fold_lower(was));
    let to = r
        .locality
        .as_deref()
        .map_or("?".to_string(), crate::text::slug);
    let rescope = |k: &DocKey| -> Option<DocKey> {
        let (Some(place), year) = k.place_and_year() else {
            return None;
        };
        (place == from)
            .then(|| DocKey::parse(&format!("{}@{to}:{}", k.number()?, year.unwrap_or("?"))))?
    };
    for c in &mut r.cites {
        let named = c
            .issuer
            .as_deref()
            .is_some_and(|i| crate::text::fold_lower(i).contains(&folded));
        if named {
            continue;
        }
        if let Some(k) = rescope(&c.key) {
            c.key = k;
        }
    }
    let keys: Vec<DocKey> = r.cites.iter().map(|c| c.key.clone()).collect();
    for c in &mut r.cites {
        // A citation inside another's description follows that one's new key.
        if let Some(v) = c.via.as_ref().and_then(rescope) {
            if keys.contains(&v) {
                c.via = Some(v);
            }
        }
    }
}

/// Carries `old`'s overrides to `new`, a fresh reading of the same file (see the module).
pub fn carry(old: &Record, new: &mut Record) {
    for o in &old.overrides {
        let now = value_of(new, &o.field);
        if now == o.was || now.as_deref() == Some(o.value.as_str()) {
            let _ = apply(new, o.clone());
        } else {
            new.review.push(Review::of_text(
                o.field.clone(),
                format!(
                    "{} set it to {:?} on {} where vanthu read {:?}; the file now reads {:?}",
                    o.by,
                    o.value,
                    o.when,
                    o.was.as_deref().unwrap_or(""),
                    now.as_deref().unwrap_or("")
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: 21/KH-UBND\nTây Lĩnh, ngày 05 tháng 3 năm 2025\n\nKẾ HOẠCH\nVề việc thử\n\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nLò Văn Sáu\n";
        let mut r = crate::extract::extract(text, None);
        r.review.push(Review::on_page("number", "handwritten", 1));
        r
    }

    fn ov(field: &str, value: &str, was: Option<&str>) -> Override {
        Override {
            field: field.into(),
            value: value.into(),
            was: was.map(String::from),
            when: "2026-12-01T14:00:00Z".into(),
            by: "Lò Thị Mai".into(),
        }
    }

    #[test]
    fn a_corrected_number_rekeys_the_record_and_leaves_review() {
        let mut r = record();
        assert_eq!(r.number.as_deref(), Some("21/KH-UBND"));
        apply(&mut r, ov("number", "27/KH-UBND", Some("21/KH-UBND"))).unwrap();
        assert_eq!(r.number.as_deref(), Some("27/KH-UBND"));
        assert!(
            r.key.as_str().starts_with("27-KH-UBND@"),
            "{}",
            r.key.as_str()
        );
        assert!(r.review.is_empty());
        assert_eq!(r.overrides.len(), 1);
        assert!(apply(&mut r, ov("number", "hello", None)).is_err());
        assert!(apply(&mut r, ov("date", "soon", None)).is_err());
        assert!(apply(&mut r, ov("text", "x", None)).is_err());
        // A signer's title, in review where OCR may have lost its lines, is corrected too.
        r.review
            .push(Review::of_text("signer_title", "read without a name"));
        let title = "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH";
        apply(&mut r, ov("signer_title", title, Some("CHỦ TỊCH"))).unwrap();
        assert_eq!(r.signer_title.as_deref(), Some(title));
        assert!(r.review.is_empty());
    }

    #[test]
    fn the_recipients_are_corrected_as_one_list() {
        let mut r = record();
        r.recipients = vec!["Bộ đôi Biên phòng tỉnh".into(), "CT, PCT UBND tỉnh".into()];
        r.review.push(Review::of_text(
            "recipients",
            "tone marks restored with doubt",
        ));
        let was = value_of(&r, "recipients");
        assert_eq!(
            was.as_deref(),
            Some("Bộ đôi Biên phòng tỉnh; CT, PCT UBND tỉnh")
        );
        let now = "Bộ đội Biên phòng tỉnh;  CT, PCT UBND tỉnh;\nSở Nội vụ;";
        apply(&mut r, ov("recipients", now, was.as_deref())).unwrap();
        assert_eq!(
            r.recipients,
            ["Bộ đội Biên phòng tỉnh", "CT, PCT UBND tỉnh", "Sở Nội vụ"]
        );
        assert!(r.review.iter().all(|x| x.field != "recipients"));
        assert!(apply(&mut r, ov("recipients", " ; ", None)).is_err());
        assert_eq!(r.recipients.len(), 3);
    }

    #[test]
    fn a_corrected_province_rescopes_the_record_and_what_it_scoped() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH TÂY LĨNH\n\nSố: 21/KH-UBND\n\
            Tây Lĩnh, ngày 05 tháng 3 năm 2025\n\nKẾ HOẠCH\nVề việc thử\n\n\
            Thực hiện Kế hoạch số 5/KH-UBND ngày 02/3/2024 và Quyết định số 7/QĐ-UBND ngày \
            01/02/2024 của UBND tỉnh Tây Lĩnh, Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ \
            Chính trị.\n\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nLò Văn Sáu\n";
        let mut r = crate::extract::extract(text, None);
        let keys = |r: &Record| -> Vec<String> {
            r.cites.iter().map(|c| c.key.as_str().to_string()).collect()
        };
        assert_eq!(r.key.as_str(), "21-KH-UBND@tay-linh:2025");
        assert_eq!(
            keys(&r),
            [
                "5-KH-UBND@tay-linh:2024",
                "7-QD-UBND@tay-linh:2024",
                "57-NQ-TW"
            ]
        );
        apply(&mut r, ov("locality", "lang son", Some("Tây Lĩnh"))).unwrap();
        assert_eq!(r.locality.as_deref(), Some("Lạng Sơn"));
        assert_eq!(r.key.as_str(), "21-KH-UBND@lang-son:2025");
        // The decision its text says is Tây Lĩnh's stays Tây Lĩnh's.
        assert_eq!(
            keys(&r),
            [
                "5-KH-UBND@lang-son:2024",
                "7-QD-UBND@tay-linh:2024",
                "57-NQ-TW"
            ]
        );
        apply(&mut r, ov("locality", "Trung ương", Some("Lạng Sơn"))).unwrap();
        assert_eq!(r.locality, None);
        assert_eq!(r.key.as_str(), "21-KH-UBND@?:2025");
        assert_eq!(keys(&r)[0], "5-KH-UBND@?:2024");
        let e = apply(&mut r, ov("locality", "Atlantis", None)).unwrap_err();
        assert!(e.contains("not a province"), "{e}");
        assert_eq!(r.overrides.len(), 1);
    }

    #[test]
    fn an_override_is_carried_while_the_file_reads_the_same() {
        let mut old = record();
        apply(&mut old, ov("number", "27/KH-UBND", Some("21/KH-UBND"))).unwrap();
        let mut same = record();
        carry(&old, &mut same);
        assert_eq!(same.number.as_deref(), Some("27/KH-UBND"));
        let mut other = record();
        other.number = Some("29/KH-UBND".into());
        other.review.clear();
        carry(&old, &mut other);
        assert_eq!(other.number.as_deref(), Some("29/KH-UBND"));
        assert!(other.review[0].reason.contains("now reads \"29/KH-UBND\""));
    }
}
