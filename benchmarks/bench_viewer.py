"""Time the network viewer: HTML generation in Python, then loading and layout in headless Chromium.

For synthetic plan graphs of 100, 1,000 and 5,000 entities (tests/synthetic.py, the builder's shape) it
prints: the RDF -> networkx conversion time, the time to render the standalone HTML, the page size, and in
the browser the time (from navigation start) until vis-network has built the network and until its layout
has stabilized and stopped, which is when the planner sees and can use it. The goal: 1,000 entities
interactive within a few seconds.

Usage: python benchmarks/bench_viewer.py [--sizes 100 1000 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

from browser import start_chromium
from synthetic import synthetic_plan

from policykg.server.viewer.layout import stabilization_iterations
from policykg.server.viewer.network import to_networkx
from policykg.server.viewer.page import viewer_page


def browser_times(driver: webdriver.Chrome, url: str) -> tuple[float, float]:
    """Return milliseconds from navigation start until the network is built and until its layout is frozen."""
    driver.get("about:blank")
    driver.get(url)
    WebDriverWait(driver, 600, poll_frequency=0.05).until(
        lambda d: d.execute_script("return !!(window.policykgViewer && policykgViewer.stabilized)")
    )
    constructed, stabilized = driver.execute_script(
        "var v = window.policykgViewer; return [v.constructedAt, v.stabilizedAt];"
    )
    return constructed, stabilized


def main() -> None:
    """Run the benchmark and print one row per graph size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="browser loads per size (the median is shown)")
    args = parser.parse_args()
    header = (
        f"{'size':>6} {'nodes':>6} {'edges':>6} {'iter':>5} {'to nx s':>8} {'html s':>7} {'html MB':>8} "
        f"{'built s':>8} {'stabilized s':>13}"
    )
    print(header)
    with tempfile.TemporaryDirectory() as folder:
        driver = start_chromium(str(Path(folder) / "profile"))
        try:
            for size in args.sizes:
                graph = synthetic_plan(size)
                start = time.perf_counter()
                net = to_networkx(graph)
                convert = time.perf_counter() - start
                start = time.perf_counter()
                html, _view = viewer_page(net, standalone=True)
                render = time.perf_counter() - start
                page = Path(folder) / f"viewer-{size}.html"
                page.write_text(html, encoding="utf-8")
                times = [browser_times(driver, page.as_uri()) for _ in range(args.runs)]
                built = statistics.median(t[0] for t in times) / 1000
                stabilized = statistics.median(t[1] for t in times) / 1000
                print(
                    f"{size:>6} {len(net):>6} {net.number_of_edges():>6} "
                    f"{stabilization_iterations(len(net)):>5} {convert:>8.2f} {render:>7.2f} "
                    f"{len(html) / 1e6:>8.1f} {built:>8.2f} {stabilized:>13.2f}",
                    flush=True,
                )
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
