//! Byte-level edits of the text: bit flips, inserted tokens and random
//! bytes, deletions, truncation, copied ranges, splicing with another input,
//! number literals JSON readers disagree about, and deep bracket runs.

use crate::corpus::pick;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// One edit of the text as bytes; returns what it did.
pub fn mutate(rng: &mut ChaCha8Rng, b: &mut Vec<u8>, other: &[u8]) -> String {
    let n = b.len();
    let at = |rng: &mut ChaCha8Rng| rng.random_range(0..=n);
    match rng.random_range(0..9) {
        0 if n > 0 => {
            let i = rng.random_range(0..n);
            let bit = rng.random_range(0..8);
            b[i] ^= 1 << bit;
            format!("flip bit {bit} of byte {i}")
        }
        1 => {
            let i = at(rng);
            const TOKENS: &[&[u8]] = &[
                b"{",
                b"}",
                b"[",
                b"]",
                b",",
                b":",
                b"\"",
                b"\\u",
                b"\\ud800",
                b"null",
                b"1e999",
                b"\0",
                b"\xff",
                b"\xc3",
                b"\xef\xbb\xbf",
                b"\xe2\x80\xae",
            ];
            let token = *pick(rng, TOKENS);
            b.splice(i..i, token.iter().copied());
            format!("insert {:?} at {i}", String::from_utf8_lossy(token))
        }
        2 if n > 0 => {
            let i = rng.random_range(0..n);
            let len = rng.random_range(1..=32).min(n - i);
            b.drain(i..i + len);
            format!("delete {len} bytes at {i}")
        }
        3 => {
            let i = at(rng);
            b.truncate(i);
            format!("truncate to {i} bytes")
        }
        4 if n > 0 => {
            let i = rng.random_range(0..n);
            let len = rng.random_range(1..=256).min(n - i);
            let chunk: Vec<u8> = b[i..i + len].to_vec();
            let to = at(rng);
            b.splice(to..to, chunk);
            format!("copy {len} bytes from {i} to {to}")
        }
        5 => {
            let i = at(rng);
            let j = rng.random_range(0..=other.len());
            b.truncate(i);
            b.extend_from_slice(&other[j..]);
            format!("splice: first {i} bytes, then another input from byte {j}")
        }
        6 => {
            // Replace a number literal with one JSON readers disagree about.
            let digits: Vec<usize> = (0..n).filter(|&i| b[i].is_ascii_digit()).collect();
            if digits.is_empty() {
                return "no digits".into();
            }
            let i = *pick(rng, &digits);
            let mut j = i;
            while j < n && (b[j].is_ascii_digit() || b".eE+-".contains(&b[j])) {
                j += 1;
            }
            let lit = *pick(
                rng,
                &[
                    "1e999",
                    "-0",
                    "NaN",
                    "0x10",
                    "1e-999",
                    "00",
                    "1.",
                    ".5",
                    "+1",
                    "Infinity",
                    "99999999999999999999999",
                ],
            );
            b.splice(i..j, lit.bytes());
            format!("number at {i} = {lit}")
        }
        7 => {
            let i = at(rng);
            let depth = rng.random_range(100..=20_000);
            b.splice(i..i, std::iter::repeat_n(b'[', depth));
            format!("insert {depth} '[' at {i}")
        }
        _ => {
            let i = at(rng);
            let len = rng.random_range(1..=8);
            let bytes: Vec<u8> = (0..len).map(|_| rng.random()).collect();
            b.splice(i..i, bytes);
            format!("insert {len} random bytes at {i}")
        }
    }
}
