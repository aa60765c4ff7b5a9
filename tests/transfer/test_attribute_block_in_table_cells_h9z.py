"""h9z: an attribute block in a Markdown table's key result cell is read or refused at its line
and column, as on every other line shape (h9x). Three table shapes failed: an owner cell after
the block (`| | 老用户 {target=5} | 李娜 |`) was refused without a column; an objective's and a
key result's cells side by side (`| O1: 测试 | KR1: 新用户 {…} |`) were read as one inline
paragraph and refused as a block not at the end; a start, target or due cell beside the block
was dropped without a word (the block's values alone were imported) — now one more attribute,
refused at the cell when the block gives it too."""

import pytest

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.okrtext import parse

pytestmark = pytest.mark.django_db

BLOCK = '{target=1.2万 unit="人"}'
HEAD = "| 目标 | 关键结果 | 负责人 |\n|---|---|---|\n"
# Table rows whose key result is `新用户 {BLOCK}`, under the header they need.
READ = {
    "headed": "| 目标 | 关键结果 |\n|---|---|\n| 测试 | 新用户 {b} |\n",
    "owner on the objective's row": HEAD + "| 测试 | 新用户 {b} | Bob |\n",
    "owner on a row of its own": HEAD + "| 测试 | 旧用户 5 人 | |\n| | 新用户 {b} | Bob |\n",
    "side by side": "| O1: 测试 | KR1: 新用户 {b} |\n",
    "marker cell": "O1: 测试\n| KR1 | 新用户 {b} |\n",
    "tabs": "目标\t关键结果\n测试\t新用户 {b}\n",
    "blank value cell": "| 目标 | 关键结果 | 目标值 |\n|---|---|---|\n| 测试 | 新用户 {b} | |\n",
}


def _text(shape: str) -> str:
    return READ[shape].replace("{b}", BLOCK)


@pytest.mark.parametrize("shape", READ)
def test_the_block_in_a_cell_is_read(shape):
    document = parse(_text(shape))
    [kr] = [kr for o in document.objectives for kr in o.key_results if kr.text == "新用户"]
    assert kr.stated == {"target": "1.2万", "unit": "人"}
    assert not [p for p in document.problems if "attribute" in p.message], document.problems


@pytest.mark.parametrize("shape", READ)
def test_every_table_shape_imports_the_values_of_its_block(world, shape):
    import_okrs(world.admin, file_name="okrs.md", data=_text(shape).encode(), cycle=world.cycle)
    kr = KeyResult.objects.get(title="新用户")
    assert (kr.metric_type, kr.target_value, kr.unit) == ("number", 12000, "人")


def test_an_owner_cell_owns_the_key_result_with_a_block(world):
    text = (HEAD + "| 测试 | 旧用户 5 人 | |\n| | 新用户 {b} | Bob |\n").replace("{b}", BLOCK)
    [kr] = [kr for o in parse(text).objectives for kr in o.key_results if kr.text == "新用户"]
    assert kr.mentions == ["Bob"]


VALUES = "| 目标 | 关键结果 | 当前值 | 目标值 |\n|---|---|---|---|\n"


def test_a_value_cell_beside_the_block_is_one_more_attribute(world):
    text = VALUES + '| 测试 | 新用户 {unit="人"} | 2 | 5 |\n'
    import_okrs(world.alice, file_name="okrs.md", data=text.encode(), cycle=world.cycle)
    kr = KeyResult.objects.get()
    assert (kr.start_value, kr.target_value, kr.unit) == (2, 5, "人")


REFUSED = {
    # (row under VALUES, the column refused at, the attribute named or "")
    "twice in the block": ("| 测试 | 新用户 {target=5 target=6} | | |", 22, "target"),
    "quote not closed": ('| 测试 | 新用户 {target=5 unit="人} | | |', 22, ""),
    "text after the block": ("| 测试 | 新用户 {target=5} 以上 | | |", 12, ""),
    "block and cell": ("| 测试 | 新用户 {target=5} | | 6 |", 27, "target"),
    "block and start cell": ("| 测试 | 新用户 {start=1 target=5} | 2 | |", 33, "start"),
    "side by side with owner": ("| O1: 测试 | KR1: 新用户 {target=5} | @增长组 |", 21, ""),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_block_that_cannot_be_read_as_written_is_refused_at_line_and_column(world, case):
    row, column, key = REFUSED[case]
    text = (row + "\n") if case.startswith("side") else VALUES + row + "\n"
    line = text.count("\n")
    problems = [p for p in parse(text).problems if "attribute" in p.message]
    assert [(p.line, p.column, p.key) for p in problems] == [(line, column, key)], problems
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name="okrs.md", data=text.encode(), cycle=world.cycle)
    assert f"okrs.md, line {line}, character {column}" in str(refused.value), str(refused.value)
    assert not KeyResult.objects.exists()
