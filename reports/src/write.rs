//! Writing output files atomically.

use crate::data::{NodeRow, SeriesRow};
use serde::Serialize;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file written under a temporary name beside its target and renamed into place on
/// [`AtomicFile::commit`]; dropped without commit, the temporary file is removed.
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Starts writing `target`.
    pub fn create(target: &Path) -> io::Result<Self> {
        let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        let temp = target.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let file = File::create(&temp)?;
        Ok(AtomicFile { target: target.to_path_buf(), temp, writer: Some(BufWriter::new(file)) })
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> io::Result<()> {
        let writer = self.writer.take().expect("not yet committed");
        let file = writer.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&self.temp, &self.target)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.as_mut().expect("open").write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.writer.as_mut().expect("open").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Writes `value` as pretty JSON with a final newline.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    serde_json::to_writer_pretty(&mut f, value)?;
    f.write_all(b"\n")?;
    f.commit()
}

fn write_csv<T: Serialize>(path: &Path, rows: impl IntoIterator<Item = T>) -> io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    {
        let mut w = csv::Writer::from_writer(&mut f);
        for row in rows {
            w.serialize(row).map_err(io::Error::other)?;
        }
        w.flush()?;
    }
    f.commit()
}

/// Writes `timeseries.csv` (`time_s,network,metric,value`).
pub fn write_timeseries<'a>(path: &Path, rows: impl IntoIterator<Item = SeriesRow<'a>>) -> io::Result<()> {
    write_csv(path, rows)
}

/// Writes `nodes.csv`, one row per node.
pub fn write_nodes<'a>(path: &Path, rows: impl IntoIterator<Item = NodeRow<'a>>) -> io::Result<()> {
    write_csv(path, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncommitted_files_leave_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("summary.json");
        {
            let mut f = AtomicFile::create(&target).unwrap();
            f.write_all(b"half").unwrap();
        }
        assert!(!target.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "temporary file removed");
        write_json(&target, &vec![1, 2]).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "[\n  1,\n  2\n]\n");
    }

    #[test]
    fn timeseries_header_is_tidy_long_format() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("timeseries.csv");
        let rows = [SeriesRow { time_s: 60.0, network: "cdn", metric: "availability", value: 0.5 }];
        write_timeseries(&path, rows).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "time_s,network,metric,value\n60.0,cdn,availability,0.5\n");
    }
}
