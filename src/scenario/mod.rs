//! Scenarios: the versioned document a run starts from (`model`), reading it from JSON (`parse`),
//! its validation with field-named errors (`validate`, `references`, `limits`, `error`), the
//! share-link codec (`link`), and the shipped scenarios (`presets`, with their notes in Chinese in
//! `preset_notes`). docs/scenario-format.md describes the format.

mod beyond_type;
pub mod clients;
pub mod error;
mod error_text;
pub mod fields;
pub mod json;
pub mod limits;
pub mod link;
pub mod model;
pub mod parse;
pub mod preset_notes;
pub mod presets;
mod references;
pub mod systems;
pub mod validate;

pub use error::{ErrorKind, ScenarioError};
pub use link::{decode, encode, LinkError, SharedRun};
pub use parse::parse_scenario;
pub use validate::{validate, validate_all};
