//! Everything computed from engine output: per-incident, per-team and
//! per-service metrics, Monte Carlo aggregates with uncertainty, A/B
//! comparison on common random numbers, and diagnostics of a design.
