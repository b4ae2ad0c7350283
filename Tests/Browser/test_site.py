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


# Layout at the widths readers use and on paper. Each check below is its own function so that other
# work on this file merges cleanly.
LAYOUT_WIDTHS = [360, 768, 1024, 1440]
PHONE_WIDTH = 360
# The printable width of an A4 page at 96 CSS px per inch with print.css's margins: portrait
# (210 mm - 2 x 16 mm) and the landscape pages that tables marked `wide` get (297 mm - 2 x 12 mm).
PRINT_PORTRAIT_PX = round((210 - 32) / 25.4 * 96)
PRINT_LANDSCAPE_PX = round((297 - 24) / 25.4 * 96)
SCREENSHOT_PAGES = ["index.html", "gpus.html", "kv-cache.html", "sizing-example.html"]

# Returns what is wrong with the open page's width: the page scrolling sideways, and any element
# outside a scrolling table that sticks out of the window.
PAGE_OVERFLOW_JS = """
var root = document.documentElement, problems = [];
if (root.scrollWidth > root.clientWidth + 1) {
  problems.push('the page scrolls sideways (' + root.scrollWidth + ' px in a ' + root.clientWidth + ' px window)');
  var seen = 0;
  document.querySelectorAll('body *').forEach(function (e) {
    if (seen >= 3 || e.closest('.table-wrap, pre, article > table')) { return; }
    var r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > root.clientWidth + 1) { seen += 1; problems.push(e.tagName.toLowerCase() + '.' + e.className + ' ends at ' + Math.round(r.right)); }
  });
}
return problems;
"""

# Scrolls each table's last header cell into view and returns what is wrong: a cell outside its
# scrolling wrapper or the window, or covered by something else (a sticky column, the top bar).
LAST_COLUMN_JS = """
var problems = [], width = document.documentElement.clientWidth;
document.querySelectorAll('article details').forEach(function (d) { d.open = true; });
document.querySelectorAll('article table').forEach(function (table, n) {
  var row = table.rows[0];
  if (!row || row.cells.length === 0) { return; }
  var cell = row.cells[row.cells.length - 1];
  var name = (table.caption ? table.caption.textContent : 'table ' + n) + ' / ' + cell.textContent.trim();
  cell.scrollIntoView({ block: 'center', inline: 'end' });
  var r = cell.getBoundingClientRect();
  var box = (table.closest('.table-wrap') || table).getBoundingClientRect();
  if (r.width === 0) { problems.push(name + ': last column not shown'); return; }
  if (r.right > Math.min(width, box.right) + 1 || r.left < Math.max(0, box.left) - 1) {
    problems.push(name + ': last column at ' + Math.round(r.left) + '-' + Math.round(r.right) + ' px, visible area ' +
                  Math.round(Math.max(0, box.left)) + '-' + Math.round(Math.min(width, box.right)));
    return;
  }
  var hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 8));
  if (!hit || !(hit === cell || cell.contains(hit))) {
    problems.push(name + ': last column covered by ' + (hit ? hit.tagName.toLowerCase() + '.' + hit.className : 'nothing'));
  }
});
return problems;
"""

# In print emulation: the tables that would not fit the page. A table marked `wide` prints on a
# landscape page of its own, any other on a portrait one: with arguments[0] true this checks the wide
# ones (at the landscape width) and hides the others; with false, the reverse.
PRINT_FIT_JS = """
var wide = arguments[0], problems = [], limit = document.documentElement.clientWidth;
document.querySelectorAll('article table').forEach(function (table, n) {
  var wrap = table.closest('.table-wrap');
  if ((wrap && wrap.classList.contains('wide')) !== wide) { (wrap || table).style.display = 'none'; return; }
  var r = table.getBoundingClientRect();
  if (Math.max(r.width, table.scrollWidth) > limit + 1) {
    problems.push((table.caption ? table.caption.textContent : 'table ' + n) + ': ' + Math.round(Math.max(r.width, table.scrollWidth)) + ' px on a ' + limit + ' px page');
  }
});
return problems;
"""


def all_pages(site):
    """Every HTML page of the site, the whole-book page included."""
    return sorted(name for name in os.listdir(site.root) if name.endswith(".html"))


def set_width(site, width, height=900):
    site.driver.set_window_size(width, height)
    inner = site.driver.execute_script("return window.innerWidth")
    if inner != width:  # the window's frame takes some of its size: ask again for the difference
        site.driver.set_window_size(width + (width - inner), height)


def print_media(site, on):
    site.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print" if on else "screen", "features": [
        {"name": "prefers-color-scheme", "value": "light"}]})


def check_widths(run, site):
    """At each width, no page scrolls sideways and every table's last column can be scrolled into view."""
    pages = all_pages(site)
    for width in LAYOUT_WIDTHS:
        def at_width():
            set_width(site, width)
            problems = []
            for page in pages:
                site.open(page)
                problems += [f"{page}: {p}" for p in site.driver.execute_script(PAGE_OVERFLOW_JS)]
                problems += [f"{page}: {p}" for p in site.driver.execute_script(LAST_COLUMN_JS)]
            assert not problems, f"{len(problems)} problems: " + "; ".join(problems[:6])
        run.check(f"{width} px: no page scrolls sideways, every table's last column reachable", at_width)


def check_print_fit(run, site):
    """In print emulation at a page's printable width, nothing is wider than the paper."""
    def on_paper():
        print_media(site, True)
        problems = []
        try:
            for wide, width in [(False, PRINT_PORTRAIT_PX), (True, PRINT_LANDSCAPE_PX)]:
                set_width(site, width)
                for page in all_pages(site):
                    site.open(page)
                    fit = site.driver.execute_script(PRINT_FIT_JS, wide)
                    problems += [f"{page}: {p}" for p in fit + site.driver.execute_script(PAGE_OVERFLOW_JS)]
        finally:
            print_media(site, False)
        assert not problems, f"{len(problems)} problems: " + "; ".join(problems[:6])
    run.check(f"print: every page and table fits the paper ({PRINT_PORTRAIT_PX} px portrait, {PRINT_LANDSCAPE_PX} px landscape)", on_paper)


def check_phone_navigation(run, site):
    """On a phone the page list folds behind a button that opens and closes it."""
    def navigation():
        driver = site.driver
        set_width(site, PHONE_WIDTH)
        site.open("gpus.html")
        toggle = driver.find_element(By.CSS_SELECTOR, ".nav-toggle")
        sidebar = driver.find_element(By.CSS_SELECTOR, ".sidebar")
        assert toggle.is_displayed(), "no navigation button on a phone"
        assert not sidebar.is_displayed(), "the page list stands open above the content"
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.click()
        site.wait(lambda d: sidebar.is_displayed(), "the button did not open the page list")
        assert toggle.get_attribute("aria-expanded") == "true"
        link = sidebar.find_elements(By.CSS_SELECTOR, "a[href]")[0]
        assert link.is_displayed(), "the open page list shows no link"
        toggle.click()
        site.wait(lambda d: not sidebar.is_displayed(), "the button did not close the page list")
        toggle.click()
        site.wait(lambda d: sidebar.is_displayed(), "the button did not open the page list again")
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
        site.wait(lambda d: not sidebar.is_displayed(), "Escape did not close the page list")
        assert toggle.get_attribute("aria-expanded") == "false"
    run.check(f"{PHONE_WIDTH} px: the navigation opens and closes", navigation)


def save_layout_screenshots(run, site, out):
    """Home, accelerators, KV cache and sizing example at 400 and 1,440 px and in print."""
    def screenshots():
        for width in [400, 1440]:
            set_width(site, width)
            for page in SCREENSHOT_PAGES:
                site.open(page)
                site.screenshot(out, f"layout-{page[:-5]}-{width}.png")
        print_media(site, True)
        try:
            for page in SCREENSHOT_PAGES:
                # At the width of the paper the page's first table prints on.
                site.open(page)
                wide = site.driver.execute_script("return !!document.querySelector('article .table-wrap.wide table')")
                set_width(site, PRINT_LANDSCAPE_PX if wide else PRINT_PORTRAIT_PX, 1100)
                site.open(page)
                site.driver.execute_script("var t = document.querySelector('article .wide table') || document.querySelector('article table');"
                                           " if (t) { t.scrollIntoView(); }")
                site.screenshot(out, f"layout-{page[:-5]}-print.png")
        finally:
            print_media(site, False)
    run.check("layout screenshots at 400 and 1,440 px and in print", screenshots)


def check_reader_aids(run, site):
    """A value's note opens beside it, stays open on a click, has a copy button and linked sources;
    code blocks have copy buttons."""
    def value_note():
        driver = site.driver
        set_width(site, 1280)
        site.open("sizing-example.html")
        values = [v for v in driver.find_elements(By.CSS_SELECTOR, "article p .value[data-prov]")
                  if "http" in (v.get_attribute("data-prov") or "")]
        assert values, "no value in prose with a source URL"
        value = values[0]
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", value)
        value.click()
        note = driver.find_element(By.ID, "value-note")
        site.wait(lambda d: note.is_displayed(), "a click did not open the note")
        v, n = value.rect, note.rect
        assert n["y"] >= v["y"] + v["height"] - 1 or n["y"] + n["height"] <= v["y"] + 1, "the note covers its value"
        assert abs(n["x"] - v["x"]) < 400 and abs(n["y"] - v["y"]) < 300, f"the note opened away from its value: {n} / {v}"
        links = note.find_elements(By.CSS_SELECTOR, "a[href^='http']")
        assert links, "the note's source is not a link"
        assert note.find_elements(By.CSS_SELECTOR, ".copy-button"), "the note has no copy button"
        ActionChains(driver).move_by_offset(0, 0).perform()
        assert note.is_displayed(), "a pinned note closed by itself"
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
        site.wait(lambda d: not note.is_displayed(), "Escape did not close the note")
        background = driver.execute_script("return getComputedStyle(arguments[0]).backgroundColor", value)
        terms = driver.find_elements(By.CSS_SELECTOR, "a.term")
        if terms:
            term_background = driver.execute_script("return getComputedStyle(arguments[0]).backgroundColor", terms[0])
            assert background != term_background, "computed values and glossary terms look alike"
    run.check("a value's note opens beside it, pins on click, links its source", value_note)

    def code_copy():
        driver = site.driver
        site.open("using-infrabook.html")
        buttons = driver.find_elements(By.CSS_SELECTOR, ".code-frame > .copy-button")
        blocks = driver.find_elements(By.CSS_SELECTOR, "article pre")
        assert blocks and len(buttons) == len(blocks), f"{len(blocks)} code blocks, {len(buttons)} copy buttons"
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", buttons[0])
        buttons[0].click()
        site.wait(lambda d: buttons[0].text in ("Copied", "Select and copy"), "the copy button did not answer")
    run.check("code blocks have copy buttons", code_copy)

    def csv_downloads():
        site.open("gpus.html")
        missing = site.driver.execute_script("""
            return Array.from(document.querySelectorAll('article .table-wrap')).filter(function (wrap) {
              var tools = wrap.nextElementSibling, link = tools && tools.querySelector('a[download$=".csv"]');
              return !link || link.getAttribute('href').indexOf('data:text/csv') !== 0;
            }).length;""")
        assert missing == 0, f"{missing} computed tables without a CSV download"
        link = site.driver.find_element(By.CSS_SELECTOR, "article .table-csv")
        text = urllib.parse.unquote(link.get_attribute("href").split(",", 1)[1])
        header = site.driver.execute_script("return Array.from(document.querySelector('article .table-wrap table').rows[0].cells).map(c => c.textContent.trim())")
        assert text.split("\r\n")[0].split(",")[:2] == header[:2], f"CSV header {text[:80]!r} is not the table's {header[:2]}"
    run.check("every computed table downloads as CSV", csv_downloads)

    def search_lands_on_section():
        driver = site.driver
        site.open("kv-cache.html")
        heading = driver.find_elements(By.CSS_SELECTOR, "article h2")[-1].text
        word = max(heading.replace("-", " ").split(), key=len).lower()
        box = driver.find_element(By.ID, "search-input")
        box.send_keys(word)
        site.wait(EC.visibility_of_element_located((By.CSS_SELECTOR, "#search-results li[role=option]")), "no search results")
        links = [a for a in driver.find_elements(By.CSS_SELECTOR, "#search-results li[role=option] a")
                 if site.relative(a.get_attribute("href")) == "kv-cache.html"]
        assert links, f"searching {word!r} did not list kv-cache.html"
        href = links[0].get_attribute("href")
        assert "#" in href, f"the result for {word!r} opens the top of the page: {href}"
        anchor = urllib.parse.unquote(href.split("#", 1)[1])
        links[0].click()
        site.wait(lambda d: d.current_url.endswith("#" + urllib.parse.quote(anchor)) or d.current_url.endswith("#" + anchor),
                  "the result did not open its section")
        target = driver.find_element(By.ID, anchor)
        top = driver.execute_script("return arguments[0].getBoundingClientRect().top", target)
        assert 0 <= top < driver.execute_script("return window.innerHeight"), f"section #{anchor} is not in view ({top} px)"
    run.check("a search result opens the section holding its match", search_lands_on_section)


def check_layout(run, site, out):
    check_phone_navigation(run, site)
    check_widths(run, site)
    check_print_fit(run, site)
    save_layout_screenshots(run, site, out)
    check_reader_aids(run, site)
    set_width(site, 1280)


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
            # The generated map, or the home page's own when it links every page.
            assert driver.find_elements(By.CSS_SELECTOR, ".map-page a, article.page li a"), "no map of the knowledge base"
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
            note = driver.find_elements(By.ID, "value-note")  # reader.js; else the stylesheet's note
            shown = note[0].text if note and note[0].is_displayed() else \
                driver.execute_script("return getComputedStyle(arguments[0], '::after').content", value)
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

        check_layout(run, site, out)

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
