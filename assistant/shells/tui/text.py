"""The TUI's own words, in English and Chinese; the questions and the law speak from dialogs/."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assistant.dialog.interview import WORDS

TEXT: dict[str, tuple[str, str]] = {
    **WORDS,
    # Home
    "home_title": ("Saved interviews", "已保存的问答"),
    "empty": (
        "filing-assistant asks plain questions about your AI service and tells you which CAC algorithm filings "
        "you owe, in which role, and why. It writes the filing record for you, and saves every answer as you go.",
        "备案助手通过简单的问题了解你们的AI服务，告诉你需要办理哪些网信办算法备案、以什么身份以及原因。"
        "它会为你生成备案记录，并即时保存每一个回答。",
    ),
    "start": ("Start a new interview", "开始新的问答"),
    "col_name": ("Name", "名称"),
    "col_progress": ("Progress", "进度"),
    "col_roles": ("Roles so far", "目前的角色"),
    "col_updated": ("Last change", "最后修改"),
    "damaged": ("cannot be read: {reason}", "无法读取：{reason}"),
    "new_title": ("New interview", "新的问答"),
    "name_label": ("Name (letters, digits, spaces, - _ .)", "名称（字母、数字、空格、- _ .）"),
    "lang_label": ("Language", "语言"),
    "create": ("Start", "开始"),
    "cancel": ("Cancel", "取消"),
    "confirm_delete": (
        "Delete the saved interview {name!r}? Its answers cannot be recovered.",
        "删除已保存的问答 {name!r}？删除后无法恢复。",
    ),
    "delete": ("Delete", "删除"),
    "deleted": ("Deleted {name!r}.", "已删除 {name!r}。"),
    "duplicated": ("Copied {name!r} to {new!r}.", "已将 {name!r} 复制为 {new!r}。"),
    "nothing_selected": ("Choose an interview first.", "请先选择一个问答。"),
    "unreadable_home": (
        "{n} saved answers this version cannot read, kept in the file; you are told which on opening it",
        "有 {n} 个已保存的回答当前版本无法读取，已保留在文件中；打开时会列出",
    ),
    # Chat
    "welcome_new": (
        "Hello! I will ask plain questions about your AI service, then tell you which CAC algorithm filings you owe, "
        "in which role and why, and write the filing record. Every answer is saved at once as {name!r}; "
        "leave with Ctrl+Q at any time and resume later. This is not legal advice.",
        "你好！我会问一些关于你们AI服务的简单问题，然后告诉你需要办理哪些网信办算法备案、以什么身份以及原因，并生成备案记录。"
        "每个回答都会立即保存为 {name!r}；随时可以按 Ctrl+Q 离开，之后继续。本工具不构成法律意见。",
    ),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
    "unsure": ("Not sure", "不确定"),
    "submit": ("Next", "下一步"),
    "date_hint": ("Format: YYYY-MM-DD, for example 2027-03-01. Press Enter.", "格式：YYYY-MM-DD，例如 2027-03-01。按回车确认。"),
    "text_hint": ("Type your answer and press Enter.", "输入回答后按回车。"),
    "number_hint": ("Type a number and press Enter.", "输入数字后按回车。"),
    "choice_hint": ("Pick one with the arrow keys and Enter.", "用方向键选择一项，按回车确认。"),
    "multi_hint": ("Space ticks an option; Ctrl+S or Next when done.", "空格键勾选，完成后按 Ctrl+S 或“下一步”。"),
    "area_hint": ("Ctrl+S or Next when done.", "完成后按 Ctrl+S 或“下一步”。"),
    "words": ("{n} / {max} words", "{n} / {max} 字"),
    "keep": ("Keep", "保持不变"),
    "current": ("Current answer: {value}", "当前回答：{value}"),
    "finished_open": (
        "That was the last question that applies; {n} are still open. Answer them now, one by one, or pick one below.",
        "适用的问题已全部问完，还有 {n} 个未完成。可以现在逐一回答，或在下方选择一个。",
    ),
    "answer_open": ("Answer the open questions", "回答未完成的问题"),
    "all_done": (
        "Everything is answered: see the summary (F6) and export the record.",
        "全部问题均已回答：查看摘要（F6）并导出备案记录。",
    ),
    "saved": ("✓ saved", "✓ 已保存"),
    "not_saved": ("NOT SAVED: {reason}", "未保存：{reason}"),
    # Findings
    "findings": ("Findings", "结论"),
    "sections": ("Sections", "部分"),
    "roles": ("Roles", "角色"),
    "filings": ("Filings owed", "需要办理的备案"),
    "no_filings": ("No filing owed on the answers so far.", "根据目前的回答，无需备案。"),
    "obligations": ("Obligations", "义务"),
    "notes": ("Unsettled readings", "法律尚无定论之处"),
    "select_finding": ("Select a finding to see why.", "选择一项结论查看原因。"),
    "because": ("Because you answered", "触发的回答"),
    "basis": ("Basis", "依据"),
    "status": ("Status", "状态"),
    "deadline": ("Deadline", "期限"),
    "overdue": ("OVERDUE", "已逾期"),
    "unsettled": ("unsettled: the tool takes the cautious reading", "法律尚无定论：本工具采取审慎理解"),
    # Review
    "review_title": ("Review your answers", "检查回答"),
    "col_section": ("Section", "部分"),
    "col_question": ("Question", "问题"),
    "col_answer": ("Answer", "回答"),
    "col_state": ("State", "状态"),
    "review_hint": (
        "Enter changes the selected answer in place; a list (products) opens its items. Set-aside answers are kept "
        "and count again if their question applies again.",
        "按回车可直接修改所选回答；列表（产品）会打开其各项。已搁置的回答会保留，问题再次适用时重新生效。",
    ),
    "edit_title": ("Change your answer", "修改回答"),
    "items_hint": (
        "Enter on a field changes it; on a list inside an item (its functions) it adds one in the chat.",
        "在字段上按回车可修改；在项内的列表（功能）上按回车可在对话中添加一项。",
    ),
    "no_items": ("No item yet.", "暂无任何项。"),
    "choose_item": ("Choose an item (its first line) first.", "请先选择一项（该项的第一行）。"),
    "remove_item": ("Remove the selected item", "删除所选项"),
    "add_item": ("Add one in the chat", "在对话中添加一项"),
    # Summary & export
    "summary_title": ("Summary", "摘要"),
    "export": ("Export the record", "导出备案记录"),
    "export_path": ("Write the filing record (TOML) to:", "将备案记录（TOML）写入："),
    "export_draft": (
        "{n} questions are still open; the record will list them under todo.",
        "还有 {n} 个问题未完成；记录会在 todo 中列出它们。",
    ),
    "exported": ("Wrote the filing record to {path}", "备案记录已写入 {path}"),
    "write": ("Write", "写入"),
    "close": ("Close", "关闭"),
}

BINDING_TEXT: dict[str, tuple[str, str]] = {
    "quit": ("Quit", "退出"),
    "toggle_lang": ("中文", "English"),
    "toggle_theme": ("Theme", "主题"),
    "why": ("Why?", "为什么"),
    "back": ("Back", "上一题"),
    "skip": ("Skip", "跳过"),
    "review": ("Review", "检查"),
    "summary": ("Summary", "摘要"),
    "export": ("Export", "导出"),
    "new": ("New", "新建"),
    "open": ("Open", "打开"),
    "duplicate": ("Duplicate", "复制"),
    "delete": ("Delete", "删除"),
    "home": ("Home", "首页"),
    "close": ("Close", "关闭"),
    "submit": ("Next", "下一步"),
    "answer_yes": ("Yes", "是"),
    "answer_no": ("No", "否"),
    "answer_unsure": ("Not sure", "不确定"),
}


def t(key: str, lang: str, **values: Any) -> str:
    en, zh = TEXT[key]
    return (zh if lang == "zh" else en).format(**values)


def _relabelled(binding: Any, lang: str) -> Any:
    action = binding.action.rsplit(".", 1)[-1]
    if action not in BINDING_TEXT:
        return binding
    return replace(binding, description=BINDING_TEXT[action][1 if lang == "zh" else 0])


def relabel_bindings(node: Any, lang: str) -> None:
    """Put the footer's key descriptions of `node` into `lang`.

    Textual keeps a node's bindings in a map built from BINDINGS; descriptions
    are replaced in that map so the footer speaks the interview's language.
    """
    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [_relabelled(b, lang) for b in bindings]
    if node.is_mounted:
        node.refresh_bindings()
