"""The viewer's words in both languages: its controls, and the URL parameters that its help lists."""

from __future__ import annotations

UI = {
    "zh": {
        "search": "搜索（中文、English 或拼音）",
        "freeze": "冻结布局",
        "resume": "恢复布局",
        "nodes": "个节点",
        "edges": "条关系",
        "page": "关联数据页面",
        "sentences": "来源句子",
        "finding": "审核发现",
        "findingInvolved": "涉及本实体的审核发现",
        "findingPage": "查看审核发现",
        "hint": "单击查看详情，双击展开邻居；滚轮缩放后显示更多名称",
        "noResults": "无结果",
        "class": "类型",
        "pinyin": "拼音",
        "path": "路径",
        "pathFrom": "起点",
        "pathTo": "终点",
        "pathFind": "查找路径",
        "pathNone": "两者之间没有关系链",
        "pathPick": "请从搜索结果中选择起点和终点",
        "pathSteps": "步",
        "noSentence": "（规划中没有陈述这一关系的句子）",
        "export": "导出",
        "exportPng": "PNG 图片",
        "exportSvg": "SVG 矢量图",
        "exportNodes": "节点 CSV",
        "exportEdges": "关系 CSV",
        "help": "帮助",
        "helpTitle": "使用说明",
        "helpUse": (
            "搜索框可查找中文、英文或拼音名称；选中结果后视图聚焦于它，不在图中的实体连同其邻居一起加入。单击节点查看详情与来源句子，"
            "双击展开邻居；悬停在关系上可看到关系名称与来源句子。带红色标记的节点有审核发现。"
            "视图的状态（语言、选中、展开、路径）都写在网址中，刷新或分享网址都会保留。"
        ),
        "helpParams": "网址参数",
        "close": "关闭",
        "reset": "整个规划",
        "plan": "规划",
        "allPlans": "全部规划",
        "showPlan": "只看这部规划及其关联规划",
        "series": "目标序列",
        "seriesHint": "同一地区、同一指标在各部规划中的目标，按规划期排列",
    },
    "en": {
        "search": "Search (中文, English or pinyin)",
        "freeze": "Freeze layout",
        "resume": "Resume layout",
        "nodes": "nodes",
        "edges": "relations",
        "page": "Linked-data page",
        "sentences": "Source sentences",
        "finding": "Audit finding",
        "findingInvolved": "Audit findings involving this entity",
        "findingPage": "Open the finding",
        "hint": "Click for details, double-click to expand; zoom in for more names",
        "noResults": "No results",
        "class": "Class",
        "pinyin": "Pinyin",
        "path": "Path",
        "pathFrom": "From",
        "pathTo": "To",
        "pathFind": "Find path",
        "pathNone": "No chain of relations links the two",
        "pathPick": "Choose both ends from the search results",
        "pathSteps": "steps",
        "noSentence": "(no sentence of the plan states this relation)",
        "export": "Export",
        "exportPng": "PNG image",
        "exportSvg": "SVG drawing",
        "exportNodes": "Nodes CSV",
        "exportEdges": "Relations CSV",
        "help": "Help",
        "helpTitle": "How to use the viewer",
        "helpUse": (
            "Search Chinese, English or pinyin names; choosing a result focuses it, and brings it in with "
            "its neighbours if it is not shown yet. Click a node for its details and source sentences, "
            "double-click to expand it; hover over a relation for its name and source sentence. Nodes "
            "with a red badge have audit findings. The view's state (language, selection, expansions, "
            "path) is kept in the URL, so reloading or sharing it keeps it."
        ),
        "helpParams": "URL parameters",
        "close": "Close",
        "reset": "Whole plan",
        "plan": "Plan",
        "allPlans": "All plans",
        "showPlan": "Show only this plan and the plans linked to it",
        "series": "Target series",
        "seriesHint": "The targets for one metric and place in each plan, in the order of the plans' periods",
    },
}

#: The viewer's URL parameters: name -> what it does, in both languages. The server reads the first seven
#: (the view it draws); the page itself reads and writes the rest (the state of the view on screen).
PARAMETERS = {
    "lang": {"zh": "界面语言：zh 或 en", "en": "language of the page: zh or en"},
    "domain": {"zh": "只显示一个领域（其 IRI 或序号）", "en": "one domain only (its IRI or ordinal)"},
    "plan": {
        "zh": "只显示一部规划（IRI）及其关联规划",
        "en": "one plan only (its IRI), with the plans linked to it",
    },
    "types": {
        "zh": "只显示这些类型，逗号分隔（如 Institution,Place）",
        "en": "only these classes, comma-separated (e.g. Institution,Place)",
    },
    "focus": {"zh": "只显示某实体（IRI）的邻域", "en": "only the neighbourhood of one entity (its IRI)"},
    "depth": {"zh": "邻域的深度，1 至 3", "en": "depth of that neighbourhood, 1 to 3"},
    "from": {"zh": "路径的起点（IRI），与 to 同用", "en": "start of a path (an IRI), with to"},
    "to": {"zh": "路径的终点（IRI），与 from 同用", "en": "end of a path (an IRI), with from"},
    "expand": {
        "zh": "已展开邻居的实体（IRI，可重复）",
        "en": "an entity whose neighbours are shown (an IRI; repeatable)",
    },
    "select": {"zh": "选中并显示详情的实体（IRI）", "en": "the entity selected, its details shown (an IRI)"},
}
