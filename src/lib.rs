//! vanthu digitises Vietnamese administrative documents — plans, resolutions, notices,
//! decisions, letters — and makes them findable by number and traceable through the chain of
//! documents that implement each other.
//!
//! Three floors, each importing only those below it:
//!
//! - **Vocabulary**, what every stage speaks: [`text`] (letters, folding, words, syllables),
//!   [`number`] (document numbers and their [`number::DocKey`]), [`date`], [`issuer`] (a
//!   body's name from its header lines), [`dict`] (the tables in `dictionaries/`), and
//!   [`record`] (the record, its citations, the page type).
//! - **Stages**, side by side, none importing another: [`source`] reads a file's bytes into
//!   text or page images, [`ocr`] reads page images, [`restore`] puts back tone marks,
//!   [`extract`] reads the record (number, date, issuer, type, subject, signer, recipients,
//!   citations) from the text, [`archive`] keeps records in a tantivy index that is
//!   searched and walked as a citation graph, and [`pdfa`] writes a scan back as a
//!   searchable PDF/A.
//! - **Top**: [`pipeline`] wires the stages over many files in parallel; [`print`] renders
//!   for people; the `vanthu` binary gives each command one function.

pub mod archive;
pub mod date;
pub mod dict;
pub mod extract;
pub mod issuer;
pub mod number;
pub mod ocr;
pub mod pdfa;
pub mod pipeline;
pub mod print;
pub mod record;
pub mod restore;
pub mod serve;
pub mod source;
pub mod text;
