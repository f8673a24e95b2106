//! `livechat-emulator --listen 127.0.0.1:0 [--config FILE] [--agent-token TOKEN] [--control-token TOKEN]`
//!
//! Prints `agent token: T`, `control token: T`, then `listening on http://HOST:PORT` once it
//! accepts connections (harnesses read up to that line).

use livechat_emulator::{Emulator, EmulatorConfig};
use std::io::Write;

const USAGE: &str =
    "usage: livechat-emulator [--listen ADDR] [--config FILE] [--agent-token TOKEN] \
                     [--control-token TOKEN] [--no-bot]";

fn main() {
    let mut listen: Option<String> = None;
    let mut config: Option<String> = None;
    let mut agent_token: Option<String> = None;
    let mut control_token: Option<String> = None;
    let mut no_bot = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .unwrap_or_else(|| fail(&format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "--listen" => listen = Some(value()),
            "--config" => config = Some(value()),
            "--agent-token" => agent_token = Some(value()),
            "--control-token" => control_token = Some(value()),
            "--no-bot" => no_bot = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            _ => fail(&format!("unknown argument `{a}`")),
        }
    }
    let mut cfg = match &config {
        Some(path) => EmulatorConfig::from_file(path).unwrap_or_else(|e| fail(&e.to_string())),
        None => EmulatorConfig::default(),
    };
    if let Some(l) = listen {
        cfg.listen = l;
    }
    if agent_token.is_some() {
        cfg.agent_token = agent_token;
    }
    if control_token.is_some() {
        cfg.control_token = control_token;
    }
    if no_bot {
        cfg.bot = false;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(&format!("cannot start runtime: {e}")));
    rt.block_on(async move {
        let emu = Emulator::start(cfg)
            .await
            .unwrap_or_else(|e| fail(&format!("cannot start: {e}")));
        if !emu.local_addr().ip().is_loopback() {
            eprintln!(
                "livechat-emulator: warning: listening on {}, not loopback: anyone who can reach it \
                 and has the tokens can act as every customer and agent",
                emu.local_addr()
            );
        }
        let mut out = std::io::stdout();
        let _ = writeln!(out, "agent token: {}", emu.agent_token());
        let _ = writeln!(out, "control token: {}", emu.control_token());
        let _ = writeln!(out, "listening on {}", emu.url());
        let _ = out.flush();
        let _ = tokio::signal::ctrl_c().await;
        emu.shutdown().await;
    });
}

fn fail(msg: &str) -> ! {
    eprintln!("livechat-emulator: {msg}\n{USAGE}");
    std::process::exit(2)
}
