//! The combined SLI against per-second sums, the Workbook's times for one
//! impact and for two together.

use super::*;

fn imp(shape: Shape, severity: f64, start: Time, duration: Time) -> Impact {
    Impact { start, end: start + duration, profile: Profile { shape, severity, duration } }
}

fn rule(long_min: i64, short_min: i64, burn: f64) -> ResolvedAlertRule {
    ResolvedAlertRule { long_s: long_min * 60, short_s: short_min * 60, burn_rate: burn, page: true }
}

#[test]
fn combined_series_matches_a_per_second_sum() {
    let set = [
        imp(Shape::Sudden, 0.1, 100, 5_000),
        imp(Shape::Ramp, 0.3, 1_000, 7_200),
        imp(Shape::Intermittent, 0.2, 0, 10_000),
    ];
    let mut sum = 0.0;
    for t in 0..12_000 {
        let x = t as f64 + 0.5;
        let good: f64 = set.iter().map(|i| 1.0 - Form::of(i).linear_at(x).0).product();
        sum += 1.0 - good;
    }
    let exact = combined(&set, 0, 12_000);
    assert!((sum - exact).abs() < 1e-6 * sum, "{sum} vs {exact}");
}

#[test]
fn one_impact_alone_is_its_own_integral() {
    let i = imp(Shape::Ramp, 0.3, 500, 7_200);
    assert!((combined(&[i], 0, 9_000) - i.profile.integral(7_200)).abs() < 1e-9);
}

#[test]
fn two_small_failures_page_together_at_the_time_of_their_sum() {
    // Each 0.8% against a 99.9% SLO is under 14.4× (1.44%); together
    // 1 − 0.992² = 1.5936% is over it: the Workbook time of the sum.
    let r = rule(60, 5, 14.4);
    let a = imp(Shape::Sudden, 0.008, 0, 86_400);
    let b = imp(Shape::Sudden, 0.008, 0, 86_400);
    assert_eq!(alert_time(&[a], 1.0, 0.001, &r, 0, 86_400), None);
    let e = 1.0 - 0.992f64 * 0.992;
    let expected = 0.001 * 14.4 * 3_600.0 / e;
    let got = alert_time(&[a, b], 1.0, 0.001, &r, 0, 86_400).unwrap() as f64;
    assert!((got - expected).abs() <= 1.0, "{got} vs {expected}");
}

#[test]
fn a_ramp_under_a_short_window_converges_to_the_closed_form() {
    let r = rule(60, 5, 14.4);
    let a = imp(Shape::Ramp, 0.5, 0, 4 * 86_400);
    let closed = a.profile.alert_time(&r, 0.001, i64::MAX).unwrap();
    // A second impact far away forces the general path.
    let far = imp(Shape::Sudden, 0.0001, 20 * 86_400, 3_600);
    assert_eq!(alert_time(&[a, far], 1.0, 0.001, &r, 0, 30 * 86_400), Some(closed));
}

/// A full outage under two hundred ramps: every second is bad whatever the
/// ramps do, so the series is one wholly bad piece, not thousands of
/// subdivided ramp pieces (which it was before saturation was noticed).
#[test]
fn a_full_outage_saturates_the_series_whatever_ramps_beside_it() {
    let mut set = vec![imp(Shape::Sudden, 1.0, 0, 200_000)];
    set.extend((0..200).map(|k| imp(Shape::Ramp, 0.5, 100 * k, 150_000)));
    let series = Series::new(&set, 0, 200_000);
    for t in [1, 999, 77_777, 150_000, 199_999, 200_000] {
        assert!((series.cum(t) - t as f64).abs() < 1e-6, "{t}: {}", series.cum(t));
    }
    assert!(
        series.work < 100_000 && series.pieces_kept() == 1,
        "{} units, {} pieces",
        series.work,
        series.pieces_kept()
    );
}
