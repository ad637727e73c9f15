//! Metric names of the `helium` protocol.

/// Metric: resolution-8 hexes with an asserted hotspot that is up.
pub const COVERAGE_HEXES: &str = "coverage_hexes";
/// Metric: covered hexes as a share of the hexes with any hotspot.
pub const COVERAGE_SHARE: &str = "coverage_share";
/// Metric: share of sensor uplinks of the last traffic tick heard by a live hotspot.
pub const PACKET_DELIVERY: &str = "packet_delivery_rate";
/// Metric: beacons sent since the start.
pub const BEACONS: &str = "beacons";
/// Metric: beacons rejected (beaconer without a valid witness report in 48 h) since the start.
pub const BEACONS_INVALID: &str = "beacons_invalid";
/// Metric: valid, selected (rewarded) witnesses since the start.
pub const WITNESSES_VALID: &str = "witnesses_valid";
/// Metric: witness reports rejected for any reason (unselected included) since the start.
pub const WITNESSES_INVALID: &str = "witnesses_invalid";
/// Metric: HNT earned by the simulated hotspots since the start (computed, paid or not).
pub const HNT_EARNED: &str = "hnt_earned";
/// Metric: HNT earned but not yet paid (oracle or chain down, or catching up).
pub const HNT_PENDING: &str = "hnt_pending";
/// Metric: age of the oldest unpaid epoch's rewards, seconds since they were due.
pub const REWARD_BACKLOG_S: &str = "reward_backlog_s";
/// Metric: share of the HNT earned that went to spoofers.
pub const GAMERS_SHARE: &str = "gamers_share";
/// Metric: HNT price, USD.
pub const HNT_PRICE: &str = "hnt_price_usd";
/// Headline: least coverage seen.
pub const COVERAGE_HEXES_MIN: &str = "coverage_hexes_min";
/// Headline: mean packet delivery rate over the samples.
pub const PACKET_DELIVERY_MEAN: &str = "packet_delivery_mean";
/// Headline: lowest packet delivery rate of a sample.
pub const PACKET_DELIVERY_MIN: &str = "packet_delivery_min";
/// Headline: mean USD paid per hotspot (spoofers included).
pub const USD_PER_HOTSPOT: &str = "rewards_per_hotspot_usd";
/// Headline: Gini coefficient of USD paid over hotspots (oracle and chain nodes left out).
pub const GINI_HOTSPOTS: &str = "gini_hotspot_rewards";
/// Headline: operator return per year: (annualised rewards - power) / hardware price, over honest
/// hotspots.
pub const ROI_ANNUAL: &str = "operator_roi_annual";
/// Headline: years to pay back the hotspot's price from rewards net of power; `None` if never.
pub const PAYBACK_YEARS: &str = "payback_years";
/// Headline: longest delay of an epoch's rewards past their due time, s.
pub const REWARD_DELAY_MAX_S: &str = "reward_delay_max_s";
/// Headline: epochs paid late.
pub const EPOCHS_DELAYED: &str = "epochs_delayed";
/// Headline: epochs rewarded (paid).
pub const EPOCHS_PAID: &str = "epochs_paid";

/// Headline per environment: beacon-pool HNT per beacon sent, by honest hotspots.
pub const HNT_PER_BEACON: [&str; 3] = ["hnt_per_beacon_dense_city", "hnt_per_beacon_suburbs", "hnt_per_beacon_rural"];
/// Headline per environment: all HNT earned per honest hotspot per day.
pub const HNT_PER_HOTSPOT_DAY: [&str; 3] =
    ["hnt_per_hotspot_day_dense_city", "hnt_per_hotspot_day_suburbs", "hnt_per_hotspot_day_rural"];
/// Headline per environment: mean HIP-17 scale of honest hotspots (1 without HIP-17).
pub const HEX_SCALE_MEAN: [&str; 3] = ["hex_scale_mean_dense_city", "hex_scale_mean_suburbs", "hex_scale_mean_rural"];
