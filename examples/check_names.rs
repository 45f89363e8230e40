//! Reads names, one a line, and prints what the names table says of each.
//!
//!     cargo run --release --example check_names < names.txt
//!         each name as OCR might read it with its marks (`Restorer::check_name`): `=` left
//!         as it is, `>` mended, `?` in doubt;
//!     cargo run --release --example check_names -- --restored < names.txt
//!         each name stripped of its marks and restored under a title (`CHỦ TỊCH`), then
//!         weighed as ingest weighs a restored signer (`Restorer::name_doubt`): how many come
//!         out right, how many wrong in review, how many wrong silently, before and after.

use std::io::BufRead;

use vanthu::restore::{dictionaries_dir, Restorer, UNSURE};
use vanthu::text::fold;

fn main() -> anyhow::Result<()> {
    let r = Restorer::load(&dictionaries_dir())?;
    let restored = std::env::args().any(|a| a == "--restored");
    let (mut same, mut mended, mut doubted) = (0, 0, 0);
    // [right, wrong in review, wrong silently, right in review], before and after.
    let (mut before, mut after) = ([0; 4], [0; 4]);
    for line in std::io::stdin().lock().lines() {
        let name = line?.trim().to_string();
        if name.is_empty() {
            continue;
        }
        if restored {
            let stripped: String = name
                .split(' ')
                .map(|w| {
                    let f = fold(w);
                    let mut c = f.chars();
                    c.next()
                        .map(|h| h.to_uppercase().collect::<String>() + c.as_str())
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join(" ");
            let head = "CHỦ TỊCH\n";
            let out = r.restore_detailed(&format!("{head}{stripped}\n"));
            let mut words: Vec<String> = out.text[head.len()..]
                .split_whitespace()
                .map(str::to_string)
                .collect();
            let mut flagged = false;
            let mut flagged_after = false;
            let changes = out.unsure(f32::INFINITY);
            for (i, w) in words.iter_mut().enumerate() {
                let Some((_, c)) = changes.iter().find(|(_, c)| &c.to == w) else {
                    continue;
                };
                let unsure = c.confidence.is_some_and(|p| p < UNSURE);
                flagged |= unsure;
                flagged_after |= unsure;
                if let Some(d) = r.name_doubt(&c.to, i == 0) {
                    flagged_after = true;
                    if d.mend {
                        *w = d.other;
                    }
                }
            }
            let got_before: Vec<&str> = out.text[head.len()..].split_whitespace().collect();
            let tally = |t: &mut [i32; 4], right: bool, flagged: bool| {
                t[match (right, flagged) {
                    (true, false) => 0,
                    (false, true) => 1,
                    (false, false) => 2,
                    (true, true) => 3,
                }] += 1
            };
            let right_before = got_before.join(" ") == name;
            let right_after = words.join(" ") == name;
            tally(&mut before, right_before, flagged);
            tally(&mut after, right_after, flagged_after);
            if !right_after || right_before != right_after {
                println!("{name}: {} → {}", got_before.join(" "), words.join(" "));
            }
            continue;
        }
        match r.check_name(&name) {
            None => {
                same += 1;
                println!("= {name}");
            }
            Some(c) => {
                mended += usize::from(!c.mended.is_empty());
                doubted += usize::from(!c.doubts.is_empty());
                let mark = if c.mended.is_empty() { '?' } else { '>' };
                println!("{mark} {name} → {} {:?} {:?}", c.name, c.mended, c.doubts);
            }
        }
    }
    if restored {
        for (what, t) in [("before", before), ("after", after)] {
            eprintln!(
                "{what}: right {}, right in review {}, wrong in review {}, wrong silently {}",
                t[0], t[3], t[1], t[2]
            );
        }
    } else {
        eprintln!("{same} as they are, {mended} mended, {doubted} in doubt");
    }
    Ok(())
}
