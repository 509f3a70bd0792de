//! Writing JSON text. Every document the lab writes (share links, the saved run, downloaded
//! scenarios, trace exports, the editor's JSON view) goes through `to_text`, compact or pretty by a
//! flag rather than by type: serde copies each Serialize impl once per serializer type, so one
//! serializer keeps the WASM smaller. The output is byte for byte serde_json's `to_vec` (compact)
//! or `to_string_pretty` (pretty).

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
use serde_json::Value;
use std::io;

/// The value as JSON text: compact (`{"a":1}`) or pretty (two-space indents, one field a line).
pub fn to_text<T: Serialize + ?Sized>(value: &T, pretty: bool) -> serde_json::Result<String> {
    let layout = if pretty { Layout::Pretty(PrettyFormatter::new()) } else { Layout::Compact(CompactFormatter) };
    let mut out = Vec::with_capacity(256);
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, layout))?;
    // serde_json writes only UTF-8.
    String::from_utf8(out).map_err(serde::ser::Error::custom)
}

/// The value as a JSON tree, through `to_text` (serde_json::to_value would be a third
/// serializer). Exact: the lab's documents hold integers, strings and booleans, which read back
/// as they were written.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Value> {
    serde_json::from_str(&to_text(value, false)?)
}

/// serde_json's two layouts behind one type.
enum Layout {
    Compact(CompactFormatter),
    Pretty(PrettyFormatter<'static>),
}

/// Forwards the methods PrettyFormatter overrides; the rest are the trait's defaults, which both
/// layouts share.
macro_rules! forward {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        impl Formatter for Layout {
            $(
                fn $name<W: ?Sized + io::Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> io::Result<()> {
                    match self {
                        Layout::Compact(f) => f.$name(writer $(, $arg)*),
                        Layout::Pretty(f) => f.$name(writer $(, $arg)*),
                    }
                }
            )*
        }
    };
}

forward! {
    begin_array();
    end_array();
    begin_array_value(first: bool);
    end_array_value();
    begin_object();
    end_object();
    begin_object_key(first: bool);
    begin_object_value();
    end_object_value();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets;

    #[test]
    fn same_text_and_tree_as_serde_json() {
        for preset in presets::all() {
            let s = preset.scenario().expect("a preset reads");
            assert_eq!(to_text(&s, false).ok(), serde_json::to_string(&s).ok());
            assert_eq!(to_text(&s, true).ok(), serde_json::to_string_pretty(&s).ok());
            assert_eq!(to_value(&s).ok(), serde_json::to_value(&s).ok());
        }
    }
}
