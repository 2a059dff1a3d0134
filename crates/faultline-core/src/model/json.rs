//! JSON text into a [`serde_json::Value`], with one rule serde_json does not
//! keep: an object may not name a key twice. serde_json keeps the last value
//! silently, so a second `"teams": []` after the real teams would load as a
//! scenario with no teams and lose the user's work without a word.
//!
//! The check happens while parsing, in the visitor that builds the value, so
//! there is no second pass over the text, and serde_json's own errors (with
//! line and column) and its recursion limit stay as they are. The path of the
//! object holding the key is built only when there is one to report: each
//! enclosing array or object adds its step while the error unwinds.

use super::validate::{clip, quote, Problem, ROOT};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// One step of a JSON path: a key of an object or an index into an array.
pub(super) enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// A path in the form validation reports, such as `teams[2].time_split` or
/// `ownership.deploy[1]`; `$` for the document itself. Long keys are clipped,
/// so a path stays short whatever the document holds.
pub(super) fn path<'a>(steps: impl IntoIterator<Item = Step<'a>>) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&clip(key));
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() {
        ROOT.to_owned()
    } else {
        out
    }
}

/// Parses JSON text, refusing an object that names a key twice. A syntax
/// error is reported as serde_json words it, with its line and column.
pub(crate) fn parse(text: &str) -> Result<Value, Problem> {
    let mut duplicate = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed =
        ValueSeed { duplicate: &mut duplicate }.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    match (parsed, duplicate) {
        (Ok(value), _) => Ok(value),
        (Err(_), Some(d)) => {
            let at = path(d.steps.iter().rev().map(|s| match s {
                Owned::Key(k) => Step::Key(k),
                Owned::Index(i) => Step::Index(*i),
            }));
            Err(Problem::new(at, format!("the key {} appears twice", quote(&d.key))))
        }
        (Err(e), None) => Err(Problem::new(
            ROOT,
            format!("not valid JSON (line {}, column {}): {}", e.line(), e.column(), strip_position(&e)),
        )),
    }
}

/// serde_json's message without the " at line L column C" it appends, since
/// the problem says where in its own words.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// A key found twice, and the steps to its object, innermost first (they are
/// added as the error unwinds).
struct Duplicate {
    key: String,
    steps: Vec<Owned>,
}

enum Owned {
    Key(String),
    Index(usize),
}

/// Builds one value; on a repeated key it records the key in `duplicate`
/// and fails, and each enclosing level then adds its step.
struct ValueSeed<'s> {
    duplicate: &'s mut Option<Duplicate>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        // serde_json checks its recursion limit on entering each array or
        // object here, so deep nesting is an error, not a stack overflow.
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_f64<E>(self, x: f64) -> Result<Value, E> {
        // serde_json never hands over a non-finite number; null is what its
        // own `Value` makes of one.
        Ok(serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            match seq.next_element_seed(ValueSeed { duplicate: &mut *self.duplicate }) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(Value::Array(items)),
                Err(e) => {
                    if let Some(d) = self.duplicate.as_mut() {
                        d.steps.push(Owned::Index(items.len()));
                    }
                    return Err(e);
                }
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                *self.duplicate = Some(Duplicate { key, steps: Vec::new() });
                // The message is never shown: `parse` reports the duplicate.
                return Err(de::Error::custom("a key appears twice"));
            }
            match map.next_value_seed(ValueSeed { duplicate: &mut *self.duplicate }) {
                Ok(value) => {
                    object.insert(key, value);
                }
                Err(e) => {
                    if let Some(d) = self.duplicate.as_mut() {
                        d.steps.push(Owned::Key(key));
                    }
                    return Err(e);
                }
            }
        }
        Ok(Value::Object(object))
    }
}
