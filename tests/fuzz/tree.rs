//! Structural edits of a JSON tree, for any JSON: numbers at and past every
//! limit, wrong types, missing and unknown keys, duplicated elements,
//! swapped values, long and hostile strings, deep nesting; and, through
//! [`crate::design`], the edits that need to know what a scenario is.

use crate::corpus::pick;
use crate::design;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::{Map, Value};

/// Numbers at, just past and far past the model's limits, and the values
/// floating point makes awkward.
pub const NUMBERS: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    0.01,
    1e-9,
    1e-300,
    5e-324,
    1e308,
    -1e308,
    f64::MAX,
    1e20,
    4_294_967_295.0,
    4_294_967_296.0,
    9_007_199_254_740_993.0,
    24.0,
    99.999,
    100.0,
    100.0001,
    101.0,
    500.0,
    501.0,
    1_000.0,
    1_001.0,
    3_650.0,
    3_651.0,
    5_000.0,
    10_000.0,
    10_001.0,
    100_000.0,
    100_001.0,
    0.999,
    0.999_999_999,
    1.000_000_1,
];

/// Strings a user could paste: long, markup, formulas, control and
/// bidirectional characters, and nothing at all.
fn hostile_string(rng: &mut ChaCha8Rng) -> String {
    match rng.random_range(0..10) {
        0 => "A".repeat(10_240),
        1 => "é".repeat(5_120),
        2 => "<script>alert(1)</script><img src=x onerror=alert(2)>".into(),
        3 => "]]><!-- | pipe | `tick` **bold** [link](javascript:alert(1)) # heading".into(),
        4 => "=cmd|' /C calc'!A0,\"quoted\",\nnew line".into(),
        5 => "\u{0}\u{1}\u{7f}\u{202e}rtl\u{200b}zero\u{feff}bom".into(),
        6 => "👩‍👩‍👧‍👦".repeat(100),
        7 => String::new(),
        8 => "#s=AAAA".into(),
        _ => "a\u{301}".repeat(3_000),
    }
}

/// Where a value sits in the tree.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn paths(v: &Value) -> Vec<Vec<Step>> {
    fn walk(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        out.push(here.clone());
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    here.push(Step::Key(k.clone()));
                    walk(x, here, out);
                    here.pop();
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    here.push(Step::Index(i));
                    walk(x, here, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut Vec::new(), &mut out);
    out
}

fn at<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(v, |v, s| match s {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

fn show(path: &[Step]) -> String {
    let mut s = String::from("$");
    for step in path {
        match step {
            Step::Key(k) => s.push_str(&format!(".{k}")),
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

fn get<'a>(v: &'a Value, path: &[Step]) -> &'a Value {
    path.iter().fold(v, |v, s| match s {
        Step::Key(k) => &v[k.as_str()],
        Step::Index(i) => &v[*i],
    })
}

/// A random node for which `keep` holds, if any.
fn node(rng: &mut ChaCha8Rng, v: &Value, keep: impl Fn(&Value) -> bool) -> Option<Vec<Step>> {
    let mut all = paths(v);
    all.retain(|p| keep(get(v, p)));
    (!all.is_empty()).then(|| all.swap_remove(rng.random_range(0..all.len())))
}

/// One structural edit; returns what it did.
pub fn mutate(rng: &mut ChaCha8Rng, v: &mut Value) -> String {
    // Edits that keep a file readable come first and most often: a type
    // error stops reading at once, so it reaches nothing beyond `read`.
    match rng.random_range(0..40) {
        0..=11 => set_number(rng, v),
        12..=17 => design::ids(rng, v),
        18..=21 => design::assumption(rng, v),
        22..=24 => duplicate(rng, v),
        25..=27 => {
            let Some(p) = node(rng, v, Value::is_string) else { return "no string".into() };
            let s = hostile_string(rng);
            *at(v, &p) = Value::String(s.clone());
            format!("{} = {:.40?}… ({} bytes)", show(&p), s, s.len())
        }
        28..=30 => {
            let Some(p) = node(rng, v, |_| true) else { return "empty".into() };
            let x =
                pick(rng, &[Value::Null, Value::Bool(true), Value::Array(vec![]), Value::Object(Map::new())])
                    .clone();
            *at(v, &p) = x.clone();
            format!("{} = {x}", show(&p))
        }
        31..=33 => {
            let Some(p) = node(rng, v, |x| x.as_object().is_some_and(|m| !m.is_empty())) else {
                return "no key to delete".into();
            };
            let m = at(v, &p).as_object_mut().expect("chosen as an object");
            let key = m.keys().nth(rng.random_range(0..m.len())).expect("in range").clone();
            m.remove(&key);
            format!("delete {}.{key}", show(&p))
        }
        34..=35 => {
            let (Some(p), Some(q)) = (node(rng, v, |_| true), node(rng, v, |_| true)) else {
                return "nothing to swap".into();
            };
            let nested = |a: &[Step], b: &[Step]| a.len() <= b.len() && show(b).starts_with(&show(a));
            if nested(&p, &q) || nested(&q, &p) {
                return "swap skipped (nested)".into();
            }
            let x = std::mem::take(at(v, &p));
            let y = std::mem::replace(at(v, &q), x);
            *at(v, &p) = y;
            format!("swap {} and {}", show(&p), show(&q))
        }
        36..=37 => {
            let Some(p) = node(rng, v, Value::is_object) else { return "no object".into() };
            let key = *pick(rng, &["extra", "__proto__", "constructor", "", "Version", "teams ", "ü", "id"]);
            let value =
                pick(rng, &[Value::Null, Value::from(1), Value::from("x"), Value::Array(vec![])]).clone();
            at(v, &p).as_object_mut().expect("chosen as an object").insert(key.into(), value);
            format!("add {}.{key:?}", show(&p))
        }
        38 => {
            let Some(p) = node(rng, v, |_| true) else { return "empty".into() };
            let depth =
                if rng.random_bool(0.7) { rng.random_range(1..=4) } else { rng.random_range(120..=300) };
            let mut x = std::mem::take(at(v, &p));
            for _ in 0..depth {
                x = if rng.random_bool(0.5) {
                    Value::Array(vec![x])
                } else {
                    Value::Object(Map::from_iter([("a".to_owned(), x)]))
                };
            }
            *at(v, &p) = x;
            format!("nest {} {depth} deep", show(&p))
        }
        _ => {
            let Some(p) = node(rng, v, Value::is_number) else { return "no number".into() };
            let s = *pick(rng, &["NaN", "Infinity", "-inf", "1e999", "12", "", "0x10"]);
            *at(v, &p) = Value::String(s.into());
            format!("{} = {s:?}", show(&p))
        }
    }
}

fn duplicate(rng: &mut ChaCha8Rng, v: &mut Value) -> String {
    let Some(p) = node(rng, v, |x| x.as_array().is_some_and(|a| !a.is_empty())) else {
        return "no array".into();
    };
    let a = at(v, &p).as_array_mut().expect("chosen as an array");
    let from = rng.random_range(0..a.len());
    let copies = if rng.random_bool(0.8) { 1 } else { rng.random_range(2..=60) };
    for _ in 0..copies {
        let to = rng.random_range(0..=a.len());
        a.insert(to, a[from].clone());
    }
    format!("duplicate {}[{from}] {copies}×", show(&p))
}

fn set_number(rng: &mut ChaCha8Rng, v: &mut Value) -> String {
    let Some(p) = node(rng, v, Value::is_number) else { return "no number".into() };
    let x = at(v, &p);
    let old = x.as_f64().unwrap_or(0.0);
    let new = match rng.random_range(0..10) {
        // Near the old value, which often keeps the file valid and so
        // reaches the engine with something it has not seen.
        0 => old * pick(rng, &[0.5, 2.0, 10.0, 0.1]),
        1 => old + pick(rng, &[1.0, -1.0]),
        2 => -old,
        _ => *pick(rng, NUMBERS),
    };
    *x = match rng.random_range(0..10) {
        0 => Value::from(u64::MAX),
        1 => Value::from(i64::MIN),
        _ => serde_json::Number::from_f64(new).map_or(Value::Null, Value::Number),
    };
    format!("{} = {x}", show(&p))
}
