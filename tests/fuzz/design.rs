//! Edits that know what a scenario is: ids that dangle, collide, are renamed
//! everywhere or make dependency cycles, and assumptions set to the edges
//! of their ranges and past them.

use crate::corpus::pick;
use crate::tree::NUMBERS;
use faultline::engine::assumptions;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::{Map, Value};

/// The strings that name teams, capabilities and failures.
fn id_strings(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for list in ["teams", "capabilities", "failures"] {
        for x in v.get(list).and_then(Value::as_array).into_iter().flatten() {
            if let Some(id) = x.get("id").and_then(Value::as_str) {
                out.push(id.to_owned());
            }
        }
    }
    out
}

/// Keys whose values are enumerations.
const ENUMS: &[&str] = &["role", "kind", "layer", "shape", "background_kinds", "distribution"];

/// Replaces strings equal to `from` by `to`: every one (object keys too),
/// or just the `only`-th.
fn rename(v: &mut Value, from: &str, to: &str, only: Option<usize>, seen: &mut usize) {
    match v {
        Value::String(s) if s == from => {
            if only.is_none_or(|k| k == *seen) {
                *s = to.to_owned();
            }
            *seen += 1;
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rename(x, from, to, only, seen)),
        Value::Object(m) => {
            // Enumerations are not ids, even where a capability is named
            // after its role.
            let keys: Vec<String> = m.keys().filter(|k| !ENUMS.contains(&k.as_str())).cloned().collect();
            for k in keys {
                if let Some(mut x) = m.remove(&k) {
                    rename(&mut x, from, to, only, seen);
                    let k = if k == from && only.is_none() { to.to_owned() } else { k };
                    m.insert(k, x);
                }
            }
        }
        _ => {}
    }
}

/// Ids that dangle, collide, are renamed everywhere, or depend on themselves.
pub fn ids(rng: &mut ChaCha8Rng, v: &mut Value) -> String {
    let all = id_strings(v);
    if all.is_empty() {
        return "no ids".into();
    }
    let id = pick(rng, &all).clone();
    match rng.random_range(0..4) {
        0 => {
            // Counting by renaming nothing: `seen` ends at the number of occurrences.
            let mut count = 0;
            rename(v, &id, &id, Some(usize::MAX), &mut count);
            let k = rng.random_range(0..count.max(1));
            rename(v, &id, "ghost", Some(k), &mut 0);
            format!("occurrence {k} of {id:?} dangles")
        }
        1 => {
            let other = pick(rng, &all).clone();
            rename(v, &id, &other, Some(0), &mut 0);
            format!("{id:?} collides with {other:?}")
        }
        2 => {
            let to = match rng.random_range(0..4) {
                0 => "x".repeat(300),
                1 => "ünï-cødé ✓".into(),
                2 => " ".into(),
                _ => format!("{id}.{id}"),
            };
            rename(v, &id, &to, None, &mut 0);
            format!("rename {id:?} to {:.40?} everywhere", to)
        }
        _ => {
            let caps: Vec<String> = v
                .get("capabilities")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|c| c.get("id").and_then(Value::as_str).map(str::to_owned))
                .collect();
            if caps.is_empty() {
                return "no capabilities".into();
            }
            let (a, b) = (pick(rng, &caps).clone(), pick(rng, &caps).clone());
            for c in v["capabilities"].as_array_mut().into_iter().flatten() {
                if c.get("id").and_then(Value::as_str) == Some(&a) {
                    if !c.get("depends_on").is_some_and(Value::is_array) {
                        c["depends_on"] = Value::Array(vec![]);
                    }
                    if let Some(d) = c["depends_on"].as_array_mut() {
                        d.push(Value::String(b.clone()));
                    }
                }
            }
            format!("{a:?} depends on {b:?}")
        }
    }
}

/// An assumption set to an edge of its range, past it, or one that does not exist.
pub fn assumption(rng: &mut ChaCha8Rng, v: &mut Value) -> String {
    let table = assumptions::table();
    let row = pick(rng, &table);
    let key = if rng.random_bool(0.1) { "no_such_assumption" } else { row.key };
    let value = match rng.random_range(0..6) {
        0 => row.min,
        1 => row.max,
        2 => row.low,
        3 => row.high,
        4 => row.max * 2.0,
        _ => *pick(rng, NUMBERS),
    };
    if !v.get("settings").is_some_and(Value::is_object) {
        return "no settings".into();
    }
    let settings = &mut v["settings"];
    if !settings.get("assumptions").is_some_and(Value::is_object) {
        settings["assumptions"] = Value::Object(Map::new());
    }
    settings["assumptions"][key] = serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number);
    format!("settings.assumptions.{key} = {value}")
}
