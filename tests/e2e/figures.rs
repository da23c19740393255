//! How the app's performance figures are taken and printed, shared by performance.rs and
//! cold_start.rs: the app's process as /proc sees it (which pid, when it started, its RSS), the
//! boot clock those times are on, nearest-rank percentiles, and the `BENCH` line format that
//! scripts/bench.sh collects.

use shopdesk_e2e::Harness;

/// One `BENCH` line, as scripts/bench.sh prints them.
pub fn bench(name: &str, value: f64, unit: &str, target: &str) {
    println!("BENCH {name}\t{value:.1}\t{unit}\t{target}");
}

/// The app's process: the one running the harness's binary with the harness's data directory
/// (other tests may run other copies of the app on this machine at the same time).
pub fn app_pid(harness: &Harness) -> Option<u32> {
    let want = format!("XDG_DATA_HOME={}", harness.data_home().display());
    let bin = std::fs::canonicalize(harness.app_bin()).ok()?;
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let exe = std::fs::read_link(entry.path().join("exe")).ok()?;
            if exe != bin {
                return None;
            }
            let environ = std::fs::read(entry.path().join("environ")).ok()?;
            environ
                .split(|b| *b == 0)
                .any(|var| var == want.as_bytes())
                .then_some(pid)
        })
}

/// Resident set size of `pid` in MiB (`VmRSS`).
pub fn rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib / 1024.0)
}

/// When `pid` started, in ms on the boot clock (`/proc/<pid>/stat` field 22, in clock ticks).
pub fn started_boot_ms(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    let after = &stat[stat.rfind(')')? + 2..];
    let ticks: f64 = after.split(' ').nth(22 - 3)?.parse().ok()?;
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    Some(ticks * 1000.0 / hz)
}

/// Now on the boot clock, in ms.
pub fn boot_now_ms() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec to write into.
    unsafe { libc::clock_gettime(libc::CLOCK_BOOTTIME, &mut ts) };
    ts.tv_sec as f64 * 1e3 + ts.tv_nsec as f64 / 1e6
}

/// The p-th percentile (0–100) of `values`, nearest rank.
pub fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[test]
fn percentiles_are_nearest_rank() {
    let v: Vec<f64> = (1..=100).map(f64::from).collect();
    assert_eq!(percentile(&v, 50.0), 50.0);
    assert_eq!(percentile(&v, 99.0), 99.0);
    assert_eq!(percentile(&v, 100.0), 100.0);
    assert_eq!(percentile(&[3.0], 99.0), 3.0);
}
