import assert from "node:assert/strict";
import { test } from "node:test";

import {
  deadlinesApiPath,
  deadlinesHref,
  kApplicationList,
  kPupilList,
  listApiPath,
  listCsvPath,
  listHref,
  parseDeadlineQuery,
  parseListQuery,
  withListFilter,
  withListSort,
} from "../../src/logic/listQuery";

test("the applications' address holds the filters, the sort and the page", () => {
  const q = parseListQuery(kApplicationList, "?cohort=2026&status=eligible&school=%C3%89cole+Jaur%C3%A8s&q=+h%C3%A9l%C3%A8ne+&sort=name&cursor=abc&junk=1");
  assert.deepEqual(q, {
    filters: { q: "hélène", cohort: "2026", status: "eligible", school: "École Jaurès" },
    sort: "name",
    descending: false,
    cursor: "abc",
  });
  assert.equal(listHref(kApplicationList, q), "/applications?q=h%C3%A9l%C3%A8ne&cohort=2026&status=eligible&school=%C3%89cole+Jaur%C3%A8s&sort=name&cursor=abc");
  assert.deepEqual(parseListQuery(kApplicationList, listHref(kApplicationList, q).slice("/applications".length)), q);
});

test("the plain lists have plain addresses: the API's own order is left out", () => {
  const applications = parseListQuery(kApplicationList, "");
  assert.deepEqual(applications, { filters: {}, sort: "received_on", descending: true, cursor: null });
  assert.equal(listHref(kApplicationList, applications), "/applications");
  assert.equal(listHref(kApplicationList, parseListQuery(kApplicationList, "?sort=-received_on&q=")), "/applications");
  const pupils = parseListQuery(kPupilList, "?sort=nonsense");
  assert.deepEqual(pupils, { filters: {}, sort: "name", descending: false, cursor: null });
  assert.equal(listHref(kPupilList, pupils), "/pupils");
});

test("the API is asked for one page, or for the whole filtered list as a spreadsheet", () => {
  const q = parseListQuery(kApplicationList, "?pupil=e-0001&cursor=xyz");
  assert.equal(listApiPath(kApplicationList, q, 50), "/api/v1/bursary/applications?pupil=e-0001&sort=-received_on&limit=50&cursor=xyz");
  assert.equal(listCsvPath(kApplicationList, q), "/api/v1/bursary/applications?pupil=e-0001&sort=-received_on&format=csv");
  const pupils = parseListQuery(kPupilList, "?class=CE2+A&cohort=2026&sort=-first_handover");
  assert.equal(listApiPath(kPupilList, pupils, 50), "/api/v1/pupils?cohort=2026&class=CE2+A&sort=-first_handover&limit=50");
  assert.equal(listCsvPath(kPupilList, pupils), "/api/v1/pupils?cohort=2026&class=CE2+A&sort=-first_handover&format=csv");
});

test("a new filter or sort starts from the first page; the latest first on a first click", () => {
  const q = parseListQuery(kPupilList, "?school=Zola&cursor=xyz");
  assert.equal(listHref(kPupilList, withListFilter(q, "school", "")), "/pupils");
  assert.equal(listHref(kPupilList, withListFilter(q, "class", " CE2 B ")), "/pupils?school=Zola&class=CE2+B");
  assert.equal(listHref(kPupilList, withListSort(kPupilList, q, "first_handover")), "/pupils?school=Zola&sort=-first_handover");
  const byName = withListSort(kPupilList, q, "name");
  assert.equal(listHref(kPupilList, byName), "/pupils?school=Zola&sort=-name");  // already by name: reversed
  const apps = parseListQuery(kApplicationList, "");
  assert.equal(listHref(kApplicationList, withListSort(kApplicationList, apps, "received_on")), "/applications?sort=received_on");
  assert.equal(listHref(kApplicationList, withListSort(kApplicationList, apps, "status")), "/applications?sort=status");
  assert.equal(listHref(kApplicationList, withListSort(kApplicationList, apps, "id")), "/applications?sort=-id");
});

test("the deadlines: open within some days, or expired", () => {
  assert.deepEqual(parseDeadlineQuery(""), { state: "open", withinDays: null });
  assert.deepEqual(parseDeadlineQuery("?within_days=30"), { state: "open", withinDays: 30 });
  assert.deepEqual(parseDeadlineQuery("?within_days=999"), { state: "open", withinDays: null });
  assert.deepEqual(parseDeadlineQuery("?within_days=-3"), { state: "open", withinDays: null });
  assert.deepEqual(parseDeadlineQuery("?state=expired&within_days=30"), { state: "expired", withinDays: null });
  assert.equal(deadlinesHref({ state: "open", withinDays: 30 }), "/deadlines?within_days=30");
  assert.equal(deadlinesHref({ state: "open", withinDays: 30 }, true), "/deadlines/letters?within_days=30");
  assert.equal(deadlinesHref({ state: "open", withinDays: null }), "/deadlines");
  assert.equal(deadlinesApiPath({ state: "open", withinDays: 0 }), "/api/v1/bursary/deadlines?within_days=0&state=open");
  assert.equal(deadlinesApiPath({ state: "expired", withinDays: null }), "/api/v1/bursary/deadlines?state=expired");
});
