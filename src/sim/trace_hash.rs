//! The trace hash: a 64-bit fingerprint of a run's whole trace, equal on every machine and in the
//! browser. Events are fed through a tiny serde serializer that writes a canonical binary form —
//! fixed-width little-endian integers, explicit lengths, variant indices, begin/end marks around
//! compounds — into a word-at-a-time mixer. Only integers are mixed (`usize` goes in as `u64`), so
//! the hash does not depend on the target's pointer width or byte order. It is about ten times
//! cheaper than hashing the events' JSON.

use serde::ser::{self, Serialize};
use std::fmt;

/// A stable 64-bit mixer (multiply-rotate over whole words).
#[derive(Clone, Debug)]
pub struct StableHasher {
    h: u64,
}

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher { h: 0x243f_6a88_85a3_08d3 }
    }
}

const K: u64 = 0x9e37_79b9_7f4a_7c15;

impl StableHasher {
    pub fn word(&mut self, x: u64) {
        self.h = (self.h.rotate_left(23) ^ x).wrapping_mul(K);
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.word(b.len() as u64);
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.word(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.word(u64::from_le_bytes(w));
        }
    }

    /// The final value, with an avalanche so that close states land far apart.
    pub fn finish(&self) -> u64 {
        let mut x = self.h;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }

    /// Hash any serializable value in the canonical form.
    pub fn value<T: Serialize + ?Sized>(&mut self, v: &T) {
        // Hashing never fails: `Never` has no values.
        let _ = v.serialize(&mut *self);
    }
}

/// Marks that keep the encoding unambiguous: where a compound begins and ends, and what it is.
const BEGIN: u64 = 0xB0;
const END: u64 = 0xE0;
const NONE: u64 = 0x00;
const SOME: u64 = 0x01;

/// The serializer's error type; hashing cannot fail.
#[derive(Debug)]
pub struct Never;

impl fmt::Display for Never {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unreachable")
    }
}
impl std::error::Error for Never {}
impl ser::Error for Never {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Never
    }
}

type R = Result<(), Never>;

impl ser::Serializer for &mut StableHasher {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> R {
        self.word(u64::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> R {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> R {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> R {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> R {
        self.word(v as u64);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> R {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> R {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> R {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> R {
        self.word(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> R {
        self.word(u64::from(v.to_bits()));
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> R {
        self.word(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> R {
        self.word(u64::from(v));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> R {
        self.bytes(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> R {
        self.bytes(v);
        Ok(())
    }
    fn serialize_none(self) -> R {
        self.word(NONE);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> R {
        self.word(SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, index: u32, _: &'static str) -> R {
        self.word(u64::from(index));
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> R {
        self.word(u64::from(index));
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Never> {
        self.word(BEGIN);
        self.word(len.map_or(u64::MAX, |l| l as u64));
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Never> {
        self.word(BEGIN);
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.word(BEGIN);
        Ok(self)
    }
    fn serialize_tuple_variant(self, _: &'static str, index: u32, _: &'static str, _: usize) -> Result<Self, Never> {
        self.word(u64::from(index));
        self.word(BEGIN);
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, Never> {
        self.word(BEGIN);
        self.word(len.map_or(u64::MAX, |l| l as u64));
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.word(BEGIN);
        Ok(self)
    }
    fn serialize_struct_variant(self, _: &'static str, index: u32, _: &'static str, _: usize) -> Result<Self, Never> {
        self.word(u64::from(index));
        self.word(BEGIN);
        Ok(self)
    }
}

/// Compounds whose parts are just values: hash each, then an end mark.
macro_rules! values_then_end {
    ($trait:ident, $method:ident) => {
        impl ser::$trait for &mut StableHasher {
            type Ok = ();
            type Error = Never;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
                v.serialize(&mut **self)
            }
            fn end(self) -> R {
                self.word(END);
                Ok(())
            }
        }
    };
}

values_then_end!(SerializeSeq, serialize_element);
values_then_end!(SerializeTuple, serialize_element);
values_then_end!(SerializeTupleStruct, serialize_field);
values_then_end!(SerializeTupleVariant, serialize_field);

impl ser::SerializeMap for &mut StableHasher {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> R {
        k.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        v.serialize(&mut **self)
    }
    fn end(self) -> R {
        self.word(END);
        Ok(())
    }
}

/// Structs: fields in declaration order (names add nothing), a mark for a skipped field so it cannot
/// read as the next field's value, then an end mark.
macro_rules! fields_then_end {
    ($trait:ident) => {
        impl ser::$trait for &mut StableHasher {
            type Ok = ();
            type Error = Never;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, v: &T) -> R {
                v.serialize(&mut **self)
            }
            fn skip_field(&mut self, _: &'static str) -> R {
                self.word(NONE);
                Ok(())
            }
            fn end(self) -> R {
                self.word(END);
                Ok(())
            }
        }
    };
}

fields_then_end!(SerializeStruct);
fields_then_end!(SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;

    fn h<T: Serialize>(v: &T) -> u64 {
        let mut s = StableHasher::default();
        s.value(v);
        s.finish()
    }

    #[test]
    fn distinguishes_what_json_would() {
        assert_ne!(h(&("ab", "c")), h(&("a", "bc")));
        assert_ne!(h(&vec![1u8, 2]), h(&vec![1u8, 2, 0]));
        assert_ne!(h(&Some(0u64)), h(&None::<u64>));
        assert_ne!(h(&(vec![1u8], vec![2u8])), h(&(vec![1u8, 2], Vec::<u8>::new())));
        assert_ne!(h(&1u32), h(&2u32));
    }

    #[test]
    fn integer_width_does_not_matter_but_value_does() {
        // usize is serialized as u64 by serde, so 32- and 64-bit targets agree.
        assert_eq!(h(&7usize), h(&7u64));
        assert_eq!(h(&7u8), h(&7u64));
    }

    /// Golden value: if this changes, every golden trace hash changes with it.
    #[test]
    fn golden() {
        assert_eq!(h(&("mqlab", 1u64, vec![Some(2u32), None])), 0x0aff_8d21_68f2_07d4);
    }
}
