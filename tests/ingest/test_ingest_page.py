"""Scraped pages: each chrome family goes, the headline becomes the title, the posting date is
read into `published_in_page`. Pages below are invented, in the shapes real sites print."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import load_ingest_settings, read_source, split_reports
from pipeline.ingest.page import posting_date
from pipeline.normalize import Normalizer, load_settings

SETTINGS = load_ingest_settings()
NORMALIZER = Normalizer(load_settings())


def read(tmp_path: Path, page: str, name: str = "page.txt") -> list[tuple[str, str, str | None]]:
    """(title, text, published_in_page) of every report of a page."""
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    source = read_source(path, settings=SETTINGS)
    return [
        (
            NORMALIZER.normalize_title(r.title),
            NORMALIZER.normalize_report(r).text,
            r.published_in_page,
        )
        for r in split_reports(source, SETTINGS)
    ]


BODY = "5月9日,东河区公安分局接到群众报警,称电动车被盗。\n民警调取监控,当晚将嫌疑人刘某抓获。"
BODY_LINES = BODY.replace("\n", "\n\n")
TITLE = "东河警方破获一起电动车盗窃案"

CASES = {
    "posting line with source and author": (
        f"东河新闻网\n首页 > 警方动态 > 正文\n{TITLE}\n"
        f"发布时间:2019-05-20 09:12  来源:东河公安  作者:陈立\n{BODY_LINES}\n",
        "2019-05-20",
    ),
    "posting line 发表时间 and a bare timestamp": (
        f"{TITLE}\n发表时间:2019-05-20\n2019-05-20 10:01\n{BODY_LINES}\n",
        "2019-05-20",
    ),
    "font-size widget": (
        f"{TITLE}\n2019年05月20日 09:12 东河日报\n【字号 大 中 小】\n{BODY_LINES}\n",
        "2019-05-20",
    ),
    "e-paper date bar and page header": (
        f"2019年05月20日 星期一\n第A08版:社会新闻\n上一版\n{TITLE}\n• 【PDF版】\n{BODY_LINES}\n",
        "2019-05-20",
    ),
    "editor line and footer": (
        f"{TITLE}\n{BODY_LINES}\n(责任编辑:王一)\n东河新闻网 版权所有 未经授权禁止转载\n",
        None,
    ),
    "original-title note": (f"{TITLE}\n{BODY_LINES}\n原标题:《电动车被盗 警方连夜破案》\n", None),
    "listen button": (f"{TITLE}\n听新闻\n{BODY_LINES}\n", None),
    "app and account promotion": (
        f"{TITLE}\n{BODY_LINES}\n下载东河新闻客户端 看更多本地新闻\nweixin\n扫码关注\n官方微信公众号\n",
        None,
    ),
    "related-article list": (
        f"{TITLE}\n{BODY_LINES}\n相关新闻\n- 2019-05-01东河警方开展夜间巡逻\n- 2019-04-28南湖派出所走进社区\n",
        None,
    ),
    "share bar, print buttons and pager": (
        f"{TITLE}\n分享到:\n{BODY_LINES}\n打印本页 关闭窗口\n上一篇:南湖派出所走进社区\n",
        None,
    ),
    "end marker with an editor tag and a teaser after it": (
        f"{TITLE}\n{BODY_LINES}(完)【编辑:王一】\n(聚焦春耕)某地农机下田\n以科技\n",
        None,
    ),
    "site name right above the headline": (
        f"东河新闻网\n{TITLE}\n2019-05-20 10:01\n{BODY_LINES}\n",
        "2019-05-20",
    ),
    "welcome bar, hotline widget and single posting cues": (
        f"您好,欢迎访问东河公安网!\n新闻热线:0571-1234\n{TITLE}\n来源:东河日报\n作者:陈立\n"
        f"{BODY_LINES}\n",
        None,
    ),
    "day-first timestamp": (f"{TITLE}\n\n20.05.2019  16:27\n\n{BODY_LINES}\n", "2019-05-20"),
    "table cell bars of an HTML-to-text conversion": (
        f"{TITLE} | ||\n---|---|---|\nhttp://news.example.cn 2019年05月20日16:53 东河网 | ||\n"
        f"{BODY_LINES}\n",
        "2019-05-20",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_chrome_family_goes_and_title_is_found(tmp_path: Path, name: str) -> None:
    page, published = CASES[name]
    ((title, text, pub),) = read(tmp_path, page)
    assert title == TITLE
    assert text == BODY
    assert pub == published


def test_kicker_and_headline_over_two_lines_join_after_page_chrome(tmp_path: Path) -> None:
    page = f"| 东河新闻网\n全县公安工作推进会召开\n建设更高水平平安东河\n2021-02-07 09:40\n{BODY_LINES}\n"
    ((title, text, pub),) = read(tmp_path, page)
    assert title == "全县公安工作推进会召开 建设更高水平平安东河"
    assert text == BODY and pub == "2021-02-07"


def test_caption_under_a_first_line_headline_stays_text(tmp_path: Path) -> None:
    page = f"{TITLE}(图)\n民警在现场勘查\n{BODY}\n"
    ((title, text, _),) = read(tmp_path, page)
    assert title == f"{TITLE}(图)"
    assert text == "民警在现场勘查\n" + BODY


def test_repeated_headline_keeps_one_title(tmp_path: Path) -> None:
    page = f"东河网\n{TITLE}\n2019-05-20 16:44:17 来源:东河网\n打印文章   发送给我好友\n{TITLE}\n{BODY}\n"
    ((title, text, _),) = read(tmp_path, page)
    assert title == TITLE and text == BODY


def test_headline_with_exclamation_and_colon(tmp_path: Path) -> None:
    page = f"|\n东河警方:连续十年命案全破!\n时间:2022-06-28\n{BODY}\n"
    ((title, text, pub),) = read(tmp_path, page)
    assert title == "东河警方:连续十年命案全破!"
    assert text == BODY and pub == "2022-06-28"


def test_dateline_alone_runs_on_and_is_never_a_title(tmp_path: Path) -> None:
    ((title, text, _),) = read(tmp_path, "本报讯\n(记者 张某)5月9日,东河警方破获一起盗窃案。\n")
    assert title == ""
    assert text == "本报讯(记者 张某)5月9日,东河警方破获一起盗窃案。"
    ((title, text, _),) = read(tmp_path, "据新华社东河5月9日电\n东河警方破获一起盗窃案。\n")
    assert title == ""
    assert text == "据新华社东河5月9日电\n东河警方破获一起盗窃案。"


def test_photo_credit_ends_its_paragraph_and_keeps_its_spaces(tmp_path: Path) -> None:
    page = (
        "东河警方召开新闻发布会通报破案情况。\n发布会现场。东河网记者 张某 摄\n"
        "会上,民警介绍了案件侦破经过。图片由警方提供\n民警还提醒市民加强防范。\n"
    )
    ((_, text, _),) = read(tmp_path, page)
    assert text.split("\n") == [
        "东河警方召开新闻发布会通报破案情况。",
        "发布会现场。东河网记者 张某 摄",
        "会上,民警介绍了案件侦破经过。图片由警方提供",
        "民警还提醒市民加强防范。",
    ]


def test_signed_notice_keeps_its_closing_date(tmp_path: Path) -> None:
    """A bare date below the body is the date of a signed notice: text, not a posting line."""
    page = "关于表彰先进集体的通报\n各分局:\n东河派出所成绩突出,特予通报表扬。\n东河市公安局\n2023年8月18日\n"
    ((_, text, pub),) = read(tmp_path, page)
    assert text.endswith("东河市公安局\n2023年8月18日")
    assert pub is None


def test_credit_fields_keep_their_spaces_in_a_dateline(tmp_path: Path) -> None:
    page = "东河网 东河5月9日电 (记者 张某 通讯员 李某 王某)5月8日,东河警方破获一起盗窃案。\n"
    ((_, text, _),) = read(tmp_path, page)
    assert text == "东河网 东河5月9日电 (记者 张某 通讯员 李某 王某)5月8日,东河警方破获一起盗窃案。"


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("发布时间:2021-06-02 20:37:52 来源: 某某日报", "2021-06-02"),
        ("• 2012年11月27日 作者:", "2012-11-27"),
        ("2020年03月24日 星期二", "2020-03-24"),  # an e-paper date bar
        ("2020年03月24日", None),  # a bare date counts above the body only
        ("05.02.2018  16:27", "2018-02-05"),
        ("来源: 作者: 2020-10-31 12:06", "2020-10-31"),
        ("2018年3月15日17时许,违法人员赵某在群里发布谣言。", None),
        ("2014年1月2日,参赛选手在起点开跑。", None),
    ],
)
def test_posting_date(line: str, date: str | None) -> None:
    assert posting_date(line, SETTINGS.page) == date


def test_bare_date_bar_counts_above_the_body() -> None:
    assert posting_date("2020年03月24日", SETTINGS.page, header=True) == "2020-03-24"


def test_multi_report_page_still_splits(tmp_path: Path) -> None:
    page = (
        "东河日报\n\n城西派出所破获盗窃案\n\n记者 张明\n\n5月9日,城西派出所破获一起盗窃案。\n\n"
        "南湖派出所救起落水儿童\n\n通讯员 李华\n\n5月10日,民警救起一名落水儿童。\n"
    )
    reports = read(tmp_path, page)
    assert [t for t, _, _ in reports] == ["城西派出所破获盗窃案", "南湖派出所救起落水儿童"]
    assert reports[0][1] == "5月9日,城西派出所破获一起盗窃案。"


def test_epaper_stories_split_at_their_datelines(tmp_path: Path) -> None:
    page = (
        "2019年05月20日 星期一\n第A08版:社会新闻\n"
        "城西派出所破获盗窃案\n本报讯 5月19日,城西派出所破获一起盗窃案。\n民警提醒市民锁好车辆。\n"
        "南湖民警救起落水儿童\n本报5月19日讯 当天下午,南湖派出所民警救起一名落水儿童。\n"
    )
    reports = read(tmp_path, page)
    assert [(t, p) for t, _, p in reports] == [
        ("城西派出所破获盗窃案", "2019-05-20"),
        ("南湖民警救起落水儿童", "2019-05-20"),
    ]
    assert reports[0][1] == "本报讯 5月19日,城西派出所破获一起盗窃案。\n民警提醒市民锁好车辆。"
    assert reports[1][1] == "本报5月19日讯 当天下午,南湖派出所民警救起一名落水儿童。"


def test_sub_heading_without_dateline_stays_in_the_story(tmp_path: Path) -> None:
    page = f"{TITLE}\n{BODY}\n民警提醒\n市民停放车辆时应加装防盗锁。\n"
    ((title, text, _),) = read(tmp_path, page)
    assert title == TITLE and text == BODY + "\n民警提醒\n市民停放车辆时应加装防盗锁。"


def test_wechat_article_header_and_footer(tmp_path: Path) -> None:
    page = (
        f"{TITLE}\n原创 东河公安 东河公安 2024年08月18日 19:32 浙江\n点击蓝字关注我们\n"
        f"{BODY_LINES}\n来源 | 东河区公安分局\n编辑 | 张某\n往期推荐\n东河警方开展夜间巡逻\n"
        "阅读 1234 在看 5\n"
    )
    ((title, text, pub),) = read(tmp_path, page)
    assert (title, text, pub) == (TITLE, BODY, "2024-08-18")


def test_sidecar_title_names_the_headline(tmp_path: Path) -> None:
    from dataclasses import replace

    from pipeline.ingest.sidecar import SourceMeta

    path = tmp_path / "p.txt"
    path.write_text(f"警方动态\n{TITLE}\n警情通报\n{BODY}\n", encoding="utf-8")
    source = read_source(path, settings=SETTINGS)
    hinted = replace(source, meta=SourceMeta(title=f"{TITLE}-东河新闻网"))
    (report,) = split_reports(hinted, SETTINGS)
    assert NORMALIZER.normalize_title(report.title) == TITLE
    assert NORMALIZER.normalize_report(report).text == "警情通报\n" + BODY


def test_portal_page_with_bracketed_editor_and_share_prompt(tmp_path: Path) -> None:
    page = (
        "东河网>>地方>>正文\n"
        f"{TITLE}\n2019年05月20日08:41  来源:东河网-浙江频道\n分享到:\n"
        "东河网东河5月20日电 (记者 张某)5月19日,东河警方破获一起盗窃案。\n"
        "【纠错】 【责任编辑:王一、李二】\n分享让更多人看到\n举报/反馈\n"
    )
    ((title, text, pub),) = read(tmp_path, page)
    assert title == TITLE and pub == "2019-05-20"
    assert text == "东河网东河5月20日电 (记者 张某)5月19日,东河警方破获一起盗窃案。"


def test_long_page_headline(tmp_path: Path) -> None:
    long_title = "东河市公安局召开新闻发布会通报今年以来打击整治电信网络诈骗违法犯罪工作成效和典型案例"
    ((title, text, _),) = read(tmp_path, f"东河新闻网\n{long_title}\n2019-05-20 10:01\n{BODY}\n")
    assert title == long_title and text == BODY


def test_credits_in_dropped_chrome_lines_go_into_bylines(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text(
        f"{BODY}\n来源:东河日报记者站(通讯员 王某 记者 李某) 编辑:赵某\n(责任编辑:钱某)\n",
        encoding="utf-8",
    )
    (report,) = split_reports(read_source(path, settings=SETTINGS), SETTINGS)
    assert [(b.role, b.name) for b in report.bylines] == [("通讯员", "王某"), ("记者", "李某")]
    assert NORMALIZER.normalize_report(report).text == BODY


def test_traditional_page_cues_match_after_conversion(tmp_path: Path) -> None:
    page = (
        "東河新聞網\n東河警方破獲一起詐騙案\n發布時間：2023-08-02 09:30 來源：東河公安\n【字號 大 中 小】\n"
        "8月1日，東河警方刑偵大隊(duì)破獲一起詐騙案。\n（責任編輯：王一）\n相關新聞\n東河警方開展夜間巡邏\n"
    )
    path = tmp_path / "t.txt"
    path.write_text(page, encoding="utf-8")
    (report,) = split_reports(read_source(path, settings=SETTINGS), SETTINGS)
    assert NORMALIZER.normalize_title(report.title) == "东河警方破获一起诈骗案"
    assert NORMALIZER.normalize_report(report).text == "8月1日，东河警方刑侦大队破获一起诈骗案。"
    assert report.published_in_page == "2023-08-02" and report.bylines == ()


def test_short_line_is_not_taken_for_the_sidecar_title(tmp_path: Path) -> None:
    from dataclasses import replace

    from pipeline.ingest.sidecar import SourceMeta

    path = tmp_path / "p.txt"
    path.write_text(f"东河警方\n{TITLE}\n{BODY}\n", encoding="utf-8")
    source = replace(read_source(path, settings=SETTINGS), meta=SourceMeta(title=f"{TITLE}_东河网"))
    (report,) = split_reports(source, SETTINGS)
    assert NORMALIZER.normalize_title(report.title) == TITLE


def test_channel_name_over_the_headline_is_not_the_title(tmp_path: Path) -> None:
    ((title, text, _),) = read(tmp_path, f"警方动态\n{TITLE}\n{BODY}\n")
    assert title == TITLE and text == BODY


def test_related_list_without_a_cue(tmp_path: Path) -> None:
    page = (
        f"{TITLE}\n{BODY}\n- 2023-08-01东河警方开展夜间巡逻\n"
        "南湖派出所走进社区 2023-07-28\n城西派出所破获盗窃案 [07-25]\n"
    )
    ((title, text, _),) = read(tmp_path, page)
    assert title == TITLE and text == BODY


def test_page_views_in_one_call_equal_a_view_per_line() -> None:
    """`page_views` converts all lines in one OpenCC call: the same as line by line,
    also for phrases split over two lines and for pinyin debris."""
    import random

    from pipeline.ingest.page import page_view, page_views

    alphabet = list("臺灣機關黨委發佈會議隨著乾燥頭髮歷史裡面於是幹部的了是，。 ab12") + [
        "關(guān)", "（dǎng wěi）", "(GPS)", "发布时间：2023-05-02"]
    rng = random.Random(5)
    view = page_view(SETTINGS.page)
    for _ in range(300):
        lines = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
                 for _ in range(rng.randint(0, 8))]
        assert page_views(lines, SETTINGS.page) == [view(line) for line in lines], lines
