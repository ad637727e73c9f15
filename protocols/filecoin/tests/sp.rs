//! The SP model driven by hand: faults, fees, recovery, terminations, precommit expiry,
//! partitions, block winners and deal durability. Expected amounts are recomputed with the
//! money module from the chain state at the moment of the charge.

use depinsim_core::node::NodeTable;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::{Fault, Liveness, NodeId, Protocol, SimDuration, SimTime};
use depinsim_filecoin::config::FilecoinConfig;
use depinsim_filecoin::deadline::{WPOST_PERIOD_DEADLINES, partition_sectors};
use depinsim_filecoin::monies::{LegacyTerminationInputs, pledge_penalty_for_continued_fault};
use depinsim_filecoin::policy::{RuleSet, TerminationInputs};
use depinsim_filecoin::sector::SectorState;
use depinsim_filecoin::units::{SECTOR_SIZE_32GIB, SECTOR_SIZE_64GIB, TokenAmount};
use depinsim_filecoin::{Filecoin, network::Timer};

/// `n` SPs, each its own operator, site and provider.
fn table(n: u32) -> NodeTable {
    testing::table(vec![("sps", "sp", test_profile(), n)], |i| Place {
        site: Some(100 + i),
        provider: 1 + i,
        operator: i,
        ..Place::default()
    })
}

/// `sectors` initial sectors per SP, in a network with 1 PiB of other power: the filters start at
/// that power with zero velocity (a start after genesis), so estimates stay steady.
fn config(sectors: u32) -> FilecoinConfig {
    FilecoinConfig {
        initial_sectors_per_sp: sectors,
        objects: 0,
        start_epoch: 100,
        background_raw_pib: 1.0,
        background_qa_pib: 1.0,
        ..FilecoinConfig::default()
    }
}

fn build(n: u32, cfg: FilecoinConfig) -> (Filecoin, Script<Filecoin>) {
    let mut script = Script::new(n as usize, 11);
    let mut f = Filecoin::new(cfg, &table(n), script.rng()).expect("valid config");
    script.call(None, |cx| f.on_start(cx));
    (f, script)
}

fn at(d: SimDuration) -> SimTime {
    SimTime::ZERO + d
}

const SP: NodeId = NodeId(0);

/// The one deadline of SP 0 holding sectors.
fn busy_deadline(f: &Filecoin) -> usize {
    let busy: Vec<usize> = (0..WPOST_PERIOD_DEADLINES).filter(|d| !f.deadline_sectors(SP, *d).is_empty()).collect();
    assert_eq!(busy.len(), 1, "the test expects every sector in one deadline");
    busy[0]
}

fn faulty(f: &Filecoin) -> u64 {
    f.count(SectorState::Faulty) + f.count(SectorState::Recovering)
}

/// The continued fault fee of `sectors` plain 32 GiB sectors with the chain as it stands.
fn expected_ff(f: &Filecoin, sectors: i128) -> i128 {
    pledge_penalty_for_continued_fault(f.chain.reward_smoothed(), &f.chain.qa_smoothed, sectors * SECTOR_SIZE_32GIB)
        .atto()
}

#[test]
fn an_sp_down_at_its_deadline_pays_fault_fees_then_is_terminated_at_42_days() {
    // SP 1 stays up: the network keeps power, so expected rewards (and fees) stay positive.
    let (mut f, mut s) = build(2, config(10));
    let d = busy_deadline(&f);
    s.advance(&mut f, at(SimDuration::from_secs(60)));
    s.fault(&mut f, SP, Fault::Down);
    let close = f.next_close(SP, d, s.now);
    s.advance(&mut f, close);
    assert_eq!(faulty(&f), 10, "missed PoSt: the partition is faulty");
    assert_eq!(f.totals.fault_fees, 0, "faults detected by a missed PoSt pay nothing at detection");
    assert_eq!(f.sps[0].qa, 0, "faulty sectors have no power");

    // Each following day, the same deadline charges FF on the power already faulty (initial
    // sectors may reach their scheduled expiration meanwhile: they leave after the fee).
    let mut paid = 0;
    for day in 1..=3u64 {
        let before = faulty(&f) as i128;
        s.advance(&mut f, close + SimDuration::from_days(day));
        let ff = expected_ff(&f, before);
        assert!(ff > 0);
        paid += ff;
        assert_eq!(f.totals.fault_fees, paid, "day {day}");
    }

    // Still faulty the day before the 42 days are up, terminated on the day.
    s.advance(&mut f, close + SimDuration::from_days(41));
    assert_eq!(f.count(SectorState::Terminated), 0);
    let still = faulty(&f);
    assert!(still > 0, "the test needs sectors still faulty after 41 days");
    assert_eq!(still + f.count(SectorState::Expired), 10, "the others expired on schedule");
    let ff_before = f.totals.fault_fees;
    s.advance(&mut f, close + SimDuration::from_days(42));
    assert_eq!(f.count(SectorState::Terminated), still);
    assert_eq!(faulty(&f), 0);
    assert_eq!(f.totals.fault_fees - ff_before, expected_ff(&f, still as i128), "the last deadline still charges FF");
    // Termination fee of each sector under FIP-0098, recomputed from the sector's own record.
    let now_rel = (s.now.as_millis() / 30_000) as i64 - 1;
    let mut expected = 0;
    for id in f.deadline_sectors(SP, d) {
        let i = id as usize;
        if f.sectors.state[i] != SectorState::Terminated {
            continue;
        }
        let age = now_rel - (f.sectors.epoch[i] as i64 - 5 * 365 * 2880);
        let inputs = TerminationInputs {
            initial_pledge: TokenAmount::from_atto(f.sectors.locked[i]),
            sector_age: age,
            qa_sector_power: SECTOR_SIZE_32GIB,
            legacy: LegacyTerminationInputs {
                day_reward: TokenAmount::ZERO,
                sector_age: age,
                twenty_day_reward_at_activation: TokenAmount::ZERO,
                qa_sector_power: SECTOR_SIZE_32GIB,
                replaced_day_reward: TokenAmount::ZERO,
                replaced_sector_age: 0,
            },
        };
        expected += RuleSet::Nv25.termination_fee(&inputs, f.chain.reward_smoothed(), &f.chain.qa_smoothed).atto();
    }
    assert!(expected > 0);
    assert_eq!(f.totals.termination_fees, expected);
    assert_eq!(f.sps[0].pledge, 0, "pledge released at termination");
    // USD charged matches the FIL charged at the constant default price.
    assert!(
        f.sps[0].fees >= f.totals.fault_fees + f.totals.termination_fees,
        "all fault and termination fees are SP 0's"
    );
    let fil = f.sps[0].fees as f64 / 1e18;
    assert!((s.ledger.charges_usd[0] - fil * 3.0).abs() < 1e-9 * fil.max(1.0));
    // Nothing more once terminated.
    let fees = f.totals.fault_fees;
    s.advance(&mut f, close + SimDuration::from_days(44));
    assert_eq!(f.totals.fault_fees, fees);
}

#[test]
fn an_sp_back_up_declares_recovery_and_pays_no_more_fault_fees() {
    let (mut f, mut s) = build(2, config(10));
    let d = busy_deadline(&f);
    s.advance(&mut f, at(SimDuration::from_secs(60)));
    s.fault(&mut f, SP, Fault::Down);
    let close = f.next_close(SP, d, s.now);
    s.advance(&mut f, close + SimDuration::from_days(2));
    let n = faulty(&f);
    assert_eq!(n + f.count(SectorState::Expired), 10);
    let fees = f.totals.fault_fees;
    assert!(fees > 0, "two days of continued fault fees");

    s.advance(&mut f, close + SimDuration::from_days(2) + SimDuration::from_hours(1));
    s.fault(&mut f, SP, Fault::Up);
    assert_eq!(f.count(SectorState::Recovering), n, "recovery declared before the cutoff");
    assert_eq!(f.sps[0].qa, 0, "power comes back only with the proof");
    s.advance(&mut f, close + SimDuration::from_days(3));
    let active_sp0 =
        f.deadline_sectors(SP, d).iter().filter(|s| f.sectors.state[**s as usize] == SectorState::Active).count()
            as i128;
    assert_eq!(faulty(&f), 0, "the next successful PoSt recovers them");
    assert_eq!(f.sps[0].qa, active_sp0 * SECTOR_SIZE_32GIB);
    assert!(active_sp0 > 0);
    s.advance(&mut f, close + SimDuration::from_days(60));
    assert_eq!(f.totals.fault_fees, fees, "no fault fee after the recovery");
    assert_eq!(f.count(SectorState::Terminated), 0);
}

#[test]
fn a_declared_fault_pays_at_its_first_deadline_end() {
    let cfg = FilecoinConfig { declare_faults: true, ..config(10) };
    let (mut f, mut s) = build(2, cfg);
    let d = busy_deadline(&f);
    let close = f.next_close(SP, d, s.now);
    // Prove once, then go down a day before the next deadline's cutoff.
    s.advance(&mut f, close + SimDuration::from_secs(60));
    assert_eq!(faulty(&f), 0);
    let close = close + SimDuration::from_days(1);
    s.fault(&mut f, SP, Fault::Down);
    assert_eq!(faulty(&f) + f.count(SectorState::Expired), 10, "declared at once");
    let n = faulty(&f) as i128;
    s.advance(&mut f, close);
    assert_eq!(f.totals.fault_fees, expected_ff(&f, n), "declared faults are already faulty at the deadline end");
}

#[test]
fn a_precommit_never_proven_burns_its_deposit() {
    let cfg = FilecoinConfig { onboard_sectors_per_day: 24.0, ..config(0) };
    let (mut f, mut s) = build(2, cfg);
    s.advance(&mut f, at(SimDuration::from_hours(1)));
    assert_eq!(f.count(SectorState::Precommitted), 2, "one precommit each in the first hour");
    s.fault(&mut f, SP, Fault::Down);
    let deposit = f.sectors.locked[0];
    assert_eq!(f.sectors.sp[0], 0);
    assert!(deposit > 0);
    // SP 1 proves its precommit after the configured delay; SP 0 never does.
    s.advance(&mut f, at(SimDuration::from_days(30)));
    assert_eq!(f.totals.deposits_burnt, 0, "not yet: 30 days + 150 epochs + 8 h");
    assert_ne!(f.sectors.state[1], SectorState::PrecommitExpired);
    s.advance(&mut f, at(SimDuration::from_days(31)));
    assert_eq!(f.sectors.state[0], SectorState::PrecommitExpired);
    assert_eq!(f.totals.deposits_burnt, deposit);
    assert_eq!(f.sps[0].deposits, 0);
    assert_eq!(f.sectors.state[1], SectorState::Active, "SP 1's sector was proven and is active");
}

#[test]
fn partitions_hold_2349_or_2300_sectors() {
    assert_eq!(partition_sectors(SECTOR_SIZE_32GIB), 2349);
    assert_eq!(partition_sectors(SECTOR_SIZE_64GIB), 2300);
    for (size, part) in [("32GiB", 2349usize), ("64GiB", 2300)] {
        let cfg = FilecoinConfig { sector_size: size.parse().unwrap(), ..config(5_000) };
        let (f, _) = build(1, cfg);
        let mut sizes: Vec<usize> = f.partitions.iter().map(|p| p.sectors.len()).collect();
        sizes.sort_unstable();
        assert_eq!(sizes.iter().sum::<usize>(), 5_000);
        assert_eq!(sizes.len(), 5_000usize.div_ceil(part));
        assert!(sizes.iter().all(|s| *s <= part));
        assert_eq!(sizes.iter().filter(|s| **s == part).count(), 5_000 / part, "{size}: full partitions first");
    }
}

#[test]
fn block_wins_average_five_per_epoch_shared_by_power() {
    // Two SPs of equal power, no background: every win goes to one of them.
    let (mut g, mut t) = build(2, config(400));
    let days = 10;
    t.advance(&mut g, at(SimDuration::from_days(days)));
    let epochs = days as i128 * 2880;
    // Each epoch pays this_epoch_reward * wins / 5 in total; with Poisson(5) wins the minted sum
    // divided by the mean reward per epoch estimates the mean win count.
    let mean_reward = g.totals.minted as f64 / epochs as f64;
    let reward_per_win = g.chain.reward.this_epoch_reward.atto() as f64 / 5.0;
    let wins_per_epoch = mean_reward / reward_per_win;
    assert!((wins_per_epoch - 5.0).abs() < 0.15, "{wins_per_epoch} wins per epoch");
    // Equal power, equal expected share.
    let share = g.sps[0].rewards as f64 / g.totals.earned as f64;
    assert!((share - 0.5).abs() < 0.03, "share {share}");
}

fn destroy(f: &mut Filecoin, s: &mut Script<Filecoin>, sp: u32) {
    s.fault(f, NodeId(sp), Fault::Destroyed);
}

#[test]
fn a_deal_on_two_sps_survives_one_destruction_and_is_lost_with_both() {
    let cfg = FilecoinConfig { objects: 50, replicas: 2, ..config(20) };
    let (mut f, mut s) = build(2, cfg);
    let mut live = Liveness::all_up(2);
    assert_eq!(f.object_counts(&live), (50, 0, 0, 0));
    destroy(&mut f, &mut s, 0);
    live.set_destroyed(NodeId(0));
    assert_eq!(f.object_counts(&live), (50, 0, 0, 0), "every object has its copy on SP 1");
    s.advance(&mut f, at(SimDuration::from_days(2)));
    destroy(&mut f, &mut s, 1);
    live.set_destroyed(NodeId(1));
    assert_eq!(f.object_counts(&live).2, 50, "both copies gone: lost");
    let mut obs = depinsim_core::Observer::default();
    f.observe(s.now, &live, &mut obs);
    let lost = obs.values().iter().find(|(m, _)| *m == depinsim_core::metrics::DATA_LOST_BYTES).unwrap().1;
    assert_eq!(lost, 50.0 * (1u64 << 30) as f64);
}

#[test]
fn bad_config_is_an_error_not_a_panic() {
    let bad = FilecoinConfig { sector_size: "16GiB".parse().unwrap(), ..config(1) };
    let e = Filecoin::new(bad, &table(1), &mut Script::<Filecoin>::new(1, 1).rng().clone()).err().expect("refused");
    assert_eq!(e.at, depinsim_core::config::Located::Param("sector_size".into()));
    let too_many = FilecoinConfig { objects: 5, replicas: 3, ..config(1) };
    let e =
        Filecoin::new(too_many, &table(2), &mut Script::<Filecoin>::new(2, 1).rng().clone()).err().expect("refused");
    assert_eq!(
        e.to_string(),
        "`replicas` is 3, but the network has 2 SPs (at most 2: each copy of an object is on a different SP)"
    );
    let _ = Timer::Onboard;
}

/// Faulty sectors a minute before and at the close of a deadline of SP 0's sectors a day in,
/// after SP 0's changes `faults` (minutes from that deadline's open, fault).
fn deadline_with(faults: &[(i64, Fault)]) -> (u64, u64) {
    let (mut f, mut s) = build(2, config(10));
    let d = busy_deadline(&f);
    let close = f.next_close(SP, d, at(SimDuration::from_days(1)));
    let open = close.as_millis() - 30 * 60_000;
    for &(minute, fault) in faults {
        s.advance(&mut f, SimTime::from_millis((open as i64 + minute * 60_000) as u64));
        s.fault(&mut f, SP, fault);
    }
    s.advance(&mut f, SimTime::from_millis(close.as_millis() - 60_000));
    let before = faulty(&f);
    s.advance(&mut f, close);
    (before, faulty(&f))
}

/// A WindowPoSt may land at any epoch while its deadline is open: builtin-actors'
/// `submit_windowed_post` (actors/miner/src/lib.rs) takes a proof for the current deadline
/// only ("The miner may only submit a proof for the current deadline"), and the deadline's end
/// (`handle_proving_deadline` -> `process_deadline_end` in actors/miner/src/deadline_state.rs)
/// marks faulty the partitions that got none (`record_missed_post`). So a fault inside the
/// 30-minute window faults nothing if the SP was up at some moment of it; only an SP down for
/// the whole window misses its proof. (The state at the close alone is not the rule.)
#[test]
fn a_fault_inside_a_deadline_misses_the_proof_only_if_it_spans_the_window() {
    // Down 10 minutes in, back 5 minutes before the close: proven.
    assert_eq!(deadline_with(&[(10, Fault::Down), (25, Fault::Up)]), (0, 0));
    // Down 10 minutes in and still down at the close: the proof could land in the first 10
    // minutes, so nothing faults.
    assert_eq!(deadline_with(&[(10, Fault::Down)]), (0, 0));
    // Down from a minute before the open, back 5 minutes before the close: proven in the 5
    // minutes left.
    assert_eq!(deadline_with(&[(-1, Fault::Down), (25, Fault::Up)]), (0, 0));
    // Down from a minute before the open to after the close: the partition misses its PoSt
    // at the close, not before.
    let (before, at_close) = deadline_with(&[(-1, Fault::Down)]);
    assert!(before == 0 && at_close > 0, "{before} {at_close}");
    // Down from the open's minute exactly: no moment of the window was up.
    assert!(deadline_with(&[(0, Fault::Down)]).1 > 0);
}
