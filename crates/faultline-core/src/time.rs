//! Units of time, written out once. The engine counts whole seconds
//! ([`crate::engine::Time`]); scenario files speak hours and days, screens
//! minutes, hours and days. Every conversion goes through here, each the
//! same arithmetic it always was, so no result moves by a bit.

/// Seconds in a minute, an hour, a day and a week.
pub const MINUTE: i64 = 60;
pub const HOUR: i64 = 60 * MINUTE;
pub const DAY: i64 = 24 * HOUR;
pub const WEEK: i64 = 7 * DAY;

/// Hours in a day, for the file's hours.
pub const HOURS_PER_DAY: f64 = 24.0;

/// Whole seconds from minutes, hours or days as typed, rounded to nearest.
pub fn from_minutes(m: f64) -> i64 {
    (m * MINUTE as f64).round() as i64
}

pub fn from_hours(h: f64) -> i64 {
    (h * HOUR as f64).round() as i64
}

pub fn from_days(d: f64) -> i64 {
    (d * DAY as f64).round() as i64
}

/// Seconds as minutes, hours or days.
pub fn minutes(s: i64) -> f64 {
    s as f64 / MINUTE as f64
}

pub fn hours(s: i64) -> f64 {
    s as f64 / HOUR as f64
}

pub fn days(s: i64) -> f64 {
    s as f64 / DAY as f64
}

/// A file's time of day `hour` on day `day` (0 the first), in hours from
/// the start.
pub fn at(day: f64, hour: f64) -> f64 {
    day * HOURS_PER_DAY + hour
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_trip_and_agree_with_the_units() {
        assert_eq!((MINUTE, HOUR, DAY, WEEK), (60, 3_600, 86_400, 604_800));
        assert_eq!(from_hours(1.5), 5_400);
        assert_eq!(from_minutes(0.5), 30);
        assert_eq!(from_days(28.0), 28 * DAY);
        assert_eq!((minutes(90), hours(5_400), days(DAY * 3)), (1.5, 1.5, 3.0));
        assert_eq!(at(4.0, 14.0), 110.0);
    }
}
