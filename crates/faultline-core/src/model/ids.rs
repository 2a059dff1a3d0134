//! Typed identifiers. In the scenario file an id is a short string; in code each
//! kind of id is its own type so a team id can never be passed where a
//! capability id is expected.

use serde::{Deserialize, Serialize};
use smol_str::SmolStr;
use std::fmt;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
        #[serde(transparent)]
        pub struct $name(pub SmolStr);

        impl $name {
            pub fn new(s: impl AsRef<str>) -> Self {
                Self(SmolStr::new(s))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(SmolStr::new(s))
            }
        }
    };
}

string_id!(
    /// A team's id, unique among teams.
    TeamId
);
string_id!(
    /// A capability's id, unique among capabilities.
    CapabilityId
);
string_id!(
    /// An injected failure's id, unique among failures. It also keys the
    /// failure's random stream, so the same failure draws the same numbers in
    /// two designs being compared.
    FailureId
);

/// Dense index of a team in a validated [`crate::model::Scenario`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TeamIx(pub u32);

/// Dense index of a capability in a validated [`crate::model::Scenario`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CapIx(pub u32);

impl TeamIx {
    pub fn get(self) -> usize {
        self.0 as usize
    }
}

impl CapIx {
    pub fn get(self) -> usize {
        self.0 as usize
    }
}
