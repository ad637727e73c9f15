//! What every metric of the `arweave` protocol means: the series [`Arweave`] records at each
//! sample and the figures it adds to the headline, declared once (the common series, such as
//! `data_lost_bytes`, are in [`depinsim_core::catalogue::SERIES`]).
//!
//! A name both recorded and set in the headline has one declaration, the series': its headline
//! figure is the series' value at the end of the run. The economy is the whole chain's; the
//! partitions are the weave's copies on the simulated miners.
//!
//! [`Arweave`]: crate::Arweave

use depinsim_core::catalogue::{Metric, Unit};
use depinsim_core::metrics::AVAILABILITY;

use crate::{
    BLOCK_REWARD_AR, DEBT_AR, DRY_AFTER_YEARS, DRY_YEAR, ENDOWMENT_AR, ENDOWMENT_DRAWN_AR, ENDOWMENT_PEAK_AR,
    FEE_PER_GIB_AR, FEES_AR, KRYDER, PARTITIONS, PARTITIONS_LOST, PARTITIONS_UNAVAILABLE, PRICE, SINGLE_PROVIDER_SHARE,
    WEAVE_TIB,
};

const AR: Unit = Unit::Token("AR");
const PARTS: Unit = Unit::Count("partitions");

/// Every metric the `arweave` protocol records or sets in its headline.
pub const METRICS: &[Metric] = &[
    // The weave's durability, at the sample instant (1 while the weave has no partition).
    Metric::new(AVAILABILITY, "share of the weave's partitions with an intact copy on a miner up", Unit::Share)
        .higher_is_better(),
    Metric::new(PARTITIONS, "partitions of the weave", PARTS),
    Metric::new(PARTITIONS_UNAVAILABLE, "partitions with no intact copy on a miner up, lost ones included", PARTS)
        .lower_is_better(),
    Metric::new(PARTITIONS_LOST, "partitions lost for good (every copy destroyed)", PARTS)
        .cumulative()
        .lower_is_better(),
    Metric::new(WEAVE_TIB, "size of the weave", Unit::Quantity("TiB")),
    // The endowment. Debt is minted when the endowment cannot cover a block's shortfall; it and
    // the draws only grow.
    Metric::new(ENDOWMENT_AR, "storage endowment pool", AR).higher_is_better(),
    Metric::new(ENDOWMENT_DRAWN_AR, "drawn from the endowment to top up block rewards, debt included", AR).cumulative(),
    Metric::new(DEBT_AR, "AR minted because the endowment was empty", AR).cumulative().lower_is_better(),
    Metric::new(FEES_AR, "upload fees paid", AR).cumulative(),
    // Prices and rewards now (the block reward is the mean over the last batch of blocks).
    Metric::new(KRYDER, "Kryder+ multiplier of the upload fee", Unit::Ratio),
    Metric::new(PRICE, "storage price per GiB-minute", Unit::Quantity("winston per GiB-minute")),
    Metric::new(FEE_PER_GIB_AR, "fee for uploading one GiB at the current price and Kryder+ multiplier", AR),
    Metric::new(BLOCK_REWARD_AR, "mean block reward over the last batch of blocks", AR),
    // Headline only. The first two are absent when the endowment never ran dry.
    Metric::new(DRY_AFTER_YEARS, "years until the endowment first ran dry", Unit::Quantity("years"))
        .end_of_run()
        .higher_is_better()
        .median(),
    Metric::new(DRY_YEAR, "calendar year the endowment first ran dry", Unit::Year)
        .end_of_run()
        .higher_is_better()
        .median(),
    Metric::new(ENDOWMENT_PEAK_AR, "largest the endowment pool got", AR).end_of_run(),
    Metric::new(
        SINGLE_PROVIDER_SHARE,
        "share of partitions whose intact copies (one at least) all sit with one provider",
        Unit::Share,
    )
    .end_of_run()
    .lower_is_better(),
];
