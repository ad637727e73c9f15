//! The journal of a running sweep: one JSON line per finished run, appended and flushed the
//! moment the run ends, in the order runs finish. A kill loses at most the runs in flight; a line
//! cut short by the kill is dropped on resume and its run done again. At the end the journal
//! becomes `sweep.csv`, rows in run order, so the table is the same bytes whatever order the runs
//! finished in, and is then removed.
//!
//! Memory stays flat in the number of runs: the journal is read back by line offsets, one row
//! at a time.

use super::plan::Plan;
use super::table::{self, Result1};
use crate::scenario::InputError;
use depinsim_reports::AtomicFile;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The journal's file name in a sweep folder.
pub const FILE: &str = "sweep.journal.jsonl";

/// One finished run, as a journal line.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// The run's index in the sweep.
    run: u64,
    /// Why it failed, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    /// Its headline cells (`network.metric` -> the text `sweep.csv` holds).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    metrics: BTreeMap<String, String>,
}

impl Entry {
    fn result(self) -> Result1 {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.metrics),
        }
    }
}

/// An open journal: the runs it already holds, and the file new runs are appended to.
pub struct Journal {
    path: PathBuf,
    file: Mutex<File>,
    done: BTreeSet<u64>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> InputError + '_ {
    move |e| InputError::new(path.display().to_string(), e.to_string())
}

/// The runs of the whole entries of a journal file, and the bytes they take: up to the first line
/// that is not a complete entry (a write cut short).
fn read_entries(file: &File, path: &Path) -> Result<(BTreeSet<u64>, u64), InputError> {
    let mut done = BTreeSet::new();
    let mut keep = 0u64;
    let mut reader = BufReader::new(file);
    let mut line = String::new();
    loop {
        line.clear();
        let n = reader.read_line(&mut line).map_err(io(path))?;
        if n == 0 || !line.ends_with('\n') {
            break;
        }
        let Ok(entry) = serde_json::from_str::<Entry>(&line) else { break };
        done.insert(entry.run);
        keep += n as u64;
    }
    Ok((done, keep))
}

/// The runs the journal at `path` already holds, read without changing it (none if there is no
/// journal): what a resumed sweep will not run again.
pub fn done_runs(path: &Path) -> BTreeSet<u64> {
    std::fs::File::open(path).ok().and_then(|f| read_entries(&f, path).ok()).map(|(done, _)| done).unwrap_or_default()
}

impl Journal {
    /// Opens the journal at `path`, creating it, and keeps the whole lines it holds: from the
    /// first line that is not a complete entry (a write cut short) on, the file is cut.
    pub fn open(path: &Path) -> Result<Journal, InputError> {
        let file = std::fs::OpenOptions::new().create(true).read(true).append(true).open(path).map_err(io(path))?;
        let (done, keep) = read_entries(&file, path)?;
        file.set_len(keep).map_err(io(path))?;
        Ok(Journal { path: path.to_path_buf(), file: Mutex::new(file), done })
    }

    /// The runs the journal held when opened.
    pub fn done(&self) -> &BTreeSet<u64> {
        &self.done
    }

    /// Appends run `run`'s result as one line, written whole and flushed before returning.
    pub fn append(&self, run: u64, result: &Result1) -> Result<(), InputError> {
        let entry = match result {
            Ok(metrics) => Entry { run, error: None, metrics: metrics.clone() },
            Err(e) => Entry { run, error: Some(e.clone()), metrics: BTreeMap::new() },
        };
        let mut line = serde_json::to_string(&entry)
            .map_err(|e| InputError::new(self.path.display().to_string(), e.to_string()))?;
        line.push('\n');
        let mut file = self.file.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        file.write_all(line.as_bytes()).map_err(io(&self.path))?;
        file.flush().map_err(io(&self.path))
    }

    /// Writes `target` (`sweep.csv`) from the journal: a header with the metric columns of the
    /// sweep's first successful run (as one machine running in order would), then one row per
    /// run in run order; removes the journal and returns how many runs failed.
    pub fn write_table(self, plan: &Plan, target: &Path) -> Result<u64, InputError> {
        let mut file = self.file.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
        file.seek(SeekFrom::Start(0)).map_err(io(&self.path))?;
        let bad = |m: &str| InputError::new(self.path.display().to_string(), m.to_string());
        // Where each run's line is: (run, offset, length).
        let mut lines: Vec<(u64, u64, usize)> = Vec::new();
        let mut first_ok: Option<(u64, Vec<String>)> = None;
        let mut reader = BufReader::new(&file);
        let (mut offset, mut line) = (0u64, String::new());
        loop {
            line.clear();
            let n = reader.read_line(&mut line).map_err(io(&self.path))?;
            if n == 0 {
                break;
            }
            let entry: Entry =
                serde_json::from_str(&line).map_err(|e| bad(&format!("a journal line is broken: {e}")))?;
            if entry.error.is_none() && first_ok.as_ref().is_none_or(|(r, _)| entry.run < *r) {
                first_ok = Some((entry.run, entry.metrics.keys().cloned().collect()));
            }
            lines.push((entry.run, offset, n));
            offset += n as u64;
        }
        lines.sort_by_key(|l| l.0);
        lines.dedup_by_key(|l| l.0);
        let metrics = first_ok.map(|(_, m)| m).unwrap_or_default();
        let mut out = AtomicFile::create(target).map_err(io(target))?;
        let mut failed = 0;
        {
            let mut writer = csv::WriterBuilder::new().from_writer(&mut out);
            let fail = |e: csv::Error| InputError::new(target.display().to_string(), e.to_string());
            writer.write_record(table::header(plan, &metrics)).map_err(fail)?;
            let mut buf = Vec::new();
            for &(run, at, len) in &lines {
                buf.resize(len, 0);
                file.read_exact_at(&mut buf, at).map_err(io(&self.path))?;
                let entry: Entry =
                    serde_json::from_slice(&buf).map_err(|e| bad(&format!("a journal line is broken: {e}")))?;
                let result = entry.result();
                failed += u64::from(result.is_err());
                writer.write_record(table::row(plan, &plan.run(run), &result, &metrics)).map_err(fail)?;
            }
            writer.flush().map_err(io(target))?;
        }
        out.commit().map_err(io(target))?;
        drop(file);
        std::fs::remove_file(&self.path).map_err(io(&self.path))?;
        Ok(failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::plan::{Mode, Param};

    fn plan() -> Plan {
        Plan {
            scenario: "s".into(),
            params: vec![Param { key: "a".into(), values: vec!["1".into(), "2".into()] }],
            mode: Mode::Cartesian,
            seeds: 2,
            base_seed: 1,
            fixed: vec![],
        }
    }

    fn ok(v: &str) -> Result1 {
        Ok([("n.m".to_string(), v.to_string())].into_iter().collect())
    }

    #[test]
    fn runs_finished_in_any_order_give_one_table_and_a_torn_line_is_redone() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(FILE);
        let j = Journal::open(&path).unwrap();
        j.append(2, &ok("0.5")).unwrap();
        j.append(0, &Err("bad".into())).unwrap();
        drop(j);
        // A kill in the middle of the third line.
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("{\"run\":1,\"met");
        std::fs::write(&path, text).unwrap();
        let j = Journal::open(&path).unwrap();
        assert_eq!(j.done().iter().copied().collect::<Vec<_>>(), vec![0, 2], "the torn run is done again");
        j.append(3, &ok("0.25")).unwrap();
        j.append(1, &ok("0.75")).unwrap();
        let csv = tmp.path().join("sweep.csv");
        assert_eq!(j.write_table(&plan(), &csv).unwrap(), 1);
        let table = std::fs::read_to_string(&csv).unwrap();
        let seed = |r: u64| plan().run(r).seed;
        assert_eq!(
            table,
            format!(
                "run,point,replicate,seed,a,error,n.m\n0,0,0,{},1,bad,\n1,0,1,{},1,,0.75\n2,1,0,{},2,,0.5\n3,1,1,{},2,,0.25\n",
                seed(0),
                seed(1),
                seed(2),
                seed(3)
            )
        );
        assert!(!path.exists(), "the journal is gone once the table is written");
    }
}
