//! Money flows of the network: the FIL price, fees charged and rewards earned (75% vesting),
//! and minting with the block winners of each epoch.

use super::*;

impl Filecoin {
    pub(super) fn price(&self, now: SimTime) -> f64 {
        self.cfg.price_usd(now.since(SimTime::ZERO))
    }

    /// Charges `amount` to `sp`: burnt, paid from its vesting rewards first (upstream
    /// `repay_partial_debt_in_priority_order`), and charged in USD.
    pub(super) fn charge(&mut self, sp: u32, amount: TokenAmount, kind: Charge, cx: &mut Ctx<'_, Self>) {
        if !amount.is_positive() {
            return;
        }
        let a = amount.atto();
        match kind {
            Charge::Fault => self.totals.fault_fees += a,
            Charge::Termination => self.totals.termination_fees += a,
            Charge::Daily => self.totals.daily_fees += a,
            Charge::Deposit => self.totals.deposits_burnt += a,
        }
        self.chain.burnt += amount;
        let epoch = self.chain_epoch(Self::ie(Self::rel(cx.now())));
        let s = &mut self.sps[sp as usize];
        s.vesting.unlock_vested_and_unvested(epoch, amount);
        s.fees += a;
        let usd = fil(a) * self.cfg.price_usd(cx.now().since(SimTime::ZERO));
        s.income_usd -= usd;
        self.totals.income_usd -= usd;
        cx.charge(NodeId(sp), usd);
    }

    /// Pays a block reward to `sp`: 75% vests over 180 days, 25% is liquid; worth its USD value
    /// at once.
    pub(super) fn earn(&mut self, sp: u32, amount: TokenAmount, epoch: ChainEpoch, cx: &mut Ctx<'_, Self>) {
        self.totals.earned += amount.atto();
        let (locked, spec) = locked_reward_from_reward(amount);
        let s = &mut self.sps[sp as usize];
        let pps = self.chain.start_epoch + s.offset as i64 * WPOST_CHALLENGE_WINDOW;
        s.vesting.add_locked(epoch, locked, pps, spec);
        s.rewards += amount.atto();
        let usd = amount.to_fil_f64() * self.cfg.price_usd(cx.now().since(SimTime::ZERO));
        s.income_usd += usd;
        self.totals.income_usd += usd;
        cx.pay_in(NodeId(sp), amount.to_fil_f64(), usd);
    }

    /// Rebuilds the table of block-winning power: SPs with active power, eligible when their
    /// raw power meets the consensus minimum or fewer than four miners do (the background
    /// network counts as miners above it).
    pub(super) fn rebuild_winners(&mut self) {
        self.power_dirty = false;
        let above = self.sps.iter().filter(|s| s.raw >= MINIMUM_CONSENSUS_POWER).count()
            + if self.chain.background_raw > 0 { CONSENSUS_MINER_MIN_MINERS } else { 0 };
        let all = above < CONSENSUS_MINER_MIN_MINERS;
        self.winners.clear();
        self.cumulative.clear();
        let mut acc = self.chain.background_qa as f64;
        for (i, s) in self.sps.iter().enumerate() {
            if s.qa > 0 && (all || s.raw >= MINIMUM_CONSENSUS_POWER) {
                acc += s.qa as f64;
                self.winners.push(i as u32);
                self.cumulative.push(acc);
            }
        }
    }

    /// Steps the chain through the 60 epochs of `slot`, paying each epoch's winners.
    pub(super) fn mint(&mut self, slot: u64, cx: &mut Ctx<'_, Self>) {
        if self.power_dirty {
            self.rebuild_winners();
        }
        let total = self.cumulative.last().copied().unwrap_or(self.chain.background_qa as f64);
        let background = self.chain.background_qa as f64;
        for i in 0..WPOST_CHALLENGE_WINDOW {
            let rel = slot as i64 * WPOST_CHALLENGE_WINDOW + i;
            let epoch = self.chain.start_epoch + rel;
            let wins = draw_win_count(cx.rng());
            self.wins_scratch.clear();
            for _ in 0..wins {
                if total <= 0.0 {
                    break;
                }
                let x = cx.rng().random::<f64>() * total;
                if x < background {
                    // A background miner's block.
                    let r = self.chain.reward.block_reward(1);
                    self.chain.minted += r;
                    self.totals.minted += r.atto();
                    continue;
                }
                let k = self.cumulative.partition_point(|c| *c <= x).min(self.winners.len() - 1);
                let sp = self.winners[k];
                if cx.is_up(NodeId(sp)) {
                    self.wins_scratch.push(sp);
                }
            }
            self.wins_scratch.sort_unstable();
            let mut j = 0;
            while j < self.wins_scratch.len() {
                let sp = self.wins_scratch[j];
                let n = self.wins_scratch[j..].iter().take_while(|w| **w == sp).count();
                let reward = self.chain.reward.block_reward(n as i64);
                self.chain.minted += reward;
                self.totals.minted += reward.atto();
                self.earn(sp, reward, epoch, cx);
                j += n;
            }
            let raw = self.chain.background_raw + self.raw_total;
            let qa = self.chain.background_qa + self.qa_total;
            self.chain.end_epoch(epoch, raw, qa);
        }
    }
}
