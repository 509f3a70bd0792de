//! Scenarios: the versioned document a run starts from (`model`), its validation with field-named
//! errors (`validate`), and the share-link codec (`link`).

pub mod model;
