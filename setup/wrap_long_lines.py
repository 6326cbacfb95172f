#!/usr/bin/env python3
"""Wrap the lines ruff reports over 88 columns (E501): a first pass by machine.

After a merge brings long lines in, this does what is mechanical and leaves
the rest to a person: full-line comments and docstring paragraphs are
rewrapped, a trailing comment moves above its line, a line of SQL (a
multi-line string starting with SELECT, UPDATE, WITH...) is broken between
words outside quotes and ``--`` comments, and a long string literal is split
into adjacent literals (the same string: a translatable message keeps its
text). Then ruff format lays the code out again, three rounds. What it cannot
do (indented docstring blocks, names, strings without spaces, other
multi-line strings) it lists on stderr. Review the diff: it is a first pass,
not a formatter.

Usage: setup/lint-exec python3 setup/wrap_long_lines.py [PATH...]
"""

# A command-line tool: it reports on stderr.
# pylint: disable=print-used

import ast
import io
import re
import subprocess
import sys
import textwrap
import tokenize
from collections import defaultdict

MAX = 88
# Python 3.12 tokenizes f-strings in parts; before, an f-string is one STRING.
FSTRING_START = getattr(tokenize, "FSTRING_START", -1)
FSTRING_END = getattr(tokenize, "FSTRING_END", -1)
PRAGMA = re.compile(r"#\s*(noqa|pylint:|type:|fmt:|pragma)")
SQL = re.compile(r"\(?\s*(SELECT|UPDATE|INSERT|DELETE|WITH|CREATE|ALTER|DROP)\b")


def is_sql(token):
    """Whether a string token holds SQL: its first words are an SQL statement."""
    body = re.sub(r"^[a-zA-Z]*(\"\"\"|\'\'\'|\"|\')", "", token)
    return bool(SQL.match(body.strip()))


def wrap_comment_block(lines, idx):
    """Reflow the block of full-line comments around idx (same indentation)."""
    ind = re.match(r"\s*", lines[idx]).group(0)

    def is_c(i):
        s = lines[i]
        return (
            s.startswith(ind + "#")
            and not s.startswith(ind + "#!")
            and re.match(r"\s*", s).group(0) == ind
            and not PRAGMA.search(s)
        )

    a = idx
    while a > 0 and is_c(a - 1) and lines[a - 1].strip() != "#":
        a -= 1
    b = idx
    while b + 1 < len(lines) and is_c(b + 1) and lines[b + 1].strip() != "#":
        b += 1
    # keep bullets / indented sub-lines as their own paragraphs
    paras = []
    for i in range(a, b + 1):
        text = lines[i][len(ind) + 1 :]
        text = text[1:] if text.startswith(" ") else text
        if not paras or re.match(r"(\s|[-*] |\d+[.)] )", text) or not text:
            paras.append([text])
        else:
            paras[-1].append(text)
    out = []
    for p in paras:
        first = p[0]
        lead = re.match(r"\s*([-*] |\d+[.)] )?", first).group(0)
        body = " ".join(x.strip() for x in p)
        w = textwrap.wrap(
            body,
            width=MAX - len(ind) - 2,
            initial_indent=re.match(r"\s*", first).group(0),
            subsequent_indent=" " * len(lead),
            break_long_words=False,
            break_on_hyphens=False,
        )
        out.extend(ind + "# " + x if x else ind + "#" for x in (w or [""]))
    lines[a : b + 1] = out
    return len(out) - (b + 1 - a)


def docstring_ranges(tree):
    res = []
    for node in ast.walk(tree):
        if isinstance(
            node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
        ):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                res.append((body[0].lineno, body[0].end_lineno))
    return res


def wrap_docstring_para(lines, idx, start, end):
    """Reflow the paragraph of a docstring holding line idx (0-based)."""
    line = lines[idx]
    if idx == start - 1:
        # first line: """Text...  -> split after the quotes keep the summary;
        # break at the last space before MAX, rest goes on the next line
        m = re.match(r'(\s*)([rRuU]?""")(.*)', line)
        ind = m.group(1)
        text = m.group(3)
        closing = ""
        if text.endswith('"""') and start == end:
            text, closing = text[:-3], '"""'
        w = textwrap.wrap(
            text,
            width=MAX - len(ind) - (6 if closing else 3),
            break_long_words=False,
            break_on_hyphens=False,
        )
        new = [ind + m.group(2) + w[0]] + [ind + x for x in w[1:]]
        if closing:
            if len(new[-1]) + 3 <= MAX:
                new[-1] += closing
            else:
                new.append(ind + closing)
        lines[idx : idx + 1] = new
        return len(new) - 1
    ind = re.match(r"\s*", line).group(0)
    closing = ""
    a = idx
    lead = re.match(r"\s*([-*] |\d+[.)] |:\w+[^:]*: )?", line).group(0)
    if not lead.strip():
        while (
            a - 1 > start - 1
            and lines[a - 1].strip()
            and re.match(r"\s*", lines[a - 1]).group(0) == ind
            and not lines[a - 1].strip().startswith(('"""', "-", "*", ":"))
        ):
            a -= 1
    b = idx
    while (
        b + 1 < end - 1
        and lines[b + 1].strip()
        and re.match(r"\s*", lines[b + 1]).group(0) == ind
        and not re.match(r"\s*([-*] |\d+[.)] |:)", lines[b + 1])
    ):
        b += 1
    seg = [x.strip() for x in lines[a : b + 1]]
    if seg[-1].endswith('"""'):
        seg[-1] = seg[-1][:-3].rstrip()
        closing = '"""'
    first_lead = re.match(r"\s*([-*] |\d+[.)] )?", lines[a]).group(0)
    sub = ind + " " * (len(first_lead) - len(ind))
    w = textwrap.wrap(
        " ".join(seg),
        width=MAX,
        initial_indent=ind,
        subsequent_indent=sub,
        break_long_words=False,
        break_on_hyphens=False,
    )
    if closing:
        if len(w[-1]) + 3 <= MAX:
            w[-1] += closing
        else:
            w.append(ind + closing)
    lines[a : b + 1] = w
    return len(w) - (b + 1 - a)


def split_sql_line(line):
    """Break an SQL line at spaces outside quotes, continued 4 columns in."""
    ind = re.match(r"\s*", line).group(0)
    if line.strip().startswith("--"):
        w = textwrap.wrap(
            line.strip()[2:].strip(),
            width=MAX - len(ind) - 3,
            break_long_words=False,
            break_on_hyphens=False,
        )
        return [ind + "-- " + x for x in w]
    pos = line.find("--")
    if pos > 0:
        code, comment = line[:pos].rstrip(), line[pos:]
        return split_sql_line(ind + comment) + split_sql_line(code)
    out = []
    cur = line
    while len(cur) > MAX:
        inq = False
        cut = None
        for i, ch in enumerate(cur):
            if ch == "'":
                inq = not inq
            if ch == " " and not inq and i > len(ind) + 4 and i <= MAX:
                cut = i
        if cut is None:
            break
        out.append(cur[:cut].rstrip())
        cur = ind + "    " + cur[cut:].lstrip()
    out.append(cur)
    return out


def long_lines(paths):
    """{file: {line}} of ruff's E501 reports under ``paths``."""
    out = subprocess.run(
        [
            "ruff",
            "check",
            "--no-fix",
            "--select",
            "E501",
            "--output-format",
            "concise",
            *paths,
        ],
        capture_output=True,
        text=True,
    ).stdout
    todo = defaultdict(set)
    for line in out.splitlines():
        match = re.match(r"(.+?):(\d+):\d+: E501", line)
        if match:
            todo[match.group(1)].add(int(match.group(2)))
    return todo


def main():
    paths = sys.argv[1:] or ["."]
    for _round in range(3):
        todo = long_lines(paths)
        if not todo:
            break
        wrap(todo)
        subprocess.run(["ruff", "format", "--quiet", *paths], check=True)


def scan(src, lines):
    """(one-line string tokens with their bracket depth, {line: comment token})."""
    strings = []
    comments = {}
    depth = 0
    fstack = []
    for t in tokenize.generate_tokens(io.StringIO(src).readline):
        if t.type == tokenize.OP and t.string in "([{":
            depth += 1
        elif t.type == tokenize.OP and t.string in ")]}":
            depth -= 1
        elif t.type == tokenize.STRING:
            strings.append((t, depth))
        elif t.type == FSTRING_START:
            fstack.append((t, depth))
        elif t.type == FSTRING_END:
            first, first_depth = fstack.pop()
            if not fstack and first.start[0] == t.end[0]:
                line = lines[first.start[0] - 1]
                text = line[first.start[1] : t.end[1]]
                token = tokenize.TokenInfo(
                    tokenize.STRING, text, first.start, t.end, line
                )
                strings.append((token, first_depth))
        elif t.type == tokenize.COMMENT:
            comments[t.start[0]] = t
    return strings, comments


def classify(n, lines, docs, strings, comments):
    """(kind, data) of the edit for long line ``n``, or (None, why not)."""
    line = lines[n - 1]
    doc = next((d for d in docs if d[0] <= n <= d[1]), None)
    if doc:
        base = re.match(r"\s*", lines[doc[0] - 1]).group(0)
        if n != doc[0] and len(re.match(r"\s*", line).group(0)) > len(base):
            return None, "indented docstring line"
        return "doc", doc
    multi = next(
        (
            s
            for s, _d in strings
            if s.start[0] < n <= s.end[0] or (s.start[0] == n and s.end[0] > n)
        ),
        None,
    )
    if multi:
        return ("sql", None) if is_sql(multi.string) else (None, "multi-line string")
    if line.strip().startswith("#"):
        return "comment", None
    comment = comments.get(n)
    if comment and not PRAGMA.search(comment.string) and comment.start[1] > 0:
        code = line[: comment.start[1]].rstrip()
        if code.strip() and len(code) <= MAX:
            return "trailing", comment
    candidates = [
        (s, d)
        for s, d in strings
        if s.start[0] == n == s.end[0]
        and s.end[1] > MAX - 2
        and len(s.string) > 20
        and not s.string.startswith(('"""', "'''"))
    ]
    if candidates:
        return "string", candidates
    return None, "not handled"


def move_trailing_comment(line, comment):
    code = line[: comment.start[1]].rstrip()
    ind = re.match(r"\s*", line).group(0)
    text = textwrap.wrap(
        comment.string[1:].strip(),
        width=MAX - len(ind) - 2,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [ind + "# " + x for x in text] + [code]


def cut_points(body, is_f):
    """Where ``body`` may be cut: after a space outside f-string fields."""
    points = set()
    depth = 0
    k = 0
    while k < len(body):
        if is_f and body[k : k + 2] in ("{{", "}}"):
            k += 2
            continue
        if is_f and body[k] == "{":
            depth += 1
        elif is_f and body[k] == "}":
            depth -= 1
        elif body[k] == " " and depth == 0 and (k == 0 or body[k - 1] != "\\"):
            points.add(k + 1)
        k += 1
    return points


def split_pieces(body, width, is_f):
    pieces = []
    rest = body
    while len(rest) > width:
        points = cut_points(rest, is_f)
        cut = next(
            (j for j in range(min(width, len(rest) - 1), 10, -1) if j in points),
            None,
        )
        if cut is None:
            break
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


def split_string(line, token, depth):
    """``line`` with ``token`` split into adjacent literals, or None."""
    match = re.match(r"([a-zA-Z]*)(['\"])", token.string)
    prefix, quote = match.group(1), match.group(2)
    body = token.string[len(prefix) + 1 : -1]
    indent = len(re.match(r"\s*", line).group(0)) + 8
    width = max(
        16,
        min(MAX - indent - len(prefix) - 4, MAX - token.start[1] - len(prefix) - 4),
    )
    is_f = "f" in prefix.lower()
    pieces = split_pieces(body, width, is_f)
    if len(pieces) == 1:
        return None
    plain = prefix.replace("f", "").replace("F", "")
    new = ("\n" + " " * token.start[1]).join(
        (prefix if not is_f or "{" in piece or "}" in piece else plain)
        + quote
        + piece
        + quote
        for piece in pieces
    )
    if depth == 0:
        new = "(" + new + ")"
    return line[: token.start[1]] + new + line[token.end[1] :]


def apply(lines, i, kind, data):
    if kind == "comment":
        wrap_comment_block(lines, i)
    elif kind == "doc":
        wrap_docstring_para(lines, i, data[0], data[1])
    elif kind == "sql":
        lines[i : i + 1] = split_sql_line(lines[i])
    elif kind == "trailing":
        lines[i : i + 1] = move_trailing_comment(lines[i], data)
    elif kind == "string":
        line = lines[i]
        # Rightmost first, so that the columns of the others stay valid.
        for token, depth in sorted(data, key=lambda x: -x[0].start[1]):
            line = split_string(line, token, depth) or line
        lines[i : i + 1] = line.split("\n")


def wrap(todo):
    for path, numbers in todo.items():
        with open(path) as handle:
            src = handle.read()
        lines = src.split("\n")
        docs = docstring_ranges(ast.parse(src))
        strings, comments = scan(src, lines)
        edits = []
        for n in sorted(numbers, reverse=True):
            if len(lines[n - 1]) <= MAX:
                continue
            kind, data = classify(n, lines, docs, strings, comments)
            if kind is None:
                print(f"{path}:{n}: {data}, left as it is", file=sys.stderr)
            else:
                edits.append((n, kind, data))
        # From the bottom up, so that the line numbers above stay valid.
        for n, kind, data in edits:
            apply(lines, n - 1, kind, data)
        with open(path, "w") as handle:
            handle.write("\n".join(lines))


if __name__ == "__main__":
    main()
