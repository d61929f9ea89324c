//! Needs met: which of a query's needs each profile meets, kept as bitmaps.
//!
//! Every structured need is a set of profiles: those with a code, those who
//! live in, those in a district. So each is a bitmap over slots (one bit per
//! profile), and a query reads only the bitmaps of the needs it names: about
//! 1 MB at a million profiles, where the earlier column scan streamed 36 MB
//! of masks, pay, areas and flags and was the branch the graph search waited
//! for. Pay (a ceiling the query chooses) and unnamed areas stay columns and
//! are read only when asked for.
//!
//! Scores are integers in half-points ([`UNIT`]), added up 64 profiles at a
//! time in bit-sliced counters (bit `i` of every profile's count in one
//! word): the best count and the profiles at it come out of a few word
//! operations, and only profiles whose count beats the current top
//! candidates are looked at one by one. [`NeedColumns::units`] scores one
//! profile the plain way; fusion uses it, and the tests check the two agree.
//!
//! A budget is a ceiling, not one need among others: a worker asking more
//! than the family said it can pay is listed after everyone who fits it (or
//! did not say), however many other needs she meets. That is a tier above
//! the needs' half-points ([`NeedPlan::score`] takes it off again), so the
//! scan's leaders and top candidates already come from within the budget.

use std::collections::{BinaryHeap, HashMap};

use super::query::{self, Need, Query};
use crate::extract::taxonomy::Taxonomy;

/// Scores count in half-points: a code weighs 2, a partly met skill 1, a
/// scalar need 1.5, all whole numbers of halves.
pub const UNIT: f32 = 0.5;
/// Profiles per bitmap word.
const LANES: usize = 64;
/// Bits of a per-profile count: up to 65,535 half-points.
const MAX_SLICES: usize = 16;
type Slices = [u64; MAX_SLICES];

/// One profile's structured facts, as [`NeedColumns::push`] takes them.
pub struct Facts {
    /// Bits of the codes and languages it has (see `Index::bits`).
    pub codes: u128,
    pub live_in: Option<bool>,
    /// Expected pay a month; 0 unknown.
    pub pay: u32,
    /// 0 unknown; else an index into `Index::areas` + 1.
    pub area: u16,
    /// Known districts named (see [`query::district_mask`]).
    pub districts: u64,
}

/// The structured view of every slot, as bitmaps (and two columns).
pub struct NeedColumns {
    slots: usize,
    /// Cleared when a profile is removed or replaced; every scan masks with it,
    /// so the other bitmaps never need clearing.
    live: Vec<u64>,
    codes: Vec<Vec<u64>>,
    /// [lives in, does not].
    live_in: [Vec<u64>; 2],
    districts: Vec<Vec<u64>>,
    /// Padded to whole words with 0 (unknown).
    pay: Vec<u32>,
    area: Vec<u16>,
}

impl NeedColumns {
    pub fn new(code_bits: usize) -> NeedColumns {
        assert!(code_bits <= 128, "the code mask holds 128 codes");
        NeedColumns {
            slots: 0,
            live: Vec::new(),
            codes: vec![Vec::new(); code_bits],
            live_in: [Vec::new(), Vec::new()],
            districts: vec![Vec::new(); 64],
            pay: Vec::new(),
            area: Vec::new(),
        }
    }

    /// Appends the next slot.
    pub fn push(&mut self, facts: &Facts) {
        let slot = self.slots;
        let (word, bit) = (slot / LANES, 1u64 << (slot % LANES));
        if slot.is_multiple_of(LANES) {
            let bitmaps = std::iter::once(&mut self.live)
                .chain(&mut self.codes)
                .chain(&mut self.live_in)
                .chain(&mut self.districts);
            for bitmap in bitmaps {
                bitmap.push(0);
            }
            self.pay.resize(self.pay.len() + LANES, 0);
            self.area.resize(self.area.len() + LANES, 0);
        }
        self.live[word] |= bit;
        for (code, bitmap) in self.codes.iter_mut().enumerate() {
            if facts.codes & (1 << code) != 0 {
                bitmap[word] |= bit;
            }
        }
        if let Some(v) = facts.live_in {
            self.live_in[usize::from(!v)][word] |= bit;
        }
        for (district, bitmap) in self.districts.iter_mut().enumerate() {
            if facts.districts & (1 << district) != 0 {
                bitmap[word] |= bit;
            }
        }
        self.pay[slot] = facts.pay;
        self.area[slot] = facts.area;
        self.slots += 1;
    }

    pub fn kill(&mut self, slot: u32) {
        if let Some(word) = self.live.get_mut(slot as usize / LANES) {
            *word &= !(1 << (slot as usize % LANES));
        }
    }

    pub fn alive(&self, slot: u32) -> bool {
        let slot = slot as usize;
        slot < self.slots && self.live[slot / LANES] & (1 << (slot % LANES)) != 0
    }

    /// Half-points `slot` earns under `plan`, one need at a time; `None` if removed.
    pub fn units(&self, plan: &NeedPlan, slot: u32) -> Option<u32> {
        if !self.alive(slot) {
            return None;
        }
        let slot = slot as usize;
        let (word, bit) = (slot / LANES, 1u64 << (slot % LANES));
        let has = |bitmap: &Vec<u64>| bitmap[word] & bit != 0;
        let mut units = plan.codes.iter().filter(|&&c| has(&self.codes[c])).count() as u32 * plan.code_units;
        for &(skill, service) in &plan.partial {
            if !has(&self.codes[skill]) && has(&self.codes[service]) {
                units += plan.code_units / 2;
            }
        }
        let live_in_ok = plan.live_in.is_some_and(|i| has(&self.live_in[i]));
        let pay = self.pay[slot];
        let pay_ok = plan.max_pay.is_some_and(|max| pay != 0 && pay <= max);
        let area_ok =
            plan.districts.iter().any(|&d| has(&self.districts[d])) || (plan.area != 0 && self.area[slot] == plan.area);
        units += (u32::from(live_in_ok) + u32::from(pay_ok) + u32::from(area_ok)) * plan.scalar_units;
        if plan.max_pay.is_some_and(|max| pay <= max) {
            units += plan.budget_tier; // within the budget, or pay not said (0)
        }
        Some(units)
    }

    /// The 64 counts of word `word` under `plan`, bit-sliced (dead lanes included).
    fn word_counts(&self, plan: &NeedPlan, word: usize) -> Slices {
        let mut counts = [0u64; MAX_SLICES];
        let n = plan.slices;
        for &code in &plan.codes {
            add(&mut counts, n, self.codes[code][word], plan.code_units);
        }
        for &(skill, service) in &plan.partial {
            add(&mut counts, n, self.codes[service][word] & !self.codes[skill][word], plan.code_units / 2);
        }
        if let Some(i) = plan.live_in {
            add(&mut counts, n, self.live_in[i][word], plan.scalar_units);
        }
        if let Some(max) = plan.max_pay {
            let pays = &self.pay[word * LANES..][..LANES];
            let ok = pays.iter().enumerate().fold(0u64, |m, (i, &p)| m | (u64::from(p != 0 && p <= max) << i));
            add(&mut counts, n, ok, plan.scalar_units);
            let fits = pays.iter().enumerate().fold(0u64, |m, (i, &p)| m | (u64::from(p <= max) << i));
            add(&mut counts, n, fits, plan.budget_tier);
        }
        if plan.area_need {
            let mut ok = plan.districts.iter().fold(0u64, |m, &d| m | self.districts[d][word]);
            if plan.area != 0 {
                let areas = &self.area[word * LANES..][..LANES];
                ok |= areas.iter().enumerate().fold(0u64, |m, (i, &a)| m | (u64::from(a == plan.area) << i));
            }
            add(&mut counts, n, ok, plan.scalar_units);
        }
        counts
    }

    /// Scores every live profile under `plan`: the best score, who has it,
    /// and the `k` best (ties to the lower slot). Runs on every core.
    pub fn scan(&self, plan: &NeedPlan, k: usize) -> Scan {
        use rayon::prelude::*;
        // 512 words = 32k profiles: enough work per task, and per-chunk tops
        // of k that are cheap to merge.
        const CHUNK_WORDS: usize = 512;
        let words = self.live.len();
        let mut word_best = vec![0u32; words];
        let mut at_best = vec![0u64; words];
        let chunks: Vec<ChunkScan> = word_best
            .par_chunks_mut(CHUNK_WORDS)
            .zip(at_best.par_chunks_mut(CHUNK_WORDS))
            .enumerate()
            .map(|(chunk, (word_best, at_best))| {
                let mut best: Option<u32> = None;
                let mut top = TopK::new(k);
                for (i, (word_best, at_best)) in word_best.iter_mut().zip(at_best.iter_mut()).enumerate() {
                    let word = chunk * CHUNK_WORDS + i;
                    let live = self.live[word];
                    if live == 0 {
                        continue;
                    }
                    let counts = self.word_counts(plan, word);
                    let (max, lanes) = max_lanes(&counts, plan.slices, live);
                    (*word_best, *at_best) = (max, lanes);
                    best = best.max(Some(max));
                    let entering = match top.threshold() {
                        None => live,
                        Some(min) => greater_than(&counts, plan.slices, min) & live,
                    };
                    for lane in ones(entering) {
                        top.offer(lane_count(&counts, plan.slices, lane), (word * LANES + lane) as u32);
                    }
                }
                ChunkScan { best, top: top.into_sorted() }
            })
            .collect();
        let best = chunks.iter().filter_map(|c| c.best).max().unwrap_or(0);
        // Nobody meeting anything is no lead.
        if best > 0 {
            at_best.par_iter_mut().zip(&word_best).for_each(|(lanes, &max)| {
                if max != best {
                    *lanes = 0;
                }
            });
        } else {
            at_best = Vec::new();
        }
        let leader_count = at_best.iter().map(|w| w.count_ones() as usize).sum();
        let mut top: Vec<(u32, u32)> = chunks.into_iter().flat_map(|c| c.top).collect();
        top.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        top.truncate(k);
        Scan { best, leaders: at_best, leader_count, top: top.into_iter().map(|(_, slot)| slot).collect() }
    }
}

/// What a query asks of the columns, resolved to bitmap numbers.
pub struct NeedPlan {
    /// Bits of the codes asked for (distinct).
    codes: Vec<usize>,
    /// (skill bit, bit of the service it implies): a worker who does the
    /// service but did not name the skill ("做家务" for "打扫卫生") gets half.
    partial: Vec<(usize, usize)>,
    code_units: u32,
    scalar_units: u32,
    /// Which `live_in` bitmap meets the need.
    live_in: Option<usize>,
    max_pay: Option<u32>,
    /// Added for fitting the budget (or not saying the pay): more than every
    /// need together, so it sorts first; 0 without a budget.
    budget_tier: u32,
    area_need: bool,
    /// Districts that meet the area need.
    districts: Vec<usize>,
    /// An area outside the known districts: its id, or u16::MAX if no profile names it.
    area: u16,
    /// Bits the counts need.
    slices: usize,
    /// Sum of the needs' weights (never 0).
    total: f32,
}

impl NeedPlan {
    pub fn new(query: &Query, bits: &HashMap<String, u32>, areas: &[String]) -> NeedPlan {
        let units = |need: &Need| {
            let units = need.weight() / UNIT;
            debug_assert!(units.fract() == 0.0, "weights are whole half-points");
            units as u32
        };
        let mut plan = NeedPlan {
            codes: Vec::new(),
            partial: Vec::new(),
            code_units: 0,
            scalar_units: 0,
            live_in: None,
            max_pay: None,
            budget_tier: 0,
            area_need: false,
            districts: Vec::new(),
            area: 0,
            slices: 0,
            total: 0.0,
        };
        for need in &query.needs {
            plan.total += need.weight();
            match need {
                Need::Code(code) => {
                    plan.code_units = units(need);
                    debug_assert!(plan.code_units.is_multiple_of(2), "a partly met skill counts half");
                    // A code no profile can have stays unmet.
                    if let Some(&bit) = bits.get(code) {
                        let bit = bit as usize;
                        if !plan.codes.contains(&bit) {
                            plan.codes.push(bit);
                        }
                        let implied = Taxonomy::embedded().get(code).into_iter().flat_map(|c| &c.implies);
                        for service in implied.filter(|i| i.when_clause_has.is_empty()) {
                            if let Some(&service_bit) = bits.get(&service.code) {
                                plan.partial.push((bit, service_bit as usize));
                            }
                        }
                    }
                }
                Need::LiveIn(v) => {
                    plan.scalar_units = units(need);
                    plan.live_in = Some(usize::from(!v));
                }
                Need::MaxPay(p) => {
                    plan.scalar_units = units(need);
                    plan.max_pay = Some(*p);
                }
                Need::Area(a) => {
                    plan.scalar_units = units(need);
                    plan.area_need = true;
                    let districts = query::district_mask(a);
                    plan.districts = (0..64).filter(|d| districts & (1 << d) != 0).collect();
                    if districts == 0 {
                        plan.area = areas.iter().position(|x| x == a).map_or(u16::MAX, |i| i as u16 + 1);
                    }
                }
            }
        }
        let scalars = u32::from(plan.live_in.is_some()) + u32::from(plan.max_pay.is_some()) + u32::from(plan.area_need);
        let most = plan.codes.len() as u32 * plan.code_units
            + plan.partial.len() as u32 * (plan.code_units / 2)
            + scalars * plan.scalar_units;
        if plan.max_pay.is_some() {
            plan.budget_tier = most + 1;
        }
        let most = most + plan.budget_tier;
        plan.slices = (u32::BITS - most.leading_zeros()) as usize;
        assert!(plan.slices <= MAX_SLICES, "a query of {most} half-points");
        plan.total = plan.total.max(1e-6);
        plan
    }

    /// The weighted share of the needs met (0..=1) for a count of half-points.
    pub fn score(&self, units: u32) -> f32 {
        let units = if self.fits_budget(units) { units - self.budget_tier } else { units };
        units as f32 * UNIT * (1.0 / self.total)
    }

    /// Whether a count of half-points is of a profile within the budget (or
    /// one who did not say the pay); true when the query names no budget.
    pub fn fits_budget(&self, units: u32) -> bool {
        self.budget_tier == 0 || units >= self.budget_tier
    }
}

/// One chunk's part of a scan.
struct ChunkScan {
    /// Its best count (`None` when it has no live profile).
    best: Option<u32>,
    /// Its best (count, slot), up to k.
    top: Vec<(u32, u32)>,
}

/// The outcome of [`NeedColumns::scan`].
pub struct Scan {
    /// Half-points of the best profiles (0 when nobody meets any need).
    pub best: u32,
    /// Bitmap of the profiles at `best` (empty when `best` is 0).
    pub leaders: Vec<u64>,
    pub leader_count: usize,
    /// The best slots, best first, ties to the lower slot.
    pub top: Vec<u32>,
}

impl Scan {
    pub fn is_leader(&self, slot: u64) -> bool {
        let slot = slot as usize;
        self.leaders.get(slot / LANES).is_some_and(|w| w & (1 << (slot % LANES)) != 0)
    }

    /// The leaders' slots, in order.
    pub fn leader_slots(&self) -> impl rayon::iter::ParallelIterator<Item = u32> + '_ {
        use rayon::prelude::*;
        self.leaders
            .par_iter()
            .enumerate()
            .flat_map_iter(|(word, &lanes)| ones(lanes).map(move |lane| (word * LANES + lane) as u32))
    }
}

/// Adds `units` to the count of every lane set in `lanes`.
fn add(counts: &mut Slices, slices: usize, lanes: u64, units: u32) {
    let mut units = units;
    let mut from = 0;
    while units != 0 {
        if units & 1 != 0 {
            // Ripple the carry up from bit `from`.
            let mut carry = lanes;
            for count in &mut counts[from..slices] {
                if carry == 0 {
                    break;
                }
                let next = *count & carry;
                *count ^= carry;
                carry = next;
            }
        }
        units >>= 1;
        from += 1;
    }
}

/// The largest count among `live` lanes and the lanes that have it.
fn max_lanes(counts: &Slices, slices: usize, live: u64) -> (u32, u64) {
    let (mut max, mut lanes) = (0u32, live);
    for bit in (0..slices).rev() {
        let with = lanes & counts[bit];
        if with != 0 {
            lanes = with;
            max |= 1 << bit;
        }
    }
    (max, lanes)
}

/// Lanes whose count is greater than `than`.
fn greater_than(counts: &Slices, slices: usize, than: u32) -> u64 {
    if slices < 32 && than >> slices != 0 {
        return 0;
    }
    let (mut greater, mut equal) = (0u64, !0u64);
    for bit in (0..slices).rev() {
        if than & (1 << bit) != 0 {
            equal &= counts[bit];
        } else {
            greater |= equal & counts[bit];
            equal &= !counts[bit];
        }
    }
    greater
}

fn lane_count(counts: &Slices, slices: usize, lane: usize) -> u32 {
    (0..slices).fold(0, |sum, bit| sum | (((counts[bit] >> lane) & 1) as u32) << bit)
}

/// The set lanes of a word, lowest first.
fn ones(mut lanes: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (lanes != 0).then(|| {
            let lane = lanes.trailing_zeros() as usize;
            lanes &= lanes - 1;
            lane
        })
    })
}

/// The `k` best (count, slot) offered in slot order, ties to the earlier.
struct TopK {
    k: usize,
    /// Min-heap: the worst kept is the lowest count, then the highest slot.
    heap: BinaryHeap<std::cmp::Reverse<(u32, std::cmp::Reverse<u32>)>>,
}

impl TopK {
    fn new(k: usize) -> TopK {
        TopK { k, heap: BinaryHeap::with_capacity(k + 1) }
    }

    /// Once full, only counts above this can enter (later slots lose ties).
    fn threshold(&self) -> Option<u32> {
        (self.heap.len() >= self.k).then(|| self.heap.peek().map_or(u32::MAX, |w| w.0 .0))
    }

    fn offer(&mut self, count: u32, slot: u32) {
        use std::cmp::Reverse;
        if self.heap.len() < self.k {
            self.heap.push(Reverse((count, Reverse(slot))));
        } else if self.heap.peek().is_some_and(|w| count > w.0 .0) {
            self.heap.pop();
            self.heap.push(Reverse((count, Reverse(slot))));
        }
    }

    fn into_sorted(self) -> Vec<(u32, u32)> {
        self.heap.into_iter().map(|std::cmp::Reverse((count, std::cmp::Reverse(slot)))| (count, slot)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A seeded xorshift: the tests need many varied rows, not a crate.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    fn plan_for(needs: Vec<Need>, bits: &HashMap<String, u32>) -> NeedPlan {
        NeedPlan::new(&Query { text: String::new(), needs, chinese: true }, bits, &["某小区".to_string()])
    }

    #[test]
    fn bit_sliced_counts_add_compare_and_find_the_max() {
        let mut counts = [0u64; MAX_SLICES];
        add(&mut counts, 6, 0b1011, 4);
        add(&mut counts, 6, 0b0110, 3);
        add(&mut counts, 6, 0b0011, 2);
        let want = [6, 9, 3, 4];
        for (lane, w) in want.iter().enumerate() {
            assert_eq!(lane_count(&counts, 6, lane), *w);
        }
        assert_eq!(max_lanes(&counts, 6, 0b1111), (9, 0b0010));
        assert_eq!(max_lanes(&counts, 6, 0b1101), (6, 0b0001));
        assert_eq!(greater_than(&counts, 6, 6), 0b0010);
        assert_eq!(greater_than(&counts, 6, 3), 0b1011);
        assert_eq!(greater_than(&counts, 6, 0), 0b1111);
        assert_eq!(greater_than(&counts, 6, 9), 0);
        assert_eq!(greater_than(&counts, 6, 64), 0);
        assert_eq!(ones(0b1010_0001).collect::<Vec<_>>(), [0, 5, 7]);
    }

    /// The bit-sliced scan and the one-profile-at-a-time count agree on
    /// every slot, for many queries over varied profiles with removals.
    #[test]
    fn the_scan_agrees_with_scoring_each_profile_alone() {
        let taxonomy = Taxonomy::embedded();
        let bits: HashMap<String, u32> =
            taxonomy.codes.iter().enumerate().map(|(i, c)| (c.code.clone(), i as u32)).collect();
        let codes: Vec<String> = taxonomy.codes.iter().map(|c| c.code.clone()).collect();
        let mut rng = Rng(0x9e3779b97f4a7c15);
        let mut columns = NeedColumns::new(bits.len());
        let n = 70_000; // over two scan chunks, ending mid-word
        for _ in 0..n {
            let mut mask = 0u128;
            for _ in 0..rng.below(6) {
                mask |= 1 << rng.below(bits.len() as u64);
            }
            columns.push(&Facts {
                codes: mask,
                live_in: [None, Some(true), Some(false)][rng.below(3) as usize],
                pay: [0, 4000, 6000, 8000, 9500][rng.below(5) as usize],
                area: rng.below(3) as u16,
                districts: if rng.below(4) == 0 { 1 << rng.below(5) } else { 0 },
            });
        }
        for slot in (0..n as u32).step_by(7) {
            columns.kill(slot);
        }
        for round in 0..40 {
            let mut needs: Vec<Need> = (0..1 + rng.below(4))
                .map(|_| Need::Code(codes[rng.below(codes.len() as u64) as usize].clone()))
                .collect();
            needs.dedup();
            if round % 2 == 0 {
                needs.push(Need::LiveIn(round % 4 == 0));
            }
            if round % 3 == 0 {
                needs.push(Need::MaxPay(7000));
            }
            match round % 5 {
                0 => needs.push(Need::Area("朝阳".into())),
                1 => needs.push(Need::Area("某小区".into())),
                2 => needs.push(Need::Code("no_such_code".into())),
                _ => {}
            }
            let plan = plan_for(needs.clone(), &bits);
            let scan = columns.scan(&plan, 100);
            let units: Vec<Option<u32>> = (0..n as u32).map(|s| columns.units(&plan, s)).collect();
            let best = units.iter().flatten().copied().max().unwrap();
            assert_eq!(scan.best, best, "{needs:?}");
            let leaders: Vec<u32> = (0..n as u32).filter(|&s| best > 0 && units[s as usize] == Some(best)).collect();
            assert_eq!(scan.leader_count, leaders.len());
            assert!(leaders.iter().all(|&s| scan.is_leader(s.into())));
            use rayon::prelude::*;
            assert_eq!(scan.leader_slots().collect::<Vec<_>>(), leaders);
            let mut ranked: Vec<(u32, u32)> =
                units.iter().enumerate().filter_map(|(s, u)| u.map(|u| (u, s as u32))).collect();
            ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let want: Vec<u32> = ranked.iter().take(100).map(|r| r.1).collect();
            assert_eq!(scan.top, want, "{needs:?}");
        }
    }

    #[test]
    fn scores_are_the_weighted_share_of_needs_met() {
        let taxonomy = Taxonomy::embedded();
        let bits: HashMap<String, u32> =
            taxonomy.codes.iter().enumerate().map(|(i, c)| (c.code.clone(), i as u32)).collect();
        let code = taxonomy.codes[0].code.clone();
        let plan = plan_for(vec![Need::Code(code), Need::LiveIn(true)], &bits);
        let mut columns = NeedColumns::new(bits.len());
        columns.push(&Facts { codes: 1, live_in: Some(true), pay: 0, area: 0, districts: 0 });
        columns.push(&Facts { codes: 0, live_in: Some(true), pay: 0, area: 0, districts: 0 });
        columns.push(&Facts { codes: 1, live_in: Some(false), pay: 0, area: 0, districts: 0 });
        for (slot, share) in [(0, 1.0), (1, 1.5 / 3.5), (2, 2.0 / 3.5)] {
            assert!((plan.score(columns.units(&plan, slot).unwrap()) - share).abs() < 1e-6);
        }
        columns.kill(0);
        assert_eq!(columns.units(&plan, 0), None);
        let scan = columns.scan(&plan, 10);
        assert_eq!((scan.best, scan.leader_count, scan.top), (4, 1, vec![2, 1]));
    }

    #[test]
    fn a_worker_over_budget_ranks_after_those_within_it_or_not_saying() {
        let taxonomy = Taxonomy::embedded();
        let bits: HashMap<String, u32> =
            taxonomy.codes.iter().enumerate().map(|(i, c)| (c.code.clone(), i as u32)).collect();
        let (a, b) = (taxonomy.codes[0].code.clone(), taxonomy.codes[1].code.clone());
        let plan = plan_for(vec![Need::Code(a), Need::Code(b), Need::LiveIn(true), Need::MaxPay(7000)], &bits);
        let mut columns = NeedColumns::new(bits.len());
        // Both codes and live-in, but 9500; one code, live-in, 6000; one code, pay not said.
        columns.push(&Facts { codes: 0b11, live_in: Some(true), pay: 9500, area: 0, districts: 0 });
        columns.push(&Facts { codes: 0b01, live_in: Some(true), pay: 6000, area: 0, districts: 0 });
        columns.push(&Facts { codes: 0b10, live_in: None, pay: 0, area: 0, districts: 0 });
        let units: Vec<u32> = (0..3).map(|s| columns.units(&plan, s).unwrap()).collect();
        let fits: Vec<bool> = units.iter().map(|&u| plan.fits_budget(u)).collect();
        assert_eq!(fits, [false, true, true]);
        // The scores stay the share of needs met: 5.5, 5 and 2 of 7.
        for (u, share) in units.iter().zip([5.5 / 7.0, 5.0 / 7.0, 2.0 / 7.0]) {
            assert!((plan.score(*u) - share).abs() < 1e-6, "{u}: {} vs {share}", plan.score(*u));
        }
        let scan = columns.scan(&plan, 10);
        assert_eq!((scan.leader_count, scan.top), (1, vec![1, 2, 0]));
    }
}
