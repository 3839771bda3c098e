#!/usr/bin/env python3
"""Checks the DOM of dslab's HTML report, as headless Chromium parsed it
(--dump-dom), against what dslab itself says should be there.

    report_dom.py DOM CASES CELLS [--kernel-placeholder] [--kernel-fixture] [--partial]

DOM: the dumped page. CASES: `dslab list` output (one case per line).
CELLS: tab-separated case, grid, row, column, value (from `dslab run
--format json` of the matrix lessons, through jq). --partial: the report
ran only the cases in CASES (no cell is then required, and the page may
list lessons that CASES does not). Prints one line per problem (at most 20
of a kind) and exits 1 if there is any.
"""
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []

    def text(self, skip=lambda n: False):
        out = []
        for c in self.children:
            if isinstance(c, str):
                out.append(c)
            elif not skip(c):
                out.append(c.text(skip))
        return "".join(out)

    def walk(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.walk()

    def classes(self):
        return self.attrs.get("class", "").split()


class Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.at = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.at)
        self.at.children.append(node)
        if tag not in VOID:
            self.at = node

    def handle_endtag(self, tag):
        n = self.at
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.at = n.parent

    def handle_data(self, data):
        self.at.children.append(data)


problems = {}


def problem(kind, text):
    problems.setdefault(kind, []).append(text)


def main():
    dom_path, cases_path, cells_path = sys.argv[1:4]
    modes = set(sys.argv[4:])
    partial = "--partial" in modes
    builder = Builder()
    with open(dom_path, encoding="utf-8") as f:
        builder.feed(f.read())
    root = builder.root
    nodes = list(root.walk())

    # Nothing that runs or loads: no script, no external resource.
    for n in nodes:
        if n.tag in ("script", "iframe", "object", "embed", "link", "img"):
            problem("external", f"<{n.tag}> element in the page")
        for attr in ("src", "href"):
            value = n.attrs.get(attr)
            if value is not None and not value.startswith("#"):
                problem("external", f"<{n.tag} {attr}={value!r}>: not a link within the page")
        if any(a.startswith("on") for a in n.attrs):
            problem("external", f"<{n.tag}> has an event handler attribute")
    for style in (n for n in nodes if n.tag == "style"):
        css = style.text()
        if "url(" in css or "@import" in css:
            problem("external", "the style sheet loads something (url( or @import)")

    # Accessibility: every table has a caption and only scoped header cells;
    # every coloured element carries text and a symbol, so colour is never
    # the only sign.
    for table in (n for n in nodes if n.tag == "table"):
        captions = [c for c in table.children if isinstance(c, Node) and c.tag == "caption"]
        if not captions or not captions[0].text().strip():
            problem("a11y", f"table {table.attrs} has no caption (first child)")
        for th in (n for n in table.walk() if n.tag == "th"):
            if th.attrs.get("scope") not in ("row", "col"):
                problem("a11y", f"<th> without scope row/col: {th.text()[:60]!r}")
    for n in nodes:
        coloured = [c for c in n.classes() if c.startswith("m-") or c.startswith("st-")]
        if not coloured:
            continue
        hidden = lambda c: c.attrs.get("aria-hidden") == "true"
        if not n.text(skip=hidden).strip():
            problem("a11y", f"<{n.tag} class={coloured}> has no text for screen readers")
        if not any(c.attrs.get("aria-hidden") == "true" and c.text().strip() for c in n.walk() if c is not n):
            problem("a11y", f"<{n.tag} class={coloured}> has no symbol besides its colour")
        if n.tag == "td" and not n.attrs.get("title"):
            problem("a11y", f"matrix cell without a title (hover text): {n.text()[:60]!r}")

    # Every lesson and every case of dslab list, each with a status.
    with open(cases_path, encoding="utf-8") as f:
        cases = [line.strip() for line in f if line.strip()]
    lessons = {c.split("/")[0] for c in cases}
    shown_lessons = {n.attrs["data-lesson"] for n in nodes if "data-lesson" in n.attrs}
    for lesson in sorted(lessons - shown_lessons):
        problem("lessons", f"lesson {lesson} is not in the index")
    for lesson in sorted(shown_lessons - lessons) if not partial else []:
        problem("lessons", f"the index has {lesson}, which dslab list does not")
    for row in (n for n in nodes if "data-lesson" in n.attrs):
        cells = [c for c in row.children if isinstance(c, Node) and c.tag == "td"]
        if not cells or not cells[0].text().strip() or "no summary" in cells[0].text():
            problem("lessons", f"lesson {row.attrs['data-lesson']} has no summary")
    status_of = {}
    for li in (n for n in nodes if n.tag == "li" and "data-case" in n.attrs):
        strong = [c for c in li.walk() if c.tag == "strong"]
        status_of[li.attrs["data-case"]] = strong[0].text().strip() if strong else ""
    for case in cases:
        if case not in status_of:
            problem("cases", f"case {case} is not in the index")
        elif status_of[case] not in ("pass", "fail", "skip", "timeout", "crash"):
            problem("cases", f"case {case}: status {status_of[case]!r}")
    for case in sorted(set(status_of) - set(cases)):
        problem("cases", f"the index has case {case}, which dslab list does not")
    summary = next((n.text() for n in nodes if n.attrs.get("id") == "summary"), "")
    want = "%d passed" % sum(1 for s in status_of.values() if s == "pass")
    if not summary.startswith(want):
        problem("cases", f"summary {summary!r} does not start with {want!r}")

    # Every matrix cell that dslab run reports, with its value, in the grid
    # of its case, at its row and column.
    page_cells = {}
    for table in (n for n in nodes if n.tag == "table" and "grid" in n.classes()):
        case, grid = table.attrs.get("data-case"), table.attrs.get("data-grid")
        head = [n for n in table.walk() if n.tag == "thead"]
        columns = [th.text() for th in head[0].walk() if th.tag == "th"][1:] if head else []
        for tr in (n for n in table.walk() if n.tag == "tr" and n.parent.tag == "tbody"):
            ths = [c for c in tr.children if isinstance(c, Node) and c.tag == "th"]
            tds = [c for c in tr.children if isinstance(c, Node) and c.tag == "td"]
            if len(ths) != 1 or len(tds) != len(columns):
                problem("cells", f"{case} / {grid}: a row with {len(ths)} headers and {len(tds)} cells")
                continue
            for column, td in zip(columns, tds):
                value = [s.text() for s in td.walk() if "v" in s.classes()]
                page_cells[(case, grid, ths[0].text(), column)] = (value[0] if value else None, td)
    with open(cells_path, encoding="utf-8") as f:
        expected = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    if not expected and not partial:
        problem("cells", "no matrix cells to compare with")
    for fields in expected:
        if len(fields) != 5:
            problem("cells", f"bad line in {cells_path}: {fields}")
            continue
        key, value = tuple(fields[:4]), fields[4]
        got = page_cells.get(key)
        if got is None:
            problem("cells", f"cell {' / '.join(key)} is not in the page")
        elif got[0] != value:
            problem("cells", f"cell {' / '.join(key)}: page says {got[0]!r}, dslab run {value!r}")
        elif not got[1].attrs.get("title", "").startswith(f"first socket {key[2]}, second socket {key[3]}:"):
            problem("cells", f"cell {' / '.join(key)}: hover text {got[1].attrs.get('title')!r}")
    print(f"{len(shown_lessons)} lessons, {len(status_of)} cases, {len(page_cells)} matrix cells in the page; "
          f"{len(expected)} cells from dslab run")

    # The runtimes section: a row per real program's call, a cell per
    # bindv6only value, each saying what it took or that it did not start.
    runtimes = next((n for n in nodes if n.attrs.get("id") == "runtimes"), None)
    if runtimes is None:
        problem("runtimes", "no section id=runtimes")
    else:
        rows = [n for n in runtimes.walk() if n.tag == "tr" and "data-runtime" in n.attrs]
        if not rows and not partial:
            problem("runtimes", "no rows (the runtime lessons' goldens)")
        for row in rows:
            tds = [c for c in row.children if isinstance(c, Node) and c.tag == "td"]
            if len(tds) != 3:
                problem("runtimes", f"row {row.text()[:60]!r}: {len(tds)} cells, not 3")
                continue
            for td in tds[1:]:
                if not td.text().startswith(("takes ", "does not start")):
                    problem("runtimes", f"row {row.text()[:60]!r}: cell {td.text()[:60]!r}")
            if not partial and row.attrs["data-runtime"] not in lessons:
                problem("runtimes", f"row for {row.attrs['data-runtime']}, which dslab list does not have")
        print(f"{len(rows)} runtime rows")

    # The kernel/libc section.
    kernels = next((n for n in nodes if n.attrs.get("id") == "kernels"), None)
    if kernels is None:
        problem("kernels", "no section id=kernels")
    elif "--kernel-placeholder" in modes and "No kernel matrix run yet" not in kernels.text():
        problem("kernels", "no 'No kernel matrix run yet' placeholder")
    elif "--kernel-fixture" in modes:
        tables = [n for n in kernels.walk() if n.tag == "table"]
        if not tables:
            problem("kernels", "the fixture's table is not embedded as a table")
        if "<script>alert(1)</script>" not in kernels.text():
            problem("kernels", "the fixture's markup is not shown as text")

    for kind, lines in problems.items():
        for line in lines[:20]:
            print(f"FAIL [{kind}] {line}")
        if len(lines) > 20:
            print(f"FAIL [{kind}] ... and {len(lines) - 20} more")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
