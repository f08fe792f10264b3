"""Mobile LCP and weight of the map pages, as a phone meets them (#19 item 5).

    .venv/bin/python bench/map_lcp.py http://127.0.0.1:8129 [/path ...]

Chromium at 390×844 (device scale 3), CPU slowed 4× and a slow 4G link (150 ms RTT,
1.6 Mbit/s down), as Lighthouse's mobile preset; each page loaded cold (new context, no
cache) three times; LCP from PerformanceObserver('largest-contentful-paint'). Prints the
median with the machine's load average, since other processes slow the figures down.
"""

import os
import statistics
import sys

from playwright.sync_api import sync_playwright

PAGES = ["/recherche/?view=carte", "/label/2023/"]
RUNS = 3
LCP_SCRIPT = """() => new Promise(resolve => {
  new PerformanceObserver(list => {
    const entries = list.getEntries();
    resolve(entries[entries.length - 1].startTime);
  }).observe({type: 'largest-contentful-paint', buffered: true});
})"""
WEIGHT_SCRIPT = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  return {html: nav.decodedBodySize, html_sent: nav.encodedBodySize,
          total_sent: nav.transferSize + resources.reduce((s, r) => s + r.transferSize, 0)};
}"""


def measure(browser, url):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 150,
            "downloadThroughput": 1.6e6 / 8,
            "uploadThroughput": 750e3 / 8,
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(url, wait_until="load")
    lcp = page.evaluate(LCP_SCRIPT)
    weight = page.evaluate(WEIGHT_SCRIPT)
    context.close()
    return lcp, weight


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8129"
    paths = sys.argv[2:] or PAGES
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for path in paths:
            runs = [measure(browser, base + path) for _ in range(RUNS)]
            lcp = statistics.median(run[0] for run in runs)
            weight = runs[-1][1]
            print(
                f"{path}: LCP {lcp / 1000:.2f} s (median of {RUNS}), HTML "
                f"{weight['html'] / 1024:.0f} KiB ({weight['html_sent'] / 1024:.0f} KiB sent), "
                f"page {weight['total_sent'] / 1024:.0f} KiB sent; load average "
                f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}"
            )
        browser.close()


if __name__ == "__main__":
    main()
