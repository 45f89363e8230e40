//! The decoder's settings from the environment, for a sweep or a speed comparison: `BEAM=N`,
//! `PRUNE=X`, `AHEAD_MARGIN=X`, `DOC_WEIGHT=X` (log10; 0 turns the document's evidence off),
//! each the field of `Restorer` of that name.
use vanthu::restore::Restorer;

pub fn from_env(r: &mut Restorer) -> anyhow::Result<()> {
    let setting = |name: &str| std::env::var(name).ok().map(|v| v.parse::<f32>());
    if let Some(v) = setting("BEAM") {
        r.beam = v? as usize;
    }
    if let Some(v) = setting("PRUNE") {
        r.prune = v?;
    }
    if let Some(v) = setting("AHEAD_MARGIN") {
        r.ahead_margin = v?;
    }
    if let Some(v) = setting("DOC_WEIGHT") {
        r.doc_weight = v?;
    }
    Ok(())
}
