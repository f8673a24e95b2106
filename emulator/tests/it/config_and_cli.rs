//! Config files (TOML and JSON) and the binary's contract.

use crate::support::*;
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

/// The binary's start-up lines: `agent token: T`, `control token: T`, `listening on URL`.
struct Started {
    child: std::process::Child,
    url: String,
    agent_token: String,
    control_token: String,
}

async fn start_binary(args: &[&str]) -> Started {
    let mut child = Command::new(env!("CARGO_BIN_EXE_livechat-emulator"))
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn binary");
    let stdout = child.stdout.take().unwrap();
    let lines = tokio::task::spawn_blocking(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("stdout");
            let done = line.starts_with("listening on ");
            lines.push(line);
            if done {
                break;
            }
        }
        lines
    });
    let lines = tokio::time::timeout(WAIT, lines)
        .await
        .expect("binary prints in time")
        .unwrap();
    let field = |prefix: &str| {
        lines
            .iter()
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap_or_else(|| panic!("no `{prefix}` line in {lines:?}"))
            .to_string()
    };
    Started {
        url: field("listening on "),
        agent_token: field("agent token: "),
        control_token: field("control token: "),
        child,
    }
}

impl Drop for Started {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn binary_prints_its_url_and_tokens_and_serves() {
    let config = example();
    let b = start_binary(&[
        "--agent-token",
        "cli-token",
        "--control-token",
        "cli-control",
        "--config",
        config.to_str().unwrap(),
    ])
    .await;
    assert!(b.url.starts_with("http://127.0.0.1:"), "{}", b.url);
    assert_eq!(b.agent_token, "cli-token");
    assert_eq!(b.control_token, "cli-control");
    let c = reqwest::Client::new();
    let r = c
        .post(format!("{}/v3.3/agent/action/list_chats", b.url))
        .bearer_auth("cli-token")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "--agent-token sets the agent token");
    let r = c
        .post(format!("{}/emulator/state", b.url))
        .bearer_auth("cli-control")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "--control-token sets the control token");

    // Without flags (and without tokens in the config), both tokens are random and printed.
    let b = start_binary(&["--no-bot"]).await;
    assert!(b.agent_token.len() >= 32 && b.control_token.len() >= 32);
    let r = c
        .post(format!("{}/emulator/state", b.url))
        .bearer_auth(&b.control_token)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "the printed control token works");
    let r = c
        .post(format!("{}/v3.3/agent/action/list_chats", b.url))
        .bearer_auth(&b.agent_token)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "the printed agent token works");

    let bad = Command::new(env!("CARGO_BIN_EXE_livechat-emulator"))
        .arg("--bogus")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
