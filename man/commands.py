#!/usr/bin/env python3
"""Print the commands of cli/main.c's table, one a line, for man/meson.build
(which must know the names of the pages before the program is built).

    commands.py cli/main.c

A command's name is its descriptor's name (cli_cmd_NAME); the man test
(tests/cli/test_man.py) checks it against the program's own table.
"""
import re
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    src = f.read()
table = src[src.index("static const cli_command *const commands[]"):]
table = table[:table.index("};")]
for name in re.findall(r"&cli_cmd_(\w+)", table):
    print(name)
