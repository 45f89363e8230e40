//! The types every stage shares: a document's record, its identity ([`DocKey`]), its
//! citations and their [`Relation`]. A record serialises to one JSON object per line with a
//! stable schema: it is the hand-off format between the per-file stages and the archive.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use crate::date::Date;
pub use crate::number::DocKey;
pub use crate::text::Span;

/// The hex sha256 of some bytes: a file's identity in the archive.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A page's pixels, as a source decodes or renders them and OCR reads them: 8-bit samples,
/// grey (1 channel) or RGB (3), rows packed.
#[derive(Clone)]
pub struct PageImage {
    pub width: u32,
    pub height: u32,
    pub channels: u8,
    pub data: Vec<u8>,
    /// The resolution the file records, if any.
    pub dpi: Option<u32>,
    /// Words the file itself gives over the image, exactly: the number and day a clerk's
    /// signature writes into the header's blanks (see `source::fillers`). OCR takes them as
    /// they are.
    pub known: Vec<KnownWord>,
}

/// A word drawn over a page image whose text the file gives: where (pixels `[x, y, w, h]`).
#[derive(Clone, Debug, PartialEq)]
pub struct KnownWord {
    pub text: String,
    pub bbox: [u32; 4],
}

impl fmt::Debug for PageImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PageImage({}×{}×{}, {:?} dpi)",
            self.width, self.height, self.channels, self.dpi
        )
    }
}

/// One page of a scan, as its source gives it.
#[derive(Debug)]
pub enum Page {
    /// A PDF page's own text layer.
    Text(String),
    Image(PageImage),
    /// A PDF page whose text layer was passed over, rendered for OCR, and why.
    Reread(PageImage, String),
}

/// What a citing document does to the document it cites, strongest first: when one document
/// cites another several times, the edge keeps the strongest relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    Implements,
    Amends,
    Replaces,
    Repeals,
    Corrects,
    Guides,
    Replies,
    Basis,
    Attached,
    References,
}

impl Relation {
    pub const ALL: [Relation; 10] = [
        Relation::Implements,
        Relation::Amends,
        Relation::Replaces,
        Relation::Repeals,
        Relation::Corrects,
        Relation::Guides,
        Relation::Replies,
        Relation::Basis,
        Relation::Attached,
        Relation::References,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Implements => "implements",
            Relation::Amends => "amends",
            Relation::Replaces => "replaces",
            Relation::Repeals => "repeals",
            Relation::Corrects => "corrects",
            Relation::Guides => "guides",
            Relation::Replies => "replies",
            Relation::Basis => "basis",
            Relation::Attached => "attached",
            Relation::References => "references",
        }
    }

    /// Whether the citing text changes what it cites (amends, replaces, repeals, corrects).
    pub fn changes(self) -> bool {
        matches!(
            self,
            Relation::Amends | Relation::Replaces | Relation::Repeals | Relation::Corrects
        )
    }

    pub fn parse(s: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a record was read from a file, or is known only from what cites it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ingested,
    Stub,
}

/// Where an ingested record came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub path: String,
    pub sha256: String,
    /// The file's kind as sniffed from its bytes (`text/utf-8`, …).
    pub kind: String,
    pub bytes: u64,
}

/// One cited document, as one citing document speaks of it. Mentions of the same number in
/// one document are one citation with several spans.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub key: DocKey,
    /// The number as first written (whitespace removed): `57-NQ/TW`.
    pub number: String,
    pub relation: Relation,
    /// Type name from the number's type code or the words before it.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The issuer as the citing text writes it (`Ban Thường vụ Tỉnh ủy`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// When the citation sits inside the description of another cited document
    /// ("Kế hoạch 242-KH/TU … thực hiện Nghị quyết 57-NQ/TW"): that document's key, and what
    /// the text says it does to this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<DocKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via_relation: Option<Relation>,
    pub spans: Vec<Span>,
}

/// Everything known of one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub key: DocKey,
    /// The document's own number as written (`160/KH-UBND`); none when blank or missing.
    pub number: Option<String>,
    /// The symbol part when the number itself is blank (`Số:      /VP-KGVX` → `VP-KGVX`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    pub status: Status,
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// ISO date, `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when the document leaves part blank.
    pub date: Option<Date>,
    pub place: Option<String>,
    pub issuer: Option<String>,
    /// The issuer as a name, from the header as written (`ỦY BAN NHÂN DÂN` / `TỈNH HÀ TĨNH`
    /// → `UBND tỉnh Hà Tĩnh`; `BỘ TÀI CHÍNH` / `CỤC THUẾ` → `Cục Thuế`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_name: Option<String>,
    /// The body the header names above the issuer (`Bộ Tài chính`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_parent: Option<String>,
    /// The province whose series the number belongs to (`Lạng Sơn`), when known.
    pub locality: Option<String>,
    pub subject: Option<String>,
    pub signer: Option<String>,
    /// The signer's authority and position lines (`KT. CHỦ TỊCH / PHÓ CHỦ TỊCH`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer_title: Option<String>,
    #[serde(default)]
    pub recipients: Vec<String>,
    pub cites: Vec<Citation>,
    /// Byte spans in `text` of the fields above (`number`, `date`, `issuer`, …).
    #[serde(default)]
    pub spans: BTreeMap<String, Span>,
    pub source: Option<Source>,
    /// The text the fields were read from (restored, when restoration changed it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// What tone-mark restoration did, when it changed anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restoration: Option<Restoration>,
    /// How the text came out of a scan (PDF, TIFF, PNG, JPEG): page by page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan: Option<Scan>,
    /// The fields vanthu is unsure of, for a person to check: a number or date read with
    /// doubt from a scan, a date taken from a digital signature.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub review: Vec<Review>,
    /// What a person confirmed or corrected (`vanthu serve --allow-edits`): the fields above
    /// already hold the values given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
    /// For a document whose own number is missing: the cited document it was found to be.
    /// Set when the record is shown, never stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identified_as: Option<Identified>,
}

/// The version of the JSON-lines export format (`docs/record-schema.md`).
pub const EXPORT_VERSION: u32 = 1;

/// One line of `vanthu export`: a record, marked with the format's version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportLine {
    pub vanthu_record: u32,
    #[serde(flatten)]
    pub record: Record,
}

/// A numberless document identified with a document that others cite by number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Identified {
    /// The key the citations use (`160-KH-UBND@?:2025`).
    pub key: DocKey,
    pub number: String,
    /// 0–1.
    pub confidence: f32,
    /// Why, in words.
    pub evidence: Vec<String>,
}

impl Eq for Identified {}

/// How a scan's text was obtained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scan {
    /// The OCR engine and version (`tesseract 5.3.0`), when any page was OCR'd.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// The OCR language (`vie`), when any page was OCR'd.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    pub page_count: usize,
    pub pages: Vec<PageInfo>,
    /// The PDF's digital signatures, in the file's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatures: Vec<Signature>,
    /// The searchable PDF/A written for the scan (`--pdf-out`), or why none was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdfa: Option<PdfaOut>,
}

/// A searchable PDF/A written from a scan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdfaOut {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Why none was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A digital signature embedded in a PDF, as its certificate and signature dictionary say.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// The certificate subject's common name (`Ủy ban nhân dân tỉnh Quảng Ngãi`, or a
    /// person's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    /// The subject's organisation and place (`O`, `L`, `ST`), joined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// When it was signed: ISO 8601 with the signer's offset (`2025-02-06T16:03:18+07:00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Signature {
    /// The signing day, `YYYY-MM-DD`, in the signer's own time zone.
    pub fn day(&self) -> Option<Date> {
        let t = self.time.as_deref()?;
        Date::parse_user(t.get(..10)?)
    }
}

/// A field vanthu is unsure of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// `number`, `date`, …
    pub field: String,
    /// Why, in words: what was read, what else it might be.
    pub reason: String,
    /// 1-based page, when the doubt is about something on a page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    /// The words' box on that page, in pixels of the page as read: `[x, y, width, height]`.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "box")]
    pub bbox: Option<[u32; 4]>,
}

impl Review {
    /// A doubt about what the text says, on no page in particular.
    pub fn of_text(field: impl Into<String>, reason: impl Into<String>) -> Review {
        Review {
            field: field.into(),
            reason: reason.into(),
            page: None,
            bbox: None,
        }
    }

    /// A doubt about something on a page (1-based), where no box of it is known.
    pub fn on_page(field: impl Into<String>, reason: impl Into<String>, page: usize) -> Review {
        Review {
            page: Some(page),
            ..Review::of_text(field, reason)
        }
    }
}

/// A person's word on a field: its value confirmed or corrected, when and by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    /// `number`, `date`, `type`, `place`, `issuer`, `subject` or `signer`.
    pub field: String,
    /// The value given (a confirmation gives the value read).
    pub value: String,
    /// What vanthu had read when the person spoke.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub was: Option<String>,
    /// RFC 3339, UTC.
    pub when: String,
    /// The name the person typed.
    pub by: String,
}

/// One page of a scan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageInfo {
    /// 1-based.
    pub page: usize,
    /// `ocr`, or `text-layer` for a PDF page whose own text was read.
    pub method: Method,
    /// Mean word confidence of the OCR, 0–100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<u8>,
    /// Degrees the page was turned clockwise to read it upright.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rotation: u16,
    /// The resolution the page was read at, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dpi: Option<u32>,
    /// How a colour page was made grey for OCR: `red` (red ink fades: seals, signatures) or
    /// `luma`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grey: Option<String>,
    /// Why the page was read the way it was, when there was a choice: a text layer kept or
    /// OCR'd again, a resolution that had to be assumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How a page's text was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Read by OCR from the page's image.
    Ocr,
    /// A PDF page's own text layer.
    TextLayer,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Ocr => "ocr",
            Method::TextLayer => "text-layer",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// For `skip_serializing_if`: a count or number that is zero is left out.
pub(crate) fn is_zero<T: Default + PartialEq>(n: &T) -> bool {
    *n == T::default()
}

/// Tone-mark restoration applied to a record's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restoration {
    pub lines_restored: usize,
    pub words_changed: usize,
    /// The text as it was read, before restoration.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub original: String,
    /// The words restoration was unsure of (under `restore::UNSURE`), in the record's text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doubts: Vec<Doubt>,
}

/// A word restored with doubt: where it stands in the record's text, what was read, how sure
/// restoration was (percent) and the likeliest other reading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Doubt {
    pub span: [usize; 2],
    pub from: String,
    pub to: String,
    pub confidence: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_order_strongest_first_and_round_trip() {
        assert!(Relation::Implements < Relation::Basis);
        assert!(Relation::Basis < Relation::References);
        for r in Relation::ALL {
            assert_eq!(Relation::parse(r.as_str()), Some(r));
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.as_str()));
        }
        for m in [Method::Ocr, Method::TextLayer] {
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{m}\""));
            assert_eq!(serde_json::from_str::<Method>(&json).unwrap(), m);
        }
    }

    #[test]
    fn dates_are_written_in_iso_form_and_read_back() {
        for iso in ["2025-06-14", "2025-06", "2025"] {
            let d: Date = serde_json::from_str(&format!("\"{iso}\"")).unwrap();
            assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{iso}\""));
        }
        assert!(serde_json::from_str::<Date>("\"2025-13-01\"").is_err());
        // Ordered as the ISO strings are.
        let mut ds: Vec<Date> = ["2025-06-14", "2024", "2025-06", "2025-12-01", "2025"]
            .iter()
            .map(|s| Date::parse_user(s).unwrap())
            .collect();
        ds.sort();
        let isos: Vec<String> = ds.iter().map(Date::iso).collect();
        let mut sorted = isos.clone();
        sorted.sort();
        assert_eq!(isos, sorted);
    }
}
