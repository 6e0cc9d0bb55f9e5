"""clean_blocks on hand-made blocks and on the real corpus text."""
from index.clean import PAGE_BREAK, clean_blocks
from index.document import Block, Table
from index.readers import read_blocks

LIMIT = 10_000_000


def texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


def test_corpus_text_loses_bookmarks_and_keeps_headings_on_their_own_lines(corpus_dir):
    path = corpus_dir / "珠晖区总工会2022年度部门整体支出绩效报告.txt"
    raw = read_blocks(path, LIMIT)
    cleaned = clean_blocks(raw)
    text = "\n".join(texts(cleaned))
    assert "[bookmark" not in text
    assert len(cleaned) == len(raw)  # one paragraph per line already: nothing merged
    lines = text.split("\n")
    assert lines[0] == "珠晖区总工会2022年度部门整体支出绩效报告"
    assert "一、部门概况" in lines
    assert "（二）项目支出" in lines
    assert "社会服务群众满意度达100％" in text  # full-width figures untouched


def test_page_numbers_and_form_feeds_removed():
    blocks = [Block("正文第一段。\n- 3 -\n第 4 页\n12\n\f\n正文第二段。")]
    assert texts(clean_blocks(blocks)) == ["正文第一段。\n正文第二段。"]


def test_a_year_alone_on_a_line_is_not_a_page_number():
    assert texts(clean_blocks([Block("2024")])) == ["2024"]


def test_spaces_normalised_but_full_width_digits_and_punctuation_kept():
    blocks = [Block("\u3000\u3000收入\u00a0合计  １２３万元，增长５％。 ")]
    assert texts(clean_blocks(blocks)) == ["收入 合计 １２３万元，增长５％。"]


def test_running_header_on_many_pages_removed():
    pages = [f"{PAGE_BREAK}\n某某局2024年度部门决算\n第{i}页的正文。" for i in range(5)]
    cleaned = "\n".join(texts(clean_blocks([Block(page) for page in pages])))
    assert "某某局2024年度部门决算" not in cleaned
    assert "第4页的正文。" in cleaned


def test_wrapped_lines_rejoined_but_headings_and_sentence_ends_kept():
    # as the PDF reader gives them: a short heading line is a block of its own
    blocks = [
        Block("一、收入支出决算总体情况说明"),
        Block(
            "本年收入支出总计9859.38万元。与2023年度相比，收入支出总计增加1062.85\n"
            "万元，增长12.08%。\n"
            "（一）一般公共预算财政拨款支出，年初预算为\n"
            "161.62万元\n"
            "。"
        ),
    ]
    assert texts(clean_blocks(blocks)) == [
        "一、收入支出决算总体情况说明",
        "本年收入支出总计9859.38万元。与2023年度相比，收入支出总计增加1062.85万元，增长12.08%。\n"
        "（一）一般公共预算财政拨款支出，年初预算为161.62万元。",
    ]


def test_a_numbered_item_running_to_the_margin_carries_on():
    block = Block("3、社会保障和就业支出（类）行政事业单位养老支出（款）\n机关事业单位基本养老保险缴费支出（项）。")
    assert texts(clean_blocks([block])) == [
        "3、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）。"
    ]


def test_punctuation_pushed_into_the_next_block_rejoins_it():
    blocks = [Block("综合服务工作"), Block("。\n下一段。")]
    assert texts(clean_blocks(blocks)) == ["综合服务工作。", "下一段。"]


def test_tables_pass_through_untouched():
    table = Table([["项目", "金额"], ["合计", " 1,000 "]], unit="元")
    block = Block(table.render(), table)
    assert clean_blocks([Block(" "), block]) == [block]


def test_contents_end_where_the_first_heading_is_listed_again():
    """A plain-text report has no page break after its 目录: the body's first heading, which repeats
    the first entry, ends the contents — it and the line after it are text (主要职能 lives there)."""
    lines = ["某局2022年单位预算", "目 录", "一、单位主要职能……1", "二、单位机构设置……2", "一、单位主要职能",
             "某局是区所属单位，主要职能包括：", "1.负责收养社会孤老。"]
    kept = "\n".join(texts(clean_blocks([Block(line) for line in lines]))).split("\n")
    assert kept == ["某局2022年单位预算", "一、单位主要职能", "某局是区所属单位，主要职能包括：", "1.负责收养社会孤老。"]
