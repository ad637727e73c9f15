//! The fee, its split, the expected reward, inflation and the per-block endowment rule, against
//! values computed by hand from ArweaveTeam/arweave's formulas (apps/arweave/src/ar_pricing.erl,
//! ar_inflation.erl, include/ar_pricing.hrl).

use depinsim_arweave::pricing::*;

#[test]
fn fee_for_one_gib_at_1000_winston_per_gib_minute_matches_the_hand_computation() {
    // get_tx_fee({Bytes = 2^30, Price = 1000, Kryder = 1, N = 20}):
    //   FirstYear = 2^30 * 1000 * 525600
    //   Perpetual = FirstYear * 10^18 * 1 * 20 / (5012541823544286 * 2^30)   (-ln 0.995 as upstream's fraction)
    //   Fee       = floor(Perpetual * 21 / 20)
    //             = floor(1000 * 525600 * 20 * 21 * 10^18 / (20 * 5012541823544286))
    //             = floor(11,037,600,000 * 10^18 / 5,012,541,823,544,286)
    //             = floor(2,201,996,589,465.96)
    //             = 2,201,996,589,465 winston (2.202 AR).
    assert_eq!(tx_fee(1 << 30, 1000, 1), 2_201_996_589_465);
    // The multiplier doubles the fee (up to the truncation).
    assert_eq!(tx_fee(1 << 30, 1000, 2), 4_403_993_178_931);
    // Linear in the price.
    assert_eq!(tx_fee(1 << 30, 2000, 1), 4_403_993_178_931);
}

#[test]
fn an_upload_is_padded_to_whole_chunks_and_pays_for_the_transaction_base() {
    // 1 MiB is 4 whole 256 KiB chunks: bytes charged = 1,048,576 + 3,210 = 1,051,786.
    //   fee = floor(1,051,786 * 1000 * 525600 * 20 * 21 * 10^18 / (20 * 5012541823544286 * 2^30))
    //       = floor(2,156,970,263.317) = 2,156,970,263 winston.
    assert_eq!(upload_fee(1 << 20, 1000, 1), 2_156_970_263);
    // One byte more takes a fifth chunk.
    assert_eq!(padded_size((1 << 20) + 1), 5 * 256 * 1024);
    assert!(upload_fee((1 << 20) + 1, 1000, 1) > upload_fee(1 << 20, 1000, 1));
    assert_eq!(padded_size(0), 0);
}

#[test]
fn the_endowment_keeps_20_21_of_a_fee_and_that_is_exactly_199_5_years_of_the_expected_reward() {
    let fee = tx_fee(1 << 30, 1000, 1);
    let (pool, miner) = split_fee(fee);
    // Miner: floor(2,201,996,589,465 / 21) = 104,856,980,450; the endowment keeps the rest.
    assert_eq!(miner, 104_856_980_450);
    assert_eq!(pool, 2_097_139_609_015);
    // The expected reward for one GiB: 20 * 2^30 * 1000 * 120 div (60 * 2^30) = 40,000 winston a
    // block, 262,800 blocks a year: 1.0512e10 a year. At constant prices the endowment's share
    // pays for 1 / -ln(0.995) = 199.4996 years of it.
    assert_eq!(expected_reward(1 << 30, 1000, 120), 40_000);
    let years = pool as f64 / (40_000.0 * BLOCKS_PER_YEAR as f64);
    assert!((years - 199.4996).abs() < 1e-3, "{years}");
}

#[test]
fn inflation_halves_every_year_and_its_closed_form_sum_matches_block_by_block() {
    // I(0) = 0.2 * 55M * ln 2 / 262,800 = 29.01301 AR.
    assert!((inflation(0) / 1e12 - 29.013_009_84).abs() < 1e-6);
    assert!((inflation(BLOCKS_PER_YEAR) / inflation(0) - 0.5).abs() < 1e-12);
    let h = 1_850_000;
    let loop_sum: f64 = (0..720).map(|j| inflation(h + j)).sum();
    assert!((inflation_sum(h, 720) / loop_sum - 1.0).abs() < 1e-12);
    // The whole schedule mints 0.2 * 55M / ln 2 * ln 2 = 11M AR.
    let all = inflation_sum(0, 200 * BLOCKS_PER_YEAR) / 1e12;
    assert!((all - 11_000_000.0).abs() < 100.0, "{all}");
}

#[test]
fn a_block_covered_by_inflation_and_fees_leaves_the_endowment_alone() {
    let mut pool = Pool { endowment: 1_000, debt: 0, kryder: 1, latch: false };
    // 21,000 of fees: 1,000 to the miner, 20,000 to the pool; 500 inflation covers 1,200 expected.
    let (reward, take) = pool.block(500, &[21_000], 1_200);
    assert_eq!((reward, take), (1_500, 0));
    assert_eq!(pool.endowment, 21_000);
}

#[test]
fn a_shortfall_is_taken_from_the_endowment_and_when_it_cannot_pay_kryder_doubles_once() {
    let threshold = RESET_KRYDER_PLUS_LATCH_THRESHOLD;
    let mut pool = Pool { endowment: 1_000, debt: 0, kryder: 1, latch: false };
    // Shortfall 700 <= 1,000: drawn from the endowment.
    assert_eq!(pool.block(300, &[], 1_000), (1_000, 700));
    assert_eq!((pool.endowment, pool.debt, pool.kryder, pool.latch), (300, 0, 1, false));
    // Shortfall 1,000 > 300: the pool empties, 700 becomes debt, the multiplier doubles, latch closes.
    assert_eq!(pool.block(0, &[], 1_000), (1_000, 1_000));
    assert_eq!((pool.endowment, pool.debt, pool.kryder, pool.latch), (0, 700, 2, true));
    // Dry again while latched: more debt, no second doubling.
    pool.block(0, &[], 1_000);
    assert_eq!((pool.debt, pool.kryder), (1_700, 2));
    // Refilled above 10,000 AR, then a draw: the latch reopens; the next exhaustion doubles again.
    pool.endowment = threshold + 2_000;
    pool.block(0, &[], 1_000);
    assert!(!pool.latch);
    pool.endowment = 0;
    pool.block(0, &[], 1_000);
    assert_eq!((pool.kryder, pool.latch), (4, true));
}

#[test]
fn the_wide_division_agrees_with_plain_arithmetic_and_survives_large_products() {
    assert_eq!(mul_div_floor(7, 9, 4), 15);
    assert_eq!(mul_div_floor(u64::MAX as u128, u64::MAX as u128, u64::MAX as u128), u64::MAX as u128);
    // (2^100 * 3^40) / 3^40 = 2^100: the product is above 2^128.
    let three40 = 3u128.pow(40);
    assert_eq!(mul_div_floor(1 << 100, three40, three40), 1 << 100);
    // A 1 TiB upload at a price 10,000 times today's: no overflow, 1,024 * 10^4 GiB fees.
    let gib = tx_fee(1 << 30, 1000, 1);
    let big = tx_fee(1 << 40, 10_000_000, 1);
    assert!((big as f64 / (gib as f64 * 1024.0 * 1e4) - 1.0).abs() < 1e-9);
}
