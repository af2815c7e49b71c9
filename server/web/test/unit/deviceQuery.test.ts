import assert from "node:assert/strict";
import { test } from "node:test";

import {
  devicesCsvPath,
  deviceSearch,
  devicesApiPath,
  isEnrolledId,
  parseDeviceQuery,
  withFilter,
  withSort,
} from "../../src/logic/deviceQuery";

test("the URL holds the filters, the sort and the page", () => {
  const q = parseDeviceQuery("?status=offline&school=%C3%89cole+Jaur%C3%A8s&q=+h%C3%A9l%C3%A8ne+&sort=-hostname&cursor=abc&junk=1");
  assert.deepEqual(q, {
    filters: { status: "offline", school: "École Jaurès", q: "hélène" },
    sort: "hostname",
    descending: true,
    cursor: "abc",
  });
  assert.equal(deviceSearch(q), "?q=h%C3%A9l%C3%A8ne&status=offline&school=%C3%89cole+Jaur%C3%A8s&sort=-hostname&cursor=abc");
  assert.deepEqual(parseDeviceQuery(deviceSearch(q)), q);
});

test("the plain list has a plain URL, and unknown sorts fall back to the serial", () => {
  assert.equal(deviceSearch(parseDeviceQuery("")), "");
  assert.equal(deviceSearch(parseDeviceQuery("?sort=serial&q=")), "");
  assert.deepEqual(parseDeviceQuery("?sort=-nonsense"), {
    filters: {}, sort: "serial", descending: false, cursor: null,
  });
});

test("the API is asked for exactly that page", () => {
  const q = parseDeviceQuery("?alert=any&cursor=xyz");
  assert.equal(devicesApiPath(q, 50), "/api/v1/devices?alert=any&sort=serial&limit=50&cursor=xyz");
});

test("the spreadsheet holds the whole filtered list, whatever page is shown", () => {
  const q = parseDeviceQuery("?school=Zola&sort=-last_seen&cursor=xyz");
  assert.equal(devicesCsvPath(q), "/api/v1/devices?school=Zola&sort=-last_seen&format=csv");
});

test("a laptop never enrolled is known by its id alone", () => {
  assert.equal(isEnrolledId("d3da06e9-7c15-4403-ae5d-3b40f1147c7d"), true);
  assert.equal(isEnrolledId("serial:DEMO0004"), false);
});

test("changing a filter or the sort starts from the first page", () => {
  const q = parseDeviceQuery("?status=online&cursor=xyz");
  assert.equal(deviceSearch(withFilter(q, "status", "")), "");
  assert.equal(deviceSearch(withFilter(q, "model", " T14 ")), "?status=online&model=T14");
  const bySerialDown = withSort(q, "serial");
  assert.equal(deviceSearch(bySerialDown), "?status=online&sort=-serial");
  assert.equal(deviceSearch(withSort(bySerialDown, "hostname")), "?status=online&sort=hostname");
  // The latest contact and the most alerts come first on the first click.
  assert.equal(deviceSearch(withSort(q, "last_seen")), "?status=online&sort=-last_seen");
  assert.equal(deviceSearch(withSort(withSort(q, "last_seen"), "last_seen")), "?status=online&sort=last_seen");
  assert.equal(deviceSearch(withSort(q, "open_alerts")), "?status=online&sort=-open_alerts");
  assert.equal(deviceSearch(withSort(q, "status")), "?status=online&sort=status");
  assert.equal(parseDeviceQuery("?sort=-open_alerts").sort, "open_alerts");
});
