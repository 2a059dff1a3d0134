//! The side of the board: what is selected and what can be changed about
//! it. [`side`] chooses between a team's inspector ([`team_inspector`], with
//! the time-split sliders of [`split`]), a capability's ([`cap_inspector`],
//! [`cap_service`]), adding one ([`cap_add`]), the failures and their form
//! ([`failures`], [`failure_form`]) and the design's diagnosis
//! ([`diagnosis`]), which [`live`] keeps up to date as the design changes.
//! [`forms`] reads the numbers users type.

pub mod cap_add;
pub mod cap_inspector;
pub mod cap_service;
pub mod diagnosis;
pub mod failure_form;
pub mod failures;
pub mod forms;
pub mod live;
pub mod side;
pub mod split;
pub mod team_inspector;
