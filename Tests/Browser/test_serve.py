#!/usr/bin/python3
"""Browser test of `infrabook serve`: starts the server on a free loopback port over a temporary copy of
Content/ (and Templates/), opens it in Debian's headless Chromium through selenium + chromedriver, and
checks what a writer and a reader do: edit a page and see it reload with the new text, break a page and
see the error overlay with path:line:column while the last good page stays, fix it and see the overlay
go, edit a price and see the page showing it reload while pages that read no prices are not evaluated
again (the event stream names the pages each build evaluated), and use the calculator (catalog ids and
model files), whose numbers must equal `infrabook size --format json` for the same inputs.
Everything is bounded in time, loopback only, and the server is always stopped (SIGINT) at the end.
Prints one line per check and a final "N passed, M failed"; exits 1 when anything failed.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_site import REPOSITORY, TEMPLATES, Run, start_browser  # noqa: E402

WAIT_SECONDS = 30


def start_server(binary, content, templates):
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    process = subprocess.Popen([binary, "serve", "--content", content, "--templates", templates, "--port", "0"],
                               stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 300
    while time.time() < deadline:
        with open(log.name) as text:
            found = re.search(r"serving (http://127\.0\.0\.1:\d+/)", text.read())
        if found:
            return process, found.group(1), log.name
        if process.poll() is not None:
            break
        time.sleep(0.2)
    stop_server(process)
    with open(log.name) as text:
        raise RuntimeError("the server printed no address:\n" + text.read())


def stop_server(process):
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def edit(path, old, new):
    with open(path) as page:
        text = page.read()
    if old not in text:
        raise AssertionError(f"{path} does not contain {old!r}")
    with open(path, "w") as page:
        page.write(text.replace(old, new, 1))


def served_state(base):
    """The first `state` event of a fresh connection to the event stream: what the served build is."""
    import urllib.request
    with urllib.request.urlopen(base + "_infrabook/events", timeout=WAIT_SECONDS) as stream:
        for raw in stream:
            line = raw.decode("utf-8").strip()
            if line.startswith("data: "):
                return json.loads(line[len("data: "):])
    raise AssertionError("the event stream ended without a state")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--content", default=os.path.join(REPOSITORY, "Content"))
    arguments = parser.parse_args()
    binary = os.path.abspath(arguments.binary)
    root = tempfile.mkdtemp(prefix="infrabook-serve-browser-")
    content = os.path.join(root, "Content")
    shutil.copytree(arguments.content, content)
    templates = os.path.join(root, "Templates")
    shutil.copytree(TEMPLATES, templates)
    page = os.path.join(content, "pages", "core-terms.md")
    run = Run()
    server, base, log = start_server(binary, content, templates)
    driver = None
    try:
        driver = start_browser()
        wait = WebDriverWait(driver, WAIT_SECONDS)

        def reloads_with_new_text():
            driver.get(base + "core-terms.html")
            wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
            time.sleep(1)  # the event stream connects
            driver.execute_script("window.infrabookBeforeEdit = true")
            edit(page, "\n# ", "\nA sentence added while serving, marker 7f3a.\n\n# ")
            wait.until(lambda d: "marker 7f3a" in d.find_element(By.TAG_NAME, "main").text)
            if driver.execute_script("return window.infrabookBeforeEdit === true"):
                raise AssertionError("the text changed without a reload")

        def shows_overlay_for_a_broken_page():
            edit(page, "title:", "not_a_key: 1\ntitle:")
            overlay = wait.until(lambda d: d.find_elements(By.ID, "infrabook-build-error"))[0]
            text = overlay.text
            if not re.search(r"core-terms\.md:\d+:\d+: error", text) or "^" not in text:
                raise AssertionError(f"no path:line:column and caret in the overlay: {text!r}")
            if "marker 7f3a" not in driver.find_element(By.TAG_NAME, "main").text:
                raise AssertionError("the last good page is not shown under the overlay")

        def overlay_goes_when_fixed():
            edit(page, "not_a_key: 1\ntitle:", "title:")
            wait.until(lambda d: not d.find_elements(By.ID, "infrabook-build-error"))

        def data_edit_reloads_only_dependent_pages():
            driver.get(base + "gpus.html")
            wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
            time.sleep(1)  # the event stream connects
            if "4.44" in driver.find_element(By.TAG_NAME, "main").text:
                raise AssertionError("the new price is on the page before the edit")
            before = served_state(base)["generation"]
            # Content/data/prices.yaml: the H100 SXM on-demand rate, moved inside its published range.
            edit(os.path.join(content, "data", "prices.yaml"), "on_demand: { price: 2.99, range: [1.99, 5]",
                 "on_demand: { price: 4.44, range: [1.99, 5]")
            wait.until(lambda d: "4.44" in d.find_element(By.TAG_NAME, "main").text)
            state = served_state(base)
            if state["generation"] != before + 1:
                raise AssertionError(f"expected one rebuild after generation {before}, found {state}")
            evaluated = state["evaluated"]
            if "gpus.md" not in evaluated:
                raise AssertionError(f"gpus.md shows the price but was not evaluated again: {evaluated}")
            if "core-terms.md" in evaluated or "glossary.md" in evaluated:
                raise AssertionError(f"pages that read no prices were evaluated again: {evaluated}")
            with open(log) as text:
                if not re.search(r"built \d+ pages \(%d evaluated" % len(evaluated), text.read()):
                    raise AssertionError("the terminal does not say how many pages were evaluated")

        def calculator_offers_model_files():
            driver.get(base + "calculator.html")
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#size-calculator-form[data-ready=true]"))
            paths = [option.get_attribute("value") for option in
                     driver.find_elements(By.CSS_SELECTOR, "select[name=model] optgroup[label='Model files in the content folder'] option")]
            wanted = "data/models/qwen3-4b.json"
            if wanted not in paths:
                raise AssertionError(f"{wanted} is not offered among the model files: {paths[:5]}")
            Select(driver.find_element(By.NAME, "model")).select_by_value(wanted)
            driver.find_element(By.CSS_SELECTOR, "#size-calculator button[type=submit]").click()
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#calculator-result table"))
            printed = subprocess.run([binary, "size", "--data", os.path.join(content, "data"), "--model",
                                      os.path.join(content, wanted), "--format", "json"],
                                     capture_output=True, text=True, timeout=120, check=True)
            total = f"{json.loads(printed.stdout)['memory']['total_bytes'] / 1e9:,.2f}"
            if total not in driver.find_element(By.ID, "calculator-result").text:
                raise AssertionError(f"total memory {total} GB of size --model {wanted} is not in the calculator's answer")

        def no_request_fails():
            failed = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
            if failed:
                raise AssertionError(f"the console shows errors: {failed}")

        def calculator_matches_size():
            inputs = {"model": "llama-3.1-8b", "precision": "fp8", "users": "10", "context": "8K", "gpu": ["h100-sxm", "l40s"]}
            driver.get(base + "calculator.html?model=llama-3.1-8b&precision=fp8&users=10&context=8K&gpu=h100-sxm&gpu=l40s")
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#calculator-result table"))
            if driver.find_element(By.ID, "calculator-offline").is_displayed():
                raise AssertionError("the page still says the server is missing")
            printed = subprocess.run([binary, "size", "--data", os.path.join(content, "data"), "--model", inputs["model"],
                                      "--precision", inputs["precision"], "--users", inputs["users"], "--context", inputs["context"],
                                      "--gpu", "h100-sxm", "--gpu", "l40s", "--format", "json"],
                                     capture_output=True, text=True, timeout=120, check=True)
            plan = json.loads(printed.stdout)
            result = driver.find_element(By.ID, "calculator-result").text
            # The memory table shows GB with two decimals; the options table GPUs and tokens/s per user.
            total = f"{plan['memory']['total_bytes'] / 1e9:,.2f}"
            if total not in result:
                raise AssertionError(f"total memory {total} GB of size --format json is not in the calculator's answer")
            for option in plan["options"]:
                speed = f"{option['decode_tokens_per_second_per_user']:,.1f}"
                if speed not in result:
                    raise AssertionError(f"{option['gpu']}: {speed} tokens/s of size --format json is not in the answer")
            if Select(driver.find_element(By.NAME, "precision")).first_selected_option.get_attribute("value") != "fp8":
                raise AssertionError("the shared address did not fill the form")

        def calculator_names_a_bad_field():
            users = driver.find_element(By.NAME, "users")
            users.clear()
            users.send_keys("2.5")
            driver.find_element(By.CSS_SELECTOR, "#size-calculator button[type=submit]").click()
            problem = wait.until(lambda d: d.find_element(By.ID, "calculator-error") if d.find_element(By.ID, "calculator-error").is_displayed() else None)
            if "users" not in problem.text or "2.5" not in problem.text:
                raise AssertionError(f"the error does not name the field: {problem.text!r}")

        def calculator_sends_serving_targets():
            # An engine that takes serving targets answers with tables; one that does not yet refuses
            # 'input-tokens' by name, and the page must say which field it was.
            for name in ["users", "input-tokens"]:
                field = driver.find_element(By.NAME, name)
                field.clear()
                field.send_keys("10" if name == "users" else "2000")
            driver.find_element(By.CSS_SELECTOR, "#size-calculator button[type=submit]").click()

            def answered(d):
                problem = d.find_element(By.ID, "calculator-error")
                if problem.is_displayed() and "input-tokens" in problem.text:
                    return True
                return not problem.is_displayed() and d.find_elements(By.CSS_SELECTOR, "#calculator-result table")
            wait.until(answered)

        for name, check in [("an edited page reloads with its new text", reloads_with_new_text),
                            ("a broken page shows the error overlay over the last good page", shows_overlay_for_a_broken_page),
                            ("the overlay goes when the page is fixed", overlay_goes_when_fixed),
                            ("an edited price reloads the page showing it, and only pages that read prices are evaluated",
                             data_edit_reloads_only_dependent_pages),
                            ("the served pages ask for nothing that is missing (favicon included)", no_request_fails),
                            ("the calculator offers model files and sizes one as size --model does", calculator_offers_model_files),
                            ("the calculator's numbers equal size --format json", calculator_matches_size),
                            ("the calculator names a refused field", calculator_names_a_bad_field),
                            ("the calculator sends serving targets, or names the one refused", calculator_sends_serving_targets)]:
            run.check(name, check)
    finally:
        if driver:
            driver.quit()
        stop_server(server)
        if server.returncode not in (0, -signal.SIGINT):
            run.failed += 1
            print(f"FAIL  the server stopped with status {server.returncode} on SIGINT")
        shutil.rmtree(root, ignore_errors=True)
        os.unlink(log)
    print(f"{run.passed} passed, {run.failed} failed")
    return 1 if run.failed else 0


if __name__ == "__main__":
    sys.exit(main())
