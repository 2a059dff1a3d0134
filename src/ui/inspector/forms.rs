//! Reading numbers users type into forms. Browsers hand over the raw text of
//! a number field (empty, "1e309", "-3"), so each value is parsed and range
//! checked here, and a bad one becomes an inline message instead of an edit.

/// Parses `text` as a number within `lo..=hi` (whole when `whole`), or says
/// what is wrong in words for the message next to the field.
pub fn number(text: &str, lo: f64, hi: f64, whole: bool) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("enter a number".into());
    }
    let v: f64 = t.parse().map_err(|_| format!("{t:?} is not a number"))?;
    if v.is_nan() {
        return Err(format!("{t:?} is not a number"));
    }
    if !v.is_finite() {
        return Err(format!("{t} is too large"));
    }
    if v < lo || v > hi {
        return Err(format!("enter a number from {lo} to {hi}"));
    }
    if whole && v.fract() != 0.0 {
        return Err("enter a whole number".into());
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_numbers_become_messages() {
        let check = |text: &str, expected: Result<f64, &str>| {
            assert_eq!(number(text, 0.0, 100.0, true), expected.map_err(str::to_owned), "{text:?}");
        };
        check("42", Ok(42.0));
        check(" 7 ", Ok(7.0));
        check("", Err("enter a number"));
        check("NaN", Err("\"NaN\" is not a number"));
        check("abc", Err("\"abc\" is not a number"));
        check("1e309", Err("1e309 is too large"));
        check("-3", Err("enter a number from 0 to 100"));
        check("2.5", Err("enter a whole number"));
        assert_eq!(number("2.5", 0.0, 10.0, false), Ok(2.5));
    }
}
