//! What every metric of the `akash` protocol means: the series [`Akash`] records at each sample
//! and the figures it adds to the headline, declared once (the common series, such as
//! `rewards_usd`, are in [`depinsim_core::catalogue::SERIES`]).
//!
//! A name both recorded and set in the headline has one declaration, the series': its headline
//! figure is the series' value at the end of the run. The `cloud_` metrics are the AWS-like
//! baseline's, recorded only when the network has `cloud` nodes.
//!
//! [`Akash`]: crate::Akash

use crate::{
    ACT_BURNED, ACT_MINTED, AKT_BURNED, AKT_MINTED, AKT_PRICE_USD, AWS_CAPACITY_BLOCK_USD_PER_GPU_HOUR,
    AWS_ON_DEMAND_USD_PER_GPU_HOUR, BIDS_REJECTED_ATTRIBUTE, BIDS_REJECTED_MAX_PRICE, BME_SPREAD_USD,
    CLOUD_CAPACITY_BLOCK_COST_USD, CLOUD_CAPACITY_BLOCK_USD_PER_GPU_HOUR, CLOUD_DEPLOYMENT_SUCCESS_RATE,
    CLOUD_LAUNCH_FAILURES, CLOUD_LEASE_SUCCESS_RATE, CLOUD_LEASES_ACTIVE, CLOUD_LEASES_CREATED, CLOUD_LEASES_LOST,
    CLOUD_ON_DEMAND_COST_USD, CLOUD_ON_DEMAND_USD_PER_GPU_HOUR, CLOUD_QUEUE_TIME_MEAN_S, CLOUD_USD_PER_GPU_HOUR,
    CLOUD_UTILISATION, CLOUD_WAIT_PROBABILITY, CLOUD_WAITING, DEPLOYMENT_SUCCESS_RATE, DEPLOYMENTS,
    DEPLOYMENTS_WAITING, LAUNCH_FAILURES, LEASE_SUCCESS_RATE, LEASES_ACTIVE, LEASES_CLOSED_INSUFFICIENT_FUNDS,
    LEASES_CREATED, LEASES_LOST, LEASES_LOST_GPU_INTERRUPTION, LEASES_LOST_PROVIDER_FAILURE, PROVIDER_REVENUE_USD,
    QUEUE_TIME_MEAN_S, REQUEUE_TIME_TOTAL_H, TAKE_FEES_USD, TENANT_COST_USD, USD_PER_GPU_HOUR, UTILISATION,
    WAIT_PROBABILITY,
};
use depinsim_core::catalogue::{Metric, Unit};
use depinsim_core::metrics::AVAILABILITY;

const LEASES: Unit = Unit::Count("leases");
const DEPLOYMENTS_COUNTED: Unit = Unit::Count("deployments");
const LAUNCHES: Unit = Unit::Count("launches");
const PER_GPU_HOUR: Unit = Unit::UsdPer("GPU-hour");
const AKT: Unit = Unit::Token("AKT");
const ACT: Unit = Unit::Token("ACT");

/// Every metric the `akash` protocol records or sets in its headline.
pub const METRICS: &[Metric] = &[
    // The service is running the deployments tenants want to run (1 when none wants to).
    Metric::new(AVAILABILITY, "share of the deployments wanting to run that hold a lease", Unit::Share)
        .higher_is_better(),
    // The Akash market, at the sample.
    Metric::new(LEASES_ACTIVE, "leases running on Akash", LEASES).higher_is_better(),
    Metric::new(DEPLOYMENTS_WAITING, "deployments waiting for a lease on Akash", DEPLOYMENTS_COUNTED).lower_is_better(),
    // ... and since the start.
    Metric::new(LEASES_LOST, "Akash leases lost to provider failures and GPU interruptions", LEASES)
        .cumulative()
        .lower_is_better(),
    Metric::new(LEASES_CREATED, "Akash leases created, new leases after a loss included", LEASES).cumulative(),
    Metric::new(LAUNCH_FAILURES, "Akash leases that failed to launch on a degraded provider", LAUNCHES)
        .cumulative()
        .lower_is_better(),
    // GPU-hours leased over GPU-hours of capacity, from the start to the sample.
    Metric::new(UTILISATION, "share of Akash GPU capacity leased since the start", Unit::Share).cumulative(),
    // Tokens.
    Metric::new(AKT_PRICE_USD, "AKT price", Unit::UsdPer("AKT")),
    Metric::new(AKT_BURNED, "AKT burned by tenants to mint ACT (BME)", AKT).cumulative(),
    Metric::new(AKT_MINTED, "AKT minted settling ACT to providers (BME), the vault's spread included", AKT)
        .cumulative(),
    Metric::new(TAKE_FEES_USD, "take fees kept by the network, at the price when taken", Unit::Usd).cumulative(),
    // The cloud baseline, at the sample and since the start.
    Metric::new(CLOUD_LEASES_ACTIVE, "deployments running on the cloud baseline", LEASES).higher_is_better(),
    Metric::new(CLOUD_WAITING, "deployments waiting for a cloud instance", DEPLOYMENTS_COUNTED).lower_is_better(),
    Metric::new(CLOUD_LAUNCH_FAILURES, "cloud launches that failed on a degraded control plane", LAUNCHES)
        .cumulative()
        .lower_is_better(),
    // The Akash market over the run. Rates are undefined (missing) when nothing ended.
    Metric::new(LEASE_SUCCESS_RATE, "share of the Akash leases ended that ran to completion", Unit::Share)
        .end_of_run()
        .higher_is_better(),
    Metric::new(
        DEPLOYMENT_SUCCESS_RATE,
        "share of the Akash deployments ended that were served to the end",
        Unit::Share,
    )
    .end_of_run()
    .higher_is_better(),
    Metric::new(
        QUEUE_TIME_MEAN_S,
        "mean wait from arrival to the first Akash lease, of deployments leased",
        Unit::Seconds,
    )
    .end_of_run()
    .lower_is_better()
    .median(),
    Metric::new(WAIT_PROBABILITY, "share of deployments that got no Akash lease on arrival", Unit::Share)
        .end_of_run()
        .lower_is_better(),
    Metric::new(USD_PER_GPU_HOUR, "what Akash tenants paid per GPU-hour leased", PER_GPU_HOUR).end_of_run(),
    Metric::new(TENANT_COST_USD, "what Akash tenants paid for their leases, open ones included", Unit::Usd)
        .end_of_run(),
    Metric::new(AWS_ON_DEMAND_USD_PER_GPU_HOUR, "cloud on-demand price of the GPU-hours leased on Akash", PER_GPU_HOUR)
        .end_of_run(),
    Metric::new(
        AWS_CAPACITY_BLOCK_USD_PER_GPU_HOUR,
        "cloud Capacity Block price of the GPU-hours leased on Akash",
        PER_GPU_HOUR,
    )
    .end_of_run(),
    Metric::new(DEPLOYMENTS, "deployments created on Akash", DEPLOYMENTS_COUNTED).end_of_run(),
    Metric::new(LEASES_LOST_PROVIDER_FAILURE, "Akash leases closed because their provider went down", LEASES)
        .end_of_run()
        .lower_is_better(),
    Metric::new(LEASES_LOST_GPU_INTERRUPTION, "Akash leases closed by a GPU interruption", LEASES)
        .end_of_run()
        .lower_is_better(),
    Metric::new(LEASES_CLOSED_INSUFFICIENT_FUNDS, "Akash leases closed because their escrow ran dry", LEASES)
        .end_of_run()
        .lower_is_better(),
    Metric::new(BIDS_REJECTED_MAX_PRICE, "bids rejected as above the order's max price", Unit::Count("bids"))
        .end_of_run(),
    Metric::new(BIDS_REJECTED_ATTRIBUTE, "bids rejected for a missing attribute", Unit::Count("bids")).end_of_run(),
    // Only waits that ended in a new lease count.
    Metric::new(
        REQUEUE_TIME_TOTAL_H,
        "time deployments waited for a new lease after losing one, summed",
        Unit::Quantity("hours"),
    )
    .end_of_run()
    .lower_is_better(),
    Metric::new(PROVIDER_REVENUE_USD, "paid to providers, at the price when paid", Unit::Usd).end_of_run(),
    Metric::new(BME_SPREAD_USD, "spreads kept by the BME vault, at the price when taken", Unit::Usd).end_of_run(),
    Metric::new(ACT_MINTED, "ACT minted from burned AKT (BME)", ACT).end_of_run(),
    Metric::new(ACT_BURNED, "ACT burned settling leases (BME)", ACT).end_of_run(),
    // The cloud baseline over the run.
    Metric::new(CLOUD_LEASE_SUCCESS_RATE, "share of the cloud leases ended that ran to completion", Unit::Share)
        .end_of_run()
        .higher_is_better(),
    Metric::new(
        CLOUD_DEPLOYMENT_SUCCESS_RATE,
        "share of the cloud deployments ended that were served to the end",
        Unit::Share,
    )
    .end_of_run()
    .higher_is_better(),
    Metric::new(
        CLOUD_QUEUE_TIME_MEAN_S,
        "mean wait from arrival to the first cloud instance, of deployments placed",
        Unit::Seconds,
    )
    .end_of_run()
    .lower_is_better()
    .median(),
    Metric::new(CLOUD_WAIT_PROBABILITY, "share of deployments that got no cloud instance on arrival", Unit::Share)
        .end_of_run()
        .lower_is_better(),
    Metric::new(CLOUD_UTILISATION, "share of the cloud's GPU capacity leased over the run", Unit::Share).end_of_run(),
    Metric::new(CLOUD_USD_PER_GPU_HOUR, "what cloud tenants paid per GPU-hour", PER_GPU_HOUR).end_of_run(),
    Metric::new(
        CLOUD_ON_DEMAND_COST_USD,
        "what cloud tenants paid at on-demand prices, open leases included",
        Unit::Usd,
    )
    .end_of_run(),
    Metric::new(CLOUD_ON_DEMAND_USD_PER_GPU_HOUR, "on-demand price of the cloud's GPU-hours", PER_GPU_HOUR)
        .end_of_run(),
    Metric::new(CLOUD_CAPACITY_BLOCK_USD_PER_GPU_HOUR, "Capacity Block price of the cloud's GPU-hours", PER_GPU_HOUR)
        .end_of_run(),
    Metric::new(CLOUD_LEASES_CREATED, "cloud leases created, new leases after a loss included", LEASES).end_of_run(),
    Metric::new(CLOUD_LEASES_LOST, "cloud leases lost to instance failures and GPU interruptions", LEASES)
        .end_of_run()
        .lower_is_better(),
    Metric::new(
        CLOUD_CAPACITY_BLOCK_COST_USD,
        "the cloud's GPU-hours at Capacity Block prices, open leases included",
        Unit::Usd,
    )
    .end_of_run(),
];
