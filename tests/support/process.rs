//! What the command-line tests share: waiting for hyoka with a time limit, and reading a SARIF report.

use serde_json::Value;
use std::process::{Child, ExitStatus};
use std::time::{Duration, Instant};

/// The exit status of `child`, waited for at most `limit`: a run still going then is killed and the test
/// fails naming `what`, so a hang is a failure with a name, not a stuck test run.
pub fn wait_or_kill(child: &mut Child, limit: Duration, what: &str) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The artifact URI of every result of a SARIF report, in the report's order.
pub fn sarif_uris(report: &Value) -> Vec<String> {
    let results = report["runs"][0]["results"].as_array().unwrap();
    results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}
