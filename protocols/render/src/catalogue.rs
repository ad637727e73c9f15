//! What every metric of the `render` protocol means: the series [`Render`] records at each
//! sample and the figures it adds to the headline, declared once (the common series, such as
//! `rewards_usd`, are in [`depinsim_core::catalogue::SERIES`]).
//!
//! A name both recorded and set in the headline has one declaration, the series': its headline
//! figure is the series' value at the end of the run.
//!
//! [`Render`]: crate::Render

use crate::{
    ARTIST_COST_USD, AWS_CAPACITY_BLOCK_COST_USD, AWS_CAPACITY_BLOCK_USD_PER_GPU_HOUR, AWS_GPU_HOURS,
    AWS_ON_DEMAND_COST_USD, AWS_ON_DEMAND_USD_PER_GPU_HOUR, FRAMES_LOST, GPU_HOURS_LOST, GPUS_BUSY, JOB_SUCCESS_RATE,
    JOBS, JOBS_APPROVED, JOBS_WAITING, OPERATOR_REVENUE_USD, QUEUE_TIME_MEAN_S, RENDER_BURNED, RENDER_FEES,
    RENDER_MINTED, RENDER_MINTED_AVAILABILITY, RENDER_MINTED_WORK, RENDER_NET_EMISSION, TASK_SUCCESS_RATE, TASKS_LOST,
    TURNAROUND_MEAN_S, USD_PER_GPU_HOUR, UTILISATION,
};
use depinsim_core::catalogue::{Metric, Unit};
use depinsim_core::metrics::AVAILABILITY;

const RENDER: Unit = Unit::Token("RENDER");
const JOBS_COUNTED: Unit = Unit::Count("jobs");
const GPU_HOURS: Unit = Unit::Quantity("GPU-hours");
const PER_GPU_HOUR: Unit = Unit::UsdPer("GPU-hour");

/// Every metric the `render` protocol records or sets in its headline.
pub const METRICS: &[Metric] = &[
    // The service is GPU capacity: GPUs count by the nodes they are on, up or down at the sample.
    Metric::new(AVAILABILITY, "share of GPUs on nodes up", Unit::Share).higher_is_better(),
    // Work.
    Metric::new(JOBS_WAITING, "jobs with frames waiting for a GPU", JOBS_COUNTED).lower_is_better(),
    Metric::new(GPUS_BUSY, "GPUs rendering", Unit::Count("GPUs")),
    Metric::new(FRAMES_LOST, "frames lost to GPU interruptions and node failures (re-assigned)", Unit::Count("frames"))
        .cumulative()
        .lower_is_better(),
    Metric::new(JOBS_APPROVED, "jobs approved by their artists", JOBS_COUNTED).cumulative().higher_is_better(),
    // GPU-hours rendered (done, lost and running tasks) over GPU-hours elapsed, since the start.
    Metric::new(UTILISATION, "share of GPU time spent rendering since the start", Unit::Share).cumulative(),
    Metric::new(JOBS, "jobs submitted", JOBS_COUNTED).end_of_run(),
    Metric::new(JOB_SUCCESS_RATE, "share of jobs submitted that were approved", Unit::Share)
        .end_of_run()
        .higher_is_better(),
    Metric::new(TASK_SUCCESS_RATE, "share of tasks ended that were done, not lost", Unit::Share)
        .end_of_run()
        .higher_is_better(),
    Metric::new(TASKS_LOST, "tasks lost to GPU interruptions and node failures", Unit::Count("tasks"))
        .end_of_run()
        .lower_is_better(),
    Metric::new(GPU_HOURS_LOST, "GPU time of the tasks lost", GPU_HOURS).end_of_run().lower_is_better(),
    // Undefined (missing) in a run where no job started or finished: the median, not the mean.
    Metric::new(QUEUE_TIME_MEAN_S, "mean wait from a job's arrival to its first frame", Unit::Seconds)
        .end_of_run()
        .lower_is_better()
        .median(),
    Metric::new(TURNAROUND_MEAN_S, "mean time from a job's arrival to its last frame", Unit::Seconds)
        .end_of_run()
        .lower_is_better()
        .median(),
    // Money: the artists' side, and the same approved work priced on AWS.
    Metric::new(ARTIST_COST_USD, "artists' payments for the approved jobs", Unit::Usd).end_of_run(),
    Metric::new(
        USD_PER_GPU_HOUR,
        "artists' payments per GPU-hour rendered, lost and unapproved work included",
        PER_GPU_HOUR,
    )
    .end_of_run(),
    Metric::new(AWS_GPU_HOURS, "GPU time the approved work takes on the AWS GPU", GPU_HOURS).end_of_run(),
    Metric::new(AWS_ON_DEMAND_COST_USD, "the approved work at AWS on-demand prices", Unit::Usd).end_of_run(),
    Metric::new(AWS_CAPACITY_BLOCK_COST_USD, "the approved work at AWS Capacity Block prices", Unit::Usd).end_of_run(),
    Metric::new(AWS_ON_DEMAND_USD_PER_GPU_HOUR, "AWS on-demand price of the AWS GPU", PER_GPU_HOUR).end_of_run(),
    Metric::new(AWS_CAPACITY_BLOCK_USD_PER_GPU_HOUR, "AWS Capacity Block price of the AWS GPU", PER_GPU_HOUR)
        .end_of_run(),
    // Tokens: the burn of job payments and the epochs' mints.
    Metric::new(RENDER_BURNED, "RENDER burned from job payments (fee kept aside)", RENDER).cumulative(),
    Metric::new(RENDER_MINTED, "RENDER minted to node operators, work and availability", RENDER).cumulative(),
    Metric::new(RENDER_FEES, "RENDER kept as the network fee on job payments", RENDER).end_of_run(),
    Metric::new(RENDER_MINTED_WORK, "RENDER minted for work", RENDER).end_of_run(),
    Metric::new(RENDER_MINTED_AVAILABILITY, "RENDER minted for availability (RNP-015)", RENDER).end_of_run(),
    Metric::new(RENDER_NET_EMISSION, "RENDER minted less RENDER burned", RENDER).end_of_run(),
    Metric::new(OPERATOR_REVENUE_USD, "paid to node operators, at the RENDER price of each epoch", Unit::Usd)
        .end_of_run(),
];
