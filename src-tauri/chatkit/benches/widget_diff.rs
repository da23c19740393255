//! Cost of streaming a growing product list: the widget diff (and the wire JSON of its updates)
//! for a `ListView` that grows to 200 items over 200 states, each state adding one item and
//! appending text to a streaming summary `Text` with an id.
//!
//! Prints a per-state table (diff only / diff + serializing the updates, and update bytes) at
//! several list sizes, then runs criterion over the whole 200-state stream and over the
//! append-only case (a text delta against a full 200-item tree, which walks the whole tree).
//! Next to the append-only figure it prints the floor under it (`walk-floor`): the time to merely
//! read both trees of a transition once, together, as the diff does. The totals also go out as
//! `BENCH` lines for `scripts/bench.sh`. Figures are printed, never asserted. Run:
//! `cargo bench -p chatkit --bench widget_diff`.
use chatkit::widgets::{
    diff_widget, ActionConfig, Badge, Caption, Image, ListView, ListViewItem, Row, Text, Title,
    WidgetDiff, WidgetStatus,
};
use criterion::{criterion_group, Criterion};
use serde_json::{json, Value};
use std::hint::black_box;
use std::time::{Duration, Instant};

const STATES: usize = 200;

fn product(i: usize) -> ListViewItem {
    let id = format!("prod-{i:03}");
    ListViewItem::new()
        .key(id.clone())
        .gap(2)
        .child(
            Image::new(format!("https://shop.example/img/{id}.png"))
                .size(48)
                .radius("sm"),
        )
        .child(
            Row::new()
                .child(Title::new(format!("Product {i}")).size("sm"))
                .child(Caption::new(format!("${}.99", 10 + i % 90))),
        )
        .child(Badge::new("In stock").color("success"))
        .on_click_action(ActionConfig::new("product.details").payload(json!({"product_id": id})))
}

fn summary_text(n: usize) -> String {
    (1..=n).map(|i| format!("Found product {i}. ")).collect()
}

/// State `n` (1-based): the summary with `n` sentences and `items` products.
fn state(n: usize, items: usize) -> Value {
    let summary =
        ListViewItem::new().child(Text::new(summary_text(n)).id("summary").streaming(true));
    ListView::new()
        .status(WidgetStatus::with_icon("Top picks", "sparkle"))
        .item(summary)
        .items((1..=items).map(product))
        .into_value()
}

fn growing_states() -> Vec<Value> {
    (1..=STATES).map(|n| state(n, n)).collect()
}

fn append_only_states() -> Vec<Value> {
    (1..=STATES).map(|n| state(n, STATES)).collect()
}

/// Write the updates' wire JSON (the `update` objects), as the server streams them; returns the
/// byte count. The buffer is reused, as a connection's write buffer would be.
fn wire_bytes(updates: &[WidgetDiff], buf: &mut Vec<u8>) -> usize {
    updates
        .iter()
        .map(|u| {
            buf.clear();
            serde_json::to_writer(&mut *buf, u).expect("update JSON");
            buf.len()
        })
        .sum()
}

/// Median time of `f` over `reps` runs.
fn median(reps: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..reps)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[reps / 2]
}

/// Read both trees of a transition once, together, as a diff walks them: every map entry and
/// array element of both, paired in order (the append-only pairs have the same shape), every
/// key's and string's length and first byte, every number and bool. Returns a checksum so
/// nothing is optimized away. Scalars are read inline and only containers recurse, as in the
/// diff, so the figure is the loads, not calls. Reading the trees one after the other instead is
/// ~25% slower (fewer loads in flight), so that would not be a floor.
fn walk(x: &Value, y: &Value) -> usize {
    #[inline(always)]
    fn bytes(s: &str) -> usize {
        s.len() + s.as_bytes().first().map_or(0, |&b| b as usize)
    }
    #[inline(always)]
    fn pair(v: &Value, w: &Value) -> usize {
        match (v, w) {
            (Value::String(a), Value::String(b)) => bytes(a) + bytes(b),
            (Value::Number(a), Value::Number(b)) => {
                (a.as_u64().unwrap_or(2) + b.as_u64().unwrap_or(2)) as usize
            }
            (Value::Bool(a), Value::Bool(b)) => *a as usize + *b as usize,
            (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_)) => walk(v, w),
            _ => 1,
        }
    }
    let mut sum = 0;
    match (x, y) {
        (Value::Array(xs), Value::Array(ys)) => {
            for (v, w) in xs.iter().zip(ys) {
                sum += pair(v, w);
            }
        }
        (Value::Object(m), Value::Object(n)) => {
            for ((k, v), (l, w)) in m.iter().zip(n) {
                sum += bytes(k) + bytes(l) + pair(v, w);
            }
        }
        _ => sum += pair(x, y),
    }
    sum
}

/// The floor under any diff of the append-only stream: the time to merely read both trees of a
/// transition once ([`walk`]), median of 31 runs per transition (as in the table), summed over
/// all transitions.
fn walk_floor(states: &[Value]) -> Duration {
    states
        .windows(2)
        .map(|w| {
            median(31, || {
                black_box(walk(black_box(&w[0]), black_box(&w[1])));
            })
        })
        .sum()
}

/// Prints the table; returns (total diff, total diff + serialize) over all transitions.
fn print_table(title: &str, states: &[Value]) -> (Duration, Duration) {
    let mut buf = Vec::new();
    println!("\n{title}");
    println!(
        "{:>6} {:>14} {:>20} {:>12} {:>10}",
        "state", "diff", "diff+serialize", "update B", "kind"
    );
    let mut total_diff = Duration::ZERO;
    let mut total_full = Duration::ZERO;
    let mut total_bytes = 0;
    for k in 1..states.len() {
        let (a, b) = (&states[k - 1], &states[k]);
        let updates = diff_widget(a, b).expect("diff");
        let d = median(31, || {
            black_box(diff_widget(black_box(a), black_box(b)).unwrap());
        });
        let f = median(31, || {
            let u = diff_widget(black_box(a), black_box(b)).unwrap();
            black_box(wire_bytes(&u, &mut buf));
        });
        let bytes = wire_bytes(&updates, &mut buf);
        total_diff += d;
        total_full += f;
        total_bytes += bytes;
        if [1, 25, 50, 100, 150, 199].contains(&k) {
            let kind = match updates.first() {
                Some(WidgetDiff::RootUpdated { .. }) => "root",
                Some(WidgetDiff::StreamingTextValueDelta { .. }) => "delta",
                None => "none",
            };
            println!(
                "{:>6} {:>14.1?} {:>20.1?} {:>12} {:>10}",
                k + 1,
                d,
                f,
                bytes,
                kind
            );
        }
    }
    println!(
        "  total over {} transitions: diff {:.2?}, diff+serialize {:.2?}, {} bytes of updates",
        states.len() - 1,
        total_diff,
        total_full,
        total_bytes
    );
    (total_diff, total_full)
}

fn bench(c: &mut Criterion) {
    let growing = growing_states();
    let append_only = append_only_states();
    let mut group = c.benchmark_group("widget_diff");
    group.bench_function("growing_list_200_states/diff", |b| {
        b.iter(|| {
            for w in growing.windows(2) {
                black_box(diff_widget(&w[0], &w[1]).unwrap());
            }
        })
    });
    group.bench_function("growing_list_200_states/diff+serialize", |b| {
        let mut buf = Vec::new();
        b.iter(|| {
            for w in growing.windows(2) {
                black_box(wire_bytes(&diff_widget(&w[0], &w[1]).unwrap(), &mut buf));
            }
        })
    });
    group.bench_function("append_only_200_items/one_state", |b| {
        let (a, z) = (&append_only[STATES - 2], &append_only[STATES - 1]);
        b.iter(|| black_box(diff_widget(a, z).unwrap()))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench
}

fn main() {
    // `cargo bench` passes `--bench`; skip the table when run as a test (`cargo test --benches`).
    if std::env::args().any(|a| a == "--bench") {
        let (diff, full) = print_table(
            "Growing list: each state adds one item + appends to the summary",
            &growing_states(),
        );
        let (append, _) = print_table(
            "Append only: 200 items, each state appends to the summary",
            &append_only_states(),
        );
        let per_state = append / (STATES as u32 - 1);
        let floor = walk_floor(&append_only_states()) / (STATES as u32 - 1);
        println!(
            "  walk floor: merely reading both trees once, together (every entry, key, string, number), takes \
             {:.2?} per state; no diff that must see the whole tree can beat it",
            floor
        );
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "BENCH widget_diff/growing-200/diff\t{:.3}\tms (199 transitions)\t<= 1",
            ms(diff)
        );
        println!(
            "BENCH widget_diff/growing-200/diff+json\t{:.3}\tms (199 transitions)\t<= 25",
            ms(full)
        );
        println!(
            "BENCH widget_diff/append-only-200/diff\t{:.2}\tus per state\t<= 25",
            per_state.as_secs_f64() * 1e6
        );
        println!(
            "BENCH widget_diff/append-only-200/walk-floor\t{:.2}\tus per state\t",
            floor.as_secs_f64() * 1e6
        );
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
