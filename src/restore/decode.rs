//! The decoder: a beam search over each sentence that picks every word's reading by the
//! trigram model and the channel's scores, and how sure it is of each pick.

use smallvec::SmallVec;

use super::model::BOUNDARY;
use super::{Candidates, Restorer, READINGS};

/// A state of the beam: the last two words, the score so far, and where its history ends;
/// and the run of the previous beam it was chosen from (`from..to`), for how sure it is.
#[derive(Clone, Copy)]
struct State {
    u: u32,
    v: u32,
    score: f32,
    back: usize,
    from: u16,
    to: u16,
}

/// The beam search's buffers, reused from sentence to sentence.
#[derive(Default)]
pub(super) struct DecodeScratch {
    /// (previous history index, candidate index)
    history: Vec<(usize, usize)>,
    /// Per entry of `history`: how sure its path is of its reading two words back.
    sure_back: Vec<Sure>,
    /// Per word of the sentence last decoded: how sure the decoder is of its reading, where
    /// `weigh_sure` asks for it (else unknown: decoding again, nothing reads it).
    pub(super) sure: Vec<Sure>,
    pub(super) weigh_sure: bool,
    beam: Vec<State>,
    next: Vec<State>,
    /// The word's readings, and the next word's.
    ids: Vec<u32>,
    next_ids: Vec<u32>,
    /// Trigram scores, a row per state of the beam.
    matrix: Vec<f32>,
    /// log10 P(reading | previous word's reading), a row per previous reading; and of the
    /// next word's readings after this word's.
    lowers: Vec<f32>,
    next_lowers: Vec<f32>,
    /// The readings of the word left in the beam, and what the next word can do after each.
    rows: Vec<usize>,
    ahead: Vec<f32>,
    /// Runs `start..end` of the beam whose states share their last word, and which of the
    /// previous word's readings that word is.
    groups: Vec<(usize, usize, usize)>,
    us: Vec<u32>,
    /// A row of bigram scores not looked up, for a state at a sentence's start.
    no_lower: Vec<f32>,
    /// The states whose sentence starts at this word, where a line may start one.
    started: Vec<State>,
    /// Per word of the sentence: whether it is an unknown word whose coming is not weighed
    /// against the word before it (the model's score of it is the same after each reading,
    /// and the next word's look-ahead says nothing), as [`super::unheard`] finds them in
    /// OCR'd text. Set by the caller; empty: none.
    pub(super) flat: Vec<bool>,
}

/// Keeps the states that score at least `floor`, in their order, as `retain` would, but with
/// no branch taken one way or the other per state: which states a word's margin keeps is no
/// pattern the processor can foresee, and `retain`'s mispredicted branches cost 3% of
/// restoring's time on general text.
#[inline]
fn keep_from(states: &mut Vec<State>, floor: f32) {
    let mut kept = 0;
    for x in 0..states.len() {
        let s = states[x];
        states[kept] = s;
        kept += usize::from(s.score >= floor);
    }
    states.truncate(kept);
}

/// The best state of the run `g..end` of `beam` going on with reading `ci` (`matrix`, a row
/// of `n` per state), and its score: the first of the best.
fn best_of(
    beam: &[State],
    matrix: &[f32],
    n: usize,
    ci: usize,
    g: usize,
    end: usize,
) -> (usize, f32) {
    (g..end)
        .map(|b| (b, beam[b].score + matrix[b * n + ci]))
        .fold((g, f32::MIN), |a, x| if x.1 > a.1 { x } else { a })
}

impl DecodeScratch {
    /// How sure each state kept after a word (`next`) is of its first word: the states of
    /// the run of the beam it came from differ only there, this word and the one before
    /// read as it reads them. Not where one of them starts a sentence there (or is the end
    /// of one, `v` the boundary): its first word is another sentence's. Asked of the states
    /// kept alone, as only their histories can be read back.
    fn weigh_kept(&mut self) {
        let (beam, matrix, history) = (&self.beam, &self.matrix, &self.history);
        let n = self.ids.len();
        for s in &self.next {
            let (g, end) = (s.from as usize, s.to as usize);
            let starts = beam[g].v == BOUNDARY || beam[g..end].iter().any(|s| s.u == BOUNDARY);
            if starts {
                continue;
            }
            let ci = history[s.back].1;
            let (b, score) = best_of(beam, matrix, n, ci, g, end);
            let others = (g..end).filter(|&x| x != b);
            self.sure_back[s.back] = Sure::among(
                score,
                others.map(|x| beam[x].score + matrix[x * n + ci]),
                (g..end).map(|x| reading_back(history, beam[x].back, 1)),
            );
        }
    }
}

/// The ids of word `i` of `lattice` into `ids` (the sentence's end after the last).
fn fill(ids: &mut Vec<u32>, lattice: &[(u32, Candidates)], i: usize) {
    ids.clear();
    match lattice.get(i) {
        None => ids.push(BOUNDARY),
        Some((own, None)) => ids.push(*own),
        Some((_, Some(cs))) => ids.extend(cs.iter().map(|c| c.0)),
    }
}

impl Restorer {
    /// Beam search over one sentence; writes the chosen candidate index of each word.
    ///
    /// The beam is pruned by each state's score plus the best the next word can do after
    /// it at the bigram level (with its channel score): a reading that only the next word
    /// makes sense of (*dám* before *nghĩ*) is not dropped for the readings that are likelier
    /// alone (*đảm*). Those bigram scores are also the backoff of the next word's trigrams,
    /// so they are looked up once.
    ///
    /// Where `breaks` says the sentence may have ended before a word, the best way to end it
    /// there joins the beam as a state at a sentence's start.
    pub(super) fn decode(
        &self,
        lattice: &[(u32, Candidates)],
        breaks: &[bool],
        chosen: &mut [Option<usize>],
        d: &mut DecodeScratch,
    ) {
        d.history.clear();
        d.history.push((usize::MAX, 0));
        d.sure_back.clear();
        d.sure_back.push(Sure::UNKNOWN);
        d.beam.clear();
        d.beam.push(State {
            u: BOUNDARY,
            v: BOUNDARY,
            score: 0.0,
            back: 0,
            from: 0,
            to: 0,
        });
        fill(&mut d.ids, lattice, 0);
        d.lowers.clear();
        d.lowers.resize(d.ids.len(), f32::NAN);
        // The beam is kept grouped by its states' last word: the next word's states that
        // come from one group end in the same two words, so they recombine into one (the
        // best).
        for (i, &breaks_here) in breaks.iter().enumerate().take(lattice.len()) {
            // The sentence may have ended before this word (not before the first: it starts
            // one already).
            let may_start = i > 0 && breaks_here;
            if may_start {
                let ended = d
                    .beam
                    .iter()
                    .map(|s| State {
                        u: BOUNDARY,
                        v: BOUNDARY,
                        score: s.score + self.model.score(s.u, s.v, BOUNDARY),
                        back: s.back,
                        from: 0,
                        to: 0,
                    })
                    .max_by(|a, b| a.score.total_cmp(&b.score));
                // The beam is kept in runs of one last word; this one's is its own.
                d.beam.extend(ended);
            }
            self.score_beam(lattice, i, d);
            self.extend_beam(lattice, i, d);
            self.choose_beam(lattice, i, may_start, d);
            if d.weigh_sure {
                d.weigh_kept();
            }
            std::mem::swap(&mut d.beam, &mut d.next);
            std::mem::swap(&mut d.ids, &mut d.next_ids);
            std::mem::swap(&mut d.lowers, &mut d.next_lowers);
        }
        let ended: SmallVec<[f32; 8]> = d
            .beam
            .iter()
            .map(|s| s.score + self.model.score(s.u, s.v, BOUNDARY))
            .collect();
        let n = lattice.len();
        d.sure.clear();
        d.sure.resize(n, Sure::UNKNOWN);
        let Some(b) = (0..ended.len()).max_by(|&a, &b| ended[a].total_cmp(&ended[b])) else {
            return;
        };
        let weigh = d.weigh_sure;
        // The sentence's last two words: the states that end it as the best does but for
        // that word.
        let (u, v) = (d.beam[b].u, d.beam[b].v);
        let history = &d.history;
        let among = |same: &dyn Fn(&State) -> bool, back: usize| {
            let others: SmallVec<[usize; 8]> = (0..ended.len())
                .filter(|&x| x != b && same(&d.beam[x]))
                .collect();
            Sure::among(
                ended[b],
                others.iter().map(|&x| ended[x]),
                others
                    .iter()
                    .chain([&b])
                    .map(|&x| reading_back(history, d.beam[x].back, back)),
            )
        };
        if weigh && n >= 2 && u != BOUNDARY && d.beam.iter().all(|s| s.v != v || s.u != BOUNDARY) {
            d.sure[n - 2] = among(&|s| s.v == v, 1);
        }
        if weigh && u != BOUNDARY {
            d.sure[n - 1] = among(&|s| s.u == u, 0);
        }
        let mut h = d.beam[b].back;
        for i in (0..n).rev() {
            let (prev, ci) = d.history[h];
            if i >= 2 {
                d.sure[i - 2] = d.sure_back[h];
            }
            if lattice[i].1.is_some() {
                chosen[i] = Some(ci);
            }
            h = prev;
        }
    }

    /// Groups the beam by last word and scores every state against every reading of word
    /// `i` (`matrix`, a row per state); fills the next word's readings.
    fn score_beam(&self, lattice: &[(u32, Candidates)], i: usize, d: &mut DecodeScratch) {
        let DecodeScratch {
            history,
            beam,
            ids,
            next_ids,
            matrix,
            lowers,
            groups,
            us,
            no_lower,
            flat,
            ..
        } = d;
        let n = ids.len();
        if no_lower.len() < n {
            no_lower.resize(n, f32::NAN);
        }
        groups.clear();
        let mut g = 0;
        while g < beam.len() {
            let v = beam[g].v;
            let end = g + beam[g..].iter().take_while(|s| s.v == v).count();
            // A state at a sentence's start has no previous reading (`usize::MAX`).
            let c = if v == BOUNDARY {
                usize::MAX
            } else {
                history[beam[g].back].1
            };
            groups.push((g, end, c));
            g = end;
        }
        matrix.resize(beam.len() * n, 0.0);
        // Each state's first word; a group's contexts are `us[g..end]`.
        us.clear();
        us.extend(beam.iter().map(|s| s.u));
        let lower_of = |c: usize| {
            if c == usize::MAX {
                &no_lower[..n]
            } else {
                &lowers[c * n..(c + 1) * n]
            }
        };
        // A word whose coming is not weighed scores the same after every state.
        let flat = flat.get(i) == Some(&true);
        if !flat {
            for &(g, end, c) in groups.iter() {
                self.model
                    .prefetch(beam[g].v, &us[g..end], ids, lower_of(c));
            }
        }
        fill(next_ids, lattice, i + 1);
        if flat {
            matrix.fill(0.0);
            return;
        }
        for &(g, end, c) in groups.iter() {
            self.model.scores_shared(
                beam[g].v,
                &us[g..end],
                ids,
                lower_of(c),
                &mut matrix[g * n..end * n],
            );
        }
    }

    /// The states after word `i` (`next`): for each reading and each group of the beam, the
    /// group's best state going on with that reading.
    fn extend_beam(&self, lattice: &[(u32, Candidates)], i: usize, d: &mut DecodeScratch) {
        let DecodeScratch {
            history,
            sure_back,
            beam,
            next,
            ids,
            matrix,
            groups,
            ..
        } = d;
        let n = ids.len();
        let cands = &lattice[i].1;
        next.clear();
        for (ci, id) in ids.iter().enumerate() {
            let channel = cands.as_ref().map_or(0.0, |cs| cs[ci].1);
            for &(g, end, _) in groups.iter() {
                let (b, score) = best_of(beam, matrix, n, ci, g, end);
                // How sure it is of its first word: asked only of the states kept
                // ([`DecodeScratch::weigh_kept`]).
                sure_back.push(Sure::UNKNOWN);
                history.push((beam[b].back, ci));
                next.push(State {
                    u: beam[b].v,
                    v: *id,
                    score: score + channel,
                    back: history.len() - 1,
                    from: g as u16,
                    to: end as u16,
                });
            }
        }
    }

    /// Keeps the states of `next` worth going on with (see [`Restorer::keep`]); where a
    /// sentence may start at word `i`, those that start there and those that go on are chosen
    /// apart.
    fn choose_beam(
        &self,
        lattice: &[(u32, Candidates)],
        i: usize,
        may_start: bool,
        d: &mut DecodeScratch,
    ) {
        let DecodeScratch {
            history,
            next,
            ids,
            next_ids,
            next_lowers,
            rows,
            ahead,
            started,
            flat,
            ..
        } = d;
        let next_flat = flat.get(i + 1) == Some(&true);
        // The next word's bigram scores after this word's readings, where they are
        // needed to choose the states to keep (NaN: not looked up).
        let (n, m) = (ids.len(), next_ids.len());
        next_lowers.clear();
        next_lowers.resize(n * m, f32::NAN);
        let next_channel = |cj: usize| match lattice.get(i + 1) {
            Some((_, Some(cs))) => cs[cj].1,
            _ => 0.0,
        };
        let mut choose = |states: &mut Vec<State>| {
            self.keep(
                states,
                history,
                ids,
                next_ids,
                &next_channel,
                next_lowers,
                rows,
                ahead,
                next_flat,
            )
        };
        if may_start {
            // The sentences that go on and those that start here are chosen apart at
            // this word: a word at a sentence's start has no context to pay for, and
            // would crowd out the reading the going sentence's context needs (`của
            // Thường`, not `Thượng`).
            started.clear();
            next.retain(|s| {
                let start = s.u == BOUNDARY;
                if start {
                    started.push(*s);
                }
                !start
            });
            choose(next);
            choose(started);
            next.extend_from_slice(started);
            next.sort_unstable_by_key(|s| s.v);
        } else {
            choose(next);
        }
    }

    /// Keeps the states worth going on with: those within `prune` of the best; when more
    /// than `beam` are left, those within `ahead_margin`, weighed by their score plus the best
    /// the next word can do after them (its bigram and channel scores, all looked up
    /// together into `next_lowers`, a row per reading of this word). Runs of one last word
    /// stay together.
    #[allow(clippy::too_many_arguments)]
    fn keep(
        &self,
        states: &mut Vec<State>,
        history: &[(usize, usize)],
        ids: &[u32],
        next_ids: &[u32],
        next_channel: &impl Fn(usize) -> f32,
        next_lowers: &mut [f32],
        rows: &mut Vec<usize>,
        ahead: &mut Vec<f32>,
        next_flat: bool,
    ) {
        let best = states.iter().map(|s| s.score).fold(f32::MIN, f32::max);
        keep_from(states, best - self.prune);
        if states.len() <= self.beam {
            return;
        }
        keep_from(states, best - self.ahead_margin);
        let (n, m) = (ids.len(), next_ids.len());
        // (A bit per reading, where a word has no more than 64: read off in order, with no
        // sort's branches.)
        rows.clear();
        if n <= 64 {
            let mut mask = states.iter().fold(0u64, |m, s| m | 1 << history[s.back].1);
            while mask != 0 {
                rows.push(mask.trailing_zeros() as usize);
                mask &= mask - 1;
            }
        } else {
            rows.extend(states.iter().map(|s| history[s.back].1));
            rows.sort_unstable();
            rows.dedup();
        }
        self.model.lowers_rows(ids, rows, next_ids, next_lowers);
        ahead.clear();
        ahead.resize(n, 0.0);
        // (The next word's coming not weighed, nothing is ahead of any reading.)
        if !next_flat {
            for &ci in rows.iter() {
                ahead[ci] = next_lowers[ci * m..(ci + 1) * m]
                    .iter()
                    .enumerate()
                    .map(|(cj, l)| l + next_channel(cj))
                    .fold(f32::MIN, f32::max);
            }
        }
        let key = |s: &State| s.score + ahead[history[s.back].1];
        if states.len() > self.beam {
            // The `beam` best by key, in one pass that works out each key once (a selection
            // by comparisons worked out two keys at each, for a few tens of states).
            let mut top: SmallVec<[(f32, usize); 8]> = SmallVec::new();
            for (x, s) in states.iter().enumerate() {
                let k = key(s);
                if top.len() == self.beam {
                    if top[self.beam - 1].0 >= k {
                        continue;
                    }
                    top.pop();
                }
                let at = top.partition_point(|t| t.0 >= k);
                top.insert(at, (k, x));
            }
            let mut kept: SmallVec<[usize; 8]> = top.iter().map(|t| t.1).collect();
            kept.sort_unstable();
            for (to, &from) in kept.iter().enumerate() {
                states[to] = states[from];
            }
            states.truncate(kept.len());
        }
        states.sort_unstable_by_key(|s| s.v);
    }

    /// P(chosen candidate) against the others at word `i`, with the chosen neighbours in its
    /// sentence (`ends`: whether each word ends one; none said, the two words each side
    /// whatever their sentence), and the likeliest other candidate.
    pub(super) fn confidence(
        &self,
        lattice: &[(u32, Candidates)],
        chosen: &[Option<usize>],
        ends: &[bool],
        gaps: &[Gap],
        i: usize,
    ) -> (f32, Option<u32>) {
        match &lattice[i].1 {
            Some(cands) => self.confidence_among(
                neighbours(lattice, chosen, ends, gaps, i),
                cands,
                chosen[i].unwrap_or(0),
            ),
            None => (1.0, None),
        }
    }

    /// P(candidate `k`) against the others of `cands`, between the words `u v` and `n1 n2`
    /// ([`neighbours`]), and the likeliest other candidate.
    pub(super) fn confidence_among(
        &self,
        [u, v, n1, n2]: [u32; 4],
        cands: &[(u32, f32)],
        k: usize,
    ) -> (f32, Option<u32>) {
        let ids: SmallVec<[u32; READINGS]> = cands.iter().map(|c| c.0).collect();
        let mut scores: SmallVec<[f32; READINGS]> = cands.iter().map(|c| c.1).collect();
        self.model.add_fits([u, v], &ids, [n1, n2], &mut scores);
        let max = scores.iter().copied().fold(f32::MIN, f32::max);
        let z: f32 = scores.iter().map(|s| 10f32.powf(s - max)).sum();
        let other = (0..cands.len())
            .filter(|&j| j != k)
            .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
            .map(|j| cands[j].0);
        (10f32.powf(scores[k] - max) / z, other)
    }
}

/// How sure the decoder is of a word's reading: `p`, the share of the chosen path among the
/// paths its beam kept that differ from it only there, the next two words read as it reads them
/// (the last word of a sentence: the word before); NaN where it cannot tell (a word whose next
/// two start another sentence). `kept`: which of the word's readings those paths have (bit
/// per reading's index, the first 32): a reading the beam dropped early is not weighed.
#[derive(Clone, Copy, Debug)]
pub(super) struct Sure {
    pub p: f32,
    pub kept: u32,
}

impl Sure {
    pub const UNKNOWN: Sure = Sure {
        p: f32::NAN,
        kept: 0,
    };

    /// The chosen path's score `best` against the others' (P = 1 / (1 + Σ 10^(other − best));
    /// paths more than 5 (log10) behind add nothing that shows), and the readings of them all.
    fn among(
        best: f32,
        others: impl Iterator<Item = f32>,
        readings: impl Iterator<Item = usize>,
    ) -> Sure {
        let rest: f32 = others
            .map(|o| o - best)
            .filter(|d| *d > -5.0)
            .map(|d| 10f32.powf(d))
            .sum();
        Sure {
            p: 1.0 / (1.0 + rest),
            kept: readings.filter(|&k| k < 32).fold(0, |m, k| m | 1 << k),
        }
    }

    /// Whether the paths weighed read the word as its `k`th reading.
    pub fn kept(&self, k: usize) -> bool {
        k < 32 && self.kept & (1 << k) != 0
    }
}

/// The reading index `steps` words before the entry `h` of `history`.
fn reading_back(history: &[(usize, usize)], mut h: usize, steps: usize) -> usize {
    for _ in 0..steps {
        h = history[h].0;
    }
    history[h].1
}

/// The model's words between a token and the next that the tokens do not have (a comma, a
/// symbol: [`super::symbols_between`]).
pub(super) type Gap = SmallVec<[u32; 2]>;

/// Token `j` as read: its chosen reading, else its own word.
pub(super) fn read_as(lattice: &[(u32, Candidates)], chosen: &[Option<usize>], j: usize) -> u32 {
    match (&lattice[j].1, chosen[j]) {
        (Some(c), Some(k)) => c[k].0,
        _ => lattice[j].0,
    }
}

/// The two words before word `i` and the two after, as the decoder read them: the chosen
/// readings of its sentence's tokens and the words between them (`gaps`, one per token, of
/// what follows it; none given, none), the sentence's boundary past its ends (`ends`: whether
/// each token ends one; none given, the text's ends alone).
pub(super) fn neighbours(
    lattice: &[(u32, Candidates)],
    chosen: &[Option<usize>],
    ends: &[bool],
    gaps: &[Gap],
    i: usize,
) -> [u32; 4] {
    let id_at = |j: usize| read_as(lattice, chosen, j);
    let no_gap = Gap::new();
    let gap = |j: usize| gaps.get(j).unwrap_or(&no_gap);
    let ends_at = |j: usize| ends.get(j) == Some(&true);
    let mut before = SmallVec::<[u32; 4]>::new();
    let mut j = i;
    while before.len() < 2 && j > 0 && !ends_at(j - 1) {
        j -= 1;
        before.extend(gap(j).iter().rev().copied());
        before.push(id_at(j));
    }
    let mut after = SmallVec::<[u32; 4]>::new();
    let mut j = i;
    while after.len() < 2 && j + 1 < lattice.len() && !ends_at(j) {
        after.extend(gap(j).iter().copied());
        j += 1;
        after.push(id_at(j));
    }
    let at = |v: &SmallVec<[u32; 4]>, k: usize| v.get(k).copied().unwrap_or(BOUNDARY);
    [at(&before, 1), at(&before, 0), at(&after, 0), at(&after, 1)]
}
