//! vanthu digitises Vietnamese administrative documents — plans, resolutions, notices,
//! decisions, letters — and makes them findable by number and traceable through the chain of
//! documents that implement each other.
//!
//! One document's way: [`source`] reads a file's bytes into text, [`extract`] reads the
//! record (number, date, issuer, type, subject, signer, recipients, citations) from the text,
//! and [`archive`] keeps records in a tantivy index that is searched and walked as a citation
//! graph. [`pipeline`] runs those stages over many files in parallel. Each stage is a plain
//! function of its input; they share the types of [`record`].

pub mod archive;
pub mod dict;
pub mod extract;
pub mod ocr;
pub mod pipeline;
pub mod record;
pub mod restore;
pub mod source;
pub mod text;
