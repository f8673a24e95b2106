//! Placeholder until the SDK core lands: see README.
fn main() {
    println!("quickstart: the SDK core is not built yet");
}
