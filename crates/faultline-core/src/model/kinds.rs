//! Failure kinds and shapes, with the defaults that let a user inject a
//! failure by naming only its kind and its target.

use crate::time::HOURS_PER_DAY;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// Full severity from the first second.
    Sudden,
    /// Grows linearly to full severity over the first half of its duration.
    Ramp,
    /// Full severity for the first quarter of every hour, nothing in between.
    Intermittent,
}

impl Shape {
    pub const ALL: [Shape; 3] = [Self::Sudden, Self::Ramp, Self::Intermittent];

    pub fn label(self) -> &'static str {
        match self {
            Self::Sudden => "sudden",
            Self::Ramp => "ramp",
            Self::Intermittent => "intermittent",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    SlowProvisioning,
    RolloutOutage,
    LatencyCreep,
    CertificateExpiry,
    CapacityExhaustion,
    ConfigDrift,
}

/// What a kind of failure looks like when nobody says otherwise. How teams
/// react to it (mitigation time, fix effort, "working as designed") are
/// assumptions of the engine (`engine::assumptions`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KindDefaults {
    pub shape: Shape,
    /// Peak fraction of bad events on affected services.
    pub severity: f64,
    pub duration_hours: f64,
}

impl FailureKind {
    pub const ALL: [FailureKind; 6] = [
        Self::SlowProvisioning,
        Self::RolloutOutage,
        Self::LatencyCreep,
        Self::CertificateExpiry,
        Self::CapacityExhaustion,
        Self::ConfigDrift,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::SlowProvisioning => "Slow provisioning",
            Self::RolloutOutage => "Rollout outage",
            Self::LatencyCreep => "Latency creep",
            Self::CertificateExpiry => "Certificate expiry",
            Self::CapacityExhaustion => "Capacity exhaustion",
            Self::ConfigDrift => "Config drift",
        }
    }

    /// The snake_case name used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::SlowProvisioning => "slow_provisioning",
            Self::RolloutOutage => "rollout_outage",
            Self::LatencyCreep => "latency_creep",
            Self::CertificateExpiry => "certificate_expiry",
            Self::CapacityExhaustion => "capacity_exhaustion",
            Self::ConfigDrift => "config_drift",
        }
    }

    /// What mitigating it means, for the timeline ("SRE on-call rolled back the release").
    pub fn mitigation_verb(self) -> &'static str {
        match self {
            Self::SlowProvisioning => "moved workloads onto pre-provisioned capacity",
            Self::RolloutOutage => "rolled back the release",
            Self::LatencyCreep => "shed the slow path",
            Self::CertificateExpiry => "renewed the certificate",
            Self::CapacityExhaustion => "added capacity",
            Self::ConfigDrift => "reverted the drifted configuration",
        }
    }

    pub fn defaults(self) -> KindDefaults {
        match self {
            Self::SlowProvisioning => {
                KindDefaults { shape: Shape::Ramp, severity: 0.005, duration_hours: 96.0 }
            }
            Self::RolloutOutage => KindDefaults { shape: Shape::Sudden, severity: 0.1, duration_hours: 8.0 },
            Self::LatencyCreep => {
                KindDefaults { shape: Shape::Ramp, severity: 0.003, duration_hours: 14.0 * HOURS_PER_DAY }
            }
            // An expired certificate on one integration breaks the requests
            // that go through it, about one in twenty.
            Self::CertificateExpiry => {
                KindDefaults { shape: Shape::Sudden, severity: 0.05, duration_hours: 48.0 }
            }
            Self::CapacityExhaustion => {
                KindDefaults { shape: Shape::Intermittent, severity: 0.05, duration_hours: 72.0 }
            }
            Self::ConfigDrift => KindDefaults {
                shape: Shape::Intermittent,
                severity: 0.01,
                duration_hours: 7.0 * HOURS_PER_DAY,
            },
        }
    }
}
