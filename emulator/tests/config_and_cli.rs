//! Config files (TOML and JSON) and the binary's contract.

mod common;
use common::*;
use livechat_emulator::EmulatorConfig;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn example() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/emulator.toml")
}

#[tokio::test]
async fn example_toml_config_drives_the_emulator() {
    let cfg = EmulatorConfig::from_file(example()).expect("example config parses");
    assert_eq!(cfg.licenses.len(), 2);
    let emu = emulator_with(EmulatorConfig { bot: false, ..cfg }).await;
    let (mut rtm, _, login) = Rtm::customer(&emu).await;
    assert_eq!(
        login["__priv_dynamic_config"]["online_groups_ids"],
        json!([0, 1])
    );
    let s = rtm.ok("list_group_statuses", json!({"all": true})).await;
    assert_eq!(s["groups_status"]["1"], "online_for_queue");
    let f = rtm
        .ok("get_form", json!({"group_id": 0, "type": "prechat"}))
        .await;
    assert_eq!(f["form"]["id"], "prechat-0");
    // Max's own token works on the Agent API.
    let r = reqwest::Client::new()
        .post(format!("{}/v3.3/agent/action/list_chats", emu.url()))
        .bearer_auth("max-token")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    emu.shutdown().await;
}

#[test]
fn json_config_and_bad_configs() {
    let dir = std::env::temp_dir().join(format!("lc-emu-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("c.json");
    std::fs::write(
        &good,
        r#"{"licenses":[{"id":1,"region":"fra"}],"groups":[{"id":3}],"limits":{"users":5}}"#,
    )
    .unwrap();
    let cfg = EmulatorConfig::from_file(&good).unwrap();
    assert_eq!(cfg.licenses[0].region, "fra");
    assert_eq!(cfg.limits.users, 5);
    assert_eq!(
        cfg.limits.pending_requests, 10,
        "unset limits keep their defaults"
    );
    for (name, text) in [
        ("bad.toml", "licenses = 5"),
        ("unknown.toml", "no_such_key = 1"),
        ("region.json", r#"{"licenses":[{"id":1,"region":"mars"}]}"#),
        ("empty.json", r#"{"licenses":[]}"#),
        ("status.json", r#"{"groups":[{"id":0,"status":"sleepy"}]}"#),
    ] {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        assert!(
            EmulatorConfig::from_file(&p).is_err(),
            "{name} must be rejected"
        );
    }
    assert!(EmulatorConfig::from_file(dir.join("missing.toml")).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn binary_prints_its_url_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_livechat-emulator"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--agent-token",
            "cli-token",
            "--config",
        ])
        .arg(example())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn binary");
    let stdout = child.stdout.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    });
    let line = tokio::time::timeout(WAIT, line)
        .await
        .expect("binary prints in time")
        .unwrap()
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .expect("listening line")
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let r = reqwest::Client::new()
        .post(format!("{url}/v3.3/agent/action/list_chats"))
        .bearer_auth("cli-token")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "--agent-token sets the agent token");
    let _ = child.kill();
    let _ = child.wait();
    let bad = Command::new(env!("CARGO_BIN_EXE_livechat-emulator"))
        .arg("--bogus")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
