import assert from "node:assert/strict";
import { test } from "node:test";

import { mayOpen, mayReadIncidents, routeOf, safeNext } from "../../src/logic/routes";

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
