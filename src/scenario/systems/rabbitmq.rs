//! Settings of RabbitMQ. Each setting's default is the real system's, stated beside it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RabbitSettings {}

/// Every setting of this system's section, for the editor (`scenario::fields`).
pub const FIELDS: &[crate::scenario::fields::Field] = &[];

/// Check the section's values (`scenario::validate`). Not built yet: the system is refused.
pub(crate) fn check(
    _settings: &RabbitSettings,
    _s: &crate::scenario::model::Scenario,
    c: &mut crate::scenario::validate::Checker,
) {
    c.push("system.kind", crate::scenario::ErrorKind::NotInSystem { system: "rabbitmq" });
}
