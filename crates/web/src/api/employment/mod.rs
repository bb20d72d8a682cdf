//! The employment API: enterprises and liaison, jobs, seekers and matching, events with
//! check-ins and agreements, assistance, mentoring and outcomes.

mod assistance;
mod enterprises;
mod events;
mod jobs;
mod matching;
mod seekers;

pub use assistance::*;
pub use enterprises::*;
pub use events::*;
pub use jobs::*;
pub use matching::*;
pub use seekers::*;
