//! Numbers spelled out in words: an amount or an area written again in words after its digits
//! (`3.750.000 đồng (bằng chữ: Ba triệu bảy trăm năm mươi nghìn đồng)`, `7.700m² (Bảy nghìn
//! bảy trăm mét vuông)`), as decisions on fines, land and budgets write them. Stripped, each
//! word has readings the model may prefer where its counts are thin (`bà triệu bẩy trăm`,
//! `một triều`, `chín trăm lĩnh sáu`); the words of a number follow a grammar the model does
//! not know. A run of words that parses as a number gives each word its numeral's reading:
//! for certain where the run says the number in digits before it, else at [`NUMERAL_ODDS`]
//! with the words around still weighing in; two words alone (`ba trạm y tế`) are left to the
//! model.

use rustc_hash::FxHashMap;

use super::model::Model;
use super::tokens::Token;
use super::verdict::Seen;
use super::Candidates;
use crate::text::syllable::canonical;

/// Log10 odds added to the reading a word has in a spelled-out number ([`Numerals`]); set
/// before measuring, as the odds that a run the grammar parses is a number.
const NUMERAL_ODDS: f32 = 1.0;

/// What a word's bare letters may be in a number written out.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    /// 1–9 (`mot` is *một*, or *mốt* after *mươi*).
    Digit(u8),
    /// *mười* (ten) or, after a digit, *mươi* (tens).
    Ten,
    /// *tư* (four) and *lăm* (five) after *mươi*, *mười*.
    Four,
    Five,
    /// *trăm*.
    Hundred,
    /// *nghìn*, *ngàn*, *triệu*, *tỷ*: the power of ten.
    Scale(u32),
    /// *linh*, *lẻ*: no tens, after hundreds or thousands.
    Zero,
    /// *không* before *trăm*.
    Nought,
}

/// The words of spelled-out numbers, by the first reading of their bare letters (each bare
/// form's readings are one slice of the model's: its first id names it).
#[derive(Clone, Default)]
pub(super) struct Numerals {
    by_bare: FxHashMap<u32, (Role, u32)>,
    /// *mươi*, *mốt*: the readings of `muoi`, `mot` after a digit, after *mươi*.
    tens: u32,
    one_after_tens: u32,
    /// The first readings of `dong`, `chan`, and *chẵn*: `đồng chẵn` after a sum.
    dong: Option<u32>,
    chan: Option<u32>,
    even: u32,
}

/// bare letters, the reading, its role.
const WORDS: [(&str, &str, Role); 20] = [
    ("mot", "một", Role::Digit(1)),
    ("hai", "hai", Role::Digit(2)),
    ("ba", "ba", Role::Digit(3)),
    ("bon", "bốn", Role::Digit(4)),
    ("nam", "năm", Role::Digit(5)),
    ("sau", "sáu", Role::Digit(6)),
    ("bay", "bảy", Role::Digit(7)),
    ("tam", "tám", Role::Digit(8)),
    ("chin", "chín", Role::Digit(9)),
    ("muoi", "mười", Role::Ten),
    ("tu", "tư", Role::Four),
    ("lam", "lăm", Role::Five),
    ("tram", "trăm", Role::Hundred),
    ("nghin", "nghìn", Role::Scale(3)),
    ("ngan", "ngàn", Role::Scale(3)),
    ("trieu", "triệu", Role::Scale(6)),
    ("ty", "tỷ", Role::Scale(9)),
    ("linh", "linh", Role::Zero),
    ("le", "lẻ", Role::Zero),
    ("khong", "không", Role::Nought),
];

impl Numerals {
    pub(super) fn new(model: &Model) -> Numerals {
        let id = |w: &str| canonical(w).and_then(|c| model.id(&c));
        let mut by_bare = FxHashMap::default();
        for (bare, reading, role) in WORDS {
            let first = model.candidates(bare).first();
            if let (Some(&first), Some(reading)) = (first, id(reading)) {
                by_bare.insert(first, (role, reading));
            }
        }
        let first = |bare: &str| model.candidates(bare).first().copied();
        match (id("mươi"), id("mốt"), id("chẵn")) {
            (Some(tens), Some(one_after_tens), Some(even)) => Numerals {
                by_bare,
                tens,
                one_after_tens,
                dong: first("dong"),
                chan: first("chan"),
                even,
            },
            // A model without them (a test's): no numbers are read.
            _ => Numerals::default(),
        }
    }

    /// Reads the runs of numerals in `lattice` ([`Numerals::close`]). A run is words with only
    /// spaces between them that the numbers' grammar lets follow one another
    /// ([`Numerals::reading`]); it is a number where it holds a hundred or a scale (`trăm`,
    /// `nghìn`, `triệu`, `tỷ`) after a digit, or stands alone in parentheses (`(ba mươi)`).
    pub(super) fn weigh(
        &self,
        text: &str,
        tokens: &[Token],
        seen: &[Seen],
        lattice: &mut [(u32, Candidates)],
    ) {
        if self.by_bare.is_empty() {
            return;
        }
        let role = |i: usize| {
            seen[i]
                .cands
                .first()
                .and_then(|first| self.by_bare.get(first).copied())
        };
        // The run being read: each word's index, reading and role.
        let mut run: Vec<(usize, u32, Role)> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let joined = run
                .last()
                .is_some_and(|&(j, _, _)| text[tokens[j].end..tokens[i].start].trim().is_empty());
            if !joined && !run.is_empty() {
                self.close(text, tokens, seen, &mut run, lattice);
            }
            let prev = run.last().map(|r| r.2);
            match role(i).and_then(|(r, reading)| self.reading(prev, r, reading, &run)) {
                Some(next) => {
                    run.push((i, next.0, next.1));
                    i += 1;
                }
                // The word cannot go on the run: the run ends before it, and the word may
                // start the next.
                None if prev.is_some() => self.close(text, tokens, seen, &mut run, lattice),
                None => i += 1,
            }
        }
        self.close(text, tokens, seen, &mut run, lattice);
    }

    /// The reading of a word of role `r` after a word of role `prev` in a run (`None`: the
    /// first of a run), and its role there; `None` where it cannot go on the run.
    fn reading(
        &self,
        prev: Option<Role>,
        r: Role,
        reading: u32,
        run: &[(usize, u32, Role)],
    ) -> Option<(u32, Role)> {
        // After *mươi* (not *mười*), `mot` is *mốt*.
        let after_tens = run.last().is_some_and(|l| l.1 == self.tens);
        use Role::*;
        match (prev, r) {
            (None, Digit(_) | Ten | Nought) => Some((reading, r)),
            (None, _) => None,
            (Some(Digit(_)), Digit(_) | Four | Five | Zero) => None,
            (Some(Digit(1)), Ten) => None,
            (Some(Digit(_)), Ten) => Some((self.tens, Ten)),
            (Some(Ten), Digit(1)) if after_tens => Some((self.one_after_tens, r)),
            (Some(Ten), Digit(_) | Four | Five) => Some((reading, r)),
            (Some(Four | Five), Digit(_) | Four | Five | Ten) => None,
            (Some(Ten), Ten | Zero | Nought) => None,
            (Some(Digit(_) | Nought), Hundred) => Some((reading, r)),
            (Some(Digit(_) | Ten | Four | Five | Hundred), Scale(_)) => Some((reading, r)),
            (Some(Scale(_)), Scale(_)) => Some((reading, r)),
            (Some(Hundred | Scale(_)), Zero) => Some((reading, r)),
            (Some(Hundred | Scale(_) | Zero), Digit(_) | Ten) => Some((reading, r)),
            (Some(Scale(_)), Nought) => Some((reading, r)),
            _ => None,
        }
    }

    /// Ends the run. Where it is a number, its words get their readings as a numeral:
    /// certainly where the run says the number written in digits just before it (`7.700m²
    /// (Bảy nghìn bảy trăm mét vuông)`), and the words of a sum's `đồng chẵn` after it; else
    /// at [`NUMERAL_ODDS`].
    fn close(
        &self,
        text: &str,
        tokens: &[Token],
        seen: &[Seen],
        run: &mut Vec<(usize, u32, Role)>,
        lattice: &mut [(u32, Candidates)],
    ) {
        // A run does not end on `linh`, `lẻ`, `không`: those need a digit after.
        while run
            .last()
            .is_some_and(|r| matches!(r.2, Role::Zero | Role::Nought))
        {
            run.pop();
        }
        if run.len() < 2 {
            run.clear();
            return;
        }
        let scaled = run.windows(2).any(|w| {
            matches!(w[1].2, Role::Hundred | Role::Scale(_))
                && matches!(w[0].2, Role::Digit(_) | Role::Ten | Role::Four | Role::Five)
        });
        let (first, last) = (&tokens[run[0].0], &tokens[run[run.len() - 1].0]);
        let bracketed = text[..first.start].trim_end().ends_with('(')
            && text[last.end..].trim_start().starts_with(')');
        if !scaled && !bracketed {
            run.clear();
            return;
        }
        let sure = self
            .value(run)
            .is_some_and(|v| digits_before(text, first.start) == Some(v));
        // Two words alone may be a count of things (`ba trạm`, `ba ngăn`): numerals only where
        // the digits before say so.
        if !sure && !bracketed && run.len() < 3 {
            run.clear();
            return;
        }
        let mut words: Vec<(usize, u32)> = run.iter().map(|r| (r.0, r.1)).collect();
        // `đồng chẵn`: a sum to the đồng.
        let after = run[run.len() - 1].0;
        let bare_is = |i: usize, first: Option<u32>| {
            first.is_some() && seen.get(i).and_then(|s| s.cands.first()).copied() == first
        };
        let joined = |i: usize| text[tokens[i].end..tokens[i + 1].start].trim().is_empty();
        if after + 2 < tokens.len()
            && bare_is(after + 1, self.dong)
            && bare_is(after + 2, self.chan)
            && joined(after)
            && joined(after + 1)
        {
            words.push((after + 2, self.even));
        }
        for (i, reading) in words {
            if let Some(cs) = lattice[i].1.as_mut() {
                if !cs.iter().any(|c| c.0 == reading) {
                    continue;
                }
                if sure {
                    cs.retain(|c| c.0 == reading);
                } else if let Some(c) = cs.iter_mut().find(|c| c.0 == reading) {
                    c.1 += NUMERAL_ODDS;
                }
            }
        }
        run.clear();
    }

    /// The number a run of words says, where the grammar gives it one.
    fn value(&self, run: &[(usize, u32, Role)]) -> Option<u64> {
        // The thousands so far, the hundreds, tens and ones below them, and a digit not yet
        // placed (before `trăm`, `mươi` or at the end).
        let (mut total, mut small, mut pending) = (0u64, 0u64, 0u64);
        let mut prev = None;
        for &(_, reading, role) in run {
            match role {
                Role::Digit(d) => pending = u64::from(d),
                Role::Four => pending = 4,
                Role::Five => pending = 5,
                Role::Ten if reading == self.tens => {
                    small += pending * 10;
                    pending = 0;
                }
                Role::Ten => small += 10,
                Role::Hundred => {
                    small += pending * 100;
                    pending = 0;
                }
                Role::Scale(p) => {
                    let scale = 10u64.checked_pow(p)?;
                    total = if matches!(prev, Some(Role::Scale(_))) {
                        total.checked_mul(scale)?
                    } else {
                        total.checked_add((small + pending).checked_mul(scale)?)?
                    };
                    (small, pending) = (0, 0);
                }
                Role::Zero | Role::Nought => {}
            }
            prev = Some(role);
        }
        total.checked_add(small + pending)
    }
}

/// The number written in digits just before `at` (`7.700m² (`, `3.750.000 đồng (bằng chữ:`),
/// its thousands separated by dots; `None` where there is none within a few words.
fn digits_before(text: &str, at: usize) -> Option<u64> {
    let from = text.floor_char_boundary(at.saturating_sub(48));
    let before = &text[from..at];
    let end = before.rfind(|c: char| c.is_ascii_digit())? + 1;
    let start = before[..end]
        .char_indices()
        .rfind(|&(_, c)| !(c.is_ascii_digit() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let digits: String = before[start..end]
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    // A date or a code before it is no sum: `ngày 12/3/2025 (`.
    if before[..start].ends_with(['/', '-']) || before[end..].starts_with(['/', '-']) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::restore::test_restorer;

    #[test]
    fn a_sum_in_words_after_its_digits_is_read_as_its_numerals() {
        let r = test_restorer();
        for (stripped, want) in [
            (
                "Tong so tien phai nop la 3.750.000 dong (bang chu: Ba trieu bay tram nam muoi nghin dong).",
                "(bằng chữ: Ba triệu bảy trăm năm mươi nghìn đồng)",
            ),
            (
                "Dien tich: 7.700m² (Bay nghin bay tram met vuong).",
                "(Bảy nghìn bảy trăm mét vuông)",
            ),
            (
                "So tien 906.000 dong (Chin tram linh sau nghin dong).",
                "(Chín trăm linh sáu nghìn đồng)",
            ),
            (
                "So tien 1.180.000 dong (Mot trieu mot tram tam muoi nghin dong).",
                "(Một triệu một trăm tám mươi nghìn đồng)",
            ),
            (
                "Kinh phi 265.000.000 dong (Hai tram sau muoi lam trieu dong chan).",
                "(Hai trăm sáu mươi lăm triệu đồng chẵn)",
            ),
            (
                "Tong cong 21 (hai muoi mot) ho gia dinh.",
                "21 (hai mươi mốt) hộ",
            ),
        ] {
            let out = r.restore(stripped).text;
            assert!(out.contains(want), "{want:?} not in {out}");
        }
    }

    #[test]
    fn two_numerals_alone_are_left_to_the_words_around() {
        // `ba trạm`, three stations, not three hundred: no digits say otherwise.
        let out = test_restorer()
            .restore("Xa co ba tram y te va hai tram bom.")
            .text;
        assert!(out.contains("ba trạm y tế"), "{out}");
    }

    #[test]
    fn the_grammar_says_what_number_a_run_is() {
        let r = test_restorer();
        let n = &r.numerals;
        let value = |words: &str| {
            let mut run: Vec<(usize, u32, Role)> = Vec::new();
            for w in words.split(' ') {
                let first = *r.model.candidates(w).first().unwrap();
                let (role, reading) = n.by_bare[&first];
                let prev = run.last().map(|x| x.2);
                let (reading, role) = n.reading(prev, role, reading, &run).unwrap();
                run.push((0, reading, role));
            }
            n.value(&run)
        };
        assert_eq!(value("bay nghin bay tram"), Some(7_700));
        assert_eq!(value("ba trieu bay tram nam muoi nghin"), Some(3_750_000));
        assert_eq!(value("chin tram linh sau nghin"), Some(906_000));
        assert_eq!(value("hai muoi mot"), Some(21));
        assert_eq!(value("muoi lam"), Some(15));
        assert_eq!(
            value("mot tram bon muoi nghin ty"),
            Some(140_000_000_000_000)
        );
        assert_eq!(value("hai nghin khong tram linh hai"), Some(2_002));
    }

    #[test]
    fn the_digits_before_are_a_sum_not_a_date() {
        assert_eq!(digits_before("7.700m² (", 9), Some(7_700));
        let t = "3.750.000 đồng (bằng chữ: ";
        assert_eq!(digits_before(t, t.len()), Some(3_750_000));
        let t = "ngày 12/3/2025 (";
        assert_eq!(digits_before(t, t.len()), None);
        assert_eq!(digits_before("không có số (", 16), None);
        // A digit inside a word OCR garbled, after a letter of two bytes (German OCR's
        // `Mö6t` for *Một*): its digits, not a slice through the letter.
        let t = "döng (bang chik: Mö6";
        assert_eq!(digits_before(t, t.len()), Some(6));
        let r = test_restorer();
        let line = "phat: 160.000.000 döng (bang chik: Mö6t träm sáu muoi trieu döng)\n";
        assert_eq!(r.restore(line).text.lines().count(), 1);
    }
}
