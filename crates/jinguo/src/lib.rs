//! The `jinguo` binary's parts: configuration, start-up (data directory, master key, migrations,
//! bootstrap) and the commands of CONTRACT.md. `main.rs` only parses and dispatches.

pub mod cli;
pub mod startup;
