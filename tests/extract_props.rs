//! Properties of extraction on arbitrary text: it never panics, whatever OCR produced.

use proptest::prelude::*;
use vanthu::extract::extract;
use vanthu::number::parse_number;
use vanthu::source::sniff;

/// Text made of the pieces real documents and garbled OCR are made of: Vietnamese words,
/// numbers, dates, punctuation, multi-byte symbols OCR invents, and line breaks.
fn docish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Số:".to_string()),
        Just("ngày".to_string()),
        Just("tháng".to_string()),
        Just("năm".to_string()),
        Just("Thực hiện".to_string()),
        Just("Căn cứ".to_string()),
        Just("Kế hoạch số".to_string()),
        Just("Nghị quyết".to_string()),
        Just("UBND TỈNH TÂY LĨNH".to_string()),
        Just("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_string()),
        Just("Nơi nhận:".to_string()),
        Just("KT. CHỦ TỊCH".to_string()),
        "[0-9]{1,6}",
        "[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}",
        "[0-9]{1,4}[-/][A-ZĐa-z]{1,5}[-/][A-ZĐ]{1,8}",
        "[0-9]{1,3}/20[0-9]{2}/[A-ZĐ]{1,3}-[A-Z]{1,5}",
        "[‹©§—“”…ø°ÂĐƠƯăêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ.,;:/()-]{1,4}",
        "[a-zA-Z]{1,8}",
        // What OCR does to numbers and dates: `số` read otherwise, a digit set apart, QĐ read
        // with a zero, a garbled day; and spaces wider than a byte before them.
        Just("\u{a0}số".to_string()),
        Just("\u{3000}s6".to_string()),
        Just("56".to_string()),
        "[0-9]",
        "0[0O]?(BD|[BDĐ])-[A-Z]{1,5}",
        Just("ngay 3 1/08/2015".to_string()),
        Just("ngày OF tháng 02 năm 2025".to_string()),
        Just("Úy BAN NHÂN DÂN".to_string()),
        Just("- Lưu: VT.".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(".".to_string()),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn extraction_never_panics(text in docish()) {
        let r = extract(&text, None);
        // Every span lies on character boundaries of the text it was read from.
        for [a, b] in r.spans.values().copied().chain(r.cites.iter().flat_map(|c| c.spans.clone())) {
            prop_assert!(a <= b && b <= r.text.len(), "{a}..{b} of {}", r.text.len());
            prop_assert!(r.text.is_char_boundary(a) && r.text.is_char_boundary(b));
        }
    }

    #[test]
    fn any_unicode_is_survived(text in "\\PC{0,400}") {
        let _ = extract(&text, None);
        let _ = parse_number(&text);
        let _ = sniff(text.as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    /// Any bytes at all — random, or a text's bytes cut and spliced with Latin-1 and
    /// legacy-encoding characters — are sniffed and read as text or refused, never a panic.
    #[test]
    fn any_bytes_are_read_or_refused(
        raw in proptest::collection::vec(any::<u8>(), 0..400),
        text in "\\PC{0,80}",
        cut in 0usize..200,
    ) {
        let p = std::path::Path::new("x.txt");
        let _ = vanthu::source::read_text(p, &raw);
        let mut spliced = text.as_bytes().to_vec();
        spliced.truncate(cut.min(spliced.len()));
        spliced.extend_from_slice(&raw);
        let _ = vanthu::source::sniff(&spliced);
        if let Ok(t) = vanthu::source::read_text(p, &spliced) {
            prop_assert_eq!(vanthu::text::nfc(&t.text), t.text.clone());
        }
    }
}
