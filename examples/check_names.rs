//! Reads names, one a line, and prints what the names table says of each's marks
//! ([`Restorer::check_name`]): `=` left as it is, `>` mended, `?` in doubt.
//!
//!     cargo run --release --example check_names < names.txt

use std::io::BufRead;

use vanthu::restore::{dictionaries_dir, Restorer};

fn main() -> anyhow::Result<()> {
    let r = Restorer::load(&dictionaries_dir())?;
    let (mut same, mut mended, mut doubted) = (0, 0, 0);
    for line in std::io::stdin().lock().lines() {
        let name = line?;
        match r.check_name(name.trim()) {
            None => {
                same += 1;
                println!("= {name}");
            }
            Some(c) => {
                if !c.mended.is_empty() {
                    mended += 1;
                }
                if !c.doubts.is_empty() {
                    doubted += 1;
                }
                println!(
                    "{} {name} → {} {:?} {:?}",
                    if c.mended.is_empty() { '?' } else { '>' },
                    c.name,
                    c.mended,
                    c.doubts
                );
            }
        }
    }
    eprintln!("{same} as they are, {mended} mended, {doubted} in doubt");
    Ok(())
}
