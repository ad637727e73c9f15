//! The batched economy: the closed form against a block-by-block loop, the endowment's
//! drawdown against closed forms, and Kryder+ activation.

use depinsim_arweave::Economy;
use depinsim_arweave::pricing::{BLOCKS_PER_DAY, BLOCKS_PER_YEAR, GIB, inflation, split_fee, upload_fee};

const TIB: f64 = (1u64 << 40) as f64;

fn economy(height: u64, weave: f64, endowment_ar: f64) -> Economy {
    Economy { height, weave_size: weave, endowment: endowment_ar * 1e12, debt: 0.0, kryder: 1, latch: false }
}

#[test]
fn a_batch_equals_the_sum_of_its_blocks() {
    // Inflation high enough that the draw starts mid-batch (the suffix search matters).
    for (height, weave) in [(1_850_000, 300.0 * TIB), (1_000_000, 4_000.0 * TIB), (0, 1.0 * TIB)] {
        let (n, uploads, tx, price) = (720u64, 500.0 * GIB as f64, 1u64 << 20, 1_000u64);
        let mut batch = economy(height, weave, 1_000.0);
        let b = batch.advance(n, uploads, tx, price);
        // Block by block, as Pool::block does, with the uploads spread evenly.
        let fee = upload_fee(tx, price, 1) as f64;
        let (to_pool, to_miner) = split_fee(upload_fee(tx, price, 1));
        let txs_per_block = uploads / tx as f64 / n as f64;
        let (mut take, mut rewards, mut w) = (0.0, 0.0, weave);
        for j in 0..n {
            w += uploads / n as f64;
            let expected = 20.0 * w * price as f64 * 120.0 / (60.0 * GIB as f64);
            let base = inflation(height + j) + txs_per_block * to_miner as f64;
            let t = (expected - base).max(0.0);
            take += t;
            rewards += base + t;
        }
        assert!((b.take - take).abs() <= 1e-9 * take.max(1.0), "take {} vs {take}", b.take);
        assert!((b.rewards - rewards).abs() <= 1e-9 * rewards, "rewards {} vs {rewards}", b.rewards);
        assert!((b.fees - txs_per_block * n as f64 * fee).abs() < 1.0);
        assert!((b.to_endowment - txs_per_block * n as f64 * to_pool as f64).abs() < 1.0);
        assert_eq!(batch.weave_size, weave + uploads);
        assert_eq!(batch.height, height + n);
    }
}

/// Runs day by day with `price(years)` until the endowment first runs dry; returns the years.
fn years_to_dry(mut e: Economy, first_day_uploads: f64, price: impl Fn(f64) -> u64, horizon_years: u64) -> Option<f64> {
    for day in 0..horizon_years * 365 {
        let uploads = if day == 0 { first_day_uploads } else { 0.0 };
        let b = e.advance(BLOCKS_PER_DAY, uploads, 1 << 20, price(day as f64 / 365.0));
        if b.ran_dry {
            return Some((day + 1) as f64 / 365.0);
        }
    }
    None
}

#[test]
fn with_flat_costs_and_no_uploads_the_endowment_lasts_its_size_over_the_yearly_draw() {
    // Far past the inflation schedule (2^-60), so the draw is the whole expected reward for a
    // 1 TiB weave: 20 * 1024 GiB * 1000 * 120 / 60 = 40,960,000 winston a block, 720 a day,
    // 10.76 AR a year. An endowment of ten years of it runs dry in the 3,651st day.
    let height = 60 * BLOCKS_PER_YEAR;
    let per_year = 20.0 * 1024.0 * 1000.0 * 2.0 * 720.0 * 365.0 / 1e12;
    let e = economy(height, TIB, 10.0 * per_year);
    let years = years_to_dry(e, 0.0, |_| 1000, 20).expect("runs dry");
    assert!((years - 10.0).abs() <= 2.0 / 365.0, "{years}");
}

#[test]
fn one_upload_is_paid_for_ever_when_costs_fall_0_5_percent_but_80_9_years_when_they_rise_2_percent() {
    let height = 60 * BLOCKS_PER_YEAR;
    let upload = 1024.0 * GIB as f64;
    // Costs rising 2% a year: the endowment's share X = 199.4996 years of the first-year cost of
    // the bytes charged, which are the data plus 3,210 bytes per 1 MiB transaction (x 1.0030613),
    // pays for T years with (e^{gT} - 1) / g = 199.4996 * 1.0030613 = 200.1103, g = ln 1.02:
    // T = ln(1 + 200.1103 g) / g = 80.896 years.
    let rising = years_to_dry(economy(height, 0.0, 0.0), upload, |y| (1e6 * 1.02f64.powf(y)).round() as u64, 120);
    let t = rising.expect("runs dry");
    assert!((t - 80.896).abs() < 2.0 / 365.0, "{t}");
    // Costs falling 0.5% a year (the fee's assumption): the same upload is still paid for after
    // 120 years (it is funded for ever, the miner's 1/21 share of the fee covering the first days).
    let assumed = years_to_dry(economy(height, 0.0, 0.0), upload, |y| (1e6 * 0.995f64.powf(y)).round() as u64, 120);
    assert_eq!(assumed, None);
}

#[test]
fn kryder_plus_doubles_when_the_endowment_runs_dry_and_doubles_fees_afterwards() {
    let height = 60 * BLOCKS_PER_YEAR;
    let mut e = economy(height, 100.0 * TIB, 0.0);
    let fee_before = upload_fee(1 << 20, 1000, e.kryder);
    let b = e.advance(720, 0.0, 1 << 20, 1000);
    assert!(b.ran_dry && b.kryder_doubled);
    assert_eq!((e.kryder, e.latch), (2, true));
    assert!(e.debt > 0.0 && e.endowment == 0.0);
    // floor(2 * 2,156,970,263.317) = 2 * 2,156,970,263.
    assert_eq!(upload_fee(1 << 20, 1000, e.kryder), 2 * fee_before);
    // Still dry the next day: the latch holds the multiplier at 2.
    e.advance(720, 0.0, 1 << 20, 1000);
    assert_eq!(e.kryder, 2);
    // An endowment that covers the day does not trigger it.
    let mut rich = economy(height, 100.0 * TIB, 1e9);
    let b = rich.advance(720, 0.0, 1 << 20, 1000);
    assert!(!b.ran_dry && b.take > 0.0);
    assert_eq!(rich.kryder, 1);
}
