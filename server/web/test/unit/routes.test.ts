import assert from "node:assert/strict";
import { test } from "node:test";

import { mayChangeSettings, mayOpen, mayReadIncidents, routeOf, safeNext, seesDeviceAlerts, seesDeviceHealth } from "../../src/logic/routes";

test("a path names its page", () => {
  assert.deepEqual(routeOf("/"), { page: "overview" });
  assert.deepEqual(routeOf("/devices"), { page: "devices" });
  assert.deepEqual(routeOf("/devices/"), { page: "devices" });
  assert.deepEqual(routeOf("/devices/6a1b%2F2c"), { page: "device", id: "6a1b/2c" });
  assert.deepEqual(routeOf("/devices/%E0%A4%A"), { page: "not_found" });
  assert.deepEqual(routeOf("/devices/a/b"), { page: "not_found" });
  assert.deepEqual(routeOf("/users/x"), { page: "not_found" });
  assert.deepEqual(routeOf("/nulle-part"), { page: "not_found" });
});

test("the bursary office's pages", () => {
  assert.deepEqual(routeOf("/pupils"), { page: "pupils" });
  assert.deepEqual(routeOf("/pupils/E26-0101"), { page: "pupil", ref: "E26-0101" });
  assert.deepEqual(routeOf("/pupils/A%2FB%20C"), { page: "pupil", ref: "A/B C" });
  assert.deepEqual(routeOf("/imports"), { page: "pupils_import" });
  assert.deepEqual(routeOf("/pupils/import"), { page: "pupil", ref: "import" }, "a reference like any other");
  assert.deepEqual(routeOf("/applications"), { page: "applications" });
  assert.deepEqual(routeOf("/applications/new"), { page: "application_new" });
  assert.deepEqual(routeOf("/applications/12"), { page: "application", id: 12 });
  for (const wrong of ["/applications/0", "/applications/012", "/applications/x", "/applications/1.5", "/pupils/a/b"]) {
    assert.deepEqual(routeOf(wrong), { page: "not_found" }, wrong);
  }
  assert.deepEqual(routeOf("/deadlines"), { page: "deadlines" });
  assert.deepEqual(routeOf("/deadlines/letters"), { page: "letters" });
  assert.deepEqual(routeOf("/deadlines/other"), { page: "not_found" });
  assert.deepEqual(routeOf("/payments"), { page: "payments" });
  assert.deepEqual(routeOf("/figures"), { page: "figures" });
  assert.deepEqual(routeOf("/settings"), { page: "settings" });
});

test("the bursary's pages are the office's and the admin's only; the office opens a pupil's laptop", () => {
  const office = ["pupils", "pupil", "pupils_import", "applications", "application", "application_new",
    "deadlines", "letters", "payments", "figures", "settings"] as const;
  for (const page of office) {
    assert.ok(mayOpen("admin", page) && mayOpen("bursary", page), page);
    for (const role of ["it", "support", "viewer"]) assert.ok(!mayOpen(role, page), `${role} ${page}`);
  }
  assert.ok(mayOpen("bursary", "device") && !mayOpen("bursary", "devices") && !mayOpen("bursary", "alerts"));
  assert.ok(!mayOpen("viewer", "device"));
  assert.ok(mayChangeSettings("admin") && !mayChangeSettings("bursary"));
  assert.ok(seesDeviceHealth("it") && !seesDeviceHealth("support") && !seesDeviceHealth("bursary"));
  assert.ok(seesDeviceAlerts("support") && !seesDeviceAlerts("bursary"));
});

test("each role opens only the pages its rights allow", () => {
  assert.ok(mayOpen("admin", "users") && mayOpen("admin", "audit"));
  assert.ok(!mayOpen("it", "users") && mayOpen("it", "alerts") && mayOpen("it", "devices"));
  assert.ok(mayOpen("support", "support") && mayOpen("support", "device"));
  assert.ok(!mayOpen("support", "alerts"));
  for (const role of ["viewer", "bursary"]) {
    assert.ok(mayOpen(role, "overview") && !mayOpen(role, "devices") && !mayOpen(role, "support"));
  }
  assert.ok(mayOpen("viewer", "login") && mayOpen("nobody", "not_found"));
  assert.ok(mayReadIncidents("support") && !mayReadIncidents("viewer"));
});

test("after logging in, only a path of the console", () => {
  assert.equal(safeNext("/devices?status=offline"), "/devices?status=offline");
  for (const elsewhere of [null, "", "//evil.example/x", "/\\evil.example", "https://evil.example",
    "javascript:alert(1)", "/login?next=/x", "/password"]) {
    assert.equal(safeNext(elsewhere), "/", String(elsewhere));
  }
});
