//! The inputs: a corpus of real scenarios, and case *i* of seed *s* made
//! from it. Everything a case does is drawn from one ChaCha8 stream (seed
//! *s*, stream *i*), so it is the same input on every machine, whatever the
//! number of threads or the cases before it. A case applies one to four
//! edits (one, mostly, so that many cases stay valid and reach the engine):
//! structural ones to the JSON tree ([`crate::tree`], [`crate::design`])
//! and byte-level ones to the text ([`crate::bytes`]), sometimes both.

use crate::{bytes, tree};
use faultline::engine;
use faultline::model::{generate, presets, Scenario};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

/// One starting input, with its validated form when it has one (a mutated
/// design is compared with the design it came from).
pub struct Seed {
    pub name: String,
    pub text: String,
    pub scenario: Option<Scenario>,
    /// How often it is picked: inversely to its cost (the incidents of one
    /// run, at least 20), so each entry gets about the same share of the
    /// time. A fixture with 24,000 incidents is mutated too, only less often
    /// (the favouring of fast inputs that AFL's scheduler does).
    pub weight: u64,
}

/// Every preset, every JSON file in `tests/data`, and a few generated
/// organisations, in a fixed order.
pub fn corpus() -> Vec<Seed> {
    let mut out = Vec::new();
    let mut add = |name: String, text: String| {
        let scenario = faultline::model::parse(&text).ok();
        // Text that is not a scenario at all (a saved report) is mutated a
        // tenth as often: nearly everything made from it stops at `read`.
        let cost =
            scenario.as_ref().map_or(200, |sc| engine::run(sc, sc.settings().seed).incidents.len().max(20));
        let weight = 1_000_000 / cost as u64;
        out.push(Seed { name, text, scenario, weight });
    };
    for p in presets::PRESETS {
        // Every listed preset exists; `preset` returns `None` only for unknown ids.
        add(format!("preset:{}", p.id), presets::preset(p.id).expect("listed presets exist").to_json());
    }
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files: Vec<_> = std::fs::read_dir(&data)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", data.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        add(format!("tests/data/{}", path.file_name().unwrap_or_default().to_string_lossy()), text);
    }
    for (divisions, failures, seed) in [(1, 2, 1), (1, 6, 2), (2, 3, 3)] {
        let f = generate::organisation(divisions, failures, seed);
        add(format!("generated({divisions}, {failures}, {seed})"), f.to_json());
    }
    out
}

/// The random stream of case `case` under `seed`.
pub fn stream(seed: u64, case: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(case);
    rng
}

/// A case's input: its bytes, the corpus entry it came from and what was done.
pub struct Case {
    pub bytes: Vec<u8>,
    /// The corpus entry it was made from (none for a replayed file).
    pub base: Option<usize>,
    pub what: Vec<String>,
}

/// Case `case` of `seed`. The first cases are the corpus itself, unchanged.
pub fn case(corpus: &[Seed], seed: u64, case: u64) -> Case {
    if let Some(s) = usize::try_from(case).ok().filter(|&c| c < corpus.len()) {
        return Case {
            bytes: corpus[s].text.clone().into_bytes(),
            base: Some(s),
            what: vec!["unchanged".into()],
        };
    }
    let rng = &mut stream(seed, case);
    let base = weighted(rng, corpus);
    let mut what = Vec::new();
    let structural = rng.random_range(0..100) < 85;
    // Mostly one edit, so that many cases stay valid and reach the engine.
    let edits = |rng: &mut ChaCha8Rng| *pick(rng, &[1, 1, 1, 1, 1, 2, 2, 3, 4]);
    let mut bytes = if structural {
        // Every corpus entry is JSON; the tree is edited, then written
        // compactly or pretty.
        let mut v: Value = serde_json::from_str(&corpus[base].text).unwrap_or(Value::Null);
        for _ in 0..edits(rng) {
            what.push(tree::mutate(rng, &mut v));
        }
        let text = if rng.random_bool(0.5) { v.to_string() } else { pretty(&v) };
        text.into_bytes()
    } else {
        corpus[base].text.clone().into_bytes()
    };
    if !structural || rng.random_range(0..100) < 10 {
        for _ in 0..edits(rng) {
            let other = &corpus[rng.random_range(0..corpus.len())].text;
            what.push(bytes::mutate(rng, &mut bytes, other.as_bytes()));
        }
    }
    Case { bytes, base: Some(base), what }
}

/// A corpus entry, by weight.
fn weighted(rng: &mut ChaCha8Rng, corpus: &[Seed]) -> usize {
    let total: u64 = corpus.iter().map(|s| s.weight).sum();
    let mut x = rng.random_range(0..total);
    for (i, s) in corpus.iter().enumerate() {
        if x < s.weight {
            return i;
        }
        x -= s.weight;
    }
    corpus.len() - 1
}

fn pretty(v: &Value) -> String {
    // A tree of JSON values with string keys always serializes.
    serde_json::to_string_pretty(v).expect("JSON values serialize")
}

pub fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}
