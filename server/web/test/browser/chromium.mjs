// Debian's chromium, headless, as the browser tests and the console's timing
// script drive it: no sandbox (CI runs as root), nothing fetched from the
// network behind our backs.

import { chromium } from "playwright-core";

const kChromium = process.env.CLICFLEET_CHROMIUM ?? "/usr/bin/chromium";

export async function launchChromium() {
  return chromium.launch({
    executablePath: kChromium,
    headless: true,
    chromiumSandbox: false,  // as root in CI
    args: [
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
      "--disable-gpu",
    ],
  });
}
