//! The checks of a `render` network's configuration, run when the scenario is loaded
//! ([`crate::Render`]'s `Protocol::check`), each error at the key path it is about.
//!
//! Two kinds: the `params` alone ([`RenderConfig::check`]: job classes, GPU figures, prices,
//! emissions, durations) and the `params` against the node groups
//! ([`RenderConfig::check_groups`]: every group's GPUs known in `gpus`, the groups `age_days`
//! names, at least one node, a GPU with VRAM enough for each job class). A configuration that
//! passes both builds.

use crate::config::{EurPoint, GpuSpec, JobClass, RenderConfig};
use depinsim_cloud::interruptions;
use depinsim_core::SimDuration;
use depinsim_core::config::{ConfigError, at_least, positive, share};
use depinsim_core::node::GroupInfo;

impl JobClass {
    /// Checks the job class written at `at` (`jobs.<i>`); messages name it by its `name`.
    pub fn check(&self, at: &str) -> Result<(), ConfigError> {
        let name = &self.name;
        let err = |key: &str, found: String, help: &str| {
            ConfigError::param(format!("{at}.{key}"), format!("job class `{name}`: `{key}` is {found}")).help(help)
        };
        if !(self.arrivals_per_hour.is_finite() && self.arrivals_per_hour > 0.0) {
            return Err(err(
                "arrivals_per_hour",
                self.arrivals_per_hour.to_string(),
                "a finite rate above 0, jobs per hour",
            ));
        }
        if self.frames == 0 {
            return Err(err("frames", "0".into(), "at least 1 frame per job"));
        }
        if !(self.obh_per_frame.is_finite() && self.obh_per_frame > 0.0) {
            return Err(err(
                "obh_per_frame",
                self.obh_per_frame.to_string(),
                "a finite work above 0, OctaneBench-hours per frame",
            ));
        }
        if self.tier != 2 && self.tier != 3 {
            return Err(err("tier", self.tier.to_string(), "2 for priority or 3 for economy"));
        }
        if !(self.min_vram_gb.is_finite() && self.min_vram_gb >= 0.0) {
            return Err(err("min_vram_gb", self.min_vram_gb.to_string(), "a finite VRAM in GB, 0 or more"));
        }
        Ok(())
    }
}

impl GpuSpec {
    /// Checks the figures of GPU model `model` (at `gpus.<model>`): a task's duration is divided
    /// by the score, and RNP-015 takes logarithms of both.
    pub fn check(&self, model: &str) -> Result<(), ConfigError> {
        for (key, v, what) in
            [("octanebench", self.octanebench, "an OctaneBench score"), ("vram_gb", self.vram_gb, "a VRAM in GB")]
        {
            if !(v.is_finite() && v > 0.0) {
                return Err(ConfigError::param(
                    format!("gpus.{model}.{key}"),
                    format!("GPU `{model}`: `{key}` is {v}"),
                )
                .help(format!("{what}, finite and above 0")));
            }
        }
        Ok(())
    }
}

/// Checks the RENDER price path: at least one point, each a finite EUR price above zero (a job's
/// EUR price is divided by it), times strictly increasing (the rules of
/// `depinsim_core::price::check`, located at the point).
pub fn check_price(points: &[EurPoint]) -> Result<(), ConfigError> {
    const KEY: &str = "render_price_eur";
    if points.is_empty() {
        return Err(ConfigError::param(KEY, format!("`{KEY}` has no point"))
            .help("at least one point, e.g. `[{ at = \"0d\", eur = 2.5 }]`"));
    }
    let mut before: Option<SimDuration> = None;
    for (i, p) in points.iter().enumerate() {
        if !(p.eur.is_finite() && p.eur > 0.0) {
            let path = format!("{KEY}.{i}.eur");
            return Err(ConfigError::param(&path, format!("`{path}` is {}", p.eur))
                .help("a finite price in EUR per RENDER above 0: job payments are divided by it"));
        }
        if let Some(b) = before.filter(|b| p.at <= *b) {
            let path = format!("{KEY}.{i}.at");
            return Err(ConfigError::param(
                &path,
                format!("`{path}` is {}, not after the point before it ({b})", p.at),
            )
            .help("points in strictly increasing time order"));
        }
        before = Some(p.at);
    }
    Ok(())
}

impl RenderConfig {
    /// Checks the `params` on their own.
    pub fn check(&self) -> Result<(), ConfigError> {
        if self.jobs.is_empty() {
            return Err(ConfigError::param("jobs", "a render network has no job class")
                .help("add at least one `[[networks.params.jobs]]` table: the jobs artists submit"));
        }
        for (i, j) in self.jobs.iter().enumerate() {
            j.check(&format!("jobs.{i}"))?;
        }
        for (model, spec) in &self.gpus {
            spec.check(model)?;
        }
        if !self.gpus.contains_key(&self.aws_gpu_model) {
            return Err(ConfigError::param(
                "aws_gpu_model",
                format!("`aws_gpu_model` is \"{}\", which has no entry in `gpus`", self.aws_gpu_model),
            )
            .help(format!(
                "a model of `gpus`, whose score converts the work to AWS GPU-hours: {}",
                self.gpu_models()
            )));
        }
        for (group, days) in &self.age_days {
            at_least(&format!("age_days.{group}"), *days, 0.0)?;
        }
        positive("obh_per_eur_tier2", self.obh_per_eur_tier2)?;
        positive("obh_per_eur_tier3", self.obh_per_eur_tier3)?;
        check_price(&self.render_price_eur)?;
        positive("usd_per_eur", self.usd_per_eur)?;
        if self.epoch == SimDuration::ZERO {
            return Err(ConfigError::param("epoch", "`epoch` is 0s").help("a duration above zero, e.g. \"7d\""));
        }
        for (key, v) in [
            ("work_emission_per_epoch", self.work_emission_per_epoch),
            ("availability_pool_per_epoch", self.availability_pool_per_epoch),
        ] {
            if let Some(v) = v {
                at_least(key, v, 0.0)?;
            }
        }
        share("network_share", self.network_share, false)?;
        if self.frames_per_task == 0 {
            return Err(
                ConfigError::param("frames_per_task", "`frames_per_task` is 0").help("at least 1 frame per task")
            );
        }
        interruptions::check_rates(&self.gpu_interruptions_per_gpu_day, self.default_gpu_interruptions_per_gpu_day)?;
        self.aws_price.check("aws_price")
    }

    /// Checks the `params` against the node groups (roles are checked apart, by
    /// `depinsim_core::node::check_roles`). Groups with no nodes are not asked for GPUs.
    pub fn check_groups(&self, groups: &[GroupInfo]) -> Result<(), ConfigError> {
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        if let Some(g) = self.age_days.keys().find(|g| !names.contains(&g.as_str())) {
            return Err(ConfigError::param(
                format!("age_days.{g}"),
                format!("`age_days` names node group `{g}`, which the network does not have"),
            )
            .help(format!("groups: {}", names.join(", "))));
        }
        let placed: Vec<&GroupInfo> = groups.iter().filter(|g| g.count > 0).collect();
        if placed.is_empty() {
            return Err(ConfigError::network("a render network has no node")
                .help("a `[[networks.nodes]]` group with `role = \"node\"` and a count above 0"));
        }
        let mut most_vram = 0.0f64;
        for g in &placed {
            most_vram = most_vram.max(self.gpus_of(g)?.2.vram_gb);
        }
        if let Some((i, j)) = self.jobs.iter().enumerate().find(|(_, j)| j.min_vram_gb > most_vram) {
            return Err(ConfigError::param(
                format!("jobs.{i}.min_vram_gb"),
                format!(
                    "job class `{}`: `min_vram_gb` is {}, more than any node's GPU has ({most_vram} GB)",
                    j.name, j.min_vram_gb
                ),
            )
            .help("at most the VRAM of the largest GPU of the node groups, or its jobs never start"));
        }
        Ok(())
    }

    /// The GPUs of `group`'s profile: how many, their model and its figures in `gpus`. An error at
    /// the group when it has none or of a model `gpus` does not list.
    pub fn gpus_of<'a>(&'a self, group: &'a GroupInfo) -> Result<(u32, &'a str, &'a GpuSpec), ConfigError> {
        let cap = &group.profile.capacity;
        let model = cap.gpu_model.as_deref().unwrap_or_default();
        let count = cap.gpus.unwrap_or(0);
        match self.gpus.get(model) {
            Some(spec) if count > 0 => Ok((count, model, spec)),
            _ => Err(ConfigError::group(
                &group.name,
                format!(
                    "group `{}`: profile `{}` has {count} GPUs of model `{model}`, not GPUs of a model listed in `gpus`",
                    group.name, group.profile.name
                ),
            )
            .help(format!("a profile with `capacity.gpus` of 1 or more of a listed model, or add its model to `gpus`: {}", self.gpu_models()))),
        }
    }

    fn gpu_models(&self) -> String {
        self.gpus.keys().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", ")
    }
}
