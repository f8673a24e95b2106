'use strict';
// Starts the emulator binary on an ephemeral port and talks to its agent and control APIs.

const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DEFAULT_BIN = path.join(process.env.TARGET_DIR || path.join(ROOT, 'target'), 'release', 'livechat-emulator');

class EmulatorError extends Error {}

class Emulator {
  /** Spawns `livechat-emulator --listen 127.0.0.1:0` and waits for its `listening on` line; the
   * `agent token:` and `control token:` lines come before it. */
  static async start({ bin = process.env.LIVECHAT_EMULATOR_BIN || DEFAULT_BIN, args = [], agentToken } = {}) {
    const argv = ['--listen', '127.0.0.1:0', ...args];
    if (agentToken) argv.push('--agent-token', agentToken);
    const child = spawn(bin, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr = [];
    child.stderr.on('data', (d) => {
      stderr.push(d);
      if (process.env.EMULATOR_LOG) process.stderr.write(d);
    });
    const printed = {};
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new EmulatorError(`emulator did not print its URL within 15 s`)), 15000);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new EmulatorError(`emulator exited (${code}) before listening: ${Buffer.concat(stderr)}`));
      });
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        const token = /^(agent|control) token: (\S+)$/.exec(line);
        if (token) printed[token[1]] = token[2];
        const m = /listening on (http:\/\/\S+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1].replace(/\/$/, ''));
        }
      });
    });
    child.removeAllListeners('exit');
    process.once('exit', () => child.kill('SIGKILL')); // never leave an emulator behind a crashed test file
    return new Emulator(child, url, printed.agent, printed.control);
  }

  constructor(child, url, agentToken, controlToken) {
    this.child = child;
    this.url = url;
    this.agentToken = agentToken;
    this.controlToken = controlToken;
  }

  async stop() {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await exited;
  }

  async post(path, body, headers = {}) {
    const res = await fetch(this.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body ?? {}),
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  }

  /** Control API op; throws unless it answered 2xx. */
  async control(op, body = {}) {
    const r = await this.post(`/emulator/${op}`, body, { authorization: `Bearer ${this.controlToken}` });
    if (r.status < 200 || r.status > 299) throw new EmulatorError(`control ${op} -> ${r.status} ${r.text}`);
    return r.json;
  }

  /** Agent Web API action as the default agent; throws with the wire error unless 2xx. */
  async agent(action, payload = {}, { token = this.agentToken, headers = {} } = {}) {
    const r = await this.post(`/v3.3/agent/action/${action}`, payload, { authorization: `Bearer ${token}`, ...headers });
    if (r.status < 200 || r.status > 299) {
      const err = new EmulatorError(`agent ${action} -> ${r.status} ${r.text}`);
      err.status = r.status;
      err.body = r.json;
      throw err;
    }
    return r.json;
  }
}

module.exports = { Emulator, EmulatorError };
