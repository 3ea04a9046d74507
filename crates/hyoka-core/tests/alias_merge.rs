//! The `[aliases]` of hyoka.toml are merged once per config file, not once per sheet (Reliability 3,
//! finding 2: 5,000 sheets sharing a file of 5,957 aliases took 44 s and 4.1 GB). Counted in allocated
//! bytes, which grew with sheets × aliases; this file holds one test, so no other thread allocates meanwhile.

use hyoka_core::Config;
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn config_with_aliases(n: usize, file: &str) -> Config {
    let mut src = String::from("[aliases]\n");
    for i in 0..n {
        src.push_str(&format!(
            "\"former project {i}\" = \"present project {i}\"\n"
        ));
    }
    Config::from_toml(&src, Path::new("."), Some(PathBuf::from(file))).unwrap()
}

/// Bytes allocated while merging the aliases of `sheets` sheets that share the configs.
fn allocated_merging(configs: &[Config], sheets: usize) -> (usize, usize) {
    let before = ALLOCATED.load(Ordering::Relaxed);
    let merged = Config::merged_aliases((0..sheets).map(|i| &configs[i % configs.len()]));
    let bytes = ALLOCATED.load(Ordering::Relaxed) - before;
    (bytes, merged.len())
}

#[test]
fn aliases_are_merged_once_per_config_file() {
    // Each folder reads the same hyoka.toml into a config of its own: one file, many configs.
    let shared: Vec<Config> = (0..20)
        .map(|_| config_with_aliases(500, "office/hyoka.toml"))
        .collect();
    let (few, n) = allocated_merging(&shared, 100);
    assert_eq!(n, 500);
    let (many, n) = allocated_merging(&shared, 10_000);
    assert_eq!(n, 500);
    assert!(
        many <= few + few / 4,
        "merging the aliases of 100× more sheets allocated {many} bytes instead of about {few}"
    );
    // Two files: both sets of aliases, the later file winning a name both map.
    let two = [
        config_with_aliases(3, "a/hyoka.toml"),
        config_with_aliases(5, "b/hyoka.toml"),
    ];
    assert_eq!(Config::merged_aliases(two.iter()).len(), 5);
}
