//! `depinsim merge`: shard folders into the files one machine would have written.

use super::exec::{Manifest, UNRECORDED, differences, listed};
use super::plan::Shard;
use super::stats;
use super::table::header;
use crate::scenario::InputError;
use depinsim_reports::AtomicFile;
use std::path::{Path, PathBuf};

fn input(path: &Path, message: impl ToString) -> InputError {
    InputError::new(path.display().to_string(), message.to_string())
}

/// Merges the complete shard folders `dirs` (shards 1..N of one sweep) into `out`; returns how
/// many runs failed. Shards made from different inputs (scenario text, profiles, build) are
/// refused unless `force`, and then the merged manifest records every input.
pub fn merge(dirs: &[PathBuf], out: &Path, force: bool) -> Result<u64, InputError> {
    let mut shards: Vec<(Manifest, PathBuf)> = Vec::new();
    for dir in dirs {
        let path = dir.join("sweep.json");
        let text = std::fs::read_to_string(&path).map_err(|e| input(&path, format!("not a sweep folder: {e}")))?;
        let manifest: Manifest =
            serde_json::from_str(&text).map_err(|e| input(&path, format!("not a sweep manifest: {e}")))?;
        if !dir.join("sweep.csv").exists() {
            return Err(input(dir, "this shard has not finished (no sweep.csv)")
                .help("run its `depinsim sweep --shard K/N` again: it resumes"));
        }
        shards.push((manifest, dir.clone()));
    }
    let Some(first) = shards.first().map(|s| s.0.clone()) else {
        return Err(InputError::new("merge", "no shard folders given"));
    };
    let count = first.shard.count;
    let mut forced = first.forced.clone();
    let base = first.provenance.clone().unwrap_or_default();
    for (m, dir) in &shards {
        if m.plan != first.plan || m.shard.count != count {
            return Err(input(dir, "this shard belongs to another sweep (its plan differs from the first folder's)"));
        }
        let diffs = match &m.provenance {
            Some(p) => differences(&base, p),
            None => vec![UNRECORDED.into()],
        };
        if !diffs.is_empty() {
            if !force {
                return Err(input(
                    dir,
                    format!("this shard's runs were made from other inputs than {}'s; they differ in:{}", shards[0].1.display(), listed(&diffs)),
                )
                .help("merging would mix two models in one table: rerun the odd shard, or pass --force to merge knowingly (sweep.json then records both)"));
            }
            for p in m.forced.iter().chain(&m.provenance) {
                if !forced.contains(p) && Some(p) != first.provenance.as_ref() {
                    forced.push(p.clone());
                }
            }
        }
    }
    let mut indices: Vec<u32> = shards.iter().map(|s| s.0.shard.index).collect();
    indices.sort();
    if indices != (1..=count).collect::<Vec<_>>() {
        return Err(InputError::new("merge", format!("need shards 1 to {count} once each, got {indices:?}")));
    }
    // Every shard's rows, keyed by run index; the header is that of the shard holding the
    // sweep's first successful run, as on one machine.
    let mut rows: Vec<(u64, Vec<(String, String)>)> = Vec::new();
    let mut best: Option<(u64, Vec<String>)> = None;
    for (_, dir) in &shards {
        let path = dir.join("sweep.csv");
        let mut reader = csv::Reader::from_path(&path).map_err(|e| input(&path, e))?;
        let head: Vec<String> = reader.headers().map_err(|e| input(&path, e))?.iter().map(str::to_string).collect();
        let error_col = head.iter().position(|h| h == "error").ok_or_else(|| input(&path, "no `error` column"))?;
        for record in reader.records() {
            let record = record.map_err(|e| input(&path, e))?;
            let index: u64 = record[0].parse().map_err(|_| input(&path, "a row's `run` is not a number"))?;
            if record[error_col].is_empty() && best.as_ref().is_none_or(|(b, _)| index < *b) {
                best = Some((index, head.clone()));
            }
            rows.push((index, head.iter().cloned().zip(record.iter().map(str::to_string)).collect()));
        }
    }
    rows.sort_by_key(|(i, _)| *i);
    let head = match best {
        Some((_, h)) => h,
        None => header(&first.plan, &[]),
    };
    let _lock = crate::folder::lock(out).map_err(|e| input(out, e))?;
    std::fs::create_dir_all(out).map_err(|e| input(out, e))?;
    let target = out.join("sweep.csv");
    let mut file = AtomicFile::create(&target).map_err(|e| input(&target, e))?;
    let mut failed = 0;
    {
        let mut writer = csv::Writer::from_writer(&mut file);
        writer.write_record(&head).map_err(|e| input(&target, e))?;
        for (_, fields) in &rows {
            failed += u64::from(fields.iter().any(|(k, v)| k == "error" && !v.is_empty()));
            let cells: Vec<&str> =
                head.iter().map(|h| fields.iter().find(|(k, _)| k == h).map_or("", |(_, v)| v.as_str())).collect();
            writer.write_record(&cells).map_err(|e| input(&target, e))?;
        }
        writer.flush().map_err(|e| input(&target, e))?;
    }
    file.commit().map_err(|e| input(&target, e))?;
    let manifest = Manifest { plan: first.plan, shard: Shard::default(), provenance: first.provenance, forced };
    depinsim_reports::write_json(&out.join("sweep.json"), &manifest).map_err(|e| input(out, e))?;
    stats::summarize(out)?;
    Ok(failed)
}
