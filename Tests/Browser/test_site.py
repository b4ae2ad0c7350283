#!/usr/bin/python3
"""Browser test of the offline site: builds a book with infrabook, opens it from disk (file://) in
Debian's headless Chromium through selenium + chromedriver, and checks what a reader does: search for a
term and follow a result, use the table of contents, hover a glossary term and a computed value, follow a
backlink, print page, dark mode. Fails on any SEVERE browser console entry. Saves screenshots of the home
page and a content page in light and dark mode into the output folder.

Uses the real Content/ when it builds and has a glossary; otherwise the fixture book in
Tests/Fixtures/site/ (a failed build of Content/ is reported as a failure either way).

Prints one line per check and a final "N passed, M failed"; exits 1 when anything failed.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time
import traceback
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(REPOSITORY, "Tests", "Fixtures", "site")
TEMPLATES = os.path.join(REPOSITORY, "Templates")
WAIT_SECONDS = 20


class Run:
    """Counts checks and collects failures; each check is a function that raises on failure."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, function):
        try:
            function()
            self.passed += 1
            print(f"ok    {name}", flush=True)
            return True
        except Exception as error:  # noqa: BLE001 - every failure is reported, the run goes on
            self.failed += 1
            print(f"FAIL  {name}: {error}", flush=True)
            if os.environ.get("INFRABOOK_BROWSER_TRACE"):
                traceback.print_exc()
            return False


def build(binary, content, output, templates=None):
    command = [binary, "build", "--content", content, "--output", output]
    if templates:
        command += ["--templates", templates]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    return result.returncode, result.stdout + result.stderr


def start_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--allow-file-access-from-files", "--no-first-run",
                     "--disable-extensions", "--force-device-scale-factor=1"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(30)
    return driver


class Site:
    """The browser on a built site, with the console watched after every step."""

    def __init__(self, driver, root):
        self.driver = driver
        self.root = root
        self.console_errors = []

    def url(self, relative):
        return "file://" + urllib.parse.quote(os.path.join(self.root, relative))

    def open(self, relative):
        self.driver.get(self.url(relative))
        self.wait_ready()
        self.collect_console()

    def wait_ready(self):
        WebDriverWait(self.driver, WAIT_SECONDS).until(
            lambda d: d.execute_script("return document.readyState") == "complete")

    def wait(self, condition, message):
        return WebDriverWait(self.driver, WAIT_SECONDS).until(condition, message)

    def collect_console(self):
        for entry in self.driver.get_log("browser"):
            if entry.get("level") == "SEVERE":
                self.console_errors.append(entry.get("message", ""))

    def current_file(self):
        path = urllib.parse.unquote(urllib.parse.urlparse(self.driver.current_url).path)
        return os.path.relpath(path, self.root)

    def sidebar_pages(self):
        links = self.driver.find_elements(By.CSS_SELECTOR, ".sidebar a[href]")
        return [self.relative(link.get_attribute("href")) for link in links]

    def relative(self, absolute_url):
        parsed = urllib.parse.urlparse(absolute_url)
        return os.path.relpath(urllib.parse.unquote(parsed.path), self.root)

    def color_scheme(self, dark):
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "media": "screen", "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})

    def screenshot(self, folder, name):
        path = os.path.join(folder, name)
        if not self.driver.save_screenshot(path):
            raise AssertionError(f"could not save {path}")
        if os.path.getsize(path) < 1000:
            raise AssertionError(f"{path} is suspiciously small")


def choose_content(run, binary, content, out):
    """Builds Content/ when it has a glossary; falls back to the fixture book. Returns the site folder."""
    real_output = os.path.join(out, "content-build")
    shutil.rmtree(real_output, ignore_errors=True)
    has_glossary = os.path.exists(os.path.join(content, "pages", "glossary.md"))
    if has_glossary:
        code, log = build(binary, content, real_output)

        def content_builds():
            if code != 0:
                tail = "\n".join(log.strip().splitlines()[-12:])
                raise AssertionError(f"infrabook build --content {content} exited {code}:\n{tail}")
        if run.check(f"infrabook build of {content}", content_builds):
            return os.path.join(real_output, "site")
    print(f"note  using the fixture book {FIXTURE}", flush=True)
    fixture_output = os.path.join(out, "fixture-build")
    build_fixture(run, binary, FIXTURE, fixture_output, "the fixture book")
    return os.path.join(fixture_output, "site")


def build_fixture(run, binary, fixture, output, name):
    """Builds a fixture content folder afresh into `output` with the repository's templates, as a check."""
    shutil.rmtree(output, ignore_errors=True)
    code, log = build(binary, fixture, output, TEMPLATES)

    def fixture_builds():
        if code != 0:
            raise AssertionError(f"build of {fixture} exited {code}:\n{log[-2000:]}")
    return run.check(f"infrabook build of {name}", fixture_builds)


HOSTILE = os.path.join(REPOSITORY, "Tests", "Fixtures", "hostile")
# Runs before any script of every page: records alert/confirm/prompt and print instead of showing them.
TRAP_DIALOGS = """
window.__ran = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = function (message) { window.__ran.push(name + ": " + message); };
}
"""


def hostile_html(run, driver, binary, out):
    """The page of Tests/Fixtures/hostile/ allows raw HTML and holds every way past the old blocklist
    (issue 15). Opened over file://, it must run no script (a trapped alert), go nowhere (its URL stays)
    and load nothing from elsewhere, while the Content-Security-Policy still lets the site's own
    scripts run and refuses an inline one."""
    output = os.path.join(out, "hostile-build")
    if not build_fixture(run, binary, HOSTILE, output, "the hostile fixture"):
        return
    site = Site(driver, os.path.join(output, "site"))
    trap = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAP_DIALOGS})

    def assert_nothing_ran(page):
        ran = driver.execute_script("return window.__ran || null")
        assert ran is not None, f"{page}: the page was replaced (the dialog trap is gone)"
        assert not ran, f"{page}: script ran: {ran}"
        assert site.current_file() == page, f"{page}: navigated to {driver.current_url}"

    def nothing_runs():
        for page in ["index.html", "print.html"]:
            site.open(page)
            time.sleep(1.5)  # a refresh of one second, an onerror, an autofocus all have had their chance
            assert_nothing_ran(page)
            assert driver.find_elements(By.CSS_SELECTOR, "span.kept"), f"{page}: allowed markup was removed"
        site.open("index.html")
        article = driver.find_element(By.CSS_SELECTOR, "article")
        elements = article.find_elements(By.CSS_SELECTOR, "*")
        for index in range(len(elements)):
            element = driver.find_element(By.CSS_SELECTOR, "article").find_elements(By.CSS_SELECTOR, "*")[index]
            if not element.is_displayed():
                continue
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
            ActionChains(driver).move_to_element(element).perform()
            driver.execute_script("arguments[0].focus()", element)
            if element.tag_name == "a":
                element.click()
                time.sleep(0.2)
                assert_nothing_ran("index.html")
                site.open("index.html")
        hrefs = driver.execute_script("return Array.from(document.querySelectorAll('[href],[src],[action],[data]'))"
                                      ".map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || e.getAttribute('data'))")
        unsafe = [h for h in hrefs if "script" in "".join(h.split()).lower() or "evil" in h]
        assert not unsafe, f"unsafe URLs in the page: {unsafe}"
    run.check("hostile raw HTML runs no script and goes nowhere", nothing_runs)

    def policy_walls_inline_script():
        site.open("index.html")
        # The site's own scripts still run: search.js loads search-index.js on first use and lists this page.
        driver.find_element(By.ID, "search-input").send_keys("hostile")
        site.wait(EC.visibility_of_element_located((By.CSS_SELECTOR, "#search-results li[role=option]")),
                  "search found nothing under the Content-Security-Policy")
        assert driver.execute_script("return typeof window.INFRABOOK_SEARCH") == "object", "the search index did not load"
        policy = driver.find_element(By.CSS_SELECTOR, "meta[http-equiv='Content-Security-Policy']").get_attribute("content")
        assert "script-src 'self'" in policy, f"policy: {policy}"
        site.collect_console()
        ran = driver.execute_script("""
            const script = document.createElement("script");
            script.textContent = "window.__inline = 'ran'";
            document.head.appendChild(script);
            const div = document.createElement("div");
            div.innerHTML = "<img src=x onerror=\\"window.__handler = 'ran'\\">";
            document.body.appendChild(div);
            return [window.__inline || null, window.__handler || null];""")
        time.sleep(0.5)
        ran.append(driver.execute_script("return window.__handler || null"))
        assert ran == [None, None, None], f"the policy let inline script run: {ran}"
        refused = [e.get("message", "") for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        assert any("Content Security Policy" in m for m in refused), f"no policy refusal was logged: {refused}"
    run.check("Content-Security-Policy refuses inline script over file://", policy_walls_inline_script)
    driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": trap["identifier"]})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--content", required=True)
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    binary = os.path.abspath(arguments.binary)
    out = os.path.abspath(arguments.out)
    os.makedirs(out, exist_ok=True)

    run = Run()
    root = choose_content(run, binary, os.path.abspath(arguments.content), out)
    if not os.path.exists(os.path.join(root, "index.html")):
        print(f"{run.passed} passed, {run.failed + 1} failed")
        return 1

    driver = start_browser()
    site = Site(driver, root)
    state = {}
    try:
        def home_page():
            site.color_scheme(dark=False)
            site.open("index.html")
            assert driver.find_element(By.CSS_SELECTOR, ".sidebar a[aria-current='page']"), "home not marked in the sidebar"
            assert driver.find_elements(By.CSS_SELECTOR, ".map-page a"), "no map of the knowledge base"
            state["pages"] = [p for p in site.sidebar_pages() if p != "index.html"]
            assert state["pages"], "the sidebar lists no pages"
            site.screenshot(out, "home-light.png")
        run.check("home page with map and sidebar", home_page)

        def search_and_follow():
            site.open("index.html")
            target = state["pages"][0]
            site.open(target)
            title = driver.find_element(By.CSS_SELECTOR, "article h1").text.strip()
            words = [w for w in title.replace("-", " ").split() if len(w) >= 4] or title.split()
            term = words[0].lower()
            site.open("index.html")
            driver.find_element(By.TAG_NAME, "body").send_keys("/")
            site.wait(lambda d: d.switch_to.active_element.get_attribute("id") == "search-input", "'/' did not focus search")
            box = driver.switch_to.active_element
            box.send_keys(term[:-1])  # a prefix of the word must find it
            site.wait(EC.visibility_of_element_located((By.CSS_SELECTOR, "#search-results li[role=option]")), "no search results")
            results = driver.find_elements(By.CSS_SELECTOR, "#search-results li[role=option] a")
            hrefs = [site.relative(r.get_attribute("href")) for r in results]
            assert target in hrefs, f"searching '{term[:-1]}' did not list {target}: {hrefs}"
            marks = driver.find_elements(By.CSS_SELECTOR, "#search-results mark")
            assert marks and term[:-1] in marks[0].text.lower(), "snippet has no highlighted match"
            for _ in range(hrefs.index(target)):
                box.send_keys(Keys.ARROW_DOWN)
            box.send_keys(Keys.ENTER)
            site.wait(lambda d: site.current_file() == target, f"Enter did not open {target}")
            site.wait_ready()
            site.collect_console()
        run.check("search by prefix, keyboard to a result", search_and_follow)

        def table_of_contents():
            for page in state["pages"]:
                site.open(page)
                links = driver.find_elements(By.CSS_SELECTOR, ".toc a[href^='#']")
                if len(links) >= 1:
                    break
            else:
                raise AssertionError("no page has a table of contents")
            state["content_page"] = page
            for link in links:
                anchor = link.get_attribute("href").split("#", 1)[1]
                assert driver.find_elements(By.ID, urllib.parse.unquote(anchor)), f"{page}: TOC anchor #{anchor} has no target"
            last = links[-1]
            anchor = last.get_attribute("href").split("#", 1)[1]
            last.click()
            site.wait(lambda d: d.current_url.endswith("#" + anchor), "TOC link did not move to its heading")
            site.open(page)
            site.screenshot(out, "page-light.png")
        run.check("table of contents links to headings", table_of_contents)

        def glossary_tooltip():
            for page in state["pages"]:
                site.open(page)
                terms = driver.find_elements(By.CSS_SELECTOR, "a.term")
                if terms:
                    break
            else:
                raise AssertionError("no page links a glossary term")
            term = terms[0]
            tip = term.find_element(By.CSS_SELECTOR, ".tip")
            assert not tip.is_displayed(), "tooltip visible before hover"
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", term)
            ActionChains(driver).move_to_element(term).perform()
            site.wait(lambda d: tip.is_displayed(), "tooltip did not show on hover")
            assert len(tip.text.strip()) > 10, "tooltip has no definition"
            href = term.get_attribute("href")
            assert "glossary.html#" in href, f"term links to {href}"
            anchor = href.split("#", 1)[1]
            site.open(site.relative(href))
            assert driver.find_elements(By.ID, anchor), f"glossary has no #{anchor}"
        run.check("glossary term shows its definition on hover", glossary_tooltip)

        def provenance():
            for page in state["pages"]:
                site.open(page)
                values = driver.find_elements(By.CSS_SELECTOR, ".value[data-prov]")
                if values:
                    break
            else:
                raise AssertionError("no computed value carries provenance")
            value = values[0]
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", value)
            driver.execute_script("arguments[0].focus()", value)
            shown = driver.execute_script("return getComputedStyle(arguments[0], '::after').content", value)
            assert shown and shown != "none" and "=" in shown, f"focus shows no formula: {shown!r}"
        run.check("computed value shows its formula on focus", provenance)

        def backlink():
            for page in state["pages"]:
                site.open(page)
                links = driver.find_elements(By.CSS_SELECTOR, ".backlinks a")
                if links:
                    break
            else:
                raise AssertionError("no page has backlinks")
            source = site.relative(links[0].get_attribute("href"))
            links[0].click()
            site.wait(lambda d: site.current_file() == source, f"backlink did not open {source}")
            site.wait_ready()
            site.collect_console()
            back = [site.relative(a.get_attribute("href").split("#")[0])
                    for a in driver.find_elements(By.CSS_SELECTOR, "article a[href]")]
            assert page in back, f"{source} is listed as linking to {page} but does not: {back}"
        run.check("backlink opens a page that links back", backlink)

        def dark_mode():
            site.color_scheme(dark=False)
            site.open("index.html")
            light = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
            site.color_scheme(dark=True)
            site.open("index.html")
            dark = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
            assert light != dark, f"background did not change: {light} / {dark}"
            site.screenshot(out, "home-dark.png")
            site.open(state.get("content_page", state["pages"][0]))
            site.screenshot(out, "page-dark.png")
            site.color_scheme(dark=False)
        run.check("dark mode follows prefers-color-scheme", dark_mode)

        def print_book():
            site.open("print.html")
            articles = driver.find_elements(By.CSS_SELECTOR, "article.book-page")
            assert len(articles) >= len(state["pages"]), f"print.html has {len(articles)} pages"
            ids = driver.execute_script("return Array.from(document.querySelectorAll('[id]')).map(e => e.id)")
            assert len(ids) == len(set(ids)), "duplicate ids in print.html"
        run.check("whole-book print page", print_book)

        def no_console_errors():
            site.collect_console()
            assert not site.console_errors, "; ".join(site.console_errors[:5])
        run.check("no console errors", no_console_errors)

        hostile_html(run, driver, binary, out)
    finally:
        driver.quit()

    print(f"{run.passed} passed, {run.failed} failed")
    return 1 if run.failed else 0


if __name__ == "__main__":
    sys.exit(main())
