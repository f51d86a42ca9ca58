"""A small Dockerfile reader for the image tests: stages, instructions, COPY and RUN arguments."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Instruction:
    keyword: str  # upper case: FROM, COPY, RUN, ...
    args: str
    line: int

    def flags_and_words(self) -> tuple[dict[str, str], list[str]]:
        """`--flag=value` options first, then the remaining shell words."""
        flags: dict[str, str] = {}
        words = shlex.split(self.args)
        while words and words[0].startswith("--"):
            name, _, value = words.pop(0)[2:].partition("=")
            flags[name] = value
        return flags, words

    def exec_form(self) -> list[str]:
        """The JSON (exec) form of CMD / ENTRYPOINT."""
        value = json.loads(self.args)
        assert isinstance(value, list), f"line {self.line}: {self.keyword} is not in exec form"
        return [str(v) for v in value]


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def of(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, instruction text) with continuations joined and comments dropped."""
    lines: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if current and stripped.startswith("#"):
            continue  # a comment inside a continued instruction
        if not current:
            start = number
        if stripped.endswith("\\"):
            current.append(stripped[:-1].strip())
            continue
        current.append(stripped)
        lines.append((start, " ".join(part for part in current if part)))
        current = []
    return lines


def parse(path: Path) -> tuple[dict[str, str], list[Stage]]:
    """Global ARG defaults and the stages, in order."""
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for number, text in logical_lines(path.read_text()):
        keyword, _, rest = text.partition(" ")
        instruction = Instruction(keyword.upper(), rest.strip(), number)
        if instruction.keyword == "FROM":
            words = instruction.args.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append(Stage(base=words[0], name=name))
        elif not stages and instruction.keyword == "ARG":
            key, _, value = instruction.args.partition("=")
            args[key] = value
        else:
            stages[-1].instructions.append(instruction)
    return args, stages


def copies(stage: Stage) -> list[tuple[int, list[str]]]:
    """(index in the stage, sources) of each COPY from the build context (not `--from`)."""
    found = []
    for index, instruction in enumerate(stage.instructions):
        if instruction.keyword != "COPY":
            continue
        flags, words = instruction.flags_and_words()
        if "from" not in flags:
            found.append((index, words[:-1]))
    return found


def runs(stage: Stage) -> list[tuple[int, list[str]]]:
    """(index in the stage, shell words) of each RUN, its `--mount` options removed."""
    return [
        (index, instruction.flags_and_words()[1])
        for index, instruction in enumerate(stage.instructions)
        if instruction.keyword == "RUN"
    ]
