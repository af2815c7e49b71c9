// A failed expectation: the test stops with this message.
export class Failure extends Error {}

export function expect(condition, message) {
  if (!condition) throw new Failure(message);
}

/// The text of the first element `locator` matches, trimmed.
export async function textOf(locator) {
  return ((await locator.first().textContent()) ?? "").replace(/\s+/g, " ").trim();
}
