"""Page weight of /mo-hinh/ in Debian's Chromium: bytes on the wire, first and repeat visit.

Bytes are Chromium's own count (CDP Network.loadingFinished.encodedDataLength: compressed
body plus headers); a resource served from the browser cache transfers nothing.
"""

import os
import shutil
import subprocess
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def ensure_chromium():
    if Path(CHROMIUM).exists():
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("  Cài Chromium từ Debian (apt-get install -y chromium)…")
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=False)  # noqa: S607
    return Path(CHROMIUM).exists()


def _visit(page, cdp, url):
    records = {}

    def on_response(event):
        response = event["response"]
        records.setdefault(event["requestId"], {}).update(
            url=response["url"],
            type=event.get("type", ""),
            status=response["status"],
            encoding=response.get("headers", {}).get("content-encoding")
            or response.get("headers", {}).get("Content-Encoding", ""),
            cache=response.get("fromDiskCache") or response.get("fromPrefetchCache") or False,
        )

    def on_data(event):
        entry = records.setdefault(event["requestId"], {})
        entry["decoded"] = entry.get("decoded", 0) + event["dataLength"]

    def on_finished(event):
        records.setdefault(event["requestId"], {})["encoded"] = event["encodedDataLength"]

    def on_cache(event):
        records.setdefault(event["requestId"], {})["cache"] = True

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.dataReceived", on_data)
    cdp.on("Network.loadingFinished", on_finished)
    cdp.on("Network.requestServedFromCache", on_cache)
    response = page.goto(url, wait_until="networkidle", timeout=180_000)
    page.wait_for_timeout(300)
    cdp.remove_listener("Network.responseReceived", on_response)
    cdp.remove_listener("Network.dataReceived", on_data)
    cdp.remove_listener("Network.loadingFinished", on_finished)
    cdp.remove_listener("Network.requestServedFromCache", on_cache)
    resources = []
    for item in records.values():
        if "url" not in item or item["url"].startswith("data:"):
            continue  # inline data: URIs travel inside the CSS already counted
        resources.append(
            {
                "url": item["url"].split("://", 1)[-1].split("/", 1)[-1],
                "type": item.get("type", ""),
                "status": item.get("status"),
                "encoding": item.get("encoding") or "",
                "from_cache": bool(item.get("cache")),
                "transferred": 0 if item.get("cache") else int(item.get("encoded", 0)),
                "decoded": int(item.get("decoded", 0)),
            }
        )
    resources.sort(key=lambda r: -r["transferred"])
    return {
        "status": response.status if response else None,
        "final_url": page.url,
        "transferred": sum(r["transferred"] for r in resources),
        "decoded": sum(r["decoded"] for r in resources),
        "resources": resources,
    }


def run(base, session_key, path="/mo-hinh/"):
    if not ensure_chromium():
        return {"skipped": "không có /usr/bin/chromium (apt-get install chromium)"}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "thiếu gói playwright trong .venv"}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            context = browser.new_context()
            context.add_cookies(
                [{"name": "sessionid", "value": session_key, "url": base, "httpOnly": True}]
            )
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            first = _visit(page, cdp, base + path)
            repeat = _visit(page, cdp, base + path)
        finally:
            browser.close()
    return {"path": path, "first": first, "repeat": repeat}
