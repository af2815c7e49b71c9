// A real fleet for the browser tests: clicfleet-server on a loopback port of
// its own choosing, in a temporary data directory, with accounts for every
// role, three agents on fixture sysroots and an imported handovers file.

import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const kPassword = "correct horse battery staple";
/// The accounts the tests log in with; "admin" is the one `init` made.
export const kUsers = { it: "it", support: "support", viewer: "viewer", bursary: "bursary" };

/// Polls `check` every 100 ms, at most `tries` times.
async function until(what, check, tries = 200) {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

function run(program, args, input) {
  const r = spawnSync(program, args, { input, encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(`${program} ${args.join(" ")} failed (${r.status}): ${r.stderr}${r.stdout}`);
  }
  return r.stdout;
}

/// An HTTPS call to the fleet server that trusts its CA, as a client of its API.
export function call(fleet, method, path, { token, body, contentType } = {}) {
  return new Promise((resolve, reject) => {
    const headers = { Accept: "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    let payload;
    if (body !== undefined) {
      payload = typeof body === "string" ? body : JSON.stringify(body);
      headers["Content-Type"] = contentType ?? "application/json";
    }
    const req = request(
      `${fleet.url}${path}`,
      { method, headers, ca: fleet.ca, servername: "localhost" },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => {
          let json = null;
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode, headers: res.headers, text, json });
        });
      },
    );
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer`)));
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export async function login(fleet, username, password) {
  const res = await call(fleet, "POST", "/api/v1/login", { body: { username, password } });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`);
  return res.json.token;
}

function makeSysroot(fixtures, dir, fixture, serial, uuid, hostname) {
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(fixtures, fixture), dir, { recursive: true });
  mkdirSync(join(dir, "sys/class/dmi/id"), { recursive: true });
  writeFileSync(join(dir, "sys/class/dmi/id/product_serial"), serial + "\n");
  writeFileSync(join(dir, "sys/class/dmi/id/product_uuid"), uuid + "\n");
  writeFileSync(join(dir, "etc/hostname"), hostname + "\n");
  writeFileSync(join(dir, "etc/machine-id"), uuid.replaceAll("-", "") + "\n");
}

export const kLaptops = [
  { host: "ecole-jaures-pc01", fixture: "laptop-battery", serial: "DEMO0001" },
  { host: "ecole-jaures-pc02", fixture: "laptop-battery", serial: "DEMO0002" },
  { host: "ecole-curie-pc01", fixture: "debian12-vm", serial: "DEMO0003" },
];

/// Starts the fleet; `stop()` ends the server and removes the folder.
export async function startFleet({ bin, fixtures, keep, webRoot }) {
  const work = mkdtempSync(join(tmpdir(), "clicfleet-web-"));
  const data = join(work, "data");
  const server = join(bin, "clicfleet-server");
  const agent = join(bin, "clicfleet-agent");
  run(server, ["init", "--data-dir", data, "--server-name", "localhost"]);
  // A certificate that ends in 20 days: the overview asks IT to renew it.
  run(server, ["cert", "renew", "--data-dir", data, "--days", "20"]);
  for (const [name, role] of Object.entries(kUsers)) {
    run(server, ["user", "add", name, "--role", role, "--data-dir", data], kPassword + "\n");
  }
  writeFileSync(
    join(work, "server.toml"),
    `[agents]\nreport_interval_s = 60\n[log]\nfile = "${join(work, "server.log")}"\n`,
  );
  const portFile = join(work, "port");
  const child = spawn(
    server,
    ["serve", "--data-dir", data, "--listen", "127.0.0.1:0", "--port-file", portFile,
      "--config", join(work, "server.toml"), ...(webRoot ? ["--web-root", webRoot] : [])],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  let exited = null;
  child.on("exit", (code) => (exited = code));
  const port = await until("the server's port", () => {
    if (exited !== null) throw new Error(`clicfleet-server exited (${exited}); see ${work}/server.log`);
    return existsSync(portFile) && readFileSync(portFile, "utf8").trim();
  });
  const fleet = {
    work,
    data,
    url: `https://127.0.0.1:${port}`,
    ca: readFileSync(join(data, "tls/ca.pem")),
    adminPassword: readFileSync(join(data, "initial_admin_password"), "utf8").trim(),
    stop() {
      child.kill("SIGTERM");
      if (!keep) rmSync(work, { recursive: true, force: true });
    },
  };

  for (const [i, laptop] of kLaptops.entries()) {
    const dir = join(work, "agents", laptop.host);
    const uuid = `6f1c1d0e-000${i + 1}-4a6e-9d6b-0c1a2b3c4d0${i + 1}`;
    makeSysroot(fixtures, join(dir, "sysroot"), laptop.fixture, laptop.serial, uuid, laptop.host);
    run(agent, ["enroll", "--server", fleet.url, "--ca", join(data, "tls/ca.pem"),
      "--enroll-secret-file", join(data, "enroll_secret"), "--state-dir", join(dir, "state"),
      "--sysroot", join(dir, "sysroot")]);
    run(agent, ["once", "--state-dir", join(dir, "state"), "--sysroot", join(dir, "sysroot"),
      "--no-connectivity"]);
  }
  // The first laptop then gets a new kernel: its next inventory is a change.
  const first = join(work, "agents", kLaptops[0].host);
  writeFileSync(join(first, "sysroot/proc/sys/kernel/osrelease"), "6.5.0-44-generic\n");
  run(agent, ["once", "--state-dir", join(first, "state"), "--sysroot", join(first, "sysroot"),
    "--no-connectivity"]);
  return fleet;
}

/// A fifth laptop, talking to the API as an agent would, whose disk is all
/// but full: its report opens a disk_low alert at once.
export async function addLaptopWithAFullDisk(fleet) {
  const secret = readFileSync(join(fleet.data, "enroll_secret"), "utf8").trim();
  const enrolled = await call(fleet, "POST", "/api/v1/agent/enroll", {
    body: {
      enroll_secret: secret,
      host: { serial: "DEMO0005", hostname: "ecole-curie-pc02", macs: ["a4:bb:6d:00:00:05"] },
      agent_version: "0.1.0",
    },
  });
  if (enrolled.status !== 200) throw new Error(`enroll DEMO0005: ${enrolled.text}`);
  const report = {
    agent_version: "0.1.0",
    reports: [{
      seq: 1,
      collected_at: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace(".000", ""),
      health: {
        uptime_s: 3600,
        filesystems: [{ mount_point: "/", size_bytes: 128_000_000_000, free_bytes: 1_500_000_000 }],
      },
      inventory_hash: "full-disk",
      // Its last check: the box's DNS fails while another resolver answers.
      connectivity: {
        run_id: "7K5D",
        support_code: "D2-7K5D",  // the legacy form: the server accepts it as it is
        verdict: "D2",
        origin: "diagnose",
        started_at: new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000).toISOString().replace(".000", ""),
        steps: [
          { step: "L", result: "pass", detail: "up: wlp2s0 (wifi)" },
          { step: "I", result: "pass" },
          { step: "G", result: "pass" },
          { step: "D", result: "fail", code: "D2", detail: "system resolver: 3 of 3 lookups failed (timeout); public resolver: works" },
        ],
      },
    }],
  };
  const sent = await call(fleet, "POST", "/api/v1/agent/report", {
    token: enrolled.json.device_token,
    body: report,
  });
  if (sent.status !== 200) throw new Error(`report DEMO0005: ${sent.text}`);
}

/// The handovers, as the bursary office imports them (invented pupils); the
/// fourth laptop is handed over but never enrolled.
export async function importHandovers(fleet) {
  const token = await login(fleet, kUsers.bursary, kPassword);
  const handed = new Date(Date.now() - 20 * 86400_000);
  const date = [
    String(handed.getDate()).padStart(2, "0"),
    String(handed.getMonth() + 1).padStart(2, "0"),
    handed.getFullYear(),
  ].join("/");
  const csv = [
    "numero_serie;ref_eleve;nom;prenom;ecole;classe;date_remise;type",
    `DEMO0001;E-0001;Lefèvre;Hélène;École Jaurès;CE2 A;${date};initiale`,
    `DEMO0002;E-0002;Petit;Noé;École Jaurès;CE2 A;${date};initiale`,
    `DEMO0003;E-0003;Moreau;Inès;École Curie;CE2 B;${date};initiale`,
    `DEMO0004;E-0004;Durand;Tom;École Curie;CE2 B;${date};initiale`,
  ].join("\r\n");
  const imported = await call(fleet, "POST", "/api/v1/imports/handovers", {
    token,
    body: csv,
    contentType: "text/csv",
  });
  if (imported.status !== 200) throw new Error(`handovers import: ${imported.status} ${imported.text}`);
}

/// The admin's one-time password changed through the API, as the first
/// browser test does through the login page (for a run without that test).
export async function changeAdminPassword(fleet, password) {
  const token = await login(fleet, "admin", fleet.adminPassword);
  const changed = await call(fleet, "POST", "/api/v1/account/password", {
    token,
    body: { current_password: fleet.adminPassword, new_password: password },
  });
  if (changed.status !== 200) throw new Error(`admin password: ${changed.text}`);
}
