//! Everything computed from engine output: per-incident, per-team and
//! per-service metrics, Monte Carlo aggregates with uncertainty, A/B
//! comparison on common random numbers, diagnostics of a design with their
//! simulated consequences, verdicts and reports.

pub mod advisor;
pub mod batch;
pub mod compare;
pub mod consequence;
pub mod diagnostics;
pub mod effects;
pub mod handoffs;
pub mod mend;
pub mod metrics;
pub mod montecarlo;
pub mod objective;
pub mod report;
pub mod sensitivity;
pub mod stories;
pub mod verdict;
