//! The tantivy schema of an archive and the two analysers of Vietnamese text: exact
//! (lowercase, marks kept) and folded (lowercase, marks and đ removed).

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::Index;

pub const EXACT: &str = "vi_exact";
pub const FOLDED: &str = "vi_folded";

/// The fields of a record document.
#[derive(Clone, Copy)]
pub struct Fields {
    /// The record's key (raw).
    pub key: Field,
    /// The unscoped normalised number (raw), to find a record however its number is typed.
    pub number_key: Field,
    /// The number and symbol, tokenised, for partial searches (`KH-UBND`).
    pub number_text: Field,
    pub sha256: Field,
    pub path: Field,
    /// The type name, folded (raw): `ke hoach`.
    pub doc_type: Field,
    /// Issuer and locality, folded and tokenised.
    pub issuer: Field,
    /// `YYYYMMDD`, 00 for unknown parts.
    pub date: Field,
    /// Keys of cited documents (raw, one value each).
    pub cites: Field,
    /// Unscoped numbers of cited documents (raw).
    pub cites_number: Field,
    /// Keys of cited documents that this record says cite others (`via`).
    pub via: Field,
    pub subject: Field,
    pub subject_folded: Field,
    pub body: Field,
    pub body_folded: Field,
    /// The whole record as JSON.
    pub record: Field,
    /// The issuer's name as the record gives it (`UBND tỉnh Tây Lĩnh`; raw, fast: the search
    /// page counts by it). None in an archive made before it existed (export and import it).
    pub issuer_name: Option<Field>,
    /// The province or city of the issuer (`Tây Lĩnh`; raw, fast), for a local body's record.
    pub province: Option<Field>,
}

fn text(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

pub fn build() -> (Schema, Fields) {
    build_as(true)
}

/// The schema, with the fields added later (`later`) or as the first archives had it.
fn build_as(later: bool) -> (Schema, Fields) {
    let mut b = Schema::builder();
    let f = Fields {
        key: b.add_text_field("key", STRING | STORED),
        number_key: b.add_text_field("number_key", STRING),
        number_text: b.add_text_field("number_text", text(FOLDED)),
        sha256: b.add_text_field("sha256", STRING | STORED),
        path: b.add_text_field("path", STRING | STORED),
        doc_type: b.add_text_field("type", STRING),
        issuer: b.add_text_field("issuer", text(FOLDED)),
        date: b.add_i64_field("date", INDEXED | FAST),
        cites: b.add_text_field("cites", STRING),
        cites_number: b.add_text_field("cites_number", STRING),
        via: b.add_text_field("via", STRING),
        subject: b.add_text_field("subject", text(EXACT)),
        subject_folded: b.add_text_field("subject_folded", text(FOLDED)),
        body: b.add_text_field("body", text(EXACT)),
        body_folded: b.add_text_field("body_folded", text(FOLDED)),
        record: b.add_text_field("record", STORED),
        // Added after the first archives were made: last, so that the fields before keep
        // their ids, and looked up by name in an archive's own schema ([`fields_of`]).
        issuer_name: later.then(|| b.add_text_field("issuer_name", STRING | FAST)),
        province: later.then(|| b.add_text_field("province", STRING | FAST)),
    };
    (b.build(), f)
}

/// The fields of an archive's own schema: as [`build`] makes them, but the later ones only
/// where the archive has them.
pub fn fields_of(schema: &Schema) -> Fields {
    let (_, mut f) = build();
    f.issuer_name = schema.get_field("issuer_name").ok();
    f.province = schema.get_field("province").ok();
    f
}

/// Registers the analysers on an index (needed every time one is opened).
pub fn register_tokenizers(index: &Index) {
    let exact = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build();
    let folded = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    index.tokenizers().register(EXACT, exact);
    index.tokenizers().register(FOLDED, folded);
}

/// The tokens an analyser makes of `s` (NFC first, as everything indexed is).
pub fn tokens(index: &Index, tokenizer: &str, s: &str) -> Vec<String> {
    let mut an = index
        .tokenizers()
        .get(tokenizer)
        .expect("analysers are registered on open");
    let nfc = crate::text::nfc(s);
    let mut ts = an.token_stream(&nfc);
    let mut out = Vec::new();
    while ts.advance() {
        out.push(ts.token().text.clone());
    }
    out
}

/// The schema of an archive made before issuers and provinces were indexed, for tests.
#[cfg(test)]
pub fn build_first() -> Schema {
    build_as(false).0
}
