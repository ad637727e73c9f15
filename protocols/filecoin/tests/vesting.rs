//! Reward vesting against filecoin-project/builtin-actors' actors/miner/tests/
//! vesting_add_locked_funds_table.rs, vesting_add_locked_funds.rs and vesting_unvested_funds.rs,
//! and REWARD_VESTING_SPEC (actors/miner/src/policy.rs).

use depinsim_filecoin::units::{EPOCHS_PER_DAY, TokenAmount};
use depinsim_filecoin::vesting::{REWARD_VESTING_SPEC, VestSpec, VestingFunds, locked_reward_from_reward};

fn spec(initial_delay: i64, vest_period: i64, step_duration: i64, quantization: i64) -> VestSpec {
    VestSpec { initial_delay, vest_period, step_duration, quantization }
}

#[test]
fn vesting_table() {
    // Every case of `test_vesting` in vesting_add_locked_funds_table.rs: 100 attoFIL locked 10
    // epochs after the proving period start; vepocs[e] is what unlocks at vest_start + e.
    let cases: [(VestSpec, i64, &[i128]); 18] = [
        (spec(0, 1, 1, 1), 0, &[0, 0, 100, 0]),
        (spec(0, 2, 1, 1), 0, &[0, 0, 50, 50, 0]),
        (spec(0, 2, 1, 2), 0, &[0, 0, 0, 100, 0]),
        (spec(0, 3, 1, 1), 0, &[0, 0, 33, 33, 34, 0]),
        (spec(0, 3, 1, 2), 0, &[0, 0, 0, 66, 0, 34, 0]),
        (spec(0, 2, 2, 1), 0, &[0, 0, 0, 100, 0]),
        (spec(0, 5, 2, 1), 0, &[0, 0, 0, 40, 0, 40, 0, 20, 0]),
        (spec(1, 5, 2, 1), 0, &[0, 0, 0, 0, 40, 0, 40, 0, 20, 0]),
        (spec(0, 5, 2, 2), 0, &[0, 0, 0, 40, 0, 40, 0, 20, 0]),
        (spec(0, 5, 3, 1), 0, &[0, 0, 0, 0, 60, 0, 0, 40, 0]),
        (spec(0, 5, 3, 2), 0, &[0, 0, 0, 0, 0, 80, 0, 20, 0]),
        (spec(0, 5, 6, 1), 0, &[0, 0, 0, 0, 0, 0, 0, 100, 0]),
        (spec(5, 5, 1, 1), 0, &[0, 0, 0, 0, 0, 0, 0, 20, 20, 20, 20, 20, 0]),
        (spec(0, 10, 2, 2), 0, &[0, 0, 0, 20, 0, 20, 0, 20, 0, 20, 0, 20]),
        (spec(0, 10, 2, 2), 1, &[0, 0, 0, 20, 0, 20, 0, 20, 0, 20, 0, 20]),
        (spec(0, 10, 2, 2), 55, &[0, 0, 0, 20, 0, 20, 0, 20, 0, 20, 0, 20]),
        (spec(0, 10, 1, 5), 0, &[0, 0, 0, 0, 0, 0, 50, 0, 0, 0, 0, 50]),
        // Not upstream: the reward spec shrunk, to keep the list's shape honest.
        (spec(0, 4, 1, 2), 0, &[0, 0, 0, 50, 0, 50, 0]),
    ];
    for (i, (vspec, period_start, vepocs)) in cases.iter().enumerate() {
        let mut funds = VestingFunds::new();
        let vest_start = period_start + 10;
        let unlocked = funds.add_locked(vest_start, TokenAmount::from_atto(100), *period_start, vspec);
        assert!(unlocked.is_zero());
        assert_eq!(funds.locked(), TokenAmount::from_atto(100));
        let mut total = 0;
        for (e, &v) in vepocs.iter().enumerate() {
            let got = funds.unlock_vested(vest_start + e as i64);
            assert_eq!(got, TokenAmount::from_atto(v), "case {i}, epoch offset {e}");
            total += v;
            assert_eq!(funds.locked(), TokenAmount::from_atto(100 - total));
        }
        assert_eq!(total, 100, "case {i}");
        assert!(funds.entries().is_empty());
    }
}

#[test]
fn coprime_step_period_and_quantization() {
    // `vests_when_quantize_step_duration_and_vesting_period_are_coprime`.
    let mut funds = VestingFunds::new();
    let vspec = spec(0, 27, 5, 7);
    funds.add_locked(10, TokenAmount::from_atto(100), 0, &vspec);
    let mut total = TokenAmount::ZERO;
    for e in 10..=43 {
        let got = funds.unlock_vested(e);
        let expected = match e {
            22 => 40,
            29 | 36 => 26,
            43 => 8,
            _ => 0,
        };
        assert_eq!(got, TokenAmount::from_atto(expected), "epoch {e}");
        total += got;
    }
    assert_eq!(total, TokenAmount::from_atto(100));
    assert!(funds.locked().is_zero());
}

#[test]
fn sequential_locks_add_up() {
    // `locked_funds_increases_with_sequential_calls`.
    let mut funds = VestingFunds::new();
    let vspec = spec(0, 1, 1, 1);
    funds.add_locked(10, TokenAmount::from_atto(100), 0, &vspec);
    assert_eq!(funds.locked(), TokenAmount::from_atto(100));
    funds.add_locked(10, TokenAmount::from_atto(100), 0, &vspec);
    assert_eq!(funds.locked(), TokenAmount::from_atto(200));
}

#[test]
fn unlocking_unvested_funds() {
    // vesting_unvested_funds.rs: period 5, step 1, locked at 100.
    let vspec = spec(0, 5, 1, 1);
    for (target, expected_at_103) in [(39, 1), (40, 0)] {
        // `unlock_unvested_funds_leaving_bucket_with_{non_,}zero_tokens`.
        let mut funds = VestingFunds::new();
        funds.add_locked(100, TokenAmount::from_atto(100), 0, &vspec);
        let (unvested, total) = funds.unlock_vested_and_unvested(100, TokenAmount::from_atto(target));
        assert_eq!((unvested, total), (TokenAmount::from_atto(target), TokenAmount::from_atto(target)));
        for (e, v) in [(100, 0), (101, 0), (102, 0), (103, expected_at_103), (104, 20), (105, 20), (106, 20), (107, 0)]
        {
            assert_eq!(funds.unlock_vested(e), TokenAmount::from_atto(v), "target {target}, epoch {e}");
        }
        assert!(funds.locked().is_zero());
        assert!(funds.entries().is_empty());
    }
    // `unlock_all_unvested_funds` and `unlock_unvested_funds_value_greater_than_locked_funds`.
    for target in [100, 200] {
        let mut funds = VestingFunds::new();
        funds.add_locked(10, TokenAmount::from_atto(100), 0, &vspec);
        let (unvested, _) = funds.unlock_vested_and_unvested(10, TokenAmount::from_atto(target));
        assert_eq!(unvested, TokenAmount::from_atto(100));
        assert!(funds.locked().is_zero());
        assert!(funds.entries().is_empty());
    }
}

#[test]
fn unlocking_unvested_funds_after_some_vested() {
    // `unlock_unvested_funds_when_there_are_vested_funds_in_the_table`: period 50 from epoch 10
    // (vests 2 atto at each of epochs 11..=60); at epoch 30, 60 unvested are taken on top of the
    // 38 already vested, leaving 2 at epoch 60.
    let mut funds = VestingFunds::new();
    let vested = funds.add_locked(10, TokenAmount::from_atto(100), 0, &spec(0, 50, 1, 1));
    assert!(vested.is_zero());
    let (unvested, total) = funds.unlock_vested_and_unvested(30, TokenAmount::from_atto(60));
    assert_eq!(unvested, TokenAmount::from_atto(60));
    assert_eq!(total, TokenAmount::from_atto(98));
    assert_eq!(funds.locked(), TokenAmount::from_atto(2));
    assert_eq!(funds.entries().iter().map(|f| f.epoch).collect::<Vec<_>>(), vec![60]);
}

#[test]
fn reward_is_75_percent_locked() {
    // locked_reward_from_reward (actors/miner/src/monies.rs): floor(3/4) locked, the rest liquid.
    let (locked, vspec) = locked_reward_from_reward(TokenAmount::from_atto(1001));
    assert_eq!(locked, TokenAmount::from_atto(750));
    assert_eq!(*vspec, REWARD_VESTING_SPEC);
    assert_eq!(REWARD_VESTING_SPEC, spec(0, 180 * EPOCHS_PER_DAY, EPOCHS_PER_DAY, 12 * 120));
}

#[test]
fn reward_vests_linearly_over_180_days() {
    // Property on the real spec: nothing unlocks within the first day, about 1/180 per day after
    // that (12-hour grid), everything by day 180 + half a day, and never before.
    for (locked_at, period_start) in [(1_000, 0), (12_345, 777), (2880 * 40 + 59, 2880 * 40 + 1439)] {
        let mut funds = VestingFunds::new();
        let (amount, vspec) = locked_reward_from_reward(TokenAmount::from_whole(40));
        funds.add_locked(locked_at, amount, period_start, vspec);
        assert_eq!(funds.entries().len(), 180);
        assert!(funds.unlock_vested(locked_at + EPOCHS_PER_DAY).is_zero(), "nothing vests in the first day");

        let mut total = TokenAmount::ZERO;
        for day in 1..=180 {
            let epoch = locked_at + day * EPOCHS_PER_DAY + 12 * 120 + 1;
            total += funds.unlock_vested(epoch);
            // Linear: after `day` days (rounded up to the grid), day/180 of the amount.
            let expected = amount.mul_int(day as i128).div_floor(180);
            let slack = amount.div_floor(180).mul_int(1) + TokenAmount::from_atto(1);
            assert!(total <= expected + slack && total + slack >= expected, "day {day}: {total} vs {expected}");
        }
        assert_eq!(total, amount, "everything vested by day 180.5");
        assert!(funds.locked().is_zero());
        // The last entry is no earlier than 180 days after locking.
        let mut again = VestingFunds::new();
        again.add_locked(locked_at, amount, period_start, vspec);
        let last = again.entries().last().unwrap().epoch;
        assert!(last >= locked_at + 180 * EPOCHS_PER_DAY && last < locked_at + 180 * EPOCHS_PER_DAY + 12 * 120);
        assert!(again.unlock_vested(last).atto() < amount.atto());
    }
}
