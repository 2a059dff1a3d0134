//! Stories in the page: the chapter panel beside the board (Learn and
//! Workshop), the "?" overlay with the shortcuts and the glossary, the
//! facilitator's second window and the channel to it, the QR code of the
//! share link, and the runs behind each reveal and goal, made in slices.
//!
//! [`state`] and [`sync`] are plain data and reducers, tested natively; the
//! story itself (chapters, evaluation, glossary) is [`crate::story`], pure.

mod facilitator;
mod help;
mod hook;
pub mod jobs;
mod panel;
mod prose;
pub mod qr;
pub mod state;
pub mod sync;

pub use facilitator::Facilitator;
pub use help::{HelpOverlay, HelpProps, SHORTCUTS};
pub use hook::{neighbour_preset, use_story, StoryHandle};
pub use panel::{StoryPanel, StoryPanelProps};
pub use prose::{Prose, ProseProps};
pub use state::{Mode, Playing, Progress, StoryAction, StoryState};
