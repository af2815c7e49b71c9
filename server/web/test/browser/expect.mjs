// A failed expectation: the test stops with this message.
export class Failure extends Error {}

export function expect(condition, message) {
  if (!condition) throw new Failure(message);
}

/// The text of the first element `locator` matches, trimmed.
export async function textOf(locator) {
  return ((await locator.first().textContent()) ?? "").replace(/\s+/g, " ").trim();
}

/// Fails unless the page's heading says `text` within a few seconds.
export async function expectHeading(page, text) {
  await page.locator("h1", { hasText: text }).first().waitFor({ timeout: 10_000 });
}
