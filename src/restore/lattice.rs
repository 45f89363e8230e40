//! Each word's readings, the lattice the decoder chooses from: what its bare letters can be
//! (the lexicon), what OCR may have done to its letters (the channel, Vietnamese OCR's dropped
//! tones and hats, digits for a word), what a name, a place, a code or a number beside it
//! says, and which words stay as written (abbreviations, codes, letters spelled out, formulas,
//! document numbers). Knows nothing of how the readings are chosen ([`super::decode`]).

use std::ops::Range;

use smallvec::SmallVec;

use super::case::{case_in, Case};
use super::model::UNK;
use super::names;
use super::tokens::{line_runs, roman_heading, roman_numeral, Token};
use super::verdict::{Kind, OcrReadings, Scratch, Seen};
use super::{Candidates, Origin, Readings, Restorer};
use crate::number::Found;
use crate::text::syllable::{canonical, Letter, Tone};
use crate::text::{fold_lower, is_word_char};

/// Weight of a name's evidence ([`Restorer::add_names`]), log10.
const NAME_WEIGHT: f32 = 1.0;

/// Smoothing of a name's evidence, in names.
const NAME_PRIOR: f32 = 10.0;

/// How many syllables a token of English OCR may be with a marked vowel it dropped, at most,
/// the most frequent ([`super::channel::Channel::dropped_vowel_readings`]): a token of two
/// letters has dozens (`dt`: *đạt*, *đất*, *đặt*… *đột*; `Tn`: *Tôn* among them). Swept 2,
/// 4, 8, 12, 16, 24, 32 on the real pages' English OCR at 300, 200 and 150 dpi, the seeds'
/// and the fixtures' renders: gains up to 16 (`tăng giá đột biến`, `Tôn giáo`, `Ban cán sự`),
/// none after; restoring OCR no slower.
const DROPPED_VOWEL_READINGS: usize = 16;

/// The odds, log10, of a word of OCR'd text being as written, against the channel's readings
/// of its letters, where it is a foreign name's beside another ([`foreign_beside`]) or a
/// capital and digits ([`capital_and_digits`]): even, the model and the words around decide,
/// and a change must be sure ([`super::DIGIT_WORD_SURE`]).
const FOREIGN_ODDS: f32 = 0.0;

/// How many readings a token of English OCR gets from its letters, at most, the likeliest by
/// channel and unigram ([`super::channel::Channel::by_letters`]). The reading a phrase needs
/// is often a rare syllable the letters allow less well than common ones (`dén` in `Tết
/// Nguyên dén`: *đến*, *để*, *đề*… before *đán*; `Nham Dan` for *Nhâm Dần*, `tay` for *túy*).
/// Swept 8, 12, 16, 24, 32 on the real pages' English OCR at 300, 200 and 150 dpi, the seeds'
/// and the fixtures' renders: every set gained up to 16 and none after 24; 16 is the least
/// of those at the full gain (restoring OCR 10% slower than at 8).
const LETTER_READINGS: usize = 16;

/// Whether the marks the observed letters keep are all in the candidate: `quyet` and `quyét`
/// fit `quyết`; `quyết` fits only itself.
fn fits(obs: &[Letter], obs_tone: Tone, cand: &[Letter], cand_tone: Tone) -> bool {
    (obs_tone == Tone::Level || obs_tone == cand_tone)
        && obs.len() == cand.len()
        && obs
            .iter()
            .zip(cand)
            .all(|(o, c)| o.marked == c.marked || o.marked == c.bare)
}

/// Per token, whether it starts a line that is a name alone: two to four capitalised
/// syllables of two letters or more, single spaces between them and nothing else on the line
/// (a signature's `Đinh Thu Trang`, `Trần Phước Hiền`).
fn name_lines(text: &str, tokens: &[Token], seen: &[Seen]) -> Vec<bool> {
    let mut out = vec![false; tokens.len()];
    for run in line_runs(tokens) {
        let (i, end) = (run.start, run.end);
        let alone = {
            let (first, last) = (&tokens[i], &tokens[end - 1]);
            let before = text[..first.start].rsplit('\n').next().unwrap_or("");
            let after = text[last.end..].split('\n').next().unwrap_or("");
            before.trim().is_empty() && after.trim().is_empty()
        };
        let name = (2..=4).contains(&(end - i))
            && alone
            && (i..end).all(|j| {
                // (Not `Phần I`, `Chương V`: a part's heading and its numeral.)
                let t = &tokens[j];
                seen[j].case == Some(Case::Title)
                    && seen[j].tone.is_some()
                    && text[t.start..t.end].chars().nth(1).is_some()
            })
            && (i..end - 1).all(|j| &text[tokens[j].end..tokens[j + 1].start] == " ");
        out[i] = name;
    }
    out
}

/// Whether only spaces stand between tokens `a` and `b` (no comma, no line break: they are on
/// one line).
pub(super) fn spaces_between(text: &str, a: &Token, b: &Token) -> bool {
    text[a.end..b.start].bytes().all(|c| c == b' ')
}

/// The runs of capitalised words that follow a word in lower case on their line, spaces
/// alone between them (`xã Nghĩa Kỳ`, `thôn An Hội Nam`): a place's name where that word is
/// one for a place ([`Restorer::one_name`]). At most [`names::MAX_GIVEN`] words and one more.
/// (Runs in capitals after a word in capitals, `TỈNH TÂY LĨNH`, joined too, lost more than
/// they won: a heading says little of its words.)
pub(super) fn place_runs(text: &str, tokens: &[Token], seen: &[Seen]) -> Vec<Range<usize>> {
    let spaced = |a: usize| {
        let (t, n) = (&tokens[a], &tokens[a + 1]);
        !t.boundary_after && spaces_between(text, t, n)
    };
    let title = |i: usize| seen[i].case == Some(Case::Title);
    let mut runs = Vec::new();
    let mut i = 1;
    while i < tokens.len() {
        if title(i) && seen[i - 1].case == Some(Case::Lower) && spaced(i - 1) {
            let mut end = i + 1;
            while end < tokens.len() && end - i <= names::MAX_GIVEN && title(end) && spaced(end - 1)
            {
                end += 1;
            }
            runs.push(i..end);
            i = end;
        } else {
            i += 1;
        }
    }
    runs
}

/// Log10 odds added to a syllable that a token of digits may stand for (`6` for *ở*,
/// [`Restorer::digits_for_word`]) against the number as written, on top of the channel's
/// share of that syllable among the token's readings (which says nothing of how often the
/// token is a number). English OCR writes *ở* and *là* as `6` and `14` so often that the
/// share understates them: swept over −1, 0, 0.5, 1 and 1.5 on the channel's own real pages,
/// the seeds and the fixtures rendered, 0.5 and up gained the same and no number became a
/// word; 0.5 is the least of those. A number stays one unless the words around are sure of
/// the syllable ([`super::DIGIT_WORD_SURE`]).
const DIGIT_WORD_ODDS: f32 = 0.5;

/// How many of a bare word's readings the decoder weighs, the most frequent in the training
/// text first. Most of the genre's words have fewer; the commonest letters have up to 24
/// (`doi`, `dang`, `van`), and their rarer readings are the ones general text needs in its
/// set phrases: *dồi dào*, *dữ dội*, *muỗi vằn*, *vị đắng*, *đậy nắp* (frequent in the
/// Pháp điển are *chặt chẽ*, *đảng*, *đẳng*). Held out, 0.06% of Wikipedia's syllables and
/// 0.005% of the Công báo's have a reading past the 12th. Weighing 16 rather than 12: held-out
/// Wikipedia 96.69 → 96.72% (54 words better, 13 worse), shuffled 96.11 → 96.14% (60 / 12),
/// Công báo 3 / 1, the stripped real pages 0 / 2 (*đầm ấm* after a year read *dặm ấm*), the
/// OCR sets unchanged; 3% more instructions.
pub const READINGS: usize = 16;

/// Log10 odds of a tone above a hat that OCR with the Vietnamese model may have dropped
/// (`tô chức` for *tổ chức*, [`Restorer::misread_tone`]) against the word as written; set
/// before measuring, as the channel's look-alikes are.
const HAT_TONE_ODDS: f32 = -1.5;

/// Log10 odds of any other tone OCR with the Vietnamese model misread (`điểu` for *điều*).
const OTHER_TONE_ODDS: f32 = -2.0;

/// Log10 odds of a hat it lost or added on one vowel, whatever the tone (`cọng` for *cộng*).
const HAT_ODDS: f32 = -2.5;

/// How many vowels of `cand` differ from `obs` by a hat alone (ô and o, ê and e, â and a),
/// or where `horns`, by a horn or a breve too (ư and u, ơ and o, ă and a: `LĨNH VỤC`, `THỤC
/// HIỆN`, a Vietnamese engine's capitals; in lower case it misreads them seldom, and *khắc*
/// and *khác* are both words), when every other letter is the same but for its tone; None
/// when they differ otherwise.
fn hats_apart(cand: &[Letter], obs: &[Letter], horns: bool) -> Option<usize> {
    if cand.len() != obs.len() {
        return None;
    }
    let mut n = 0;
    for (c, o) in cand.iter().zip(obs) {
        if c.marked == o.marked {
            continue;
        }
        let pair = (c.marked, o.marked);
        let hat = matches!(
            pair,
            ('ô', 'o') | ('o', 'ô') | ('ê', 'e') | ('e', 'ê') | ('â', 'a') | ('a', 'â')
        ) || (horns
            && matches!(
                pair,
                ('ư', 'u') | ('u', 'ư') | ('ơ', 'o') | ('o', 'ơ') | ('ă', 'a') | ('a', 'ă')
            ));
        if !hat {
            return None;
        }
        n += 1;
    }
    Some(n)
}

/// Whether token `i` stands right before a document number, only spaces between, or a line's
/// end where the number starts the next line (`tín dụng so` / `32/2024/QH15`, as a page
/// wraps it).
pub(super) fn before_number(text: &str, tokens: &[Token], i: usize, numbers: &[Found]) -> bool {
    let (t, Some(next)) = (&tokens[i], tokens.get(i + 1)) else {
        return false;
    };
    next.line <= t.line + 1
        && text[t.end..next.start]
            .chars()
            .all(|c| matches!(c, ' ' | '\n' | '\r'))
        && numbers.iter().any(|f| f.span[0] == next.start)
}

/// Spans never restored, sorted: document numbers, and URLs and e-mail addresses (the whole
/// white-space-delimited chunk).
pub(super) fn protected_spans(text: &str, numbers: &[Found]) -> Vec<[usize; 2]> {
    let mut protected: Vec<[usize; 2]> = numbers.iter().map(|f| f.span).collect();
    for chunk in text.split_whitespace() {
        let at = chunk.as_ptr() as usize - text.as_ptr() as usize;
        if chunk.contains("://")
            || chunk
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case("www."))
            || (chunk.contains('@') && chunk.contains('.'))
            || host_name(chunk)
        {
            protected.push([at, at + chunk.len()]);
        }
    }
    protected.sort_unstable();
    protected
}

/// Top-level domains of the web addresses the genre cites.
const DOMAINS: [&str; 9] = ["vn", "com", "net", "org", "gov", "edu", "int", "info", "io"];

/// A web address without its scheme (`dichvucong.gov.vn`, `chinhphu.vn/tin-tuc`, in
/// parentheses or before a full stop): labels of letters, digits and hyphens joined by dots,
/// the last a top-level domain ([`DOMAINS`]); English OCR's look-alikes would make
/// `dichvucong.gov.vn` *dichvucong.gò.vốn*.
fn host_name(chunk: &str) -> bool {
    if !chunk.contains('.') {
        return false;
    }
    let chunk = chunk.trim_start_matches(['(', '"', '“', '\'', '<']);
    let host = chunk.split('/').next().unwrap_or_default();
    let host = host.trim_end_matches(['.', ',', ';', ':', ')', '"', '”', '\'', '>']);
    let (Some((first, _)), Some((_, last))) = (host.split_once('.'), host.rsplit_once('.')) else {
        return false;
    };
    first.len() >= 2
        && DOMAINS.contains(&last)
        && host
            .split('.')
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// A formula's symbol: a token of at most three letters before an equals sign (`Kq = 0,9`,
/// `Kf = 1,1`, a fine's coefficients), which English OCR's lookalikes would otherwise make a
/// word (*Ko*, *Kỹ*).
fn formula_symbol(text: &str, t: &Token) -> bool {
    text[t.start..t.end].chars().count() <= 3
        && text[t.end..].trim_start_matches(' ').starts_with('=')
}

/// A word in capitals glued by `.` or `-` to the digits after it (`Omicron BA.2`, `XBB.1.5`,
/// `SARS-2`): a name of a variant, a model, a code, not a word (*BÀ*).
fn capitals_before_a_number(text: &str, t: &Token) -> bool {
    let b = text.as_bytes();
    t.end - t.start >= 2
        && b[t.start..t.end].iter().all(u8::is_ascii_uppercase)
        && matches!(b.get(t.end), Some(b'.' | b'-'))
        && b.get(t.end + 1).is_some_and(u8::is_ascii_digit)
}

/// Units of measure in Latin letters (with a digit for an area or a volume), any case, that
/// a number may come before (`220 kV`, `100 m3`, `20 kg`, `2,4 GHz`). None is a syllable as
/// written, though English OCR's look-alikes read them as *ko*, *mở*, *kệ*, *Gu*; `ha` and
/// `mA`, syllables in lower case (*hà*, *mà*), and single letters are not among them.
const UNITS: [&str; 41] = [
    "kv", "kw", "mw", "gw", "kva", "mva", "kwh", "mwh", "gwh", "hz", "khz", "mhz", "ghz", "mm",
    "cm", "dm", "km", "m2", "m3", "mm2", "cm2", "dm2", "km2", "cm3", "dm3", "kg", "mg", "ml", "db",
    "kn", "kpa", "mpa", "kb", "mb", "gb", "tb", "kbps", "mbps", "gbps", "mah", "inch",
];

/// A unit of measure ([`UNITS`]) after a number on its line, spaces alone between (`220 kV`).
fn unit_after_number(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    let w = &text[t.start..t.end];
    let Some(prev) = i.checked_sub(1).map(|j| &tokens[j]) else {
        return false;
    };
    text[prev.start..prev.end].ends_with(|c: char| c.is_ascii_digit())
        && spaces_between(text, prev, t)
        && UNITS.iter().any(|u| u.eq_ignore_ascii_case(w))
}

/// A measure's token: a digit before an x, the sign of times (`4x4`, `2x250`, `2x`: no
/// syllable has an x but first, so no OCR'd word reads so), or digits glued to a decimal comma
/// and more digits (`x3,9`, `4x4,5`), though English OCR's look-alikes would read `4x4` and
/// `x3` as *xã* and *xở* (as `x4` is, alone, English OCR's *xã*).
fn measure(text: &str, t: &Token) -> bool {
    let b = text.as_bytes();
    let w = &b[t.start..t.end];
    w.iter().any(u8::is_ascii_digit)
        && (w
            .windows(2)
            .any(|p| p[0].is_ascii_digit() && matches!(p[1], b'x' | b'X'))
            || (b.get(t.end) == Some(&b',') && b.get(t.end + 1).is_some_and(u8::is_ascii_digit)))
}

/// Files' extensions, which a file's name may end with (`Mau 06.docx`): no word, though
/// `docx` less a letter is *đọc*.
const EXTENSIONS: [&str; 16] = [
    "doc", "docx", "xls", "xlsx", "ppt", "pptx", "pdf", "txt", "zip", "rar", "jpg", "png", "tif",
    "tiff", "xml", "html",
];

/// A label or a measure of digits and letters that English OCR's channel never saw as a
/// garble (`b6`, `4m`, `1a` it has: *bộ*, *âm*, *là*): two capitals or more then digits
/// (`KT1`, `RF1`, `HCC3`); a number then a unit ([`UNITS`], `g`, `m`, `ha`), the number
/// of two digits or more or a decimal's (`27g`, `90ha`, `42,9ha`, `46mm`); a number of two
/// digits or more and a letter of an article's (`Điều 20a`); or a file's extension
/// (`06.docx`). Its look-alikes would read them *KỈ*, *sợ*, *hạ*, *đốm*, *sa*, *doc*, losing a
/// number or a code. (One capital and digits is as often English OCR's garble, `N61` for
/// *Nội*, as a label, `H42`: the decoder weighs it, as written first, [`capital_and_digits`];
/// one digit and letters is mostly a garble, `4m`, `6i`.)
fn label_or_measure(text: &str, t: &Token, garble: impl Fn(&str) -> bool) -> bool {
    let b = text.as_bytes();
    let w = &b[t.start..t.end];
    // (Most words have no digit and follow no dot: asked first.)
    if !w.iter().any(u8::is_ascii_digit) && b[..t.start].last() != Some(&b'.') {
        return false;
    }
    let extension = t.start >= 2
        && b[t.start - 1] == b'.'
        && b[t.start - 2].is_ascii_alphanumeric()
        && EXTENSIONS
            .iter()
            .any(|e| e.as_bytes().eq_ignore_ascii_case(w));
    if extension {
        return true;
    }
    let capitals = w.iter().take_while(|c| c.is_ascii_uppercase()).count();
    let capitals_then_digits =
        capitals >= 2 && capitals < w.len() && w[capitals..].iter().all(u8::is_ascii_digit);
    let digits = w.iter().take_while(|c| c.is_ascii_digit()).count();
    let decimal =
        t.start >= 2 && matches!(b[t.start - 1], b',' | b'.') && b[t.start - 2].is_ascii_digit();
    let after = &text[t.start + digits..t.end];
    let unit = UNITS
        .iter()
        .chain(&["g", "m", "ha"])
        .any(|u| u.eq_ignore_ascii_case(after));
    let number_then = (digits >= 2 || (digits == 1 && decimal))
        && (unit || (digits >= 2 && matches!(after, "a" | "b" | "c" | "d" | "đ")));
    (capitals_then_digits || number_then) && !garble(&text[t.start..t.end].to_ascii_lowercase())
}

/// A word of letters and digits glued by `.`, `-`, `/` or `_` to more letters or digits: a
/// piece of a code (`1.003901.H42`, a procedure's code; `B12-3`), not a word English OCR
/// garbled (`S86: 24/QĐ`, `X34 hội` stand apart), though its look-alikes would read `H42` as
/// *Hà*.
pub(super) fn in_code(text: &str, t: &Token) -> bool {
    let b = text.as_bytes();
    let glued = |glue: Option<&u8>, next: Option<&u8>| {
        glue.is_some_and(|g| matches!(g, b'.' | b'-' | b'/' | b'_'))
            && next.is_some_and(u8::is_ascii_alphanumeric)
    };
    b[t.start..t.end].iter().any(u8::is_ascii_digit)
        && (glued(b[..t.start].last(), t.start.checked_sub(2).map(|i| &b[i]))
            || glued(b.get(t.end), b.get(t.end + 1)))
}

/// A word of a typed text's line kept as written whose tone may yet be an OCR's misreading
/// ([`Restorer::misread_tone`]), or whose marks make no syllable ([`Restorer::misread_marks`]):
/// a word in capitals, of two letters or more. A Vietnamese engine misreads or drops tones
/// above capitals most (`BỒ SUNG`, `THẤM QUYỀN`, `PHÔ`, `PHAM VI` in the rendered realdocs'
/// `vie` OCR) and a typist seldom does; a word in lower or title case, a name's most of all,
/// stays as written.
pub(super) fn typed_capitals_misread(seen: &Seen, w: &str) -> bool {
    (seen.known || seen.marked)
        && seen.case == Some(Case::Upper)
        && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// A label of digits and one capital (`Phụ lục số 1A, 1B`, `tranh vẽ 3D`): no word, though
/// English OCR's look-alikes would read `1A` as *La*.
fn digits_and_a_capital(w: &str) -> bool {
    let b = w.as_bytes();
    (2..=4).contains(&b.len())
        && b[b.len() - 1].is_ascii_uppercase()
        && b[..b.len() - 1].iter().all(u8::is_ascii_digit)
}

/// Whether a slash joins token `t` to a word (`bộ/tỉnh`; two words of two letters, `án/kế`),
/// not to a short one (`T/M`, `V/v`, `đ/c`: one letter on a side) nor to a number
/// (`1V/2025`).
fn word_across_slash(text: &str, t: &Token) -> bool {
    let min = if text[t.start..t.end].chars().count() >= 2 {
        2
    } else {
        3
    };
    let word = |chars: &mut dyn Iterator<Item = char>| {
        let w: Vec<char> = chars.take_while(|c| is_word_char(*c)).collect();
        w.len() >= min && w.iter().all(|c| c.is_alphabetic())
    };
    text[..t.start]
        .strip_suffix('/')
        .is_some_and(|before| word(&mut before.chars().rev()))
        || text[t.end..]
            .strip_prefix('/')
            .is_some_and(|after| word(&mut after.chars()))
}

/// Whether token `j` is two letters or more, all capitals (digits and symbols not: `PH6NG`
/// is English OCR's *PHÒNG*).
fn all_capitals(text: &str, tokens: &[Token], j: usize) -> bool {
    let w = &text[tokens[j].start..tokens[j].end];
    w.chars().nth(1).is_some() && w.chars().all(char::is_uppercase)
}

/// A word in capitals alone in parentheses (`hàng hóa (EP)`, `tổng thầu (EPC)`): an
/// acronym given after the words it stands for, though its letters make a syllable (*ÉP*).
/// Only after a word in lower case: a heading in capitals keeps its words.
fn acronym_in_parentheses(text: &str, tokens: &[Token], seen: &[Seen], i: usize) -> bool {
    let t = &tokens[i];
    i > 0
        && seen[i - 1].case == Some(Case::Lower)
        && all_capitals(text, tokens, i)
        && text[..t.start].ends_with('(')
        && text[t.end..].starts_with(')')
}

/// A word in capitals in a list of abbreviations, words in capitals with a comma each side
/// and an abbreviation beside it (`EPC, EP, EC, PC`: *ÉP*, *ÉC* are syllables): one of them.
fn acronym_among_acronyms(text: &str, tokens: &[Token], seen: &[Seen], i: usize) -> bool {
    let capitals = |j: usize| all_capitals(text, tokens, j);
    let listed = |a: usize, b: usize| {
        let (ta, tb) = (&tokens[a], &tokens[b]);
        ta.line == tb.line && text[ta.end..tb.start].trim() == ","
    };
    i > 0
        && i + 1 < tokens.len()
        && (i - 1..=i + 1).all(capitals)
        && (seen[i - 1].abbreviation || seen[i + 1].abbreviation)
        && listed(i - 1, i)
        && listed(i, i + 1)
}

/// A word in capitals amid words in lower case (`thuế VAT`, `các nhà máy của TEP cũng`,
/// `thành viên EU`): an abbreviation, though its letters make a syllable (*VẬT*, *TỆP*).
/// Written so in running text, a word of the language in capitals is rare (the Công báo's
/// training text: one `CÓ` against 2,700 abbreviations between words in lower case). The
/// word before it on its line is in lower case, and the word after it on its line, if any, is
/// not in capitals (a name or a heading goes on in capitals). Not in English OCR, which reads
/// a word's case as it reads its marks (`của BO Chính trị`, *Bộ*).
fn acronym_in_prose(text: &str, tokens: &[Token], seen: &[Seen], i: usize) -> bool {
    let t = &tokens[i];
    let on_line = |j: usize| tokens.get(j).filter(|u| u.line == t.line).map(|_| j);
    let w = &text[t.start..t.end];
    w.len() >= 2
        && w.bytes().all(|b| b.is_ascii_uppercase())
        && i.checked_sub(1)
            .and_then(on_line)
            .is_some_and(|j| seen[j].case == Some(Case::Lower))
        && on_line(i + 1).is_none_or(|j| seen[j].case != Some(Case::Upper))
}

/// Letters alone, the first a capital, as a product's or a standard's name is written
/// (English OCR's garbles of Vietnamese are mostly in lower case, `vwuot wuot`, or marked,
/// `budén`, or mixed with digits, `v6i`).
fn capitalised_letters(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_uppercase()) && w.bytes().all(|b| b.is_ascii_alphabetic())
}

/// A capital then digits (`H42`, `G3`, `E6`): a label, or English OCR's garble of a word
/// (`N61` for *Nội*; `B6` for *Bộ*, which the channel has seen).
fn capital_and_digits(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 2 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit)
}

/// Whether word `i` stands beside a foreign name's word ([`capitalised_letters`], no syllable,
/// the OCR channel never saw it) or a code in capitals on its line (`Audio IC`, `NFC Read`:
/// `ic` is a word of the model's), with spaces, a line's end or a hyphen alone between them,
/// or a number (`Smart Tag`, `Load Switch`, `Near-Field`, `Watch Fit 4 Pro`, `Radio` at a
/// line's end before `Frequency`). A capitalised word whose letters make no syllable and that
/// the channel never saw ([`Kind::Foreign`]) is then likelier a foreign name's than a
/// Vietnamese word English OCR garbled. (A code on the next line is more often a heading's
/// word: `Dire` / `UY BAN`, English OCR's *Đức*.)
pub(super) fn foreign_beside(text: &str, tokens: &[Token], seen: &[Seen], i: usize) -> bool {
    let word = |j: usize| &text[tokens[j].start..tokens[j].end];
    let joined =
        |a: usize, b: usize| matches!(text[tokens[a].end..tokens[b].start].trim(), "" | "-");
    let foreign = |j: usize| {
        let w = word(j);
        let code = tokens[j].line == tokens[i].line
            && w.len() >= 2
            && w.bytes().all(|b| b.is_ascii_uppercase());
        capitalised_letters(w) && (seen[j].kind == Kind::Foreign || seen[j].unshaped || code)
    };
    // The word `j` next to `i` on one side (`after` it or before), or a number there and a
    // foreign word next to that.
    let beside = |j: usize, after: bool| {
        let apart = |a: usize, b: usize| if after { joined(a, b) } else { joined(b, a) };
        if !apart(i, j) {
            return false;
        }
        let k = if after {
            j.checked_add(1)
        } else {
            j.checked_sub(1)
        };
        foreign(j)
            || (word(j).bytes().all(|b| b.is_ascii_digit())
                && k.filter(|&k| k < tokens.len())
                    .is_some_and(|k| apart(j, k) && foreign(k)))
    };
    (i > 0 && beside(i - 1, false)) || (i + 1 < tokens.len() && beside(i + 1, true))
}

/// Whether word `i` is one letter among one-letter words on its line: a word spelled out, or
/// a formula's letters (`t h e r m a l`, `M b o l`), not a syllable to restore.
fn spelled_out(text: &str, tokens: &[Token], i: usize) -> bool {
    let single = |j: usize| {
        tokens.get(j).is_some_and(|t| {
            t.line == tokens[i].line && text[t.start..t.end].chars().nth(1).is_none()
        })
    };
    single(i) && i > 0 && single(i - 1) && single(i + 1)
}

impl Restorer {
    /// The word's own lexicon id, and what it may stand for when it is `restorable`.
    pub(super) fn candidates(
        &self,
        word: &str,
        seen: &Seen,
        restorable: bool,
        ocr: bool,
        after_lower: bool,
        s: &mut Scratch,
    ) -> (u32, Candidates) {
        let Some(tone) = seen.tone else {
            return (UNK, None);
        };
        if !restorable {
            return (seen.own, None);
        }
        let own = seen.own;
        // Capitals come through English OCR with their marks dropped rather than mangled
        // (`THƯỜNG` → `THUONG`, where `thường` gives `thudng`): like stripped text, so the
        // channel, learned on mixed case, is not asked about a capitalised word whose letters
        // make a syllable (`TRUGNG` still goes to it).
        let plain_caps = seen.case == Some(Case::Upper)
            && word.chars().all(char::is_alphabetic)
            && !seen.cands.is_empty()
            && !self.d_read_as_p_or_b(word);
        // What the channel proposes, worked out once for each token of the text.
        let none = OcrReadings::default();
        let (learned, channel_saw) = if ocr && !plain_caps {
            s.readings
                .entry(super::verdict::dotted(word).to_lowercase())
                .or_insert_with_key(|lower| self.ocr_readings(lower))
        } else {
            &none
        };
        // A candidate the marks allow but the channel never saw: kept, at a low likelihood.
        let consistent_score = if *channel_saw { -2.5 } else { 0.0 };
        let letters = &s.all_letters[seen.letters.clone()];
        let mut out: Readings = SmallVec::new();
        for &id in seen.cands.iter().take(READINGS) {
            // A word without marks fits every syllable of its letters (stripped text).
            if !seen.marked || {
                let (cl, ct) = self.model.parts(id);
                fits(letters, tone, cl, ct)
            } {
                out.push((id, consistent_score));
            }
        }
        for &(id, score) in learned {
            match out.iter_mut().find(|c| c.0 == id) {
                Some(c) => c.1 = c.1.max(score),
                None => out.push((id, score)),
            }
        }
        if out.is_empty() {
            return (own, None);
        }
        // A word the model knows as written that is no syllable, though its letters make one
        // with marks (`EU`, *êu*): as written is one of its readings. (Not in OCR, where a
        // word as read is the channel's to weigh: `fe`, the symbol of iron, is English OCR's
        // *ức*.)
        if !ocr
            && !seen.marked
            && own != UNK
            && !out.iter().any(|c| c.0 == own)
            && !self.model.is_reading(own)
        {
            out.push((own, 0.0));
        }
        // A capital right after a word in lower case (`về Sở Khoa học`): the syllables that
        // often start a capitalised phrase are the likelier (*Sở*, not *số*). Not at a line's
        // start, nor a sentence's, nor inside a name (`Tây Lĩnh`: *Linh* is the commoner name
        // but says nothing of this one).
        if after_lower && seen.case == Some(Case::Title) && !self.capitals.is_empty() {
            for c in out.iter_mut() {
                c.1 += self.capitals[c.0 as usize];
            }
        }
        (own, Some(out))
    }

    /// What the channel says an OCR token (lowercased) may stand for: its own rows when it
    /// was seen whole, what its letters may stand for, and with a letter too many, read from
    /// the rows of what is left (`tty`, seen only for *từ*, leaves `ty`, often *ủy*); then
    /// those with a marked vowel too few (`phi`, *phối*; `trong`, *trường*). And whether it
    /// had readings before those (which alone do not make the readings its marks allow less
    /// likely).
    pub(super) fn ocr_readings(&self, lower: &str) -> OcrReadings {
        let mut learned = self.channel_readings(lower);
        // (A syllable: `tet` less a letter is `tt`, whose rows say the abbreviation *TT*.)
        for (id, sc) in self.channel.shorter_rows(lower) {
            if !learned.iter().any(|l| l.0 == id) && self.model.is_reading(id) {
                learned.push((id, sc));
            }
        }
        let channel_saw = !learned.is_empty();
        for (id, sc) in self
            .channel
            .dropped_vowel_readings(lower, DROPPED_VOWEL_READINGS)
        {
            if !learned.iter().any(|l| l.0 == id) {
                learned.push((id, sc));
            }
        }
        (learned, channel_saw)
    }

    /// What the channel says a token (lowercased) may stand for: its own rows when it was seen
    /// whole, then what its letters may stand for, a little less trusted when rows exist;
    /// each syllable once.
    pub(super) fn channel_readings(&self, lower: &str) -> Vec<(u32, f32)> {
        let mut out = self.channel.lookup(lower).to_vec();
        let penalty = if out.is_empty() { 0.0 } else { -0.5 };
        for (id, sc) in self.channel.by_letters(lower, &self.model, LETTER_READINGS) {
            if !out.iter().any(|l| l.0 == id) {
                out.push((id, sc + penalty));
            }
        }
        out
    }

    /// A word of a person's name (capitalised, after a word that may be a surname): each
    /// reading's share of the names its letters make, against the share the model expects of
    /// it (`Võ Tấn Hùng`, where the commoner words are *tân* and *hưng*). A `middle` name (one
    /// follows it) is weighed by the counts of middle names, a last one by the others': *Tấn*
    /// is a middle name 31 times as often as *Tân*, a last one less often than it. Letters no
    /// name was seen with add nothing.
    fn add_names(&self, out: &mut [(u32, f32)], middle: bool) {
        if self.names.is_empty() {
            return;
        }
        let named = |id: u32| {
            let (all, mid) = (
                self.names[id as usize],
                self.middle_names.get(id as usize).copied(),
            );
            match mid {
                None => all as f32,
                Some(m) if middle => m as f32,
                Some(m) => (all - m) as f32,
            }
        };
        let n: f32 = out.iter().map(|c| named(c.0)).sum();
        if n == 0.0 {
            return;
        }
        let added = self.share_evidence(out, named, n, NAME_PRIOR, NAME_WEIGHT);
        for (c, a) in out.iter_mut().zip(added) {
            c.1 += a;
        }
    }

    /// Whether a word's entry in the lattice may be a surname: as it is, or one of its readings.
    pub(super) fn may_be_surname(&self, entry: &(u32, Candidates)) -> bool {
        match &entry.1 {
            Some(cs) => cs.iter().any(|c| self.surnames.contains(&c.0)),
            None => self.surnames.contains(&entry.0),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn lattice(
        &self,
        text: &str,
        tokens: &[Token],
        seen: &[Seen],
        restore_line: &[bool],
        (ocr, origin, marked_text): (bool, Origin, bool),
        numbers: &[Found],
        scratch: &mut Scratch,
        names: &mut Vec<Range<usize>>,
    ) -> Vec<(u32, Candidates)> {
        let protected = protected_spans(text, numbers);
        let name_lines = name_lines(text, tokens, seen);
        // A text mostly marked (`marked_text`) was read by an OCR that knows Vietnamese
        // (English OCR leaves ~20% of words marked): a word of it that is marked and a
        // syllable is asked only for the readings its marks fit, not what the English OCR's
        // channel makes of it (`thị trắn Mộ Đức`, the line restored for its `trắn`, had
        // become *Mèo Được*).
        let mut p_at = 0;
        let mut lattice: Vec<(u32, Candidates)> = Vec::with_capacity(tokens.len());
        // Whether the token follows a word in lower case on its line, in its sentence.
        let mut after_lower = false;
        // How many more capitalised words may be a person's given names, after a capitalised
        // word that may be a surname.
        let mut name_left = 0;
        let mut line = usize::MAX;
        let all_seen = seen;
        // Tokens and protected spans both run left to right: walk them together.
        for (i, (t, seen)) in tokens.iter().zip(seen).enumerate() {
            if t.line != line {
                (after_lower, name_left, line) = (false, 0, t.line);
            }
            let w = &text[t.start..t.end];
            while p_at < protected.len() && protected[p_at][1] <= t.start {
                p_at += 1;
            }
            let is_protected = protected[p_at..]
                .iter()
                .take_while(|p| p[0] < t.end)
                .any(|p| t.start < p[1]);
            // `T/M`, `V/v`, `K/g`, `đ/c`: abbreviations written with a slash (`cấp bộ/tỉnh`,
            // `cá nhân/tổ chức` are words; `1V/2025` is a period's numeral, mended apart).
            let slashed = w.chars().count() <= 2
                && (text[..t.start].ends_with('/') || text[t.end..].starts_with('/'))
                && !word_across_slash(text, t);
            // A heading's Roman numeral English OCR read with ones (`Il.`, `Ill.`): written as
            // the numeral ([`roman_heading`]), never read as a syllable (*ii* is a word of the
            // model's, from `Thế chiến II`).
            if ocr && restore_line[t.line] && roman_heading(text, t).is_some() {
                lattice.push((seen.own, None));
                (after_lower, name_left) = (false, 0);
                continue;
            }
            // `S86: 87/QĐ-UBND`, `86:22/TTr-UBND`: the header's label, *Số*, where English
            // OCR read its letters as digits (the model would keep an unknown token before a
            // colon as written), on a line otherwise kept as written (no syllable on it).
            if ocr && !is_protected {
                if let Some(id) = self.number_label(text, tokens, i, numbers) {
                    lattice.push((seen.own, Some(SmallVec::from_slice(&[(id, 0.0)]))));
                    (after_lower, name_left) = (false, 0);
                    continue;
                }
            }
            // `nhà 6`, `nhất 14`: English OCR reads *ở* as 6 and *là* as 14. The number is
            // the first reading; the words the digits may stand for, letter by letter, the
            // others, at odds (the model reads a number as a symbol, as it learned them).
            if ocr && restore_line[t.line] && !is_protected && !slashed {
                if let Some(cs) = self.digits_for_word(text, tokens, i) {
                    lattice.push((UNK, Some(cs)));
                    (after_lower, name_left) = (false, 0);
                    continue;
                }
            }
            // `HDND`, `BCD`: an abbreviation whose Đ lost its stroke, unknown as written.
            if restore_line[t.line] && !is_protected && !slashed && seen.abbreviation {
                if let Some(id) = self.stroke_restored(w, ocr) {
                    lattice.push((seen.own, Some(SmallVec::from_slice(&[(id, 0.0)]))));
                    (after_lower, name_left) = (false, 0);
                    continue;
                }
            }
            let restorable = restore_line[t.line]
                && !is_protected
                && !slashed
                && !formula_symbol(text, t)
                && !digits_and_a_capital(w)
                && !in_code(text, t)
                && !measure(text, t)
                && !label_or_measure(text, t, |w| self.channel.knows(w))
                && !unit_after_number(text, tokens, i)
                && !spelled_out(text, tokens, i)
                && !acronym_in_parentheses(text, tokens, all_seen, i)
                && !acronym_among_acronyms(text, tokens, all_seen, i)
                && (ocr || !acronym_in_prose(text, tokens, all_seen, i))
                && !roman_numeral(text, tokens, i)
                && (ocr || !capitals_before_a_number(text, t))
                && (!seen.abbreviation || (ocr && seen.misread_capitals))
                && case_in(seen.case, w, ocr).is_some()
                && w.chars().any(|c| c.is_alphabetic() || c == '$');
            let title = seen.case == Some(Case::Title);
            let in_name = name_left > 0 && title;
            let channel = ocr && !(marked_text && seen.marked && seen.known);
            let mut entry = self.candidates(w, seen, restorable, channel, after_lower, scratch);
            // A foreign name's word beside another in OCR (`Smart Tag`, `Load Switch`), or a
            // capital and digits the channel never saw (`H42`, `G3`; not before a document's
            // number: `S61 01/2024/NĐ-CP`, English OCR's *Số*): as written is its first
            // reading, which a change must be sure to overturn, as a word read in digits must
            // ([`super::DIGIT_WORD_SURE`]).
            let label = capital_and_digits(w)
                && !self.channel.knows(&w.to_ascii_lowercase())
                && !before_number(text, tokens, i, numbers);
            if let (true, Some(cs)) = (
                channel
                    && (label
                        || (seen.kind == Kind::Foreign
                            && capitalised_letters(w)
                            && foreign_beside(text, tokens, all_seen, i))),
                entry.1.as_mut(),
            ) {
                cs.insert(0, (UNK, FOREIGN_ODDS));
                cs.truncate(READINGS);
            }
            // A line of page images' OCR kept as written may still have lost a tone, or a
            // hat under one (`QUYÉT`, `câp`: marked, no syllable; the syllables its marks
            // fit, as a restored line's marked word has them). So may a typed text's word in
            // capitals (`CÔNG BỒ`, `THẤM QUYỀN`, `THÍ ĐIỄM`: a Vietnamese engine's text file,
            // read as typed): its readings are weighed, as written first, and a change kept
            // only where the decoder is sure of it ([`TYPED_CAPITALS_SURE`]).
            let typed = origin == Origin::Typed;
            if !restore_line[t.line]
                && !is_protected
                && !slashed
                && (!typed || typed_capitals_misread(seen, w))
            {
                entry.1 = self.kept_word_readings(w, seen, after_lower, typed, scratch);
            }
            if let (true, Some(cs)) = (in_name, entry.1.as_mut()) {
                // A middle name when another name follows it after a space (`Tây Lĩnh, Sở`:
                // a comma ends the name).
                let middle = name_left > 1
                    && !t.boundary_after
                    && tokens
                        .get(i + 1)
                        .is_some_and(|n| spaces_between(text, t, n))
                    && all_seen
                        .get(i + 1)
                        .is_some_and(|n| n.case == Some(Case::Title));
                self.add_names(cs, middle);
            }
            // A name starts at a capitalised word that may be a surname (`ông Vo Tan Hung`);
            // the capitalised words after it are names. (Only where nothing capitalised comes
            // before, and only after the surnames names are counted after in training, lost more
            // than it won on the dev split; so did favouring the surname's readings, except
            // on a line that is a name alone.)
            let starts_name = title && !in_name && self.may_be_surname(&entry);
            // A line that is a name alone (a signature's, `Đinh Thu Trang`) starts with a
            // surname.
            if starts_name && name_lines[i] {
                if let Some(cs) = entry.1.as_mut() {
                    cs.retain(|c| self.surnames.contains(&c.0));
                }
            }
            if let Some(cs) = entry.1.as_mut() {
                let so = self.so_before_number(text, tokens, i, numbers);
                if let Some(so) = so.filter(|so| cs.iter().any(|c| c.0 == *so)) {
                    cs.retain(|c| c.0 == so);
                }
            }
            if in_name {
                match names.last_mut() {
                    Some(run) if run.end == i => run.end = i + 1,
                    _ => names.push(i - 1..i + 1),
                }
            }
            name_left = if t.boundary_after || !title {
                0
            } else if in_name {
                name_left - 1
            } else if starts_name {
                names::MAX_GIVEN
            } else {
                0
            };
            lattice.push(entry);
            after_lower = !t.boundary_after && seen.case == Some(Case::Lower);
        }
        self.provinces(text, tokens, all_seen, &mut lattice);
        lattice
    }

    /// A province's name, its words capitalised and spaces alone between them (`Quang Ninh`,
    /// `Lai Chau`, `Tay Ninh` in a table of provinces, after a number): each word is read as
    /// the province's own (`dictionaries/provinces.txt`, the same letters: with a vowel off,
    /// as extraction allows, `Phủ Thủ tướng` would be *Phú Thọ*). Not after a capitalised
    /// word on its line, which may be a person's surname (`Nguyễn Quang Ninh`). English OCR's
    /// look-alikes and the model, with numbers around, had read *Quan Ninh*, *Lại Châu*,
    /// *Từ Ninh*.
    fn provinces(
        &self,
        text: &str,
        tokens: &[Token],
        seen: &[Seen],
        lattice: &mut [(u32, Candidates)],
    ) {
        let dict = crate::dict::get();
        // The first words of the provinces' names (folded), asked first: one look-up for most
        // capitalised words.
        static FIRSTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        let firsts = FIRSTS.get_or_init(|| {
            let mut f: Vec<String> = (dict.provinces.iter())
                .filter_map(|(_, folded)| Some(folded.split_once(' ')?.0.to_string()))
                .collect();
            f.sort_unstable();
            f.dedup();
            f
        });
        let capital = |j: usize| matches!(seen[j].case, Some(Case::Title | Case::Upper));
        let mut i = 0;
        while i < tokens.len() {
            let w = &text[tokens[i].start..tokens[i].end];
            // (A province's first word is a syllable of at most five letters.)
            if !capital(i) || w.chars().count() > 5 || firsts.binary_search(&fold_lower(w)).is_err()
            {
                i += 1;
                continue;
            }
            let after_capital = i > 0 && tokens[i - 1].line == tokens[i].line && capital(i - 1);
            let run = (i..tokens.len())
                .take_while(|&j| {
                    capital(j) && (j == i || spaces_between(text, &tokens[j - 1], &tokens[j]))
                })
                .take(3)
                .count();
            let found = (2..=run).rev().find_map(|k| {
                let name = fold_lower(&text[tokens[i].start..tokens[i + k - 1].end]);
                let (p, _) = dict.provinces.iter().find(|(_, folded)| *folded == name)?;
                (p.split(' ').count() == k).then_some((k, p))
            });
            let Some((k, province)) = found.filter(|_| !after_capital) else {
                i += 1;
                continue;
            };
            for (j, word) in (i..i + k).zip(province.split(' ')) {
                let id = canonical(&word.to_lowercase()).and_then(|c| self.model.id(&c));
                // (Its letters are the word's: a reading of it, though a line that is a name
                // alone may have kept only surnames, *Quan*.)
                if let (Some(id), Some(cs)) = (id, lattice[j].1.as_mut()) {
                    let score = cs.iter().find(|c| c.0 == id).map_or(0.0, |c| c.1);
                    cs.clear();
                    cs.push((id, score));
                }
            }
            i += k;
        }
    }

    /// What a marked word on a line kept as written may be ([`Restorer::lattice`]): a
    /// syllable, its other tones ([`Restorer::misread_tone`]); a word no syllable is, the
    /// syllables its marks fit ([`Restorer::misread_marks`]), after the word as written
    /// ([`UNK`]: kept as it is) where `as_written_first` (a typed text's).
    fn kept_word_readings(
        &self,
        w: &str,
        seen: &Seen,
        after_lower: bool,
        as_written_first: bool,
        s: &mut Scratch,
    ) -> Candidates {
        if seen.known {
            return self.misread_tone(seen, s);
        }
        let fits = self.misread_marks(w, seen, after_lower, s)?;
        if !as_written_first {
            return Some(fits);
        }
        let mut out: Readings = SmallVec::new();
        out.push((UNK, 0.0));
        out.extend(fits.into_iter().take(READINGS - 1));
        Some(out)
    }

    /// What a syllable OCR with the Vietnamese model read may be where it misread the tone:
    /// most often it drops the tone set above a hat (`tô chức`, `chính quyên`, `thâm quyền`,
    /// `câp` for *tổ chức*, *chính quyền*, *thẩm quyền*, *cấp*: 2.5% of the words of the real
    /// scans' Vietnamese OCR differ from the truth in their marks alone, most of them so);
    /// else it reads one tone for another (`Điểu`, `bố sung`, `chỉ trả` for *Điều*, *bổ
    /// sung*, *chi trả*). The word as written first, then the same letters with each other
    /// tone, at [`HAT_TONE_ODDS`] for a hatted vowel without a tone, else at
    /// [`OTHER_TONE_ODDS`]; the words around, kept as written, decide. None for a word that is
    /// no syllable of the model.
    fn misread_tone(&self, seen: &Seen, s: &Scratch) -> Candidates {
        if !seen.known || seen.own == UNK {
            return None;
        }
        let letters = &s.all_letters[seen.letters.clone()];
        let hat_dropped = seen.tone == Some(Tone::Level)
            && letters.iter().any(|l| matches!(l.marked, 'â' | 'ê' | 'ô'));
        let odds = if hat_dropped {
            HAT_TONE_ODDS
        } else {
            OTHER_TONE_ODDS
        };
        let mut out: Readings = SmallVec::new();
        out.push((seen.own, 0.0));
        for &id in seen.cands {
            if out.len() == READINGS {
                break;
            }
            if id == seen.own {
                continue;
            }
            let (cl, _) = self.model.parts(id);
            match hats_apart(cl, letters, seen.case == Some(Case::Upper)) {
                Some(0) => out.push((id, odds)),
                Some(1) => out.push((id, HAT_ODDS)),
                _ => {}
            }
        }
        (out.len() > 1).then_some(out)
    }

    /// What a word of Vietnamese OCR that is no syllable, though marked (`ỗn`, `đếi`), may be
    /// on a line kept as written: the syllables its marks fit; else those of its letters
    /// with their hats as written (*ổn*, *ôn*), then the rest at [`HAT_ODDS`]. None for an
    /// abbreviation or a word in an odd case.
    fn misread_marks(
        &self,
        w: &str,
        seen: &Seen,
        after_lower: bool,
        s: &mut Scratch,
    ) -> Candidates {
        if !seen.marked || seen.abbreviation || case_in(seen.case, w, false).is_none() {
            return None;
        }
        let fitted = self.candidates(w, seen, true, false, after_lower, s).1;
        if fitted.is_some() {
            return fitted;
        }
        let letters = &s.all_letters[seen.letters.clone()];
        let out: Readings = seen
            .cands
            .iter()
            .take(READINGS)
            .map(|&id| {
                let hats_kept = hats_apart(self.model.parts(id).0, letters, false) == Some(0);
                (id, if hats_kept { 0.0 } else { HAT_ODDS })
            })
            .collect();
        (!out.is_empty()).then_some(out)
    }

    /// *Số*, where token `i` opens its line and a colon and a document's number (one of
    /// `numbers`) follow it, and the channel reads the token as *số* (`S86`, `86`, `Sé6`):
    /// the header's label as Decree 30/2020 sets it, whatever OCR made of its letters.
    fn number_label(
        &self,
        text: &str,
        tokens: &[Token],
        i: usize,
        numbers: &[Found],
    ) -> Option<u32> {
        let (t, next) = (&tokens[i], tokens.get(i + 1)?);
        let opens_line = i == 0 || tokens[i - 1].line != t.line;
        if !opens_line
            || text[t.end..next.start].trim_matches(' ') != ":"
            || !numbers.iter().any(|f| f.span[0] == next.start)
        {
            return None;
        }
        let so = self.model.id("số")?;
        let lower = text[t.start..t.end].to_lowercase();
        self.channel_readings(&lower)
            .iter()
            .any(|c| c.0 == so)
            .then_some(so)
    }

    /// What a token of one or two digits in words may be (`nhà 6 thuộc`: *ở*; `nhất 14 mặt
    /// hàng`: *là*): the number first, then the syllables the channel says its digits may
    /// stand for, each at its channel score and [`DIGIT_WORD_ODDS`]. Only a token
    /// after a word of its line, spaces alone between, and followed by a space, a comma, a
    /// semicolon or the line's end: `6.`, `14/`, `(6)` and `6%` are numbers.
    fn digits_for_word(&self, text: &str, tokens: &[Token], i: usize) -> Option<Readings> {
        let t = &tokens[i];
        let w = &text[t.start..t.end];
        if !(1..=2).contains(&w.len()) || !w.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let prev = &tokens[i.checked_sub(1)?];
        let after = text[t.end..].chars().next();
        let word_before = !prev.boundary_after
            && text[prev.start..prev.end].chars().any(char::is_alphabetic)
            && spaces_between(text, prev, t);
        if !word_before || !matches!(after, None | Some(' ' | '\n' | '\r' | ',' | ';')) {
            return None;
        }
        let mut cs: Readings = SmallVec::new();
        cs.push((UNK, 0.0));
        let readings = self.channel_readings(w);
        cs.extend(
            readings
                .into_iter()
                .map(|(id, score)| (id, score + DIGIT_WORD_ODDS))
                .take(11),
        );
        (cs.len() > 1).then_some(cs)
    }

    /// The abbreviation an unknown word in capitals is with one or more of its Ds stroked
    /// (`HDND` → *HĐND*, `BCD` → *BCĐ*, `DBQH` → *ĐBQH*: stripped text and English OCR lose
    /// the stroke), where the model knows it and does not know the word as written (`DN`,
    /// *doanh nghiệp*, stays). In English OCR (`ocr`) a B or a P of a word of four letters or
    /// more may be the Đ too (`HBND`, `HPND` → *HĐND*), as in a syllable (`PANG`); not of a
    /// shorter one, which is as likely an abbreviation the model has not seen (`BP`, not
    /// *BĐ*). Several known: the most frequent.
    pub(super) fn stroke_restored(&self, w: &str, ocr: bool) -> Option<u32> {
        let lower = w.to_ascii_lowercase();
        let b_or_p = ocr && lower.len() >= 4;
        let ds: Vec<usize> = lower
            .match_indices(|c| c == 'd' || (b_or_p && matches!(c, 'b' | 'p')))
            .map(|(i, _)| i)
            .take(3)
            .collect();
        if ds.is_empty() || self.model.id(&lower).is_some() {
            return None;
        }
        (1u32..1 << ds.len())
            .filter_map(|mask| {
                let mut v = String::with_capacity(lower.len() + 3);
                let mut last = 0;
                for (k, &i) in ds.iter().enumerate() {
                    if mask & (1 << k) != 0 {
                        v.push_str(&lower[last..i]);
                        v.push('đ');
                        last = i + 1;
                    }
                }
                v.push_str(&lower[last..]);
                self.model.id(&v)
            })
            .min()
    }

    /// A word in capitals that is no syllable, but would be one with *Đ* for its first letter
    /// (`PANG`, `BANG`: English OCR reads Đ as P or B): in OCR'd text, not an abbreviation.
    pub(super) fn d_read_as_p_or_b(&self, w: &str) -> bool {
        let mut cs = w.chars();
        matches!(cs.next(), Some('P' | 'B'))
            && w.len() >= 3
            && !self
                .model
                .candidates(&format!("d{}", cs.as_str().to_lowercase()))
                .is_empty()
    }

    /// A word in capitals that is no syllable, but would be one with an O for each Q not before
    /// a U (`TUQNG`, `GQI`: English OCR reads Ơ, Ọ and Ợ as Q): in OCR'd text, not an
    /// abbreviation (`BQL`, `MTQG` make no syllable so). Not where the Q would be the word's
    /// one vowel: an abbreviation keeps its Q through OCR (`BQP`, `CHQ`, `HĐQT`, `ĐQ`, which
    /// would make *bóp*, *cho*, *đợt*, *đỗ*), and the real pages' English OCR misread it so
    /// only beside another vowel.
    ///
    /// So with a G for an O between a consonant (or the onset GI) and a vowel (`MGI`, `GIGI`
    /// for *MỚI*, *GIỚI*), or for the word's one vowel, after its consonants (`SG`, `BG`); and
    /// with a G right after a U or an O and before another letter, which no syllable spells:
    /// English OCR's horn of an ƯƠ (`DUGC`, `NUGC`, `TRUGNG`, `UOGNG` for *ĐƯỢC*, *NƯỚC*,
    /// *TRƯỜNG*, *ƯƠNG*), read as the O (after a U) or as nothing (after an O).
    pub(super) fn o_read_as_q(&self, w: &str) -> bool {
        let mut bare = String::with_capacity(w.len());
        let mut cs = w.chars().peekable();
        let (mut read, mut before) = (false, ' ');
        let vowel = w.contains(['A', 'E', 'I', 'O', 'U', 'Y']);
        while let Some(c) = cs.next() {
            let horn = c == 'G' && matches!(before, 'U' | 'O') && cs.peek().is_some();
            // (A G after a consonant but N, or after the onset GI, and before a vowel: no onset
            // spells it, `MGI`, `GIGI` for *MỚI*, *GIỚI*.)
            let vowel_read = c == 'G'
                && before.is_ascii_uppercase()
                && (!"AEIOUYN".contains(before) || bare == "gi")
                && cs.peek().is_some_and(|n| "AEIOUY".contains(*n));
            let q = c == 'Q' && cs.peek() != Some(&'U') && vowel;
            if q || (horn && before == 'U') || vowel_read {
                bare.push('o');
                read = true;
            } else if horn {
                read = true;
            } else if c == 'Đ' {
                bare.push('d');
            } else {
                bare.extend(c.to_lowercase());
            }
            before = c;
        }
        if read && w.len() >= 3 && !self.model.candidates(&bare).is_empty() {
            return true;
        }
        // A G for a word's one vowel after its consonants (`SG`, `BG` for *SỞ*, *BỘ*: English
        // OCR reads a capital O with a hook or a dot so).
        let consonants = w
            .strip_suffix('G')
            .filter(|c| !c.is_empty() && c.chars().all(|c| c.is_ascii_uppercase()) && !vowel);
        consonants.is_some_and(|c| {
            !self
                .model
                .candidates(&format!("{}o", c.to_lowercase()))
                .is_empty()
        })
    }

    /// *số* for a word spelt `so` (marks aside) right before a document number
    /// ([`before_number`]: `Luật Điện lực so 61/2024/QH15`): *sở*, *sơ*, *sổ* never stand
    /// there, and the model, reading the number as a symbol, took *Điện lực sở* for the
    /// office's name. `None` elsewhere (and the word keeps its readings where they lack *số*).
    fn so_before_number(
        &self,
        text: &str,
        tokens: &[Token],
        i: usize,
        numbers: &[Found],
    ) -> Option<u32> {
        let t = &tokens[i];
        // `so` with its marks is two letters, the first an `s`, in at most four bytes: cheap
        // tests first, for every word.
        let w = &text[t.start..t.end];
        (w.len() <= 4
            && w.starts_with(['s', 'S'])
            && w.chars().count() == 2
            && crate::text::fold_lower(w) == "so"
            && before_number(text, tokens, i, numbers))
        .then(|| self.model.id("số"))
        .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consistent(observed: &str, candidate: &str) -> bool {
        use crate::text::syllable::analyse;
        let (mut o, mut c) = (Vec::new(), Vec::new());
        match (analyse(observed, &mut o), analyse(candidate, &mut c)) {
            (Some(to), Some(tc)) => fits(&o, to, &c, tc),
            _ => false,
        }
    }

    #[test]
    fn web_addresses_without_a_scheme() {
        for yes in [
            "dichvucong.gov.vn",
            "(chinhphu.vn/tin-tuc).",
            "thuvienphapluat.vn.",
            "google.com,",
        ] {
            assert!(host_name(yes), "{yes}");
        }
        for no in ["2025.Theo", "tinh.Vn", "v.v.", "TP.HCM", "a.vn", "1.2.3"] {
            assert!(!host_name(no), "{no}");
        }
    }

    #[test]
    fn marks_must_fit() {
        assert!(consistent("quyet", "quyết"));
        assert!(consistent("quyét", "quyết"));
        assert!(consistent("dieu", "điều"));
        assert!(!consistent("quyết", "quyệt"));
        assert!(!consistent("hòa", "hỏa"));
        assert!(consistent("hoà", "hòa"));
    }
}
