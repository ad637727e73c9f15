//! Reading a scenario: parse, apply `--set`, then check every reference, time and share before
//! anything runs, with messages that point at the file, line and column.

use super::loaded::{LoadedScenario, PreparedNetwork};
use crate::input::error::{InputError, unknown_name_help};
use crate::input::events::{event_names, find_event_dir, read_event};
use crate::input::overrides::{self, Override};
use crate::input::profiles::{
    PROFILE_PREFIX, Profiles, digest, embedded_profiles, find_profile_dir, load_used_profiles, override_profiles,
};
use crate::input::schema::*;
use crate::input::source::Source;
use crate::registry::{Refusal, Registry};
use depinsim_core::node::GroupInfo;
use depinsim_core::{SimDuration, SimTime, VertexId};
use depinsim_engine::model::*;
use depinsim_engine::world::WorldGraph;
use depinsim_engine::world::layout::group_depends_on;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use toml::Spanned;

/// The most nodes a scenario may have over all its networks: about 250 bytes of state each plus
/// the protocols' own, so 25 million take a few GiB on a 24 GiB machine (a limit, not a model).
pub const MAX_NODES: u64 = 25_000_000;

/// The longest run a scenario may ask for: ten times the longest shipped study (Arweave's
/// century), and far inside what simulated milliseconds in a `u64` hold (about 584 million
/// years), so that no time sum can overflow.
pub const MAX_DURATION: SimDuration = SimDuration::from_days(365 * 1000);

/// The most samples a run may take (`duration / sample_every`): each keeps a value of every
/// series of every network, so a tiny `sample_every` would exhaust memory before the first event.
/// A million is a 30-day month sampled every 2.6 s, or a year every 32 s.
pub const MAX_SAMPLES: u64 = 1_000_000;

/// What to read besides the scenario file itself.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// `--set` overrides, applied in order.
    pub overrides: Vec<Override>,
    /// Hardware profile folder; found next to the scenario when `None`.
    pub profiles_dir: Option<PathBuf>,
    /// The protocols a network may name (the built-ins by default).
    pub registry: Registry,
}

/// Reads and checks the scenario at `path`.
pub fn load(path: &Path, options: &LoadOptions) -> Result<LoadedScenario, InputError> {
    let bytes = std::fs::read(path)
        .map_err(|e| InputError::new(path.display().to_string(), format!("cannot read the scenario: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        // Point at the first byte that is not UTF-8: the text before it is whole.
        let at = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        let mut err = InputError::at(
            path,
            &valid,
            Some(at..at),
            format!("byte {at} is not UTF-8 text (0x{:02x})", e.as_bytes()[at]),
        );
        err.line_text = None;
        err.help("a scenario is a TOML file: UTF-8 text")
    })?;
    load_str(path, &text, options)
}

/// Checks scenario `text`, as if read from `path` (relative folders resolve from its parent).
pub fn load_str(path: &Path, text: &str, options: &LoadOptions) -> Result<LoadedScenario, InputError> {
    // A syntax error is reported against the file as written, before any override.
    if let Err(e) = toml::from_str::<toml::Table>(text) {
        return Err(InputError::from_toml(path, text, &e));
    }
    let written = text.to_string();
    // `--set profiles.<name>.<field>=V` reaches a hardware profile; every other the scenario.
    let (profile_sets, scenario_sets): (Vec<&Override>, Vec<&Override>) =
        options.overrides.iter().partition(|o| o.key.starts_with(PROFILE_PREFIX));
    let scenario_sets: Vec<Override> = scenario_sets.into_iter().cloned().collect();
    let text = overrides::apply(text, &scenario_sets)?;
    let source = Arc::new(Source { path: path.to_path_buf(), text, written });
    let file: ScenarioFile = toml::from_str(&source.text).map_err(|e| {
        let mut err = InputError::from_toml(path, &source.text, &e);
        if !options.overrides.is_empty() {
            err.message.push_str(" (after --set overrides)");
        }
        err
    })?;
    let dir = match (&options.profiles_dir, &file.profiles) {
        (Some(dir), _) => Some(dir.clone()),
        (None, Some(dir)) => Some(path.parent().unwrap_or(Path::new(".")).join(dir.get_ref())),
        // Away from the repository: the profiles built into the binary.
        (None, None) => find_profile_dir(path),
    };
    let (mut profiles, mut broken) = match &dir {
        Some(dir) => load_used_profiles(dir)?,
        None => (embedded_profiles()?, BTreeMap::new()),
    };
    let changed = override_profiles(dir.as_deref(), &mut profiles, &mut broken, &profile_sets)?;
    let events_dir = find_event_dir(path);
    let mut loaded = Checker {
        source: &source,
        profiles: &profiles,
        events_dir: events_dir.as_deref(),
        broken: &broken,
        registry: &options.registry,
        overrides: &options.overrides,
    }
    .check(file, source.clone())?;
    loaded.overrides = options.overrides.clone();
    for group in loaded.scenario.networks.iter().flat_map(|n| &n.groups) {
        let name = &group.profile.name;
        if !loaded.profile_digests.contains_key(name) {
            let digest = changed.get(name).cloned().or_else(|| digest(dir.as_deref(), name)).unwrap_or_default();
            loaded.profile_digests.insert(name.clone(), digest);
        }
    }
    Ok(loaded)
}

struct Checker<'a> {
    source: &'a Source,
    profiles: &'a Profiles,
    /// Where outage files are read from; the built-in copies when `None`.
    events_dir: Option<&'a Path>,
    /// Profile files that do not load, by file name: an error only for a group that uses one.
    broken: &'a BTreeMap<String, InputError>,
    registry: &'a Registry,
    overrides: &'a [Override],
}

impl Checker<'_> {
    fn err(&self, span: Range<usize>, msg: impl Into<String>) -> InputError {
        let span = (span != (0..0)).then_some(span);
        InputError::at(&self.source.path, &self.source.text, span, msg)
    }

    fn check(&self, file: ScenarioFile, source: Arc<Source>) -> Result<LoadedScenario, InputError> {
        let start = self.timestamp(&file.start)?;
        let duration = self.positive(&file.duration, "duration")?;
        if duration > MAX_DURATION {
            return Err(self
                .err(file.duration.span(), format!("`duration` is {duration}; at most {MAX_DURATION} can be simulated"))
                .help("the longest shipped study is a century (\"100y\")"));
        }
        let sample_every = self.positive(&file.sample_every, "sample_every")?;
        let samples = duration.as_millis().div_ceil(sample_every.as_millis());
        if samples > MAX_SAMPLES {
            let least = SimDuration::from_millis(duration.as_millis().div_ceil(MAX_SAMPLES));
            return Err(self
                .err(
                    file.sample_every.span(),
                    format!(
                        "`sample_every` ({sample_every}) takes {samples} samples over the run ({duration}); at most {MAX_SAMPLES} are kept"
                    ),
                )
                .help(format!("every sample keeps every series of every network: sample every {least} or more")));
        }
        if sample_every > duration {
            return Err(self
                .err(
                    file.sample_every.span(),
                    format!("`sample_every` ({sample_every}) is longer than the run ({duration})"),
                )
                .help("sample at least once within `duration`"));
        }
        self.file_name(&file.name, "the scenario's `name`")?;
        let vertices = self.vertices(&file)?;
        let names = vertices.iter().enumerate().map(|(i, v)| (v.name.as_str(), (VertexId(i as u32), v.kind))).collect();
        let lookup = Lookup { checker: self, names };
        let mut networks = Vec::new();
        let mut prepared = Vec::new();
        let mut seen = BTreeMap::new();
        if file.networks.is_empty() {
            return Err(self.err(0..0, "the scenario has no `[[networks]]`").help("add at least one network"));
        }
        // A run holds every node's state: refuse what would not fit rather than abort mid-way, and
        // before the protocols' own checks, which may size their buffers by the groups' counts.
        // A negative count is refused with its group below; here it adds nothing.
        let nodes: u64 =
            file.networks.iter().flat_map(|n| &n.nodes).map(|g| u64::try_from(*g.count.get_ref()).unwrap_or(0)).sum();
        if nodes > MAX_NODES {
            let biggest = file.networks.iter().flat_map(|n| &n.nodes).max_by_key(|g| *g.count.get_ref());
            let span = biggest.map_or(0..0, |g| g.count.span());
            return Err(self
                .err(span, format!("the scenario has {nodes} nodes in all; at most {MAX_NODES} fit in a run"))
                .help("lower the groups' `count`"));
        }
        for (index, net) in file.networks.iter().enumerate() {
            self.file_name(&net.name, "a network's `name`")?;
            if seen.insert(net.name.get_ref().clone(), ()).is_some() {
                return Err(self.err(net.name.span(), format!("two networks are named `{}`", net.name.get_ref())));
            }
            let (network, ready) = self.network(index, net, &lookup, duration)?;
            networks.push(network);
            prepared.push(ready);
        }
        let end = SimTime::ZERO + duration;
        // The included events' outages first, in the order they are listed, then the file's own.
        let mut outages = Vec::new();
        let mut event_digests = BTreeMap::new();
        let world = World { vertices: &vertices, networks: &networks, graph: OnceCell::new() };
        for event in &file.events {
            let (hits, sha256) = self.event(event, start, end, &lookup, &world)?;
            outages.extend(hits);
            event_digests.insert(event.name.get_ref().clone(), sha256);
        }
        for o in &file.outages {
            outages.push(self.outage(o, start, end, &lookup, &world)?);
        }
        let max_run_time = match &file.max_run_time {
            Some(t) if t.get_ref().as_millis() == 0 => {
                return Err(self
                    .err(t.span(), "`max_run_time` is 0")
                    .help("give the longest wall-clock time the run may take, e.g. \"6h\", or leave it out (1h)"));
            }
            t => t.as_ref().map(|t| *t.get_ref()),
        };
        let scenario = Scenario {
            name: file.name.into_inner(),
            description: file.description,
            sources: file.sources,
            start: file.start.get_ref().clone(),
            start_unix_ms: (start.unix_timestamp_nanos() / 1_000_000) as i64,
            duration,
            sample_every,
            seed: file.seed,
            vertices,
            networks,
            outages,
            split_by: file.report.split_by,
        };
        Ok(LoadedScenario {
            scenario,
            source,
            sweep: file.sweep,
            prepared,
            overrides: vec![],
            profile_digests: BTreeMap::new(),
            event_digests,
            max_run_time,
        })
    }

    /// The outages of the outage file `event` names, its targets mapped onto this scenario's
    /// world, each checked against the file it is written in; and the file's SHA-256.
    fn event(
        &self,
        event: &EventRef,
        start: OffsetDateTime,
        end: SimTime,
        lookup: &Lookup,
        world: &World,
    ) -> Result<(Vec<Outage>, String), InputError> {
        let name = event.name.get_ref();
        let dir = self.events_dir;
        let Some(loaded) = read_event(dir, name)? else {
            let known = event_names(dir);
            let place = dir.map_or("built into this binary".to_string(), |d| format!("in {}", d.display()));
            return Err(self
                .err(event.name.span(), format!("no outage file is named `{name}` ({place})"))
                .help(unknown_name_help(name, known.iter().map(String::as_str))));
        };
        let mut targets: Vec<&str> = loaded.file.outages.iter().map(|o| o.target.get_ref().as_str()).collect();
        targets.sort();
        targets.dedup();
        for (from, to) in &event.targets {
            if !targets.contains(&from.as_str()) {
                return Err(self
                    .err(to.span(), format!("event `{name}` has no target `{from}` to map onto `{}`", to.get_ref()))
                    .help(unknown_name_help(from, targets.iter().copied())));
            }
        }
        self.check_skips_and_impacts(event, &targets)?;
        let skipped = |target: &str| event.skip.iter().any(|s| s.get_ref() == target);
        let source = Source { path: loaded.path.clone(), text: loaded.text.clone(), written: loaded.text.clone() };
        let within = Checker { source: &source, ..*self };
        let within_lookup = Lookup { checker: &within, names: lookup.names.clone() };
        // A run may cover part of an event: what happens after its end is not simulated.
        let run_end = start + time::Duration::milliseconds(end.as_millis() as i64);
        let after = |t: &Spanned<String>| within.timestamp(t).is_ok_and(|t| t >= run_end);
        let mut out = Vec::new();
        for o in &loaded.file.outages {
            let target = o.target.get_ref();
            if skipped(target) {
                continue;
            }
            let mapped = event.targets.get(target);
            let to = mapped.map_or(target.as_str(), |t| t.get_ref().as_str());
            if !lookup.names.contains_key(to) {
                // Said at the scenario's reference to the event: the fix is a mapping there.
                let (span, how) = match mapped {
                    Some(t) => (t.span(), format!("maps `{target}` onto `{to}`, which")),
                    None => (event.name.span(), format!("hits `{target}`, which")),
                };
                return Err(self
                    .err(
                        span,
                        format!("event `{name}` {how} this scenario has no region, provider, site or service named"),
                    )
                    .help(format!(
                        "map it onto one of yours: targets = {{ {target} = \"...\" }} ({})",
                        unknown_name_help(to, lookup.names.keys().copied())
                    )));
            }
            let mut o = o.clone();
            o.target = Spanned::new(o.target.span(), to.to_string());
            if let Some(impact) = event.impact.get(target) {
                let vertex = lookup.names[to].0;
                self.apply_impact(name, target, impact, &mut o, (vertex, world))?;
            }
            if after(&o.start) {
                continue;
            }
            if o.end.as_ref().is_some_and(after) {
                o.end = None;
            }
            o.recovery.retain(|step| !after(&step.at));
            if let Some(ramp) = &mut o.loss_ramp {
                let span = ramp.span();
                let mut points = ramp.get_ref().clone();
                points.retain(|p| !after(&p.at));
                *ramp = Spanned::new(span, points);
            }
            out.push(within.outage(&o, start, end, &within_lookup, world)?);
        }
        if out.is_empty() {
            return Err(self
                .err(event.name.span(), format!("every outage of event `{name}` starts after the end of the run"))
                .help(format!(
                    "the event's outages are in {}; lengthen `duration` or move `start`",
                    loaded.path.display()
                )));
        }
        Ok((out, loaded.sha256))
    }

    /// An event's `skip` and `impact` name targets the event has, once each, and a skipped target
    /// is neither mapped nor given an impact; a study that skips every target includes nothing.
    fn check_skips_and_impacts(&self, event: &EventRef, targets: &[&str]) -> Result<(), InputError> {
        let name = event.name.get_ref();
        let unknown = |what: &str, t: &str, span: Range<usize>| {
            self.err(span, format!("event `{name}` has no target `{t}` to {what}"))
                .help(unknown_name_help(t, targets.iter().copied()))
        };
        for (i, s) in event.skip.iter().enumerate() {
            let t = s.get_ref();
            if !targets.contains(&t.as_str()) {
                return Err(unknown("skip", t, s.span()));
            }
            if event.skip[..i].iter().any(|e| e.get_ref() == t) {
                return Err(self.err(s.span(), format!("`{t}` is skipped twice")));
            }
            if let Some(to) = event.targets.get(t) {
                return Err(self
                    .err(to.span(), format!("event target `{t}` is both skipped and mapped onto `{}`", to.get_ref()))
                    .help("a study either models a phase (map it) or does not (skip it)"));
            }
            if let Some(impact) = event.impact.get(t) {
                return Err(self
                    .err(impact.span(), format!("event target `{t}` is skipped and given an impact"))
                    .help("remove it from `skip`, or drop its `impact`"));
            }
        }
        for (t, impact) in &event.impact {
            if !targets.contains(&t.as_str()) {
                return Err(unknown("give an impact", t, impact.span()));
            }
        }
        if targets.iter().all(|t| event.skip.iter().any(|s| s.get_ref() == t)) {
            return Err(self
                .err(event.name.span(), format!("the study skips every target of event `{name}`"))
                .help("leave the event out, or map at least one of its targets"));
        }
        Ok(())
    }

    /// Replaces what `impact` gives of outage `o` (on the event's `target`, `vertex` in this
    /// `world`): the study's own reading of how hard the phase hits its world. Values are checked
    /// here, where they are written; the outage is then checked as a whole in the event's file,
    /// whose text its spans point into.
    fn apply_impact(
        &self,
        name: &str,
        target: &str,
        impact: &Spanned<ImpactFile>,
        o: &mut OutageFile,
        (vertex, world): (VertexId, &World),
    ) -> Result<(), InputError> {
        let i = impact.get_ref();
        let here = o.target.span();
        if let Some(kind) = &i.kind {
            if *kind.get_ref() == OutageKind::Destroyed {
                return Err(self
                    .err(kind.span(), "an impact's `kind` is `down` or `degraded`")
                    .help("what an event destroys is the event's to say, in its outage file"));
            }
            o.kind = *kind.get_ref();
        }
        if let Some(share) = &i.share {
            o.share = Spanned::new(here.clone(), self.share(share, "share", false)?);
        }
        if let Some(of) = &i.share_of {
            if *of.get_ref() == ShareOf::Traffic {
                self.traffic_to_share(o, of.span(), vertex, world)?;
            }
            o.share_of = Some(Spanned::new(here.clone(), *of.get_ref()));
        }
        if o.kind != OutageKind::Degraded {
            if let Some(loss) = &i.loss {
                return Err(self.err(loss.span(), "`loss` applies only to `kind = \"degraded\"`"));
            }
            o.loss = None;
            o.loss_ramp = None;
            return Ok(());
        }
        if let Some(loss) = &i.loss {
            o.loss = Some(Spanned::new(here, self.share(loss, "loss", false)?));
            o.loss_ramp = None;
        }
        if o.loss.is_none() && o.loss_ramp.is_none() {
            return Err(self
                .err(
                    impact.span(),
                    format!("event `{name}` is degraded on `{target}` here, but its outage `{}` has no loss", o.name),
                )
                .help("give the share of traffic lost: loss = 0.5"));
        }
        Ok(())
    }

    /// A name that becomes a file or folder name (the output folder, chart files): checked here,
    /// once, so no output is ever written outside its folder.
    fn file_name(&self, name: &Spanned<String>, what: &str) -> Result<(), InputError> {
        if let Err(problem) = crate::input::names::file_safe(name.get_ref()) {
            return Err(self
                .err(name.span(), format!("{what} `{}` {problem}", name.get_ref().escape_default()))
                .help(crate::input::names::ALLOWED));
        }
        Ok(())
    }

    fn timestamp(&self, s: &Spanned<String>) -> Result<OffsetDateTime, InputError> {
        OffsetDateTime::parse(s.get_ref(), &Rfc3339).map_err(|e| {
            self.err(s.span(), format!("`{}` is not an RFC 3339 timestamp ({e})", s.get_ref()))
                .help("write e.g. \"2025-11-18T11:20:00Z\" (UTC) or \"2025-04-28T12:33:00+02:00\"")
        })
    }

    fn positive(&self, d: &Spanned<SimDuration>, key: &str) -> Result<SimDuration, InputError> {
        if *d.get_ref() == SimDuration::ZERO {
            return Err(self
                .err(d.span(), format!("`{key}` must be longer than zero"))
                .help("e.g. \"1m\", \"9h\", \"30d\""));
        }
        Ok(*d.get_ref())
    }

    fn share(&self, s: &Spanned<f64>, key: &str, zero_ok: bool) -> Result<f64, InputError> {
        let v = *s.get_ref();
        let ok = v.is_finite() && v <= 1.0 && (v > 0.0 || (zero_ok && v == 0.0));
        if !ok {
            let range = if zero_ok { "between 0 and 1" } else { "above 0 and at most 1" };
            return Err(self.err(s.span(), format!("`{key}` is {v}; it must be {range}")));
        }
        Ok(v)
    }

    fn vertices(&self, file: &ScenarioFile) -> Result<Vec<Vertex>, InputError> {
        // Names first, so that dependencies may point forward.
        let mut declared: Vec<(&Spanned<String>, VertexKind)> = Vec::new();
        declared.extend(file.regions.iter().map(|r| (&r.name, VertexKind::Region)));
        declared.extend(file.providers.iter().map(|p| (&p.name, VertexKind::Provider)));
        declared.extend(file.sites.iter().map(|s| (&s.name, VertexKind::Site)));
        declared.extend(file.services.iter().map(|s| (&s.name, VertexKind::Service)));
        let mut names = BTreeMap::new();
        for (i, (name, kind)) in declared.iter().enumerate() {
            if let Some(prev) = names.insert(name.get_ref().as_str(), (VertexId(i as u32), *kind)) {
                return Err(self
                    .err(name.span(), format!("the name `{}` is already used by a {}", name.get_ref(), prev.1.as_str()))
                    .help(
                        "regions, providers, sites and services share one namespace, so outages can target any of them",
                    ));
            }
        }
        let lookup = Lookup { checker: self, names };
        let resolve = |r: &Spanned<String>, want| lookup.get(r, want);
        let mut out = Vec::new();
        for r in &file.regions {
            let rate = |v: &Option<Spanned<f64>>, what: &str| match v {
                None => Ok(0.0),
                Some(v) if v.get_ref().is_finite() && *v.get_ref() >= 0.0 => Ok(*v.get_ref()),
                Some(v) => Err(self.err(
                    v.span(),
                    format!("`{what}` of region `{}` must be >= 0, found {}", r.name.get_ref(), v.get_ref()),
                )),
            };
            let per_year = rate(&r.home_outages_per_year, "home_outages_per_year")?;
            let usd_per_kwh = rate(&r.usd_per_kwh, "usd_per_kwh")?;
            let home_outages = match (&r.home_outage_mean, per_year > 0.0) {
                (Some(mean), true) => Some(FailureRate { per_year, mean: self.positive(mean, "home_outage_mean")? }),
                (None, true) => {
                    return Err(self.err(
                        r.name.span(),
                        format!("region `{}` sets `home_outages_per_year` but no `home_outage_mean`", r.name.get_ref()),
                    ));
                }
                _ => None,
            };
            out.push(Vertex {
                name: r.name.get_ref().clone(),
                kind: VertexKind::Region,
                deps: vec![],
                usd_per_kwh,
                home_outages,
            });
        }
        for p in &file.providers {
            out.push(plain(p.name.get_ref(), VertexKind::Provider, vec![]));
        }
        for s in &file.sites {
            let mut deps =
                vec![resolve(&s.region, Some(VertexKind::Region))?, resolve(&s.provider, Some(VertexKind::Provider))?];
            for d in &s.depends_on {
                deps.push(resolve(d, None)?);
            }
            out.push(plain(s.name.get_ref(), VertexKind::Site, deps));
        }
        for s in &file.services {
            let deps = s.depends_on.iter().map(|d| resolve(d, None)).collect::<Result<_, _>>()?;
            out.push(plain(s.name.get_ref(), VertexKind::Service, deps));
        }
        if let Some(cycle) = depinsim_engine::world::graph::find_cycle(&out) {
            let span = declared[cycle[0].index()].0.span();
            let names: Vec<&str> = cycle.iter().map(|v| out[v.index()].name.as_str()).collect();
            return Err(self
                .err(span, format!("dependency cycle: {} -> {}", names.join(" -> "), names[0]))
                .help("dependencies must form a graph without cycles"));
        }
        Ok(out)
    }

    fn network(
        &self,
        index: usize,
        net: &NetworkFile,
        lookup: &Lookup,
        duration: SimDuration,
    ) -> Result<(Network, PreparedNetwork), InputError> {
        let protocol = net.protocol.get_ref();
        let Some(entry) = self.registry.find(protocol) else {
            return Err(self
                .err(net.protocol.span(), format!("unknown protocol `{protocol}`"))
                .help(unknown_name_help(protocol, self.registry.entries().iter().map(|p| p.name))));
        };
        let service_threshold = self.share(&net.service_threshold, "service_threshold", false)?;
        if net.nodes.is_empty() {
            return Err(self
                .err(net.name.span(), format!("network `{}` has no `[[networks.nodes]]` group", net.name.get_ref())));
        }
        let mut groups = Vec::new();
        let mut seen = BTreeMap::new();
        for g in &net.nodes {
            if seen.insert(g.name.get_ref().clone(), ()).is_some() {
                return Err(self.err(
                    g.name.span(),
                    format!("two groups of network `{}` are named `{}`", net.name.get_ref(), g.name.get_ref()),
                ));
            }
            if !entry.roles.contains(&g.role.get_ref().as_str()) {
                return Err(self
                    .err(g.role.span(), format!("protocol `{protocol}` has no role `{}`", g.role.get_ref()))
                    .help(unknown_name_help(g.role.get_ref(), entry.roles.iter().copied())));
            }
            groups.push(self.group(g, lookup)?);
        }
        // The protocol's own checks, against the groups, with errors at the values they name.
        let infos: Vec<GroupInfo> = groups
            .iter()
            .map(|g| GroupInfo {
                name: g.name.clone(),
                role: g.role.clone(),
                profile: g.profile.clone(),
                count: g.count,
                traffic_weight: g.traffic_weight,
            })
            .collect();
        let prepared = (entry.prepare)(self.source, index, &infos, duration).map_err(|refusal| match refusal {
            Refusal::Parse(e) => e,
            Refusal::Check(e) => self.source.config_error(index, net.name.get_ref(), &e, self.overrides),
        })?;
        let network =
            Network { name: net.name.get_ref().clone(), protocol: protocol.clone(), service_threshold, index, groups };
        Ok((network, PreparedNetwork { entry: *entry, config: prepared.config, work: prepared.work }))
    }

    fn group(&self, g: &GroupFile, lookup: &Lookup) -> Result<Group, InputError> {
        let count = *g.count.get_ref();
        let count = u32::try_from(count).map_err(|_| {
            self.err(g.count.span(), format!("`count` is {count}; it must be between 0 and {}", u32::MAX))
        })?;
        if let Some(e) = self.broken.get(g.profile.get_ref()) {
            return Err(e.clone());
        }
        let profile = self.profiles.get(g.profile.get_ref()).cloned().ok_or_else(|| {
            self.err(g.profile.span(), format!("no hardware profile is named `{}`", g.profile.get_ref()))
                .help(unknown_name_help(g.profile.get_ref(), self.profiles.keys().map(String::as_str)))
        })?;
        let placement = match (&g.sites[..], &g.homes) {
            ([], Some(h)) => {
                if h.regions.is_empty() || h.isps.is_empty() {
                    return Err(self.err(
                        g.name.span(),
                        format!("group `{}`: `homes` needs at least one region and one isp", g.name.get_ref()),
                    ));
                }
                Placement::Homes {
                    regions: h
                        .regions
                        .iter()
                        .map(|r| lookup.get(r, Some(VertexKind::Region)))
                        .collect::<Result<_, _>>()?,
                    isps: h.isps.iter().map(|r| lookup.get(r, Some(VertexKind::Provider))).collect::<Result<_, _>>()?,
                }
            }
            (sites, None) if !sites.is_empty() => {
                Placement::Sites(sites.iter().map(|s| lookup.get(s, Some(VertexKind::Site))).collect::<Result<_, _>>()?)
            }
            _ => {
                return Err(self.err(g.name.span(), format!("group `{}` needs exactly one of `sites` or `homes`", g.name.get_ref()))
                    .help("sites = [\"sbg1\", ...] for hosted nodes; homes = { regions = [...], isps = [...] } for home nodes"));
            }
        };
        let weight = *g.traffic_weight.get_ref();
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(self
                .err(g.traffic_weight.span(), format!("`traffic_weight` is {weight}; it must be 0 or more"))
                .help("the relative traffic each node of the group draws (1 when not given)"));
        }
        let operators = match &g.operators {
            None => count.max(1),
            Some(o) => match u32::try_from(*o.get_ref()) {
                Ok(n) if n >= 1 => n,
                _ => return Err(self.err(o.span(), format!("`operators` is {}; it must be at least 1", o.get_ref()))),
            },
        };
        Ok(Group {
            name: g.name.get_ref().clone(),
            role: g.role.get_ref().clone(),
            count,
            profile,
            placement,
            operators,
            depends_on: g.depends_on.iter().map(|d| lookup.get(d, None)).collect::<Result<_, _>>()?,
            depends_share: self.share(&g.depends_share, "depends_share", true)?,
            traffic_weight: weight,
        })
    }

    fn outage(
        &self,
        o: &OutageFile,
        start: OffsetDateTime,
        end: SimTime,
        lookup: &Lookup,
        world: &World,
    ) -> Result<Outage, InputError> {
        let at = |s: &Spanned<String>| -> Result<SimTime, InputError> {
            let t = self.timestamp(s)?;
            let ms = (t - start).whole_milliseconds();
            if ms < 0 || ms as u64 >= end.as_millis() {
                let last = start + time::Duration::milliseconds(end.as_millis() as i64);
                return Err(self.err(s.span(), format!("`{}` is outside the simulated time", s.get_ref())).help(
                    format!(
                        "the run covers {} to {}",
                        start.format(&Rfc3339).unwrap_or_default(),
                        last.format(&Rfc3339).unwrap_or_default()
                    ),
                ));
            }
            Ok(SimTime::from_millis(ms as u64))
        };
        let begin = at(&o.start)?;
        let finish = match &o.end {
            None => None,
            Some(e) if o.kind == OutageKind::Destroyed => {
                return Err(self
                    .err(e.span(), format!("destroyed outage `{}` has an `end`", o.name))
                    .help("destroyed hardware does not come back: remove `end`, or use kind = \"down\""));
            }
            Some(e) => {
                // An end at or after the run's end simply lasts to the end.
                let t = self.timestamp(e)?;
                let ms = (t - start).whole_milliseconds();
                if ms <= begin.as_millis() as i128 {
                    return Err(self.err(e.span(), format!("outage `{}` ends before it starts", o.name)));
                }
                Some(SimTime::from_millis(ms.min(end.as_millis() as i128) as u64))
            }
        };
        let (loss, loss_steps) = match (o.kind, &o.loss, &o.loss_ramp) {
            (OutageKind::Degraded, Some(l), None) => (self.share(l, "loss", false)?, vec![]),
            (OutageKind::Degraded, None, Some(ramp)) => {
                let mut points = Vec::new();
                for p in ramp.get_ref() {
                    let t = at(&p.at)?;
                    let l = self.share(&p.loss, "loss", true)?;
                    if t < begin || finish.is_some_and(|f| t > f) || points.last().is_some_and(|(pt, _)| t <= *pt) {
                        return Err(self.err(
                            p.at.span(),
                            "the points of a loss ramp go forward in time, within the outage's window",
                        ));
                    }
                    points.push((t, l));
                }
                if points.is_empty() {
                    return Err(self.err(ramp.span(), "a loss ramp needs at least one point"));
                }
                let peak = points.iter().map(|p| p.1).fold(0.0, f64::max);
                (peak, loss_steps(begin, &points))
            }
            (OutageKind::Degraded, Some(_), Some(r)) => {
                return Err(self.err(r.span(), "give either `loss` or `loss_ramp`, not both"));
            }
            (OutageKind::Degraded, None, None) => {
                return Err(self.err(
                    o.target.span(),
                    format!("degraded outage `{}` needs `loss` (share of traffic lost) or a `loss_ramp`", o.name),
                ));
            }
            (_, Some(l), _) => return Err(self.err(l.span(), "`loss` applies only to `kind = \"degraded\"`")),
            (_, None, Some(r)) => {
                return Err(self.err(r.span(), "`loss_ramp` applies only to `kind = \"degraded\"`"));
            }
            _ => (0.0, vec![]),
        };
        if let (Some(r), true) = (&o.loss_ramp, o.flapping.is_some() || !o.recovery.is_empty()) {
            return Err(self.err(r.span(), "a loss ramp applies to an outage without flapping or staged recovery"));
        }
        let flapping = match &o.flapping {
            None => None,
            Some(f) => {
                let period = self.positive(&f.period, "period")?;
                let down = self.positive(&f.down, "down")?;
                if down >= period {
                    return Err(
                        self.err(f.down.span(), format!("`down` ({down}) must be shorter than `period` ({period})"))
                    );
                }
                if o.kind == OutageKind::Destroyed {
                    return Err(self.err(f.period.span(), "a destroyed target cannot flap"));
                }
                Some(Shape::Flapping { period, down })
            }
        };
        let mut recovery: Vec<RecoveryStep> = Vec::new();
        for s in &o.recovery {
            let t = at(&s.at)?;
            if t <= begin || finish.is_some_and(|f| t > f) {
                return Err(
                    self.err(s.at.span(), "a recovery step must fall after the outage's start and not after its end")
                );
            }
            let last_share = recovery.last().map_or(0.0, |r| r.share);
            let (share, back) = match (&s.share, &s.back) {
                (Some(share), None) => {
                    let share = self.share(share, "share", false)?;
                    if recovery.last().is_some_and(|r| t <= r.at) || share <= last_share {
                        return Err(self.err(s.at.span(), "recovery steps must go forward in time with growing shares"));
                    }
                    (share, None)
                }
                (None, Some(name)) => {
                    // Steps restoring named places may share an instant (two sites at once).
                    if recovery.last().is_some_and(|r| t < r.at) {
                        return Err(self.err(s.at.span(), "recovery steps must go forward in time"));
                    }
                    (last_share, Some(lookup.get(name, None)?))
                }
                _ => {
                    return Err(self
                        .err(s.at.span(), "a recovery step gives either a `share` back or the place that comes `back`")
                        .help("e.g. { at = \"...\", share = 0.5 } or { at = \"...\", back = \"sbg3\" }"));
                }
            };
            recovery.push(RecoveryStep { at: t, share, back });
        }
        if !recovery.is_empty() && (o.kind == OutageKind::Destroyed || flapping.is_some()) {
            return Err(
                self.err(o.target.span(), "staged recovery applies to `down` or `degraded` outages without flapping")
            );
        }
        let target = lookup.get(&o.target, None)?;
        let share_of = o.share_of.as_ref().map_or(ShareOf::Nodes, |s| *s.get_ref());
        if let (Some(written), ShareOf::Traffic) = (&o.share_of, share_of) {
            self.traffic_to_share(o, written.span(), target, world)?;
        }
        Ok(Outage {
            name: o.name.clone(),
            target,
            kind: o.kind,
            start: begin,
            end: finish,
            share: self.share(&o.share, "share", false)?,
            share_of,
            loss,
            loss_steps,
            shape: match (flapping, recovery.is_empty()) {
                (Some(flapping), _) => flapping,
                (None, false) => Shape::Staged(recovery),
                (None, true) => Shape::Window,
            },
        })
    }
}

/// What an outage needs to know of the scenario beyond names: which nodes depend on its target
/// (for a share of their traffic).
struct World<'a> {
    vertices: &'a [Vertex],
    networks: &'a [Network],
    /// Built when an outage first asks.
    graph: OnceCell<WorldGraph>,
}

impl Checker<'_> {
    /// Refuses a share of the traffic of nodes that draw none: in a network whose nodes that
    /// depend on `target` all have `traffic_weight` 0, a share of their total is a share of
    /// nothing (said at `span`, the outage's `share_of`).
    fn traffic_to_share(
        &self,
        o: &OutageFile,
        span: Range<usize>,
        target: VertexId,
        world: &World,
    ) -> Result<(), InputError> {
        let graph = world.graph.get_or_init(|| WorldGraph::new(world.vertices));
        for net in world.networks {
            let groups: Vec<&Group> = net.groups.iter().filter(|g| group_depends_on(g, graph, target)).collect();
            if !groups.is_empty() && groups.iter().all(|g| g.traffic_weight == 0.0) {
                let names: Vec<String> = groups.iter().map(|g| format!("`{}`", g.name)).collect();
                return Err(self
                    .err(
                        span,
                        format!(
                            "outage `{}` hits a share of the traffic of the nodes that depend on `{}`, but in network `{}` they all have `traffic_weight` 0",
                            o.name,
                            o.target.get_ref(),
                            net.name
                        ),
                    )
                    .help(format!(
                        "give group {} a `traffic_weight` above 0, or count a share of the nodes: share_of = \"nodes\"",
                        names.join(", ")
                    )));
            }
        }
        Ok(())
    }
}

/// How finely a linear loss ramp is followed: the loss changes at most once a minute.
pub const LOSS_STEP: SimDuration = SimDuration::from_secs(60);

/// The steps that follow the loss ramp through `points` (time, loss) from `begin`: the first
/// point's loss until it, then each linear segment in steps of [`LOSS_STEP`], each at the
/// segment's value at the step's middle, then the last point's loss.
fn loss_steps(begin: SimTime, points: &[(SimTime, f64)]) -> Vec<(SimTime, f64)> {
    let mut steps = vec![(begin, points[0].1)];
    for w in points.windows(2) {
        let ((ta, la), (tb, lb)) = (w[0], w[1]);
        let (a, b) = (ta.as_millis(), tb.as_millis());
        let mut t = a;
        while t < b {
            let next = (t + LOSS_STEP.as_millis()).min(b);
            let mid = (t + next) as f64 / 2.0;
            let l = la + (lb - la) * (mid - a as f64) / (b - a) as f64;
            steps.push((SimTime::from_millis(t), l));
            t = next;
        }
    }
    steps.push((points[points.len() - 1].0, points[points.len() - 1].1));
    // A step at the same instant as the one before replaces it.
    let mut out: Vec<(SimTime, f64)> = Vec::new();
    for s in steps {
        match out.last_mut() {
            Some(last) if last.0 == s.0 => *last = s,
            _ => out.push(s),
        }
    }
    out
}

fn plain(name: &str, kind: VertexKind, deps: Vec<VertexId>) -> Vertex {
    Vertex { name: name.to_string(), kind, deps, usd_per_kwh: 0.0, home_outages: None }
}

/// Resolves names written in the file to vertices, with a suggestion when one is misspelt.
struct Lookup<'a> {
    checker: &'a Checker<'a>,
    names: BTreeMap<&'a str, (VertexId, VertexKind)>,
}

impl Lookup<'_> {
    fn get(&self, r: &Spanned<String>, want: Option<VertexKind>) -> Result<VertexId, InputError> {
        let kind_ok = |kind: VertexKind| want.is_none_or(|w| w == kind);
        match self.names.get(r.get_ref().as_str()) {
            Some((id, kind)) if kind_ok(*kind) => Ok(*id),
            found => {
                let what = want.map_or("region, provider, site or service", |w| w.as_str());
                let msg = match found {
                    Some((_, kind)) => format!("`{}` is a {}, not a {what}", r.get_ref(), kind.as_str()),
                    None => format!("no {what} is named `{}`", r.get_ref()),
                };
                let valid = self.names.iter().filter(|(_, (_, k))| kind_ok(*k)).map(|(n, _)| *n);
                Err(self.checker.err(r.span(), msg).help(unknown_name_help(r.get_ref(), valid)))
            }
        }
    }
}
