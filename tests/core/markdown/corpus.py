"""Markdown documents like the answers models give, plus the constructs that span blank
lines or change meaning as lines arrive (the hard cases for incremental rendering)."""

from __future__ import annotations

ANSWER = """\
# Sorting a list in Python

Python has **two** ways to sort: `sorted()` returns a *new* list, `list.sort()` sorts in place.

## Example

```python
numbers = [3, 1, 2]

# a new list
print(sorted(numbers))

numbers.sort(reverse=True)
```

Key points:

1. `sorted()` works on any iterable.
2. `list.sort()` returns `None`.

   That surprises people:

   ```python
   result = numbers.sort()
   ```

3. Both are *stable*.

| Function | Returns | In place |
|:---------|:-------:|---------:|
| `sorted` | new list | no |
| `sort` | `None` | yes |

> **Note:** keys are computed once per element.
> See the [HOWTO](https://docs.python.org/3/howto/sorting.html).

---
That's it. See https://docs.python.org/3/ for more.
"""

LOOSE_LISTS = """\
Steps:

- First item

- Second item, loose

  with a continuation paragraph

- Third item
  - nested tight
  - nested two

      indented code in a list

* a new list with another marker

* and a loose item

1) ordered with parens

2) second

10. a long number

11. next
"""

FENCES = """\
Some code:

~~~js
function f() {

  return 1;
}
~~~

````markdown
```python
inner fence, not closed by three backticks
```


still inside
````

```
no language

```

    indented code

    with a blank line
after

   ```text
   indented fence (3 spaces)

   ```
Unclosed at the end:

```rust
fn main() {

}
"""

TABLES_AND_HEADINGS = """\
Setext heading
==============

Another one
-----------

| a | b |
|---|---|
| 1 | 2 |
| 3 |
text right after the table
| not | a table |

Paragraph
| x | y |
|---|---|
| table | interrupting |

- - -

***

Text with a trailing backslash\\
hard break and⎵⎵
two-space hard break.
"""

QUOTES = """\
> quote one
continued lazily

> quote two
>
> > nested
> > - list in quote
>
> ```
> code in quote
>
> ```

>
Plain after empty quote.

> - a
>
> - b
"""

INLINE = """\
Links: [inline](https://example.com/a_(b)) <https://auto.example> <mail@example.com>
bare https://example.org/x, and (https://example.org/y).
Emphasis: *a* _b_ **c** __d__ ***e*** ~~f~~ `code ``with`` ticks` \\*escaped\\*
Entities: &amp; &copy; &#x41; &lt;tag&gt; <span>raw</span>
Images: ![alt](https://example.com/i.png) ![](file:///etc/passwd)
"""

EDGE_CASES = """\


Leading blank lines above.
Line with trailing spaces⎵⎵⎵
#Not a heading
# Heading with trailing hashes ##

-

+ item
-
1.

⎵⎵⎵
Tabs:\tinside	text
\t\tcode after tabs

Last line without newline"""

MATH = r"""The roots of $ax^2+bx+c=0$ are

$$
x = \frac{-b \pm \sqrt{b^2-4ac}}{2a}
$$

and Euler wrote \(e^{i\pi} + 1 = 0\). A display in a paragraph:
$$\sum_{n=1}^\infty \frac{1}{n^2} = \frac{\pi^2}{6}$$ done.
\[
\int_0^1 x\,dx = \tfrac12
\]
Prices stay text: $5 and $10, or $ 3 $. A bad one stays as written: $\frac{a$ and $\nope{x}$.

- [ ] typeset $x_1$
- [x] ship it

Some ~~wrong~~ right text and a note[^1].

$$a = b$$

[^1]: The note, with $y$ in it.
"""

CRLF = "Windows\r\nline ends\r\n\r\n- a\r\n- b\r\n\r\n```\r\ncode\r\n\r\nmore\r\n```\r\nend\r\n"

# Trailing spaces matter in Markdown (two make a hard break) but not in a source file's
# lint: they are written as "⎵" above.
TABLES_AND_HEADINGS = TABLES_AND_HEADINGS.replace("⎵", " ")
EDGE_CASES = EDGE_CASES.replace("⎵", " ")

CORPUS: dict[str, str] = {
    "answer": ANSWER,
    "loose_lists": LOOSE_LISTS,
    "fences": FENCES,
    "tables_and_headings": TABLES_AND_HEADINGS,
    "quotes": QUOTES,
    "inline": INLINE,
    "edge_cases": EDGE_CASES,
    "crlf": CRLF,
    "math": MATH,
    "everything": "\n\n".join([ANSWER, LOOSE_LISTS, QUOTES, INLINE, TABLES_AND_HEADINGS]),
}


# Answers shaped like the ones models give, for the streamed-versus-reloaded comparison: the
# seams where a streamed answer used to differ (a list then a table, code blocks back to back,
# a quote then a list, a rule between blocks) and emphasis that arrives in pieces.
CHAT_ANSWERS: dict[str, str] = {
    "list_then_table": (
        "Compare them:\n\n1. **Speed**: fast\n2. *Memory*: low\n\n"
        "| Tool | Speed | Notes |\n|:-----|:-----:|------:|\n| a | 1 | **bold** cell |\n"
        "| b | 2 | `code` |\n\nThat is all.\n"
    ),
    "code_blocks_back_to_back": (
        "Install, then run:\n\n```bash\npip install thing\n```\n```python\nimport thing\n"
        "\nthing.run()\n```\n\n```\nplain\n```\n~~~js\nlet x = 1;\n~~~\n"
    ),
    "quote_list_rule": (
        "> **Warning:** this *deletes* files.\n> Really.\n\n- one\n- two\n  - nested\n\n---\n\n"
        "> quote again\n\n1. after\n2. quote\n\n***\nDone, ~~maybe~~ surely.\n"
    ),
    "emphasis_everywhere": (
        "## A *heading* with **bold**\n\nSome ***very*** important __words__ and _more_ "
        "with `code **not bold**` and 2*3*4 = 24, snake_case_name.\n\n- **item one** here\n"
        "- item *two*\n\n| **x** | *y* |\n|---|---|\n| ~~z~~ | **w** |\n"
    ),
    "table_then_code_then_list": (
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint(1)\n```\n\n- x\n- y\n\n"
        "```\nz\n```\n\n> q\n\n| c |\n|---|\n| 3 |\n"
    ),
}


def long_answer(blocks: int = 200) -> str:
    """A long answer: paragraphs, lists and code blocks in turn."""
    parts = []
    for number in range(blocks):
        kind = number % 4
        if kind == 0:
            parts.append(f"## Part {number}\n\nSome text about part {number}, with `code`.")
        elif kind == 1:
            parts.append(f"- point {number}\n- another point\n\n- loose point")
        elif kind == 2:
            parts.append(f"```python\ndef part_{number}():\n\n    return {number}\n```")
        else:
            parts.append(f"> quoted {number}\n\n| a | b |\n|---|---|\n| {number} | x |")
    return "\n\n".join(parts) + "\n"
