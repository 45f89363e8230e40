//! The issuer as a name: the header's lines as written (`ỦY BAN NHÂN DÂN` / `TỈNH HÀ TĨNH`,
//! `BỘ TÀI CHÍNH` / `CỤC THUẾ`) made into the body's usual name (`UBND tỉnh Hà Tĩnh`, `Cục
//! Thuế`) and its parent's (`Bộ Tài chính`), in the case people write them.

use crate::dict;
use crate::text::{fold_lower, has_vowel, title_case};

/// A body's name and, when the header names one above it, its parent's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerName {
    pub name: String,
    pub parent: Option<String>,
}

/// Administrative levels, lower case as written (marks tell `quận` from `quân`): lower case,
/// and the place name after them in title case. Party committees take a place too.
const LEVELS: [&str; 11] = [
    "thành phố",
    "thị xã",
    "thị trấn",
    "tỉnh",
    "huyện",
    "quận",
    "xã",
    "phường",
    "tỉnh ủy",
    "thành ủy",
    "huyện ủy",
];

/// Names whose words keep their capitals as usage writes them, longest first within a start.
const FIXED: [(&str, &str); 28] = [
    ("uy ban nhan dan", "UBND"),
    ("ubnd", "UBND"),
    ("hdnd", "HĐND"),
    ("hoi dong nhan dan", "HĐND"),
    ("ban chap hanh trung uong", "Ban Chấp hành Trung ương"),
    ("ban thuong vu", "Ban Thường vụ"),
    ("ban chi dao", "Ban Chỉ đạo"),
    ("thu tuong chinh phu", "Thủ tướng Chính phủ"),
    ("van phong chinh phu", "Văn phòng Chính phủ"),
    ("chinh phu", "Chính phủ"),
    ("quoc hoi", "Quốc hội"),
    ("uy ban thuong vu quoc hoi", "Ủy ban Thường vụ Quốc hội"),
    ("bo chinh tri", "Bộ Chính trị"),
    ("ban bi thu", "Ban Bí thư"),
    ("trung uong", "Trung ương"),
    ("dang uy", "Đảng ủy"),
    ("tinh uy", "Tỉnh ủy"),
    ("thanh uy", "Thành ủy"),
    ("huyen uy", "Huyện ủy"),
    ("mttq", "MTTQ"),
    ("cong thuong", "Công Thương"),
    ("nha nuoc", "Nhà nước"),
    ("nhan dan", "nhân dân"),
    ("viet nam", "Việt Nam"),
    ("uy ban mat tran to quoc", "Ủy ban Mặt trận Tổ quốc"),
    ("cong an", "Công an"),
    ("toa an nhan dan", "Tòa án nhân dân"),
    ("vien kiem sat nhan dan", "Viện kiểm sát nhân dân"),
];

/// Words that name a kind of body; the words after them are its field (`Sở` `Tư pháp`), whose
/// first word, and the first after `và` or a comma, take a capital.
const UNITS: [&str; 16] = [
    "tong cuc",
    "van phong",
    "trung tam",
    "thanh tra",
    "ban",
    "bo",
    "so",
    "cuc",
    "vu",
    "phong",
    "chi cuc",
    "vien",
    "hoc vien",
    "truong",
    "ngan hang",
    "kho bac",
];

/// The fields bodies are named for (`Sở` `Tư pháp`, `Cục` `Thuế`), as usage writes them: a
/// field is matched by its letters alone, so that marks OCR garbled in a header of capitals
/// (`CỤC THUÊ`, `SỞ TỪ PHÁP`) are read as the field's: folded, as written, as [`FIXED`] is.
/// No two of them fold alike.
const FIELDS: [(&str, &str); 34] = [
    ("tai chinh", "Tài chính"),
    ("tu phap", "Tư pháp"),
    ("noi vu", "Nội vụ"),
    ("ngoai giao", "Ngoại giao"),
    ("ngoai vu", "Ngoại vụ"),
    ("quoc phong", "Quốc phòng"),
    ("y te", "Y tế"),
    ("xay dung", "Xây dựng"),
    ("nong nghiep va moi truong", "Nông nghiệp và Môi trường"),
    (
        "nong nghiep va phat trien nong thon",
        "Nông nghiệp và Phát triển nông thôn",
    ),
    ("tai nguyen va moi truong", "Tài nguyên và Môi trường"),
    ("giao duc va dao tao", "Giáo dục và Đào tạo"),
    ("khoa hoc va cong nghe", "Khoa học và Công nghệ"),
    (
        "van hoa, the thao va du lich",
        "Văn hóa, Thể thao và Du lịch",
    ),
    ("dan toc va ton giao", "Dân tộc và Tôn giáo"),
    ("giao thong van tai", "Giao thông vận tải"),
    ("ke hoach va dau tu", "Kế hoạch và Đầu tư"),
    (
        "lao dong - thuong binh va xa hoi",
        "Lao động - Thương binh và Xã hội",
    ),
    ("thong tin va truyen thong", "Thông tin và Truyền thông"),
    ("thue", "Thuế"),
    ("hai quan", "Hải quan"),
    ("thong ke", "Thống kê"),
    ("du tru nha nuoc", "Dự trữ Nhà nước"),
    ("quan ly thi truong", "Quản lý thị trường"),
    ("kiem lam", "Kiểm lâm"),
    ("thuy loi", "Thủy lợi"),
    ("phap che", "Pháp chế"),
    ("to chuc can bo", "Tổ chức cán bộ"),
    ("ke hoach - tai chinh", "Kế hoạch - Tài chính"),
    ("thi dua - khen thuong", "Thi đua - Khen thưởng"),
    ("dan toc", "Dân tộc"),
    ("tuyen giao", "Tuyên giáo"),
    ("dan van", "Dân vận"),
    ("kiem tra", "Kiểm tra"),
];

/// The issuer's name from the header's lines as written. Lines that only continue a name
/// (`ỦY BAN NHÂN DÂN` / `TỈNH HÀ TĨNH`; `VĂN PHÒNG` / `CHÍNH PHỦ`) are one name; otherwise
/// the last is the body and the ones before it its parent.
pub fn issuer_name(lines: &[&str], province: Option<&str>) -> Option<IssuerName> {
    let mut levels: Vec<String> = Vec::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match levels.last_mut() {
            Some(last) if continues(last, line) => {
                last.push(' ');
                last.push_str(line);
            }
            _ => levels.push(line.to_string()),
        }
    }
    // A fragment of the motto's column (`BAN CHẤP HÀNH TRUNG ƯƠNG` / `ĐẢNG`).
    if levels.len() > 1 && fold_lower(levels.last()?) == "dang" {
        levels.pop();
    }
    let mut names: Vec<String> = levels.iter().map(|l| cased(l)).collect();
    // `UBND tỉnh` / `Thanh tra tỉnh` with the province the document belongs to.
    if let (Some(p), Some(last)) = (province, names.last_mut()) {
        if last.ends_with(" tỉnh") || last.ends_with(" thành phố") {
            last.push(' ');
            last.push_str(p);
        }
    }
    let mut name = names.pop()?;
    let parent = (!names.is_empty()).then(|| names.join(", "));
    // A bare kind of body (`VĂN PHÒNG` under `UBND TỈNH LẠNG SƠN`) is named by its parent:
    // `Văn phòng UBND tỉnh Lạng Sơn`.
    if let Some(p) = &parent {
        if UNITS.contains(&fold_lower(&name).as_str()) {
            name = format!("{name} {p}");
        }
    }
    Some(IssuerName { name, parent })
}

/// Whether `next` goes on the name `so_far` began: it opens with an administrative level
/// (`TỈNH …`), or `so_far` is a kind of body with no name yet (`VĂN PHÒNG`, `ỦY BAN NHÂN
/// DÂN`), a level with no place yet (`TỈNH` / `HÀ TĨNH`, where OCR set the lines of one
/// name apart) or ends mid-phrase (`… VÀ`, a comma, `ỦY BAN NHÂN` / `DÂN`).
fn continues(so_far: &str, next: &str) -> bool {
    let f = fold_lower(so_far);
    let (next_lower, so_far_lower) = (next.to_lowercase(), so_far.to_lowercase());
    let opens_level = LEVELS.iter().any(|l| starts_with_words(&next_lower, l));
    let bare_level = LEVELS.iter().any(|l| ends_with_words(&so_far_lower, l));
    let bare_kind = UNITS.contains(&f.as_str())
        || matches!(
            f.as_str(),
            "uy ban nhan dan" | "hoi dong nhan dan" | "uy ban" | "ban chap hanh"
        );
    let mid_phrase = f.ends_with(" va")
        || f.ends_with(',')
        || f.ends_with('-')
        || (f.ends_with(" nhan") && (f.starts_with("uy ban") || f.starts_with("hoi dong")));
    let lower_start = next.chars().next().is_some_and(char::is_lowercase);
    opens_level || bare_level || bare_kind || mid_phrase || lower_start
}

fn starts_with_words(hay: &str, words: &str) -> bool {
    hay.strip_prefix(words)
        .is_some_and(|r| r.is_empty() || r.starts_with(' '))
}

fn ends_with_words(hay: &str, words: &str) -> bool {
    hay.strip_suffix(words)
        .is_some_and(|r| r.is_empty() || r.ends_with(' '))
}

/// One level's name in the case usage writes it.
fn cased(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| fold_lower(w)).collect();
    let lower: Vec<String> = words
        .iter()
        .map(|w| w.to_lowercase().replace("uỷ", "ủy"))
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    // After a kind of body, its field's first word takes a capital.
    let mut capital_next = true;
    while i < words.len() {
        let level = longest_at(&LEVELS, &lower[i..])
            .map(|n| (n, lower[i..i + n].join(" ")))
            .or_else(|| garbled_level(&folded[i..]));
        if let Some((n, level)) = level {
            // A party committee (`Tỉnh ủy Tây Lĩnh`) is a body's name, not a level.
            out.push(if level.ends_with("ủy") {
                capitalised(&level)
            } else {
                level
            });
            i += n;
            // The place runs to the end, or to a comma that closes it.
            let rest = &words[i..];
            let place_len = rest
                .iter()
                .position(|w| w.ends_with(','))
                .map_or(rest.len(), |p| p + 1);
            if place_len > 0 {
                out.push(place_name(&rest[..place_len].join(" ")));
            }
            i += place_len;
            continue;
        }
        if let Some((n, fixed)) = phrase_at(&FIXED, &folded[i..]) {
            out.push(fixed.to_string());
            i += n;
            capital_next = false;
            continue;
        }
        // A kind of body opens a name (`Phục vụ` inside one is no `Vụ`).
        if let Some(n) = longest_at(&UNITS, &folded[i..]).filter(|_| out.is_empty()) {
            let unit = words[i..i + n].join(" ").to_lowercase();
            out.push(capitalised(&unit));
            i += n;
            capital_next = true;
            if let Some((n, field)) = phrase_at(&FIELDS, &folded[i..]) {
                out.push(field.to_string());
                i += n;
                capital_next = false;
            }
            continue;
        }
        let w = words[i];
        let acronym = w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !has_vowel(w);
        let word = if acronym {
            w.to_string()
        } else if capital_next {
            capitalised(&w.to_lowercase())
        } else {
            w.to_lowercase()
        };
        // `Khoa học và Công nghệ`, `Văn hóa, Thể thao`: a field of its own follows.
        capital_next = folded[i] == "va" || w.ends_with(',');
        out.push(word);
        i += 1;
    }
    out.join(" ")
}

/// A province's level whose marks OCR garbled (`TĨNH QUANG NGAÀI`): the words of `tỉnh` or
/// `thành phố`, folded, before what the dictionary reads as a province (all the words to the
/// end). Marks alone tell `tỉnh` from `tính`, so the province must vouch for it.
fn garbled_level(folded: &[String]) -> Option<(usize, String)> {
    let (n, level) = match folded {
        [t, ..] if t == "tinh" => (1, "tỉnh"),
        [t, p, ..] if t == "thanh" && p == "pho" => (2, "thành phố"),
        _ => return None,
    };
    let place = folded[n..].join(" ");
    let province = !place.is_empty() && dict::get().province(&place).is_some();
    province.then(|| (n, level.to_string()))
}

/// The longest phrase of `table` (folded, as written) that opens `words` (folded), and how
/// many words it has.
fn phrase_at(table: &[(&str, &'static str)], words: &[String]) -> Option<(usize, &'static str)> {
    table
        .iter()
        .filter_map(|(f, fixed)| {
            let n = f.split(' ').count();
            (words.len() >= n && words[..n].join(" ") == *f).then_some((n, *fixed))
        })
        .max_by_key(|(n, _)| *n)
}

/// How many of `words` the longest phrase of `table` that opens them has.
fn longest_at(table: &[&str], words: &[String]) -> Option<usize> {
    table
        .iter()
        .map(|p| p.split(' ').count())
        .filter(|&n| words.len() >= n && table.contains(&words[..n].join(" ").as_str()))
        .max()
}

/// A place's name: a known province as the dictionary spells it, else each word capitalised.
fn place_name(place: &str) -> String {
    let known = dict::get()
        .province(place.trim_end_matches(','))
        .map(str::to_string);
    let mut name = known.unwrap_or_else(|| title_case(&place.to_lowercase()));
    if place.ends_with(',') && !name.ends_with(',') {
        name.push(',');
    }
    name
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(lines: &[&str]) -> (String, Option<String>) {
        let i = issuer_name(lines, None).unwrap();
        (i.name, i.parent)
    }

    #[test]
    fn a_name_wrapped_over_lines_is_one_name() {
        assert_eq!(
            n(&["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH"]),
            ("UBND tỉnh Hà Tĩnh".into(), None)
        );
        assert_eq!(
            n(&["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]),
            ("UBND thành phố Hồ Chí Minh".into(), None)
        );
        assert_eq!(
            n(&["VĂN PHÒNG", "CHÍNH PHỦ"]),
            ("Văn phòng Chính phủ".into(), None)
        );
        // Lines of one name that OCR set apart, a level alone among them.
        assert_eq!(
            n(&["ỦY BAN NHÂN", "DÂN", "TỈNH", "HÀ TĨNH"]),
            ("UBND tỉnh Hà Tĩnh".into(), None)
        );
        assert_eq!(
            n(&["HỘI ĐỒNG NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]),
            ("HĐND thành phố Hà Nội".into(), None)
        );
    }

    #[test]
    fn a_province_and_its_level_garbled_by_ocr_are_read_as_the_dictionary_has_them() {
        // The marks of both lost and a letter split in two (a real scan's header, `vie` OCR).
        assert_eq!(
            n(&["ỦY BAN NHÂN DÂN", "TĨNH QUANG NGAÀI"]),
            ("UBND tỉnh Quảng Ngãi".into(), None)
        );
        assert_eq!(
            n(&["ỦY BAN NHÂN DÂN", "THANH PHO HA NOI"]),
            ("UBND thành phố Hà Nội".into(), None)
        );
        // No province after it: the marks alone tell the word, and they are kept.
        assert_eq!(
            n(&["TRUNG TÂM", "TÍNH TOÁN"]),
            ("Trung tâm Tính toán".into(), None)
        );
    }

    #[test]
    fn a_body_under_a_parent() {
        assert_eq!(
            n(&["BỘ TÀI CHÍNH", "CỤC THUẾ"]),
            ("Cục Thuế".into(), Some("Bộ Tài chính".into()))
        );
        assert_eq!(
            n(&["UBND TỈNH TÂY LĨNH", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]),
            (
                "Sở Khoa học và Công nghệ".into(),
                Some("UBND tỉnh Tây Lĩnh".into())
            )
        );
        assert_eq!(
            n(&["UBND THÀNH PHỐ HÀ NỘI", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"]),
            (
                "Trung tâm Phục vụ hành chính công".into(),
                Some("UBND thành phố Hà Nội".into())
            )
        );
    }

    #[test]
    fn central_bodies_and_party_bodies() {
        assert_eq!(n(&["THỦ TƯỚNG CHÍNH PHỦ"]).0, "Thủ tướng Chính phủ");
        assert_eq!(
            n(&["BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH"]).0,
            "Bộ Văn hóa, Thể thao và Du lịch"
        );
        assert_eq!(
            n(&["BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"]).0,
            "Bộ Nông nghiệp và Môi trường"
        );
        assert_eq!(
            n(&["BAN CHẤP HÀNH TRUNG ƯƠNG", "ĐẢNG"]).0,
            "Ban Chấp hành Trung ương"
        );
        assert_eq!(n(&["TỈNH ỦY TÂY LĨNH"]).0, "Tỉnh ủy Tây Lĩnh");
        assert_eq!(n(&["Sở Tư pháp"]).0, "Sở Tư pháp");
    }

    #[test]
    fn a_fields_marks_garbled_by_ocr_are_read_as_the_fields() {
        // `vie` OCR of a header in capitals drops or swaps a tone.
        assert_eq!(
            n(&["BỘ TÀI CHÍNH", "CỤC THUÊ"]),
            ("Cục Thuế".into(), Some("Bộ Tài chính".into()))
        );
        assert_eq!(n(&["SỞ TỪ PHÁP"]).0, "Sở Tư pháp");
        assert_eq!(
            n(&["BỘ VĂN HOÁ, THÊ THAO VÀ DU LỊCH"]).0,
            "Bộ Văn hóa, Thể thao và Du lịch"
        );
        // A field the table does not have is written as the header has it.
        assert_eq!(n(&["CỤC AN TOÀN THỰC PHẨM"]).0, "Cục An toàn thực phẩm");
        // Only where the field opens the body's name.
        assert_eq!(n(&["TRUNG TÂM DỊCH VỤ THUÊ"]).0, "Trung tâm Dịch vụ thuê");
        let folded: std::collections::HashSet<&str> = FIELDS.iter().map(|f| f.0).collect();
        assert_eq!(folded.len(), FIELDS.len());
        for (f, written) in FIELDS {
            assert_eq!(fold_lower(written), f);
        }
    }

    #[test]
    fn a_level_without_its_place_takes_the_documents_province() {
        let i = issuer_name(&["UBND tỉnh"], Some("Lạng Sơn")).unwrap();
        assert_eq!(i.name, "UBND tỉnh Lạng Sơn");
        let i = issuer_name(&["Thanh tra tỉnh"], Some("Lạng Sơn")).unwrap();
        assert_eq!(i.name, "Thanh tra tỉnh Lạng Sơn");
        let i = issuer_name(&["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH"], Some("Hà Tĩnh")).unwrap();
        assert_eq!(i.name, "UBND tỉnh Hà Tĩnh");
        let i = issuer_name(&["UBND TỈNH LẠNG SƠN", "VĂN PHÒNG"], Some("Lạng Sơn")).unwrap();
        assert_eq!(i.name, "Văn phòng UBND tỉnh Lạng Sơn");
        assert_eq!(i.parent.as_deref(), Some("UBND tỉnh Lạng Sơn"));
    }
}
