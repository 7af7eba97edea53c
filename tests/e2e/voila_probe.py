"""Diagnose a Voila page whose widgets do not show: open it N times and log what the page and its kernel say.

    PYTHONPATH=$PWD .venv/bin/python -m tests.e2e.voila_probe 05_theory 10 [--hold-states-ms 1980] [--out DIR]

Starts one Voila server for a copy of ``notebooks/`` (``--debug`` log), opens the notebook's page ``N`` times in
headless Chromium and writes one log per load: console messages, page errors, every kernel websocket frame
decoded (channel, message type, comm target/method, the model ids in ``update_states``), the widget views the page
was served with, and whether the dashboard rendered. ``--hold-states-ms D`` holds Voila's ``update_states`` reply
until D ms after the first "Loading widget..." placeholder: D in 1940-2020 reproduces the widget front end's race
(:data:`course.WIDGET_ERROR`) on any notebook. Nothing here runs under pytest (the module only defines functions).
"""

from __future__ import annotations

import argparse
import json
import shutil
import struct
import tempfile
import time
from pathlib import Path

from . import course as c
from . import e2e_helpers as h

HOLD_JS = """(() => {
  const DELAY = %d, Native = window.WebSocket;
  window.__probeLoadingAt = null;
  new MutationObserver(ms => { if (window.__probeLoadingAt !== null) return;
    for (const m of ms) for (const n of m.addedNodes)
      if ((n.textContent || '').startsWith('Loading widget')) { window.__probeLoadingAt = performance.now(); return; } })
    .observe(document, {subtree: true, childList: true});
  class Held extends Native {
    set onmessage(fn) {
      super.onmessage = (ev) => {
        const text = typeof ev.data === 'string' ? ev.data : new TextDecoder().decode(ev.data);
        if (!text.includes('update_states')) return fn.call(this, ev);
        const go = () => { console.log('probe: update_states delivered at placeholder + '
                                       + Math.round(performance.now() - window.__probeLoadingAt) + ' ms'); fn.call(this, ev); };
        const wait = () => window.__probeLoadingAt === null ? setTimeout(wait, 5)
          : setTimeout(go, Math.max(0, window.__probeLoadingAt + DELAY - performance.now()));
        wait();
      };
    }
    get onmessage() { return super.onmessage; }
  }
  window.WebSocket = Held;
})()"""


def decode_frame(payload) -> tuple[str, str, dict]:
    """(channel, msg_type, content) of a kernel websocket frame (JSON, or the v1 binary protocol)."""
    if isinstance(payload, str):
        msg = json.loads(payload)
        return msg.get("channel", ""), msg["header"]["msg_type"], msg.get("content", {})
    count = struct.unpack_from("<Q", payload, 0)[0]
    offsets = struct.unpack_from(f"<{count}Q", payload, 8)
    parts = [payload[offsets[i]:offsets[i + 1]] for i in range(len(offsets) - 1)]
    return parts[0].decode(), json.loads(parts[1])["msg_type"], json.loads(parts[4])


def describe(channel: str, msg_type: str, content: dict) -> str:
    data = content.get("data", {}) if isinstance(content, dict) else {}
    text = f"{channel} {msg_type}"
    if msg_type == "status":
        text += " " + content.get("execution_state", "")
    if msg_type.startswith("comm"):
        text += f" target={content.get('target_name')} comm={content.get('comm_id', '')[:8]} method={data.get('method')}"
    if data.get("method") == "update_states":
        states = data.get("states", {})
        text += f" n={len(states)} " + ",".join(sorted(f"{k[:8]}:{v['model_name']}" for k, v in states.items()))
    return text


def load_once(context, url: str, limit_s: float, hold_ms: int | None) -> tuple[bool, list[str]]:
    """Open ``url`` once; (dashboard shown, log lines)."""
    log, t0 = [], time.monotonic()

    def note(*parts):
        log.append(f"{time.monotonic() - t0:8.3f} " + " ".join(str(p) for p in parts))

    page = context.new_page()
    if hold_ms is not None:
        page.add_init_script(HOLD_JS % hold_ms)
    page.on("console", lambda m: note("console", m.type, m.text[:2000]))
    page.on("pageerror", lambda e: note("pageerror", str(e)[:2000]))

    def on_socket(ws):
        note("ws open", ws.url)
        for event, way in (("framesent", ">"), ("framereceived", "<")):
            ws.on(event, lambda p, way=way: note("ws", way, _safe_describe(p)))

    page.on("websocket", on_socket)
    page.goto(url, wait_until="commit", timeout=h.timeout_ms(120))
    c.wait_rendered(page)
    note("document complete; served views", page.evaluate("() => window.__aimcViewIds || []"))
    try:
        found = page.wait_for_function(c._BOARD_OR_RACE_JS, arg=["body", c.CONTROLS, c.DASH_IMG, c.WIDGET_ERROR],
                                       polling=250, timeout=limit_s * 1000).json_value()
        note("found", found)
        ok = bool(found.get("board"))
    except Exception as exc:  # playwright TimeoutError
        note("nothing within the limit:", type(exc).__name__)
        ok = False
    kernel = page.evaluate(c._KERNEL_ID_JS)
    page.close()
    if kernel:
        h.shutdown_voila_kernel(url, kernel)
    return ok, log


def _safe_describe(payload) -> str:
    try:
        return describe(*decode_frame(payload))
    except Exception as exc:  # a frame of another protocol: say so, keep going
        return f"undecoded {type(payload).__name__} ({exc})"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("notebook")
    p.add_argument("n", type=int)
    p.add_argument("--limit-s", type=float, default=60.0, help="wait this long for the dashboard per load")
    p.add_argument("--hold-states-ms", type=int, default=None)
    p.add_argument("--out", type=Path, default=h.ARTIFACTS / "voila-probe")
    args = p.parse_args(argv)
    from playwright.sync_api import sync_playwright

    root = Path(tempfile.mkdtemp(prefix="voila_probe_course"))
    h.copy_notebooks(h.REPO_ROOT / "notebooks", root / "notebooks")
    for config in ("voila.json", "voila.py"):
        if (h.REPO_ROOT / config).exists():
            shutil.copy(h.REPO_ROOT / config, root / config)
    server = h.voila_server(root, Path(tempfile.mkdtemp(prefix="voila_probe")), config_dirs=(root / "notebooks",))
    server.argv.append("--debug")
    server.start(ready_path="/voila/static/", any_status=True)
    args.out.mkdir(parents=True, exist_ok=True)
    failures = 0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=h.find_chromium(), headless=True, args=h.CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.add_init_script(c.VIEW_IDS_INIT_JS)
            for i in range(args.n):
                ok, log = load_once(context, f"{server.url}/voila/render/notebooks/{args.notebook}.ipynb",
                                    args.limit_s, args.hold_states_ms)
                failures += not ok
                path = args.out / f"{args.notebook}-{i}-{'ok' if ok else 'FAILED'}.log"
                path.write_text("\n".join(log) + "\n")
                print(f"load {i}: {'ok' if ok else 'FAILED'} ({path})", flush=True)
            browser.close()
    finally:
        server.stop()
        print(f"server log: {server.log_path}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
