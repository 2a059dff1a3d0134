//! Randomness for the engine: one ChaCha8 generator per incident, all
//! derived from the run's seed.
//!
//! Each injected failure draws from a stream keyed by its id, so two designs
//! run with the same seed see the same random numbers for the same failure
//! (common random numbers), whatever else differs between them. Sampling uses
//! `libm`, a pure-Rust maths library, because std's `ln` and `exp` call the
//! platform's C library, which may round differently on wasm32 and native.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A seeded, portable random stream.
#[derive(Clone, Debug)]
pub struct Stream(ChaCha8Rng);

/// Stream families, so keys from different sources never collide.
#[derive(Clone, Copy, Debug)]
pub enum Family {
    Failure = 1,
    Background = 2,
    Recurrence = 3,
    Arrivals = 4,
    /// Per-service draws when an alert fires: deferral and ticket pick-up.
    Service = 5,
}

impl Stream {
    /// The stream for `key` within `family` under the run's `seed`.
    pub fn new(seed: u64, family: Family, key: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(mix(family as u64, key));
        Self(rng)
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        self.0.random::<f64>()
    }

    /// Uniform in (0, 1], safe to take the logarithm of.
    fn open_uniform(&mut self) -> f64 {
        1.0 - self.uniform()
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Index in `0..n`; `n` must be positive.
    pub fn below(&mut self, n: usize) -> usize {
        ((self.uniform() * n as f64) as usize).min(n - 1)
    }

    /// Exponential with the given mean.
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -mean * libm::log(self.open_uniform())
    }

    /// Standard normal, by Box–Muller.
    pub fn normal(&mut self) -> f64 {
        let u1 = self.open_uniform();
        let u2 = self.uniform();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2)
    }

    /// Lognormal with the given median and shape.
    pub fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * libm::exp(sigma * self.normal())
    }
}

/// Hashes a (family, key) pair into a stream number (SplitMix64 finaliser).
fn mix(family: u64, key: u64) -> u64 {
    let mut z = family.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ key;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A stable 64-bit key for a string id (FNV-1a).
pub fn key_of(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Derives the seed of Monte Carlo run `index` from the base seed, so a run's
/// result does not depend on which runs come before it or on which thread.
pub fn run_seed(base: u64, index: u32) -> u64 {
    mix(base ^ 0x5EED, u64::from(index))
}
