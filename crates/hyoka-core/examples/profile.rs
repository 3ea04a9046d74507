//! Runs parse+lint of a sheet many times, for profiling: `cargo run --release -p hyoka-core --example profile -- FILE N`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .map_or("examples/complete.hyoka", String::as_str);
    let n: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let text = std::fs::read_to_string(path).expect("readable sheet");
    let form = hyoka_core::Form::builtin();
    let config = hyoka_core::Config::default();
    let mut count = 0;
    for _ in 0..n {
        count += hyoka_core::check(&text, &form, &config).1.len();
    }
    println!("{count}");
}
